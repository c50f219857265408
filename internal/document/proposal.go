package document

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// What a proposal (tờ trình) says beyond the list of units: each unit's
// main achievements, whether the proposals keep to the bloc's rule, and
// the files sent with it. Each is built from the data and says nothing
// the data does not support.

// achievements is a short summary of a unit's year from its key
// indicators: at most two figures, the ones a proposal's reader looks at
// first (projects attracted with their capital, then the budget paid, or
// else the jobs or the trade).
// Empty when the unit reported none.
func achievements(ind *domain.Indicators) string {
	if ind == nil {
		return ""
	}
	var parts []string
	positive := func(d *domain.Decimal) bool { return d != nil && *d > 0 }
	switch {
	case ind.NewProjects != nil && *ind.NewProjects > 0 && positive(ind.RegisteredCapital):
		parts = append(parts, fmt.Sprintf("%s dự án mới, vốn đăng ký %s tỷ đồng", vn.GroupInt(*ind.NewProjects), domain.FormatDecimal(*ind.RegisteredCapital)))
	case ind.NewProjects != nil && *ind.NewProjects > 0:
		parts = append(parts, fmt.Sprintf("%s dự án mới", vn.GroupInt(*ind.NewProjects)))
	case positive(ind.RegisteredCapital):
		parts = append(parts, fmt.Sprintf("vốn đăng ký %s tỷ đồng", domain.FormatDecimal(*ind.RegisteredCapital)))
	}
	if positive(ind.Budget) {
		parts = append(parts, fmt.Sprintf("nộp ngân sách %s tỷ đồng", domain.FormatDecimal(*ind.Budget)))
	} else if ind.Workers != nil && *ind.Workers > 0 {
		parts = append(parts, fmt.Sprintf("%s lao động có việc làm", vn.GroupInt(*ind.Workers)))
	} else if positive(ind.ExportImport) {
		parts = append(parts, fmt.Sprintf("kim ngạch xuất nhập khẩu %s triệu USD", domain.FormatDecimal(*ind.ExportImport)))
	}
	if len(parts) == 0 {
		return ""
	}
	return vn.UpperFirst(strings.Join(parts, "; "))
}

// NoAwardRule reports whether the year has no award rule: no quota set for
// Flags or Certificates, so nobody can be proposed — which the documents
// say as such, not as "no unit qualified".
func (v *View) NoAwardRule() bool {
	r := v.d.Settings.Awards
	return r.FlagQuota == 0 && r.MeritQuota == 0
}

// rule is the award rule as applied to the year (quotas scaled to the
// members scored: domain.AwardRule.Scaled).
func (v *View) rule() domain.AwardRule {
	if v.d.Criteria != nil {
		return v.d.Rule
	}
	return v.d.Settings.Awards
}

// QuotaNote says, when the quotas were set for a larger bloc than the
// members scored (a bloc shrunk by mergers), that they were applied in
// proportion, and how: the proposal must not carry 2 Flags and 3
// Certificates for 5 scored members under a rule made for 11.
func (v *View) QuotaNote() string {
	if !v.d.RuleScaled {
		return ""
	}
	set, now := v.d.Settings.Awards, v.d.Rule
	return fmt.Sprintf("Quy chế của Khối quy định số lượng đề nghị khen thưởng cho Khối %s đơn vị (%s Cờ thi đua, %s Bằng khen); năm %d Khối có %s đơn vị được chấm điểm nên số lượng được áp dụng theo tỷ lệ: %s Cờ thi đua, %s Bằng khen.",
		twoDigits(set.QuotaFor), twoDigits(set.FlagQuota), twoDigits(set.MeritQuota), v.Year, twoDigits(v.d.Scored), twoDigits(now.FlagQuota), twoDigits(now.MeritQuota))
}

