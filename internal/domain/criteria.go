package domain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/vn"
)

// Criterion is one scored line: "1.1 Công tác xúc tiến đầu tư", 10 điểm.
type Criterion struct {
	Code string  `json:"code"`
	Text string  `json:"text" maxlen:"2000"`
	Max  Decimal `json:"max"`
	Step Decimal `json:"step,omitempty"`               // allowed increment; 0 means 0,25
	Hint string  `json:"hint,omitempty" maxlen:"2000"` // evidence expected
}

// DefaultStep is the score increment when a criterion names none.
const DefaultStep = Decimal(250) // 0,25

// StepOrDefault returns the criterion's step.
func (c Criterion) StepOrDefault() Decimal {
	if c.Step > 0 {
		return c.Step
	}
	return DefaultStep
}

// Section is a group of criteria ("I. Thực hiện nhiệm vụ chuyên môn").
type Section struct {
	Code     string      `json:"code"` // "I"
	Title    string      `json:"title"`
	Max      Decimal     `json:"max"`
	Criteria []Criterion `json:"criteria"`
}

// CriteriaSet is a bloc's scoring table for a year. Versions are kept; the
// set in use is frozen once scores exist against it.
type CriteriaSet struct {
	ID           int64       `json:"id"`
	Bloc         string      `json:"bloc"`
	Year         int         `json:"year"`
	Version      int         `json:"version"`
	Title        string      `json:"title"`
	Total        Decimal     `json:"total"` // sections add up to this: 100 or 1000
	Sections     []Section   `json:"sections"`
	Bonus        []Criterion `json:"bonus"`
	BonusCap     Decimal     `json:"bonus_cap"`
	Deductions   []Criterion `json:"deductions"`
	DeductionCap Decimal     `json:"deduction_cap"`
	Frozen       bool        `json:"frozen"`
}

// FieldError is a validation failure tied to a field (or a cell).
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"` // Vietnamese, for people
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationError is a list of field errors reported together.
type ValidationError []FieldError

func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Validate checks the set's arithmetic and shape: unique codes, positive
// maxima that are multiples of their step, criteria adding up to their
// section, sections adding up to the total.
// Bounds of a criteria set: several times the largest tables in use (a
// hundred lines, a total of 100 or 1 000 points), and small enough that a
// board's scoring form fits the workbook reader's limits.
const (
	MaxCriteriaLines    = 400
	MaxCriteriaSections = 40
	MaxCriteriaPoints   = 10_000 * DecimalScale
)

