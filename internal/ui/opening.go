package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
)

// The secretariat opens the bloc's next year: what will be carried over is
// shown first, the criteria source and the deadlines are chosen, and one
// click opens it (app.Years.OpenNext, one transaction).

type openData struct {
	Bloc, BlocName string
	Plan           app.OpenPlan
	Names          map[string]string
	Source         string
	Deadlines      domain.Deadlines
	Errors         map[string]string
	Base           string
}

// OpenNext shows what opening the next year will do.
func (p *Pages) OpenNext(c *gin.Context) {
	d, ok := p.openData(c)
	if !ok {
		return
	}
	p.showOpen(c, http.StatusOK, d)
}

func (p *Pages) openData(c *gin.Context) (openData, bool) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return openData{}, false
	}
	plan, err := p.years.PlanNext(c.Request.Context(), b.Slug, year)
	if err != nil {
		p.fail(c, err)
		return openData{}, false
	}
	d := openData{Bloc: b.Slug, BlocName: b.Names.At(domain.YearEnd(year)).Full, Plan: plan, Names: map[string]string{}, Deadlines: plan.Deadlines,
		Base: pageBase(b.Slug, year), Source: app.CriteriaDefault}
	if plan.HasCopy {
		d.Source = app.CriteriaCopy
	}
	for _, m := range append(append([]domain.Member{}, plan.Members...), plan.Leaving...) {
		d.Names[m.Unit] = m.Name.Full
	}
	return d, true
}

func (p *Pages) showOpen(c *gin.Context, status int, d openData) {
	p.show(c, status, "opening", view{Title: "Mở năm " + itoa(d.Plan.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Plan.From, crumb{"Mở năm " + itoa(d.Plan.Year), ""}), Data: d})
}

// OpenNextPost opens the next year.
func (p *Pages) OpenNextPost(c *gin.Context) {
	d, ok := p.openData(c)
	if !ok {
		return
	}
	d.Source = c.PostForm("tieu-chi")
	d.Deadlines = domain.Deadlines{MidYear: c.PostForm("deadline_mid"), YearEnd: c.PostForm("deadline_end")}
	_, err := p.years.OpenNext(c.Request.Context(), d.Bloc, d.Plan.From, d.Source, &d.Deadlines, p.c.Render.DefaultCriteria)
	if fe, ok := fieldErrors(err); ok {
		d.Errors = fe
		p.showOpen(c, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	to := pageBase(d.Bloc, d.Plan.Year)
	if !p.may(c, domain.AccessReadYear, domain.Scope{Bloc: d.Bloc, Year: d.Plan.Year}) {
		to = pageBase(d.Bloc, d.Plan.From) + "?da=mo-nam-sau"
	}
	c.Redirect(http.StatusSeeOther, to)
}

// DefaultCriteriaPost gives a year without criteria the default set.
func (p *Pages) DefaultCriteriaPost(c *gin.Context) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return
	}
	if _, err := p.years.UseDefaultCriteria(c.Request.Context(), b.Slug, year, p.c.Render.DefaultCriteria); err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(b.Slug, year)+"?da=tieu-chi")
}
