// Package pdf renders the document model as a Decree 30/2020/NĐ-CP
// administrative document with go-pdf/fpdf: A4, Times-metric fonts embedded
// and subset, the two-column header with its rules, justified body with
// first-line indent, tables whose header rows repeat, page numbers from page
// 2, signature block beside the distribution list.
package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// Margins in millimetres (the model's: both renderers keep the same).
type Margins = document.Margins

// Options tune the renderer within Decree 30's ranges.
type Options struct {
	Margins     Margins // default 20, 20, 30, 15
	BodySize    float64 // pt, default 14
	LineSpacing float64 // multiple of the font size, default 1.2
	// Strict refuses to render a character the font lacks. By default
	// such a character (only stored data from before input was checked
	// can hold one) is drawn as a visible mark, "[U+1F600]", and reported,
	// so that one bad character never makes a document unavailable.
	Strict bool
}

// Page is the layout part of the options, as the model defines it.
func (o Options) Page() document.Page {
	return document.Page{Margins: o.Margins, BodySize: o.BodySize, LineSpacing: o.LineSpacing}
}

// Check keeps options inside Decree 30's ranges (document.Page.Check).
func (o *Options) Check() error {
	p := o.Page()
	if err := p.Check(); err != nil {
		return err
	}
	o.Margins, o.BodySize, o.LineSpacing = p.Margins, p.BodySize, p.LineSpacing
	return nil
}

// Renderer turns documents into PDF bytes. It is safe for concurrent use.
type Renderer struct {
	fonts   *FontSet
	opt     Options
	deflate deflater
}

// New builds a renderer.
func New(fonts *FontSet, opt Options) (*Renderer, error) {
	if err := opt.Check(); err != nil {
		return nil, err
	}
	return &Renderer{fonts: fonts, opt: opt}, nil
}

// ForgetKeptFonts drops the fonts kept between documents (FontSet.ForgetKept).
func (r *Renderer) ForgetKeptFonts() { r.fonts.ForgetKept() }

// Fingerprint identifies what besides the document shapes the bytes: fonts
// and options. It is part of the render cache key.
func (r *Renderer) Fingerprint() string {
	return fmt.Sprintf("%s|%+v", r.fonts.fingerprint(), r.opt)
}

// MissingGlyphError names a character no font style can draw and where it
// came from.
type MissingGlyphError struct {
	Rune  rune
	Where string
}

func (e *MissingGlyphError) Error() string {
	return fmt.Sprintf("ký tự %q (U+%04X) không có trong phông chữ, ở %s", e.Rune, e.Rune, e.Where)
}

const ptMM = 25.4 / 72 // one point in millimetres

// Render lays the document out and returns the PDF and, unless Strict,
// the characters that were replaced by a mark. A document that asks to fit
// on a number of pages and does not is set again tighter (13 pt, the
// line spacing of a word processor's "single": the least Decree 30 allows;
// paragraphs keep their 6 pt); the tighter one is kept only when it fits.
func (r *Renderer) Render(doc *document.Document) ([]byte, []string, error) {
	return r.render(doc, true)
}

// render is Render, with the fonts written from the kept ones
// (fontcache.go) when replay is true. Should the pass after output not
// find what it expects, the document is rendered again the plain way.
func (r *Renderer) render(doc *document.Document, replay bool) ([]byte, []string, error) {
	p, l, _, err := r.fit(doc)
	if err != nil {
		return nil, nil, err
	}
	kept := r.fonts.prepare(p, replay)
	var buf bytes.Buffer
	buf.Grow(64 << 10)
	if err := p.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("tạo PDF: %w", err)
	}
	out, ok := r.deflate.compress(buf.Bytes(), kept.byObject(p))
	if !ok {
		return r.render(doc, false)
	}
	return out, l.substituted, nil
}

