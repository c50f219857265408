package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// Sheet names of the summary workbook.
const (
	SheetSummary       = "Tổng hợp điểm"
	SheetSummaryInd    = "Chỉ tiêu chính"
	SheetSummaryChart  = "Biểu đồ"
	summaryFirstData   = 9
	summaryHeaderRows  = 3
	summaryHeaderStart = 6
)

// SummaryWorkbook writes the secretariat's score summary: every member
// (rows, in rank order) × every criterion (columns grouped by section),
// self and bloc totals, bonus, deductions, rank, proposed award; the key
// indicators with exact bloc totals; a bar chart of totals. Rows are
// written with excelize's streaming writer, so large blocs and multi-year
// exports stay flat in memory.
func SummaryWorkbook(d *domain.YearData) ([]byte, error) {
	if d.Criteria == nil {
		return nil, fmt.Errorf("năm %d chưa có bảng tiêu chí", d.Year)
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := summarySheet(f, st, d, SheetSummary); err != nil {
		return nil, err
	}
	if err := indicatorSummary(f, st, d, SheetSummaryInd); err != nil {
		return nil, err
	}
	if err := chartSheet(f, d); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: fmt.Sprintf("Bảng tổng hợp điểm thi đua năm %d", d.Year), Subject: d.Bloc.Names.At(d.Date()).Full, Creator: "thidua", Description: Version})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// SummaryWorkbookYears exports several years of a bloc in one workbook: a
