package xlsx

import (
	"fmt"
	"strconv"

	"github.com/thidua/thidua/internal/xlsx/xmltok"
)

// A collector reads one part's tokens into the book while preflight checks
// them; its memory is bounded by what preflight counts (cells, strings,
// style entries) and by the part's size.
type collector interface {
	start(t *xmltok.Tokenizer) error
	text(b []byte)
	end(name []byte) error
	done() error
}

// sheetReader reads a worksheet's cells.
type sheetReader struct {
	sc   *scan
	s    *sheetCells
	cur  *cellData // the <c> being read
	in   string    // "v" or "f" while their text is read
	val  []byte
	fx   []byte
	rich *richReader // the <is> being read
}

func (r *sheetReader) corrupt(format string, a ...any) error {
	return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: trang %q ", r.s.name)+fmt.Sprintf(format, a...)+"."+resend)
}

func (r *sheetReader) start(t *xmltok.Tokenizer) error {
	name := t.Name()
	if r.cur == nil {
		if string(name) != "c" {
			return nil
		}
		c := &cellData{col: r.sc.cellCol, row: r.sc.cellRow}
		c.typ, _ = t.Attr("t")
		if s, ok := t.Attr("s"); ok {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return r.corrupt("có định dạng ô %q không hợp lệ", s)
			}
			c.style = n
		}
		k := cellKey(c.col, c.row)
		if _, dup := r.s.cells[k]; dup {
			return r.corrupt("ghi ô %s hai lần", cellName(c.col, c.row))
		}
		r.s.cells[k] = c
		r.s.last = max(r.s.last, c.row)
		r.cur, r.val, r.fx = c, r.val[:0], r.fx[:0]
		return nil
	}
	if r.rich != nil {
		r.rich.start(t)
		return nil
	}
	switch string(name) {
	case "v":
		r.in = "v"
	case "f":
		r.in = "f"
		typ, _ := t.Attr("t")
		si, _ := t.Attr("si")
		_, hasRef := t.Attr("ref")
		r.cur.formula = &formula{shared: typ == "shared", si: si, master: hasRef}
	case "is":
		r.rich = &richReader{}
	}
	return nil
}

func (r *sheetReader) text(b []byte) {
	switch {
	case r.rich != nil:
		r.rich.text(b)
	case r.in == "v":
		r.val = append(r.val, b...)
	case r.in == "f":
		r.fx = append(r.fx, b...)
	}
}

func (r *sheetReader) end(name []byte) error {
	if r.cur == nil {
		return nil
	}
	if r.rich != nil {
		if r.rich.end(name) {
			r.cur.inline = r.rich.result()
			r.rich = nil
		}
		return nil
	}
	switch string(name) {
	case "v", "f":
		r.in = ""
	case "c":
		r.cur.v = string(r.val)
		if r.cur.formula != nil {
			r.cur.formula.text = string(r.fx)
		}
		r.cur = nil
	}
	return nil
}

func (r *sheetReader) done() error { return nil }

// richReader reads a string item (<si>, or a cell's <is>): plain text in
// <t>, or runs <r> each with its font in <rPr><rFont val=…/>; the phonetic
// reading (<rPh>) is not part of the text.
type richReader struct {
	depth  int // below the item's own element
	inRun  bool
	font   string
	inT    bool
	skip   bool // inside <rPh>
	buf    []byte
	runs   []textRun
	plainT bool // a <t> directly in the item
}

func (r *richReader) start(t *xmltok.Tokenizer) {
	r.depth++
	switch string(t.Name()) {
	case "r":
		if r.depth == 1 {
			r.inRun, r.font, r.buf = true, "", r.buf[:0]
		}
	case "rPh":
		if r.depth == 1 {
			r.skip = true
		}
	case "rFont":
		if r.inRun && r.depth == 3 {
			r.font, _ = t.Attr("val")
		}
	case "t":
		switch {
		case r.skip:
		case r.depth == 1:
			r.inT, r.plainT, r.buf = true, true, r.buf[:0]
		case r.inRun && r.depth == 2:
			r.inT = true
		}
	}
}

func (r *richReader) text(b []byte) {
	if r.inT {
		r.buf = append(r.buf, b...)
	}
}

// end reports whether the item itself ends.
func (r *richReader) end(name []byte) bool {
	if r.depth == 0 {
		return true
	}
	switch string(name) {
	case "t":
		if r.inT {
			r.inT = false
			if r.plainT && r.depth == 1 {
				r.runs = append(r.runs, textRun{text: unescapeXString(string(r.buf))})
				r.plainT = false
			}
		}
	case "r":
		if r.depth == 1 && r.inRun {
			r.runs = append(r.runs, textRun{text: unescapeXString(string(r.buf)), font: r.font})
			r.inRun = false
		}
	case "rPh":
		if r.depth == 1 {
			r.skip = false
		}
	}
	r.depth--
	return false
}

func (r *richReader) result() *richText { return &richText{runs: r.runs} }

// stringsReader reads the shared strings table.
type stringsReader struct {
	b    *book
	item *richReader
}

func (r *stringsReader) start(t *xmltok.Tokenizer) error {
	switch {
	case r.item != nil:
		r.item.start(t)
	case string(t.Name()) == "si" && t.Depth() == 2:
		r.item = &richReader{}
	}
	return nil
}

func (r *stringsReader) text(b []byte) {
	if r.item != nil {
		r.item.text(b)
	}
}

func (r *stringsReader) end(name []byte) error {
	if r.item != nil && r.item.end(name) {
		r.b.strings = append(r.b.strings, *r.item.result())
		r.item = nil
	}
	return nil
}

func (r *stringsReader) done() error { return nil }

// stylesReader reads which font each cell format uses and each font's
// name: all a reader needs to tell legacy-encoded text by its font.
type stylesReader struct {
	b             *book
	inFonts, inXf bool
}

func (r *stylesReader) start(t *xmltok.Tokenizer) error {
	d := t.Depth()
	switch string(t.Name()) {
	case "fonts":
		r.inFonts = d == 2
	case "cellXfs":
		r.inXf = d == 2
	case "font":
		if r.inFonts && d == 3 {
			r.b.fonts = append(r.b.fonts, "")
		}
	case "name":
		if r.inFonts && d == 4 && len(r.b.fonts) > 0 {
			r.b.fonts[len(r.b.fonts)-1], _ = t.Attr("val")
		}
	case "xf":
		if r.inXf && d == 3 {
			id := 0
			if v, ok := t.Attr("fontId"); ok {
				n, err := strconv.Atoi(v)
				if err != nil || n < 0 {
					n = -1 // no font: the text is read as it stands
				}
				id = n
			}
			r.b.xfFont = append(r.b.xfFont, id)
		}
	}
	return nil
}

func (r *stylesReader) text([]byte) {}

func (r *stylesReader) end(name []byte) error {
	switch string(name) {
	case "fonts":
		r.inFonts = false
	case "cellXfs":
		r.inXf = false
	}
	return nil
}

func (r *stylesReader) done() error { return nil }