// QuotaCheck says, as a sentence of the proposal, how the proposed units
// stand against the bloc's rule: the number of each award against its
// quota, the minimum total, the share of votes. A proposal beyond the rule
// is said as such, naming the units, so that the secretariat sees it
// before signing. Empty when there is nothing to check.
func (v *View) QuotaCheck() string {
	rule := v.rule()
	var within, beyond, mins, low []string
	check := func(label string, as []Award, quota int, min domain.Decimal) {
		if len(as) == 0 {
			return
		}
		if quota > 0 {
			s := fmt.Sprintf("%s %s/%s", label, twoDigits(len(as)), twoDigits(quota))
			if len(as) > quota {
				beyond = append(beyond, s)
			} else {
				within = append(within, s)
			}
		}
		if min > 0 {
			mins = append(mins, label+" từ "+domain.FormatDecimal(min)+" điểm")
			for _, a := range as {
				if r, ok := v.d.Result(a.Slug); !ok || !r.Submitted || r.Total < min {
					low = append(low, a.Short+" ("+label+")")
				}
			}
		}
	}
	check("Cờ thi đua", v.Flags, rule.FlagQuota, rule.FlagMin)
	check("Bằng khen", v.Merits, rule.MeritQuota, rule.MeritMin)
	var out []string
	if len(within) > 0 {
		out = append(out, "số lượng đề nghị trong giới hạn Quy chế ("+strings.Join(within, ", ")+")")
	}
	if len(beyond) > 0 {
		out = append(out, "số lượng đề nghị vượt giới hạn Quy chế ("+strings.Join(beyond, ", ")+")")
	}
	if len(mins) > 0 && len(low) == 0 {
		out = append(out, "các đơn vị đều đạt điểm tối thiểu ("+strings.Join(mins, ", ")+")")
	} else if len(low) > 0 {
		out = append(out, "chưa đạt điểm tối thiểu ("+strings.Join(mins, ", ")+"): "+strings.Join(low, ", "))
	}
	if share, all := v.leastShare(); all {
		if share == "100%" { // "từ 100% trở lên" says less than it means
			out = append(out, "các đơn vị đều được 100% phiếu đồng ý")
		} else {
			out = append(out, "mỗi đơn vị được từ "+share+" phiếu đồng ý trở lên")
		}
	}
	if len(out) == 0 {
		return ""
	}
	return vn.UpperFirst(strings.Join(out, "; ")) + "."
}

// leastShare is the smallest share of votes in favour among the proposed
// units ("83,3%"), and whether every one of them was voted on.
func (v *View) leastShare() (string, bool) {
	least := domain.Decimal(-1)
	for _, a := range append(append([]Award{}, v.Flags...), v.Merits...) {
		if a.Votes.Voters <= 0 {
			return "", false
		}
		r := voteShare(a.Votes)
		if least < 0 || r < least {
			least = r
		}
	}
	if least < 0 {
		return "", false
	}
	return percent(least), true
}

// Attachments lists the files sent with the proposal, the ones the data
// says exist: the minutes (with their number) and the score summary that
// is their appendix, the year's report, each proposed unit's report of
// achievements. The template joins them into one sentence.
func (v *View) Attachments() []string {
	minutes := fmt.Sprintf("Biên bản họp bình xét thi đua, khen thưởng năm %d", v.Year)
	if v.MinutesNumber != "" {
		minutes += " số " + v.MinutesNumber + "/BB-KTĐ"
	}
	if v.Criteria != nil && v.Submitted > 0 {
		minutes += " và Phụ lục tổng hợp điểm"
	}
	out := []string{minutes, fmt.Sprintf("Báo cáo tổng kết năm %d của Khối", v.Year)}
	if n := len(v.Flags) + len(v.Merits); n > 0 {
		out = append(out, fmt.Sprintf("báo cáo thành tích của %s đơn vị được đề nghị", twoDigits(n)))
	}
	return out
}

// twoDigits writes a count as administrative documents do: "02", "12".
func twoDigits(n int) string {
	if n >= 0 && n < 10 {
		return fmt.Sprintf("0%d", n)
	}
	return vn.GroupInt(int64(n))
}
