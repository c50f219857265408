// Package pdftest reads PDFs back with poppler (pdftotext, pdffonts) for
// tests. Pure-Go PDF readers garble fpdf's Identity-H text; poppler does not.
package pdftest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Need skips the test when poppler is missing on a developer's machine, and
// fails it in CI, where .ci/run installs poppler-utils.
func Need(t testing.TB) {
	t.Helper()
	for _, tool := range []string{"pdftotext", "pdffonts", "pdftoppm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is missing: install poppler-utils", tool)
			}
			t.Skipf("%s not installed (apt-get install poppler-utils)", tool)
		}
	}
}

func write(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// Text is pdftotext's reading of the whole document (raw order, so words
// of a line stay together).
func Text(t testing.TB, pdf []byte) string {
	return run(t, "pdftotext", "-raw", "-enc", "UTF-8", write(t, pdf), "-")
}

// Pages is the text of each page; pages are separated by form feeds.
func Pages(t testing.TB, pdf []byte) []string {
	pages := strings.Split(Text(t, pdf), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// Font is a line of pdffonts.
type Font struct {
	Name     string
	Embedded bool
}

// Fonts lists the fonts pdffonts sees.
func Fonts(t testing.TB, pdf []byte) []Font {
	out := run(t, "pdffonts", write(t, pdf))
	var fs []Font
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if i < 2 || len(f) < 7 {
			continue
		}
		// name type... emb sub uni object ID: emb is 5th from the end.
		fs = append(fs, Font{Name: f[0], Embedded: f[len(f)-5] == "yes"})
	}
	return fs
}

// Word is a word with its box in points, from pdftotext -bbox.
type Word struct {
	Page                   int
	Text                   string
	XMin, YMin, XMax, YMax float64
	PageW, PageH           float64
}

// Words lists every word with its page and box.
func Words(t testing.TB, pdf []byte) []Word {
	out := run(t, "pdftotext", "-bbox", "-enc", "UTF-8", write(t, pdf), "-")
	dec := xml.NewDecoder(bytes.NewReader([]byte(out)))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	var words []Word
	page, w, h := 0, 0.0, 0.0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) float64 {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					var f float64
					_, _ = fmt.Sscan(a.Value, &f)
					return f
				}
			}
			return 0
		}
		switch se.Name.Local {
		case "page":
			page++
			w, h = attr("width"), attr("height")
		case "word":
			wd := Word{Page: page, XMin: attr("xMin"), YMin: attr("yMin"), XMax: attr("xMax"), YMax: attr("yMax"), PageW: w, PageH: h}
			var text string
			if err := dec.DecodeElement(&text, &se); err == nil {
				wd.Text = text
			}
			words = append(words, wd)
		}
	}
	return words
}

func mm(pt float64) float64 { return pt * 25.4 / 72 }

// CheckLayout asserts that every glyph lies inside the margins (mm), except
// the page numbers: centred in the top margin, on pages 2 and later only,
// and on every such page. It returns the number of pages.
func CheckLayout(t testing.TB, pdf []byte, top, bottom, left, right float64) (pages int) {
	t.Helper()
	numbered := map[int]bool{}
	for _, w := range Words(t, pdf) {
		pages = max(pages, w.Page)
		x0, x1, y0, y1 := mm(w.XMin), mm(w.XMax), mm(w.YMin), mm(w.YMax)
		pw, ph := mm(w.PageW), mm(w.PageH)
		if y1 <= top {
			if w.Text != fmt.Sprint(w.Page) || w.Page < 2 {
				t.Errorf("page %d: %q in the top margin", w.Page, w.Text)
			}
			centre, mid := (x0+x1)/2, left+(pw-left-right)/2
			if centre < mid-3 || centre > mid+3 {
				t.Errorf("page number %q at %.1f mm, not centred (%.1f)", w.Text, centre, mid)
			}
			numbered[w.Page] = true
			continue
		}
		const tol = 0.3
		if x0 < left-tol || x1 > pw-right+tol || y0 < top-tol || y1 > ph-bottom+tol {
			t.Errorf("page %d: %q outside the margins (%.1f,%.1f)-(%.1f,%.1f) mm", w.Page, w.Text, x0, y0, x1, y1)
		}
	}
	for p := 2; p <= pages; p++ {
		if !numbered[p] {
			t.Errorf("page %d has no number", p)
		}
	}
	return pages
}

// Info is pdfinfo's key: value lines.
func Info(t testing.TB, pdf []byte) map[string]string {
	out := run(t, "pdfinfo", "-enc", "UTF-8", write(t, pdf))
	m := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// Gap is the room between a word and the nearest word after it on the
// same line (points), and whether the pair was found: where a blank to fill
// by hand stands. Lines are found by geometry, not by pdftotext's reading
// order.
func Gap(words []Word, before, after string) (float64, bool) {
	best, found := 0.0, false
	for _, a := range words {
		if a.Text != before {
			continue
		}
		for _, b := range words {
			if b.Text != after || b.Page != a.Page || b.XMin < a.XMax || b.YMin >= a.YMax || b.YMax <= a.YMin {
				continue
			}
			// Nothing else between them on the line.
			between := false
			for _, c := range words {
				if c.Page == a.Page && c.XMin >= a.XMax && c.XMax <= b.XMin && c.YMin < a.YMax && c.YMax > a.YMin {
					between = true
				}
			}
			if !between && (!found || b.XMin-a.XMax < best) {
				best, found = b.XMin-a.XMax, true
			}
		}
	}
	return best, found
}

// Images renders each page to PNG with pdftoppm at dpi, for comparing what
// a reader sees.
func Images(t testing.TB, pdf []byte, dpi int) [][]byte {
	t.Helper()
	dir := t.TempDir()
	run(t, "pdftoppm", "-r", fmt.Sprint(dpi), "-png", write(t, pdf), filepath.Join(dir, "p"))
	names, err := filepath.Glob(filepath.Join(dir, "p-*.png"))
	if err != nil {
		t.Fatal(err)
	}
	// pdftoppm pads page numbers to the same width: names sort by page.
	var pages [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, b)
	}
	return pages
}

// SameLook reports, as test errors, where b reads or looks different from
// a: its text, its number of pages, or any page's pixels at 60 dpi. It is
// the check for a pass over a file that must change nothing visible.
func SameLook(t testing.TB, a, b []byte) {
	t.Helper()
	if ta, tb := Text(t, a), Text(t, b); ta != tb {
		t.Errorf("text differs:\n%s\n%s", ta, tb)
	}
	ai, bi := Images(t, a, 60), Images(t, b, 60)
	if len(ai) != len(bi) {
		t.Fatalf("%d pages, was %d", len(bi), len(ai))
	}
	for i := range ai {
		if !bytes.Equal(ai[i], bi[i]) {
			t.Errorf("page %d looks different", i+1)
		}
	}
}

// Complaints is what poppler says on stderr while reading the file (a
// damaged cross-reference table, a bad stream): empty for a sound file.
func Complaints(t testing.TB, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", write(t, pdf), os.DevNull)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Sprintf("pdftotext: %v: %s", err, stderr.String())
	}
	return stderr.String()
}
