package ui

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// auditRow is one entry as people read it: names, not codes.
type auditRow struct {
	store.AuditEntry
	Who, What, Unit, Outcome string
	Refused                  bool
}

type auditData struct {
	Bloc, BlocName string
	Year           int
	Rows           []auditRow
	CSV            string
	// The filter as typed, and its choices.
	Actor, Action, Unit, From, To string
	Actors, Actions, Units        []option
	Filtered                      bool
}

// auditLimit is how many entries the page shows.
const auditLimit = 500

// Audit shows who did what in a bloc-year, newest first, filtered by
// person, action, unit and days.
func (p *Pages) Audit(c *gin.Context) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	d := auditData{Bloc: b.Slug, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year,
		Actor: c.Query("actor"), Action: c.Query("action"), Unit: c.Query("unit"), From: c.Query("from"), To: c.Query("to")}
	d.Filtered = d.Actor != "" || d.Action != "" || d.Unit != "" || d.From != "" || d.To != ""
	f := store.AuditFilter{Bloc: b.Slug, Year: year, Limit: auditLimit, Actor: d.Actor, Action: d.Action, Unit: d.Unit}
	f.From, f.To = vn.DayRange(d.From, d.To)
	es, err := p.c.Store.ListAudit(ctx, f)
	if err != nil {
		p.fail(c, err)
		return
	}
	orgs, err := p.orgNames(ctx)
	if err != nil {
		p.fail(c, err)
		return
	}
	people := map[string]string{}
	us, err := p.c.Accounts.Users(ctx)
	if err != nil {
		p.fail(c, err)
		return
	}
	for _, u := range us {
		people[u.Username] = u.Name
		d.Actors = append(d.Actors, option{u.Username, personLabel(u.Name, u.Username)})
	}
	for _, e := range es {
		r := auditRow{AuditEntry: e, Who: personLabel(people[e.Actor], e.Actor), What: actionLabel(e.Action), Outcome: OutcomeLabel(e.Outcome),
			Refused: strings.HasPrefix(e.Outcome, "refused") || e.Outcome == "failed" || e.Outcome == "throttled" || e.Outcome == "rejected"}
		if e.Unit != "" {
			r.Unit = orgs.units[e.Unit]
		}
		d.Rows = append(d.Rows, r)
	}
	for a, l := range ActionLabels {
		d.Actions = append(d.Actions, option{a, l})
	}
	cmp := vn.Order()
	slices.SortFunc(d.Actions, func(a, b option) int { return cmp(a.Label, b.Label) })
	slices.SortFunc(d.Actors, func(a, b option) int { return cmp(a.Label, b.Label) })
	ms, err := p.c.Store.Members(ctx, b.Slug, year)
	if err != nil {
		p.fail(c, err)
		return
	}
	for _, m := range ms {
		d.Units = append(d.Units, option{m.Unit, m.Name.Full})
	}
	q := c.Request.URL.Query()
	d.CSV = apiBase(b.Slug, year) + "/audit.csv"
	if len(q) > 0 {
		d.CSV += "?" + url.Values(q).Encode()
	}
	p.show(c, http.StatusOK, "audit", view{Title: "Nhật ký hoạt động năm " + itoa(year),
		Crumbs: yearCrumbs(b.Slug, d.BlocName, year, crumb{"Nhật ký", ""}), Data: d})
}

// personLabel is a person's name with their user name, or what is known.
func personLabel(name, username string) string {
	switch {
	case username == "":
		return "(chưa đăng nhập)"
	case name == "":
		return username
	}
	return name + " (" + username + ")"
}
