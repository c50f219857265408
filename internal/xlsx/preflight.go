package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/xlsx/xmltok"
)

// Limits bound what reading an upload may cost. Each is a count of
// something the file is made of, checked by preflight while it reads the
// package: what the reader keeps grows with these counts and a part's
// size, so bounding them bounds it, whatever way the file spells them.
type Limits struct {
	MaxUnzip    int64 // all parts together, uncompressed
	MaxPart     int64 // one part, uncompressed
	MaxEntries  int   // parts in the zip
	MaxSheets   int   // sheets in the workbook
	MaxRow      int   // last row any sheet may use
	MaxCol      int   // last column any sheet may use
	MaxCells    int   // cells in the whole workbook
	MaxElements int   // XML elements in the whole package
	MaxStrings  int   // shared strings
	MaxStyles   int   // entries of any one style list (cell formats, fonts, fills, borders, number formats)
}

// DefaultLimits are several times what our own scoring workbook holds (one
// of 54 criteria: about 90 rows, 6 columns, 600 cells, 3 000 elements,
// 250 strings, 30 cell formats; a criteria set is capped at
// domain.MaxCriteriaLines so the form always fits), and small enough that
// the worst file within them costs the reader well under 50 MB
// (BENCHMARKS.md).
var DefaultLimits = Limits{
	MaxUnzip:    12 << 20,
	MaxPart:     6 << 20,
	MaxEntries:  200,
	MaxSheets:   16,
	MaxRow:      1000,
	MaxCol:      16,
	MaxCells:    20000,
	MaxElements: 120000,
	MaxStrings:  10000,
	MaxStyles:   2000,
}

// Excel's own limits on one cell (Excel specifications and limits): a
// longer text or formula cannot come from a spreadsheet application.
const (
	maxCellText    = 32767
	maxFormulaText = 8192
)

// Codes of the structural refusals.
const (
	ErrCodeDuplicatePart = "file_duplicate_part"
	ErrCodeExtent        = "workbook_extent"
	ErrCodeComplex       = "workbook_too_complex"
	ErrCodeForbiddenXML  = "file_forbidden_xml"
)

const resend = " Vui lòng mở lại phiếu gốc trong Excel hoặc LibreOffice, lưu lại và gửi lại."

// Relationship types a spreadsheet application follows, in the
// transitional and strict spellings.
var (
	relOfficeDocument = []string{
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
		"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
	}
	relSuffixWorksheet     = "/worksheet"
	relSuffixSharedStrings = "/sharedStrings"
	relSuffixStyles        = "/styles"
)

// pkg is the package as a spreadsheet application sees it: its parts by
// normalised name, and which of them the workbook's relationships name.
type pkg struct {
	parts           map[string]*zip.File // by partKey
	workbook        string               // partKey of the workbook part
	sheets          map[string]string    // worksheet partKey -> sheet name
	strings, styles string               // partKeys of the shared strings and the styles, when the workbook names them
}

// partKey is how a spreadsheet application compares part names: OPC part
// names are case-insensitive URIs, Windows tools write "\" for "/", and
// "%41" is "A".
func partKey(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	if u, err := url.PathUnescape(name); err == nil {
		name = u
	}
	return strings.ToLower(strings.TrimPrefix(path.Clean("/"+name), "/"))
}

// preflight reads the package the way a spreadsheet application would and
// refuses, with a message for people, what no spreadsheet application
// writes or what would cost too much to read: a zip bomb, duplicate
// parts, XML with a document type declaration or another encoding than
// UTF-8, a sheet whose cells reach beyond the limits in any spelling of a
// reference, more cells, strings, styles or elements than a scoring
// workbook could hold. It reads every XML part once, one part in memory at
// a time (at most Limits.MaxPart), and collects the cells, strings and
// fonts the readers need on the way (readBook).
func preflight(data []byte, lim Limits) (Stats, error) {
	sc := newScan(lim)
	err := sc.run(data)
	return sc.Stats, err
}

