package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

func (s *Server) listYears(c *gin.Context) {
	ys, err := s.store.ListYears(c.Request.Context(), c.Param("bloc"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if ys == nil {
		ys = []int{}
	}
	c.JSON(http.StatusOK, gin.H{"years": ys})
}

func (s *Server) getYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	y, err := s.store.GetYear(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, y)
}

// putYear changes what the body names of a bloc-year's settings and
// nothing else: a field absent is kept (an object's fields likewise), a
// field given replaces what was stored. The body is checked whole first
// (unknown fields, text documents cannot print), then laid over the stored
// year in one transaction.
func (s *Server) putYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	body, ok := checkedBody[domain.BlocYear](c)
	if !ok {
		return
	}
	bloc := c.Param("bloc")
	err := s.years.Update(c.Request.Context(), bloc, []int{year}, func(ys []*domain.BlocYear) error {
		if err := json.Unmarshal(body, ys[0]); err != nil {
			return err
		}
		vn.Prepare(ys[0])
		ys[0].Bloc, ys[0].Year = bloc, year
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.store.GetYear(c.Request.Context(), bloc, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, saved)
}

// failUnitRef reports a reference to an unknown unit as a validation error
// of the field that named it (fields maps field names to the slugs they
// hold); anything else, an unknown bloc among it, is answered as usual.
func (s *Server) failUnitRef(c *gin.Context, err error, fields map[string]string) {
	var nf domain.NotFoundError
	if errors.As(err, &nf) && nf.Entity == "đơn vị" {
		var ck checks
		for _, f := range slices.Sorted(maps.Keys(fields)) {
			if fields[f] == nf.Key {
				ck.add(f, "unknown_unit", fmt.Sprintf("Không có đơn vị %q", nf.Key))
			}
		}
		if len(ck) > 0 {
			invalid(c, ck...)
			return
		}
	}
	s.fail(c, err)
}

// requireYear answers 404 when the bloc has no data for the year (no
// settings, no members): what is attached to a year needs the year first.
func (s *Server) requireYear(c *gin.Context, bloc string, year int) bool {
	if err := s.years.RequireYear(c.Request.Context(), bloc, year); err != nil {
		s.fail(c, err)
		return false
	}
	return true
}

func (s *Server) listMembers(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ms, err := s.store.Members(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if ms == nil {
		ms = []domain.Member{}
	}
	c.JSON(http.StatusOK, gin.H{"year": year, "members": ms})
}

// putMember adds a unit to the bloc's year or changes what the body names
// of its membership: a field absent is kept.
func (s *Server) putMember(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	body, ok := checkedBody[domain.Membership](c)
	if !ok {
		return
	}
	m, err := s.years.UpdateMember(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"), func(m *domain.Membership) error {
		if err := json.Unmarshal(body, m); err != nil {
			return err
		}
		vn.Prepare(m)
		return nil
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

func (s *Server) deleteMember(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	if err := s.store.DeleteMembership(c.Request.Context(), c.Param("bloc"), year, c.Param("unit")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listIndicators(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	period := c.DefaultQuery("period", domain.PeriodYear)
	if !domain.ValidPeriod(period) {
		invalid(c, domain.FieldError{Field: "period", Code: "invalid_period", Message: domain.PeriodMessage})
		return
	}
	rows, err := s.store.ListIndicators(c.Request.Context(), c.Param("bloc"), year, period)
	if err != nil {
		s.fail(c, err)
		return
	}
	if rows == nil {
		rows = []domain.Indicators{}
	}
	c.JSON(http.StatusOK, gin.H{"year": year, "period": period, "units": rows, "totals": domain.SumIndicators(rows)})
}

// putIndicators changes what the body names of a member's indicators for
// a period: a figure absent is kept, null clears it.
func (s *Server) putIndicators(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	body, ok := checkedBody[domain.Indicators](c)
	if !ok {
		return
	}
	ind, err := s.years.UpdateIndicators(c.Request.Context(), c.Param("bloc"), c.Param("unit"), year, c.Param("period"), func(ind *domain.Indicators) error {
		return json.Unmarshal(body, ind)
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, ind)
}

func (s *Server) listMovements(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ms, err := s.store.ListMovements(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if ms == nil {
		ms = []domain.Movement{}
	}
	c.JSON(http.StatusOK, gin.H{"movements": ms})
}

func (s *Server) addMovement(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var m domain.Movement
	if !bindJSON(c, &m) {
		return
	}
	m.Bloc, m.Year, m.ID = c.Param("bloc"), year, 0
	m, err := s.years.AddMovement(c.Request.Context(), m)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, m)
}

func (s *Server) listNarratives(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ns, err := s.store.ListNarratives(c.Request.Context(), c.Param("bloc"), year, c.Query("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if ns == nil {
		ns = []domain.Narrative{}
	}
	c.JSON(http.StatusOK, gin.H{"narratives": ns, "keys": domain.NarrativeKeys})
}

func (s *Server) putNarrative(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var n domain.Narrative
	if !bindJSON(c, &n) {
		return
	}
	n.Bloc, n.Year, n.Key = c.Param("bloc"), year, c.Param("key")
	var ck checks
	ck.required("text", n.Text)
	if !ck.ok(c) {
		return
	}
	if err := s.years.PutNarrative(c.Request.Context(), n); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

func (s *Server) listVotes(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	vs, err := s.store.ListVotes(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if vs == nil {
		vs = []domain.Vote{}
	}
	c.JSON(http.StatusOK, gin.H{"votes": vs})
}

func (s *Server) putVote(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var v domain.Vote
	if !bindJSON(c, &v) {
		return
	}
	v.Bloc, v.Year = c.Param("bloc"), year
	if err := s.years.PutVote(c.Request.Context(), v); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

func (s *Server) listAwards(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ds, err := s.store.ListAwardDecisions(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	if ds == nil {
		ds = []domain.AwardDecision{}
	}
	c.JSON(http.StatusOK, gin.H{"decisions": ds})
}

func (s *Server) putAwards(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var body struct {
		Decisions []domain.AwardDecision `json:"decisions"`
	}
	if !bindJSON(c, &body) {
		return
	}
	if err := s.years.PutAwards(c.Request.Context(), c.Param("bloc"), year, body.Decisions); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}

// textKey is the board's texts a route names.
func textKey(c *gin.Context) (app.TextKey, bool) {
	year, ok := yearParam(c)
	if !ok {
		return app.TextKey{}, false
	}
	return app.TextKey{Bloc: c.Param("bloc"), Year: year, Unit: c.Param("unit"), Period: c.Param("period")}, true
}

// getBoardText answers a board's texts of a period and where they stand.
func (s *Server) getBoardText(c *gin.Context) {
	k, ok := textKey(c)
	if !ok {
		return
	}
	t, err := s.years.BoardText(c.Request.Context(), k)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"text": t, "fields": domain.TextFields})
}

// putBoardText changes the fields the body names ({"fields": {key:
// text}, "send": true}); a field not named is kept.
func (s *Server) putBoardText(c *gin.Context) {
	k, ok := textKey(c)
	if !ok {
		return
	}
	var p domain.TextPatch
	if !bindJSON(c, &p) {
		return
	}
	t, err := s.years.WriteBoardText(c.Request.Context(), k, p, actor(c).Username)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

// returnBoardText sends a board's texts back with a comment.
func (s *Server) returnBoardText(c *gin.Context) {
	k, ok := textKey(c)
	if !ok {
		return
	}
	var body struct {
		Comment string `json:"comment" maxlen:"2000"`
	}
	if !bindJSON(c, &body) {
		return
	}
	t, err := s.years.ReturnBoardText(c.Request.Context(), k, body.Comment, actor(c).Username)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, t)
}

// listBoardTexts answers, for every member, where its texts of a period
// stand: who has sent what.
func (s *Server) listBoardTexts(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	sts, err := s.years.BoardTexts(c.Request.Context(), c.Param("bloc"), year, c.Param("period"))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]domain.BoardText, 0, len(sts))
	for _, st := range sts {
		out = append(out, st.Text)
	}
	c.JSON(http.StatusOK, gin.H{"texts": out})
}

// openNextYear opens the year after this one: {"criteria": "copy" |
// "default" | "none", "deadlines": {…}} (deadlines default to this
// year's, one year on).
func (s *Server) openNextYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var body struct {
		Criteria  string            `json:"criteria"`
		Deadlines *domain.Deadlines `json:"deadlines"`
	}
	if !bindJSON(c, &body) {
		return
	}
	if s.render == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "render_unavailable", Message: "Dịch vụ tạo văn bản chưa được bật"})
		return
	}
	plan, err := s.years.OpenNext(c.Request.Context(), c.Param("bloc"), year, body.Criteria, body.Deadlines, s.render.DefaultCriteria)
	if err != nil {
		s.fail(c, err)
		return
	}
	saved, err := s.store.GetYear(c.Request.Context(), c.Param("bloc"), plan.Year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, saved)
}
