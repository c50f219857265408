package xlsx

import (
	"archive/zip"
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// Expect is what an upload must be: the workbook sent to this unit for
// this year against the current criteria.
type Expect struct {
	Bloc, Unit string
	UnitName   string
	Year       int
	Criteria   domain.CriteriaSet
}

// Upload is what a valid upload carries.
type Upload struct {
	Scores     []domain.Score
	Indicators *domain.Indicators // nil when the sheet is absent
}

// Stable codes of upload errors.
const (
	ErrCodeFileType    = "file_type"
	ErrCodeCorrupt     = "file_corrupt"
	ErrCodeTooLarge    = "file_too_large"
	ErrCodeNotOurs     = "workbook_unknown"
	ErrCodeWrongTarget = "workbook_mismatch"
	ErrCodeLayout      = "workbook_layout"
	ErrCodeTampered    = "workbook_tampered"
)

func fileErr(code, msg string) domain.ValidationError {
	return domain.ValidationError{{Field: "file", Code: code, Message: msg}}
}

// Sniff tells what a file is from its first bytes and, for a zip, its
// parts; it returns "" for an OOXML workbook, or a Vietnamese message
// saying what it is and what to send instead.
func Sniff(data []byte) (code, msg string) {
	const send = " Vui lòng tải phiếu chấm điểm (.xlsx) từ hệ thống, điền và gửi lại đúng tệp đó."
	switch {
	case len(data) == 0:
		return ErrCodeFileType, "Tệp rỗng." + send
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return ErrCodeFileType, "Đây là tệp Excel 97-2003 (.xls) hoặc tệp Excel có đặt mật khẩu; hệ thống chỉ đọc tệp .xlsx không mật khẩu. Trong Excel chọn File > Save As > Excel Workbook (*.xlsx), bỏ mật khẩu nếu có, rồi gửi lại."
	case bytes.HasPrefix(data, []byte("%PDF")):
		return ErrCodeFileType, "Đây là tệp PDF, không phải bảng tính." + send
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}), bytes.HasPrefix(data, []byte("GIF8")):
		return ErrCodeFileType, "Đây là tệp ảnh, không phải bảng tính." + send
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if isText(data) {
			return ErrCodeFileType, "Đây là tệp văn bản (CSV hoặc TXT), không phải bảng tính .xlsx." + send
		}
		return ErrCodeFileType, "Tệp không phải bảng tính .xlsx." + send
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ErrCodeCorrupt, "Tệp .xlsx bị hỏng hoặc tải lên chưa hết. Vui lòng mở lại tệp trong Excel, lưu lại và gửi lại."
	}
	has := map[string]bool{}
	for _, f := range zr.File {
		has[strings.ToLower(f.Name)] = true
	}
	switch {
	case has["xl/workbook.xml"] && has["[content_types].xml"]:
		return "", ""
	case has["mimetype"] && has["content.xml"]:
		return ErrCodeFileType, "Đây là tệp LibreOffice (.ods). Trong LibreOffice chọn File > Save As, chọn định dạng Excel 2007-365 (.xlsx), rồi gửi lại."
	case has["word/document.xml"]:
		return ErrCodeFileType, "Đây là tệp Word (.docx), không phải bảng tính." + send
	case has["ppt/presentation.xml"]:
		return ErrCodeFileType, "Đây là tệp PowerPoint (.pptx), không phải bảng tính." + send
	}
	return ErrCodeFileType, "Đây là tệp nén (.zip), không phải bảng tính .xlsx." + send
}

func isText(b []byte) bool {
	n := min(len(b), 512)
	for _, c := range b[:n] {
		if c == 0 {
			return false
		}
	}
	return true
}

// ReadScoring reads and checks a filled scoring workbook. Every problem is
// reported at once, each with its sheet and cell; totals are not read from
// the file (its cached formula results are never trusted) but recomputed
// by the caller from the marks.
func ReadScoring(data []byte, exp Expect, lim Limits) (up *Upload, err error) {
	defer recoverCorrupt(&err)
	b, err := open(data, lim)
	if err != nil {
		return nil, err
	}
	r := &reader{b: b, exp: exp}
	rows, ok := r.meta()
	if !ok {
		return nil, r.errs
	}
	up = &Upload{}
	up.Scores = r.scores(rows)
	up.Indicators = r.indicators()
	if len(r.errs) > 0 {
		return nil, r.errs
	}
	return up, nil
}