func (cs CriteriaSet) Validate() error {
	var errs ValidationError
	add := func(field, code, format string, a ...any) {
		errs = append(errs, FieldError{Field: field, Code: code, Message: fmt.Sprintf(format, a...)})
	}
	if cs.Total <= 0 {
		add("total", "criteria_total", "Tổng điểm chuẩn phải lớn hơn 0")
	}
	if len(cs.Sections) == 0 {
		add("sections", "criteria_empty", "Bảng tiêu chí chưa có mục nào")
	}
	for _, p := range vn.CheckText(cs) {
		add(p.Path, "text", "%s", p.Message())
	}
	if n := len(cs.Lines()); n > MaxCriteriaLines {
		add("sections", "criteria_too_many", "Bảng tiêu chí có %d dòng chấm điểm, vượt mức tối đa %d", n, MaxCriteriaLines)
	}
	if len(cs.Sections) > MaxCriteriaSections {
		add("sections", "criteria_too_many", "Bảng tiêu chí có %d mục, vượt mức tối đa %d", len(cs.Sections), MaxCriteriaSections)
	}
	if cs.Total > MaxCriteriaPoints || cs.BonusCap > MaxCriteriaPoints || cs.DeductionCap > MaxCriteriaPoints {
		add("total", "criteria_too_large", "Tổng điểm chuẩn và mức tối đa của điểm thưởng, điểm trừ không được vượt %s", FormatDecimal(MaxCriteriaPoints))
	}
	seen := map[string]bool{}
	check := func(field string, c Criterion) {
		switch {
		case strings.TrimSpace(c.Code) == "":
			add(field+".code", "criteria_code", "Tiêu chí thiếu mã")
		case seen[c.Code]:
			add(field+".code", "criteria_duplicate", "Mã tiêu chí %s bị trùng", c.Code)
		}
		seen[c.Code] = true
		if strings.TrimSpace(c.Text) == "" {
			add(field+".text", "criteria_text", "Tiêu chí %s thiếu nội dung", c.Code)
		}
		if c.Step < 0 || c.Step > c.Max {
			add(field+".step", "criteria_step", "Bước điểm của tiêu chí %s phải từ 0 đến điểm chuẩn", c.Code)
		}
		if c.Max <= 0 || c.Max > MaxCriteriaPoints {
			add(field+".max", "criteria_max", "Điểm chuẩn của tiêu chí %s phải lớn hơn 0 và không quá %s", c.Code, FormatDecimal(MaxCriteriaPoints))
		} else if !c.Max.MultipleOf(c.StepOrDefault()) {
			add(field+".max", "criteria_step", "Điểm chuẩn %s của tiêu chí %s không chia hết cho bước điểm %s", FormatDecimal(c.Max), c.Code, FormatDecimal(c.StepOrDefault()))
		}
	}
	var sum Decimal
	for i, s := range cs.Sections {
		f := fmt.Sprintf("sections[%d]", i)
		if seen["§"+s.Code] {
			add(f+".code", "criteria_duplicate", "Mã mục %s bị trùng", s.Code)
		}
		seen["§"+s.Code] = true
		if len(s.Criteria) == 0 {
			add(f+".criteria", "criteria_empty", "Mục %s chưa có tiêu chí", s.Code)
		}
		var ss Decimal
		for j, c := range s.Criteria {
			check(fmt.Sprintf("%s.criteria[%d]", f, j), c)
			ss += c.Max
		}
		if ss != s.Max {
			add(f+".max", "criteria_section_sum", "Mục %s: các tiêu chí cộng được %s điểm, khác điểm chuẩn của mục là %s", s.Code, FormatDecimal(ss), FormatDecimal(s.Max))
		}
		sum += s.Max
	}
	if sum != cs.Total {
		add("total", "criteria_total_sum", "Các mục cộng được %s điểm, khác tổng điểm chuẩn %s", FormatDecimal(sum), FormatDecimal(cs.Total))
	}
	for i, c := range cs.Bonus {
		check(fmt.Sprintf("bonus[%d]", i), c)
	}
	for i, c := range cs.Deductions {
		check(fmt.Sprintf("deductions[%d]", i), c)
	}
	if len(cs.Bonus) > 0 && cs.BonusCap <= 0 {
		add("bonus_cap", "criteria_cap", "Điểm thưởng phải có mức tối đa")
	}
	if len(cs.Deductions) > 0 && cs.DeductionCap <= 0 {
		add("deduction_cap", "criteria_cap", "Điểm trừ phải có mức tối đa")
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Kind of a scored line.
const (
	LineCriterion = "criterion"
	LineBonus     = "bonus"
	LineDeduction = "deduction"
)

// Line is a criterion with its place in the set, for iteration in order.
type Line struct {
	Criterion
	Kind    string // LineCriterion, LineBonus, LineDeduction
	Section string // section code for criteria
}

// Lines lists every scored line in document order: the sections' criteria,
// then bonus items, then deductions.
func (cs CriteriaSet) Lines() []Line {
	var out []Line
	for _, s := range cs.Sections {
		for _, c := range s.Criteria {
			out = append(out, Line{Criterion: c, Kind: LineCriterion, Section: s.Code})
		}
	}
	for _, c := range cs.Bonus {
		out = append(out, Line{Criterion: c, Kind: LineBonus})
	}
	for _, c := range cs.Deductions {
		out = append(out, Line{Criterion: c, Kind: LineDeduction})
	}
	return out
}

// Fingerprint identifies the content that scores are given against: codes,
// texts, maxima and caps. A workbook carries it so an upload made against
// another version is recognised.
func (cs CriteriaSet) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "total=%s;bonus=%s;ded=%s\n", cs.Total, cs.BonusCap, cs.DeductionCap)
	for _, s := range cs.Sections {
		fmt.Fprintf(h, "S|%s|%s|%s\n", s.Code, s.Title, s.Max)
	}
	for _, l := range cs.Lines() {
		fmt.Fprintf(h, "%s|%s|%s|%s|%s\n", l.Kind, l.Code, l.Text, l.Max, l.StepOrDefault())
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// FormatDecimal prints d the Vietnamese way ("21.857,5").
func FormatDecimal(d Decimal) string { return vn.GroupDecimal(d.String()) }
