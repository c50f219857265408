package document

import (
	"math"
	"strings"

	"github.com/thidua/thidua/internal/vn"
)

// Measure is the width, in millimetres, of text set in style ("", "B",
// "I", "BI") at size points: the renderers' font metrics.
type Measure func(style string, size float64, text string) float64

// FitColumns returns the widths in millimetres of t's columns over total:
// the model's proportions, except that a column narrower than the widest
// word of its cells (a code "1.10", a header's "chuẩn", a figure "1,75
// (2)") is widened to hold it, the room taken from the columns with most to
// spare. Without it such a word is cut between letters ("1.1" / "0"), which
// no secretariat would sign. pad is a cell's inner margin, both sides
// together. Both renderers use it, so that Word sets a table as the PDF
// does. When the other columns cannot spare enough, each short column gets
// its share of what they can.
func (t Table) FitColumns(total, pad float64, measure Measure) []float64 {
	n := len(t.Widths)
	widths := make([]float64, n)
	var sum float64
	for _, w := range t.Widths {
		sum += w
	}
	if n == 0 || sum <= 0 {
		return widths
	}
	for i, w := range t.Widths {
		widths[i] = w / sum * total
	}
	if measure == nil {
		return widths
	}
	size := t.FontSize
	if size == 0 {
		size = 12
	}
	need := make([]float64, n)
	t.eachCell(func(c Cell, col, span int, bold bool) {
		if span != 1 || col >= n {
			return
		}
		style := ""
		if bold || c.Bold {
			style = "B"
		}
		if c.Italic {
			style += "I"
		}
		need[col] = max(need[col], widestWord(PlainText(c.Runs), func(s string) float64 { return measure(style, size, s) })+pad+0.1)
	})
	var deficit, spare float64
	for i := range widths {
		if d := need[i] - widths[i]; d > 0 {
			deficit += d
		} else {
			spare -= d
		}
	}
	if deficit <= 0 || spare <= 0 {
		return widths
	}
	take := min(deficit, spare)
	out := make([]float64, n)
	for i, w := range widths {
		if d := need[i] - w; d > 0 {
			out[i] = w + d*take/deficit
		} else {
			out[i] = w + d*take/spare // d ≤ 0: gives in proportion to its room
		}
	}
	return out
}

// widestWord is the width of the widest piece a line may not break: a word
// between spaces; of a proper name kept together with non-breaking spaces,
// each piece between its preferred breaks ("Bà Rịa -" / "Vũng Tàu",
// "Thành phố" / "Hồ Chí Minh": vn.BreakAfter), else its last two words
// ("Thiên Huế") — a name too long for its column breaks there
// (vn.JoinedBreak), never inside a word.
func widestWord(s string, width func(string) float64) float64 {
	var best float64
	// Words end at ordinary spaces; strings.Fields would also split at
	// the no-break ones.
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }) {
		parts := strings.Split(w, "\u00a0")
		from := 0
		for i := range parts {
			if vn.BreakAfter(parts, i) {
				best = max(best, width(strings.Join(parts[from:i+1], "\u00a0")))
				from = i + 1
			}
		}
		rest := parts[from:]
		if from == 0 && len(rest) > 2 { // no preferred break: before the last two words
			for _, p := range rest[:len(rest)-2] {
				best = max(best, width(p))
			}
			rest = rest[len(rest)-2:]
		}
		best = max(best, width(strings.Join(rest, "\u00a0")))
	}
	return best
}

