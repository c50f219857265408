package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
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
	h1, err := p.years.BoardTexts(ctx, b.Slug, year, domain.PeriodH1)
	if err != nil {
		p.fail(c, err)
		return
	}
	yr, err := p.years.BoardTexts(ctx, b.Slug, year, domain.PeriodYear)
	if err != nil {
		p.fail(c, err)
		return
	}
	byUnit := map[string]app.TextStatus{}
	for _, st := range yr {
		byUnit[st.Member.Unit] = st
	}
	for _, st := range h1 {
		base := pageBase(b.Slug, year) + "/don-vi/" + st.Member.Unit + "/bao-cao/"
		r := textRow{Member: st.Member, H1: st.Text, H1Fields: written(st.Text), H1URL: base + domain.PeriodH1, YearURL: base + domain.PeriodYear}
		if y, ok := byUnit[st.Member.Unit]; ok {
			r.HasYear, r.Year, r.YearFields = true, y.Text, written(y.Text)
			d.CntY++
			if y.Text.State == domain.TextSent {
				d.SentY++
			}
		}
		d.CountH1++
		if st.Text.State == domain.TextSent {
			d.SentH1++
		}
		d.Rows = append(d.Rows, r)
	}
	if yd, err := store.LoadYear(ctx, p.c.Store, b.Slug, year); err == nil {
		if d.Defaults, err = p.c.Render.Templates().DefaultSections(yd); err != nil {
			p.fail(c, err)
			return
		}
	}
	p.show(c, http.StatusOK, "textlist", view{Title: "Báo cáo của các đơn vị năm " + itoa(year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, year, crumb{"Báo cáo của các đơn vị", ""}), Data: d})
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
