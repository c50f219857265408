package docx

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// Measure is the width of text in mm, in a style ("", "B", "I", "BI") and
// size in points: the PDF's font metrics (Liberation Serif, metric-
// compatible with Times New Roman).
type Measure func(style string, size float64, text string) float64

// writer builds word/document.xml.
type writer struct {
	b         strings.Builder
	page      document.Page
	measure   Measure
	landscape bool
	sections  int // sections closed so far
}

func (w *writer) width(style string, size float64, text string) float64 {
	if w.measure != nil {
		return w.measure(style, size, text)
	}
	return float64(len([]rune(text))) * size * 0.5 * 25.4 / 72
}

// textW is the width between the margins, in twips.
func (w *writer) textW() int {
	page := a4W
	if w.landscape {
		page = a4H
	}
	return page - tw(w.page.Margins.Left) - tw(w.page.Margins.Right)
}

func (w *writer) body(doc *document.Document) {
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + ns + "><w:body>")
	w.header(doc.Header)
	for i, bl := range doc.Blocks {
		var next, after document.Block
		if i+1 < len(doc.Blocks) {
			next = doc.Blocks[i+1]
		}
		if i+2 < len(doc.Blocks) {
			after = doc.Blocks[i+2]
		}
		w.block(bl, next, after)
	}
	w.b.WriteString(w.sectPr())
	w.b.WriteString("</w:body></w:document>")
}