// readBook checks a package as preflight does and returns what its sheets
// say, read in the same pass.
func readBook(data []byte, lim Limits) (*book, error) {
	sc := newScan(lim)
	if err := sc.run(data); err != nil {
		return nil, err
	}
	return sc.book, nil
}

func newScan(lim Limits) *scan {
	return &scan{lim: lim, done: map[*zip.File]bool{}, book: &book{}}
}

// Stats are what preflight counted in a package.
type Stats struct {
	Parts, Sheets, Elements, Cells, Strings int
	LastRow, LastCol                        int
	Styles                                  map[string]int
	Unzipped                                int64
}

func (sc *scan) run(data []byte) error {
	lim := sc.lim
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fileErr(ErrCodeCorrupt, "Tệp .xlsx bị hỏng."+resend)
	}
	if len(zr.File) > lim.MaxEntries {
		return fileErr(ErrCodeTooLarge, fmt.Sprintf("Tệp có %s thành phần, quá nhiều đối với một phiếu chấm điểm (tối đa %s).", vn.GroupInt(int64(len(zr.File))), vn.GroupInt(int64(lim.MaxEntries))))
	}
	p := &pkg{parts: map[string]*zip.File{}, sheets: map[string]string{}}
	var total uint64
	sc.Parts = len(zr.File)
	for _, f := range zr.File {
		total += f.UncompressedSize64
		sc.Unzipped = int64(total)
		if f.UncompressedSize64 > uint64(lim.MaxPart) || total > uint64(lim.MaxUnzip) {
			return fileErr(ErrCodeTooLarge, "Tệp khi giải nén quá lớn so với một phiếu chấm điểm (có thể là tệp nén độc hại); hệ thống từ chối đọc.")
		}
		if strings.HasSuffix(f.Name, "/") {
			continue // a folder entry
		}
		k := partKey(f.Name)
		if _, dup := p.parts[k]; dup {
			return fileErr(ErrCodeDuplicatePart, fmt.Sprintf("Tệp chứa hai thành phần cùng tên %q: mỗi chương trình có thể đọc một bản khác nhau, nên hệ thống không nhận.", f.Name)+resend)
		}
		p.parts[k] = f
	}
	if err := p.follow(sc); err != nil {
		return err
	}
	for _, f := range zr.File {
		k := partKey(f.Name)
		if sc.done[f] || strings.HasSuffix(f.Name, "/") || !isXMLPart(k, f) {
			continue
		}
		sc.collector = sc.collectorFor(p, k)
		err := sc.part(f, p.sheets[k])
		sc.collector = nil
		if err != nil {
			return err
		}
	}
	return sc.checkStrings()
}

// collectorFor is what reads a part into the book: a sheet's cells, the
// shared strings, the styles; nil for the parts no reader needs.
func (sc *scan) collectorFor(p *pkg, key string) collector {
	switch name, isSheet := p.sheets[key]; {
	case isSheet:
		s := newSheetCells(name)
		sc.book.sheets = append(sc.book.sheets, s)
		return &sheetReader{sc: sc, s: s}
	case key == p.strings:
		return &stringsReader{b: sc.book}
	case key == p.styles:
		return &stylesReader{b: sc.book}
	}
	return nil
}

// checkStrings refuses a cell naming a shared string the table does not
// have: Excel would repair the file and show something else.
func (sc *scan) checkStrings() error {
	for _, s := range sc.book.sheets {
		for _, c := range s.cells {
			if c.typ == "s" && sc.book.sharedString(c) == nil && strings.TrimSpace(c.v) != "" {
				return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: ô %s của trang %q trỏ tới chuỗi văn bản không có.", cellName(c.col, c.row), s.name)+resend)
			}
		}
	}
	return nil
}