// open identifies, bounds and reads an uploaded workbook, in one pass over
// its parts (preflight); every refusal is a validation error for people.
func open(data []byte, lim Limits) (*book, error) {
	if code, msg := Sniff(data); code != "" {
		return nil, fileErr(code, msg)
	}
	return readBook(data, lim)
}

// recoverCorrupt turns a panic while reading a file crafted or damaged in a
// way the reader does not expect into a "corrupt file" answer for the
// board instead of a crash of the request.
func recoverCorrupt(err *error) {
	if p := recover(); p != nil {
		*err = fileErr(ErrCodeCorrupt, "Tệp .xlsx bị hỏng, không đọc được.")
	}
}

type reader struct {
	b    *book
	exp  Expect
	errs domain.ValidationError
}

func (r *reader) fail(sheet, cell, code, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	field := sheet
	if cell != "" {
		field = sheet + "!" + cell
		msg = "Ô " + cell + ": " + msg
	}
	r.errs = append(r.errs, domain.FieldError{Field: field, Code: code, Message: msg})
}

// meta reads the hidden metadata sheet and checks that the workbook is the
// one sent to this unit, for this year, against these criteria, and that
// its map of rows still names every line of those criteria once.
func (r *reader) meta() ([]metaRow, bool) {
	rows := r.b.rows(r.b.sheet(SheetMeta))
	if len(rows) == 0 {
		r.fail("file", "", ErrCodeNotOurs, "Tệp không phải phiếu chấm điểm do hệ thống tạo (thiếu trang thông tin ẩn). Vui lòng tải phiếu của đơn vị từ hệ thống và điền vào đó.")
		return nil, false
	}
	kv := map[string]string{}
	var out []metaRow
	inRows := false
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		if row[0] == "rows" {
			inRows = true
			continue
		}
		if !inRows {
			if len(row) >= 2 {
				kv[row[0]] = row[1]
			}
			continue
		}
		if at(row, 0) == "" && at(row, 1) == "" && at(row, 2) == "" {
			continue
		}
		m := metaRow{Kind: orDefault(at(row, 1), "?"), Code: at(row, 2), at: i + 1}
		n, err := strconv.Atoi(row[0])
		if err != nil {
			n = -1
		}
		m.Row = n
		out = append(out, m)
	}
	cs := r.exp.Criteria
	check := func(key, want, msg string) {
		if kv[key] != want {
			r.fail("file", "", ErrCodeWrongTarget, "%s", fmt.Sprintf(msg, kv[key]))
		}
	}
	check(metaBloc, r.exp.Bloc, "Phiếu thuộc khối thi đua khác (%s).")
	check(metaUnit, r.exp.Unit, "Phiếu là của đơn vị khác (%s), không phải của "+r.exp.UnitName+".")
	check(metaYear, strconv.Itoa(r.exp.Year), fmt.Sprintf("Phiếu là của năm %%s, không phải năm %d.", r.exp.Year))
	// The fingerprint is the content of the criteria: a workbook made from
	// an identical set is good whatever the set's number.
	switch {
	case kv[metaFingerprint] == cs.Fingerprint():
	case kv[metaSetID] == strconv.FormatInt(cs.ID, 10):
		r.fail("file", "", ErrCodeTampered, "Thông tin nhận dạng bảng tiêu chí trong phiếu đã bị sửa nên hệ thống không đối chiếu được. Vui lòng tải phiếu mới từ hệ thống và chép điểm sang.")
	default:
		r.fail("file", "", ErrCodeWrongTarget, "Phiếu được tạo theo bảng tiêu chí cũ; Khối đã cập nhật bảng tiêu chí. Vui lòng tải phiếu mới từ hệ thống và chép điểm sang.")
	}
	if len(r.errs) > 0 {
		return nil, false
	}
	if !r.b.hasSheet(SheetScores) {
		r.fail("file", "", ErrCodeLayout, "Không tìm thấy trang %q trong tệp: trang đã bị đổi tên hoặc xóa. Vui lòng giữ nguyên tên trang như phiếu gốc và gửi lại.", SheetScores)
		return nil, false
	}
	if !r.checkRowMap(out) {
		return nil, false
	}
	return out, true
}