// score sheet and an indicator sheet per year, every one streamed.
func SummaryWorkbookYears(ds []*domain.YearData) ([]byte, error) {
	if len(ds) == 0 {
		return nil, fmt.Errorf("không có năm nào để xuất")
	}
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(fastZip)
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	for i, d := range ds {
		scores := fmt.Sprintf("Điểm %d", d.Year)
		if i == 0 {
			if err := f.SetSheetName("Sheet1", scores); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(scores); err != nil {
			return nil, err
		}
		if d.Criteria == nil {
			if err := f.SetCellStr(scores, "A1", fmt.Sprintf("Năm %d chưa có bảng tiêu chí.", d.Year)); err != nil {
				return nil, err
			}
		} else if err := summarySheet(f, st, d, scores); err != nil {
			return nil, err
		}
		ind := fmt.Sprintf("Chỉ tiêu %d", d.Year)
		if _, err := f.NewSheet(ind); err != nil {
			return nil, err
		}
		if err := indicatorSummary(f, st, d, ind); err != nil {
			return nil, err
		}
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func summarySheet(f *excelize.File, st styles, d *domain.YearData, sheet string) error {
	cs := d.Criteria
	if err := a4Landscape.apply(f, sheet); err != nil {
		return err
	}
	// The ordinary API, not the stream writer: a flushed stream drops the
	// page breaks between sections. The sheet is members × criteria, both
	// bounded (criteria sets are capped at 400 lines).
	var sw rowWriter = plainRows{f: f, sheet: sheet}
	// Columns: STT, unit, then per section its criteria and a self and a bloc
	// subtotal; then bonus, deductions, totals, rank, award.
	type col struct {
		head, sub string
		max       domain.Decimal
		value     func(r domain.Result, sheet map[string]domain.Score) any
		formula   func(row int) string // a live formula, its cached value from value
	}
	var cols []col
	var blocSums []int // columns of the sections' bloc subtotals
	var groups []colGroup
	mark := func(code string) func(domain.Result, map[string]domain.Score) any {
		return func(_ domain.Result, s map[string]domain.Score) any {
			if v, ok := s[code].Effective(); ok {
				return v.Float()
			}
			return nil
		}
	}
	self := map[string]map[string]domain.Decimal{}
	for _, sh := range d.Sheets {
		self[sh.Unit] = domain.SelfBySection(cs, sh)
	}
	for _, s := range cs.Sections {
		g := colGroup{title: fmt.Sprintf("%s. %s (%s điểm)", s.Code, s.Title, domain.FormatDecimal(s.Max)), first: len(cols) + 3}
		for _, c := range s.Criteria {
			cols = append(cols, col{head: c.Code, sub: c.Code, max: c.Max, value: mark(c.Code)})
		}
		code := s.Code
		firstCrit, lastCrit := g.first, len(cols)+2
		cols = append(cols,
			col{sub: "Cộng tự chấm", max: s.Max, value: func(r domain.Result, _ map[string]domain.Score) any { return self[r.Unit][code].Float() }},
			col{sub: "Cộng Khối chấm", max: s.Max, value: func(r domain.Result, _ map[string]domain.Score) any { return r.SectionTotal[code].Float() },
				formula: func(row int) string {
					if lastCrit < firstCrit {
						return ""
					}
					return fmt.Sprintf("SUM(%s:%s)", cellName(firstCrit, row), cellName(lastCrit, row))
				}})
		g.end = len(cols) + 2
		blocSums = append(blocSums, g.end)
		groups = append(groups, g)
	}
	award := map[string]string{}
	for _, k := range []string{domain.AwardFlag, domain.AwardMerit} {
		for _, u := range d.Awarded(k) {
			award[u] = domain.AwardLabel(k)
		}
	}
	tailStart := len(cols) + 3 // column of the bonus
	tail := []col{
		{head: "Điểm thưởng", max: cs.BonusCap, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Bonus.Float() }},
		{head: "Điểm trừ", max: cs.DeductionCap, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Deductions.Float() }},
		{head: "Tổng tự chấm", max: cs.Total, value: func(r domain.Result, _ map[string]domain.Score) any { return r.SelfTotal.Float() }},
		{head: "Tổng Khối chấm", max: cs.Total, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Total.Float() },
			formula: func(row int) string {
				// The sections' bloc subtotals, plus bonus, less deductions
				// (both already capped, as the ranking counts them).
				var terms []string
				for _, c := range blocSums {
					terms = append(terms, cellName(c, row))
				}
				bonus, ded := cellName(tailStart, row), cellName(tailStart+1, row)
				sum := "0"
				if len(terms) > 0 {
					sum = "SUM(" + strings.Join(terms, ",") + ")"
				}
				return sum + "+" + bonus + "-" + ded
			}},
		{head: "Xếp hạng", value: func(r domain.Result, _ map[string]domain.Score) any { return r.Rank }},
		{head: "Đề nghị khen thưởng", value: func(r domain.Result, _ map[string]domain.Score) any { return award[r.Unit] }},
	}
	cols = append(cols, tail...)
	last := len(cols) + 2

	if err := sw.SetColWidth(1, 1, 5); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 34); err != nil {
		return err
	}
	if err := sw.SetColWidth(3, last, scoreColChars); err != nil {
		return err
	}
	if err := sw.SetColWidth(last, last, 14); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: summaryFirstData - 1, TopLeftCell: cellName(3, summaryFirstData), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	// Printed pages across: the name columns repeat on each, and a page
	// ends at a section's end (see pageBreaks); the head and the title span
	// the first page, the signatures sit under it.
	breaks, firstPage := pageBreaks(groups, tailStart, last)
	bn := d.Bloc.Names.At(d.Date())
	parent := ""
	if p := d.Bloc.Parent.At(d.Date()).Full; p != "" {
		parent = vn.Upper(p)
	}
	merges := [][2]string{}
	head := func(row int, left string, leftStyle int, right string, rightStyle int, height float64) error {
		cells := []any{excelize.Cell{StyleID: leftStyle, Value: left}, excelize.Cell{StyleID: leftStyle}}
		if right != "" {
			cells = append(cells, excelize.Cell{StyleID: rightStyle, Value: right})
			merges = append(merges, [2]string{cellName(3, row), cellName(max(firstPage, 3), row)})
		}
		merges = append(merges, [2]string{cellName(1, row), cellName(2, row)})
		return sw.SetRow(cellName(1, row), cells, excelize.RowOpts{Height: height})
	}
	// Decree 30 head, in cells: the parent agency and the bloc on the left,
	// the national title and motto on the right.
	if err := head(1, parent, st.plainCenter, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", st.boldCenter, 18); err != nil {
		return err
	}
	if err := head(2, vn.KeepTogether(vn.Upper(bn.Full), vn.Regions), st.boldCenter, "Độc lập - Tự do - Hạnh phúc", st.boldCenter, 48); err != nil {
		return err
	}
	minutes := fmt.Sprintf("(Kèm theo Biên bản họp bình xét thi đua, khen thưởng năm %d", d.Year)
	if n := d.Settings.DocNumbers["bien-ban-binh-xet"]; n != "" {
		minutes += " số " + n + "/BB-KTĐ"
	}
	// Dated as the minutes are: the conference's date, or room to write it.
	if t, err := time.Parse(domain.DateLayout, d.Settings.ConferenceDate); err == nil {
		minutes += " " + vn.Date(t)
	} else {
		minutes += " " + vn.BlankDate(d.DateYear())
	}
	minutes += ")"
	// The title over the first page's score columns: columns A:B repeat
	// on every printed page, and what stands in them would repeat too.
	for i, t := range []excelize.Cell{
		{StyleID: st.title, Value: fmt.Sprintf("PHỤ LỤC: BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM %d", d.Year)},
		{StyleID: st.italic, Value: minutes},
	} {
		row := 4 + i
		if err := sw.SetRow(cellName(3, row), []any{t}, excelize.RowOpts{Height: 20}); err != nil {
			return err
		}
		merges = append(merges, [2]string{cellName(3, row), cellName(max(firstPage, 3), row)})
	}

	// Three header rows: groups, columns, maxima.
	h1 := make([]any, last)
	h2 := make([]any, last)
	h3 := make([]any, last)
	hc := func(v any) excelize.Cell { return excelize.Cell{StyleID: st.header, Value: v} }
	for i := range h1 {
		h1[i], h2[i], h3[i] = hc(nil), hc(nil), hc(nil)
	}
	h1[0], h1[1] = hc("STT"), hc("Đơn vị")
	h3[1] = hc("Điểm chuẩn")
	merges = append(merges, [2]string{cellName(1, summaryHeaderStart), cellName(1, summaryHeaderStart+1)}, [2]string{cellName(2, summaryHeaderStart), cellName(2, summaryHeaderStart+1)})
	for _, g := range groups {
		h1[g.first-1] = excelize.Cell{StyleID: st.headerLeft, Value: g.title}
		merges = append(merges, [2]string{cellName(g.first, summaryHeaderStart), cellName(g.end, summaryHeaderStart)})
	}
	for i, c := range cols {
		h2[i+2] = hc(c.sub)
		if c.max > 0 {
			h3[i+2] = hc(c.max.Float())
		}
		if i+3 >= tailStart {
			h1[i+2] = hc(c.head)
			merges = append(merges, [2]string{cellName(i+3, summaryHeaderStart), cellName(i+3, summaryHeaderStart+1)})
		}
	}
	for i, row := range [][]any{h1, h2, h3} {
		if err := sw.SetRow(cellName(1, summaryHeaderStart+i), row, excelize.RowOpts{Height: []float64{60, 46, 18}[i]}); err != nil {
			return err
		}
	}

	sheets := map[string]map[string]domain.Score{}
	for _, sh := range d.Sheets {
		sheets[sh.Unit] = sh.ByCode()
	}
	for i, r := range d.Ranking {
		rowNum := summaryFirstData + i
		name := d.UnitName(r.Unit).Short
		if m, ok := d.Member(r.Unit); ok {
			name = m.Name.Short
		}
		row := []any{excelize.Cell{StyleID: st.textCenter, Value: i + 1}, excelize.Cell{StyleID: st.text, Value: name}}
		if !r.Submitted {
			// One cell across the whole row: nothing of the unit is scored.
			row = append(row, excelize.Cell{StyleID: st.text, Value: "Chưa nộp"})
			for j := 1; j < len(cols); j++ {
				row = append(row, excelize.Cell{StyleID: st.textCenter})
			}
			merges = append(merges, [2]string{cellName(3, rowNum), cellName(last, rowNum)})
		} else {
			for j, c := range cols {
				style := st.num
				if j+3 >= tailStart && j+3 < last-1 || j+3 < tailStart && c.head == "" {
					style = st.totalNum
				}
				if j+3 >= last-1 {
					style = st.textCenter
				}
				cell := excelize.Cell{StyleID: style, Value: c.value(r, sheets[r.Unit])}
				if c.formula != nil {
					cell.Formula = c.formula(rowNum)
				}
				row = append(row, cell)
			}
		}
		opts := excelize.RowOpts{}
		if utf8.RuneCountInString(name) > 32 {
			opts.Height = 32 // the unit's name wraps on two lines
		}
		if err := sw.SetRow(cellName(1, rowNum), row, opts); err != nil {
			return err
		}
	}
	// Signatures under the last printed page's columns, where the table
	// ends with its totals, ranks and proposals (not under the first page,
	// which would sign a table cut short; not in A:B, which repeat on
	// every page): who drew the table up, and the bloc's leader for the
	// bloc, with the head's name below the room to sign.
	sign := summaryFirstData + len(d.Ranking) + 1
	leader, headName := "", ""
	if u, ok := d.Units[d.Settings.Leader]; ok {
		// A signature line, for display only: the province's name kept
		// whole ("TP. HỒ CHÍ" / "MINH" was seen). Data cells keep plain
		// spaces, so that a search in the sheet finds the name.
		leader = vn.KeepTogether(vn.Upper(u.Names.At(d.Date()).Short), d.ProperNames())
	}
	if m, ok := d.Member(d.Settings.Leader); ok {
		headName = m.HeadName
	}
	lastStart := 3
	if len(breaks) > 0 {
		lastStart = breaks[len(breaks)-1]
	}
	left, right, end := signColumns(lastStart, last)
	blocks := [][2]string{{"NGƯỜI LẬP BIỂU", "TM. KHỐI THI ĐUA"}, {"(Ký, ghi rõ họ tên)", "KHỐI TRƯỞNG"}, {"", leader}, {"", ""}, {"", ""}, {"", headName}}
	for i, pair := range blocks {
		row := sign + i
		st1 := st.boldCenter
		if i == 1 {
			st1 = st.italic
		}
		opts := excelize.RowOpts{}
		if i == 2 {
			opts.Height = 34 // the leader's board on two lines
		}
		if err := sw.SetRow(cellName(left, row), []any{excelize.Cell{StyleID: st1, Value: pair[0]}}, opts); err != nil {
			return err
		}
		if err := sw.SetRow(cellName(right, row), []any{excelize.Cell{StyleID: st.boldCenter, Value: pair[1]}}); err != nil {
			return err
		}
		merges = append(merges, [2]string{cellName(left, row), cellName(right-1, row)}, [2]string{cellName(right, row), cellName(end, row)})
	}
	for _, m := range merges {
		if m[0] == m[1] {
			continue
		}
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	for _, c := range breaks {
		if err := f.InsertPageBreak(sheet, cellName(c, 1)); err != nil {
			return err
		}
	}
	// The name columns and the header rows repeat on every printed page.
	titles := fmt.Sprintf("'%s'!$A:$B,'%s'!$%d:$%d", sheet, sheet, summaryHeaderStart, summaryHeaderStart+summaryHeaderRows-1)
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}); err != nil {
		return err
	}
	// The marks, totals, ranks and proposals are the bloc's record, ranked
	// with its tie-breakers: a mark typed over here would not re-rank, so
	// the sheet is locked (without a password, as guidance; the marks are
	// changed in the system, which ranks again).
	return f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
}