// fit lays the document out, set tighter when that keeps it to the pages
// it asks for; tight says whether it was.
func (r *Renderer) fit(doc *document.Document) (p *fpdf.Fpdf, l *layout, tight bool, err error) {
	p, l, err = r.layout(doc, r.opt)
	if err != nil {
		return nil, nil, false, err
	}
	if doc.FitPages > 0 && p.PageNo() > doc.FitPages {
		if t := r.Tighter(); t != r.opt.Page() {
			opt := r.opt
			opt.Margins, opt.BodySize, opt.LineSpacing = t.Margins, t.BodySize, t.LineSpacing
			if tp, tl, err := r.layout(doc, opt); err == nil && tp.PageNo() <= doc.FitPages {
				return tp, tl, true, nil
			}
		}
	}
	return p, l, false, nil
}

// Tighter is the tighter setting a document that asks to fit is tried in.
func (r *Renderer) Tighter() document.Page {
	t := r.opt.Page()
	t.BodySize, t.LineSpacing = 13, min(t.LineSpacing, 1.15)
	return t
}

// Tight reports whether the document is set tighter to keep to its pages
// (the Word file then follows the PDF).
func (r *Renderer) Tight(doc *document.Document) (bool, error) {
	if doc.FitPages == 0 {
		return false, nil
	}
	_, _, tight, err := r.fit(doc)
	return tight, err
}