// checkRowMap checks the hidden sheet's map of rows against the stored
// criteria: the criteria expected are those of the stored version; the
// sheet only says where each stands. A line missing, named twice, named
// with another kind or unknown, or two lines on one row, is a workbook
// edited by hand, and reading it would give a wrong total.
func (r *reader) checkRowMap(rows []metaRow) bool {
	lines := map[string]domain.Line{}
	for _, l := range r.exp.Criteria.Lines() {
		lines[l.Code] = l
	}
	kinds := map[string]string{rowCriterion: domain.LineCriterion, rowBonus: domain.LineBonus, rowDed: domain.LineDeduction}
	names := map[string]string{domain.LineCriterion: "tiêu chí", domain.LineBonus: "điểm thưởng", domain.LineDeduction: "điểm trừ"}
	tamper := func(m metaRow, format string, a ...any) {
		if len(r.errs) >= maxTamperErrors {
			return
		}
		r.fail(SheetMeta, "A"+strconv.Itoa(m.at), ErrCodeTampered, "trang thông tin ẩn của phiếu đã bị sửa: "+format+". Vui lòng tải phiếu mới từ hệ thống và chép điểm sang.", a...)
	}
	seen := map[string]bool{}
	onRow := map[int]string{}
	for _, m := range rows {
		switch m.Kind {
		case rowSection, rowTotal, rowBonusHead, rowDedHead:
			if m.Row <= headerRow || m.Row > maxFormRow {
				tamper(m, "dòng %d không thuộc phiếu", m.Row)
			}
			continue
		}
		kind, ok := kinds[m.Kind]
		if !ok {
			tamper(m, "loại dòng %q không có", m.Kind)
			continue
		}
		l, ok := lines[m.Code]
		switch {
		case !ok:
			tamper(m, "mục %q không có trong bảng tiêu chí của Khối", m.Code)
		case l.Kind != kind:
			tamper(m, "mục %s là %s nhưng được ghi là %s", m.Code, names[l.Kind], names[kind])
		case seen[m.Code]:
			tamper(m, "mục %s được ghi hai lần", m.Code)
		case m.Row <= headerRow || m.Row > maxFormRow:
			tamper(m, "mục %s được ghi ở dòng %d, ngoài phiếu", m.Code, m.Row)
		case onRow[m.Row] != "":
			tamper(m, "mục %s và mục %s cùng ghi ở dòng %d", onRow[m.Row], m.Code, m.Row)
		default:
			seen[m.Code] = true
			onRow[m.Row] = m.Code
		}
	}
	for _, l := range r.exp.Criteria.Lines() {
		if !seen[l.Code] && len(r.errs) < maxTamperErrors {
			r.fail(SheetMeta, "", ErrCodeTampered, "trang thông tin ẩn của phiếu đã bị sửa: thiếu %s %s (%s). Vui lòng tải phiếu mới từ hệ thống và chép điểm sang.", names[l.Kind], l.Code, l.Text)
		}
	}
	return len(r.errs) == 0
}

// maxTamperErrors keeps the answer to a badly edited hidden sheet readable.
const maxTamperErrors = 20

// maxFormRow is the last row a scoring form may use: DefaultLimits.MaxRow,
// which domain.MaxCriteriaLines keeps our own forms within.
const maxFormRow = 1000

func at(row []string, i int) string {
	if i < len(row) {
		return strings.TrimSpace(row[i])
	}
	return ""
}

