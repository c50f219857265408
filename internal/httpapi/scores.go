package httpapi

import (
	"bytes"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

func (s *Server) getCriteria(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	cs, err := s.store.CurrentCriteria(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"criteria": cs, "fingerprint": cs.Fingerprint()})
}

func (s *Server) listCriteria(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	all, err := s.store.ListCriteria(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if all == nil {
		all = []domain.CriteriaSet{}
	}
	c.JSON(http.StatusOK, gin.H{"versions": all})
}

// addCriteria stores a new version of the year's criteria, sent as JSON or
// as the YAML of templates/criteria.
func (s *Server) addCriteria(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	if err != nil {
		abort(c, http.StatusRequestEntityTooLarge, apiError{Code: codeTooLarge, Message: "Bảng tiêu chí quá lớn (tối đa 1 MB)"})
		return
	}
	var cs domain.CriteriaSet
	if ct := c.ContentType(); strings.Contains(ct, "spreadsheetml") || strings.Contains(ct, "yaml") {
		cs, err = app.ParseCriteria(body, strings.Contains(ct, "spreadsheetml"))
	} else {
		c.Request.Body = io.NopCloser(bytes.NewReader(body))
		if !bindJSON(c, &cs) {
			return
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.years.AddCriteria(c.Request.Context(), c.Param("bloc"), year, cs)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"criteria": saved, "fingerprint": saved.Fingerprint()})
}

// currentSheets reads the year's current criteria and every sheet against
// them; it answers the request itself on failure.
func (s *Server) currentSheets(c *gin.Context) (domain.CriteriaSet, []domain.UnitScores, bool) {
	year, ok := yearParam(c)
	if !ok {
		return domain.CriteriaSet{}, nil, false
	}
	cs, err := s.store.CurrentCriteria(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return cs, nil, false
	}
	sheets, err := s.store.ListScores(c.Request.Context(), cs.ID)
	if err != nil {
		s.fail(c, err)
		return cs, nil, false
	}
	return cs, sheets, true
}

func (s *Server) listScores(c *gin.Context) {
	cs, sheets, ok := s.currentSheets(c)
	if !ok {
		return
	}
	if sheets == nil {
		sheets = []domain.UnitScores{}
	}
	c.JSON(http.StatusOK, gin.H{"set_id": cs.ID, "sheets": sheets})
}

func (s *Server) getUnitScores(c *gin.Context) {
	cs, sheets, ok := s.currentSheets(c)
	if !ok {
		return
	}
	for _, sh := range sheets {
		if sh.Unit == c.Param("unit") {
			c.JSON(http.StatusOK, gin.H{"sheet": sh, "result": domain.Compute(cs, sh)})
			return
		}
	}
	s.fail(c, store.ErrNotFound)
}

// putUnitScores changes what the body names of a unit's marks: a mark
// not given is kept, null clears it (domain.ScorePatch).
func (s *Server) putUnitScores(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var body struct {
		Scores []domain.ScorePatch `json:"scores"`
	}
	if !bindJSON(c, &body) {
		return
	}
	t, err := s.scoring.Target(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	us, res, err := s.scoring.PatchSheet(c.Request.Context(), t, body.Scores)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"sheet": us, "result": res})
}

func (s *Server) getRanking(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	d, err := store.LoadYear(c.Request.Context(), s.store, c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.Criteria == nil {
		s.fail(c, store.ErrNotFound)
		return
	}
	c.JSON(http.StatusOK, gin.H{"ranking": d.Ranking, "proposals": d.Proposals, "decisions": d.Decisions, "rule": d.Settings.Awards})
}
