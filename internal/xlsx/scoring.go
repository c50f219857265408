// Package xlsx writes the product's workbooks with xuri/excelize — the
// self-scoring workbook a board downloads, fills in Excel or LibreOffice
// and uploads back (phieu-cham-diem), and the secretariat's score summary
// (bang-tong-hop-diem) — and reads uploads with a reader of its own
// (preflight.go, book.go): one pass over each part, checked and collected
// at once.
package xlsx

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// Version is the generator's version, written into every workbook.
const Version = "thidua-xlsx/1"

// Sheet names and layout of the scoring workbook.
const (
	SheetScores     = "Phiếu chấm điểm"
	SheetIndicators = "Chỉ tiêu"
	SheetMeta       = "_thidua"
	headerRow       = 8 // the column titles; data starts below
	fontName        = "Times New Roman"
	fontSize        = 13
)

// Columns of the scoring sheet.
const (
	colCode   = "A" // STT / mã tiêu chí
	colText   = "B" // nội dung tiêu chí
	colMax    = "C" // điểm chuẩn
	colSelf   = "D" // điểm tự chấm (input)
	colRemark = "E" // giải trình / minh chứng (input)
	colBloc   = "F" // điểm Khối chấm (filled by the bloc)
	colHint   = "G" // minh chứng cần có (the criterion's evidence hint)
)

// Row kinds written in the hidden metadata sheet, so that an upload can be
// read without guessing.
const (
	rowSection   = "section"
	rowCriterion = "criterion"
	rowBonusHead = "bonus-head"
	rowBonus     = "bonus"
	rowDedHead   = "deduction-head"
	rowDed       = "deduction"
	rowTotal     = "total"
)

// ScoringInput is what a board's workbook is generated from.
type ScoringInput struct {
	Bloc, BlocName string
	Unit, UnitName string
	Province       string
	Names          []string // proper names kept whole in the head (domain.YearData.ProperNames)
	HeadName       string
	HeadTitle      string
	Year           int
	// SignYear is the year the board signs its sheet: that of the bloc's
	// deadline for it, else the scored year (sheets are sent before the
	// year-end conference).
	SignYear   int
	Criteria   domain.CriteriaSet
	Indicators *domain.Indicators // prefilled when known
}

type styles struct {
	title, bold, boldCenter, text, textCenter, num, input, inputText, section, sectionNum, total, totalNum, italic, header, plainCenter, sign int
	// headerLeft heads a group of columns that may span printed pages: at
	// its first column, where centring would put it on a page in between.
	headerLeft int
	// whole and frac are indicator figures grouped by thousands (and
	// their bold totals): a style per kind of value, so that a whole
	// number never shows a trailing decimal separator.
	whole, frac, wholeTotal, fracTotal int
	// inputWhole and inputFrac are the indicator sheet's input cells,
	// grouped as well: a count ("#,##0"), an amount that may have
	// decimals ("#,##0.0##": "1.881,0", "111,7").
	inputWhole, inputFrac int
}