// scores reads every mark of the scoring sheet at the rows the metadata
// names, checking that each row still holds its criterion.
func (r *reader) scores(rows []metaRow) []domain.Score {
	lines := map[string]domain.Line{}
	for _, l := range r.exp.Criteria.Lines() {
		lines[l.Code] = l
	}
	// Where each code stands now, to tell a moved criterion from a missing
	// one; read only when a row does not hold its criterion.
	var where map[string]int
	locate := func(code string) (int, bool) {
		if where == nil {
			where = map[string]int{}
			rows := r.b.rows(r.b.sheet(SheetScores))
			for i, row := range rows {
				if len(row) == 0 {
					continue
				}
				if v := strings.TrimSpace(row[0]); v != "" {
					if _, dup := where[v]; !dup {
						where[v] = i + 1
					}
				}
			}
		}
		at, ok := where[code]
		return at, ok
	}
	var out []domain.Score
	sums := map[string]domain.Decimal{}
	heads := map[string]int{}
	for _, m := range rows {
		switch m.Kind {
		case rowBonusHead:
			heads[rowBonus] = m.Row
			continue
		case rowDedHead:
			heads[rowDed] = m.Row
			continue
		case rowCriterion, rowBonus, rowDed:
		default:
			continue
		}
		l := lines[m.Code] // checkRowMap made sure it is there
		codeCell := colCode + strconv.Itoa(m.Row)
		got := r.b.value(r.b.cell(SheetScores, codeCell))
		if strings.TrimSpace(got) != m.Code {
			if at, ok := locate(m.Code); ok {
				r.fail(SheetScores, codeCell, "criterion_moved", "tiêu chí %s phải ở dòng %d nhưng đang ở dòng %d; thứ tự các tiêu chí đã bị thay đổi. Vui lòng dùng phiếu gốc, không chèn, xóa hay sắp xếp lại dòng.", m.Code, m.Row, at)
			} else {
				r.fail(SheetScores, codeCell, "criterion_missing", "thiếu tiêu chí %s (%s). Vui lòng dùng phiếu gốc, không xóa dòng.", m.Code, l.Text)
			}
			continue
		}
		cell := colSelf + strconv.Itoa(m.Row)
		v, state := r.mark(cell, l)
		sc := domain.Score{Code: m.Code, Remark: r.remark(colRemark + strconv.Itoa(m.Row))}
		if state == markOK {
			sc.Self = &v
			sums[m.Kind] += v
		} else if state == markEmpty && m.Kind == rowCriterion {
			r.fail(SheetScores, cell, "score_missing", "chưa nhập điểm tự chấm cho tiêu chí %s", m.Code)
		}
		out = append(out, sc)
	}
	cs := r.exp.Criteria
	headCell := func(kind string) string {
		if heads[kind] == 0 {
			return ""
		}
		return colSelf + strconv.Itoa(heads[kind])
	}
	if cs.BonusCap > 0 && sums[rowBonus] > cs.BonusCap {
		r.fail(SheetScores, headCell(rowBonus), "bonus_above_cap", "điểm thưởng cộng lại %s vượt mức tối đa %s", domain.FormatDecimal(sums[rowBonus]), domain.FormatDecimal(cs.BonusCap))
	}
	if cs.DeductionCap > 0 && sums[rowDed] > cs.DeductionCap {
		r.fail(SheetScores, headCell(rowDed), "deduction_above_cap", "điểm trừ cộng lại %s vượt mức tối đa %s", domain.FormatDecimal(sums[rowDed]), domain.FormatDecimal(cs.DeductionCap))
	}
	return out
}

// States of a score cell.
const (
	markEmpty = iota
	markOK
	markInvalid // reported already
)

// mark reads a score cell: a number, or text such as "2,5"; a formula is
// refused (its cached result is not trusted).
func (r *reader) mark(cell string, l domain.Line) (domain.Decimal, int) {
	c := r.b.cell(SheetScores, cell)
	if c != nil && c.formula != nil {
		r.fail(SheetScores, cell, "score_formula", "không dùng công thức%s trong ô điểm; hãy nhập số", r.b.formulaShown(SheetScores, c))
		return 0, markInvalid
	}
	raw := strings.TrimSpace(r.b.numeric(c))
	if raw == "" {
		return 0, markEmpty
	}
	v, why := parseNumber(raw)
	switch why {
	case numberOK:
	case numberTooPrecise:
		r.fail(SheetScores, cell, "score_step", "điểm %s không phải bội số của %s (điểm chấm theo bước %s)", shown(raw), domain.FormatDecimal(l.StepOrDefault()), domain.FormatDecimal(l.StepOrDefault()))
		return 0, markInvalid
	case numberTooLarge:
		r.fail(SheetScores, cell, "score_above_max", "điểm %s vượt điểm chuẩn %s", shown(raw), domain.FormatDecimal(l.Max))
		return 0, markInvalid
	default:
		r.fail(SheetScores, cell, "score_not_number", "%q không phải là số", raw)
		return 0, markInvalid
	}
	if fe, bad := domain.CheckMark(l.Criterion, v); bad {
		r.fail(SheetScores, cell, fe.Code, "%s", fe.Message)
		return 0, markInvalid
	}
	return v, markOK
}

// Why a cell's value is not a number we take.
const (
	numberOK = iota
	numberNotNumber
	numberTooPrecise // more than three decimals
	numberTooLarge   // beyond domain.MaxDecimal
)

// parseNumber reads a cell's raw value exactly: "2.5", "2,5", "1.234,5";
// a binary float such as 2.4999999999999996 is taken at 3 decimals.
func parseNumber(raw string) (domain.Decimal, int) {
	d, err := domain.ParseDecimal(raw)
	switch {
	case err == nil:
		return d, numberOK
	case errors.Is(err, domain.ErrDecimalRange):
		return 0, numberTooLarge
	}
	f, err := strconv.ParseFloat(raw, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, numberNotNumber
	case math.Abs(f) > domain.MaxDecimal.Float():
		return 0, numberTooLarge
	}
	m := math.Round(f * domain.DecimalScale)
	if math.Abs(f*domain.DecimalScale-m) > 1e-6*math.Max(1, math.Abs(m)) {
		return 0, numberTooPrecise
	}
	return domain.Decimal(int64(m)), numberOK
}

