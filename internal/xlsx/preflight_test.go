package xlsx

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
)

// hostileBase is a real generated and filled workbook and what it must be
// read as.
func hostileBase(t testing.TB) ([]byte, Expect) {
	t.Helper()
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	filled, _ := fill(t, generate(t, d, "dak-lak"), *d.Criteria, nil)
	return filled, expect(d, "dak-lak")
}

// refused asserts that reading data is refused with that code at "file",
// the message containing each of want.
func refused(t *testing.T, data []byte, exp Expect, code string, want ...string) {
	t.Helper()
	_, err := ReadScoring(data, exp, DefaultLimits)
	var ve domain.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("not refused (err %v)", err)
	}
	if ve[0].Code != code || ve[0].Field != "file" {
		t.Fatalf("refused with %s at %s, want %s: %s", ve[0].Code, ve[0].Field, code, ve[0].Message)
	}
	for _, w := range want {
		if !strings.Contains(ve[0].Message, w) {
			t.Errorf("message %q lacks %q", ve[0].Message, w)
		}
	}
}

// A cell or row beyond the form's extent is refused whatever the spelling
// of its reference, the XML around it, or the path of the sheet's part.
func TestFarCellEverySpelling(t *testing.T) {
	base, exp := hostileBase(t)
	sheet := xlsxtest.SheetPart(base, SheetScores)
	cases := []struct {
		name, rows, where string
	}{
		{"upper case", `<row r="6000"><c r="A6000"><v>1</v></c></row>`, "6.000"},
		{"lower case column", `<row r="86"><c r="a6000"><v>1</v></c></row>`, "A6000"},
		{"absolute reference", `<row r="86"><c r="$A$6000"><v>1</v></c></row>`, "A6000"},
		{"signed row", `<row r="86"><c r="A+6000"><v>1</v></c></row>`, "A6000"},
		{"leading zeros", `<row r="86"><c r="A0006000"><v>1</v></c></row>`, "A6000"},
		{"single quotes", `<row r='6000'><c r='A6000'><v>1</v></c></row>`, "6.000"},
		{"line break before attribute", "<row\n r=\"6000\"\n><c\n\tr=\"A6000\"><v>1</v></c></row>", "6.000"},
		{"spaces in number", `<row r=" 6000 "><c><v>1</v></c></row>`, "6.000"},
		{"character reference", `<row r="&#54;000"><c r="&#65;6000"><v>1</v></c></row>`, "6.000"},
		{"namespace prefix", `<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="6000"><x:c r="A6000"><x:v>1</x:v></x:c></x:row>`, "6.000"},
		{"row without number, cell far", `<row><c r="A1000000"><v>1</v></c></row>`, "A1000000"},
		{"far column", `<row r="86"><c r="XFD86"><v>1</v></c></row>`, "XFD86"},
		{"far column lower case", `<row r="86"><c r="aaa86"><v>1</v></c></row>`, "AAA86"},
		{"cells without reference", `<row r="86">` + strings.Repeat(`<c><v>1</v></c>`, DefaultLimits.MaxCol+1) + `</row>`, xlsxtest.Col(DefaultLimits.MaxCol+1) + "86"},
		{"rows without number", strings.Repeat(`<row><c><v>1</v></c></row>`, 1000), "1.001"},
		{"empty far row", `<row r="1048576"/>`, "1.048.576"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			refused(t, xlsxtest.InjectRows(base, SheetScores, c.rows), exp, ErrCodeExtent, c.where)
		})
	}
	t.Run("hidden sheet", func(t *testing.T) {
		refused(t, xlsxtest.InjectRows(base, SheetMeta, `<row r="999999"/>`), exp, ErrCodeExtent, `"_thidua"`)
	})
	// The sheet moved to a path of another shape; only the workbook's
	// relationships say where it is.
	for _, target := range []string{"../xl/khac/trang.bin", "/xl/khac/trang.bin", "khac/TRANG.BIN"} {
		t.Run("sheet at "+target, func(t *testing.T) {
			data := xlsxtest.InjectRows(base, SheetScores, `<row r="6000"><c r="A6000"><v>1</v></c></row>`)
			data = xlsxtest.Edit(data, func(p *xlsxtest.Part) bool {
				switch p.Name {
				case sheet:
					p.Name = "xl/khac/trang.bin"
				case "xl/_rels/workbook.xml.rels":
					p.Body = []byte(strings.Replace(string(p.Body), `"`+strings.TrimPrefix(sheet, "xl/")+`"`, `"`+target+`"`, 1))
				}
				return true
			})
			refused(t, data, exp, ErrCodeExtent, `"Phiếu chấm điểm"`, "6.000")
		})
	}
	t.Run("invalid reference", func(t *testing.T) {
		refused(t, xlsxtest.InjectRows(base, SheetScores, `<row r="86"><c r="86A"><v>1</v></c></row>`), exp, ErrCodeCorrupt, "86A")
	})
}

