package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

type auditData struct {
	Bloc, BlocName string
	Year           int
	Entries        []store.AuditEntry
	CSV            string
}

// Audit shows who did what in a bloc-year, newest first.
func (p *Pages) Audit(c *gin.Context) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	bloc := b.Slug
	es, err := p.c.Store.ListAudit(ctx, store.AuditFilter{Bloc: bloc, Year: year, Limit: 500})
	if err != nil {
		p.fail(c, err)
		return
	}
	d := auditData{Bloc: bloc, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year, Entries: es, CSV: apiBase(bloc, year) + "/audit.csv"}
	p.show(c, http.StatusOK, "audit", view{Title: "Nhật ký hoạt động năm " + itoa(year),
		Crumbs: yearCrumbs(bloc, d.BlocName, year, crumb{"Nhật ký", ""}), Data: d})
}
