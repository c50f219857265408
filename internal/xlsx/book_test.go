package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
)

// setCell replaces one cell's XML in a sheet of a workbook, as another
// application would have written it.
func setCell(data []byte, sheet, ref, cellXML string) []byte {
	re := regexp.MustCompile(`<c r="` + ref + `"(?:[^>]*/>|[^>]*>.*?</c>)`)
	return xlsxtest.Replace(data, xlsxtest.SheetPart(data, sheet), func(b string) string {
		if !re.MatchString(b) {
			panic("no cell " + ref)
		}
		return re.ReplaceAllLiteralString(b, cellXML)
	})
}

// excelWritten is a filled workbook and the rows of its criteria.
func excelWritten(t *testing.T) ([]byte, Expect, func(code string) int) {
	t.Helper()
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	wb := generate(t, d, "dak-lak")
	f, _ := excelize.OpenReader(bytes.NewReader(wb))
	rows := rowsOf(t, f)
	filled, _ := fill(t, wb, *d.Criteria, nil)
	return filled, expect(d, "dak-lak"), func(code string) int { return rows[rowCriterion+":"+code] }
}

// TestReadsWhatExcelWrites: the spellings Excel and LibreOffice use that
// our own workbooks never contain are read as those applications show
// them.
func TestReadsWhatExcelWrites(t *testing.T) {
	data, exp, row := excelWritten(t)
	r1, r2 := row("1.1"), row("1.2")
	remark := fmt.Sprintf("E%d", r1)

	// A remark in runs of several fonts, an escaped underscore, a line
	// break written _x000D_ and a phonetic reading that is not text.
	rich := setCell(data, SheetScores, remark, `<c r="`+remark+`" t="inlineStr"><is>`+
		`<r><rPr><rFont val="VNI-Times"/></rPr><t>Quaûng Ngaõi</t></r>`+
		`<r><t xml:space="preserve"> ok_x000D_`+"\n"+`_x005F_x0041_</t></r>`+
		`<rPh sb="0" eb="1"><t>ignored</t></rPh></is></c>`)
	up, err := ReadScoring(rich, exp, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := up.Scores[0].Remark, "Quảng Ngãi ok\n_x0041_"; got != want {
		t.Errorf("remark = %q, want %q", got, want)
	}

	// A whole sheet written with a namespace prefix reads the same.
	prefixed := xlsxtest.Replace(data, xlsxtest.SheetPart(data, SheetScores), func(b string) string {
		b = regexp.MustCompile(`<(/?)([A-Za-z][A-Za-z0-9]*)([\s/>])`).ReplaceAllString(b, "<${1}x:${2}${3}")
		return strings.Replace(b, "<x:worksheet ", `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" `, 1)
	})
	plain, err := ReadScoring(data, exp, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ReadScoring(prefixed, exp, DefaultLimits)
	if err != nil {
		t.Fatalf("prefixed sheet: %v", err)
	}
	if fmt.Sprint(got.Scores) != fmt.Sprint(plain.Scores) {
		t.Errorf("prefixed sheet read as %v, want %v", got.Scores, plain.Scores)
	}

	// The sheets' names saved decomposed (NFD), as some macOS
	// applications write them.
	nfd := xlsxtest.Replace(data, "xl/workbook.xml", func(b string) string {
		for _, name := range []string{SheetScores, SheetIndicators} {
			b = strings.Replace(b, `name="`+name+`"`, `name="`+norm.NFD.String(name)+`"`, 1)
		}
		return b
	})
	if got, err := ReadScoring(nfd, exp, DefaultLimits); err != nil || fmt.Sprint(got.Scores) != fmt.Sprint(plain.Scores) || got.Indicators == nil {
		t.Errorf("names decomposed: %v", err)
	}

	// The shared strings where the workbook's relationships put them,
	// not at their usual place.
	moved := xlsxtest.Edit(data, func(p *xlsxtest.Part) bool {
		switch p.Name {
		case "xl/sharedStrings.xml":
			p.Name = "xl/strings/table.xml"
		case "xl/_rels/workbook.xml.rels":
			p.Body = bytes.Replace(p.Body, []byte(`Target="/xl/sharedStrings.xml"`), []byte(`Target="strings/table.xml"`), 1)
		}
		return true
	})
	if got, err := ReadScoring(moved, exp, DefaultLimits); err != nil || fmt.Sprint(got.Scores) != fmt.Sprint(plain.Scores) {
		t.Errorf("strings elsewhere: %v", err)
	}

	// A mark filled down from another cell: Excel writes the copies as
	// a shared formula without text. Each is refused, saying where from.
	m1, m2 := fmt.Sprintf("D%d", r1), fmt.Sprintf("D%d", r2)
	shared := setCell(data, SheetScores, m1, `<c r="`+m1+`"><f t="shared" ref="`+m1+`:`+m2+`" si="0">C`+fmt.Sprint(r1)+`</f><v>4</v></c>`)
	shared = setCell(shared, SheetScores, m2, `<c r="`+m2+`"><f t="shared" si="0"/><v>4</v></c>`)
	_, err = ReadScoring(shared, exp, DefaultLimits)
	var ve domain.ValidationError
	if !errors.As(err, &ve) || len(ve) != 2 {
		t.Fatalf("shared formula: want 2 errors, got %v", err)
	}
	if ve[0].Code != "score_formula" || !strings.Contains(ve[0].Message, fmt.Sprintf("(=C%d)", r1)) {
		t.Errorf("master: %+v", ve[0])
	}
	if ve[1].Code != "score_formula" || ve[1].Field != SheetScores+"!"+m2 || !strings.Contains(ve[1].Message, "chép từ ô "+m1) {
		t.Errorf("copy: %+v", ve[1])
	}
}

// TestAmbiguousWorkbooksRefused: what applications would each read their
// own way, or repair, is refused rather than guessed.
func TestAmbiguousWorkbooksRefused(t *testing.T) {
	data, exp, row := excelWritten(t)
	m := fmt.Sprintf("D%d", row("1.1"))
	twice := xlsxtest.Replace(data, xlsxtest.SheetPart(data, SheetScores), func(b string) string {
		return strings.Replace(b, `<c r="`+m+`"`, `<c r="`+m+`"><v>1</v></c><c r="`+m+`"`, 1)
	})
	refused(t, twice, exp, ErrCodeCorrupt, "ô "+m+" hai lần")

	sameName := xlsxtest.Replace(data, "xl/workbook.xml", func(b string) string {
		return strings.Replace(b, `name="`+SheetIndicators+`"`, `name="`+strings.ToUpper(SheetScores)+`"`, 1)
	})
	refused(t, sameName, exp, ErrCodeCorrupt, "hai trang cùng tên")

	noString := setCell(data, SheetScores, fmt.Sprintf("E%d", row("1.1")), fmt.Sprintf(`<c r="E%d" t="s"><v>99999</v></c>`, row("1.1")))
	refused(t, noString, exp, ErrCodeCorrupt, "chuỗi văn bản không có")
}

func TestUnescapeXString(t *testing.T) {
	for in, want := range map[string]string{
		"":                 "",
		"a_x000D_b":        "a\rb",
		"_x005F_x000D_":    "_x000D_",
		"_x00e9_":          "é",
		"_x00G9_ _x12_ _x": "_x00G9_ _x12_ _x",
		"_x+123_":          "_x+123_",
		"_x0041__x0042_":   "AB",
	} {
		if got := unescapeXString(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// TestBookAgreesWithExcelize reads real workbooks — ours as generated and
// filled, with legacy-font and rich-text remarks, and two saved by
// LibreOffice — with both readers: every cell of every sheet has the same
// value, the same formula and the same font in both.
func TestBookAgreesWithExcelize(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	wb := generate(t, d, "dak-lak")
	filled, _ := fill(t, wb, *d.Criteria, nil)
	files := map[string][]byte{"generated": wb, "filled": filled}
	files["legacy text"], _ = fill(t, wb, *d.Criteria, func(f *excelize.File, _ map[string]int) {
		tcvn, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: ".VnTime"}})
		f.SetCellStr(SheetScores, "E12", "Qu¶ng Ng·i")
		f.SetCellStyle(SheetScores, "E12", "E12", tcvn)
		f.SetCellRichText(SheetScores, "E13", []excelize.RichTextRun{{Text: "a "}, {Text: "tèt", Font: &excelize.Font{Family: ".VnTime"}}})
		f.SetCellFormula(SheetScores, "E14", "A1&\"x\"")
		f.SetCellStr(SheetScores, "E15", "dòng 1\ndòng 2 _x0041_")
	})
	for _, name := range []string{"testdata/libreoffice-filled.xlsx", "testdata/libreoffice-filled-norecalc.xlsx"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	for name, data := range files {
		b, err := readBook(data, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := b.order, x.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: sheets %q, excelize %q", name, got, want)
		}
		n := 0
		for _, s := range b.sheets {
			// excelize answers a merged range's value for each of its
			// cells; a sheet shows it in the first.
			covered := map[string]bool{}
			merged, _ := x.GetMergeCells(s.name)
			for _, m := range merged {
				c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
				c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
				for r := r1; r <= r2; r++ {
					for c := c1; c <= c2; c++ {
						covered[cellName(c, r)] = c != c1 || r != r1
					}
				}
			}
			for _, c := range s.cells {
				ref := cellName(c.col, c.row)
				if covered[ref] {
					continue
				}
				n++
				want, _ := x.GetCellValue(s.name, ref, excelize.Options{RawCellValue: true})
				if got := b.value(c); got != want {
					t.Errorf("%s %s!%s: value %q, excelize %q", name, s.name, ref, got, want)
				}
				fx, _ := x.GetCellFormula(s.name, ref)
				if got := c.formula != nil && c.formula.text != ""; got != (fx != "") || got && c.formula.text != fx {
					t.Errorf("%s %s!%s: formula %+v, excelize %q", name, s.name, ref, c.formula, fx)
				}
				font := ""
				if idx, err := x.GetCellStyle(s.name, ref); err == nil {
					if st, err := x.GetStyle(idx); err == nil && st.Font != nil {
						font = st.Font.Family
					}
				}
				if got := b.font(c); got != font && c.style != 0 {
					t.Errorf("%s %s!%s: font %q, excelize %q", name, s.name, ref, got, font)
				}
			}
		}
		if n < 500 {
			t.Errorf("%s: only %d cells compared", name, n)
		}
	}
}
