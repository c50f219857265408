// Package docx writes the document model as an editable Word document
// (WordprocessingML in a ZIP), laid out to Decree 30 like the PDF: A4 with
// the configured margins, Times New Roman, the two-column head and the
// signature block as borderless tables with their short rules as paragraph
// borders, real styles (body, headings, list items) so that an edit keeps
// the layout, the page number as a PAGE field from page 2, landscape
// sections for wide tables, header rows that repeat and rows that do not
// split. Written with archive/zip and text escaping of our own: no kept Go
// library writes headers, fields and sections (checked: see the package's
// README entry); the bytes are the same for the same document.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// Options are the page and text settings, the same as the PDF's, and the
// font metrics that size the rules and the header's lines.
type Options struct {
	Page    document.Page
	Measure Measure // nil: an estimate of half an em a character
}

// Renderer writes .docx files. It is safe for concurrent use.
type Renderer struct {
	page    document.Page
	measure Measure
}

// New checks the options against Decree 30.
func New(o Options) (*Renderer, error) {
	if err := o.Page.Check(); err != nil {
		return nil, err
	}
	return &Renderer{page: o.Page, measure: o.Measure}, nil
}

// Fingerprint identifies the renderer and its options, for cache keys.
func (r *Renderer) Fingerprint() string {
	return fmt.Sprintf("docx/1 %v", r.page)
}

// ContentType is the media type of a .docx file.
const ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

// twips per millimetre (1 twip = 1/20 pt = 1/1440 in).
const twipsPerMM = 1440 / 25.4

func tw(mm float64) int { return int(mm*twipsPerMM + 0.5) }

const (
	a4W = 11906 // 210 mm
	a4H = 16838 // 297 mm
)

// zipTime is every entry's time: fixed, so that the bytes depend on the
// document only.
var zipTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Render writes doc as a .docx.
func (r *Renderer) Render(doc *document.Document) ([]byte, error) {
	return r.RenderWith(doc, r.page)
}

// RenderWith writes doc with other page settings (within Decree 30): the
// tighter setting the PDF chose to keep a proposal on one page.
func (r *Renderer) RenderWith(doc *document.Document, page document.Page) ([]byte, error) {
	if err := page.Check(); err != nil {
		return nil, err
	}
	w := &writer{page: page, measure: r.measure, landscape: doc.Header.Landscap}
	w.body(doc)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", packageRels},
		{"docProps/core.xml", core(doc)},
		{"docProps/app.xml", app},
		{"word/document.xml", w.b.String()},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles(page.BodySize, page.LineSpacing)},
		{"word/settings.xml", settings},
		{"word/numbering.xml", numbering},
		{"word/fontTable.xml", fontTable},
		{"word/header1.xml", header1},
		{"word/header2.xml", header2},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		if _, err := f.Write([]byte(p.data)); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

const app = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>thidua</Application></Properties>`

// core is the document's properties: title, subject, author, keywords, and
// its date (the document's own, so the bytes do not change with the clock).
func core(doc *document.Document) string {
	m := doc.Meta
	when := doc.Header.Date
	if when.IsZero() {
		y := doc.Header.Year
		if y == 0 {
			y = 2020
		}
		when = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	stamp := when.UTC().Format("2006-01-02T15:04:05Z")
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(m.Title) + `</dc:title><dc:subject>` + esc(m.Subject) + `</dc:subject><dc:creator>` + esc(m.Author) + `</dc:creator>` +
		`<cp:keywords>` + esc(m.Keywords) + `</cp:keywords><dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified></cp:coreProperties>`
}

// esc escapes text for XML, in NFC, without control characters (XML 1.0
// cannot carry them; the model's text is checked on the way in).
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' {
			return -1
		}
		return r
	}, vn.NFC(s))
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
