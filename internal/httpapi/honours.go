package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
)

// The awards members themselves received (honours): the year-end report
// lists them, a board's half-year report its own.

func (s *Server) listHonours(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	hs, err := s.years.Honours(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"honours": hs})
}

// addHonour records an award of the unit in the path (the board itself or
// its secretariat).
func (s *Server) addHonour(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var h domain.Honour
	if !bindJSON(c, &h) {
		return
	}
	h.Bloc, h.Year, h.Unit, h.ID = c.Param("bloc"), year, c.Param("unit"), 0
	h, err := s.years.AddHonour(c.Request.Context(), h)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, h)
}

func (s *Server) deleteHonour(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.NotFound("khen thưởng", c.Param("id")))
		return
	}
	if err := s.years.DeleteHonour(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