// shown writes a raw number the Vietnamese way for a message: 1,0001.
func shown(raw string) string {
	if f, err := strconv.ParseFloat(raw, 64); err == nil && !strings.ContainsAny(raw, "eE,") {
		_ = f
		return strings.Replace(raw, ".", ",", 1)
	}
	return raw
}

// remark reads a remark cell and checks that documents can print it.
func (r *reader) remark(cell string) string {
	s := vn.Clean(lineEnds.Replace(r.text(SheetScores, cell)))
	if ch, bad := vn.FirstUnprintable(s); bad {
		r.fail(SheetScores, cell, "unprintable_character", "%s", vn.LowerFirst(vn.UnprintableMessage(ch)))
		return ""
	}
	if n := utf8.RuneCountInString(s); n > maxRemark {
		r.fail(SheetScores, cell, "text_too_long", "giải trình dài %s ký tự, vượt mức %s ký tự", vn.GroupInt(int64(n)), vn.GroupInt(maxRemark))
		return ""
	}
	return s
}

// lineEnds writes every line break of a cell as Excel's own (Alt+Enter),
// "\n": text pasted from Windows arrives as "\r\n" (stored _x000D_).
var lineEnds = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// maxRemark bounds a remark, in characters (domain.Score's maxlen).
const maxRemark = 4000

// text reads a text cell as the board meant it: a formula-looking entry
// ("=…", "+…", "-…", "@…") is kept as its text; legacy TCVN3 and VNI text
// is converted by the cell's font; the result is NFC.
func (r *reader) text(sheet, cell string) string {
	c := r.b.cell(sheet, cell)
	if c == nil {
		return ""
	}
	if c.formula != nil {
		if c.formula.text != "" {
			return vn.NFC("=" + c.formula.text)
		}
		return strings.TrimSpace(vn.NFC(c.v)) // a copy of another cell's formula: what it showed
	}
	cellFont := r.b.font(c)
	// Rich text: each run in its own font (a run without one uses the cell's).
	if runs := r.b.runs(c); len(runs) > 0 {
		var b strings.Builder
		for _, run := range runs {
			b.WriteString(vn.FromLegacy(run.text, cmp.Or(run.font, cellFont)))
		}
		return strings.TrimSpace(vn.NFC(b.String()))
	}
	return strings.TrimSpace(vn.FromLegacy(r.b.value(c), cellFont))
}

// indicators reads the "Chỉ tiêu" sheet; an empty cell is "not reported".
func (r *reader) indicators() *domain.Indicators {
	if !r.b.hasSheet(SheetIndicators) {
		return nil
	}
	ind := &domain.Indicators{Unit: r.exp.Unit, Year: r.exp.Year, Period: domain.PeriodYear}
	for i, ir := range indicatorRows {
		cell := "D" + strconv.Itoa(indicatorFirstRow+i)
		c := r.b.cell(SheetIndicators, cell)
		if c != nil && c.formula != nil {
			r.fail(SheetIndicators, cell, "indicator_formula", "không dùng công thức trong ô chỉ tiêu; hãy nhập số")
			continue
		}
		raw := strings.TrimSpace(r.b.numeric(c))
		if raw == "" {
			continue
		}
		v, why := parseNumber(raw)
		switch {
		case why == numberTooPrecise:
			r.fail(SheetIndicators, cell, "indicator_precision", "%s: %s có quá 3 chữ số thập phân", ir.label, shown(raw))
			continue
		case why == numberTooLarge:
			r.fail(SheetIndicators, cell, "indicator_too_large", "%s: %s lớn quá mức có thể có", ir.label, shown(raw))
			continue
		case why != numberOK:
			r.fail(SheetIndicators, cell, "indicator_not_number", "%s: %q không phải là số", ir.label, raw)
			continue
		case v < 0:
			r.fail(SheetIndicators, cell, "indicator_negative", "%s không được là số âm", ir.label)
			continue
		case ir.integer && v%domain.DecimalScale != 0:
			r.fail(SheetIndicators, cell, "indicator_not_integer", "%s phải là số nguyên", ir.label)
			continue
		}
		setIndicator(ind, ir.key, v)
	}
	return ind
}

func setIndicator(ind *domain.Indicators, key string, v domain.Decimal) {
	if f, ok := ind.Field(key); ok {
		f.Set(v)
	}
}
