package document

import (
	"bufio"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/vn"
)

// The markup is line based. A line starting with "@" is a directive; any
// other non-blank line is a paragraph. Inline, **bold** and __italic__; a
// backslash escapes the next character (\*, \_, \|, \{, \@, \\).
//
//	@parent BỘ KẾ HOẠCH VÀ ĐẦU TƯ         header, left column, first line
//	@issuer KHỐI THI ĐUA …                 header, left column, bold (repeatable)
//	@number Số: 05/BC-KTĐ
//	@place Quảng Ngãi
//	@date 2023-12-28                       empty: blank date to fill by hand
//	@year 2023
//	@nomotto                               no national title and motto
//	@meta.title / .subject / .author / .keywords / .file TEXT
//	@fit N                                 set tighter (still within Decree 30) when that keeps it to N pages
//	@kind BÁO CÁO                          document type, then
//	@subject Tổng kết …                    subject lines (repeatable)
//	@h1 I. … / @h2 1. … / @h3 a) …
//	@p text    (also @pn no indent, @pc centred, @pl left, @pr right, @ps SIZE text)
//	@li item   (@li2 second level)
//	@table widths=8,40,20 align=C,L,R size=11 totals=1
//	@hr | STT | {cs=2} Đơn vị |            header row; cell attributes in {…}: b i l c r cs=N rs=N
//	@tr | 1 | … |                          body row
//	@endtable
//	@block NAME                            a data table made as a value by the View ({{.RankingTable}} writes this line)
//	@landscape / @portrait / @pagebreak / @space 12
//	@signers cols=3
//	@signer TM. KHỐI THI ĐUA | KHỐI TRƯỞNG | Nguyễn Văn A
//	@signer-line BQL KKT VÂN PHONG         extra line under the last signer's title
//	@recipient - Như trên;
//	@endsigners

// SyntaxError is a markup error with its line.
type SyntaxError struct {
	Line int
	Text string
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("dòng %d: %s (%q)", e.Line, e.Msg, e.Text)
}

// maxTableColumns bounds a table's width in columns.
const maxTableColumns = 64

// Parse reads a document from markup. All text is normalised to NFC.
func Parse(src string) (*Document, error) { return ParseWith(src, nil) }

// ParseWith reads a document from markup whose "@block NAME" lines place
// blocks made as values (the View's data tables).
func ParseWith(src string, blocks map[string]Block) (*Document, error) {
	p := parser{doc: &Document{}, blocks: blocks}
	sc := bufio.NewScanner(strings.NewReader(src))
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for sc.Scan() {
		p.line++
		if err := p.handle(vn.NFC(strings.ToValidUTF8(strings.TrimRight(sc.Text(), " \t\r"), "\uFFFD"))); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &SyntaxError{Line: p.line, Msg: err.Error()}
	}
	if p.table != nil {
		return nil, &SyntaxError{Line: p.line, Msg: "thiếu @endtable"}
	}
	if p.sigs != nil {
		return nil, &SyntaxError{Line: p.line, Msg: "thiếu @endsigners"}
	}
	p.flushList()
	return p.doc, nil
}

type parser struct {
	blocks map[string]Block
	doc    *Document
	line   int
	text   string
	table  *Table
	sigs   *Signatures
	list   *List
}

func (p *parser) fail(format string, a ...any) error {
	return &SyntaxError{Line: p.line, Text: p.text, Msg: fmt.Sprintf(format, a...)}
}

func (p *parser) add(b Block) {
	p.flushList()
	p.doc.Blocks = append(p.doc.Blocks, b)
}

func (p *parser) flushList() {
	if p.list != nil {
		p.doc.Blocks = append(p.doc.Blocks, *p.list)
		p.list = nil
	}
}

