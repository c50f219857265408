// Package xlsxtest rewrites workbook packages for tests: the hostile and
// the merely unusual files a board or an attacker may send, built from a
// real generated workbook so that only the part under test differs. It is
// shared by the reader's tests, its fuzz targets, the HTTP tests and the
// benchmarks.
package xlsxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Part is one entry of a zip package.
type Part struct {
	Name string
	Body []byte
}

// Parts lists the entries of a package in order; it panics on a broken
// zip (tests build from good ones).
func Parts(data []byte) []Part {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		panic(err)
	}
	var out []Part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			panic(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			panic(err)
		}
		out = append(out, Part{f.Name, b})
	}
	return out
}

// Build zips the parts, deflated, in order (duplicates kept as given).
func Build(parts []Part) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Deflate})
		if err != nil {
			panic(err)
		}
		w.Write(p.Body)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Edit rewrites the package: edit may change each part in place, or drop
// it by returning false; extra parts are appended.
func Edit(data []byte, edit func(p *Part) bool, extra ...Part) []byte {
	var out []Part
	for _, p := range Parts(data) {
		if edit == nil || edit(&p) {
			out = append(out, p)
		}
	}
	return Build(append(out, extra...))
}

// SheetPart is the part name of the worksheet with that name, found
// through the workbook and its relationships.
func SheetPart(data []byte, sheet string) string {
	parts := map[string][]byte{}
	for _, p := range Parts(data) {
		parts[p.Name] = p.Body
	}
	m := regexp.MustCompile(`<sheet [^>]*name="` + regexp.QuoteMeta(sheet) + `"[^>]*r:id="([^"]+)"`).FindSubmatch(parts["xl/workbook.xml"])
	if m == nil {
		panic("no sheet " + sheet)
	}
	t := regexp.MustCompile(`Id="` + string(m[1]) + `"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="` + string(m[1]) + `"`).FindSubmatch(parts["xl/_rels/workbook.xml.rels"])
	target := string(t[1]) + string(t[2])
	if strings.HasPrefix(target, "/") {
		return target[1:]
	}
	return "xl/" + target
}

// Replace rewrites one part's body.
func Replace(data []byte, name string, fn func(body string) string) []byte {
	found := false
	out := Edit(data, func(p *Part) bool {
		if p.Name == name {
			p.Body, found = []byte(fn(string(p.Body))), true
		}
		return true
	})
	if !found {
		panic("no part " + name)
	}
	return out
}

// InjectRows adds XML (rows) at the end of a sheet's data.
func InjectRows(data []byte, sheet, rows string) []byte {
	return Replace(data, SheetPart(data, sheet), func(b string) string { return addRows(b, rows) })
}

func addRows(sheetXML, rows string) string {
	if strings.Contains(sheetXML, "<sheetData/>") {
		return strings.Replace(sheetXML, "<sheetData/>", "<sheetData>"+rows+"</sheetData>", 1)
	}
	return strings.Replace(sheetXML, "</sheetData>", rows+"</sheetData>", 1)
}

// Injector adds rows to one sheet of a workbook many times over, reading
// the workbook once (for fuzzing, where each input is one more package).
type Injector struct {
	parts []Part
	sheet string
}

// NewInjector prepares data's sheet for InjectRows.
func NewInjector(data []byte, sheet string) *Injector {
	return &Injector{parts: Parts(data), sheet: SheetPart(data, sheet)}
}

// Rows returns the package with rows added at the end of the sheet.
func (in *Injector) Rows(rows string) []byte {
	out := make([]Part, len(in.parts))
	for i, p := range in.parts {
		out[i] = p
		if p.Name == in.sheet {
			out[i].Body = []byte(addRows(string(p.Body), rows))
		}
	}
	return Build(out)
}

// Cols names column n (1-based): 1 A, 27 AA.
func Col(n int) string {
	s := ""
	for n > 0 {
		n--
		s = string(rune('A'+n%26)) + s
		n /= 26
	}
	return s
}

// Padded is the worst extent within limits for the workbook library: on
// every listed sheet, one cell at the last allowed column of every row up
// to the last allowed one, so that the library fills in every row and every
// cell before it.
func Padded(data []byte, sheets []string, lastRow, lastCol, maxCells int) []byte {
	per := min(lastRow-100, maxCells/len(sheets)-1000) // below the form, room for its own cells
	for _, sh := range sheets {
		var b strings.Builder
		for r := lastRow - per + 1; r <= lastRow; r++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="%s%d" t="n"><v>1</v></c></row>`, r, Col(lastCol), r)
		}
		data = InjectRows(data, sh, b.String())
	}
	return data
}

// ManyStrings fills the shared strings table with n more items of size
// characters each.
func ManyStrings(data []byte, n, size int) []byte {
	item := "<si><t>" + strings.Repeat("ư", size) + "</t></si>"
	return Replace(data, "xl/sharedStrings.xml", func(b string) string {
		return strings.Replace(b, "</sst>", strings.Repeat(item, n)+"</sst>", 1)
	})
}

// ManyStyles adds n cell formats and n fonts to the style sheet.
func ManyStyles(data []byte, n int) []byte {
	return Replace(data, "xl/styles.xml", func(b string) string {
		b = regexp.MustCompile(`</fonts>`).ReplaceAllLiteralString(b, strings.Repeat(`<font><b/><sz val="13"/><name val="Times New Roman"/><family val="1"/><charset val="163"/></font>`, n)+"</fonts>")
		return regexp.MustCompile(`</cellXfs>`).ReplaceAllLiteralString(b, strings.Repeat(`<xf numFmtId="0" fontId="1" fillId="0" borderId="1" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/><protection locked="0"/></xf>`, n)+"</cellXfs>")
	})
}

// Dense fills a block of rows × cols cells with numbers below the form.
func Dense(data []byte, sheet string, first, rows, cols int) []byte {
	var b strings.Builder
	for r := first; r < first+rows; r++ {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		for c := 1; c <= cols; c++ {
			fmt.Fprintf(&b, `<c r="%s%d"><v>1</v></c>`, Col(c), r)
		}
		b.WriteString(`</row>`)
	}
	return InjectRows(data, sheet, b.String())
}
