// Package document is the document model every renderer reads: a Decree 30
// administrative document as a list of blocks (header, type and subject,
// headings, paragraphs, lists, tables, signature blocks, distribution list).
// It knows nothing of PDF: the same model can feed a DOCX writer later.
//
// Documents are written in a small line-based markup (see markup.go), which
// the templates under templates/documents produce with text/template.
package document

import "time"

// Document is one administrative document.
type Document struct {
	Meta   Meta
	Header Header
	Blocks []Block
	// FitPages, when set, asks the renderer to set the document tighter
	// (13 pt, single spacing: still Decree 30) when that brings it to this
	// many pages; a proposal fits on one page when it can.
	FitPages int
}

// Meta is the document's metadata (PDF Info, DOCX core properties).
type Meta struct {
	Title    string
	Subject  string
	Author   string // the issuing body
	Keywords string
	FileName string // suggested file name, Vietnamese, without extension
}

// Header is the two-column head of Decree 30: parent agency and issuing
// body with the number on the left; national title, motto and the place and
// date on the right.
type Header struct {
	Parent   string    // upper case, regular: "BỘ KẾ HOẠCH VÀ ĐẦU TƯ"
	Issuer   string    // upper case, bold: "KHỐI THI ĐUA …"; may hold "\n"
	Number   string    // "Số: 05/BC-KTĐ"
	Place    string    // "Quảng Ngãi"
	Date     time.Time // zero: left blank to be written by hand
	Year     int       // the year printed when Date is zero
	NoMotto  bool      // documents without the national title (rare)
	Landscap bool      // first page in landscape
}

// Block is one element of the body.
type Block interface{ block() }

// Run is a piece of inline text with a style.
type Run struct {
	Text   string
	Bold   bool
	Italic bool
}

// Align of a paragraph or cell.
type Align byte

// Alignments.
const (
	AlignDefault Align = 0
	AlignLeft    Align = 'L'
	AlignCenter  Align = 'C'
	AlignRight   Align = 'R'
	AlignJustify Align = 'J'
)

// Title is the document type ("BÁO CÁO") with its subject lines (trích
// yếu), centred, with a short rule under them.
type Title struct {
	Kind    string
	Subject []string
}

// Heading is a numbered heading; the number is part of the text ("I. …").
type Heading struct {
	Level int // 1, 2, 3
	Runs  []Run
}

// Paragraph is body text: justified, first line indented, unless Align says
// otherwise.
type Paragraph struct {
	Runs     []Run
	Align    Align
	NoIndent bool
	Size     float64 // 0: body size
}

// List is a bulleted list ("- …").
type List struct {
	Items  [][]Run
	Bullet string // "-" by default, "+" for a second level
}

// Cell is a table cell.
type Cell struct {
	Runs    []Run
	Align   Align
	ColSpan int // 0 or 1: one column
	RowSpan int // header rows only
	Bold    bool
	Italic  bool
}

// Table is a table; header rows repeat on every page it spans; no row is
// split across pages.
type Table struct {
	Widths     []float64 // relative column widths
	Aligns     []Align   // default alignment per column
	Header     [][]Cell
	Rows       [][]Cell
	FontSize   float64 // 0: 12 pt
	TotalsRows int     // the last n rows are totals (bold)
}

// Orientation switches the page orientation from here on (a new page).
type Orientation struct{ Landscape bool }

// PageBreak starts a new page.
type PageBreak struct{}

// Space adds vertical space, in points.
type Space struct{ Points float64 }

// Signer is one signature block: "TM. KHỐI THI ĐUA" / "KHỐI TRƯỞNG" /
// (signature and seal) / name.
type Signer struct {
	Prefix string   // "TM. KHỐI THI ĐUA", "KT. TRƯỞNG BAN"; may be empty
	Title  string   // "KHỐI TRƯỞNG"
	Lines  []string // extra lines under the title (e.g. the unit's name)
	Name   string
}

// Signatures is the signature area: one signer on the right with the
// distribution list on the left, or several signers side by side (a
// covenant's grid), Columns per row.
type Signatures struct {
	Signers    []Signer
	Columns    int
	Recipients []string // Nơi nhận entries; shown left of a single signer
}

func (Title) block()       {}
func (Heading) block()     {}
func (Paragraph) block()   {}
func (List) block()        {}
func (Table) block()       {}
func (Orientation) block() {}
func (PageBreak) block()   {}
func (Space) block()       {}
func (Signatures) block()  {}

// PlainText returns the text of runs.
func PlainText(runs []Run) string {
	n := 0
	for _, r := range runs {
		n += len(r.Text)
	}
	b := make([]byte, 0, n)
	for _, r := range runs {
		b = append(b, r.Text...)
	}
	return string(b)
}
