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
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
)

// Deps is what the server is built from.
type Deps struct {
	Store store.Store
	// Blobs keeps the exact bytes of uploads; Scoring is the self-scoring
	// use cases over the same store and blobs.
	Blobs   blob.Store
	Scoring *app.Scoring
	Render  *render.Service // documents and workbooks; nil serves the data API only
	Logger  *slog.Logger
	// MaxUpload caps a workbook upload in bytes (default 5 MB).
	MaxUpload int64
}

// Server holds the dependencies the handlers share.
type Server struct {
	store     store.Store
	blobs     blob.Store
	scoring   *app.Scoring
	render    *render.Service
	log       *slog.Logger
	maxUpload int64
}

// NewServer builds the HTTP handler of the whole service.
func NewServer(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	s := &Server{store: d.Store, blobs: d.Blobs, scoring: d.Scoring, render: d.Render, log: d.Logger, maxUpload: d.MaxUpload}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxUpload <= 0 {
		s.maxUpload = 5 << 20
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = false // handlers pass c.Request.Context(): a gin.Context is reused after the handler returns
	r.Use(s.logRequests(), s.recover())
	s.routes(r)
	return r
}
