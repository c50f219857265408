package domain

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Realistic bounds of what people enter; each is far beyond any real
// bloc, so that only mistakes and attacks meet them.
const (
	MaxOrder   = 1000   // position of a member in its bloc's lists
	MaxVoters  = 10_000 // people voting at one conference
	MaxQuota   = 100    // awards of one kind proposed by one bloc
	MaxPersons = 50     // chairs or guests of one conference
)

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s is an identifier: lower-case ASCII letters,
// digits and single dashes, at most 80 characters ("van-phong").
func ValidSlug(s string) bool { return len(s) <= 80 && slugRe.MatchString(s) }

// SlugMessage says what a slug must look like.
const SlugMessage = "Mã định danh chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: van-phong)"

type checker struct{ errs ValidationError }

func (c *checker) add(field, code, format string, a ...any) {
	c.errs = append(c.errs, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, a...)})
}

func (c *checker) between(field string, v, lo, hi int64) {
	if v < lo || v > hi {
		c.add(field, "out_of_range", "Phải từ %d đến %d", lo, hi)
	}
}

func (c *checker) result() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

// Validate checks a membership's own fields.
func (m Membership) Validate() error {
	var c checker
	c.between("order", int64(m.Order), 0, MaxOrder)
	if m.Staff != nil {
		c.between("staff", *m.Staff, 0, MaxStaff)
	}
	if m.Until != "" {
		t, err := time.Parse(DateLayout, m.Until)
		switch {
		case err != nil:
			c.add("until", "date", "Ngày rời Khối phải có dạng YYYY-MM-DD")
		case t.Year() != m.Year || m.Until == YearEnd(m.Year):
			c.add("until", "date_outside_year", "Ngày rời Khối phải trong năm %d, trước ngày 31/12 (thành viên cả năm thì để trống)", m.Year)
		}
	}
	return c.result()
}

