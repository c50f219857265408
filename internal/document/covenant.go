package document

import (
	"regexp"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// What a covenant (giao ước) commits its members to beyond its texts: the
// dates the reports of the covenant's year are due, and the movements
// still running in that year. Both come from the data; without it the
// covenant leaves the dates to be written by hand and names no movement.

// Deadline is when a report of the covenant's year is due ("trước ngày
// 15/6/2024"), from next year's settings; room to write the day and month
// by hand ("trước ngày      /     /2026") when the bloc has not set it yet —
// a covenant commits to a date, it does not refer to one elsewhere. which
// is "mid" or "end".
func (v *View) Deadline(which string) string {
	dl := v.d.Next.Deadlines
	s := dl.YearEnd
	if which == "mid" {
		s = dl.MidYear
	}
	t, err := time.Parse(domain.DateLayout, s)
	if err != nil {
		return "trước ngày\u00a0" + vn.Blank + "/" + vn.Blank + "/" + strconv.Itoa(v.NextYear)
	}
	return "trước ngày\u00a0" + vn.TextDate(t) // "ngày" never ends a line without its date
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