func (p *parser) handle(line string) error {
	p.text = line
	trimmed := strings.TrimLeft(line, " \t")
	if trimmed == "" {
		return nil
	}
	if !strings.HasPrefix(trimmed, "@") {
		if p.table != nil || p.sigs != nil {
			return p.fail("văn bản thường không được nằm trong bảng hoặc khối chữ ký")
		}
		p.add(Paragraph{Runs: ParseInline(trimmed)})
		return nil
	}
	name, arg, _ := strings.Cut(trimmed[1:], " ")
	arg = strings.TrimSpace(arg)
	if p.table != nil {
		return p.tableLine(name, arg)
	}
	if p.sigs != nil {
		return p.signersLine(name, arg)
	}
	h := &p.doc.Header
	m := &p.doc.Meta
	switch name {
	case "parent":
		h.Parent = unescape(arg)
	case "issuer":
		if h.Issuer != "" {
			h.Issuer += "\n"
		}
		h.Issuer += unescape(arg)
	case "number":
		h.Number = unescape(arg)
	case "place":
		h.Place = unescape(arg)
	case "date":
		if arg == "" {
			h.Date = time.Time{}
			return nil
		}
		t, err := time.Parse("2006-01-02", arg)
		if err != nil {
			return p.fail("ngày phải theo dạng YYYY-MM-DD")
		}
		h.Date = t
	case "year":
		y, err := strconv.Atoi(arg)
		if err != nil || y < 1900 || y > 2200 {
			return p.fail("năm không hợp lệ")
		}
		h.Year = y
	case "nomotto":
		h.NoMotto = true
	case "meta.title":
		m.Title = metaText(arg)
	case "meta.subject":
		m.Subject = metaText(arg)
	case "meta.author":
		m.Author = metaText(arg)
	case "meta.keywords":
		m.Keywords = metaText(arg)
	case "meta.file":
		m.FileName = metaText(arg)
	case "fit":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 || n > 10 {
			return p.fail("@fit cần số trang từ 1 đến 10")
		}
		p.doc.FitPages = n
	case "kind":
		p.add(Title{Kind: unescape(arg)})
	case "subject":
		last := len(p.doc.Blocks) - 1
		if last < 0 {
			return p.fail("@subject phải đứng sau @kind")
		}
		t, ok := p.doc.Blocks[last].(Title)
		if !ok {
			return p.fail("@subject phải đứng sau @kind")
		}
		t.Subject = append(t.Subject, unescape(arg))
		p.doc.Blocks[last] = t
	case "h1", "h2", "h3":
		p.add(Heading{Level: int(name[1] - '0'), Runs: ParseInline(arg)})
	case "p", "pn", "pc", "pl", "pr":
		para := Paragraph{Runs: ParseInline(arg)}
		switch name {
		case "pn":
			para.NoIndent = true
		case "pc":
			para.Align, para.NoIndent = AlignCenter, true
		case "pl":
			para.Align, para.NoIndent = AlignLeft, true
		case "pr":
			para.Align, para.NoIndent = AlignRight, true
		}
		p.add(para)
	case "ps":
		size, rest, _ := strings.Cut(arg, " ")
		f, err := strconv.ParseFloat(size, 64)
		if err != nil || f < 6 || f > 30 {
			return p.fail("cỡ chữ phải từ 6 đến 30")
		}
		p.add(Paragraph{Runs: ParseInline(rest), Size: f, NoIndent: true, Align: AlignLeft})
	case "li", "li2":
		bullet := "-"
		if name == "li2" {
			bullet = "+"
		}
		if p.list == nil || p.list.Bullet != bullet {
			p.flushList()
			p.list = &List{Bullet: bullet}
		}
		p.list.Items = append(p.list.Items, ParseInline(arg))
	case "table":
		t, err := p.tableStart(arg)
		if err != nil {
			return err
		}
		p.flushList()
		p.table = t
	case "landscape", "portrait":
		if len(p.doc.Blocks) == 0 && p.list == nil {
			h.Landscap = name == "landscape" // the first page itself
			return nil
		}
		p.add(Orientation{Landscape: name == "landscape"})
	case "pagebreak":
		p.add(PageBreak{})
	case "block":
		b, ok := p.blocks[strings.TrimSpace(arg)]
		if !ok {
			return p.fail("không có bảng %q", arg)
		}
		p.add(b)
	case "space":
		f, err := strconv.ParseFloat(arg, 64)
		if err != nil || f < 0 || f > 500 {
			return p.fail("khoảng cách phải từ 0 đến 500 pt")
		}
		p.add(Space{Points: f})
	case "signers":
		cols := 1
		for _, kv := range strings.Fields(arg) {
			k, v, _ := strings.Cut(kv, "=")
			if k != "cols" {
				return p.fail("tham số không rõ %q", k)
			}
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 6 {
				return p.fail("cols phải từ 1 đến 6")
			}
			cols = n
		}
		p.flushList()
		p.sigs = &Signatures{Columns: cols}
	case "endtable", "endsigners", "hr", "tr", "signer", "signer-line", "recipient":
		return p.fail("@%s nằm ngoài khối của nó", name)
	default:
		return p.fail("chỉ thị không rõ @%s", name)
	}
	return nil
}