// Two entries that a spreadsheet application takes for the same part are
// refused, however their names differ.
func TestDuplicatePartsRefused(t *testing.T) {
	base, exp := hostileBase(t)
	sheet := xlsxtest.SheetPart(base, SheetScores)
	var body []byte
	for _, p := range xlsxtest.Parts(base) {
		if p.Name == sheet {
			body = p.Body
		}
	}
	for _, name := range []string{sheet, strings.ToUpper(sheet), strings.ReplaceAll(sheet, "/", `\`), "/" + sheet, strings.Replace(sheet, "sheet", "%73heet", 1), "xl/./worksheets/../worksheets/" + strings.TrimPrefix(sheet, "xl/worksheets/")} {
		t.Run(name, func(t *testing.T) {
			data := xlsxtest.Edit(base, nil, xlsxtest.Part{Name: name, Body: body})
			refused(t, data, exp, ErrCodeDuplicatePart, "hai thành phần cùng tên")
		})
	}
}

// XML that no spreadsheet application writes is refused before any
// library expands it.
func TestForbiddenXMLRefused(t *testing.T) {
	base, exp := hostileBase(t)
	sheet := xlsxtest.SheetPart(base, SheetMeta)
	dtd := `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`
	cases := []struct {
		name, part string
		edit       func(string) string
		code, want string
	}{
		{"entity expansion in the hidden sheet", sheet, func(b string) string { return dtd + b[strings.Index(b, "<worksheet"):] }, ErrCodeForbiddenXML, "DTD"},
		{"external entity in shared strings", "xl/sharedStrings.xml", func(b string) string {
			return `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + b[strings.Index(b, "<sst"):]
		}, ErrCodeForbiddenXML, "DTD"},
		{"UTF-16 declared", "xl/workbook.xml", func(b string) string {
			return `<?xml version="1.0" encoding="UTF-16"?>` + b[strings.Index(b, "<workbook"):]
		}, ErrCodeForbiddenXML, "UTF-8"},
		{"broken XML", "xl/styles.xml", func(b string) string { return b[:len(b)/2] }, ErrCodeCorrupt, "xl/styles.xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			refused(t, xlsxtest.Replace(base, c.part, c.edit), exp, c.code, c.want)
		})
	}
}

