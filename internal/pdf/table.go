package pdf

import (
	"strings"

	"github.com/thidua/thidua/internal/document"
)

const (
	cellPadX = 1.2
	cellPadY = 0.9
)

// placed is a cell at its grid position, laid out.
type placed struct {
	cell  document.Cell
	col   int
	span  int
	row   int
	rows  int
	lines []line
	size  float64
	bold  bool
	align document.Align
	h     float64 // height its text needs
	pad   float64 // room kept at the right so decimals align on the comma
}

// table draws a table: header rows repeat on each page, no row is split.
// after is the room, in mm, that must follow its last row on the page
// (tableKeep): when it is not there, the last rows go over with it.
func (l *layout) table(t document.Table, after float64) { l.tableLayout(t, true, after) }

// tableStart is the height a table needs where it starts: its header and
// its first three rows (or all, when fewer) — what the paragraph that
// introduces it keeps with.
// It is asked again by the paragraph before the table and by a heading
// before that paragraph; measured once a table and page width.
func (l *layout) tableStart(t document.Table) float64 {
	if len(t.Widths) == 0 {
		return l.tableLayout(t, false, 0)
	}
	key := fitKey{&t.Widths[0], l.width()}
	if h, ok := l.starts[key]; ok {
		return h
	}
	h := l.tableLayout(t, false, 0)
	if l.starts == nil {
		l.starts = map[fitKey]float64{}
	}
	l.starts[key] = h
	return h
}

// fitKey is a table (by its Widths' first element, shared by its copies)
// at a page width.
type fitKey struct {
	table *float64
	width float64
}

// fitColumns is t.FitColumns for this page's width, computed once a table.
func (l *layout) fitColumns(t document.Table) []float64 {
	if len(t.Widths) == 0 {
		return nil
	}
	key := fitKey{&t.Widths[0], l.width()}
	if w, ok := l.columns[key]; ok {
		return w
	}
	w := t.FitColumns(l.width(), 2*cellPadX, l.r.fonts.Width)
	if l.columns == nil {
		l.columns = map[fitKey][]float64{}
	}
	l.columns[key] = w
	return w
}