func (p *parser) tableStart(arg string) (*Table, error) {
	t := &Table{}
	for _, kv := range strings.Fields(arg) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, p.fail("tham số bảng phải có dạng khóa=giá trị: %q", kv)
		}
		switch k {
		case "widths":
			for _, s := range strings.Split(v, ",") {
				f, err := strconv.ParseFloat(s, 64)
				if err != nil || f <= 0 || f > 1000 {
					return nil, p.fail("độ rộng cột không hợp lệ %q", s)
				}
				t.Widths = append(t.Widths, f)
			}
			if len(t.Widths) > maxTableColumns {
				return nil, p.fail("bảng quá %d cột", maxTableColumns)
			}
		case "align":
			for _, s := range strings.Split(v, ",") {
				a, ok := alignOf(s)
				if !ok {
					return nil, p.fail("căn lề không rõ %q", s)
				}
				t.Aligns = append(t.Aligns, a)
			}
		case "size":
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 6 || f > 20 {
				return nil, p.fail("cỡ chữ bảng phải từ 6 đến 20")
			}
			t.FontSize = f
		case "totals":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 10 {
				return nil, p.fail("totals phải từ 0 đến 10")
			}
			t.TotalsRows = n
		default:
			return nil, p.fail("tham số bảng không rõ %q", k)
		}
	}
	if len(t.Widths) == 0 {
		return nil, p.fail("bảng cần widths=…")
	}
	return t, nil
}

func alignOf(s string) (Align, bool) {
	switch strings.ToUpper(s) {
	case "L":
		return AlignLeft, true
	case "C":
		return AlignCenter, true
	case "R":
		return AlignRight, true
	case "J":
		return AlignJustify, true
	}
	return 0, false
}

func (p *parser) tableLine(name, arg string) error {
	t := p.table
	switch name {
	case "hr", "tr":
		cells, err := p.cells(arg)
		if err != nil {
			return err
		}
		span := 0
		for _, c := range cells {
			span += max(c.ColSpan, 1)
		}
		if span > len(t.Widths) {
			return p.fail("hàng có %d cột, bảng có %d", span, len(t.Widths))
		}
		if name == "hr" {
			if len(t.Rows) > 0 {
				return p.fail("hàng tiêu đề phải đứng trước các hàng dữ liệu")
			}
			t.Header = append(t.Header, cells)
		} else {
			for _, c := range cells {
				if c.RowSpan > 1 {
					return p.fail("chỉ hàng tiêu đề được gộp dòng (rs)")
				}
			}
			t.Rows = append(t.Rows, cells)
		}
	case "endtable":
		if t.TotalsRows > len(t.Rows) {
			t.TotalsRows = len(t.Rows)
		}
		if err := checkRowSpans(t); err != nil {
			return p.fail("%s", err.Error())
		}
		p.table = nil
		p.add(*t)
	default:
		return p.fail("trong bảng chỉ dùng @hr, @tr, @endtable")
	}
	return nil
}

// checkRowSpans makes sure header row spans stay inside the header.
func checkRowSpans(t *Table) error {
	for i, row := range t.Header {
		for _, c := range row {
			if i+max(c.RowSpan, 1) > len(t.Header) {
				return fmt.Errorf("ô gộp %d dòng vượt quá phần tiêu đề", c.RowSpan)
			}
		}
	}
	return nil
}