// sectPr describes the section that ends here: its page size and
// orientation, the Decree 30 margins, the headers (the page number from
// page 2: the first page has its own, empty header).
func (w *writer) sectPr() string {
	m := w.page.Margins
	pw, ph, orient := a4W, a4H, ""
	if w.landscape {
		pw, ph, orient = a4H, a4W, ` w:orient="landscape"`
	}
	var b strings.Builder
	b.WriteString(`<w:sectPr><w:headerReference w:type="default" r:id="rId5"/>`)
	if w.sections == 0 {
		b.WriteString(`<w:headerReference w:type="first" r:id="rId6"/>`)
	}
	fmt.Fprintf(&b, `<w:pgSz w:w="%d" w:h="%d"%s/>`, pw, ph, orient)
	// The number sits in the middle of the top margin, as in the PDF.
	fmt.Fprintf(&b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/>`,
		tw(m.Top), tw(m.Right), tw(m.Bottom), tw(m.Left), max(tw(m.Top/2)-170, 200), tw(m.Bottom/2))
	if w.sections == 0 {
		b.WriteString(`<w:titlePg/>`)
	}
	b.WriteString(`</w:sectPr>`)
	return b.String()
}

// rprops are a run's own properties.
type rprops struct {
	bold, italic bool
	size         float64 // 0: the style's
}

func (p rprops) xml() string {
	var b strings.Builder
	if p.bold {
		b.WriteString(`<w:b/><w:bCs/>`)
	}
	if p.italic {
		b.WriteString(`<w:i/><w:iCs/>`)
	}
	if p.size > 0 {
		fmt.Fprintf(&b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, int(p.size*2), int(p.size*2))
	}
	if b.Len() == 0 {
		return ""
	}
	return "<w:rPr>" + b.String() + "</w:rPr>"
}

// run writes text with its properties; "\n" is a line break.
func run(text string, p rprops) string {
	var b strings.Builder
	for i, part := range strings.Split(text, "\n") {
		b.WriteString("<w:r>" + p.xml())
		if i > 0 {
			b.WriteString("<w:br/>")
		}
		if part != "" {
			b.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
		}
		b.WriteString("</w:r>")
	}
	return b.String()
}

// unbroken is a run no line breaks inside: its spaces non-breaking, its
// hyphens Word's non-breaking hyphen ("Số: 04/BB-KTĐ" split at "BB-").
func unbroken(text string, p rprops) string {
	parts := strings.Split(strings.ReplaceAll(text, " ", "\u00a0"), "-")
	for i := range parts {
		parts[i] = `<w:t xml:space="preserve">` + esc(parts[i]) + `</w:t>`
	}
	return "<w:r>" + p.xml() + strings.Join(parts, "<w:noBreakHyphen/>") + "</w:r>"
}

func runs(rs []document.Run, base rprops) string {
	var b strings.Builder
	for _, r := range rs {
		p := base
		p.bold = p.bold || r.Bold
		p.italic = p.italic || r.Italic
		b.WriteString(run(r.Text, p))
	}
	return b.String()
}

func para(style, ppr, content string) string {
	s := ""
	if style != "" {
		s = `<w:pStyle w:val="` + style + `"/>`
	}
	if s+ppr == "" {
		return "<w:p>" + content + "</w:p>"
	}
	return "<w:p><w:pPr>" + s + ppr + "</w:pPr>" + content + "</w:p>"
}

func jc(a document.Align) string {
	switch a {
	case document.AlignLeft:
		return `<w:jc w:val="left"/>`
	case document.AlignCenter:
		return `<w:jc w:val="center"/>`
	case document.AlignRight:
		return `<w:jc w:val="right"/>`
	case document.AlignJustify:
		return `<w:jc w:val="both"/>`
	}
	return ""
}

// rule is a short horizontal rule of width mm, centred in a space of
// width twips: an empty paragraph whose top border is the rule.
func rule(space int, widthMM float64, after int) string {
	in := max((space-tw(widthMM))/2, 0)
	return fmt.Sprintf(`<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>`+
		`<w:spacing w:before="60" w:after="%d" w:line="40" w:lineRule="exact"/><w:ind w:left="%d" w:right="%d" w:firstLine="0"/><w:jc w:val="center"/>`+
		`<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>`, after, in, in)
}

// header writes the two-column head of Decree 30 as a borderless table:
// parent agency, issuing body and its short rule on the left, national
// title and motto with its rule on the right; number and place-date on
// the row below, side by side.
func (w *writer) header(h document.Header) {
	if h.Parent == "" && h.Issuer == "" && h.Number == "" && h.NoMotto {
		return // an appendix: no head of its own
	}
	total := w.textW()
	left := tw(72)
	right := total - left
	leftMM, rightMM := float64(left)/twipsPerMM, float64(right)/twipsPerMM
	fit := func(text, style string, size, room float64) float64 {
		for _, part := range strings.Split(text, "\n") {
			if w.width(style, size, part) > room {
				return size - 1
			}
		}
		return size
	}
	var l strings.Builder
	if h.Parent != "" {
		l.WriteString(para("Dau", "", run(vn.Upper(h.Parent), rprops{})))
	}
	issuer := vn.Upper(h.Issuer)
	isz := fit(issuer, "B", 13, leftMM)
	l.WriteString(para("Dau", "", run(issuer, rprops{bold: true, size: isz})))
	iw := 0.0
	for _, part := range strings.Split(issuer, "\n") {
		iw = max(iw, w.width("B", isz, part))
	}
	l.WriteString(rule(left, max(iw*0.4, 15), 0))
	var r strings.Builder
	if !h.NoMotto {
		qh := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
		r.WriteString(para("Dau", "", run(qh, rprops{bold: true, size: fit(qh, "B", 13, rightMM)})))
		motto := "Độc lập - Tự do - Hạnh phúc"
		r.WriteString(para("Dau", "", run(motto, rprops{bold: true, size: 14})))
		r.WriteString(rule(right, w.width("B", 14, motto), 0))
	} else {
		r.WriteString(para("Dau", "", ""))
	}
	var num, date string
	if h.Number != "" {
		num = unbroken(h.Number, rprops{})
	}
	if !h.NoMotto && h.Place != "" {
		// A little room kept: LibreOffice lays the line a hair wider than
		// our measure, and then left the year alone on a second line; the
		// year is also kept with "năm" should it wrap all the same.
		pd, size := document.PlaceDate(h.Place, vn.DateOrBlank(h.Date, h.Year), rightMM-3, w.width)
		date = run(strings.Replace(pd, "năm ", "năm\u00a0", 1), rprops{italic: true, size: size})
	}
	// No cell margins: each column is as wide as the PDF's, so a line that
	// fits there fits here.
	fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/>`+
		`<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr>`+
		`<w:tblGrid><w:gridCol w:w="%d"/><w:gridCol w:w="%d"/></w:tblGrid>`, total, left, right)
	cell := func(width int, content string) string {
		return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>`, width, content)
	}
	w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>` + cell(left, l.String()) + cell(right, r.String()) + `</w:tr>`)
	w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>` + cell(left, para("Dau", `<w:spacing w:before="100"/>`, num)) +
		cell(right, para("Dau", `<w:spacing w:before="100"/>`, date)) + `</w:tr></w:tbl>`)
	w.b.WriteString(para("", `<w:spacing w:after="0" w:line="160" w:lineRule="exact"/>`, ""))
}

// block writes one block; next is the one after it (a paragraph before the
// signatures is kept with them).
func (w *writer) block(b document.Block, next, after document.Block) {
	body := w.page.BodySize
	switch v := b.(type) {
	case document.Title:
		w.b.WriteString(para("Title", "", run(vn.Upper(v.Kind), rprops{})))
		widest := 0.0
		for _, s := range v.Subject {
			w.b.WriteString(para("Subtitle", "", run(s, rprops{})))
			widest = max(widest, w.width("B", 14, s))
		}
		if widest > 0 {
			w.b.WriteString(rule(w.textW(), max(widest*0.35, 25), 200))
		} else {
			w.b.WriteString(para("", `<w:spacing w:after="120"/>`, ""))
		}
	case document.Heading:
		level := min(max(v.Level, 1), 3)
		w.b.WriteString(para(fmt.Sprintf("Heading%d", level), "", runs(v.Runs, rprops{})))
	case document.Paragraph:
		var ppr strings.Builder
		_, sign := next.(document.Signatures)
		_, list := next.(document.List)
		_, table := next.(document.Table)
		// Kept with the signatures, and "…như sau:" with its list or table.
		if sign || (list || table) && strings.HasSuffix(strings.TrimSpace(document.PlainText(v.Runs)), ":") {
			ppr.WriteString(`<w:keepNext/><w:keepLines/>`)
		} else if w.shortClosing(next, after) {
			// As the PDF: a closing line alone cannot carry the signatures
			// to a page of their own; this paragraph's last lines go too
			// (keepNext with Word's widow control: two lines at least).
			ppr.WriteString(`<w:keepNext/>`)
		}
		if v.NoIndent {
			ppr.WriteString(`<w:ind w:firstLine="0"/>`)
		}
		ppr.WriteString(jc(v.Align))
		p := rprops{}
		if v.Size > 0 && v.Size != body {
			p.size = v.Size
		}
		w.b.WriteString(para("", ppr.String(), runs(v.Runs, p)))
	case document.List:
		ppr := ""
		if v.Bullet == "+" {
			ppr = `<w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>`
		}
		for _, item := range v.Items {
			w.b.WriteString(para("GachDauDong", ppr, runs(item, rprops{})))
		}
	case document.Table:
		// Its last rows go with the signatures, or with a one-line
		// closing above them (the score summary: "Bảng gồm …").
		_, sign := next.(document.Signatures)
		w.table(v, sign || w.shortClosing(next, after))
	case document.Orientation:
		if v.Landscape == w.landscape {
			return
		}
		w.b.WriteString(`<w:p><w:pPr><w:spacing w:after="0"/>` + w.sectPr() + `</w:pPr></w:p>`)
		w.sections++
		w.landscape = v.Landscape
	case document.PageBreak:
		w.b.WriteString(`<w:p><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>`)
	case document.Space:
		w.b.WriteString(fmt.Sprintf(`<w:p><w:pPr><w:spacing w:after="0" w:line="%d" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>`, max(int(v.Points*20), 20)))
	case document.Signatures:
		w.signatures(v)
	}
}

// shortClosing reports whether next is a one-line paragraph that the
// signatures follow (after).
func (w *writer) shortClosing(next, after document.Block) bool {
	p, ok := next.(document.Paragraph)
	if _, sign := after.(document.Signatures); !ok || !sign {
		return false
	}
	size := w.page.BodySize
	if p.Size > 0 {
		size = p.Size
	}
	indent := 12.7 // the first-line indent of a body paragraph, mm
	if p.NoIndent {
		indent = 0
	}
	return w.width("", size, document.PlainText(p.Runs))+indent <= float64(w.textW())*25.4/1440
}