// Counts beyond what a scoring workbook could hold are refused.
func TestCountsBounded(t *testing.T) {
	base, exp := hostileBase(t)
	lim := DefaultLimits
	cases := []struct {
		name string
		data func() []byte
		code string
		want string
	}{
		{"shared strings", func() []byte { return xlsxtest.ManyStrings(base, lim.MaxStrings, 1) }, ErrCodeComplex, "chuỗi"},
		{"cell formats", func() []byte { return xlsxtest.ManyStyles(base, lim.MaxStyles) }, ErrCodeComplex, "phông chữ"},
		{"cells", func() []byte {
			rows := lim.MaxRow - 100
			data := xlsxtest.Dense(base, SheetScores, 100, rows, lim.MaxCol)
			return xlsxtest.Dense(data, SheetIndicators, 100, lim.MaxCells/lim.MaxCol-rows+1, lim.MaxCol)
		}, ErrCodeComplex, "ô"},
		{"sheets", func() []byte {
			return xlsxtest.Replace(base, "xl/workbook.xml", func(b string) string {
				return strings.Replace(b, "</sheets>", strings.Repeat(`<sheet name="x" sheetId="99" r:id="rId99"/>`, lim.MaxSheets)+"</sheets>", 1)
			})
		}, ErrCodeComplex, "trang tính"},
		{"elements", func() []byte {
			return xlsxtest.Replace(base, "docProps/app.xml", func(b string) string {
				return strings.Replace(b, "</Properties>", strings.Repeat("<x/>", lim.MaxElements)+"</Properties>", 1)
			})
		}, ErrCodeComplex, "XML"},
		{"cell text", func() []byte {
			return xlsxtest.InjectRows(base, SheetScores, `<row r="86"><c r="E86" t="inlineStr"><is><t>`+strings.Repeat("ơ", maxCellText+1)+`</t></is></c></row>`)
		}, ErrCodeComplex, "32.767"},
		{"formula", func() []byte {
			return xlsxtest.InjectRows(base, SheetScores, `<row r="86"><c r="D86"><f>`+strings.Repeat("1+", maxFormulaText/2)+`1</f></c></row>`)
		}, ErrCodeComplex, "8.192"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			refused(t, c.data(), exp, c.code, c.want)
		})
	}
}

// worstUploads are the worst file of each class within the upload cap,
// built from a real filled workbook.
func worstUploads(t testing.TB) (map[string][]byte, Expect) {
	base, exp := hostileBase(t)
	l := DefaultLimits
	return xlsxtest.Worst(base, xlsxtest.Bounds{MaxRow: l.MaxRow, MaxCol: l.MaxCol, MaxCells: l.MaxCells, MaxStrings: l.MaxStrings, MaxStyles: l.MaxStyles},
		xlsxtest.Sheets{Scores: SheetScores, Indicators: SheetIndicators, Meta: SheetMeta}), exp
}

// Every worst case within the upload cap costs at most 50 MB of extra heap
// and one second (ten under the race detector); past a limit it is
// refused as a file, at once; within, it is read.
func TestWorstUploadsBounded(t *testing.T) {
	worst, exp := worstUploads(t)
	for name, data := range worst {
		t.Run(name, func(t *testing.T) {
			if len(data) > 5<<20 {
				t.Fatalf("%d bytes: over the upload cap, not a case", len(data))
			}
			var err error
			c := xlsxtest.Measure(func() { _, err = ReadScoring(data, exp, DefaultLimits) })
			var ve domain.ValidationError
			switch {
			case strings.HasSuffix(name, "refused"):
				if !errors.As(err, &ve) || ve[0].Field != "file" {
					t.Errorf("not refused as a file: %v", err)
				}
			case err != nil:
				t.Errorf("not read: %.300v", err)
			}
			t.Logf("%s, %d KB: %v", name, len(data)>>10, c)
			if c.PeakExtra > 50<<20 {
				t.Errorf("peak extra heap %d MB > 50 MB", c.PeakExtra>>20)
			}
			if limit := time.Second * raceSlowdown; c.Took > limit {
				t.Errorf("took %v > %v", c.Took, limit)
			}
		})
	}
}

// BenchmarkWorstUpload reads the worst upload of each class; besides time
// it reports the peak extra heap of one read.
func BenchmarkWorstUpload(b *testing.B) {
	worst, exp := worstUploads(b)
	for _, name := range slices.Sorted(maps.Keys(worst)) {
		data := worst[name]
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				c := xlsxtest.Measure(func() { ReadScoring(data, exp, DefaultLimits) })
				peak = max(peak, c.PeakExtra)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
