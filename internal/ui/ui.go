// Package ui is the Vietnamese pages people work in: server-rendered with
// html/template from the embedded templates/ folder, a small stylesheet of
// our own, no script, every form working without JavaScript. One file per
// page; the rules they apply are the application layer's (internal/app),
// the same the JSON API calls; routes and who may open them are declared
// with the API's in httpapi/routes.go.
package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/jobs"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Static is the stylesheet and whatever else the pages load: all served by
// the binary, nothing from outside.
func Static() http.FileSystem {
	sub, _ := fs.Sub(staticFS, "static")
	return http.FS(sub)
}

// Config is what the pages are built from.
type Config struct {
	Store      store.Store
	Blobs      blob.Store
	Scoring    *app.Scoring
	Accounts   *app.Accounts
	Reminders  *app.Reminders // nil: no reminders offered
	Render     *render.Service
	Dossiers   *jobs.Runner // nil: the dossier page says it is not enabled
	Logger     *slog.Logger
	MaxUpload  int64
	TrustProxy bool
	// Faults counts storage faults (metrics.Metrics); nil counts nothing.
	Faults interface{ StorageFault(kind string) }
}

// Pages serves the pages.
type Pages struct {
	c     Config
	years *app.Years
	pages map[string]*template.Template
	cache yearCache // bloc-years by data version
	bufs  sync.Pool // *bytes.Buffer: pages are made in memory, then sent
}

// New parses the page templates; a broken template stops the start.
func New(c Config) (*Pages, error) {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Pages{c: c, years: app.NewYears(c.Store), pages: map[string]*template.Template{}}
	p.bufs.New = func() any { return new(bytes.Buffer) }
	if c.Reminders != nil {
		p.years.WithNotifier(c.Reminders) // a returned text is told by e-mail
	}
	funcs := template.FuncMap{
		"num":      func(d domain.Decimal) string { return domain.FormatDecimal(d) },
		"int":      func(n int) string { return vn.GroupInt(int64(n)) },
		"datetime": formatTime,
		"date":     shortDate,
		"kb":       func(n int64) string { return vn.GroupInt((n + 1023) / 1024) },
		"status":   statusLabel,
		"run":      runLabel,
		"dict":     dict,
		"trigger":  triggerLabel,
		"secs": func(d time.Duration) string {
			return vn.GroupDecimal(strconv.FormatFloat(d.Seconds(), 'f', 1, 64)) + " giây"
		},
		"award": domain.AwardLabel,
		// stamp reads an RFC 3339 time the store keeps as text.
		"stamp":  func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t },
		"action": actionLabel,
		"days":   daysLabel,
	}
	names, err := fs.Glob(templateFS, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.tmpl" || strings.HasPrefix(base, "_") {
			continue // the layout and partials (_*.tmpl) go with every page
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.tmpl", "templates/_*.tmpl", n)
		if err != nil {
			return nil, fmt.Errorf("mẫu trang %s: %w", base, err)
		}
		p.pages[strings.TrimSuffix(base, ".tmpl")] = t
	}
	return p, nil
}

// crumb is one step of the "you are here" line.
type crumb struct{ Label, URL string }

// yearCrumbs is the "you are here" line of a page under a bloc-year: home,
// the bloc-year's dashboard, then the page's own steps (the last one
// without a link).
func yearCrumbs(bloc, blocName string, year int, here ...crumb) []crumb {
	return append([]crumb{{"Việc của bạn", "/"}, {blocName + ", năm " + itoa(year), pageBase(bloc, year)}}, here...)
}

// view is what every page template receives.
type view struct {
	Title  string
	Actor  *domain.Actor
	Crumbs []crumb
	Flash  string
	// Closed, on a page of a closed year's data, says so: the layout shows
	// it and the page's form is disabled.
	Closed string
	Data   any
}

