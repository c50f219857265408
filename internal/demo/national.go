package demo

import (
	"context"
	"fmt"
	"io/fs"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// LoadCopies adds, to a store the demo blocs were loaded into, extra
// copies of the two smaller ones (Trung du, Bắc Trung Bộ, alternately),
// each with its own bloc and member slugs ("-2", "-3", …) and names marked
// as copies: a country-sized store made from the demo, for measuring, never
// for people. With extra = 7 it holds 10 blocs and 70 boards.
func LoadCopies(ctx context.Context, s store.Store, templates fs.FS, extra int) error {
	cs, err := criteria.Load(templates, criteria.DefaultFile)
	if err != nil {
		return err
	}
	bases := []func() blocSpec{trungDu, bacTrung}
	for i := 0; i < extra; i++ {
		b := copyOf(bases[i%2](), i/2+2)
		if err := loadBloc(ctx, s, b, cs); err != nil {
			return fmt.Errorf("nạp bản sao khối %s: %w", b.bloc.Slug, err)
		}
	}
	return nil
}

// copyOf renames a bloc and its members for copy k; every slug the spec
// names is renamed the same way.
func copyOf(b blocSpec, k int) blocSpec {
	suffix := fmt.Sprintf("-%d", k)
	slug := func(s string) string {
		if s == "" {
			return s
		}
		return s + suffix
	}
	slugs := func(list []string) []string {
		if list == nil {
			return nil
		}
		out := make([]string, len(list))
		for i, s := range list {
			out[i] = slug(s)
		}
		return out
	}
	mark := fmt.Sprintf(" (bản sao %d)", k)
	b.bloc.Slug = slug(b.bloc.Slug)
	names := make(domain.NameHistory, len(b.bloc.Names))
	for i, n := range b.bloc.Names {
		n.Full, n.Short = n.Full+mark, n.Short+mark
		names[i] = n
	}
	b.bloc.Names = names
	units := make([]unitSpec, len(b.units))
	for i, u := range b.units {
		u.slug, u.mergedInto = slug(u.slug), slug(u.mergedInto)
		u.full, u.short = u.full+mark, u.short+mark
		units[i] = u
	}
	b.units = units
	years := make([]yearSpec, len(b.years))
	for i, y := range b.years {
		y.leader, y.deputy, y.host, y.nextLeader, y.nextDeputy = slug(y.leader), slug(y.deputy), slug(y.host), slug(y.nextLeader), slug(y.nextDeputy)
		y.flags, y.merits, y.members, y.notSubmitted = slugs(y.flags), slugs(y.merits), slugs(y.members), slugs(y.notSubmitted)
		years[i] = y
	}
	b.years = years
	return b
}