// grouped is the style of an indicator figure.
func (s styles) grouped(v any, total bool) int {
	f, ok := v.(float64)
	switch {
	case ok && f != float64(int64(f)) && total:
		return s.fracTotal
	case ok && f != float64(int64(f)):
		return s.frac
	case total:
		return s.wholeTotal
	}
	return s.whole
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	font := func(bold, italic bool) *excelize.Font {
		return &excelize.Font{Family: fontName, Size: fontSize, Bold: bold, Italic: italic}
	}
	// Scores in General: 9,5 and 10 as typed ("0.###" would show "10,").
	// Indicators grouped the Vietnamese way (the separators follow the
	// reader's locale): whole numbers "#,##0", others "#,##0.0##".
	whole, frac := "#,##0", "#,##0.0##"
	var s styles
	var err error
	mk := func(dst *int, st *excelize.Style) {
		if err != nil {
			return
		}
		*dst, err = f.NewStyle(st)
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	left := &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}
	right := &excelize.Alignment{Horizontal: "right", Vertical: "center"}
	unlocked := &excelize.Protection{Locked: false}
	mk(&s.title, &excelize.Style{Font: &excelize.Font{Family: fontName, Size: 14, Bold: true}, Alignment: center})
	mk(&s.bold, &excelize.Style{Font: font(true, false), Alignment: left})
	mk(&s.boldCenter, &excelize.Style{Font: font(true, false), Alignment: center})
	mk(&s.plainCenter, &excelize.Style{Font: font(false, false), Alignment: center})
	mk(&s.italic, &excelize.Style{Font: font(false, true), Alignment: center})
	mk(&s.header, &excelize.Style{Font: font(true, false), Alignment: center, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	mk(&s.headerLeft, &excelize.Style{Font: font(true, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true, Indent: 1}, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	mk(&s.text, &excelize.Style{Font: font(false, false), Alignment: left, Border: border})
	mk(&s.textCenter, &excelize.Style{Font: font(false, false), Alignment: center, Border: border})
	mk(&s.num, &excelize.Style{Font: font(false, false), Alignment: right, Border: border})
	inputFill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}} // the cells a board fills in
	mk(&s.input, &excelize.Style{Font: font(false, false), Alignment: right, Border: border, Protection: unlocked, Fill: inputFill})
	mk(&s.inputText, &excelize.Style{Font: font(false, false), Alignment: left, Border: border, Protection: unlocked, Fill: inputFill, NumFmt: 49})
	mk(&s.section, &excelize.Style{Font: font(true, false), Alignment: left, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}})
	mk(&s.sectionNum, &excelize.Style{Font: font(true, false), Alignment: right, Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}}})
	mk(&s.total, &excelize.Style{Font: font(true, false), Alignment: center, Border: border})
	mk(&s.totalNum, &excelize.Style{Font: font(true, false), Alignment: right, Border: border})
	mk(&s.whole, &excelize.Style{Font: font(false, false), Alignment: right, Border: border, CustomNumFmt: &whole})
	mk(&s.frac, &excelize.Style{Font: font(false, false), Alignment: right, Border: border, CustomNumFmt: &frac})
	mk(&s.wholeTotal, &excelize.Style{Font: font(true, false), Alignment: right, Border: border, CustomNumFmt: &whole})
	mk(&s.fracTotal, &excelize.Style{Font: font(true, false), Alignment: right, Border: border, CustomNumFmt: &frac})
	mk(&s.sign, &excelize.Style{Font: font(true, false), Alignment: center})
	mk(&s.inputWhole, &excelize.Style{Font: font(false, false), Alignment: right, Border: border, Protection: unlocked, Fill: inputFill, CustomNumFmt: &whole})
	mk(&s.inputFrac, &excelize.Style{Font: font(false, false), Alignment: right, Border: border, Protection: unlocked, Fill: inputFill, CustomNumFmt: &frac})
	return s, err
}

// metaRow records what a data row of the scoring sheet holds.
type metaRow struct {
	Row  int
	Kind string
	Code string
	at   int // the hidden sheet's own row, when read back
}

