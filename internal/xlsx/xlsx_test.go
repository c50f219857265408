package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
	"github.com/thidua/thidua/templates"
)

func demoStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Load(context.Background(), st, templates.FS); err != nil {
		t.Fatal(err)
	}
	return st
}

func year(t testing.TB, st *sqlstore.Store, bloc string, y int) *domain.YearData {
	t.Helper()
	d, err := store.LoadYear(context.Background(), st, bloc, y)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func expect(d *domain.YearData, unit string) Expect {
	m, _ := d.Member(unit)
	return Expect{Bloc: d.Bloc.Slug, Unit: unit, UnitName: m.Name.Full, Year: d.Year, Criteria: *d.Criteria}
}

// rowsOf maps each code to its row, from the hidden metadata.
func rowsOf(t testing.TB, f *excelize.File) map[string]int {
	t.Helper()
	rows, err := f.GetRows(SheetMeta)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	in := false
	for _, r := range rows {
		if len(r) > 0 && r[0] == "rows" {
			in = true
			continue
		}
		if in && len(r) >= 3 && r[2] != "" {
			var n int
			fmt.Sscan(r[0], &n)
			out[r[1]+":"+r[2]] = n
		}
	}
	return out
}

// fill opens a generated workbook and fills it as a board would: a mark
// for each criterion (the maximum minus a quarter where possible), bonus
// and deduction items, remarks, indicators. It returns the bytes and the
// marks it wrote.
func fill(t testing.TB, wb []byte, cs domain.CriteriaSet, edit func(f *excelize.File, rows map[string]int)) ([]byte, map[string]domain.Decimal) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	rows := rowsOf(t, f)
	marks := map[string]domain.Decimal{}
	for i, l := range cs.Lines() {
		var v domain.Decimal
		switch l.Kind {
		case domain.LineCriterion:
			v = l.Max
			if i%3 == 0 {
				v -= domain.DefaultStep
			}
		case domain.LineBonus:
			if i%2 == 1 {
				continue
			}
			v = domain.Dec(1)
		case domain.LineDeduction:
			if l.Code != cs.Deductions[0].Code {
				continue
			}
			v = l.StepOrDefault()
		}
		row := rows[map[string]string{domain.LineCriterion: rowCriterion, domain.LineBonus: rowBonus, domain.LineDeduction: rowDed}[l.Kind]+":"+l.Code]
		if err := f.SetCellFloat(SheetScores, fmt.Sprintf("D%d", row), v.Float(), -1, 64); err != nil {
			t.Fatal(err)
		}
		f.SetCellStr(SheetScores, fmt.Sprintf("E%d", row), "Minh chứng "+l.Code)
		marks[l.Code] = v
	}
	f.SetCellFloat(SheetIndicators, "D4", 12, -1, 64)
	f.SetCellFloat(SheetIndicators, "D6", 1234.5, -1, 64)
	if edit != nil {
		edit(f, rows)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), marks
}