// layout lays the document out with the given options, ready for output.
func (r *Renderer) layout(doc *document.Document, opt Options) (*fpdf.Fpdf, *layout, error) {
	p := fpdf.New("P", "mm", "A4", "")
	m := opt.Margins
	p.SetMargins(m.Left, m.Top, m.Right)
	p.SetAutoPageBreak(false, m.Bottom)
	p.SetCompression(false) // the pages are deflated after output (deflate.go)
	p.SetCatalogSort(true)  // fonts in a fixed order: same content, same bytes
	mt := doc.Meta
	p.SetTitle(vn.NFC(mt.Title), true)
	p.SetSubject(vn.NFC(mt.Subject), true)
	p.SetAuthor(vn.NFC(mt.Author), true)
	p.SetKeywords(vn.NFC(mt.Keywords), true)
	p.SetCreator("thidua", true)
	p.SetProducer("thidua (go-pdf/fpdf)", true)
	// The creation date is the document's own date, so the same content
	// always gives the same bytes.
	created := doc.Header.Date
	if created.IsZero() {
		created = time.Date(max(doc.Header.Year, 2000), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.SetCreationDate(created)
	p.SetModificationDate(created)

	l := &layout{p: p, r: r, opt: opt}
	if err := l.document(doc); err != nil {
		return nil, nil, err
	}
	if err := p.Error(); err != nil {
		return nil, nil, fmt.Errorf("tạo PDF: %w", err)
	}
	return p, l, nil
}

// layout is the state of one rendering.
type layout struct {
	p           *fpdf.Fpdf
	r           *Renderer
	opt         Options
	y           float64
	landscape   bool
	substituted []string
	err         error
	where       string
	installed   map[string]bool // font styles given to this document so far
	// columns are the fitted column widths of each table: a table is laid
	// out twice (its start is measured to keep the paragraph before it
	// with it, then it is drawn), and fitting measures every word of
	// every cell.
	columns map[fitKey][]float64
	starts  map[fitKey]float64 // tableStart of each table, likewise
	paras   map[paraKey][]line // each paragraph's lines (see paragraph)
}

func (l *layout) pageW() float64 {
	w, _ := l.p.GetPageSize()
	return w
}

func (l *layout) left() float64   { return l.opt.Margins.Left }
func (l *layout) width() float64  { return l.pageW() - l.opt.Margins.Left - l.opt.Margins.Right }
func (l *layout) bottom() float64 { _, h := l.p.GetPageSize(); return h - l.opt.Margins.Bottom }
func (l *layout) room() float64   { return l.bottom() - l.y }
func (l *layout) atTop() bool     { return l.y <= l.opt.Margins.Top+0.01 }

// newPage adds a page in the current orientation and draws its number from
// page 2 on, centred in the top margin.
func (l *layout) newPage() {
	orient := "P"
	if l.landscape {
		orient = "L"
	}
	l.p.AddPageFormat(orient, fpdf.SizeType{Wd: 210, Ht: 297})
	l.y = l.opt.Margins.Top
	if n := l.p.PageNo(); n >= 2 {
		num := fmt.Sprint(n)
		l.font("", 13)
		w := l.p.GetStringWidth(num)
		l.p.Text(l.left()+(l.width()-w)/2, l.opt.Margins.Top/2+13*ptMM*0.35, num)
	}
}

func (l *layout) font(style string, size float64) {
	if !l.installed[style] {
		l.r.fonts.install(l.p, style)
		if l.installed == nil {
			l.installed = map[string]bool{}
		}
		l.installed[style] = true
	}
	// fpdf's SetFont writes a font operator to the page on every call,
	// even for the font already set, and the layout asks for a font each
	// time it measures text (thousands of times a report): skip a call
	// that would change nothing, as fpdf itself reports its state. The
	// pages lose a third of their operators; the output looks the same.
	if pt, _ := l.p.GetFontSize(); pt == size && l.p.GetFontStyle() == style && l.p.GetFontFamily() == familyKey {
		return
	}
	l.p.SetFont(family, style, size)
}

// familyKey is family as fpdf keeps it (lower case).
var familyKey = strings.ToLower(family)

// clean makes a string drawable: NFC, no control characters, and every
// character checked against the fonts.
func (l *layout) clean(s string) string {
	s = vn.NFC(s)
	ok := true
	for _, r := range s {
		if !l.r.fonts.Has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x200B || r == 0xFEFF || r == 0xAD:
			// control characters, zero-width space, BOM, soft hyphen: nothing to draw
		case l.r.fonts.Has(r):
			b.WriteRune(r)
		case !l.opt.Strict:
			l.substituted = append(l.substituted, fmt.Sprintf("U+%04X ở %s", r, l.where))
			fmt.Fprintf(&b, "[U+%04X]", r)
		default:
			if l.err == nil {
				l.err = &MissingGlyphError{Rune: r, Where: l.where}
			}
			b.WriteByte('?')
		}
	}
	return b.String()
}

func styleOf(bold, italic bool) string {
	switch {
	case bold && italic:
		return "BI"
	case bold:
		return "B"
	case italic:
		return "I"
	}
	return ""
}

func (l *layout) document(doc *document.Document) error {
	l.landscape = doc.Header.Landscap
	l.newPage()
	l.where = "phần đầu văn bản"
	l.header(doc.Header)
	for i, b := range doc.Blocks {
		l.where = describe(i, b)
		l.block(b, doc.Blocks[i+1:])
		if l.err != nil {
			return l.err
		}
	}
	return l.err
}

// describe names a block for error messages: "khối 12 (đoạn văn «Trong năm…»)".
func describe(i int, b document.Block) string {
	snippet := func(s string) string {
		rs := []rune(s)
		if len(rs) > 40 {
			return string(rs[:40]) + "…"
		}
		return s
	}
	var what string
	switch v := b.(type) {
	case document.Paragraph:
		what = "đoạn văn «" + snippet(document.PlainText(v.Runs)) + "»"
	case document.Heading:
		what = "đề mục «" + snippet(document.PlainText(v.Runs)) + "»"
	case document.Table:
		what = "bảng"
	case document.List:
		what = "danh sách"
	case document.Signatures:
		what = "khối chữ ký"
	case document.Title:
		what = "tên loại «" + v.Kind + "»"
	default:
		what = fmt.Sprintf("%T", b)
	}
	return fmt.Sprintf("khối %d (%s)", i+1, what)
}
