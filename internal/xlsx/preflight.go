package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
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
)

// Limits bound what reading an upload may cost. Each is a count of
// something the file is made of, checked by preflight while it streams
// through the package, before the workbook library sees a byte: the
// library's memory grows with these counts (and with a sheet's extent, which
// it fills in row by row and cell by cell), so bounding them bounds it,
// whatever way the file spells them.
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
// the worst file within them costs the workbook library well under 50 MB
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
	parts    map[string]*zip.File // by partKey
	workbook string               // partKey of the workbook part
	sheets   map[string]string    // worksheet partKey -> sheet name
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
// refuses, with a message for people, anything the workbook library should
// not be given: a zip bomb, duplicate parts, XML with a document type
// declaration or another encoding than UTF-8, a sheet whose cells reach
// beyond the limits in any spelling of a reference, more cells, strings,
// styles or elements than a scoring workbook could hold. It streams every
// XML part once; its own memory is bounded by one XML token.
func preflight(data []byte, lim Limits) (Stats, error) {
	sc := &scan{lim: lim, done: map[*zip.File]bool{}}
	err := sc.run(data)
	return sc.Stats, err
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
		if err := sc.part(f, p.sheets[k]); err != nil {
			return err
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
	sc.onSheet = func(name, id string) { ids[id] = name }
	err = sc.part(wb, "")
	sc.onSheet = nil
	if err != nil {
		return err
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
			// The workbook library reads these at their usual place;
			// elsewhere, it would read other data than Excel shows.
			usual := "xl/sharedstrings.xml"
			if strings.HasSuffix(r.Type, relSuffixStyles) {
				usual = "xl/styles.xml"
			}
			if r.Target != usual {
				return fileErr(ErrCodeCorrupt, "Tệp .xlsx có cấu trúc khác thường (bảng chuỗi hoặc định dạng ở vị trí lạ), không phải do Excel hay LibreOffice lưu."+resend)
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
}

// styleLists are the elements of the style sheet the workbook library keeps
// one record of each.
var styleLists = map[string]string{"xf": "định dạng ô", "font": "phông chữ", "fill": "màu nền", "border": "đường viền", "numFmt": "định dạng số", "dxf": "định dạng có điều kiện", "cellStyle": "kiểu ô"}

var errNotUTF8 = errors.New("encoding other than UTF-8")

// part streams one XML part, counting and checking as it goes.
func (sc *scan) part(f *zip.File, sheet string) error {
	sc.done[f] = true
	corrupt := func() error {
		return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: phần %q không đọc được.", f.Name)+resend)
	}
	rc, err := f.Open()
	if err != nil {
		return corrupt()
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, sc.lim.MaxPart+1))
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, errNotUTF8
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
	var (
		row, col int    // the current row and the last column used in it
		text     string // the element whose text is being read: "v", "t", "f" or ""
		textLen  int
	)
	for {
		tok, err := d.RawToken() // no namespace translation or tag matching: counting needs neither, and excelize parses the part strictly after
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			if errors.Is(err, errNotUTF8) {
				return fileErr(ErrCodeForbiddenXML, "Tệp .xlsx có phần dùng bảng mã khác UTF-8, không phải do Excel hay LibreOffice lưu."+resend)
			}
			return corrupt()
		}
		switch t := tok.(type) {
		case xml.Directive:
			// <!DOCTYPE …>: entity declarations expand text beyond any
			// size the file shows; no spreadsheet application writes one.
			return fileErr(ErrCodeForbiddenXML, "Tệp .xlsx chứa khai báo DTD/thực thể XML, không phải do Excel hay LibreOffice lưu; hệ thống từ chối đọc."+resend)
		case xml.CharData:
			if text != "" {
				textLen += utf8.RuneCount(t)
				max := maxCellText
				if text == "f" {
					max = maxFormulaText
				}
				if textLen > max {
					return fileErr(ErrCodeComplex, fmt.Sprintf("Một ô có nội dung dài hơn %s ký tự, vượt giới hạn của Excel.", vn.GroupInt(int64(max)))+resend)
				}
			}
		case xml.EndElement:
			text = ""
		case xml.StartElement:
			sc.Elements++
			if sc.Elements > sc.lim.MaxElements {
				return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều thành phần XML (trên %s) so với một phiếu chấm điểm.", vn.GroupInt(int64(sc.lim.MaxElements)))+resend)
			}
			text, textLen = "", 0
			switch name := t.Name.Local; name {
			case "v", "t", "f":
				text = name
			case "row":
				r, ok := attrInt(t, "r")
				if !ok {
					return corrupt()
				}
				if r == 0 {
					r = row + 1 // the workbook library numbers such rows in order
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
				c, r := col+1, row
				for _, a := range t.Attr {
					if a.Name.Local != "r" {
						continue
					}
					// The library's own parser, so that every spelling it
					// accepts ("a1", "$A$1", "A+1", "A0001") is read as it
					// will read it.
					var err error
					if c, r, err = excelize.CellNameToCoordinates(a.Value); err != nil {
						return fileErr(ErrCodeCorrupt, fmt.Sprintf("Tệp .xlsx bị hỏng: địa chỉ ô %q không hợp lệ.", a.Value)+resend)
					}
				}
				col = max(col, c)
				sc.LastRow, sc.LastCol = max(sc.LastRow, r), max(sc.LastCol, c)
				if r > sc.lim.MaxRow || c > sc.lim.MaxCol {
					ref, _ := excelize.CoordinatesToCellName(c, max(r, 1))
					return far("ô " + ref)
				}
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
				if label, ok := styleLists[name]; ok {
					if sc.Styles == nil {
						sc.Styles = map[string]int{}
					}
					sc.Styles[name]++
					if sc.Styles[name] > sc.lim.MaxStyles {
						return fileErr(ErrCodeComplex, fmt.Sprintf("Tệp có quá nhiều %s (trên %s) so với một phiếu chấm điểm.", label, vn.GroupInt(int64(sc.lim.MaxStyles)))+resend)
					}
				}
			}
		}
	}
}

// attr returns the value of the attribute with that local name, in any
// namespace (as the workbook library reads it); the last one wins.
func attr(t xml.StartElement, local string) string {
	v := ""
	for _, a := range t.Attr {
		if a.Name.Local == local {
			v = a.Value
		}
	}
	return v
}

// attrInt reads an optional integer attribute (0 when absent) the way
// encoding/xml unmarshals one into an int: spaces trimmed, base 10.
func attrInt(t xml.StartElement, local string) (int, bool) {
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
