package document

import (
	"regexp"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// What a covenant (giao ước) commits its members to beyond its texts: the
// dates the reports of the covenant's year are due, and the movements
// still running in that year. Both come from the data; without it the
// covenant refers to the bloc's own deadlines and names no movement.

// Deadline is when a report of the covenant's year is due ("trước ngày
// 15/6/2024"), from next year's settings; empty when the bloc has not set
// it. which is "mid" or "end".
func (v *View) Deadline(which string) string {
	dl := v.d.Next.Deadlines
	s := dl.YearEnd
	if which == "mid" {
		s = dl.MidYear
	}
	t, err := time.Parse(domain.DateLayout, s)
	if err != nil {
		return ""
	}
	return "trước ngày " + strconv.Itoa(t.Day()) + "/" + strconv.Itoa(int(t.Month())) + "/" + strconv.Itoa(t.Year())
}

// lastYear finds the last year a movement's period names ("giai đoạn
// 2021 - 2025" → 2025); namedYear a movement named for one year ("…
// nhiệm vụ chính trị năm 2023").
var (
	lastYear  = regexp.MustCompile(`(\d{4})\D*$`)
	namedYear = regexp.MustCompile(`năm (\d{4})\D*$`)
)

// RunningMovements are the year's movements that go on into the
// covenant's year: those without a period, and those whose period (or
// the year they are named for) ends in that year or later.
func (v *View) RunningMovements() []domain.Movement {
	var out []domain.Movement
	for _, m := range v.Movements {
		g := lastYear.FindStringSubmatch(m.Period)
		if g == nil {
			g = namedYear.FindStringSubmatch(m.Name)
		}
		if g != nil {
			if end, _ := strconv.Atoi(g[1]); end < v.NextYear {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}
