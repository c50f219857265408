package httpapi

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
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

func (s *Server) putYear(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var y domain.BlocYear
	if !bindJSON(c, &y) {
		return
	}
	y.Bloc, y.Year = c.Param("bloc"), year
	var ck checks
	for f, v := range map[string]string{"leader": y.Leader, "deputy": y.Deputy, "host": y.Host} {
		if v != "" {
			ck.slug(f, v)
		}
	}
	if y.Leader != "" && y.Leader == y.Deputy {
		ck.add("deputy", "same_as_leader", "Khối phó phải khác Khối trưởng")
	}
	ck.date("conference_date", y.ConferenceDate, false)
	r := y.Awards
	if r.FlagQuota < 0 || r.MeritQuota < 0 {
		ck.add("award_rule", "negative", "Số lượng khen thưởng không được âm")
	}
	for i, t := range r.TieBreakers {
		if t != domain.TieFewerDeductions && t != domain.TieMoreBonus && t != domain.TieVotes {
			ck.add(fmt.Sprintf("award_rule.tie_breakers[%d]", i), "unknown", "Tiêu chí phân hạng không hỗ trợ: "+t)
		}
	}
	if !ck.ok(c) {
		return
	}
	if err := s.store.PutYear(c.Request.Context(), y); err != nil {
		s.failUnitRef(c, err)
		return
	}
	saved, err := s.store.GetYear(c.Request.Context(), y.Bloc, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, saved)
}

// failUnitRef reports a reference to an unknown unit as a validation error
// of the request rather than a missing resource.
func (s *Server) failUnitRef(c *gin.Context, err error) {
	if errors.Is(err, store.ErrNotFound) {
		invalid(c, domain.FieldError{Field: "unit", Code: "unknown_unit", Message: err.Error()})
		return
	}
	s.fail(c, err)
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

func (s *Server) putMember(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var m domain.Membership
	if !bindJSON(c, &m) {
		return
	}
	m.Bloc, m.Year, m.Unit = c.Param("bloc"), year, c.Param("unit")
	var ck checks
	ck.nonNegative("staff", m.Staff)
	if !ck.ok(c) {
		return
	}
	if err := s.store.PutMembership(c.Request.Context(), m); err != nil {
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
	if period != domain.PeriodYear && period != domain.PeriodH1 {
		invalid(c, domain.FieldError{Field: "period", Code: "invalid_period", Message: "Kỳ phải là year (cả năm) hoặc h1 (6 tháng đầu năm)"})
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

func (s *Server) putIndicators(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	var ind domain.Indicators
	if !bindJSON(c, &ind) {
		return
	}
	ind.Unit, ind.Year, ind.Period = c.Param("unit"), year, c.Param("period")
	var ck checks
	if ind.Period != domain.PeriodYear && ind.Period != domain.PeriodH1 {
		ck.add("period", "invalid_period", "Kỳ phải là year (cả năm) hoặc h1 (6 tháng đầu năm)")
	}
	for _, f := range ind.Fields() {
		ck.nonNegativeDec(f.Key, f.Value())
	}
	if !ck.ok(c) || !s.requireMember(c, c.Param("bloc"), year, ind.Unit) {
		return
	}
	if err := s.store.PutIndicators(c.Request.Context(), ind); err != nil {
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
	var ck checks
	ck.required("name", m.Name)
	if !ck.ok(c) {
		return
	}
	m, err := s.store.AddMovement(c.Request.Context(), m)
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
	known := false
	for _, k := range domain.NarrativeKeys {
		known = known || k == n.Key
	}
	if !known {
		ck.add("key", "unknown_key", "Phần văn bản không hỗ trợ; các phần: tinh-hinh, uu-diem, han-che, phuong-huong, cam-ket, so-ket")
	}
	ck.required("text", n.Text)
	if len(n.Text) > 100_000 {
		ck.add("text", "too_long", "Nội dung quá dài (tối đa 100.000 ký tự)")
	}
	if !ck.ok(c) {
		return
	}
	if err := s.store.PutNarrative(c.Request.Context(), n); err != nil {
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
	var ck checks
	switch v.Subject {
	case domain.VoteFlag, domain.VoteMerit, domain.VoteLeader, domain.VoteDeputy:
	default:
		ck.add("subject", "unknown_subject", "Nội dung bỏ phiếu phải là co-thi-dua, bang-khen, khoi-truong hoặc khoi-pho")
	}
	ck.slug("unit", v.Unit)
	if v.For < 0 || v.Against < 0 || v.Voters < 0 {
		ck.add("for", "negative", "Số phiếu không được âm")
	}
	if v.Voters > 0 && v.For+v.Against > v.Voters {
		ck.add("voters", "too_many_votes", fmt.Sprintf("Tổng phiếu (%d) vượt số người bỏ phiếu (%d)", v.For+v.Against, v.Voters))
	}
	if !ck.ok(c) {
		return
	}
	if err := s.store.PutVote(c.Request.Context(), v); err != nil {
		s.failUnitRef(c, err)
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
	var ck checks
	seen := map[string]bool{}
	for i := range body.Decisions {
		d := &body.Decisions[i]
		d.Bloc, d.Year = c.Param("bloc"), year
		if d.Source == "" {
			d.Source = "decided"
		}
		f := fmt.Sprintf("decisions[%d]", i)
		if d.Kind != domain.AwardFlag && d.Kind != domain.AwardMerit {
			ck.add(f+".kind", "unknown_award", "Hình thức khen thưởng phải là co-thi-dua hoặc bang-khen")
		}
		if seen[d.Unit] {
			ck.add(f+".unit", "duplicate", "Một đơn vị không được đề nghị hai hình thức khen thưởng")
		}
		seen[d.Unit] = true
	}
	if !ck.ok(c) {
		return
	}
	members, err := s.store.Members(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.Unit] = true
	}
	for i, d := range body.Decisions {
		if !isMember[d.Unit] {
			ck.add(fmt.Sprintf("decisions[%d].unit", i), "not_member", "Đơn vị "+d.Unit+" không là thành viên của Khối trong năm")
		}
	}
	if !ck.ok(c) {
		return
	}
	if err := s.store.PutAwardDecisions(c.Request.Context(), c.Param("bloc"), year, body.Decisions); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, body)
}