// ScoringWorkbook generates a board's self-scoring workbook.
func ScoringWorkbook(in ScoringInput) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	if err := f.SetSheetName("Sheet1", SheetScores); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	w := &sheetWriter{f: f, sheet: SheetScores}
	cs := in.Criteria

	// Decree 30 head, in cells.
	// Proper names never break inside a wrapped head ("ĐẮK LẮK").
	w.merge("A1", "B1", vn.KeepTogether(vn.Upper(in.UnitName), append(append([]string{in.Province}, in.Names...), vn.Regions...)), st.boldCenter)
	w.merge("C1", "G1", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.boldCenter)
	w.merge("C2", "G2", "Độc lập - Tự do - Hạnh phúc", st.boldCenter)
	signYear := in.SignYear
	if signYear == 0 {
		signYear = in.Year
	}
	w.merge("C3", "G3", fmt.Sprintf("%s, ngày      tháng      năm %d", in.Province, signYear), st.italic)
	f.SetRowHeight(SheetScores, 4, 40) // room between the date and the title
	w.merge("A4", "G4", fmt.Sprintf("BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %d", in.Year), st.title)
	w.merge("A5", "G5", "Đơn vị: "+in.UnitName, st.boldCenter)
	w.merge("A6", "G6", fmt.Sprintf("(Theo %s năm %d của %s)", vn.LowerFirst(orDefault(cs.Title, "bảng tiêu chí chấm điểm thi đua")), in.Year, in.BlocName), st.italic)
	w.merge("A7", "G7", "Cách điền: nhập điểm tự chấm vào cột D và giải trình, minh chứng vào cột E (các ô màu vàng); không sửa các ô khác; cột F do Khối chấm.", st.italic)
	f.SetRowHeight(SheetScores, 7, 34)
	f.SetRowHeight(SheetScores, 1, 34)
	f.SetRowHeight(SheetScores, 6, 34)
	for i, h := range []string{"STT", "Nội dung tiêu chí", "Điểm chuẩn", "Điểm tự chấm", "Giải trình / minh chứng", "Điểm Khối chấm", "Minh chứng cần có"} {
		cell := string(rune('A'+i)) + strconv.Itoa(headerRow)
		w.set(cell, h, st.header)
	}
	f.SetRowHeight(SheetScores, headerRow, 40) // "Điểm Khối chấm" on two whole lines
	for col, width := range map[string]float64{"A": 6, "B": 44, "C": 9, "D": 9, "E": 26, "F": 11, "G": 24} {
		f.SetColWidth(SheetScores, col, col, width)
	}

	var meta []metaRow
	row := headerRow
	var sectionRows []int
	var dvs []*excelize.DataValidation
	addInput := func(r int, c domain.Criterion, what string) {
		ref := colSelf + strconv.Itoa(r)
		w.num(ref, nil, st.input)
		w.set(colRemark+strconv.Itoa(r), "", st.inputText)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(ref)
		// A custom rule, so that the step is enforced too (3,3 is refused
		// where the step is 0,25): a number, within 0 and the maximum, a
		// whole number of steps.
		step := c.StepOrDefault().String()
		dv.Type = "custom"
		dv.Formula1 = xmlText.Replace(fmt.Sprintf("AND(ISNUMBER(%[1]s),%[1]s>=0,%[1]s<=%[2]s,ROUND(%[1]s/%[3]s,6)=ROUND(%[1]s/%[3]s,0))", ref, c.Max.String(), step))
		dv.SetInput("Điểm "+what, fmt.Sprintf("Nhập số từ 0 đến %s, bước %s điểm.", domain.FormatDecimal(c.Max), domain.FormatDecimal(c.StepOrDefault())))
		dv.SetError(excelize.DataValidationErrorStyleStop, "Điểm không hợp lệ", fmt.Sprintf("Điểm của tiêu chí %s phải là số từ 0 đến %s, theo bước %s điểm.", c.Code, domain.FormatDecimal(c.Max), domain.FormatDecimal(c.StepOrDefault())))
		dvs = append(dvs, dv)
	}
	line := func(c domain.Criterion, kind, what string) {
		row++
		r := strconv.Itoa(row)
		w.set(colCode+r, c.Code, st.textCenter)
		w.set(colText+r, c.Text, st.text)
		// The evidence expected, in its own column beside the scores.
		w.set(colHint+r, c.Hint, st.text)
		fitRow(f, SheetScores, row, max(lines(c.Text, 44), lines(c.Hint, 24)))
		w.num(colMax+r, &c.Max, st.num)
		addInput(row, c, what)
		w.num(colBloc+r, nil, st.num)
		meta = append(meta, metaRow{Row: row, Kind: kind, Code: c.Code})
	}
	for _, s := range cs.Sections {
		row++
		first := row + 1
		last := row + len(s.Criteria)
		r := strconv.Itoa(row)
		w.set(colCode+r, s.Code, st.section)
		w.set(colText+r, s.Title, st.section)
		fitRow(f, SheetScores, row, lines(s.Title, 44))
		w.num(colMax+r, &s.Max, st.sectionNum)
		w.formula(colSelf+r, fmt.Sprintf("SUM(%s%d:%s%d)", colSelf, first, colSelf, last), st.sectionNum)
		w.set(colRemark+r, "", st.section)
		w.formula(colBloc+r, fmt.Sprintf("SUM(%s%d:%s%d)", colBloc, first, colBloc, last), st.sectionNum)
		w.set(colHint+r, "", st.section)
		meta = append(meta, metaRow{Row: row, Kind: rowSection, Code: s.Code})
		sectionRows = append(sectionRows, row)
		for _, c := range s.Criteria {
			line(c, rowCriterion, "tự chấm")
		}
	}
	capped := func(kind, itemKind, title string, capv domain.Decimal, items []domain.Criterion) int {
		if len(items) == 0 {
			return 0
		}
		row++
		head := row
		r := strconv.Itoa(row)
		w.set(colCode+r, "", st.section)
		w.set(colText+r, fmt.Sprintf("%s (tối đa %s điểm)", title, domain.FormatDecimal(capv)), st.section)
		w.num(colMax+r, &capv, st.sectionNum)
		w.formula(colSelf+r, fmt.Sprintf("MIN(%s%d,SUM(%s%d:%s%d))", colMax, head, colSelf, head+1, colSelf, head+len(items)), st.sectionNum)
		w.set(colRemark+r, "", st.section)
		w.formula(colBloc+r, fmt.Sprintf("MIN(%s%d,SUM(%s%d:%s%d))", colMax, head, colBloc, head+1, colBloc, head+len(items)), st.sectionNum)
		w.set(colHint+r, "", st.section)
		meta = append(meta, metaRow{Row: row, Kind: kind})
		for _, c := range items {
			line(c, itemKind, "ghi nhận")
		}
		return head
	}
	bonusHead := capped(rowBonusHead, rowBonus, "Điểm thưởng", cs.BonusCap, cs.Bonus)
	dedHead := capped(rowDedHead, rowDed, "Điểm trừ", cs.DeductionCap, cs.Deductions)

	row++
	r := strconv.Itoa(row)
	w.merge(colCode+r, colText+r, "TỔNG ĐIỂM", st.total)
	w.num(colMax+r, &cs.Total, st.totalNum)
	totalFormula := func(col string) string {
		s := ""
		for i, sr := range sectionRows {
			if i > 0 {
				s += "+"
			}
			s += fmt.Sprintf("%s%d", col, sr)
		}
		if bonusHead > 0 {
			s += fmt.Sprintf("+%s%d", col, bonusHead)
		}
		if dedHead > 0 {
			s += fmt.Sprintf("-%s%d", col, dedHead)
		}
		return s
	}
	w.formula(colSelf+r, totalFormula(colSelf), st.totalNum)
	w.set(colRemark+r, "", st.total)
	w.formula(colBloc+r, totalFormula(colBloc), st.totalNum)
	w.set(colHint+r, "", st.total)
	meta = append(meta, metaRow{Row: row, Kind: rowTotal})

	// Signature area.
	row += 2
	r = strconv.Itoa(row)
	w.merge("D"+r, "F"+r, "THỦ TRƯỞNG ĐƠN VỊ", st.sign)
	w.merge("D"+strconv.Itoa(row+1), "F"+strconv.Itoa(row+1), "(Ký, ghi rõ họ tên, đóng dấu)", st.italic)
	w.merge("D"+strconv.Itoa(row+5), "F"+strconv.Itoa(row+5), in.HeadName, st.sign)
	w.merge("A"+r, "B"+r, "NGƯỜI LẬP BIỂU", st.sign)
	w.merge("A"+strconv.Itoa(row+1), "B"+strconv.Itoa(row+1), "(Ký, ghi rõ họ tên)", st.italic)

	if w.err != nil {
		return nil, w.err
	}
	for _, dv := range dvs {
		if err := f.AddDataValidation(SheetScores, dv); err != nil {
			return nil, err
		}
	}
	if err := printSetup(f, SheetScores, fmt.Sprintf("$%d:$%d", headerRow, headerRow), fmt.Sprintf("$A$1:$%s$%d", colHint, row+5)); err != nil {
		return nil, err
	}
	if err := f.SetPanes(SheetScores, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: "A" + strconv.Itoa(headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	if err := protect(f, SheetScores); err != nil {
		return nil, err
	}

	if err := indicatorSheet(f, st, in); err != nil {
		return nil, err
	}
	if err := writeMeta(f, in, meta); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("Bảng tự chấm điểm thi đua năm %d", in.Year), Subject: in.UnitName, Creator: in.BlocName, Description: Version})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fitRow sets a row tall enough for text wrapped in a column about width