// show renders a page.
func (p *Pages) show(c *gin.Context, status int, name string, v view) {
	v.Actor = web.Actor(c)
	t, ok := p.pages[name]
	if !ok {
		p.c.Logger.Error("no page template", "name", name)
		c.String(http.StatusInternalServerError, "Lỗi hệ thống")
		return
	}
	// The page is made whole before a byte is sent: a template that fails
	// half-way answers an error, not half a page under 200, and the page
	// goes out in one write with its length.
	buf := p.bufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledPage {
			buf.Reset()
			p.bufs.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		p.c.Logger.Error("page not rendered", "name", name, "err", err)
		c.String(http.StatusInternalServerError, "Lỗi hệ thống")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// maxPooledPage bounds the buffers kept for the next page: a long audit
// page's buffer is left to the collector rather than held.
const maxPooledPage = 256 << 10

// fail shows the error page for err: what people may know, in Vietnamese;
// the detail goes to the log.
func (p *Pages) fail(c *gin.Context, err error) {
	status, msg := http.StatusInternalServerError, "Lỗi hệ thống, vui lòng thử lại sau."
	var nf domain.NotFoundError
	var ce domain.ConflictError
	var ve domain.ValidationError
	f, isFault := fault.Of(err)
	var te app.ThrottledError
	var be app.BusyError
	switch {
	case errorsAs(err, &te):
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		status, msg = http.StatusTooManyRequests, te.Error()+"."
	case errorsAs(err, &be):
		c.Header("Retry-After", strconv.Itoa(int(be.RetryAfter.Seconds())))
		status, msg = http.StatusServiceUnavailable, be.Error()+"."
	case isFault:
		p.c.Logger.ErrorContext(c.Request.Context(), "storage fault", "route", c.FullPath(), "kind", f.Label(), "file", f.File, "err", f.Err)
		if p.c.Faults != nil {
			p.c.Faults.StorageFault(f.Label())
		}
		if after := f.RetryAfter(); after > 0 {
			c.Header("Retry-After", strconv.Itoa(after))
		}
		status, msg = f.Status(), f.Message()
	case errorsAs(err, &nf):
		status, msg = http.StatusNotFound, vn.UpperFirst(nf.Error())+"."
	case errorsAs(err, &ce):
		status, msg = http.StatusConflict, ce.Message
	case errorsAs(err, &ve):
		status, msg = http.StatusUnprocessableEntity, ve[0].Message
	default:
		p.c.Logger.ErrorContext(c.Request.Context(), "page failed", "route", c.FullPath(), "err", err)
	}
	p.Error(c, status, msg)
}

// Error shows a page that says why the request cannot be done.
func (p *Pages) Error(c *gin.Context, status int, message string) {
	title := map[int]string{401: "Cần đăng nhập", 403: "Không có quyền", 404: "Không tìm thấy", 409: "Chưa làm được", 422: "Dữ liệu chưa hợp lệ", 503: "Chưa làm được lúc này"}[status]
	if title == "" {
		title = "Có lỗi"
	}
	p.show(c, status, "error", view{Title: title, Data: message})
	c.Abort()
}

// Unauthenticated sends a visitor to the log-in page, then back.
func (p *Pages) Unauthenticated(c *gin.Context) {
	to := "/dang-nhap?tiep=" + urlQuery(c.Request.URL.RequestURI())
	if v, err := c.Cookie(web.SessionCookie); err == nil && v != "" {
		// A cookie that no longer opens a session: it expired, or ended.
		web.SetSession(c, "", -1, p.c.TrustProxy)
		to += "&het-han=1"
	}
	c.Redirect(http.StatusSeeOther, to)
	c.Abort()
}

var vnZone = time.FixedZone("ICT", 7*3600)

// daysLabel says how far a deadline is: "còn 5 ngày", "hôm nay là hạn
// cuối", "đã quá hạn 2 ngày".
func daysLabel(n int) string {
	switch {
	case n > 1:
		return "còn " + itoa(n) + " ngày"
	case n == 1:
		return "hạn là ngày mai"
	case n == 0:
		return "hôm nay là hạn cuối"
	}
	return "đã quá hạn " + itoa(-n) + " ngày"
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vnZone).Format("15:04 02/01/2006")
}

// dict makes a map of key, value pairs, to pass several values to a
// template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: %d arguments", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// runLabel says a dossier run's status in words.
func runLabel(s string) string {
	switch s {
	case store.RunQueued:
		return "Đang chờ"
	case store.RunRunning:
		return "Đang lập"
	case store.RunSucceeded:
		return "Xong"
	case store.RunFailed:
		return "Không thành"
	}
	return s
}

// triggerLabel says what started a run.
func triggerLabel(s string) string {
	switch s {
	case store.TriggerSchedule:
		return "Theo lịch"
	case store.TriggerCatchUp:
		return "Bù lịch đã lỡ"
	case store.TriggerManual:
		return "Người dùng yêu cầu"
	case store.TriggerRetry:
		return "Thử lại"
	}
	return s
}

func statusLabel(s string) string {
	switch s {
	case store.UploadAccepted:
		return "Đã ghi nhận"
	case store.UploadRejected:
		return "Bị từ chối"
	case store.UploadSuperseded:
		return "Hợp lệ, có bản mới hơn"
	case store.UploadInterrupted:
		return "Bị gián đoạn"
	case store.UploadReceived:
		return "Đang đọc"
	}
	return s
}

// actionLabel says an audit action in words.
func actionLabel(a string) string { return ActionLabel(a) }

// ActionLabel says an audited action in Vietnamese (the code when it has
// no label: a test sees that none is missing).
func ActionLabel(a string) string {
	if l, ok := ActionLabels[a]; ok {
		return l
	}
	return a
}
