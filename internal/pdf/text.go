package pdf

import (
	"strings"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/document"
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
	var lines []line
	var cur line
	width := firstAvail
	for _, w := range ws {
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
	if n >= 2 && l.room() < 2*lh && !l.atTop() { // orphan
		l.newPage()
	}
	for i, ln := range lines {
		need := lh
		switch {
		case keep > 0 && i == max(n-2, 0):
			need = float64(n-i)*lh + keep
		case n >= 3 && i == n-2 && l.room() >= lh && l.room() < 2*lh: // widow
			need = 2 * lh
		}
		if l.room() < need && !l.atTop() {
			l.newPage()
		}
		off := 0.0
		if i == 0 {
			off = indent
		}
		l.drawLine(ln, x+off, l.y, width-off, size, lh, align)
		l.y += lh
	}
}