func generate(t testing.TB, d *domain.YearData, unit string) []byte {
	t.Helper()
	_, b, err := Workbooks{}.Workbook(d, "phieu-cham-diem", unit)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRoundTripEveryMember generates, fills and reads back the workbook of
// every member of every demo bloc-year.
func TestRoundTripEveryMember(t *testing.T) {
	st := demoStore(t)
	ctx := context.Background()
	n := 0
	for _, bloc := range []string{demo.TayNguyen, demo.TrungDu, demo.BacTrung} {
		years, _ := st.ListYears(ctx, bloc)
		for _, y := range years {
			d := year(t, st, bloc, y)
			for _, m := range d.Members {
				filled, marks := fill(t, generate(t, d, m.Unit), *d.Criteria, nil)
				up, err := ReadScoring(filled, expect(d, m.Unit), DefaultLimits)
				if err != nil {
					t.Fatalf("%s %d %s: %v", bloc, y, m.Unit, err)
				}
				got := map[string]domain.Decimal{}
				for _, s := range up.Scores {
					if s.Self != nil {
						got[s.Code] = *s.Self
					}
					if s.Remark != "Minh chứng "+s.Code && marks[s.Code] != 0 {
						t.Errorf("remark %q", s.Remark)
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(marks) {
					t.Fatalf("%s %d %s: marks differ\n got %v\nwant %v", bloc, y, m.Unit, got, marks)
				}
				if up.Indicators == nil || *up.Indicators.NewProjects != 12 || up.Indicators.RegisteredCapital.String() != "1234.5" {
					t.Fatalf("indicators %+v", up.Indicators)
				}
				n++
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d workbooks", n)
	}
}

func refusal(t *testing.T, data []byte, exp Expect, code, field, msg string) {
	t.Helper()
	_, err := ReadScoring(data, exp, DefaultLimits)
	var ve domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error with %s, got %v", code, err)
	}
	for _, e := range ve {
		if e.Code == code && (field == "" || e.Field == field) && strings.Contains(e.Message, msg) {
			return
		}
	}
	t.Errorf("no error %s at %q with %q in %+v", code, field, msg, ve)
}

func TestRefusals(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	exp := expect(d, "van-phong")
	wb := generate(t, d, "van-phong")
	cs := *d.Criteria
	// Cell of criterion 1.1 and of the bonus and deduction heads.
	f, _ := excelize.OpenReader(bytes.NewReader(wb))
	rows := rowsOf(t, f)
	r11 := rows[rowCriterion+":1.1"]
	cell11 := fmt.Sprintf("D%d", r11)
	set := func(cell string, v any) func(*excelize.File, map[string]int) {
		return func(f *excelize.File, _ map[string]int) { f.SetCellValue(SheetScores, cell, v) }
	}
	field := SheetScores + "!" + cell11
	for _, c := range []struct {
		name, code, field, msg string
		edit                   func(*excelize.File, map[string]int)
	}{
		{"above max", "score_above_max", field, "Ô " + cell11 + ": điểm 12 vượt điểm chuẩn 4", set(cell11, 12)},
		{"negative", "score_negative", field, "số âm", set(cell11, -1)},
		{"not a number", "score_not_number", field, `"bốn" không phải là số`, set(cell11, "bốn")},
		{"true or false", "score_not_number", field, `"TRUE" không phải là số`, set(cell11, true)},
		{"not a step", "score_step", field, "không phải bội số của 0,25", set(cell11, 3.1)},
		{"too many decimals", "score_step", field, "điểm 3,0001 không phải bội số của 0,25", set(cell11, 3.0001)},
		{"empty", "score_missing", field, "chưa nhập", set(cell11, nil)},
		{"formula", "score_formula", field, "công thức", func(f *excelize.File, _ map[string]int) { f.SetCellFormula(SheetScores, cell11, "2+2") }},
		{"bonus cap", "bonus_above_cap", "", "vượt mức tối đa 5", func(f *excelize.File, rows map[string]int) {
			for _, b := range cs.Bonus {
				f.SetCellValue(SheetScores, fmt.Sprintf("D%d", rows[rowBonus+":"+b.Code]), b.Max.Float())
			}
		}},
		{"deduction cap", "deduction_above_cap", "", "vượt mức tối đa 10", func(f *excelize.File, rows map[string]int) {
			for _, b := range cs.Deductions {
				f.SetCellValue(SheetScores, fmt.Sprintf("D%d", rows[rowDed+":"+b.Code]), b.Max.Float())
			}
		}},
		{"indicator text", "indicator_not_number", SheetIndicators + "!D5", "không phải là số", func(f *excelize.File, _ map[string]int) { f.SetCellValue(SheetIndicators, "D5", "nhiều") }},
		{"indicator false", "indicator_not_number", SheetIndicators + "!D5", `"FALSE" không phải là số`, func(f *excelize.File, _ map[string]int) { f.SetCellValue(SheetIndicators, "D5", false) }},
		{"indicator negative", "indicator_negative", SheetIndicators + "!D7", "số âm", func(f *excelize.File, _ map[string]int) { f.SetCellValue(SheetIndicators, "D7", -3) }},
		{"indicator not integer", "indicator_not_integer", SheetIndicators + "!D4", "số nguyên", func(f *excelize.File, _ map[string]int) { f.SetCellValue(SheetIndicators, "D4", 2.5) }},
		{"row deleted", "criterion_missing", "", "thiếu tiêu chí", func(f *excelize.File, _ map[string]int) { f.RemoveRow(SheetScores, r11+1) }},
		{"rows reordered", "criterion_moved", "", "thứ tự", func(f *excelize.File, _ map[string]int) {
			a, _ := f.GetCellValue(SheetScores, fmt.Sprintf("A%d", r11))
			b, _ := f.GetCellValue(SheetScores, fmt.Sprintf("A%d", r11+1))
			f.SetCellStr(SheetScores, fmt.Sprintf("A%d", r11), b)
			f.SetCellStr(SheetScores, fmt.Sprintf("A%d", r11+1), a)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, _ := fill(t, wb, cs, c.edit)
			refusal(t, data, exp, c.code, c.field, c.msg)
		})
	}
	// All errors at once.
	data, _ := fill(t, wb, cs, func(f *excelize.File, _ map[string]int) {
		f.SetCellValue(SheetScores, cell11, 12)
		f.SetCellValue(SheetScores, fmt.Sprintf("D%d", r11+1), "x")
		f.SetCellValue(SheetIndicators, "D5", -1)
	})
	_, err := ReadScoring(data, exp, DefaultLimits)
	if ve, _ := err.(domain.ValidationError); len(ve) != 3 {
		t.Errorf("want 3 errors at once, got %v", err)
	}
	// The workbook of another unit, year, bloc, criteria version.
	filled, _ := fill(t, wb, cs, nil)
	other := exp
	other.Unit, other.UnitName = "gia-lai", "Ban Quản lý Khu kinh tế tỉnh Gia Lai"
	refusal(t, filled, other, ErrCodeWrongTarget, "file", "đơn vị khác (van-phong)")
	other = exp
	other.Year = 2024
	refusal(t, filled, other, ErrCodeWrongTarget, "file", "năm 2023, không phải năm 2024")
	other = exp
	other.Bloc = demo.TrungDu
	refusal(t, filled, other, ErrCodeWrongTarget, "file", "khối thi đua khác")
	other = exp
	other.Criteria.Sections = append([]domain.Section(nil), cs.Sections...)
	other.Criteria.Sections[0].Title = "Mục đã sửa"
	other.Criteria.ID, other.Criteria.Version = cs.ID+1, 2
	refusal(t, filled, other, ErrCodeWrongTarget, "file", "Phiếu được tạo theo bảng tiêu chí cũ; Khối đã cập nhật bảng tiêu chí")
	// The same criteria under another number: the content is what counts.
	other = exp
	other.Criteria.ID, other.Criteria.Version = cs.ID+1, 2
	if _, err := ReadScoring(filled, other, DefaultLimits); err != nil {
		t.Errorf("same criteria, new version: %v", err)
	}
	// A workbook that was not made by the system.
	blank := excelize.NewFile()
	var buf bytes.Buffer
	blank.Write(&buf)
	refusal(t, buf.Bytes(), exp, ErrCodeNotOurs, "file", "không phải phiếu chấm điểm do hệ thống tạo")
}

func zipOf(t testing.TB, files map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	return b.Bytes()
}

func TestFileTypes(t *testing.T) {
	exp := Expect{}
	for _, c := range []struct {
		name string
		data []byte
		msg  string
	}{
		{"xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "Excel 97-2003 (.xls)"},
		{"csv", []byte("STT,Nội dung,Điểm\n1,Thu hút đầu tư,4\n"), "CSV"},
		{"pdf", []byte("%PDF-1.7\n..."), "PDF"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), "ảnh"},
		{"jpeg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}, "ảnh"},
		{"ods", zipOf(t, map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": nil}), "(.ods)"},
		{"docx", zipOf(t, map[string][]byte{"word/document.xml": nil, "[Content_Types].xml": nil}), "Word"},
		{"zip", zipOf(t, map[string][]byte{"a.txt": []byte("x")}), "tệp nén"},
		{"empty", nil, "rỗng"},
		{"truncated", []byte("PK\x03\x04trunc"), "bị hỏng"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadScoring(c.data, exp, DefaultLimits)
			var ve domain.ValidationError
			if !errors.As(err, &ve) || ve[0].Field != "file" || !strings.Contains(ve[0].Message, c.msg) {
				t.Errorf("got %v, want a message with %q", err, c.msg)
			}
		})
	}
}

// zipBomb is a valid-looking workbook zip whose sheet inflates to size.
func zipBomb(t testing.TB, size int) []byte { return xlsxtest.Bomb(size) }

func TestZipBombRefused(t *testing.T) {
	bomb := zipBomb(t, 64<<20) // 64 MB of spaces, about 64 KB zipped
	_, err := ReadScoring(bomb, Expect{}, DefaultLimits)
	var ve domain.ValidationError
	if !errors.As(err, &ve) || ve[0].Code != ErrCodeTooLarge {
		t.Fatalf("bomb: %v", err)
	}
}

func TestTextCellsAsMeant(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	wb := generate(t, d, "dak-lak")
	cs := *d.Criteria
	f, _ := excelize.OpenReader(bytes.NewReader(wb))
	rows := rowsOf(t, f)
	r := func(code string) string { return fmt.Sprintf("E%d", rows[rowCriterion+":"+code]) }
	data, _ := fill(t, wb, cs, func(f *excelize.File, _ map[string]int) {
		tcvn, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: ".VnTime"}, Protection: &excelize.Protection{}})
		vni, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "VNI-Times"}})
		f.SetCellStr(SheetScores, r("1.1"), "Qu¶ng Ng·i hoµn thµnh")
		f.SetCellStyle(SheetScores, r("1.1"), r("1.1"), tcvn)
		f.SetCellStr(SheetScores, r("1.2"), "Quaûng Ngaõi hoaøn thaønh")
		f.SetCellStyle(SheetScores, r("1.2"), r("1.2"), vni)
		f.SetCellStr(SheetScores, r("1.3"), "=SUM(A1:A3) là ghi chú")
		f.SetCellFormula(SheetScores, r("1.4"), "A1+1")
		f.SetCellStr(SheetScores, r("1.5"), norm.NFD.String("Đạt 110% kế hoạch"))
		f.SetCellStr(SheetScores, r("1.6"), "-Đã nộp đúng hạn")
		f.SetCellRichText(SheetScores, r("1.7"), []excelize.RichTextRun{{Text: "Kết quả: ", Font: &excelize.Font{Family: "Times New Roman"}}, {Text: "tèt", Font: &excelize.Font{Family: ".VnTime"}}})
	})
	up, err := ReadScoring(data, expect(d, "dak-lak"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range up.Scores {
		got[s.Code] = s.Remark
	}
	want := map[string]string{
		"1.1": "Quảng Ngãi hoàn thành", "1.2": "Quảng Ngãi hoàn thành", "1.3": "=SUM(A1:A3) là ghi chú",
		"1.4": "=A1+1", "1.5": "Đạt 110% kế hoạch", "1.6": "-Đã nộp đúng hạn", "1.7": "Kết quả: tốt",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("remark %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestWorkbookLayout(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	wb := generate(t, d, "phu-yen")
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue(SheetScores, "A4"); v != "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2024" {
		t.Errorf("title %q", v)
	}
	if v, _ := f.GetCellValue(SheetScores, "C1"); v != "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" {
		t.Errorf("national title %q", v)
	}
	if v, _ := f.GetCellValue(SheetScores, "A1"); !strings.Contains(v, "PHÚ\u00a0YÊN") {
		t.Errorf("the province in the head %q may break inside", v)
	}
	if vis, _ := f.GetSheetVisible(SheetMeta); vis {
		t.Error("metadata sheet visible")
	}
	rows := rowsOf(t, f)
	r := rows[rowCriterion+":1.1"]
	// The evidence hint in its own column, not in the criterion's text.
	c11 := d.Criteria.Sections[0].Criteria[0]
	if h, _ := f.GetCellValue(SheetScores, fmt.Sprintf("%s%d", colHint, headerRow)); h != "Minh chứng cần có" {
		t.Errorf("hint column headed %q", h)
	}
	if b, _ := f.GetCellValue(SheetScores, fmt.Sprintf("%s%d", colText, r)); b != c11.Text {
		t.Errorf("criterion text %q, want %q", b, c11.Text)
	}
	if g, _ := f.GetCellValue(SheetScores, fmt.Sprintf("%s%d", colHint, r)); g != c11.Hint || g == "" {
		t.Errorf("hint %q, want %q", g, c11.Hint)
	}
	area := ""
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Area" && n.Scope == SheetScores {
			area = n.RefersTo
		}
	}
	if !strings.Contains(area, "$A$1:$"+colHint+"$") {
		t.Errorf("print area %q leaves out the hint column", area)
	}
	idx, _ := f.GetCellStyle(SheetScores, fmt.Sprintf("D%d", r))
	s, _ := f.GetStyle(idx)
	if s.Protection == nil || s.Protection.Locked || s.Font.Family != "Times New Roman" || s.Font.Size != 13 {
		t.Errorf("input cell style %+v %+v", s.Protection, s.Font)
	}
	idx, _ = f.GetCellStyle(SheetScores, fmt.Sprintf("C%d", r))
	if s, _ := f.GetStyle(idx); s.Protection != nil && !s.Protection.Locked {
		t.Error("the maximum is editable")
	}
	// Scores show as typed, in General: a format like "0.###" would show a
	// whole 10 as "10," in Excel (excelize's own formatter hides that).
	for _, col := range []string{"C", "D"} {
		idx, _ := f.GetCellStyle(SheetScores, fmt.Sprintf("%s%d", col, r))
		if s, _ := f.GetStyle(idx); s.CustomNumFmt != nil || s.NumFmt != 0 {
			t.Errorf("score column %s formatted %v/%d, want General", col, s.CustomNumFmt, s.NumFmt)
		}
	}
	dvs, _ := f.GetDataValidations(SheetScores)
	if len(dvs) != len(d.Criteria.Lines()) {
		t.Errorf("%d validations for %d lines", len(dvs), len(d.Criteria.Lines()))
	}
	sec := rows[rowSection+":I"]
	if fm, _ := f.GetCellFormula(SheetScores, fmt.Sprintf("D%d", sec)); !strings.HasPrefix(fm, "SUM(D") {
		t.Errorf("section subtotal formula %q", fm)
	}
	// Known indicators are prefilled.
	if v, _ := f.GetCellValue(SheetIndicators, "D4", excelize.Options{RawCellValue: true}); v == "" {
		t.Error("indicators not prefilled")
	}
}

func TestSummaryWorkbook(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	f, b := summaryFile(t, d)
	rows, _ := f.GetRows(SheetSummary)
	last := rows[summaryFirstData-1+len(d.Members)-1]
	if !strings.Contains(strings.Join(last, "|"), "Chưa nộp") || !strings.Contains(last[1], "Phú Yên") {
		t.Errorf("missing sheet not marked: %v", last)
	}
	first := rows[summaryFirstData-1]
	if first[0] != "1" || first[len(first)-2] != "1" {
		t.Errorf("first row %v", first)
	}
	ind, _ := f.GetRows(SheetSummaryInd, excelize.Options{RawCellValue: true})
	tot := ind[len(ind)-1]
	// Displayed grouped by thousands, a whole number without a decimal
	// separator (excelize formats as en-US: "20,832"; Excel and
	// LibreOffice use the reader's locale: "20.832").
	shown, _ := f.GetRows(SheetSummaryInd)
	for i, v := range shown[len(shown)-1][2:] {
		raw := tot[i+2]
		if strings.HasSuffix(v, ".") || (len(raw) > 3 && !strings.Contains(raw, ".") && !strings.Contains(v, ",")) {
			t.Errorf("total %s shown as %q", raw, v)
		}
	}
	sum := domain.SumIndicators(d.Indicators)
	if tot[1] != "Toàn Khối" || tot[6] != fmt.Sprint(sum.ExportImport.Float()) {
		t.Errorf("indicator totals %v vs %v", tot, sum.ExportImport)
	}
	// Figures from part of the bloc are not called the bloc's.
	part := *d
	part.Indicators = d.Indicators[1:]
	if _, pb, err := (Workbooks{}).Workbook(&part, "bang-tong-hop-diem", ""); err != nil {
		t.Fatal(err)
	} else if pf, err := excelize.OpenReader(bytes.NewReader(pb)); err != nil {
		t.Fatal(err)
	} else {
		pr, _ := pf.GetRows(SheetSummaryInd)
		want := fmt.Sprintf("Cộng %d/%d đơn vị đã gửi", len(part.Indicators), len(d.Members))
		if got := pr[len(pr)-1][1]; got != want {
			t.Errorf("totals of part of the bloc labelled %q, want %q", got, want)
		}
	}
	if n := f.GetSheetList(); len(n) != 3 {
		t.Errorf("sheets %v", n)
	}
	// Printed on A4 landscape at a fixed scale, pages broken between sections, the
	// name columns and header rows repeated on every page.
	pl, err := f.GetPageLayout(SheetSummary)
	if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.AdjustTo == nil || *pl.AdjustTo != a4Landscape.scale {
		t.Errorf("page layout %+v %v", pl, err)
	}
	props, _ := f.GetSheetProps(SheetSummary)
	if props.FitToPage != nil && *props.FitToPage {
		t.Error("summary fitted to the page: the spreadsheet would ignore the section breaks")
	}
	titles := ""
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == SheetSummary {
			titles = n.RefersTo
		}
	}
	if !strings.Contains(titles, "$A:$B") || !strings.Contains(titles, fmt.Sprintf("$%d:$%d", summaryHeaderStart, summaryHeaderStart+2)) {
		t.Errorf("print titles %q, want the name columns and the header rows", titles)
	}
	xml := sheetXML(t, b, 1)
	breaks := regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(xml[strings.Index(xml, "<colBreaks"):], -1)
	if len(breaks) == 0 {
		t.Fatal("no page break between sections")
	}
	// Every printed page fits (so the spreadsheet adds no break of its
	// own), and a break falls before a section's group title (or the
	// totals) unless the section is wider than a page.
	lastColumn := len(rows[summaryHeaderStart-1])
	width := func(from, to int) float64 {
		w := 0.0
		for c := from; c <= to; c++ {
			if c == lastColumn {
				w += colPx(14)
			} else {
				w += colPx(scoreColChars)
			}
		}
		return w
	}
	head := func(c int) string { v, _ := f.GetCellValue(SheetSummary, cellName(c, summaryHeaderStart)); return v }
	start := 3
	for i := 0; i <= len(breaks); i++ {
		end := lastColumn
		if i < len(breaks) {
			col, _ := strconv.Atoi(breaks[i][1])
			end = col // the page ends before the column that starts the next one
			if head(col+1) == "" {
				g := col + 1
				for g > 3 && head(g) == "" {
					g--
				}
				e := col + 1
				for e < lastColumn && head(e+1) == "" {
					e++
				}
				if width(g, e) <= pageRoom() {
					t.Errorf("a page break before column %d, inside a section that fits on a page", col+1)
				} else {
					// the demo's criteria are a typical table: every
					// section fits on a page of its own
					t.Errorf("a section (columns %d–%d) wider than a printed page", g, e)
				}
			}
		}
		if width(start, end) > pageRoom() {
			t.Errorf("printed page of columns %d–%d is wider than the page", start, end)
		}
		start = end + 1
	}
	// Decree 30 head, appendix title, signatures.
	for cell, want := range map[string]string{"A1": "BỘ", "C1": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "C2": "Độc lập - Tự do - Hạnh phúc", "C4": "PHỤ LỤC", "C5": "(Kèm theo Biên bản họp bình xét thi đua, khen thưởng năm 2024"} {
		if v, _ := f.GetCellValue(SheetSummary, cell); !strings.HasPrefix(v, want) {
			t.Errorf("%s = %q, want %q…", cell, v, want)
		}
	}
	// The minutes it goes with are named with their date (or room for it).
	if v, _ := f.GetCellValue(SheetSummary, "C5"); !strings.Contains(v, "ngày") || !strings.HasSuffix(v, ")") {
		t.Errorf("C5 = %q: the minutes without their date", v)
	}
	if !strings.Contains(strings.Join(flat(rows), "|"), "TM. KHỐI THI ĐUA") || !strings.Contains(strings.Join(flat(rows), "|"), "NGƯỜI LẬP BIỂU") {
		t.Error("no signature area")
	}
	// "Chưa nộp" spans the whole row.
	lastCol := len(rows[summaryHeaderStart-1])
	spans := false
	merged, _ := f.GetMergeCells(SheetSummary)
	for _, m := range merged {
		if m.GetCellValue() == "Chưa nộp" && m.GetEndAxis() == cellName(lastCol, summaryFirstData+len(d.Members)-1) {
			spans = true
		}
	}
	if !spans {
		t.Errorf("\"Chưa nộp\" does not span to column %d", lastCol)
	}
	// Section subtotals and the bloc total are live formulas with their
	// values cached.
	formulas := 0
	for c := 3; c <= lastCol; c++ {
		cell := cellName(c, summaryFirstData)
		fm, _ := f.GetCellFormula(SheetSummary, cell)
		if fm == "" {
			continue
		}
		formulas++
		if v, _ := f.GetCellValue(SheetSummary, cell); v == "" {
			t.Errorf("%s = %s has no cached value", cell, fm)
		}
	}
	if formulas != len(d.Criteria.Sections)+1 {
		t.Errorf("%d formulas in the first row, want one per section and the total", formulas)
	}
	recalc, _ := f.CalcCellValue(SheetSummary, cellName(lastCol-2, summaryFirstData))
	if cached, _ := f.GetCellValue(SheetSummary, cellName(lastCol-2, summaryFirstData)); recalc != cached || cached != first[len(first)-3] {
		t.Errorf("bloc total: recalculated %q, cached %q", recalc, cached)
	}
	// The chart: units by name, first on top, the value axis from 0.
	chart := partXML(t, b, "xl/charts/chart1.xml")
	if !strings.Contains(chart, `<valAx>`) && strings.Contains(chart[strings.Index(chart, "<valAx>"):], `<min val="0"`) || !strings.Contains(chart, "$B$") {
		t.Error("the chart's axis does not start at 0 or its categories are not the unit names")
	}
	// Reported 2022 totals are exact.
	d22 := year(t, st, demo.TayNguyen, 2022)
	_, b, _ = Workbooks{}.Workbook(d22, "bang-tong-hop-diem", "")
	f, _ = excelize.OpenReader(bytes.NewReader(b))
	ind, _ = f.GetRows(SheetSummaryInd, excelize.Options{RawCellValue: true})
	tot = ind[len(ind)-1]
	if tot[2] != "80" || tot[4] != "61803" || tot[6] != "21857" || tot[7] != "397701" || tot[8] != "43448" || tot[10] != "936" {
		t.Errorf("2022 totals %v", tot)
	}
}

func TestImportCriteriaFromWorkbook(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	cs, err := ReadCriteria(generate(t, d, "van-phong"), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Total != d.Criteria.Total || len(cs.Sections) != len(d.Criteria.Sections) || len(cs.Lines()) != len(d.Criteria.Lines()) || cs.BonusCap != d.Criteria.BonusCap {
		t.Errorf("imported %d lines, total %v", len(cs.Lines()), cs.Total)
	}
	// Texts and evidence hints come back apart, each from its own column.
	if got, want := cs.Sections[0].Criteria[0], d.Criteria.Sections[0].Criteria[0]; got.Text != want.Text || got.Hint != want.Hint || want.Hint == "" {
		t.Errorf("imported criterion %q / %q, want %q / %q", got.Text, got.Hint, want.Text, want.Hint)
	}
}

func TestFarAwayCellRefused(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	data, _ := fill(t, generate(t, d, "van-phong"), *d.Criteria, func(f *excelize.File, _ map[string]int) {
		f.SetCellStr(SheetScores, "B6000", "x")
	})
	refusal(t, data, expect(d, "van-phong"), ErrCodeExtent, "file", "6.000")
}

// lyingBomb is a zip whose worksheet claims 4 KB but inflates to size.
func lyingBomb(t testing.TB, size int) []byte {
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for n := 0; n < size; n += len(chunk) {
		fw.Write(chunk)
	}
	fw.Close()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CompressedSize64: uint64(raw.Len()), UncompressedSize64: 4096, CRC32: 0})
	w.Write(raw.Bytes())
	zw.Close()
	return b.Bytes()
}