// signColumns splits the last printed page's columns (from..to) between
// the two signature blocks: the preparer's on the left, the bloc's on the
// right. A page of fewer than three columns borrows the
// columns before it for the preparer's block only.
func signColumns(from, to int) (left, right, end int) {
	n := to - from + 1
	if n < 3 {
		return max(from-2, 3), from, to
	}
	return from, from + n/2, to
}

// colGroup is a section's columns in the summary, first to end (its
// subtotals included), under its title.
type colGroup struct {
	title      string
	first, end int
}

// pageBreaks chooses where printed pages end across the summary: at a
// section's end, taking as many whole sections as fit beside the repeated
// name columns on A4 landscape at its scale; a section wider than a page is
// broken where the page is full, so that the breaks are ours and not the
// spreadsheet's. It also returns the last column of the first page, which
// the head, the title and the signatures span.
func pageBreaks(groups []colGroup, tailStart, last int) (breaks []int, firstPageEnd int) {
	room := pageRoom()
	width := func(c int) float64 {
		if c == last {
			return colPx(14)
		}
		return colPx(scoreColChars)
	}
	spans := make([][2]int, 0, len(groups)+1)
	for _, g := range groups {
		spans = append(spans, [2]int{g.first, g.end})
	}
	spans = append(spans, [2]int{tailStart, last})
	used := 0.0
	for _, sp := range spans {
		w := 0.0
		for c := sp[0]; c <= sp[1]; c++ {
			w += width(c)
		}
		if used > 0 && used+w > room { // the whole section to the next page
			breaks = append(breaks, sp[0])
			used = 0
		}
		for c := sp[0]; c <= sp[1]; c++ { // a section wider than a page
			if used > 0 && used+width(c) > room {
				breaks = append(breaks, c)
				used = 0
			}
			used += width(c)
		}
	}
	firstPageEnd = last
	if len(breaks) > 0 {
		firstPageEnd = breaks[0] - 1
	}
	return breaks, firstPageEnd
}

