package docx

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// table writes a data table: ruled, its columns in the model's proportions
// of the width between the margins, header rows marked to repeat on every
// page, no row split across pages, the first rows and the totals kept with
// their neighbours.
func (w *writer) table(t document.Table, keepEnd bool) {
	size := t.FontSize
	if size == 0 {
		size = 12
	}
	total := w.textW()
	n := len(t.Widths)
	if n == 0 {
		return
	}
	// The same widths as the PDF's (cell margins 68 twips a side, 1.2 mm).
	mm := t.FitColumns(float64(total)/twipsPerMM, 2*68/twipsPerMM, w.width)
	cols := make([]int, n)
	used := 0
	for i, x := range mm {
		cols[i] = int(x * twipsPerMM)
		used += cols[i]
	}
	cols[n-1] += total - used
	spanW := func(c, span int) int {
		s := 0
		for i := c; i < min(c+span, n); i++ {
			s += cols[i]
		}
		return s
	}
	fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`, total)
	for _, c := range cols {
		fmt.Fprintf(&w.b, `<w:gridCol w:w="%d"/>`, c)
	}
	w.b.WriteString(`</w:tblGrid>`)

	// Decimal columns align on the comma, as in the PDF: a right-aligned
	// number is set in from the right by the width of the decimals it
	// lacks against the widest of its column ("1.370" above "258,3").
	frac := func(c document.Cell, bold bool) (float64, bool) {
		s := strings.TrimSpace(document.PlainText(c.Runs))
		if s == "" || strings.Trim(s, "0123456789.,-") != "" || strings.Count(s, ",") > 1 {
			return 0, false
		}
		i := strings.IndexByte(s, ',')
		if i < 0 {
			return 0, true
		}
		style := ""
		if bold {
			style = "B"
		}
		return w.width(style, size, s[i:]), true
	}
	fracW := make([]float64, n)
	for i, row := range t.Rows {
		c := 0
		for _, cell := range row {
			if f, ok := frac(cell, cell.Bold || i >= len(t.Rows)-t.TotalsRows); ok && max(cell.ColSpan, 1) == 1 && c < n {
				fracW[c] = max(fracW[c], f)
			}
			c += max(cell.ColSpan, 1)
		}
	}

	cellXML := func(c document.Cell, col, span int, header, totals, keep bool, merge string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, spanW(col, span))
		if span > 1 {
			fmt.Fprintf(&b, `<w:gridSpan w:val="%d"/>`, span)
		}
		if merge != "" {
			b.WriteString(merge)
		}
		b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
		align := c.Align
		if align == document.AlignDefault {
			switch {
			case header:
				align = document.AlignCenter
			case col < len(t.Aligns):
				align = t.Aligns[col]
			default:
				align = document.AlignLeft
			}
		}
		ppr := jc(align)
		if f, ok := frac(c, c.Bold || totals); ok && !header && span == 1 && align == document.AlignRight && fracW[col]-f > 0.05 {
			ppr = fmt.Sprintf(`<w:ind w:right="%d" w:firstLine="0"/>`, tw(fracW[col]-f)) + ppr
		}
		if keep {
			ppr = `<w:keepNext/>` + ppr
		}
		p := rprops{bold: c.Bold || header || totals, italic: c.Italic}
		if size != 12 {
			p.size = size
		}
		cellRuns := make([]document.Run, len(c.Runs))
		for i, r := range c.Runs {
			style := ""
			if p.bold || r.Bold {
				style += "B"
			}
			if p.italic || r.Italic {
				style += "I"
			}
			r.Text = w.fitJoined(r.Text, style, size, float64(spanW(col, span))/twipsPerMM-cellMarginMM)
			cellRuns[i] = r
		}
		b.WriteString(para("Bang", ppr, runs(cellRuns, p)))
		b.WriteString(`</w:tc>`)
		return b.String()
	}

	// Header rows; a cell spanning rows down is continued in the rows
	// below by a merged cell in the same columns.
	type hold struct{ span, left int }
	below := map[int]hold{} // column -> a cell from above still spanning
	for _, row := range t.Header {
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		c := 0
		cont := func() {
			for {
				h, ok := below[c]
				if !ok || c >= n {
					return
				}
				w.b.WriteString(cellXML(document.Cell{}, c, h.span, true, false, true, `<w:vMerge/>`))
				if h.left <= 1 {
					delete(below, c)
				} else {
					below[c] = hold{h.span, h.left - 1}
				}
				c += h.span
			}
		}
		for _, cell := range row {
			cont()
			if c >= n {
				break
			}
			span := min(max(cell.ColSpan, 1), n-c)
			merge := ""
			if cell.RowSpan > 1 {
				merge = `<w:vMerge w:val="restart"/>`
				below[c] = hold{span, cell.RowSpan - 1}
			}
			w.b.WriteString(cellXML(cell, c, span, true, false, true, merge))
			c += span
		}
		cont()
		w.b.WriteString(`</w:tr>`)
	}
	firstTotal := len(t.Rows) - t.TotalsRows
	for i, row := range t.Rows {
		totals := i >= firstTotal
		// The first two rows go with the header (a table never starts
		// with fewer than three rows at a page foot); the row before the
		// totals goes with them; without totals, the last row goes over
		// with the one before it, never alone under a repeated header.
		keep := i < 2 || (t.TotalsRows > 0 && i == firstTotal-1) || (totals && i < len(t.Rows)-1) ||
			(t.TotalsRows == 0 && i == len(t.Rows)-2) || keepEnd && i >= len(t.Rows)-2
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		c := 0
		for _, cell := range row {
			if c >= n {
				break
			}
			span := min(max(cell.ColSpan, 1), n-c)
			w.b.WriteString(cellXML(cell, c, span, false, totals, keep, ""))
			c += span
		}
		for c < n { // a short row is filled, so that Word sees a whole grid
			w.b.WriteString(cellXML(document.Cell{}, c, 1, false, totals, keep, ""))
			c++
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
	// Room after the table, as after a paragraph.
	keep := ""
	if keepEnd {
		keep = `<w:keepNext/>`
	}
	w.b.WriteString(para("", keep+`<w:spacing w:after="0" w:line="120" w:lineRule="exact"/><w:ind w:firstLine="0"/>`, ""))
}

// signerTitle is a signer's lines above the room to sign, in capitals.
// widthMM is the column's width (a name too wide for it breaks at its
// joins, as in the PDF).
func (w *writer) signerTitle(s document.Signer, keep bool, widthMM float64, prefixLines ...int) string {
	var b strings.Builder
	ppr := ""
	if keep {
		ppr = `<w:keepNext/>`
	}
	for i, t := range append([]string{s.Prefix, s.Title}, s.Lines...) {
		if t == "" {
			continue
		}
		text := w.signerLine(t, widthMM)
		// The unit's name padded to the row's longest, so that the
		// titles stand on one line across the row, as in the PDF.
		if i == 0 && len(prefixLines) > 0 {
			text += strings.Repeat("\n", max(prefixLines[0]-lineCount(text), 0))
		}
		b.WriteString(para("ChuKy", ppr, run(text, rprops{})))
	}
	if b.Len() == 0 {
		b.WriteString(para("ChuKy", ppr, ""))
	}
	return b.String()
}

// signerLine is one part of a signer as set: capitals, names kept whole,
// balanced lines (explicit breaks).
func (w *writer) signerLine(t string, widthMM float64) string {
	return w.balanced(w.fitJoined(vn.Upper(t), "B", 13, widthMM), "B", 13, widthMM)
}

func lineCount(text string) int { return strings.Count(text, "\n") + 1 }

// signerName is the room to sign and seal (26 mm) and the name, with 6 mm
// after it before the next row of signers, as in the PDF.
//
// The signature style keeps each paragraph with the next; the name does so
// only when keepNext is set, so that a grid of signers breaks between rows
// where the page ends, as the PDF's does, instead of going over whole.
func signerName(s document.Signer, keepNext bool) string {
	keep := `<w:keepNext w:val="0"/>`
	if keepNext {
		keep = `<w:keepNext/>`
	}
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="ChuKy"/>%s<w:spacing w:line="%d" w:lineRule="exact"/></w:pPr></w:p>`, keep, tw(26)) +
		para("ChuKy", keep+`<w:spacing w:after="340"/>`, run(s.Name, rprops{size: 14}))
}