// eachCell calls f with every cell of the header and body at its grid
// column, as the renderers place them (column spans honoured; in the
// header, a cell spanning rows takes its columns in the rows below); header
// and totals cells are bold.
func (t Table) eachCell(f func(c Cell, col, span int, bold bool)) {
	n := len(t.Widths)
	place := func(rows [][]Cell, rowSpans bool, bold func(r int) bool) {
		busy := make([][]bool, len(rows))
		for i := range busy {
			busy[i] = make([]bool, n)
		}
		for r, row := range rows {
			col := 0
			for _, c := range row {
				for col < n && busy[r][col] {
					col++
				}
				if col >= n {
					break
				}
				span := min(max(c.ColSpan, 1), n-col)
				down := 1
				if rowSpans {
					down = max(c.RowSpan, 1)
				}
				for rr := r; rr < min(r+down, len(rows)); rr++ {
					for cc := col; cc < col+span; cc++ {
						busy[rr][cc] = true
					}
				}
				f(c, col, span, bold(r))
				col += span
			}
		}
	}
	place(t.Header, true, func(int) bool { return true })
	place(t.Rows, false, func(r int) bool { return r >= len(t.Rows)-t.TotalsRows })
}

// PlaceDate sets a head's place-date line in room millimetres: the text
// to draw ("\n" between lines) and its size in points. One line at 14 pt,
// else 13 or 12, the largest that fits — the line is one line in Decree
// 30's model. A place too long for that ("Thành phố Hồ Chí Minh, ngày …
// tháng … năm 2026") goes on a line of its own and the date, whole, on the
// next, rather than leave the year alone below. Italic, as the line is set.
func PlaceDate(place, date string, room float64, measure Measure) (string, float64) {
	one := place + ", " + date
	for _, s := range []float64{14, 13, 12} {
		if measure("I", s, one) <= room {
			return one, s
		}
	}
	for _, s := range []float64{14, 13} {
		if measure("I", s, place+",") <= room && measure("I", s, date) <= room {
			return place + ",\n" + date, s
		}
	}
	return place + ",\n" + date, 12
}

// Balance breaks words of the given widths (in mm, space between two
// words) into as many lines of width avail as a greedy fill makes, with
// the breaks that leave the least squared room on the lines: centred text
// set this way has no one-word line under long ones ("BQL CÁC KKT VÀ" /
// "KCN" / "TỈNH QUẢNG NAM" becomes "BQL CÁC" / "KKT VÀ KCN" / "TỈNH
// QUẢNG NAM"). It returns the index of the first word of each line, or
// nil when the words take one line or one of them is wider than avail
// (the caller's own breaking knows how to split it). Both renderers use
// it, so that Word sets a signature as the PDF does. Written here: no
// kept library balances lines (fpdf and Word fill greedily).
func Balance(widths []float64, space, avail float64) []int {
	n := len(widths)
	if n < 2 {
		return nil
	}
	k, cur := 1, 0.0
	for i, w := range widths {
		if w > avail {
			return nil
		}
		if i > 0 && cur+space+w > avail+0.01 {
			k++
			cur = w
			continue
		}
		if i > 0 {
			cur += space
		}
		cur += w
	}
	if k < 2 {
		return nil
	}
	prefix := make([]float64, n+1)
	for i, w := range widths {
		prefix[i+1] = prefix[i] + w
	}
	// cost[j][i]: the least cost of the first i words on j lines; from[j][i]
	// the first word of the j-th line.
	inf := math.Inf(1)
	cost := make([][]float64, k+1)
	from := make([][]int, k+1)
	for j := range cost {
		cost[j] = make([]float64, n+1)
		from[j] = make([]int, n+1)
		for i := range cost[j] {
			cost[j][i] = inf
		}
	}
	cost[0][0] = 0
	for j := 1; j <= k; j++ {
		for i := j; i <= n; i++ {
			for a := j - 1; a < i; a++ {
				if cost[j-1][a] == inf {
					continue
				}
				lw := prefix[i] - prefix[a] + float64(i-a-1)*space
				if lw > avail+0.01 {
					continue
				}
				if c := cost[j-1][a] + (avail-lw)*(avail-lw); c < cost[j][i] {
					cost[j][i], from[j][i] = c, a
				}
			}
		}
	}
	if cost[k][n] == inf {
		return nil
	}
	starts := make([]int, k)
	for j, i := k, n; j > 0; j-- {
		starts[j-1] = from[j][i]
		i = starts[j-1]
	}
	return starts
}
