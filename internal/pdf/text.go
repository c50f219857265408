package pdf

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

// piece is text of one style with no break opportunity inside.
type piece struct {
	text  string
	style string
	w     float64
}

// word is pieces glued together; words are separated by spaces.
type word struct {
	pieces []piece
	w      float64
}

// line is a laid-out line of words.
type line struct {
	words []word
	w     float64 // words only, without the spaces between them
	last  bool    // the paragraph's last line: never justified
}

// words splits runs into words and measures them at size.
func (l *layout) words(runs []document.Run, size float64, forceBold bool) []word {
	var out []word
	var cur word
	flush := func() {
		if len(cur.pieces) > 0 {
			out = append(out, cur)
			cur = word{}
		}
	}
	for _, r := range runs {
		style := styleOf(r.Bold || forceBold, r.Italic)
		l.font(style, size)
		text := l.clean(r.Text)
		for len(text) > 0 {
			i := strings.IndexByte(text, ' ')
			if i == 0 {
				flush()
				text = text[1:]
				continue
			}
			part := text
			if i > 0 {
				part = text[:i]
			}
			w := l.p.GetStringWidth(part)
			cur.pieces = append(cur.pieces, piece{text: part, style: style, w: w})
			cur.w += w
			if i < 0 {
				break
			}
			text = text[i:]
		}
	}
	flush()
	return out
}

// breakLines fills lines of width avail (the first one firstAvail).
func (l *layout) breakLines(ws []word, firstAvail, avail, space float64) []line {
	return l.breakLinesFrom(line{}, firstAvail, ws, avail, space)
}

// breakLinesFrom goes on filling from cur, a line of width width.
func (l *layout) breakLinesFrom(cur line, width float64, ws []word, avail, space float64) []line {
	var lines []line
	for i, w := range ws {
		if w.w > avail && hasNBSP(w) {
			// A name kept together that no line can hold ("TỈNH THỪA
			// THIÊN HUẾ" in a signature column): let it break at its
			// joins, keeping as much of its end — the name itself —
			// whole as a line holds, before cutting anything by letters.
			rest := append(l.splitJoined(w, avail), ws[i+1:]...)
			return append(lines, l.breakLinesFrom(cur, width, rest, avail, space)...)
		}
		need := w.w
		if len(cur.words) > 0 {
			need += space
		}
		if len(cur.words) > 0 && cur.w+float64(len(cur.words)-1)*space+need > width+0.01 {
			lines = append(lines, cur)
			cur = line{}
			width = avail
		}
		if len(cur.words) == 0 && w.w > width {
			// A word wider than the line: cut it by characters.
			for _, part := range l.cutWord(w, width) {
				if part.w > width-0.01 || len(cur.words) > 0 {
					if len(cur.words) > 0 {
						lines = append(lines, cur)
						width = avail
					}
					cur = line{}
				}
				cur.words = append(cur.words, part)
				cur.w += part.w
			}
			continue
		}
		cur.words = append(cur.words, w)
		cur.w += w.w
	}
	if len(cur.words) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	lines[len(lines)-1].last = true
	return lines
}

// hasNBSP reports whether w holds a no-break space (a name kept together).
func hasNBSP(w word) bool {
	for _, pc := range w.pieces {
		if strings.ContainsRune(pc.text, '\u00a0') {
			return true
		}
	}
	return false
}

// splitJoined splits a word joined by no-break spaces where
// vn.JoinedBreak says: the longest end that fits width stays joined, the
// parts before it become words of their own.
func (l *layout) splitJoined(w word, width float64) []word {
	var toks []word
	cur := word{}
	for _, pc := range w.pieces {
		parts := strings.Split(pc.text, "\u00a0")
		for j, part := range parts {
			if j > 0 {
				toks = append(toks, cur)
				cur = word{}
			}
			if part == "" {
				continue
			}
			l.font(pc.style, l.size())
			pw := l.p.GetStringWidth(part)
			cur.pieces = append(cur.pieces, piece{text: part, style: pc.style, w: pw})
			cur.w += pw
		}
	}
	toks = append(toks, cur)
	toks = slices.DeleteFunc(toks, func(t word) bool { return len(t.pieces) == 0 })
	if len(toks) == 0 {
		return nil
	}
	// A join is a no-break space in the style of the part it leads to.
	joinW := make([]float64, len(toks))
	for k := 1; k < len(toks); k++ {
		l.font(toks[k].pieces[0].style, l.size())
		joinW[k] = l.p.GetStringWidth("\u00a0")
	}
	texts := make([]string, len(toks))
	for k, t := range toks {
		for _, pc := range t.pieces {
			texts[k] += pc.text
		}
	}
	start := vn.JoinedBreak(len(toks), func(from int) bool {
		end := 0.0
		for k := from; k < len(toks); k++ {
			end += toks[k].w
			if k > from {
				end += joinW[k]
			}
		}
		return end <= width
	}, func(i int) bool { return vn.BreakAfter(texts, i) })
	out := append([]word(nil), toks[:start]...)
	var end word
	for k, t := range toks[start:] {
		if k > 0 {
			end.pieces = append(end.pieces, piece{text: "\u00a0", style: t.pieces[0].style, w: joinW[start+k]})
			end.w += joinW[start+k]
		}
		end.pieces = append(end.pieces, t.pieces...)
		end.w += t.w
	}
	return append(out, end)
}

