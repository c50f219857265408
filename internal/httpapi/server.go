// Package httpapi is the JSON API under /api/v1 and the document downloads,
// served with Gin. Every route is declared in routes.go; handlers are split
// per resource; SQL stays in the store.
package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/jobs"
	"github.com/thidua/thidua/internal/metrics"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/ui"
)

// Deps is what the server is built from.
type Deps struct {
	Store store.Store
	// Blobs keeps the exact bytes of uploads; Scoring is the self-scoring
	// use cases over the same store and blobs.
	Blobs    blob.Store
	Scoring  *app.Scoring
	Accounts *app.Accounts
	// Reminders of deadlines; nil: their routes answer 503.
	Reminders *app.Reminders
	// ReadAudit batches the audit entries of downloads; nil: each is
	// written with its request.
	ReadAudit *app.AuditQueue
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For and X-Forwarded-Proto are believed (none by
	// default: the client address is the connection's).
	TrustedProxies []string
	Render         *render.Service  // documents and workbooks; nil serves the data API only
	Dossiers       *jobs.Runner     // the year-end dossier; nil: its routes answer 503
	Metrics        *metrics.Metrics // nil: /metrics answers 503 and nothing is observed
	Logger         *slog.Logger
	// MaxUpload caps a workbook upload in bytes (default 5 MB).
	MaxUpload int64
}

// Server holds the dependencies the handlers share.
type Server struct {
	store        store.Store
	blobs        blob.Store
	scoring      *app.Scoring
	accounts     *app.Accounts
	reminders    *app.Reminders
	readAudit    *app.AuditQueue
	reads        map[string]bool // the audit actions of downloads (batched)
	dispositions dispositions    // Content-Disposition by file name
	years        *app.Years
	pages        *ui.Pages
	trustProxy   bool
	access       map[string]domain.Access // "METHOD /path" -> who may call it
	actions      map[string]bool          // the audit actions the routes record
	render       *render.Service
	dossiers     *jobs.Runner
	metrics      *metrics.Metrics
	log          *slog.Logger
	maxUpload    int64
}

// NewServer builds the HTTP handler of the whole service.
func NewServer(d Deps) http.Handler {
	s, r := newServer(d)
	// Cross-site request forgery: a browser's state-changing request from
	// another origin is refused (Sec-Fetch-Site / Origin); scripts that
	// send neither header pass, as they carry no ambient cookie.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(`{"error":{"code":"cross_origin","message":"Yêu cầu từ trang web khác bị từ chối","details":[]}}`))
		s.log.Warn("cross-origin request refused", "method", req.Method, "path", req.URL.Path)
	}))
	return cop.Handler(r)
}

// newServer builds the server and its router (tests read both).
func newServer(d Deps) (*Server, *gin.Engine) {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{store: d.Store, blobs: d.Blobs, scoring: d.Scoring, accounts: d.Accounts, reminders: d.Reminders, readAudit: d.ReadAudit, reads: map[string]bool{}, years: app.NewYears(d.Store), render: d.Render, dossiers: d.Dossiers, metrics: d.Metrics, log: d.Logger, maxUpload: d.MaxUpload,
		trustProxy: len(d.TrustedProxies) > 0, access: map[string]domain.Access{}, actions: map[string]bool{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if d.Reminders != nil {
		s.years.WithNotifier(d.Reminders)
	}
	if s.maxUpload <= 0 {
		s.maxUpload = 5 << 20
	}
	var err error
	if s.pages, err = ui.New(ui.Config{Store: d.Store, Blobs: d.Blobs, Scoring: d.Scoring, Accounts: d.Accounts, Reminders: d.Reminders, Render: d.Render, Dossiers: d.Dossiers, Faults: d.Metrics,
		Logger: s.log, MaxUpload: s.maxUpload, TrustProxy: s.trustProxy}); err != nil {
		panic(err) // the page templates are embedded: a broken one is a bug of the build
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = false // handlers pass c.Request.Context(): a gin.Context is reused after the handler returns
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		s.log.Error("trusted proxies", "err", err)
	}
	r.Use(s.logRequests(), s.recover(), securityHeaders(), s.authenticate())
	s.routes(r)
	return s, r
}

// securityHeaders are sent with every answer: no inline script or outside
// resource, no sniffing, no framing, no referrer beyond this site.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		c.Next()
	}
}