// pageRoom is the width, in pixels, that a printed A4 landscape page has
// for score columns beside the repeated name columns (widths 5 and 34), at
// the page's scale.
func pageRoom() float64 {
	return (11.69-a4Landscape.margins[2]-a4Landscape.margins[3])*96*100/float64(a4Landscape.scale) - colPx(5) - colPx(34)
}

// scoreColChars is the width, in characters, of a score column of the
// summary: a score ("14,25") and a criterion's code ("1.10") fit, and a
// section of a typical table (up to 13 criteria and its two sums) fits
// on one printed page beside the name columns. At 7, a section of 12
// criteria ran over its page by its last sum.
const scoreColChars = 6

// colPx is a column's printed width in pixels at 96 dpi. Excel counts 7
// pixels a character for its default font plus 5; LibreOffice, measured on
// its own print of this sheet, takes nearer 9: the wider is used, so that
// a page holds what we count on it in both.
func colPx(chars float64) float64 { return chars*9 + 5 }

func indicatorSummary(f *excelize.File, st styles, d *domain.YearData, sheet string) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := a3Landscape.apply(f, sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 5); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 40); err != nil {
		return err
	}
	if err := sw.SetColWidth(3, 11, 14); err != nil {
		return err
	}
	sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: fmt.Sprintf("CÁC CHỈ TIÊU CHÍNH NĂM %d", d.Year)}})
	sw.MergeCell("A1", "K1")
	head := []any{"STT", "Đơn vị"}
	for _, ir := range indicatorRows {
		head = append(head, ir.label+" ("+ir.unit+")")
	}
	for i := range head {
		head[i] = excelize.Cell{StyleID: st.header, Value: head[i]}
	}
	if err := sw.SetRow("A3", head, excelize.RowOpts{Height: 60}); err != nil {
		return err
	}
	by := map[string]domain.Indicators{}
	for _, ind := range d.Indicators {
		by[ind.Unit] = ind
	}
	value := func(ind *domain.Indicators, key string) any {
		if v := indicatorValue(ind, key); v != nil {
			return v.Float()
		}
		return nil
	}
	var reported []domain.Indicators
	for i, m := range d.Members {
		row := []any{excelize.Cell{StyleID: st.textCenter, Value: i + 1}, excelize.Cell{StyleID: st.text, Value: m.Name.Short}}
		ind, ok := by[m.Unit]
		if ok {
			reported = append(reported, ind)
		}
		for j, ir := range indicatorRows {
			var v any
			if ok {
				v = value(&ind, ir.key)
			} else if j == 0 {
				v = "Chưa nộp"
			}
			style := st.grouped(v, false)
			if _, text := v.(string); text {
				style = st.textCenter
			}
			row = append(row, excelize.Cell{StyleID: style, Value: v})
		}
		if err := sw.SetRow(cellName(1, 4+i), row); err != nil {
			return err
		}
	}
	// The first half of the boards merged into a member, counted with the
	// year as the year-end report counts it.
	complete, next := len(reported), 4+len(d.Members)
	for _, ind := range d.Absorbed() {
		label := d.UnitNameAt(ind.Unit, domain.MidYear(d.Year)).Short + " (6 tháng đầu năm, hợp nhất vào " + d.UnitName(d.AbsorbedBy(ind.Unit)).Short + ")"
		row := []any{excelize.Cell{StyleID: st.textCenter, Value: next - 3}, excelize.Cell{StyleID: st.text, Value: label}}
		for _, ir := range indicatorRows {
			v := value(&ind, ir.key)
			row = append(row, excelize.Cell{StyleID: st.grouped(v, false), Value: v})
		}
		if err := sw.SetRow(cellName(1, next), row); err != nil {
			return err
		}
		reported = append(reported, ind)
		next++
	}
	tot := domain.SumIndicators(reported)
	row := []any{excelize.Cell{StyleID: st.total, Value: ""}, excelize.Cell{StyleID: st.total, Value: domain.TotalsLabel(complete, len(d.Members))}}
	for _, ir := range indicatorRows {
		v := value(&tot.Indicators, ir.key)
		row = append(row, excelize.Cell{StyleID: st.grouped(v, true), Value: v})
	}
	if err := sw.SetRow(cellName(1, next), row); err != nil {
		return err
	}
	return sw.Flush()
}

