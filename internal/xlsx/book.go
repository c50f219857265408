package xlsx

import (
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/vn"
)

// book is what an uploaded workbook says, as a spreadsheet application
// shows it: its sheets in order and their cells with the shared strings
// and the fonts they use. preflight fills it in the same pass that checks
// the package, so that the file is read once; the readers of marks and
// of criteria ask it for cells by name.
type book struct {
	order   []string // sheet names in the workbook's order
	sheets  []*sheetCells
	strings []richText // the shared strings table
	xfFont  []int      // font of each cell format (cellXfs)
	fonts   []string   // name of each font
}

// sheetCells are one worksheet's cells by position.
type sheetCells struct {
	name  string            // as the workbook writes it, for messages
	nfc   string            // the name in NFC, to find it by (sameSheetName)
	cells map[int]*cellData // by cellKey
	last  int               // the last row with a cell
}

func newSheetCells(name string) *sheetCells {
	return &sheetCells{name: name, nfc: vn.NFC(name), cells: map[int]*cellData{}}
}

// cellData is a <c> element: its type, format, value and formula.
type cellData struct {
	col, row int
	typ      string // the t attribute: "s", "inlineStr", "str", "n", "b", "e", "d" or ""
	style    int    // the s attribute
	v        string // the <v> text as written
	inline   *richText
	formula  *formula
}

// formula is a cell's <f>: its text, or for a cell that shares the formula
// of another (t="shared" without text), the group it belongs to.
type formula struct {
	text   string
	shared bool
	si     string
	master bool // the cell that holds the group's text (it has a ref)
}

// richText is a string of one or more runs, each in its own font ("" for
// the cell's own font).
type richText struct {
	runs []textRun
}

type textRun struct {
	text, font string
}

func (t *richText) String() string {
	if len(t.runs) == 1 {
		return t.runs[0].text
	}
	var b strings.Builder
	for _, r := range t.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

// cellKey numbers a position; columns are bounded by Limits.MaxCol, far
// below the multiplier.
func cellKey(col, row int) int { return row<<14 | col }

// sameSheetName compares sheet names as spreadsheet applications do:
// letter case does not count, nor how the accents are encoded (a name
// saved decomposed, as some macOS applications write it, is the same name).
func sameSheetName(a, b string) bool { return strings.EqualFold(vn.NFC(a), vn.NFC(b)) }

// sheet finds a sheet by name (sameSheetName).
func (b *book) sheet(name string) *sheetCells {
	name = vn.NFC(name)
	for _, s := range b.sheets {
		if strings.EqualFold(s.nfc, name) {
			return s
		}
	}
	return nil
}

func (b *book) hasSheet(name string) bool { return b.sheet(name) != nil }

// cell finds a cell by its name ("D12"); nil when there is none.
func (b *book) cell(sheet, ref string) *cellData {
	s := b.sheet(sheet)
	if s == nil {
		return nil
	}
	col, row, err := cellCoordinates(ref)
	if err != nil {
		return nil
	}
	return s.cells[cellKey(col, row)]
}

// value is what a cell holds, unformatted: a number as written, a string's
// text.
func (b *book) value(c *cellData) string {
	if c == nil {
		return ""
	}
	switch c.typ {
	case "s":
		if t := b.sharedString(c); t != nil {
			return t.String()
		}
		return ""
	case "inlineStr":
		if c.inline != nil {
			return c.inline.String()
		}
	}
	return c.v
}

// numeric is a cell's value as a number is read from it: a TRUE/FALSE
// cell is the word Excel shows, not the 1 or 0 it stores.
func (b *book) numeric(c *cellData) string {
	if c != nil && c.typ == "b" {
		if strings.TrimSpace(c.v) == "1" {
			return "TRUE"
		}
		return "FALSE"
	}
	return b.value(c)
}

// sharedString is the table entry a "s" cell names; load made sure it is
// there.
func (b *book) sharedString(c *cellData) *richText {
	i, err := strconv.Atoi(strings.TrimSpace(c.v))
	if err != nil || i < 0 || i >= len(b.strings) {
		return nil
	}
	return &b.strings[i]
}

// runs are a text cell's runs, each with its font; a cell with no font
// named in a run uses the cell's.
func (b *book) runs(c *cellData) []textRun {
	switch {
	case c == nil:
		return nil
	case c.typ == "s":
		if t := b.sharedString(c); t != nil {
			return t.runs
		}
	case c.typ == "inlineStr" && c.inline != nil:
		return c.inline.runs
	}
	return nil
}

// font is the name of the font a cell's format uses, "" when unknown.
func (b *book) font(c *cellData) string {
	if c == nil || c.style < 0 || c.style >= len(b.xfFont) {
		return ""
	}
	f := b.xfFont[c.style]
	if f < 0 || f >= len(b.fonts) {
		return ""
	}
	return b.fonts[f]
}

// formulaShown is a formula as a message shows it, " (=A1+1)", or for a
// cell that copies another's, " (chép từ ô D9: =C9)".
func (b *book) formulaShown(sheet string, c *cellData) string {
	f := c.formula
	if f.text != "" {
		return " (=" + f.text + ")"
	}
	if s := b.sheet(sheet); s != nil && f.shared {
		if m := s.master(f.si); m != nil && m.formula.text != "" {
			return " (chép từ ô " + cellName(m.col, m.row) + ": =" + m.formula.text + ")"
		}
	}
	return ""
}

// master finds the cell that holds the text of a shared formula's group.
func (s *sheetCells) master(si string) *cellData {
	for _, c := range s.cells {
		if c.formula != nil && c.formula.master && c.formula.si == si {
			return c
		}
	}
	return nil
}

// rows is the sheet as a grid of values, as excelize's GetRows gives it:
// row i is line i+1, each row cut after its last non-empty value, the
// grid after its last non-empty row.
func (b *book) rows(s *sheetCells) [][]string {
	if s == nil {
		return nil
	}
	byRow := map[int][]*cellData{}
	for _, c := range s.cells {
		byRow[c.row] = append(byRow[c.row], c)
	}
	var out [][]string
	for r := 1; r <= s.last; r++ {
		var row []string
		for _, c := range byRow[r] {
			v := b.value(c)
			if v == "" {
				continue
			}
			for len(row) < c.col {
				row = append(row, "")
			}
			row[c.col-1] = v
		}
		out = append(out, row)
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// unescapeXString reads the escapes of an ST_Xstring: "_x000D_" is a
// carriage return, "_x005F_" an underscore before text that would read as
// an escape. Excel writes them for characters XML cannot carry.
func unescapeXString(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		esc := s[i : i+7]
		n, err := strconv.ParseUint(esc[2:6], 16, 16)
		if err != nil || esc[6] != '_' || strings.ContainsAny(esc[2:6], "+-") {
			b.WriteString("_x")
			s = s[i+2:]
			continue
		}
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
}