// characters wide at 13 pt: Excel does not grow rows by itself on opening.
func fitRow(f *excelize.File, sheet string, row int, lines int) {
	if lines > 1 {
		f.SetRowHeight(sheet, row, float64(lines)*17+2)
	}
}

// lines is how many lines a text takes in a column of width characters.
func lines(text string, width int) int {
	return (utf8.RuneCountInString(text) + width - 1) / width
}

// protect locks the sheet without a password: it guides the board to the
// input cells, it does not pretend to be security.
func protect(f *excelize.File, sheet string) error {
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
}

// Indicator rows of the "Chỉ tiêu" sheet: key, label, unit, integer?
var indicatorRows = []struct {
	key, label, unit string
	integer          bool
}{
	{"new_projects", "Số dự án đầu tư mới", "dự án", true},
	{"capital_increase_projects", "Số dự án điều chỉnh tăng vốn", "dự án", true},
	{"registered_capital", "Tổng vốn đăng ký (mới và tăng thêm)", "tỷ đồng", false},
	{"fdi_capital", "Trong đó vốn FDI", "triệu USD", false},
	{"export_import", "Kim ngạch xuất nhập khẩu", "triệu USD", false},
	{"revenue", "Doanh thu của doanh nghiệp", "tỷ đồng", false},
	{"budget", "Nộp ngân sách nhà nước", "tỷ đồng", false},
	{"workers", "Số lao động trong các KCN, KKT", "người", true},
	{"staff", "Số công chức, viên chức, người lao động của Ban", "người", true},
}