// signatures writes the signature area as borderless tables: one signer on
// the right with the distribution list ("Nơi nhận:") on its left, or a
// grid of signers whose names line up across each row, the last row
// centred.
func (w *writer) signatures(s document.Signatures) {
	total := w.textW()
	tbl := func(grid []int) {
		fmt.Fprintf(&w.b, `<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>`, total)
		for _, g := range grid {
			fmt.Fprintf(&w.b, `<w:gridCol w:w="%d"/>`, g)
		}
		w.b.WriteString(`</w:tblGrid>`)
	}
	cell := func(width, span int, content string) string {
		gs := ""
		if span > 1 {
			gs = fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, span)
		}
		return fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s</w:tcPr>%s</w:tc>`, width, gs, content)
	}
	if len(s.Signers) == 1 {
		sw := total * 52 / 100
		lw := total - sw
		var left strings.Builder
		if len(s.Recipients) > 0 {
			left.WriteString(para("NoiNhan", "", run("Nơi nhận:", rprops{bold: true, italic: true, size: 12})))
			for _, r := range s.Recipients {
				left.WriteString(para("NoiNhan", "", run(r, rprops{})))
			}
		} else {
			left.WriteString(para("NoiNhan", "", ""))
		}
		tbl([]int{lw, sw})
		w.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>` + cell(lw, 1, left.String()) +
			cell(sw, 1, w.signerTitle(s.Signers[0], true, float64(sw)/twipsPerMM-cellMarginMM)+signerName(s.Signers[0], true)) + `</w:tr></w:tbl>`)
		return
	}
	cols := max(s.Columns, 1)
	half := total / (2 * cols)
	grid := make([]int, 2*cols)
	for i := range grid {
		grid[i] = half
	}
	grid[len(grid)-1] += total - half*2*cols
	tbl(grid)
	for i := 0; i < len(s.Signers); i += cols {
		row := s.Signers[i:min(i+cols, len(s.Signers))]
		before := cols - len(row) // half columns: the short last row centred
		trPr := `<w:trPr><w:cantSplit/></w:trPr>`
		if before > 0 {
			trPr = fmt.Sprintf(`<w:trPr><w:gridBefore w:val="%d"/><w:gridAfter w:val="%d"/><w:wBefore w:w="%d" w:type="dxa"/><w:wAfter w:w="%d" w:type="dxa"/><w:cantSplit/></w:trPr>`,
				before, before, before*half, before*half)
		}
		// Titles on one row, the room to sign and the names on the next:
		// the names line up however long the titles.
		w.b.WriteString(`<w:tr>` + trPr)
		colMM := float64(2*half)/twipsPerMM - cellMarginMM
		prefix := 0
		for _, sg := range row {
			if sg.Prefix != "" {
				prefix = max(prefix, lineCount(w.signerLine(sg.Prefix, colMM)))
			}
		}
		for _, sg := range row {
			w.b.WriteString(cell(2*half, 2, w.signerTitle(sg, true, colMM, prefix)))
		}
		w.b.WriteString(`</w:tr><w:tr>` + trPr)
		// The row before the last goes over with it, as in the PDF (not the
		// first row, which stays under its heading).
		keep := i > 0 && i+cols < len(s.Signers) && i+2*cols >= len(s.Signers)
		for _, sg := range row {
			w.b.WriteString(cell(2*half, 2, signerName(sg, keep)))
		}
		w.b.WriteString(`</w:tr>`)
	}
	w.b.WriteString(`</w:tbl>`)
}
