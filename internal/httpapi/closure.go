package httpapi

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// getYearState answers a bloc-year's data version and whether it is
// closed.
func (s *Server) getYearState(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	st, err := s.years.State(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// closeYear closes the year after its conference: 409 before the
// conference or when already closed.
func (s *Server) closeYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ctx, bloc := c.Request.Context(), c.Param("bloc")
	if err := s.years.Close(ctx, bloc, year, actor(c).Username, time.Now()); err != nil {
		s.fail(c, err)
		return
	}
	s.getYearState(c)
}

// reopenYear reopens a closed year: {"reason": "…"} is required.
func (s *Server) reopenYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var body struct {
		Reason string `json:"reason" maxlen:"2000"`
	}
	if !bindJSON(c, &body) {
		return
	}
	ctx, bloc := c.Request.Context(), c.Param("bloc")
	if err := s.years.Reopen(ctx, bloc, year, actor(c).Username, body.Reason, time.Now()); err != nil {
		s.fail(c, err)
		return
	}
	s.getYearState(c)
}
