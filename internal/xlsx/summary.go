package xlsx

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/domain"
)

// Sheet names of the summary workbook.
const (
	SheetSummary       = "Tổng hợp điểm"
	SheetSummaryInd    = "Chỉ tiêu chính"
	SheetSummaryChart  = "Biểu đồ"
	summaryFirstData   = 7
	summaryHeaderRows  = 3
	summaryHeaderStart = 4
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
	if err := a3Landscape.apply(f, sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	// Columns: STT, unit, then per section its criteria and a self and a bloc
	// subtotal; then bonus, deductions, totals, rank, award.
	type col struct {
		head, sub string
		max       domain.Decimal
		value     func(r domain.Result, sheet map[string]domain.Score) any
	}
	var cols []col
	type group struct {
		title      string
		first, end int
	}
	var groups []group
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
		g := group{title: fmt.Sprintf("%s. %s (%s điểm)", s.Code, s.Title, domain.FormatDecimal(s.Max)), first: len(cols) + 3}
		for _, c := range s.Criteria {
			cols = append(cols, col{head: c.Code, sub: c.Code, max: c.Max, value: mark(c.Code)})
		}
		code := s.Code
		cols = append(cols,
			col{sub: "Cộng tự chấm", max: s.Max, value: func(r domain.Result, _ map[string]domain.Score) any { return self[r.Unit][code].Float() }},
			col{sub: "Cộng Khối chấm", max: s.Max, value: func(r domain.Result, _ map[string]domain.Score) any { return r.SectionTotal[code].Float() }})
		g.end = len(cols) + 2
		groups = append(groups, g)
	}
	award := map[string]string{}
	for _, k := range []string{domain.AwardFlag, domain.AwardMerit} {
		for _, u := range d.Awarded(k) {
			award[u] = domain.AwardLabel(k)
		}
	}
	tail := []col{
		{head: "Điểm thưởng", max: cs.BonusCap, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Bonus.Float() }},
		{head: "Điểm trừ", max: cs.DeductionCap, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Deductions.Float() }},
		{head: "Tổng tự chấm", max: cs.Total, value: func(r domain.Result, _ map[string]domain.Score) any { return r.SelfTotal.Float() }},
		{head: "Tổng Khối chấm", max: cs.Total, value: func(r domain.Result, _ map[string]domain.Score) any { return r.Total.Float() }},
		{head: "Xếp hạng", value: func(r domain.Result, _ map[string]domain.Score) any { return r.Rank }},
		{head: "Đề nghị khen thưởng", value: func(r domain.Result, _ map[string]domain.Score) any { return award[r.Unit] }},
	}
	tailStart := len(cols) + 3
	cols = append(cols, tail...)
	last := len(cols) + 2

	if err := sw.SetColWidth(1, 1, 5); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 34); err != nil {
		return err
	}
	if err := sw.SetColWidth(3, last, 7); err != nil {
		return err
	}
	if err := sw.SetColWidth(last, last, 14); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: summaryFirstData - 1, TopLeftCell: cellName(3, summaryFirstData), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	title := excelize.Cell{StyleID: st.title, Value: fmt.Sprintf("BẢNG TỔNG HỢP ĐIỂM THI ĐUA NĂM %d", d.Year)}
	if err := sw.SetRow("A1", []any{title}, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", []any{excelize.Cell{StyleID: st.boldCenter, Value: d.Bloc.Names.At(d.Date()).Full}}); err != nil {
		return err
	}
	merges := [][2]string{{"A1", cellName(last, 1)}, {"A2", cellName(last, 2)}}

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
	merges = append(merges, [2]string{"A4", "A5"}, [2]string{"B4", "B5"})
	for _, g := range groups {
		h1[g.first-1] = hc(g.title)
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
		if err := sw.SetRow(cellName(1, summaryHeaderStart+i), row, excelize.RowOpts{Height: []float64{60, 30, 18}[i]}); err != nil {
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
			row = append(row, excelize.Cell{StyleID: st.textCenter, Value: "Chưa nộp"})
			for j := 1; j < len(cols); j++ {
				row = append(row, excelize.Cell{StyleID: st.textCenter})
			}
			merges = append(merges, [2]string{cellName(3, rowNum), cellName(min(last, 14), rowNum)})
		} else {
			for j, c := range cols {
				style := st.num
				if j+3 >= tailStart && j+3 < last-1 || j+3 < tailStart && c.head == "" {
					style = st.totalNum
				}
				if j+3 >= last-1 {
					style = st.textCenter
				}
				row = append(row, excelize.Cell{StyleID: style, Value: c.value(r, sheets[r.Unit])})
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
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$4:$6", sheet), Scope: sheet})
}

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
			row = append(row, excelize.Cell{StyleID: st.num, Value: v})
		}
		if err := sw.SetRow(cellName(1, 4+i), row); err != nil {
			return err
		}
	}
	tot := domain.SumIndicators(reported)
	row := []any{excelize.Cell{StyleID: st.total, Value: ""}, excelize.Cell{StyleID: st.total, Value: "Toàn Khối"}}
	for _, ir := range indicatorRows {
		row = append(row, excelize.Cell{StyleID: st.totalNum, Value: value(&tot.Indicators, ir.key)})
	}
	if err := sw.SetRow(cellName(1, 4+len(d.Members)), row); err != nil {
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
	return f.AddChart(SheetSummaryChart, "A1", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{{
			Name:       fmt.Sprintf("'%s'!$%s$4", SheetSummary, colName),
			Categories: fmt.Sprintf("'%s'!$B$%d:$B$%d", SheetSummary, first, lastRow),
			Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", SheetSummary, colName, first, colName, lastRow),
		}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: fmt.Sprintf("Tổng điểm thi đua năm %d", d.Year)}}},
		Dimension: excelize.ChartDimension{Width: 900, Height: 40*uint(n) + 160},
		Legend:    excelize.ChartLegend{Position: "none"},
		YAxis:     excelize.ChartAxis{ReverseOrder: true},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
	})
}
