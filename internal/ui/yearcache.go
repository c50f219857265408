package ui

import (
	"context"
	"strconv"
	"sync"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// yearCache keeps the bloc-years pages read, ranked, with the count of
// default sections of their documents, under their data version
// (store.DataVersion): a dashboard viewed again while nothing changed
// costs one read, not a load and a ranking. Entries are only read once
// cached; the cache is forgotten whole when full.
type yearCache struct {
	mu sync.Mutex
	m  map[string]*cachedYear
}

type cachedYear struct {
	d        *domain.YearData
	defaults map[string]int
}

const yearCacheMax = 256

// year is the bloc-year at its present version, and its default sections
// counted when the pages have a renderer.
func (p *Pages) year(ctx context.Context, bloc string, year int) (*domain.YearData, map[string]int, error) {
	v, err := p.c.Store.DataVersion(ctx, bloc, year)
	if err != nil {
		return nil, nil, err
	}
	key := bloc + "|" + strconv.Itoa(year) + "|" + v
	p.cache.mu.Lock()
	cy, ok := p.cache.m[key]
	p.cache.mu.Unlock()
	if ok {
		return cy.d, cy.defaults, nil
	}
	d, err := store.LoadYear(ctx, p.c.Store, bloc, year)
	if err != nil {
		return nil, nil, err
	}
	cy = &cachedYear{d: d}
	if p.c.Render != nil {
		if cy.defaults, err = p.c.Render.Templates().DefaultSections(d); err != nil {
			return nil, nil, err
		}
	}
	p.cache.mu.Lock()
	if p.cache.m == nil || len(p.cache.m) >= yearCacheMax {
		p.cache.m = map[string]*cachedYear{}
	}
	p.cache.m[key] = cy
	p.cache.mu.Unlock()
	return cy.d, cy.defaults, nil
}
