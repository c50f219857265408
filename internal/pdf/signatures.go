package pdf

import (
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

const signGap = 26 // mm left for the signature and seal

// signerHeight is the height of one signature block in a column of width w.
func (l *layout) signerHeight(s document.Signer, w float64) float64 {
	p, r := l.signerLines(s, w)
	return l.signerRowHeight(p, r)
}

// signerLines counts a signer's lines: the unit or authority (Prefix),
// and the title with what follows it.
func (l *layout) signerLines(s document.Signer, w float64) (prefix, rest int) {
	count := func(t string) int {
		if t == "" {
			return 0
		}
		return len(l.paragraphLines([]document.Run{{Text: vn.Upper(t), Bold: true}}, 13, w, 0, false))
	}
	prefix = count(s.Prefix)
	for _, t := range append([]string{s.Title}, s.Lines...) {
		rest += count(t)
	}
	return prefix, rest
}

// signerRowHeight is the height of signers whose prefixes take prefix
// lines and titles rest lines, with room to sign and the name.
func (l *layout) signerRowHeight(prefix, rest int) float64 {
	lh := l.lh(14) * 0.95
	return float64(prefix+rest)*lh + signGap + lh
}

func (l *layout) recipientsHeight(items []string, w float64) float64 {
	if len(items) == 0 {
		return 0
	}
	h := l.lh(12)
	for _, it := range items {
		h += float64(len(l.paragraphLines([]document.Run{{Text: it}}, 11, w, 0, false))) * l.lh(11)
	}
	return h
}

// signaturesHeight is what the signature area needs on the page; a single
// signer with its distribution list must not be split from what precedes it.
func (l *layout) signaturesHeight(s document.Signatures) float64 {
	if len(s.Signers) == 1 {
		sw := l.width() * 0.52
		return max(l.signerHeight(s.Signers[0], sw), l.recipientsHeight(s.Recipients, l.width()-sw-4)) + 4
	}
	cols := max(s.Columns, 1)
	w := l.width() / float64(cols)
	prefix, rest := 0, 0
	for i := 0; i < len(s.Signers) && i < cols; i++ {
		p, r := l.signerLines(s.Signers[i], w-4)
		prefix, rest = max(prefix, p), max(rest, r)
	}
	return l.signerRowHeight(prefix, rest) + 4
}

// drawSigner draws a signer centred in [x, x+w] from the current y; the
// name goes at nameY when given (so that a row's names line up whatever
// the length of their titles).
func (l *layout) drawSigner(s document.Signer, x, w float64, nameY ...float64) {
	l.drawSignerAt(s, x, w, 0, nameY...)
}

// drawSignerAt is drawSigner with the title set at titleY when given
// (non-zero): a row's titles on one line under the longest unit name.
func (l *layout) drawSignerAt(s document.Signer, x, w, titleY float64, nameY ...float64) {
	if s.Prefix != "" {
		l.centred(vn.Upper(s.Prefix), "B", 13, x, w)
	}
	l.y = max(l.y, titleY)
	for _, t := range append([]string{s.Title}, s.Lines...) {
		if t != "" {
			l.centred(vn.Upper(t), "B", 13, x, w)
		}
	}
	l.y += signGap
	if len(nameY) > 0 {
		l.y = max(l.y, nameY[0])
	}
	if s.Name != "" {
		l.centred(s.Name, "B", 14, x, w)
	} else {
		l.y += l.lh(14)
	}
}

// signatures draws the signature area: a single signer on the right with
// the distribution list ("Nơi nhận:") on the left at the same height, or a
// grid of signers, a row at a time, no row split across pages.
func (l *layout) signatures(s document.Signatures) {
	l.y += 2
	if len(s.Signers) == 1 {
		sw := l.width() * 0.52
		rw := l.width() - sw - 4
		if l.room() < l.signaturesHeight(s) && !l.atTop() {
			l.newPage()
		}
		top := l.y
		if len(s.Recipients) > 0 {
			l.font("BI", 12)
			lh12 := l.lh(12)
			l.p.Text(l.left(), l.y+0.86*12*ptMM+(lh12-12*ptMM)/2, l.clean("Nơi nhận:"))
			l.y += lh12
			for _, it := range s.Recipients {
				lines := l.paragraphLines([]document.Run{{Text: it}}, 11, rw, 0, false)
				for i := range lines {
					lines[i].last = true
				}
				l.textBlock(lines, l.left(), rw, 0, 11, l.lh(11), document.AlignLeft, 0)
			}
		}
		leftEnd := l.y
		l.y = top
		l.drawSigner(s.Signers[0], l.left()+l.width()-sw, sw)
		l.y = max(l.y, leftEnd) + 2
		return
	}
	cols := max(s.Columns, 1)
	w := l.width() / float64(cols)
	// A row is as tall as its longest unit name and its longest title:
	// the titles stand on one line under the names.
	rowH := func(i int) float64 {
		prefix, rest := 0, 0
		for _, sg := range s.Signers[i:min(i+cols, len(s.Signers))] {
			p, r := l.signerLines(sg, w-4)
			prefix, rest = max(prefix, p), max(rest, r)
		}
		return l.signerRowHeight(prefix, rest)
	}
	for i := 0; i < len(s.Signers); i += cols {
		row := s.Signers[i:min(i+cols, len(s.Signers))]
		h := rowH(i)
		if l.room() < h && !l.atTop() {
			l.newPage()
		}
		// The last row never goes over alone, as a table's last row does
		// not: the row before it goes with it, unless that is the grid's
		// first (which stays with the heading above it).
		if next := i + cols; i > 0 && next < len(s.Signers) && next+cols >= len(s.Signers) &&
			l.room() < h+6+rowH(next) && !l.atTop() {
			l.newPage()
		}
		top := l.y
		end := top
		// Names on one line across the row: under the tallest title; the
		// titles on one line too, under the longest unit name.
		nameY := top + h - l.lh(14)
		prefix := 0
		for _, sg := range row {
			prefix = max(prefix, l.centredCount(vn.Upper(sg.Prefix), w-4))
		}
		titleY := top + float64(prefix)*l.lh(13)*0.95
		// The last row, if shorter, is centred.
		offset := float64(cols-len(row)) * w / 2
		for j, sg := range row {
			l.y = top
			l.drawSignerAt(sg, l.left()+offset+float64(j)*w+2, w-4, titleY, nameY)
			end = max(end, l.y)
		}
		l.y = end + 6
	}
}

// centredCount is how many lines centred draws text in, bold at 13 pt, in
// a column of width w.
func (l *layout) centredCount(text string, w float64) int {
	if text == "" {
		return 0
	}
	l.font("B", 13)
	n := 0
	for _, part := range strings.Split(text, "\n") {
		n += len(l.centredLines([]document.Run{{Text: part, Bold: true}}, 13, w))
	}
	return n
}