// follow reads the relationships from the package root to the workbook and
// from the workbook to its sheets, shared strings and styles, so that
// sheets are known by name and every part they name exists.
func (p *pkg) follow(sc *scan) error {
	corrupt := fileErr(ErrCodeCorrupt, "Tệp .xlsx bị hỏng: thiếu phần chính của bảng tính."+resend)
	rels, err := p.rels(sc, "_rels/.rels", "")
	if err != nil {
		return err
	}
	for _, r := range rels {
		for _, t := range relOfficeDocument {
			if r.Type == t && p.workbook == "" {
				p.workbook = r.Target
			}
		}
	}
	wb, ok := p.parts[p.workbook]
	if p.workbook == "" || !ok {
		return corrupt
	}
	ids := map[string]string{} // r:id -> sheet name
	dupName := ""
	sc.onSheet = func(name, id string) {
		for _, n := range sc.book.order {
			if sameSheetName(n, name) {
				dupName = name
			}
		}
		ids[id] = name
		sc.book.order = append(sc.book.order, name)
	}
	err = sc.part(wb, "")
	sc.onSheet = nil
	if err != nil {
		return err
	}
	if dupName != "" {
		return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: có hai trang cùng tên %q.", dupName)+resend)
	}
	dir := path.Dir(p.workbook)
	rels, err = p.rels(sc, path.Join(dir, "_rels", path.Base(p.workbook)+".rels"), dir)
	if err != nil {
		return err
	}
	for _, r := range rels {
		if r.External {
			continue
		}
		_, exists := p.parts[r.Target]
		switch {
		case strings.HasSuffix(r.Type, relSuffixWorksheet):
			if !exists {
				return corrupt
			}
			if name, ok := ids[r.ID]; ok {
				p.sheets[r.Target] = name
			}
		case strings.HasSuffix(r.Type, relSuffixSharedStrings), strings.HasSuffix(r.Type, relSuffixStyles):
			// Wherever the relationship puts them, as Excel reads them.
			if !exists {
				return corrupt
			}
			if strings.HasSuffix(r.Type, relSuffixStyles) {
				p.styles = r.Target
			} else {
				p.strings = r.Target
			}
		}
	}
	return nil
}

type relationship struct {
	ID, Type, Target string
	External         bool
}

// rels reads a relationships part; targets are resolved against base into
// part keys. A missing part is no relationship.
func (p *pkg) rels(sc *scan, name, base string) ([]relationship, error) {
	f, ok := p.parts[partKey(name)]
	if !ok {
		return nil, nil
	}
	var out []relationship
	sc.onRel = func(r relationship) {
		if !r.External {
			if strings.HasPrefix(r.Target, "/") {
				r.Target = partKey(r.Target)
			} else {
				r.Target = partKey(path.Join(base, r.Target))
			}
		}
		out = append(out, r)
	}
	err := sc.part(f, "")
	sc.onRel = nil
	return out, err
}

// isXMLPart tells whether a part is XML that some reader may parse: by its
// name, or by its first byte. Pictures and printer settings are not.
func isXMLPart(key string, f *zip.File) bool {
	switch path.Ext(key) {
	case ".xml", ".rels", ".vml":
		return true
	}
	rc, err := f.Open()
	if err != nil {
		return true // let the scan report it
	}
	defer rc.Close()
	var head [4]byte
	n, _ := io.ReadFull(rc, head[:])
	b := bytes.TrimLeft(head[:n], " \t\r\n")
	return bytes.HasPrefix(b, []byte("<")) || bytes.HasPrefix(head[:n], []byte{0xEF, 0xBB, 0xBF}) ||
		bytes.HasPrefix(head[:n], []byte{0xFE, 0xFF}) || bytes.HasPrefix(head[:n], []byte{0xFF, 0xFE})
}

// scan holds the counts across the whole package.
type scan struct {
	Stats
	lim     Limits
	onSheet func(name, id string)
	onRel   func(relationship)
	done    map[*zip.File]bool // parts already scanned

	book             *book
	tok              xmltok.Tokenizer
	buf              bytes.Buffer // the part being read
	collector        collector    // what reads the part into the book, if anything
	cellCol, cellRow int          // the position of the <c> being read
}

// styleLists are the elements of the style sheet a spreadsheet application
// keeps one record of each.
var styleLists = map[string]string{"xf": "định dạng ô", "font": "phông chữ", "fill": "màu nền", "border": "đường viền", "numFmt": "định dạng số", "dxf": "định dạng có điều kiện", "cellStyle": "kiểu ô"}

