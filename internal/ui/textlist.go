package ui

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

type textRow struct {
	Member     domain.Member
	H1, Year   domain.BoardText
	HasYear    bool // a member at the year's end (one that left has its half-year only)
	H1Fields   int
	YearFields int
	H1URL      string
	YearURL    string
}

type textListData struct {
	Bloc, BlocName string
	Year           int
	Rows           []textRow
	SentH1, SentY  int
	CountH1, CntY  int
	Fields         int // how many fields a board writes
	// Defaults counts, per document, the sections still printed with
	// the template's default text.
	Defaults map[string]int
	Narr     string
}

// TextList is the secretariat's view of who has sent what: each member's
// half-year review and year's achievements, where they stand, and how
// many sections of the bloc's documents still print default text.
func (p *Pages) TextList(c *gin.Context) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	d := textListData{Bloc: b.Slug, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year, Narr: pageBase(b.Slug, year) + "/loi-van", Fields: len(domain.TextFields)}
	// One load of the year: its members (those that left at mid-year
	// write their half-year only), their texts, the default count.
	yd, err := store.LoadYear(ctx, p.c.Store, b.Slug, year)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		p.fail(c, err)
		return
	}
	if err == nil {
		if d.Defaults, err = p.c.Render.Templates().DefaultSections(yd); err != nil {
			p.fail(c, err)
			return
		}
		d.add(yd, yd.Members, true)
		d.add(yd, yd.Left, false)
	}
	p.show(c, http.StatusOK, "textlist", view{Title: "Báo cáo của các đơn vị năm " + itoa(year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, year, crumb{"Báo cáo của các đơn vị", ""}), Data: d})
}

// add lists members' texts: both periods for those at the year's end,
// the half-year for those that left during it.
func (d *textListData) add(yd *domain.YearData, ms []domain.Member, wholeYear bool) {
	for _, m := range ms {
		base := pageBase(d.Bloc, d.Year) + "/don-vi/" + m.Unit + "/bao-cao/"
		h1 := yd.BoardText(m.Unit, domain.PeriodH1)
		r := textRow{Member: m, H1: h1, H1Fields: written(h1), H1URL: base + domain.PeriodH1, YearURL: base + domain.PeriodYear}
		d.CountH1++
		if h1.State == domain.TextSent {
			d.SentH1++
		}
		if wholeYear {
			r.HasYear, r.Year = true, yd.BoardText(m.Unit, domain.PeriodYear)
			r.YearFields = written(r.Year)
			d.CntY++
			if r.Year.State == domain.TextSent {
				d.SentY++
			}
		}
		d.Rows = append(d.Rows, r)
	}
}

func written(t domain.BoardText) int {
	n := 0
	for _, f := range domain.TextFields {
		if t.Field(f.Key) != "" {
			n++
		}
	}
	return n
}
