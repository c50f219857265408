package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
)

// blocView is a bloc as the API shows it: the current names first, the
// history after.
type blocView struct {
	domain.Bloc
	Name       string          `json:"name"`
	ShortName  string          `json:"short_name"`
	Ministry   string          `json:"ministry"`
	Years      []int           `json:"years,omitempty"`
	Year       int             `json:"year,omitempty"`
	Members    []domain.Member `json:"members,omitempty"`
	NameInYear string          `json:"name_in_year,omitempty"`
}

func viewBloc(b domain.Bloc, date string) blocView {
	n := b.Names.At(date)
	return blocView{Bloc: b, Name: n.Full, ShortName: n.Short, Ministry: b.Parent.At(date).Full}
}

func (s *Server) listBlocs(c *gin.Context) {
	bs, err := s.store.ListBlocs(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]blocView, 0, len(bs))
	for _, b := range bs {
		out = append(out, viewBloc(b, "9999-12-31"))
	}
	c.JSON(http.StatusOK, gin.H{"blocs": out})
}

func (s *Server) getBloc(c *gin.Context) {
	b, err := s.store.GetBloc(c.Request.Context(), c.Param("bloc"))
	if err != nil {
		s.fail(c, err)
		return
	}
	v := viewBloc(b, "9999-12-31")
	if v.Years, err = s.store.ListYears(c.Request.Context(), b.Slug); err != nil {
		s.fail(c, err)
		return
	}
	if ys := c.Query("year"); ys != "" {
		y, err := strconv.Atoi(ys)
		if err != nil || y < 2000 || y > 2100 {
			invalid(c, domain.FieldError{Field: "year", Code: "invalid_year", Message: "Năm phải từ 2000 đến 2100"})
			return
		}
		v.Year = y
		v.NameInYear = b.Names.At(domain.YearEnd(y)).Full
		if v.Members, err = s.store.Members(c.Request.Context(), b.Slug, y); err != nil {
			s.fail(c, err)
			return
		}
		if v.Members == nil {
			v.Members = []domain.Member{}
		}
	}
	c.JSON(http.StatusOK, v)
}

func checkBloc(b domain.Bloc) checks {
	var ck checks
	ck.slug("slug", b.Slug)
	ck.names("names", b.Names, true)
	ck.names("parent", b.Parent, false)
	ck.names("department", b.Department, false)
	return ck
}

func (s *Server) createBloc(c *gin.Context) {
	var b domain.Bloc
	if !bindJSON(c, &b) || !checkBloc(b).ok(c) {
		return
	}
	// Checked and created in one transaction: of two identical requests
	// the second is told the bloc exists.
	if err := s.store.CreateBloc(c.Request.Context(), b); err != nil {
		s.fail(c, err)
		return
	}
	s.savedBloc(c, b.Slug, http.StatusCreated)
}

func (s *Server) putBloc(c *gin.Context) {
	var b domain.Bloc
	if !bindJSON(c, &b) {
		return
	}
	b.Slug = c.Param("bloc")
	if !checkBloc(b).ok(c) {
		return
	}
	s.saveBloc(c, b, http.StatusOK)
}

func (s *Server) saveBloc(c *gin.Context, b domain.Bloc, status int) {
	if err := s.store.PutBloc(c.Request.Context(), b); err != nil {
		s.fail(c, err)
		return
	}
	s.savedBloc(c, b.Slug, status)
}

// savedBloc answers with the bloc as stored.
func (s *Server) savedBloc(c *gin.Context, slug string, status int) {
	saved, err := s.store.GetBloc(c.Request.Context(), slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, viewBloc(saved, "9999-12-31"))
}

func (s *Server) listUnits(c *gin.Context) {
	us, err := s.store.ListUnits(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	if us == nil {
		us = []domain.Unit{}
	}
	c.JSON(http.StatusOK, gin.H{"units": us})
}

func (s *Server) getUnit(c *gin.Context) {
	u, err := s.store.GetUnit(c.Request.Context(), c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, u)
}

func checkUnit(u domain.Unit) checks {
	var ck checks
	ck.slug("slug", u.Slug)
	ck.names("names", u.Names, true)
	ck.names("province", u.Province, true)
	if u.MergedInto != "" {
		ck.slug("merged_into", u.MergedInto)
		ck.date("merged_on", u.MergedOn, true)
		if u.MergedInto == u.Slug {
			ck.add("merged_into", "self", "Đơn vị không thể sáp nhập vào chính nó")
		}
	}
	return ck
}

func (s *Server) createUnit(c *gin.Context) {
	var u domain.Unit
	if !bindJSON(c, &u) || !checkUnit(u).ok(c) {
		return
	}
	if err := s.store.CreateUnit(c.Request.Context(), u); err != nil {
		s.failUnitRef(c, err, map[string]string{"merged_into": u.MergedInto})
		return
	}
	s.savedUnit(c, u.Slug, http.StatusCreated)
}

func (s *Server) putUnit(c *gin.Context) {
	var u domain.Unit
	if !bindJSON(c, &u) {
		return
	}
	u.Slug = c.Param("unit")
	if !checkUnit(u).ok(c) {
		return
	}
	s.saveUnit(c, u, http.StatusOK)
}

func (s *Server) saveUnit(c *gin.Context, u domain.Unit, status int) {
	if err := s.store.PutUnit(c.Request.Context(), u); err != nil {
		s.failUnitRef(c, err, map[string]string{"merged_into": u.MergedInto})
		return
	}
	s.savedUnit(c, u.Slug, status)
}

// savedUnit answers with the unit as stored.
func (s *Server) savedUnit(c *gin.Context, slug string, status int) {
	saved, err := s.store.GetUnit(c.Request.Context(), slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, saved)
}
