package ui

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/jobs"
)

type overviewData struct {
	Year  int
	Blocs []jobs.BlocDossier
	Ready int   // blocs with a dossier
	Years []int // every year some bloc has, newest first
}

// DossierOverview is the ministry's page: every bloc's year-end dossier of
// a year — its newest version and ZIP, what it warns of, its last run and
// next scheduled time.
func (p *Pages) DossierOverview(c *gin.Context) {
	if p.c.Dossiers == nil {
		p.Error(c, http.StatusServiceUnavailable, "Chức năng lập hồ sơ cuối năm chưa được bật.")
		return
	}
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	all, err := p.c.Dossiers.Overview(c.Request.Context(), year)
	if err != nil {
		p.fail(c, err)
		return
	}
	d := overviewData{Year: year, Blocs: all}
	seen := map[int]bool{}
	for _, b := range all {
		ys, err := p.c.Store.ListYears(c.Request.Context(), b.Bloc)
		if err != nil {
			p.fail(c, err)
			return
		}
		for _, y := range ys {
			if !seen[y] {
				seen[y] = true
				d.Years = append(d.Years, y)
			}
		}
	}
	slices.SortFunc(d.Years, func(a, b int) int { return b - a })
	for _, b := range all {
		if b.Latest != nil {
			d.Ready++
		}
	}
	p.show(c, http.StatusOK, "overview", view{Title: "Hồ sơ cuối năm " + itoa(year) + " của các Khối",
		Crumbs: []crumb{{"Việc của bạn", "/"}, {"Hồ sơ cuối năm " + itoa(year), ""}}, Data: d})
}
