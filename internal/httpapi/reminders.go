package httpapi

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// listDues answers a bloc-year's deadlines with each member's state and
// the reminders sent.
func (s *Server) listDues(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.remindersOn(c) {
		return
	}
	dues, err := s.reminders.Overview(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"dues": dues})
}

// sendReminders reminds the boards that have not sent what {"due": key}
// names; each board once per deadline.
func (s *Server) sendReminders(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.remindersOn(c) {
		return
	}
	var body struct {
		Due string `json:"due"`
	}
	if !bindJSON(c, &body) {
		return
	}
	res, err := s.reminders.Send(c.Request.Context(), actor(c), c.Param("bloc"), year, body.Due)
	if err != nil {
		s.fail(c, err)
		return
	}
	if res.NoAddress == nil {
		res.NoAddress = []string{}
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) remindersOn(c *gin.Context) bool {
	if s.reminders == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "reminders_unavailable", Message: "Chức năng nhắc hạn chưa được bật"})
		return false
	}
	return true
}