// part reads one XML part, counting and checking as it goes and, when the
// part is one the readers need, collecting what it says into the book.
func (sc *scan) part(f *zip.File, sheet string) error {
	sc.done[f] = true
	corrupt := func() error {
		return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: phần %q không đọc được.", f.Name)+resend)
	}
	if err := sc.load(f); err != nil {
		return err
	}
	t := &sc.tok
	if err := t.Reset(sc.buf.Bytes()); err != nil {
		return sc.xmlErr(err, corrupt)
	}
	// far says where a cell or row beyond the limits is.
	far := func(place string) error {
		on := "Tệp"
		if sheet != "" {
			on = fmt.Sprintf("Trang %q", sheet)
		}
		return fileErr(ErrCodeExtent, fmt.Sprintf("%s có dữ liệu hoặc định dạng ở %s, quá xa so với một phiếu chấm điểm (tối đa %s dòng, %d cột). Vui lòng xóa các dòng, cột thừa và gửi lại.",
			on, place, vn.GroupInt(int64(sc.lim.MaxRow)), sc.lim.MaxCol))
	}
	c := sc.collector
	var (
		row, col int    // the current row and the last column used in it
		text     string // the element whose text is being read: "v", "t", "f" or ""
		textLen  int
	)
	for {
		kind, err := t.Next()
		if err != nil {
			return sc.xmlErr(err, corrupt)
		}
		switch kind {
		case xmltok.EOF:
			if c != nil {
				return c.done()
			}
			return nil
		case xmltok.CharData:
			if text != "" {
				textLen += utf8.RuneCount(t.Text())
				max := maxCellText
				if text == "f" {
					max = maxFormulaText
				}
				if textLen > max {
					return fileErr(ErrCodeComplex, fmt.Sprintf("Một ô có nội dung dài hơn %s ký tự, vượt giới hạn của Excel.", vn.GroupInt(int64(max)))+resend)
				}
			}
			if c != nil {
				c.text(t.Text())
			}
		case xmltok.EndElement:
			text = ""
			if c != nil {
				if err := c.end(t.Name()); err != nil {
					return err
				}
			}
		case xmltok.StartElement:
			sc.Elements++
			if sc.Elements > sc.lim.MaxElements {
				return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều thành phần XML (trên %s) so với một phiếu chấm điểm.", vn.GroupInt(int64(sc.lim.MaxElements)))+resend)
			}
			text, textLen = "", 0
			switch name := t.Name(); string(name) {
			case "v", "t", "f":
				text = string(name)
			case "row":
				r, ok := attrInt(t, "r")
				if !ok {
					return corrupt()
				}
				if r == 0 {
					r = row + 1 // rows without a number follow the one before
				}
				row, col = r, 0
				sc.LastRow = max(sc.LastRow, row)
				if row > sc.lim.MaxRow {
					return far("dòng " + vn.GroupInt(int64(row)))
				}
			case "c":
				sc.Cells++
				if sc.Cells > sc.lim.MaxCells {
					return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều ô (trên %s) so với một phiếu chấm điểm. Vui lòng xóa dữ liệu thừa và gửi lại.", vn.GroupInt(int64(sc.lim.MaxCells))))
				}
				cc, r := col+1, row
				if ref, ok := t.Attr("r"); ok {
					var err error
					if cc, r, err = cellCoordinates(ref); err != nil {
						return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: địa chỉ ô %q không hợp lệ.", ref)+resend)
					}
				}
				col = max(col, cc)
				sc.LastRow, sc.LastCol = max(sc.LastRow, r), max(sc.LastCol, cc)
				if r > sc.lim.MaxRow || cc > sc.lim.MaxCol {
					ref, _ := excelize.CoordinatesToCellName(cc, max(r, 1))
					return far("ô " + ref)
				}
				sc.cellCol, sc.cellRow = cc, r
			case "si":
				sc.Strings++
				if sc.Strings > sc.lim.MaxStrings {
					return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều chuỗi văn bản (trên %s) so với một phiếu chấm điểm.", vn.GroupInt(int64(sc.lim.MaxStrings)))+resend)
				}
			case "sheet":
				sc.Sheets++
				if sc.Sheets > sc.lim.MaxSheets {
					return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều trang tính (trên %d) so với một phiếu chấm điểm.", sc.lim.MaxSheets)+resend)
				}
				if sc.onSheet != nil {
					sc.onSheet(attr(t, "name"), attr(t, "id"))
				}
			case "Relationship":
				if sc.onRel != nil {
					sc.onRel(relationship{ID: attr(t, "Id"), Type: attr(t, "Type"), Target: attr(t, "Target"), External: attr(t, "TargetMode") == "External"})
				}
			default:
				if label, ok := styleLists[string(name)]; ok {
					if sc.Styles == nil {
						sc.Styles = map[string]int{}
					}
					sc.Styles[string(name)]++
					if sc.Styles[string(name)] > sc.lim.MaxStyles {
						return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều %s (trên %s) so với một phiếu chấm điểm.", label, vn.GroupInt(int64(sc.lim.MaxStyles)))+resend)
					}
				}
			}
			if c != nil {
				if err := c.start(t); err != nil {
					return err
				}
			}
		}
	}
}

