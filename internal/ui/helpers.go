package ui

import (
	"errors"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	if !localPath(next) {
		return "/"
	}
	return next
}

// localPath tells whether next is a path on this site as a browser will
// read it: browsers drop tabs and line breaks and trim spaces and control
// characters before they parse a Location ("/\t/evil.example" becomes
// "//evil.example", another site), and read a backslash as a slash, so
// any of those refuses the address outright, as do a scheme, a host and
// "//".
func localPath(next string) bool {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return false
	}
	if !utf8.ValidString(next) || strings.ContainsFunc(next, func(r rune) bool {
		return unicode.IsControl(r) || unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	}) {
		return false
	}
	u, err := url.Parse(next)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == "" && strings.HasPrefix(u.Path, "/") && !strings.HasPrefix(u.Path, "//")
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

// RequireForm refuses a page POST whose body is not a well-formed form
// (JSON, a broken encoding, a form type without its boundary): read as a
// form it would look like every field emptied. A multipart body (the
// upload form) is streamed by its handler, which refuses it if broken.
func (p *Pages) RequireForm(c *gin.Context) {
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	ok := err == nil
	switch {
	case ok && mt == "application/x-www-form-urlencoded":
		ok = c.Request.ParseForm() == nil
	case ok && mt == "multipart/form-data":
		ok = params["boundary"] != ""
	default:
		ok = false
	}
	if !ok {
		p.Error(c, http.StatusBadRequest, "Nội dung gửi lên không phải là một biểu mẫu hợp lệ, nên không có gì được lưu. Vui lòng mở lại trang, điền và bấm nút lưu.")
	}
}

// closedNote is what a page of a bloc-year's data says when the year is
// closed ("" when open, or unknown: the write would say so anyway).
func (p *Pages) closedNote(c *gin.Context, bloc string, year int) string {
	st, err := p.c.Store.YearState(c.Request.Context(), bloc, year)
	if err != nil {
		return ""
	}
	return closedMessage(st)
}
