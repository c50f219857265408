package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// logRequests writes one structured line per request: method, route pattern
// (not the raw path, which may carry names), status and duration, and
// counts the request in the metrics by the same labels. No personal data
// is logged.
func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		took := time.Since(start)
		s.metrics.ObserveHTTP(c.FullPath(), c.Request.Method, c.Writer.Status(), took)
		route := c.FullPath()
		if route == "" {
			route = "(no route)"
		}
		s.log.LogAttrs(c.Request.Context(), slog.LevelInfo, "request",
			slog.String("method", c.Request.Method),
			slog.String("route", route),
			slog.Int("status", c.Writer.Status()),
			slog.Duration("duration", took),
			slog.Int("bytes", c.Writer.Size()))
	}
}

// recover turns a panic into a 500 in the error shape and logs it.
func (s *Server) recover() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.fail(c, fmt.Errorf("panic: %v", p))
			}
		}()
		c.Next()
	}
}

// requireBloc answers 404 when the route's bloc does not exist.
func (s *Server) requireBloc(c *gin.Context) {
	if err := s.store.RequireBloc(c.Request.Context(), c.Param("bloc")); err != nil {
		s.fail(c, err)
		return
	}
	c.Next()
}

func (s *Server) healthz(c *gin.Context) {
	if _, err := s.store.Empty(c.Request.Context()); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}