// load reads a part into the scan's buffer, at most Limits.MaxPart bytes.
func (sc *scan) load(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: phần %q không đọc được.", f.Name)+resend)
	}
	defer rc.Close()
	sc.buf.Reset()
	sc.buf.Grow(int(min(f.UncompressedSize64, uint64(sc.lim.MaxPart))) + bytes.MinRead)
	n, err := sc.buf.ReadFrom(io.LimitReader(rc, sc.lim.MaxPart+1))
	switch {
	case n > sc.lim.MaxPart:
		return fileErr(ErrCodeTooLarge, "Tệp khi giải nén quá lớn so với một phiếu chấm điểm (có thể là tệp nén độc hại); hệ thống từ chối đọc.")
	case err != nil:
		return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: phần %q không đọc được.", f.Name)+resend)
	}
	return nil
}

// xmlErr is the answer for people to a part that is not XML we read.
func (sc *scan) xmlErr(err error, corrupt func() error) error {
	switch {
	case errors.Is(err, xmltok.ErrNotUTF8):
		return fileErr(ErrCodeForbiddenXML, "Tệp .xlsx có phần dùng bảng mã khác UTF-8, không phải do Excel hay LibreOffice lưu."+resend)
	case errors.Is(err, xmltok.ErrDirective):
		// <!DOCTYPE …>: entity declarations expand text beyond any size
		// the file shows; no spreadsheet application writes one.
		return fileErr(ErrCodeForbiddenXML, "Tệp .xlsx chứa khai báo DTD/thực thể XML, không phải do Excel hay LibreOffice lưu; hệ thống từ chối đọc."+resend)
	}
	return corrupt()
}

// cellCoordinates reads a cell reference: "D12" at once, any other
// spelling ("d12", "$D$12") with excelize's parser, which is lenient the
// way spreadsheet applications are.
func cellCoordinates(ref string) (col, row int, err error) {
	i := 0
	for i < len(ref) && i < 3 && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	if i > 0 && i < len(ref) && ref[i] >= '1' && ref[i] <= '9' && len(ref)-i <= 7 {
		row = 0
		j := i
		for j < len(ref) && ref[j] >= '0' && ref[j] <= '9' {
			row = row*10 + int(ref[j]-'0')
			j++
		}
		if j == len(ref) {
			return col, row, nil
		}
	}
	return excelize.CellNameToCoordinates(ref)
}

// attr returns the value of the attribute with that local name, in any
// namespace; the last one wins.
func attr(t *xmltok.Tokenizer, local string) string {
	v, _ := t.Attr(local)
	return v
}

// attrInt reads an optional integer attribute (0 when absent) the way
// encoding/xml unmarshals one into an int: spaces trimmed, base 10.
func attrInt(t *xmltok.Tokenizer, local string) (int, bool) {
	v := strings.TrimSpace(attr(t, local))
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, false
	}
	return n, true
}