const indicatorFirstRow = 4

func indicatorSheet(f *excelize.File, st styles, in ScoringInput) error {
	sh := SheetIndicators
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: sh}
	w.merge("A1", "D1", fmt.Sprintf("CÁC CHỈ TIÊU CHÍNH NĂM %d", in.Year), st.title)
	w.merge("A2", "D2", in.UnitName, st.boldCenter)
	w.merge("A"+strconv.Itoa(indicatorFirstRow+len(indicatorRows)+1), "D"+strconv.Itoa(indicatorFirstRow+len(indicatorRows)+1),
		"Ghi số liệu cả năm của các khu công nghiệp, khu kinh tế do đơn vị quản lý; để trống chỉ tiêu không có số liệu (khác với số 0). Số liệu đã có trên hệ thống được điền sẵn.", st.italic)
	for i, h := range []string{"STT", "Chỉ tiêu", "Đơn vị tính", "Giá trị"} {
		w.set(string(rune('A'+i))+"3", h, st.header)
	}
	f.SetColWidth(sh, "A", "A", 6)
	f.SetColWidth(sh, "B", "B", 50)
	f.SetColWidth(sh, "C", "C", 14)
	f.SetColWidth(sh, "D", "D", 16)
	ind := in.Indicators
	for i, ir := range indicatorRows {
		r := strconv.Itoa(indicatorFirstRow + i)
		w.set("A"+r, strconv.Itoa(i+1), st.textCenter)
		w.set("B"+r, ir.label, st.text)
		w.set("C"+r, ir.unit, st.textCenter)
		var val *domain.Decimal
		if ind != nil {
			val = indicatorValue(ind, ir.key)
		}
		style := st.inputFrac
		if ir.integer {
			style = st.inputWhole
		}
		w.num("D"+r, val, style)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref("D" + r)
		typ := excelize.DataValidationTypeDecimal
		msg := "Nhập số không âm; dùng dấu phẩy cho phần thập phân nếu máy đặt tiếng Việt."
		if ir.integer {
			typ = excelize.DataValidationTypeWhole
			msg = "Nhập số nguyên không âm."
		}
		dv.SetRange(0, 1e12, typ, excelize.DataValidationOperatorBetween)
		dv.SetInput(ir.label, msg+" Để trống nếu chưa có số liệu.")
		dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ", msg)
		if err := f.AddDataValidation(sh, dv); err != nil {
			return err
		}
	}
	if w.err != nil {
		return w.err
	}
	if err := printSetup(f, sh, "", fmt.Sprintf("$A$1:$D$%d", indicatorFirstRow+len(indicatorRows)-1)); err != nil {
		return err
	}
	return protect(f, sh)
}

