package docx_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/pdftest"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/testenv"
	"github.com/thidua/thidua/templates"
)

// doc is one document of the demo in both formats.
type doc struct {
	name      string
	pdf, docx []byte
}

// everyKind renders every kind that has a .docx, for a bloc and year, in
// both formats (a member's mid-year report for unit kinds).
func everyKind(t *testing.T, rs *render.Service, bloc string, year int, unit string) []doc {
	t.Helper()
	var out []doc
	for _, k := range document.AllKinds() {
		if !k.Has(document.FormatDOCX) {
			continue
		}
		req := render.Request{Bloc: bloc, Year: year, Kind: k.Slug}
		if k.Scope == document.ScopeUnit {
			req.Unit = unit
		}
		d := doc{name: fmt.Sprintf("%s-%d-%s", bloc, year, k.Slug)}
		for _, f := range []string{"pdf", "docx"} {
			req.Format = f
			file, err := rs.Render(context.Background(), req)
			if err != nil {
				t.Fatalf("%s %s: %v", d.name, f, err)
			}
			if f == "pdf" {
				d.pdf = file.Data
			} else {
				d.docx = file.Data
				if !strings.HasSuffix(file.Name, ".docx") || file.ContentType != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" {
					t.Errorf("%s: %s, %s", d.name, file.Name, file.ContentType)
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// TestPackageIsWellFormed: every part of every .docx is well-formed XML,
// has a content type, and is reached from the package's relationships;
// every relationship's target exists; the same document gives the same
// bytes.
func TestPackageIsWellFormed(t *testing.T) {
	e := testenv.Open(t, "", true)
	for _, c := range []struct {
		bloc string
		year int
		unit string
	}{{demo.TayNguyen, 2023, "dak-lak"}, {demo.TayNguyen, 2025, "gia-lai"}, {demo.TrungDu, 2022, "bac-giang"}, {demo.BacTrung, 2024, "nghe-an"}} {
		for _, d := range everyKind(t, e.Render, c.bloc, c.year, c.unit) {
			checkPackage(t, d.name, d.docx)
		}
	}
	a, _ := e.Render.Render(context.Background(), render.Request{Bloc: demo.BacTrung, Year: 2023, Kind: "bao-cao-tong-ket", Format: "docx"})
	rs2, err := render.New(render.Config{Store: e.Store, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := rs2.Render(context.Background(), render.Request{Bloc: demo.BacTrung, Year: 2023, Kind: "bao-cao-tong-ket", Format: "docx"})
	if !bytes.Equal(a.Data, b.Data) || a.ETag != b.ETag {
		t.Error("the same document gave other bytes")
	}
}

func checkPackage(t *testing.T, name string, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = b
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %s is not well-formed: %v", name, f.Name, err)
				break
			}
		}
	}
	var ct struct {
		Defaults []struct {
			Extension string `xml:"Extension,attr"`
		} `xml:"Default"`
		Overrides []struct {
			PartName string `xml:"PartName,attr"`
		} `xml:"Override"`
	}
	if err := xml.Unmarshal(parts["[Content_Types].xml"], &ct); err != nil {
		t.Fatalf("%s: content types: %v", name, err)
	}
	typed := func(p string) bool {
		for _, o := range ct.Overrides {
			if o.PartName == "/"+p {
				return true
			}
		}
		for _, d := range ct.Defaults {
			if strings.HasSuffix(p, "."+d.Extension) {
				return true
			}
		}
		return false
	}
	for _, o := range ct.Overrides {
		if _, ok := parts[strings.TrimPrefix(o.PartName, "/")]; !ok {
			t.Errorf("%s: content type for %s, which is not there", name, o.PartName)
		}
	}
	// Walk the relationships from the package's own.
	reached := map[string]bool{"[Content_Types].xml": true}
	var walk func(rels, base string)
	walk = func(rels, base string) {
		if reached[rels] {
			return
		}
		reached[rels] = true
		b, ok := parts[rels]
		if !ok {
			return
		}
		var rs struct {
			Rels []struct {
				ID     string `xml:"Id,attr"`
				Target string `xml:"Target,attr"`
				Mode   string `xml:"TargetMode,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(b, &rs); err != nil {
			t.Errorf("%s: %s: %v", name, rels, err)
			return
		}
		for _, r := range rs.Rels {
			if r.Mode == "External" {
				continue
			}
			target := path.Clean(path.Join(base, r.Target))
			if _, ok := parts[target]; !ok {
				t.Errorf("%s: %s names %s, which is not there", name, rels, target)
				continue
			}
			reached[target] = true
			walk(path.Join(path.Dir(target), "_rels", path.Base(target)+".rels"), path.Dir(target))
		}
	}
	walk("_rels/.rels", "")
	for p := range parts {
		if !typed(p) {
			t.Errorf("%s: %s has no content type", name, p)
		}
		if !reached[p] {
			t.Errorf("%s: %s is not reached by any relationship", name, p)
		}
	}
	// Every r:id the document uses is one of its relationships.
	ids := regexp.MustCompile(`r:id="([^"]+)"`).FindAllStringSubmatch(string(parts["word/document.xml"]), -1)
	for _, m := range ids {
		if !strings.Contains(string(parts["word/_rels/document.xml.rels"]), `Id="`+m[1]+`"`) {
			t.Errorf("%s: r:id %s unknown", name, m[1])
		}
	}
}

// band is the top margin, in points, where the page number sits (the
// body starts at 20 mm = 56,7 pt).
const band = 50.0

// bodyWords are the words of a PDF below the page-number band.
func bodyWords(words []pdftest.Word) []string {
	var out []string
	for _, w := range words {
		if w.YMin > band {
			out = append(out, w.Text)
		}
	}
	return out
}

// TestSameTextAsThePDF converts every kind's .docx to PDF with LibreOffice
// and reads both PDFs back: the same words (line breaks aside), the
// national title and motto on page 1, page numbers from page 2 only, and
// every page A4, landscape where ours is.
func TestSameTextAsThePDF(t *testing.T) {
	pdftest.Need(t)
	pdftest.NeedOffice(t)
	e := testenv.Open(t, "", true)
	docs := everyKind(t, e.Render, demo.TayNguyen, 2023, "dak-lak")
	docs = append(docs, everyKind(t, e.Render, demo.BacTrung, 2024, "thua-thien-hue")...)
	in := map[string][]byte{}
	for _, d := range docs {
		in[d.name+".docx"] = d.docx
	}
	out := pdftest.Office(t, in)
	for _, d := range docs {
		t.Run(d.name, func(t *testing.T) {
			lo := out[d.name+".pdf"]
			ours, theirs := pdftest.Words(t, d.pdf), pdftest.Words(t, lo)
			a, b := bodyWords(ours), bodyWords(theirs)
			// A table's header rows repeat on each page it reaches; the
			// two layouts break pages at slightly different places, so
			// header words may differ in number, and only they.
			if diff := wordDiff(a, b, headerWords(t, d.docx)); diff != "" {
				t.Errorf("text differs from the PDF's (%d words against %d):\n%s", len(a), len(b), diff)
			}
			pages := pdftest.Pages(t, lo)
			withHead := strings.Contains(pdftest.Pages(t, d.pdf)[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") // an appendix has none
			if withHead && (!strings.Contains(pages[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || !strings.Contains(pages[0], "Độc lập - Tự do - Hạnh phúc")) {
				t.Errorf("page 1 lacks the national title or motto:\n%.300s", pages[0])
			}
			numbers := map[int]string{}
			sizes := map[int][2]float64{}
			for _, w := range theirs {
				sizes[w.Page] = [2]float64{w.PageW, w.PageH}
				if w.YMax < band {
					numbers[w.Page] += w.Text
				}
			}
			for p := 1; p <= len(pages); p++ {
				want := ""
				if p >= 2 {
					want = fmt.Sprint(p)
				}
				if numbers[p] != want && sizes[p] != [2]float64{} {
					t.Errorf("page %d: number %q, want %q", p, numbers[p], want)
				}
				sz := sizes[p]
				a4 := (near(sz[0], 595) && near(sz[1], 842)) || (near(sz[0], 842) && near(sz[1], 595))
				if sz != [2]float64{} && !a4 {
					t.Errorf("page %d: %v pt, not A4", p, sz)
				}
			}
			// A proposal set tighter to stay on one page is on one page in
			// Word too.
			if strings.HasSuffix(d.name, "to-trinh-khen-thuong") && len(pdftest.Pages(t, d.pdf)) == 1 && len(pages) != 1 {
				t.Errorf("the proposal is on one page in PDF, %d in Word", len(pages))
			}
			// Laid out like the PDF: the same line pitch, so the same
			// number of pages, give or take one where a table breaks.
			if n, m := len(pdftest.Pages(t, d.pdf)), len(pages); n-m > 1 || m-n > 1 {
				t.Errorf("%d pages in PDF, %d in Word", n, m)
			}
			if orient(ours) != orient(theirs) {
				t.Errorf("orientation of the pages with text: ours %s, LibreOffice's %s", orient(ours), orient(theirs))
			}
		})
	}
}

func near(a, b float64) bool { return a-b < 2 && b-a < 2 }

// orient is "P" or "L" for each change of orientation along the pages.
func orient(words []pdftest.Word) string {
	var b strings.Builder
	last := byte(0)
	for _, w := range words {
		o := byte('P')
		if w.PageW > w.PageH {
			o = 'L'
		}
		if o != last {
			b.WriteByte(o)
			last = o
		}
	}
	return b.String()
}

// headerWords are the words of the table header rows of a .docx (rows
// marked to repeat).
func headerWords(t *testing.T, data []byte) map[string]bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var xmlDoc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			xmlDoc = string(b)
		}
	}
	out := map[string]bool{}
	for _, row := range strings.Split(xmlDoc, "<w:tr>") {
		if !strings.Contains(row, "<w:tblHeader/>") {
			continue
		}
		for _, m := range regexp.MustCompile(`<w:t[^>]*>([^<]*)</w:t>`).FindAllStringSubmatch(row, -1) {
			for _, w := range strings.Fields(m[1]) {
				out[w] = true
			}
		}
	}
	return out
}

// wordDiff compares two lists of words as multisets (the order of table
// cells read back may differ between two layouts) and says what one has
// that the other lacks, but for the words in skip.
func wordDiff(a, b []string, skip map[string]bool) string {
	count := map[string]int{}
	for _, w := range a {
		count[w]++
	}
	for _, w := range b {
		count[w]--
	}
	var extra []string
	for w, n := range count {
		if n != 0 && !skip[w] {
			extra = append(extra, fmt.Sprintf("%q: %+d", w, n))
		}
	}
	sort.Strings(extra)
	if len(extra) > 40 {
		extra = append(extra[:40], "…")
	}
	return strings.Join(extra, "\n")
}

// TestEditedDocumentKeepsItsLayout edits a generated .docx as a secretariat
// would — the opening paragraph replaced by a longer one, through the XML —
// and converts it: the new text is there, the head and the page numbers
// hold, nothing is lost after it.
func TestEditedDocumentKeepsItsLayout(t *testing.T) {
	pdftest.Need(t)
	e := testenv.Open(t, "", true)
	f, err := e.Render.Render(context.Background(), render.Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "docx"})
	if err != nil {
		t.Fatal(err)
	}
	zr, _ := zip.NewReader(bytes.NewReader(f.Data), int64(len(f.Data)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	added := strings.Repeat("Khối đã hoàn thành toàn diện các nhiệm vụ được Bộ giao, được lãnh đạo Bộ ghi nhận và biểu dương. ", 8)
	edited := false
	for _, zf := range zr.File {
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if zf.Name == "word/document.xml" {
			s := string(b)
			// The first paragraph of body text: its first run's text.
			re := regexp.MustCompile(`(<w:p><w:pPr></w:pPr>|<w:p>)<w:r><w:t xml:space="preserve">([^<]*)</w:t></w:r>`)
			loc := re.FindStringSubmatchIndex(s)
			if loc == nil {
				t.Fatal("no body paragraph found to edit")
			}
			s = s[:loc[4]] + added + s[loc[5]:]
			b, edited = []byte(s), true
		}
		w, _ := zw.Create(zf.Name)
		w.Write(b)
	}
	zw.Close()
	if !edited {
		t.Fatal("document.xml not found")
	}
	out := pdftest.Office(t, map[string][]byte{"original.docx": f.Data, "edited.docx": buf.Bytes()})
	orig, ed := pdftest.Pages(t, out["original.pdf"]), pdftest.Pages(t, out["edited.pdf"])
	text := strings.Join(ed, " ")
	if !strings.Contains(strings.Join(strings.Fields(text), " "), strings.TrimSpace(strings.Fields(added)[0]+" "+strings.Fields(added)[1])) {
		t.Error("the edited text is not in the converted document")
	}
	if !strings.Contains(ed[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") || !strings.Contains(ed[0], "BÁO CÁO") {
		t.Error("the head moved off page 1")
	}
	if len(ed) < len(orig) {
		t.Errorf("%d pages after adding text, %d before", len(ed), len(orig))
	}
	words := pdftest.Words(t, out["edited.pdf"])
	last := 0
	for _, w := range words {
		last = max(last, w.Page)
	}
	numbered := map[int]bool{}
	for _, w := range words {
		if w.YMax < band && w.Text == fmt.Sprint(w.Page) {
			numbered[w.Page] = true
		}
	}
	for p := 2; p <= last; p++ {
		if !numbered[p] {
			t.Errorf("page %d of the edited document has no number", p)
		}
	}
	// Everything after the edit is still there: the signer's name.
	if !slices.ContainsFunc(ed, func(p string) bool { return strings.Contains(p, "KHỐI TRƯỞNG") }) {
		t.Error("the signature block is gone")
	}
}
