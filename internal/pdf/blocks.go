package pdf

import (
	"strings"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/vn"
)

const (
	indentMM   = 12.7 // first-line indent, 1,27 cm
	bulletMM   = 5.0  // a list item's marker, before its text
	afterPara  = 6    // pt after a paragraph
	headerSize = 13
	ruleWidth  = 0.3
)

func (l *layout) lh(size float64) float64 { return size * l.opt.LineSpacing * ptMM }

// centred draws lines of text centred in [x, x+w] and returns the widest.
func (l *layout) centred(text string, style string, size, x, w float64) float64 {
	l.font(style, size)
	widest := 0.0
	for _, part := range strings.Split(text, "\n") {
		lines := l.centredLines([]document.Run{{Text: part, Bold: strings.Contains(style, "B"), Italic: strings.Contains(style, "I")}}, size, w)
		for _, ln := range lines {
			ln.last = true
			lw := ln.w + float64(max(len(ln.words)-1, 0))*l.spaceW(size)
			widest = max(widest, lw)
			l.drawLine(ln, x, l.y, w, size, l.lh(size)*0.95, document.AlignCenter)
			l.y += l.lh(size) * 0.95
		}
	}
	return widest
}

// centredLines breaks a centred text into balanced lines
// (document.Balance): as many as a greedy fill of width w gives, none left
// short under long ones. A text with a word wider than w keeps the greedy
// breaks, which know how to split it.
func (l *layout) centredLines(runs []document.Run, size, w float64) []line {
	ws := l.words(runs, size, false)
	l.font("", size)
	space := l.p.GetStringWidth(" ")
	widths := make([]float64, len(ws))
	for i, x := range ws {
		widths[i] = x.w
	}
	starts := document.Balance(widths, space, w)
	if starts == nil {
		return l.breakLines(ws, w, w, space)
	}
	out := make([]line, len(starts))
	for j, a := range starts {
		b := len(ws)
		if j+1 < len(starts) {
			b = starts[j+1]
		}
		out[j].words = ws[a:b]
		for _, x := range ws[a:b] {
			out[j].w += x.w
		}
	}
	out[len(out)-1].last = true
	return out
}

func (l *layout) spaceW(size float64) float64 {
	l.font("", size)
	return l.p.GetStringWidth(" ")
}

func (l *layout) rule(cx, w, y float64) {
	l.p.SetLineWidth(ruleWidth)
	l.p.Line(cx-w/2, y, cx+w/2, y)
}

// header draws the two-column head of Decree 30.
func (l *layout) header(h document.Header) {
	if h.Parent == "" && h.Issuer == "" && h.Number == "" && h.NoMotto {
		return // an appendix: no head of its own
	}
	top := l.y
	leftW := 72.0
	rightW := l.width() - leftW
	lx := l.left()
	rx := l.left() + leftW

	// Left: parent agency, issuing body, short rule.
	if h.Parent != "" {
		l.centred(vn.Upper(h.Parent), "", headerSize, lx, leftW)
	}
	issuerSize := float64(headerSize)
	l.font("B", issuerSize)
	for _, part := range strings.Split(vn.Upper(h.Issuer), "\n") {
		if l.p.GetStringWidth(part) > leftW {
			issuerSize = 12
		}
	}
	issuerW := l.centred(vn.Upper(h.Issuer), "B", issuerSize, lx, leftW)
	leftRule := l.y + 1.2
	l.rule(lx+leftW/2, max(issuerW*0.4, 15), leftRule)
	leftEnd := leftRule

	// Right: national title, motto with a rule as long as it, place and date.
	l.y = top
	rightEnd := top
	if !h.NoMotto {
		qh := "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
		size := 13.0
		l.font("B", size)
		if l.p.GetStringWidth(qh) > rightW {
			size = 12
		}
		l.centred(qh, "B", size, rx, rightW)
		mottoW := l.centred("Độc lập - Tự do - Hạnh phúc", "B", 14, rx, rightW)
		rightEnd = l.y + 1.2
		l.rule(rx+rightW/2, mottoW, rightEnd)
	}

	// Number and place-date on one line under the rules.
	l.y = max(leftEnd, rightEnd) + 2.5
	lineY := l.y
	end := lineY + l.lh(14)*0.95
	if h.Number != "" {
		l.centred(h.Number, "", headerSize, lx, leftW)
		end = max(end, l.y)
	}
	if !h.NoMotto && h.Place != "" {
		l.y = lineY
		pd, size := document.PlaceDate(h.Place, vn.DateOrBlank(h.Date, h.Year), rightW, l.r.fonts.Width)
		l.centred(pd, "I", size, rx, rightW)
		end = max(end, l.y)
	}
	l.y = end + l.lh(14)*0.05 + 4
}