func indicatorValue(ind *domain.Indicators, key string) *domain.Decimal {
	if f, ok := ind.Field(key); ok {
		return f.Value()
	}
	return nil
}

// Metadata keys of the hidden sheet.
const (
	metaBloc        = "bloc"
	metaUnit        = "unit"
	metaYear        = "year"
	metaSetID       = "criteria_set_id"
	metaSetVersion  = "criteria_version"
	metaFingerprint = "criteria_fingerprint"
	metaGenerator   = "generator"
)

func writeMeta(f *excelize.File, in ScoringInput, rows []metaRow) error {
	sh := SheetMeta
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: sh}
	kv := [][2]string{
		{metaBloc, in.Bloc}, {metaUnit, in.Unit}, {metaYear, strconv.Itoa(in.Year)},
		{metaSetID, strconv.FormatInt(in.Criteria.ID, 10)}, {metaSetVersion, strconv.Itoa(in.Criteria.Version)},
		{metaFingerprint, in.Criteria.Fingerprint()}, {metaGenerator, Version},
	}
	for i, p := range kv {
		w.set("A"+strconv.Itoa(i+1), p[0], 0)
		w.set("B"+strconv.Itoa(i+1), p[1], 0)
	}
	base := len(kv) + 2
	w.set("A"+strconv.Itoa(base), "rows", 0)
	for i, m := range rows {
		r := strconv.Itoa(base + 1 + i)
		w.set("A"+r, strconv.Itoa(m.Row), 0)
		w.set("B"+r, m.Kind, 0)
		w.set("C"+r, m.Code, 0)
	}
	if w.err != nil {
		return w.err
	}
	if err := f.SetSheetVisible(sh, false, true); err != nil {
		return err
	}
	return protect(f, sh)
}

// sheetWriter sets cells and remembers the first error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) set(cell, text string, style int) {
	if w.err != nil {
		return
	}
	if text != "" {
		// SetCellStr: text stays text, even "=…", never a formula.
		w.err = w.f.SetCellStr(w.sheet, cell, text)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, cell, cell, style)
	}
}

func (w *sheetWriter) num(cell string, v *domain.Decimal, style int) {
	if w.err != nil {
		return
	}
	if v != nil {
		w.err = w.f.SetCellFloat(w.sheet, cell, v.Float(), -1, 64)
	}
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, cell, cell, style)
	}
}

func (w *sheetWriter) formula(cell, formula string, style int) {
	if w.err != nil {
		return
	}
	w.err = w.f.SetCellFormula(w.sheet, cell, formula)
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, cell, cell, style)
	}
}

func (w *sheetWriter) merge(from, to, text string, style int) {
	if w.err != nil {
		return
	}
	w.err = w.f.MergeCell(w.sheet, from, to)
	w.set(from, text, style)
	if w.err == nil && style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, from, to, style)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// xmlText escapes a formula for the raw XML excelize writes it into.
var xmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
