package domain

import (
	"time"

	"github.com/thidua/thidua/internal/vn"
)

// What each member board owes its bloc in a year, and by when: the
// scoring workbook and its year-end texts by the year-end deadline, its
// mid-year texts by the mid-year deadline (Deadlines). Pages show them
// to the board and the secretariat; reminders are sent for what is not
// done.

// The keys of what is due.
const (
	DueWorkbook = "phieu-cham-diem" // the self-scoring workbook
	DueMidYear  = "bao-cao-6-thang" // the mid-year texts (báo cáo sơ kết)
	DueYearEnd  = "bao-cao-ca-nam"  // the year-end texts
)

// Due is one thing a board owes, with its state.
type Due struct {
	Key   string
	Label string // in Vietnamese, as a reminder's subject says it
	Date  string // YYYY-MM-DD, the deadline
	Done  bool
	// Page is where it is done, under the unit's page: "" (the workbook),
	// "/bao-cao/h1", "/bao-cao/year".
	Page string
}

// Dues lists what a member owes the bloc in the year, the deadlines the
// bloc has set only; a board that left during the year owes the first
// half's texts only.
func (d *YearData) Dues(unit string) []Due {
	var m *Member
	for i := range d.Members {
		if d.Members[i].Unit == unit {
			m = &d.Members[i]
		}
	}
	for i := range d.Left {
		if d.Left[i].Unit == unit {
			m = &d.Left[i]
		}
	}
	if m == nil {
		return nil
	}
	var out []Due
	dl := d.Settings.Deadlines
	if dl.MidYear != "" {
		t := d.BoardText(unit, PeriodH1)
		out = append(out, Due{Key: DueMidYear, Label: "Báo cáo sơ kết 6 tháng đầu năm", Date: dl.MidYear, Done: t.State == TextSent, Page: "/bao-cao/" + PeriodH1})
	}
	if dl.YearEnd != "" && m.Until == "" {
		out = append(out, Due{Key: DueWorkbook, Label: "Phiếu tự chấm điểm thi đua", Date: dl.YearEnd, Done: d.submitted(unit)})
		t := d.BoardText(unit, PeriodYear)
		out = append(out, Due{Key: DueYearEnd, Label: "Báo cáo kết quả thực hiện nhiệm vụ năm", Date: dl.YearEnd, Done: t.State == TextSent, Page: "/bao-cao/" + PeriodYear})
	}
	return out
}

func (d *YearData) submitted(unit string) bool {
	for _, s := range d.Sheets {
		if s.Unit == unit && s.SubmittedAt != "" {
			return true
		}
	}
	return false
}

// DaysLeft is the whole days from now (Vietnam time) to a deadline: 0 on
// its day, negative after it.
func DaysLeft(date string, now time.Time) int {
	due, err := time.ParseInLocation(DateLayout, date, vn.Zone())
	if err != nil {
		return 0
	}
	n := now.In(vn.Zone())
	today := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, vn.Zone())
	return int(due.Sub(today).Hours() / 24)
}