// block draws one block; rest are the blocks after it, for the rules that
// keep a block with what follows (a heading with its text, the body's last
// two lines with the signatures).
func (l *layout) block(b document.Block, rest []document.Block) {
	body := l.opt.BodySize
	switch v := b.(type) {
	case document.Title:
		l.y += 3
		l.centred(vn.Upper(v.Kind), "B", 14, l.left(), l.width())
		widest := 0.0
		for _, s := range v.Subject {
			widest = max(widest, l.centred(s, "B", 14, l.left()+l.width()*0.075, l.width()*0.85))
		}
		if widest > 0 {
			l.y += 1.8
			l.rule(l.left()+l.width()/2, max(widest*0.35, 25), l.y)
		}
		l.y += 6
	case document.Heading:
		size := body
		lh := l.lh(size)
		lines := l.paragraphLines(v.Runs, size, l.width(), indentMM, true)
		if v.Level == 3 {
			for i := range lines {
				for j := range lines[i].words {
					for k := range lines[i].words[j].pieces {
						pc := &lines[i].words[j].pieces[k]
						if !strings.Contains(pc.style, "I") {
							pc.style += "I"
						}
					}
				}
			}
		}
		// Keep with next: the heading, the headings right after it ("III."
		// then "1."), and the start of the text under them, or move on.
		need := float64(len(lines))*lh + afterPara*ptMM
		start := 2 * lh
		for i, b := range rest {
			if h, ok := b.(document.Heading); ok {
				need += float64(len(l.paragraphLines(h.Runs, size, l.width(), indentMM, true)))*lh + afterPara*ptMM/2
				continue
			}
			start = l.blockStart(b, rest[i+1:])
			break
		}
		need += start
		if l.room() < need && !l.atTop() {
			l.newPage()
		}
		l.textBlock(lines, l.left(), l.width(), indentMM, size, lh, document.AlignJustify, 0)
		l.y += afterPara * ptMM / 2
	case document.Paragraph:
		lines, size, indent := l.paragraph(v)
		keep := l.paragraphKeep(v, rest)
		align := v.Align
		if align == document.AlignDefault {
			align = document.AlignJustify
		}
		l.textBlock(lines, l.left(), l.width(), indent, size, l.lh(size), align, keep)
		l.y += afterPara * ptMM
	case document.List:
		size := body
		lh := l.lh(size)
		l.font("", size)
		bulletW := bulletMM
		for _, item := range v.Items {
			lines := l.paragraphLines(item, size, l.width()-indentMM-bulletW, 0, false)
			// The marker goes with the lines textBlock will keep on this
			// page (its widow and orphan rules decide how many), or it
			// would stand alone at the page foot.
			if k := l.linesThatFit(len(lines), lh, 0); !l.atTop() && (k == 0 || k == 1 && len(lines) >= 2) {
				l.newPage()
			}
			l.font("", size)
			l.p.Text(l.left()+indentMM, l.y+(lh-size*ptMM)/2+0.86*size*ptMM, v.Bullet)
			l.textBlock(lines, l.left()+indentMM+bulletW, l.width()-indentMM-bulletW, 0, size, lh, document.AlignJustify, 0)
			l.y += afterPara * ptMM / 2
		}
		l.y += afterPara * ptMM / 2
	case document.Table:
		l.table(v, l.tableKeep(rest))
	case document.Orientation:
		l.landscape = v.Landscape
		l.newPage()
	case document.PageBreak:
		l.newPage()
	case document.Space:
		l.y += v.Points * ptMM
		if l.y > l.bottom() {
			l.newPage()
		}
	case document.Signatures:
		l.signatures(v)
	}
}

