package xlsx

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

var (
	romanRe = regexp.MustCompile(`^[IVXLC]+\.?$`)
	codeRe  = regexp.MustCompile(`^[0-9A-Za-z]+([.][0-9A-Za-z]+)*\.?$`)
)

// ReadCriteria imports a criteria set from a workbook laid out like the
// generated scoring sheet, so that a secretariat that already keeps its
// table in Excel can bring it in: a header row starting "STT"; section rows
// with a Roman numeral, a title and the section's points; criterion rows
// with a code, a text and the points; a row "Điểm thưởng …" and one
// "Điểm trừ …" with their caps in the points column, followed by their
// items; and a row "TỔNG ĐIỂM" with the total; the evidence expected of a
// criterion from a column headed "Minh chứng cần có" when there is one.
// The first sheet is read.
func ReadCriteria(data []byte, lim Limits) (cs domain.CriteriaSet, err error) {
	defer recoverCorrupt(&err)
	b, err := open(data, lim)
	if err != nil {
		return cs, err
	}
	if len(b.order) == 0 || b.sheet(b.order[0]) == nil {
		return cs, fileErr(ErrCodeCorrupt, "Không đọc được trang tính đầu tiên.")
	}
	sheet := b.order[0]
	rows := b.rows(b.sheet(sheet))
	var errs domain.ValidationError
	cell := func(row []string, i int) string {
		if i < len(row) {
			return strings.TrimSpace(vn.NFC(row[i]))
		}
		return ""
	}
	started := false
	hintCol := -1 // the column headed "Minh chứng cần có", when there is one
	mode := ""    // "", bonus, deduction
	for i, row := range rows {
		a, b, c := cell(row, 0), cell(row, 1), cell(row, 2)
		if !started {
			started = strings.EqualFold(a, "STT")
			for j := range row {
				if started && strings.HasPrefix(vn.Upper(cell(row, j)), "MINH CHỨNG CẦN CÓ") {
					hintCol = j
				}
			}
			continue
		}
		if a == "" && b == "" {
			continue
		}
		upper := vn.Upper(b)
		num := func() domain.Decimal {
			v, why := parseNumber(c)
			if why != numberOK {
				errs = append(errs, domain.FieldError{Field: sheet + "!C" + itoa(i+1), Code: "criteria_max", Message: "Ô C" + itoa(i+1) + ": điểm chuẩn phải là số có tối đa 3 chữ số thập phân"})
			}
			return v
		}
		switch {
		case strings.HasPrefix(upper, "TỔNG ĐIỂM") || strings.EqualFold(a, "TỔNG ĐIỂM"):
			cs.Total = num()
		case strings.HasPrefix(upper, "ĐIỂM THƯỞNG"):
			mode = "bonus"
			cs.BonusCap = num()
		case strings.HasPrefix(upper, "ĐIỂM TRỪ"):
			mode = "deduction"
			cs.DeductionCap = num()
		case romanRe.MatchString(a) && mode == "":
			cs.Sections = append(cs.Sections, domain.Section{Code: strings.TrimSuffix(a, "."), Title: b, Max: num()})
		case codeRe.MatchString(a):
			cr := domain.Criterion{Code: strings.TrimSuffix(a, "."), Text: b, Max: num()}
			if hintCol >= 0 {
				cr.Hint = cell(row, hintCol)
			}
			switch {
			case mode == "bonus":
				cs.Bonus = append(cs.Bonus, cr)
			case mode == "deduction":
				cr.Step = domain.DefaultStep
				cs.Deductions = append(cs.Deductions, cr)
			case len(cs.Sections) == 0:
				errs = append(errs, domain.FieldError{Field: sheet + "!A" + itoa(i+1), Code: "criteria_no_section", Message: "Ô A" + itoa(i+1) + ": tiêu chí đứng trước mục đầu tiên"})
			default:
				s := &cs.Sections[len(cs.Sections)-1]
				s.Criteria = append(s.Criteria, cr)
			}
		}
	}
	if !started {
		return cs, fileErr(ErrCodeLayout, "Không tìm thấy dòng tiêu đề bắt đầu bằng \"STT\" ở trang tính đầu tiên.")
	}
	if len(errs) > 0 {
		return cs, errs
	}
	cs.Title = "Bảng tiêu chí chấm điểm thi đua"
	if cs.Total == 0 {
		for _, s := range cs.Sections {
			cs.Total += s.Max
		}
	}
	if err := cs.Validate(); err != nil {
		return cs, err
	}
	return cs, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
