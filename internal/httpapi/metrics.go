package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// serveMetrics answers Prometheus.
func (s *Server) serveMetrics(c *gin.Context) {
	if s.metrics == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "metrics_unavailable", Message: "Chức năng đo lường chưa được bật"})
		return
	}
	s.metrics.Handler().ServeHTTP(c.Writer, c.Request)
}