func TestLyingZipBombRefused(t *testing.T) {
	bomb := lyingBomb(t, 64<<20)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	_, err := ReadScoring(bomb, Expect{}, DefaultLimits)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	var ve domain.ValidationError
	if !errors.As(err, &ve) || ve[0].Field != "file" {
		t.Fatalf("lying bomb: %v", err)
	}
	if took > time.Second || after.TotalAlloc-before.TotalAlloc > 50<<20 {
		t.Errorf("lying bomb took %v and %d MB", took, (after.TotalAlloc-before.TotalAlloc)>>20)
	}
}

// The scoring workbook says what to fill in, enforces the score's step in
// its validation, carries no software words, signs in capitals.
func TestScoringWorkbookForPeople(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	f, err := excelize.OpenReader(bytes.NewReader(generate(t, d, "dak-lak")))
	if err != nil {
		t.Fatal(err)
	}
	// Signed in the year of the bloc's deadline for it (30/11/2023), not
	// the year after.
	if c3, _ := f.GetCellValue(SheetScores, "C3"); !strings.HasSuffix(c3, "năm 2023") {
		t.Errorf("date line %q, want it dated 2023", c3)
	}
	a6, _ := f.GetCellValue(SheetScores, "A6")
	a7, _ := f.GetCellValue(SheetScores, "A7")
	if strings.Contains(a6, "phiên bản") || !strings.Contains(a7, "Cách điền") {
		t.Errorf("A6 %q, A7 %q", a6, a7)
	}
	dvs, err := f.GetDataValidations(SheetScores)
	if err != nil || len(dvs) == 0 {
		t.Fatalf("validations %v %v", dvs, err)
	}
	for _, dv := range dvs {
		if dv.Type != "custom" || !strings.Contains(dv.Formula1, "ROUND("+strings.Split(dv.Sqref, ":")[0]+"/0.25,6)") && !strings.Contains(dv.Formula1, "ROUND("+strings.Split(dv.Sqref, ":")[0]+"/") {
			t.Errorf("validation of %s: %s %q", dv.Sqref, dv.Type, dv.Formula1)
		}
	}
	rows, _ := f.GetRows(SheetScores)
	all := fmt.Sprint(rows)
	for _, want := range []string{"NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "Điểm Khối chấm"} {
		if !strings.Contains(all, want) {
			t.Errorf("scoring sheet lacks %q", want)
		}
	}
	ind, _ := f.GetRows(SheetIndicators)
	if !strings.Contains(fmt.Sprint(ind), "để trống chỉ tiêu không có số liệu") {
		t.Error("the indicator sheet does not say how to fill it")
	}
	// Its figures are grouped by thousands, as the reader's locale writes
	// them ("1.881", not "1881").
	for i := range indicatorRows {
		cell := fmt.Sprintf("D%d", indicatorFirstRow+i)
		id, err := f.GetCellStyle(SheetIndicators, cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if style.CustomNumFmt == nil || !strings.HasPrefix(*style.CustomNumFmt, "#,##0") || style.Protection == nil || style.Protection.Locked {
			t.Errorf("indicator %s: number format %v, protection %+v", cell, style.CustomNumFmt, style.Protection)
		}
	}
}

// partXML is one part of a workbook package, as text.
func partXML(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, z := range zr.File {
		if z.Name == name {
			r, err := z.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			x, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return string(x)
		}
	}
	t.Fatalf("no %s in the workbook", name)
	return ""
}

// sheetXML is the n-th worksheet's XML.
func sheetXML(t *testing.T, b []byte, n int) string {
	return partXML(t, b, fmt.Sprintf("xl/worksheets/sheet%d.xml", n))
}

// flat joins a sheet's rows into one list of cells.
func flat(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// The leader's name under the summary's signature keeps its province whole
// (with "TỈNH" before it), as the PDF does; the data cells keep plain
// spaces, so that a search in the sheet finds a name.
func TestSummarySignatureKeepsTheProvince(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	d.Settings.Leader = "dak-lak"
	f, _ := summaryFile(t, d)
	rows, _ := f.GetRows(SheetSummary)
	found := false
	for _, row := range rows {
		for _, c := range row {
			if strings.HasPrefix(c, "BQL CÁC KCN") {
				found = true
				if !strings.Contains(c, "TỈNH\u00a0ĐẮK\u00a0LẮK") {
					t.Errorf("signature %q: the province not kept whole", c)
				}
			}
			if strings.Contains(c, "Đắk\u00a0Lắk") {
				t.Errorf("a data cell with a no-break space: %q", c)
			}
		}
	}
	if !found {
		t.Fatal("no leader under the signature")
	}
}

// summaryFile renders the bloc-year's summary workbook and opens it.
func summaryFile(t *testing.T, d *domain.YearData) (*excelize.File, []byte) {
	t.Helper()
	_, b, err := Workbooks{}.Workbook(d, "bang-tong-hop-diem", "")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return f, b
}

// The summary's ranks and proposals cannot be left stale by a mark typed
// over: the sheet is locked (no password: guidance, as the scoring sheet).
func TestSummaryLocked(t *testing.T) {
	st := demoStore(t)
	_, b := summaryFile(t, year(t, st, demo.TayNguyen, 2024))
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, _ := zf.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Contains(x, []byte("<sheetProtection")) || bytes.Contains(x, []byte("password")) {
			t.Errorf("the summary sheet is not locked, or locked with a password")
		}
		return
	}
	t.Fatal("no first sheet")
}

// The summary is signed where the table ends: under the last printed
// page's columns (its totals, ranks and proposals), not under page 1 of a
// table that goes on for pages.
func TestSummarySignedOnTheLastPage(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	f, b := summaryFile(t, d)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := ""
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			raw, _ := io.ReadAll(rc)
			sheet = string(raw)
		}
	}
	lastBreak := 0 // a break before column id+1 (0-based id)
	for _, m := range regexp.MustCompile(`<colBreaks[^>]*>.*?</colBreaks>`).FindAllString(sheet, -1) {
		for _, id := range regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(m, -1) {
			n, _ := strconv.Atoi(id[1])
			lastBreak = max(lastBreak, n)
		}
	}
	if lastBreak == 0 {
		t.Fatal("the demo summary prints on one page across: the test shows nothing")
	}
	rows, _ := f.GetRows(SheetSummary)
	for r, row := range rows {
		for c, v := range row {
			if v == "TM. KHỐI THI ĐUA" || v == "NGƯỜI LẬP BIỂU" {
				if c+1 <= lastBreak { // 1-based column c+1 before the last page
					t.Errorf("%q in column %d (row %d), before the last page (from column %d)", v, c+1, r+1, lastBreak+1)
				}
			}
		}
	}
}