// Validate checks a bloc-year's settings: roles are unit slugs, leader and
// deputy differ, the date is a date, lists and numbers stay within
// realistic bounds. Quotas against the number of members are the caller's
// (it knows the members).
func (y BlocYear) Validate() error {
	var c checker
	for _, f := range []struct{ name, v string }{{"leader", y.Leader}, {"deputy", y.Deputy}, {"host", y.Host}} {
		if f.v != "" && !ValidSlug(f.v) {
			c.add(f.name, "slug", SlugMessage)
		}
	}
	if len(y.Legal.Added) > MaxLegalAdded {
		c.add("legal.added", "too_many", "Thêm tối đa %d căn cứ", MaxLegalAdded)
	}
	for i, a := range y.Legal.Added {
		if strings.TrimSpace(a) == "" {
			c.add(fmt.Sprintf("legal.added[%d]", i), "required", "Căn cứ không được để trống")
		}
	}
	if y.Leader != "" && y.Leader == y.Deputy {
		c.add("deputy", "same_as_leader", "Khối phó phải khác Khối trưởng")
	}
	for _, f := range []struct{ field, v string }{{"conference_date", y.ConferenceDate}, {"expected_conference_date", y.ExpectedDate}} {
		if f.v == "" {
			continue
		}
		if d, err := time.Parse(DateLayout, f.v); err != nil {
			c.add(f.field, "date", "Ngày phải theo dạng YYYY-MM-DD")
		} else if d.Year() < y.Year || d.Year() > y.Year+1 {
			c.add(f.field, "date_out_of_year", "Hội nghị tổng kết năm %d phải họp trong năm %d hoặc đầu năm %d", y.Year, y.Year, y.Year+1)
		}
	}
	// A mid-year report is due in its year; the year-end report and the
	// score sheets in the year's last quarter or the next year's first.
	for _, dl := range []struct {
		field, v string
		from, to string
		msg      string
	}{
		{"deadlines.mid_year", y.Deadlines.MidYear, fmt.Sprintf("%d-01-01", y.Year), fmt.Sprintf("%d-12-31", y.Year), fmt.Sprintf("Hạn gửi báo cáo sơ kết phải trong năm %d", y.Year)},
		{"deadlines.year_end", y.Deadlines.YearEnd, fmt.Sprintf("%d-10-01", y.Year), fmt.Sprintf("%d-03-31", y.Year+1), fmt.Sprintf("Hạn gửi báo cáo tổng kết năm %d phải từ tháng 10 năm %d đến tháng 3 năm %d", y.Year, y.Year, y.Year+1)},
	} {
		if dl.v == "" {
			continue
		}
		if _, err := time.Parse(DateLayout, dl.v); err != nil {
			c.add(dl.field, "date", "Ngày phải theo dạng YYYY-MM-DD")
		} else if dl.v < dl.from || dl.v > dl.to {
			c.add(dl.field, "date_out_of_range", "%s", dl.msg)
		}
	}
	if len(y.Chairs) > MaxPersons {
		c.add("chairs", "too_many", "Tối đa %d người", MaxPersons)
	}
	if len(y.Guests) > MaxPersons {
		c.add("guests", "too_many", "Tối đa %d người", MaxPersons)
	}
	for k, v := range y.DocNumbers {
		if len([]rune(v)) > 20 {
			c.add("doc_numbers."+k, "too_long", "Số văn bản tối đa 20 ký tự")
		}
	}
	if len(y.DocNumbers) > 50 {
		c.add("doc_numbers", "too_many", "Quá nhiều số văn bản")
	}
	for i, u := range y.Minutes.Absent {
		if !ValidSlug(u) {
			c.add(fmt.Sprintf("minutes.absent[%d]", i), "slug", SlugMessage)
		}
	}
	if len(y.Minutes.Counters) > MaxPersons {
		c.add("minutes.counters", "too_many", "Tối đa %d người", MaxPersons)
	}
	r := y.Awards
	c.between("award_rule.flag_quota", int64(r.FlagQuota), 0, MaxQuota)
	c.between("award_rule.merit_quota", int64(r.MeritQuota), 0, MaxQuota)
	for _, m := range []struct {
		name string
		v    Decimal
	}{{"award_rule.flag_min", r.FlagMin}, {"award_rule.merit_min", r.MeritMin}} {
		if m.v < 0 || m.v > MaxCriteriaPoints {
			c.add(m.name, "out_of_range", "Phải từ 0 đến %s", FormatDecimal(MaxCriteriaPoints))
		}
	}
	seen := map[string]bool{}
	for i, t := range r.TieBreakers {
		f := fmt.Sprintf("award_rule.tie_breakers[%d]", i)
		switch {
		case t != TieFewerDeductions && t != TieMoreBonus && t != TieVotes:
			c.add(f, "unknown", "Tiêu chí phân hạng không hỗ trợ: %s (dùng fewer_deductions, more_bonus, votes)", t)
		case seen[t]:
			c.add(f, "duplicate", "Tiêu chí phân hạng %s bị lặp", t)
		}
		seen[t] = true
	}
	return c.result()
}

// Validate checks a vote record: a known subject, a unit slug, counts
// within bounds that cannot overflow, no more votes than voters.
func (v Vote) Validate() error {
	var c checker
	switch v.Subject {
	case VoteFlag, VoteMerit, VoteLeader, VoteDeputy:
	default:
		c.add("subject", "unknown_subject", "Nội dung bỏ phiếu phải là co-thi-dua, bang-khen, khoi-truong hoặc khoi-pho")
	}
	if !ValidSlug(v.Unit) {
		c.add("unit", "slug", SlugMessage)
	}
	c.between("for", int64(v.For), 0, MaxVoters)
	c.between("against", int64(v.Against), 0, MaxVoters)
	c.between("voters", int64(v.Voters), 0, MaxVoters)
	if len(c.errs) == 0 && v.Voters > 0 && v.For+v.Against > v.Voters {
		c.add("voters", "too_many_votes", "Tổng phiếu (%d) vượt số người bỏ phiếu (%d)", v.For+v.Against, v.Voters)
	}
	return c.result()
}

// Validate checks a movement.
func (m Movement) Validate() error {
	var c checker
	if m.Name == "" {
		c.add("name", "required", "Trường bắt buộc")
	}
	return c.result()
}