// cutWord splits an over-long word into parts no wider than width.
func (l *layout) cutWord(w word, width float64) []word {
	var out []word
	var cur word
	for _, pc := range w.pieces {
		l.font(pc.style, l.size())
		text := pc.text
		for len(text) > 0 {
			_, n := utf8.DecodeRuneInString(text)
			ch := text[:n]
			cw := l.p.GetStringWidth(ch)
			if cur.w+cw > width && cur.w > 0 {
				out = append(out, cur)
				cur = word{}
			}
			if k := len(cur.pieces); k > 0 && cur.pieces[k-1].style == pc.style {
				cur.pieces[k-1].text += ch
				cur.pieces[k-1].w += cw
			} else {
				cur.pieces = append(cur.pieces, piece{text: ch, style: pc.style, w: cw})
			}
			cur.w += cw
			text = text[n:]
		}
	}
	if len(cur.pieces) > 0 {
		out = append(out, cur)
	}
	return out
}

// curSize is the font size of the text being laid out; cutWord needs it.
func (l *layout) size() float64 {
	sz, _ := l.p.GetFontSize()
	return sz
}

// drawLine draws one line with its top at top, starting at x within width.
func (l *layout) drawLine(ln line, x, top, width, size, lh float64, align document.Align) {
	l.font("", size)
	space := l.p.GetStringWidth(" ")
	gaps := len(ln.words) - 1
	natural := ln.w + float64(max(gaps, 0))*space
	gap := space
	switch align {
	case document.AlignCenter:
		x += (width - natural) / 2
	case document.AlignRight:
		x += width - natural
	case document.AlignJustify, document.AlignDefault:
		if !ln.last && gaps > 0 && natural < width {
			gap = space + (width-natural)/float64(gaps)
		}
	}
	baseline := top + (lh-size*ptMM)/2 + 0.86*size*ptMM
	style := "\x00"
	for _, w := range ln.words {
		px := x
		for _, pc := range w.pieces {
			if pc.style != style {
				l.font(pc.style, size)
				style = pc.style
			}
			l.p.Text(px, baseline, pc.text)
			px += pc.w
		}
		x += w.w + gap
	}
}

// lineNeed is the room line i of n needs before it is drawn, with room
// left on the page: the line itself; from the last two on, with keep mm
// after them (they go with the signatures); the last two together when
// only one would fit (widow).
func (l *layout) lineNeed(i, n int, lh, keep, room float64) float64 {
	switch {
	case keep > 0 && i == max(n-2, 0):
		return float64(n-i)*lh + keep
	case n >= 3 && i == n-2 && room >= lh && room < 2*lh:
		return 2 * lh
	}
	return lh
}

// linesThatFit is how many of n lines textBlock would draw on this page.
func (l *layout) linesThatFit(n int, lh, keep float64) int {
	room := l.room()
	for i := 0; i < n; i++ {
		if room < l.lineNeed(i, n, lh, keep, room) {
			return i
		}
		room -= lh
	}
	return n
}

// paragraphLines lays out runs at size into lines for the given width and
// first-line indent.
func (l *layout) paragraphLines(runs []document.Run, size, width, indent float64, bold bool) []line {
	ws := l.words(runs, size, bold)
	l.font("", size)
	return l.breakLines(ws, width-indent, width, l.p.GetStringWidth(" "))
}

// textBlock draws a paragraph-like block with widow and orphan control:
// never one line alone at the foot of a page or the top of the next, and
// when keep > 0 the last two lines stay on the page of the keep mm that
// follow (a signature block).
func (l *layout) textBlock(lines []line, x, width, indent, size, lh float64, align document.Align, keep float64) {
	n := len(lines)
	// Orphan: when the rules below would leave the first line alone at
	// the foot (a three-line paragraph whose last two go with the
	// signatures), the whole paragraph goes over.
	if n >= 2 && !l.atTop() && l.linesThatFit(n, lh, keep) == 1 {
		l.newPage()
	}
	for i := range lines {
		if need := l.lineNeed(i, n, lh, keep, l.room()); l.room() < need && !l.atTop() {
			l.newPage()
		}
		ln := lines[i]
		off := 0.0
		if i == 0 {
			off = indent
		}
		l.drawLine(ln, x+off, l.y, width-off, size, lh, align)
		l.y += lh
	}
}