// tableLayout lays a table out; it draws it when draw is set, and returns
// the height of its start (header and first rows).
func (l *layout) tableLayout(t document.Table, draw bool, after float64) float64 {
	size := t.FontSize
	if size == 0 {
		size = 12
	}
	lh := size * 1.15 * ptMM
	colW := l.fitColumns(t)
	colX := make([]float64, len(colW)+1)
	colX[0] = l.left()
	for i, w := range colW {
		colX[i+1] = colX[i] + w
	}
	spanW := func(c, n int) float64 { return colX[min(c+n, len(colW))] - colX[c] }

	layoutCell := func(c document.Cell, row, col int, header, totals bool) placed {
		pc := placed{cell: c, col: col, span: max(c.ColSpan, 1), row: row, rows: max(c.RowSpan, 1), size: size}
		pc.span = min(pc.span, len(colW)-col)
		pc.bold = c.Bold || header || totals
		pc.align = c.Align
		if pc.align == document.AlignDefault {
			if header {
				pc.align = document.AlignCenter
			} else if col < len(t.Aligns) {
				pc.align = t.Aligns[col]
			} else {
				pc.align = document.AlignLeft
			}
		}
		runs := c.Runs
		if c.Italic {
			runs = append([]document.Run(nil), runs...)
			for i := range runs {
				runs[i].Italic = true
			}
		}
		pc.lines = l.paragraphLines(runs, size, spanW(col, pc.span)-2*cellPadX, 0, pc.bold)
		for i := range pc.lines {
			pc.lines[i].last = true // cells are never justified
		}
		pc.h = float64(len(pc.lines))*lh + 2*cellPadY
		return pc
	}

	// Header grid: place cells in the next free columns, honouring spans.
	var head []placed
	heights := make([]float64, len(t.Header))
	busy := make([][]bool, len(t.Header))
	for i := range busy {
		busy[i] = make([]bool, len(colW))
	}
	for r, row := range t.Header {
		col := 0
		for _, c := range row {
			for col < len(colW) && busy[r][col] {
				col++
			}
			if col >= len(colW) {
				break
			}
			pc := layoutCell(c, r, col, true, false)
			for rr := r; rr < min(r+pc.rows, len(t.Header)); rr++ {
				for cc := col; cc < col+pc.span; cc++ {
					busy[rr][cc] = true
				}
			}
			if pc.rows == 1 {
				heights[r] = max(heights[r], pc.h)
			}
			head = append(head, pc)
			col += pc.span
		}
	}
	for _, pc := range head { // a tall cell spanning rows stretches the last one
		if pc.rows > 1 {
			var sum float64
			last := min(pc.row+pc.rows, len(heights)) - 1
			for r := pc.row; r <= last; r++ {
				sum += heights[r]
			}
			if sum < pc.h {
				heights[last] += pc.h - sum
			}
		}
	}
	for r := range heights {
		heights[r] = max(heights[r], lh+2*cellPadY)
	}
	var headH float64
	for _, h := range heights {
		headH += h
	}

	drawCell := func(pc placed, y, h float64) {
		x, w := colX[pc.col], spanW(pc.col, pc.span)
		l.p.SetLineWidth(0.2)
		l.p.Rect(x, y, w, h, "D")
		textH := float64(len(pc.lines)) * lh
		ty := y + (h-textH)/2
		for _, ln := range pc.lines {
			l.drawLine(ln, x+cellPadX, ty, w-2*cellPadX-pc.pad, pc.size, lh, pc.align)
			ty += lh
		}
	}
	drawHeader := func() {
		y := l.y
		rowY := make([]float64, len(heights)+1)
		rowY[0] = y
		for i, h := range heights {
			rowY[i+1] = rowY[i] + h
		}
		for _, pc := range head {
			last := min(pc.row+pc.rows, len(heights))
			drawCell(pc, rowY[pc.row], rowY[last]-rowY[pc.row])
		}
		l.y = rowY[len(heights)]
	}

	// Body rows.
	rows := make([][]placed, len(t.Rows))
	rowH := make([]float64, len(t.Rows))
	// Measuring only the start: the first three rows, no decimal padding.
	measured := len(t.Rows)
	var fracW []float64
	if draw {
		fracW = l.decimalColumns(t, size, len(colW))
	} else {
		measured = min(3, measured)
	}
	for r, row := range t.Rows[:measured] {
		totals := r >= len(t.Rows)-t.TotalsRows
		col := 0
		for _, c := range row {
			if col >= len(colW) {
				break
			}
			pc := layoutCell(c, r, col, false, totals)
			if f, ok := l.fraction(c, size); ok && draw && pc.span == 1 && pc.align == document.AlignRight {
				pc.pad = fracW[col] - f
			}
			rows[r] = append(rows[r], pc)
			rowH[r] = max(rowH[r], pc.h)
			col += pc.span
		}
		rowH[r] = max(rowH[r], lh+2*cellPadY)
	}

	if !draw {
		start := headH
		for r := 0; r < min(3, len(rowH)); r++ {
			start += rowH[r]
		}
		return start
	}

	// Where each page ends: as many rows as fit in room, except that the
	// last body row never goes over alone under a repeated header and the
	// totals row never leaves the row before it; then that row goes over
	// with them. Nor do what must follow the table (after) go over alone:
	// its last two rows go with it.
	bodyEnd := len(rows) - t.TotalsRows // index of the first totals row
	breakIn := func(from int, room float64) int {
		k := from
		for k < len(rows) && rowH[k] <= room {
			room -= rowH[k]
			k++
		}
		if k >= len(rows) {
			if room >= after || len(rows)-2 <= from {
				return k
			}
			k = len(rows) - 2
		}
		if k >= bodyEnd-1 && bodyEnd-2 > from {
			k = bodyEnd - 2 // take the last body row and the totals over with this one
		}
		return max(k, from)
	}
	breakAt := func(from int) int { return breakIn(from, l.room()) }
	// Nor does a table start at a page's foot with fewer than three rows
	// under its header.
	if k := breakIn(0, l.room()-headH); k < len(rows) && k < min(3, bodyEnd) && !l.atTop() {
		l.newPage()
	}
	drawHeader()
	pageEnd := breakAt(0)
	for r := range rows {
		if r == pageEnd && r > 0 {
			l.newPage()
			drawHeader()
			pageEnd = breakAt(r)
			if pageEnd == r {
				pageEnd = r + 1 // a row taller than a page is drawn all the same
			}
		}
		for _, pc := range rows[r] {
			drawCell(pc, l.y, rowH[r])
		}
		// Empty trailing columns still get their borders.
		used := 0
		for _, pc := range rows[r] {
			used = pc.col + pc.span
		}
		for c := used; c < len(colW); c++ {
			l.p.Rect(colX[c], l.y, colW[c], rowH[r], "D")
		}
		l.y += rowH[r]
	}
	l.y += afterPara * ptMM
	return 0
}

// fraction is the width of a plain number's decimal part (",25"; 0 for a
// whole number), and whether the cell holds a plain number at all.
func (l *layout) fraction(c document.Cell, size float64) (float64, bool) {
	var text strings.Builder
	for _, r := range c.Runs {
		text.WriteString(r.Text)
	}
	s := strings.TrimSpace(text.String())
	if s == "" || strings.Trim(s, "0123456789.,-") != "" || strings.Count(s, ",") > 1 {
		return 0, false
	}
	i := strings.IndexByte(s, ',')
	if i < 0 {
		return 0, true
	}
	l.font(styleOf(c.Bold, false), size)
	return l.p.GetStringWidth(s[i:]), true
}

// decimalColumns is, per column, the widest decimal part of its plain
// numbers: numbers are drawn with room for it, so that their commas line
// up ("1.370" above "258,3").
func (l *layout) decimalColumns(t document.Table, size float64, cols int) []float64 {
	w := make([]float64, cols)
	for _, row := range t.Rows {
		col := 0
		for _, c := range row {
			if col >= cols {
				break
			}
			if f, ok := l.fraction(c, size); ok && max(c.ColSpan, 1) == 1 {
				w[col] = max(w[col], f)
			}
			col += max(c.ColSpan, 1)
		}
	}
	return w
}
