package ui

import (
	"errors"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func urlQuery(s string) string { return url.QueryEscape(s) }

// yearParam reads :year; a bad one is a 404 page.
func (p *Pages) yearParam(c *gin.Context) (int, bool) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < 2000 || y > 2100 {
		p.Error(c, 404, "Năm không hợp lệ: "+c.Param("year"))
		return 0, false
	}
	return y, true
}

// blocYear reads the bloc and year of a bloc-year page's path, answering
// the error page itself when either is not found.
func (p *Pages) blocYear(c *gin.Context) (domain.Bloc, int, bool) {
	year, ok := p.yearParam(c)
	if !ok {
		return domain.Bloc{}, 0, false
	}
	b, err := p.c.Store.GetBloc(c.Request.Context(), c.Param("bloc"))
	if err != nil {
		p.fail(c, err)
		return domain.Bloc{}, 0, false
	}
	return b, year, true
}

// may tells whether the actor may do access there (the same decision as
// the authorisation point), to show or hide links and sections.
func (p *Pages) may(c *gin.Context, access domain.Access, sc domain.Scope) bool {
	ok, err := web.Actor(c).Allowed(access, sc, func(unit string, year int) (string, error) {
		return p.c.Store.MemberOf(c.Request.Context(), unit, year)
	})
	return err == nil && ok
}

// safeNext keeps a redirect on this site: a path, never another host.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

// fieldErrors indexes validation errors by field, for the forms.
func fieldErrors(err error) (map[string]string, bool) {
	var ve domain.ValidationError
	if !errors.As(err, &ve) {
		return nil, false
	}
	out := map[string]string{}
	for _, e := range ve {
		if out[e.Field] == "" {
			out[e.Field] = e.Message
		}
	}
	return out, true
}

// apiBase is where a bloc-year's JSON and downloads are.
func apiBase(bloc string, year int) string {
	return "/api/v1/blocs/" + bloc + "/years/" + strconv.Itoa(year)
}

// pageBase is where a bloc-year's pages are.
func pageBase(bloc string, year int) string {
	return "/khoi/" + bloc + "/" + strconv.Itoa(year)
}

func itoa(n int) string { return strconv.Itoa(n) }

// sizeText says a size in bytes for people: "5 MB", "512 KB".
func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return vn.GroupInt(n>>20) + " MB"
	}
	return vn.GroupInt((n+1023)/1024) + " KB"
}
