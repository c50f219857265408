package httpapi

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/ui"
	"github.com/thidua/thidua/internal/vn"
)

// auditFilter is the bloc-year of the route (everything for /audit),
// narrowed by ?actor=, ?action=, ?unit=, ?from= and ?to= (YYYY-MM-DD,
// days in Vietnam's time, both included).
func auditFilter(c *gin.Context) store.AuditFilter {
	y, _ := strconv.Atoi(c.Param("year"))
	limit, _ := strconv.Atoi(c.Query("limit"))
	f := store.AuditFilter{Bloc: c.Param("bloc"), Year: y, Limit: limit, Actor: c.Query("actor"), Action: c.Query("action"), Unit: c.Query("unit")}
	f.From, f.To = vn.DayRange(c.Query("from"), c.Query("to"))
	return f
}

func (s *Server) listAudit(c *gin.Context) {
	es, err := s.store.ListAudit(c.Request.Context(), auditFilter(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"entries": es})
}

// auditCSV exports the audit log as CSV (UTF-8 with a byte order mark, so
// that Excel reads the Vietnamese right), times in Vietnam's time.
func (s *Server) auditCSV(c *gin.Context) {
	es, err := s.store.ListAudit(c.Request.Context(), auditFilter(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", contentDisposition("Nhật ký hoạt động.csv"))
	c.Status(http.StatusOK)
	c.Writer.WriteString("\ufeff")
	w := csv.NewWriter(c.Writer)
	w.Write([]string{"Thời điểm", "Người thực hiện", "Việc", "Khối", "Năm", "Đơn vị", "Đối tượng", "Địa chỉ", "Kết quả"})
	vnZone := time.FixedZone("ICT", 7*3600)
	for _, e := range es {
		y := ""
		if e.Year != 0 {
			y = strconv.Itoa(e.Year)
		}
		w.Write(csvSafe(e.At.In(vnZone).Format("2006-01-02 15:04:05"), e.Actor, ui.ActionLabel(e.Action), e.Bloc, y, e.Unit, e.Target, e.Address, ui.OutcomeLabel(e.Outcome)))
	}
	w.Flush()
}

// csvSafe neutralises values a spreadsheet would run as a formula (a value
// typed into a URL can begin with =, +, -, @, a tab or a carriage
// return): a leading apostrophe, as OWASP's CSV injection guidance and
// the spreadsheet applications themselves do, so it shows as text.
func csvSafe(values ...string) []string {
	for i, v := range values {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			values[i] = "'" + v
		}
	}
	return values
}