func chartSheet(f *excelize.File, d *domain.YearData) error {
	n := 0
	for _, r := range d.Ranking {
		if r.Submitted {
			n++
		}
	}
	if _, err := f.NewSheet(SheetSummaryChart); err != nil {
		return err
	}
	if n == 0 {
		return f.SetCellStr(SheetSummaryChart, "A1", "Chưa có đơn vị nộp bảng tự chấm điểm.")
	}
	// The bloc total is the fourth column from the end of the summary.
	cs := d.Criteria
	totalCol := 2
	for _, s := range cs.Sections {
		totalCol += len(s.Criteria) + 2
	}
	totalCol += 4
	colName, _ := excelize.ColumnNumberToName(totalCol)
	first, lastRow := summaryFirstData, summaryFirstData+n-1
	if err := chartPage.apply(f, SheetSummaryChart); err != nil {
		return err
	}
	zero := 0.0
	return f.AddChart(SheetSummaryChart, "A1", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$%d", SheetSummary, colName, summaryHeaderStart),
			Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", SheetSummary, first, lastRow),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, colName, first, colName, lastRow),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("Tổng điểm thi đua năm %d", d.Year)}}},
		Dimension: excelize.ChartDimension{Width: 900, Height: 40*uint(n) + 160},
		Legend:    excelize.ChartLegend{Position: "none"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true}, // the units, first ranked on top
		YAxis:     excelize.ChartAxis{Minimum: &zero},     // the totals, from 0 up
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	})
}