// paragraphKeep is the room, in mm, that must follow a paragraph's last
// two lines on their page; rest are the blocks after it. The signatures
// never stand alone: the body's last two lines go with them. When the
// closing paragraph has a single line, this paragraph's last two lines go
// too (one would be a widow). "…, cụ thể như sau:" never ends a page: it
// goes with the first two lines of its list, or with the start of its
// table (its header and three rows).
func (l *layout) paragraphKeep(v document.Paragraph, rest []document.Block) float64 {
	var next document.Block
	if len(rest) > 0 {
		next = rest[0]
	}
	// What separates the body's last line from the signatures: the
	// paragraph's spacing after, then the 2 mm signatures() leaves.
	sigGap := afterPara*ptMM + 2
	if s, ok := next.(document.Signatures); ok {
		return sigGap + l.signaturesHeight(s)
	}
	if introduces(v, next) {
		if t, ok := next.(document.Table); ok {
			return l.tableStart(t) + 1
		}
		// The list's first item as its rules keep it (a short one whole).
		return l.blockStart(next, rest[1:]) + afterPara*ptMM
	}
	if closing, ok := next.(document.Paragraph); ok && len(rest) > 1 {
		if s, ok := rest[1].(document.Signatures); ok {
			if cl, csize, _ := l.paragraph(closing); len(cl) == 1 {
				return afterPara*ptMM + l.lh(csize) + sigGap + l.signaturesHeight(s)
			}
		}
	}
	return 0
}

// tableKeep is the room, in mm, that must follow a table's last row on its
// page: the signatures right after it, or a closing paragraph of three
// lines or fewer and the signatures (the paragraph goes whole with them,
// textBlock) — else they would stand on a page of their own, as four of
// the demo's score summaries did ("Bảng gồm 07 đơn vị…" and the signers).
func (l *layout) tableKeep(rest []document.Block) float64 {
	if len(rest) == 0 {
		return 0
	}
	gap := afterPara * ptMM // after the table
	if s, ok := rest[0].(document.Signatures); ok {
		return gap + 2 + l.signaturesHeight(s)
	}
	closing, ok := rest[0].(document.Paragraph)
	if !ok || len(rest) < 2 {
		return 0
	}
	if _, ok := rest[1].(document.Signatures); !ok {
		return 0
	}
	lines, size, _ := l.paragraph(closing)
	if len(lines) > 3 {
		return 0
	}
	return gap + float64(len(lines))*l.lh(size) + l.paragraphKeep(closing, rest[1:])
}

// blockStart is the least of a block that may start a page's foot: the
// lines its widow and orphan rules keep together (a paragraph or a list's
// first item of three lines or fewer goes whole, a longer one by two; a
// short paragraph with what it keeps with), or a table's header and first
// rows. A heading is kept with it; rest are the blocks after b.
func (l *layout) blockStart(b document.Block, rest []document.Block) float64 {
	lh := l.lh(l.opt.BodySize)
	lines := 2
	switch v := b.(type) {
	case document.Paragraph:
		ls, size, _ := l.paragraph(v)
		lh, lines = l.lh(size), len(ls)
		if keep := l.paragraphKeep(v, rest); keep > 0 && lines <= 3 {
			// all of it goes with what it keeps with (textBlock)
			return float64(lines)*lh + keep
		}
	case document.List:
		if len(v.Items) > 0 {
			lines = len(l.paragraphLines(v.Items[0], l.opt.BodySize, l.width()-indentMM-bulletMM, 0, false))
		}
	case document.Table:
		return l.tableStart(v)
	}
	if lines > 3 {
		lines = 2
	}
	return float64(max(lines, 1)) * lh
}

// paragraph breaks a paragraph into lines at its size and indent.
func (l *layout) paragraph(v document.Paragraph) (lines []line, size, indent float64) {
	size = l.opt.BodySize
	if v.Size > 0 {
		size = v.Size
	}
	indent = indentMM
	if v.NoIndent {
		indent = 0
	}
	if len(v.Runs) == 0 {
		return l.paragraphLines(v.Runs, size, l.width(), indent, false), size, indent
	}
	// A paragraph is broken once per layout: a heading before it and the
	// paragraph before that ask for its lines before it is drawn.
	key := paraKey{&v.Runs[0], l.width()}
	if ls, ok := l.paras[key]; ok {
		l.font("", size) // the state paragraphLines leaves, as before
		return ls, size, indent
	}
	lines = l.paragraphLines(v.Runs, size, l.width(), indent, false)
	if l.paras == nil {
		l.paras = map[paraKey][]line{}
	}
	l.paras[key] = lines
	return lines, size, indent
}

// paraKey is a paragraph (by its first run, shared by its copies) at a
// page width.
type paraKey struct {
	runs  *document.Run
	width float64
}

// introduces reports whether a paragraph announces the list or table after
// it (it ends with a colon): the two are kept together.
func introduces(p document.Paragraph, next document.Block) bool {
	switch next.(type) {
	case document.List, document.Table:
	default:
		return false
	}
	return strings.HasSuffix(strings.TrimSpace(document.PlainText(p.Runs)), ":")
}