// cells splits "| a | {b,cs=2} b |" into cells.
func (p *parser) cells(arg string) ([]Cell, error) {
	parts := splitUnescaped(arg, '|')
	if len(parts) > 0 && strings.TrimSpace(parts[0]) == "" {
		parts = parts[1:]
	}
	if len(parts) > 0 && strings.TrimSpace(parts[len(parts)-1]) == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > maxTableColumns {
		return nil, p.fail("hàng quá %d ô", maxTableColumns)
	}
	out := make([]Cell, 0, len(parts))
	for _, part := range parts {
		s := strings.TrimSpace(part)
		var c Cell
		if strings.HasPrefix(s, "{") {
			end := strings.IndexByte(s, '}')
			if end < 0 {
				return nil, p.fail("thiếu } trong thuộc tính ô")
			}
			for _, a := range strings.Split(s[1:end], ",") {
				a = strings.TrimSpace(a)
				switch {
				case a == "b":
					c.Bold = true
				case a == "i":
					c.Italic = true
				case a == "l" || a == "c" || a == "r" || a == "j":
					c.Align, _ = alignOf(a)
				case strings.HasPrefix(a, "cs="), strings.HasPrefix(a, "rs="):
					n, err := strconv.Atoi(a[3:])
					if err != nil || n < 1 || n > maxTableColumns {
						return nil, p.fail("số ô gộp không hợp lệ %q", a)
					}
					if a[0] == 'c' {
						c.ColSpan = n
					} else {
						c.RowSpan = n
					}
				case a == "":
				default:
					return nil, p.fail("thuộc tính ô không rõ %q", a)
				}
			}
			s = strings.TrimSpace(s[end+1:])
		}
		c.Runs = ParseInline(s)
		out = append(out, c)
	}
	return out, nil
}

func (p *parser) signersLine(name, arg string) error {
	s := p.sigs
	switch name {
	case "signer":
		parts := splitUnescaped(arg, '|')
		if len(parts) != 3 {
			return p.fail("@signer cần 3 phần: tiền tố | chức danh | họ tên")
		}
		s.Signers = append(s.Signers, Signer{Prefix: unescape(strings.TrimSpace(parts[0])), Title: unescape(strings.TrimSpace(parts[1])), Name: unescape(strings.TrimSpace(parts[2]))})
	case "signer-line":
		if len(s.Signers) == 0 {
			return p.fail("@signer-line phải đứng sau @signer")
		}
		last := &s.Signers[len(s.Signers)-1]
		last.Lines = append(last.Lines, unescape(arg))
	case "recipient":
		s.Recipients = append(s.Recipients, unescape(arg))
	case "endsigners":
		if len(s.Signers) == 0 {
			return p.fail("khối chữ ký chưa có người ký")
		}
		p.sigs = nil
		p.add(*s)
	default:
		return p.fail("trong khối chữ ký chỉ dùng @signer, @signer-line, @recipient, @endsigners")
	}
	return nil
}

// splitUnescaped splits s at sep, ignoring separators escaped with "\".
// Escapes are kept for the inline parser.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescape removes backslash escapes from plain (non-inline) text.
func unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return vn.NFC(b.String())
}

// ParseInline reads **bold** and __italic__ with backslash escapes.
func ParseInline(s string) []Run {
	var runs []Run
	var cur strings.Builder
	bold, italic := false, false
	flush := func() {
		if cur.Len() > 0 {
			runs = append(runs, Run{Text: vn.NFC(cur.String()), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case c == '*' && i+1 < len(s) && s[i+1] == '*':
			flush()
			bold = !bold
			i++
		case c == '_' && i+1 < len(s) && s[i+1] == '_':
			flush()
			italic = !italic
			i++
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	// A style change between a letter and its combining mark would split
	// the character: the marks go back to the run of their letter (the
	// last run before them that has text).
	last := -1
	for i := range runs {
		if last >= 0 {
			r, n := utf8.DecodeRuneInString(runs[i].Text)
			moved := false
			for n > 0 && unicode.In(r, unicode.Mn, unicode.Me) {
				runs[last].Text += runs[i].Text[:n]
				runs[i].Text = runs[i].Text[n:]
				r, n = utf8.DecodeRuneInString(runs[i].Text)
				moved = true
			}
			if moved {
				runs[last].Text = vn.NFC(runs[last].Text)
			}
		}
		if runs[i].Text != "" {
			last = i
		}
	}
	out := runs[:0]
	for _, r := range runs {
		if r.Text != "" {
			out = append(out, r)
		}
	}
	return out
}

// Escape makes text safe to put in markup: inline markers, cell separators,
// attribute braces and a leading "@" are escaped; line breaks become spaces.
func Escape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '|', '{', '}':
			b.WriteByte('\\')
		case '@':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '\n', '\r', '\t':
			r = ' '
		}
		b.WriteRune(r)
	}
	return b.String()
}

// metaText is a metadata value or a file name: plain spaces, for a name
// kept together on the page ("Phú\u00a0Yên") is still searched and saved
// as typed.
func metaText(arg string) string { return strings.ReplaceAll(unescape(arg), "\u00a0", " ") }
