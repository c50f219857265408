package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/fonts"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/pdftest"
)

var testFonts = func() *FontSet {
	fs, err := LoadFonts("")
	if err != nil {
		panic(err)
	}
	return fs
}()

func render(t testing.TB, src string, opt Options) ([]byte, []string, error) {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(testFonts, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r.Render(doc)
}

const head = `@parent BỘ KẾ HOẠCH VÀ ĐẦU TƯ
@issuer KHỐI THI ĐUA CÁC BQL KCN, KKT
@number Số: 05/BC-KTĐ
@place Quảng Ngãi
@date 2023-12-28
@kind BÁO CÁO
@subject Thử nghiệm
`

// padded is the test head followed by fill one-line paragraphs, to bring
// what comes next down the page.
func padded(fill int) *strings.Builder {
	var b strings.Builder
	b.WriteString(head)
	for i := 0; i < fill; i++ {
		fmt.Fprintf(&b, "@pn Dòng đệm số %d.\n", i)
	}
	return &b
}

// wordPages renders src and says on which page each word is (the last
// page it appears on).
func wordPages(t *testing.T, src string) map[string]int {
	t.Helper()
	pdf, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	page := map[string]int{}
	for _, w := range pdftest.Words(t, pdf) {
		page[w.Text] = w.Page
	}
	return page
}

// vietnamese is the 134 precomposed Vietnamese letters: 67 lower case, 67
// upper case.
func vietnamese() (lower, upper string) {
	lower = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
	return lower, strings.ToUpper(lower)
}

func TestVietnameseLettersAllStyles(t *testing.T) {
	pdftest.Need(t)
	lower, upper := vietnamese()
	if n := len([]rune(lower + upper)); n != 134 {
		t.Fatalf("%d letters, want 134", n)
	}
	var src strings.Builder
	src.WriteString(head)
	for _, st := range []struct{ open, close string }{{"", ""}, {"**", "**"}, {"__", "__"}, {"**__", "__**"}} {
		for _, s := range []string{lower, upper} {
			// NFD input must come out NFC.
			fmt.Fprintf(&src, "@pl %s%s%s\n", st.open, norm.NFD.String(s), st.close)
		}
	}
	pdf, _, err := render(t, src.String(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(pdftest.Text(t, pdf), "\n", "") // long words wrap by character
	for _, s := range []string{lower, upper} {
		if n := strings.Count(text, s); n != 4 {
			t.Errorf("%q found %d times in the text, want 4 (one per style):\n%s", s, n, text)
		}
	}
	if strings.ContainsRune(text, '\uFFFD') || !norm.NFC.IsNormalString(text) {
		t.Error("text is not clean NFC")
	}
	fonts := pdftest.Fonts(t, pdf)
	if len(fonts) != 4 {
		t.Errorf("fonts %+v, want the four styles", fonts)
	}
	for _, f := range fonts {
		if !f.Embedded {
			t.Errorf("font %s not embedded", f.Name)
		}
	}
	// The four full TTFs are 1,5 MB; a subset of ~150 glyphs each is far smaller.
	if len(pdf) > 150_000 {
		t.Errorf("PDF is %d bytes: fonts are not subset", len(pdf))
	}
}

func TestMissingGlyph(t *testing.T) {
	src := head + "@p Chữ Hán 中 trong đoạn văn.\n"
	_, _, err := render(t, src, Options{Strict: true})
	var mg *MissingGlyphError
	if !errors.As(err, &mg) || mg.Rune != '中' || !strings.Contains(err.Error(), "U+4E2D") || !strings.Contains(err.Error(), "Chữ Hán") {
		t.Fatalf("err = %v", err)
	}
	// By default the document still renders, with a visible mark.
	pdf, subs, err := render(t, src, Options{})
	if err != nil || len(subs) != 1 || !strings.Contains(subs[0], "U+4E2D") || len(pdf) == 0 {
		t.Fatalf("substitute: %v %v", subs, err)
	}
	pdftest.Need(t)
	if txt := pdftest.Text(t, pdf); !strings.Contains(txt, "Chữ Hán [U+4E2D] trong") {
		t.Errorf("no visible mark: %q", txt)
	}
	// Emoji are outside the font too.
	if _, _, err := render(t, head+"@p 👍\n", Options{Strict: true}); !errors.As(err, &mg) {
		t.Fatalf("emoji: %v", err)
	}
}

func checkLayout(t *testing.T, pdf []byte, m Margins) int {
	t.Helper()
	return pdftest.CheckLayout(t, pdf, m.Top, m.Bottom, m.Left, m.Right)
}

// longTable is a report with a 40-row table whose rows wrap over lines.
func longTable() string {
	var b strings.Builder
	b.WriteString(head)
	b.WriteString("@p Bảng dài kiểm tra ngắt trang.\n@table widths=8,60,20,20 align=C,L,R,R size=12 totals=1\n")
	b.WriteString("@hr | {rs=2} STT | {rs=2} Tên đơn vị | {cs=2} Kết quả |\n@hr | Điểm | Xếp hạng |\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "@tr | %d | Hàng%02d Ban Quản lý các khu công nghiệp và khu kinh tế số %d của tỉnh có tên khá dài | %d,5 | %d |\n", i, i, i, 90+i%10, i)
	}
	b.WriteString("@tr | {cs=2} Tổng cộng | 100 | |\n@endtable\n")
	b.WriteString("@p Đoạn cuối trước chữ ký.\n@signers\n@signer TM. KHỐI THI ĐUA | KHỐI TRƯỞNG | Nguyễn Văn A\n@recipient - Lưu: VT.\n@endsigners\n")
	return b.String()
}

func TestTableHeaderRepeatsAndRowsStayWhole(t *testing.T) {
	pdftest.Need(t)
	m := Margins{Top: 20, Bottom: 20, Left: 30, Right: 15}
	pdf, _, err := render(t, longTable(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pages := checkLayout(t, pdf, m)
	if pages < 3 {
		t.Fatalf("table of 40 wrapped rows on %d pages; want it to span pages", pages)
	}
	words := pdftest.Words(t, pdf)
	rowPage := map[string]int{}
	headerOn := map[int]bool{}
	lastRowOn := map[int]bool{}
	for _, w := range words {
		if w.Text == "Kết" {
			headerOn[w.Page] = true
		}
		if strings.HasPrefix(w.Text, "Hàng") {
			rowPage[w.Text] = w.Page
			lastRowOn[w.Page] = true
		}
	}
	if len(rowPage) != 40 {
		t.Fatalf("found %d rows", len(rowPage))
	}
	for p := range lastRowOn {
		if !headerOn[p] {
			t.Errorf("page %d has rows but no header", p)
		}
	}
	// A row is whole when its last line ("dài") is on the page of its first.
	page := 0
	for _, w := range words {
		switch {
		case strings.HasPrefix(w.Text, "Hàng"):
			page = w.Page
		case w.Text == "dài" && page != 0:
			if w.Page != page {
				t.Errorf("a row split across pages %d and %d", page, w.Page)
			}
		}
	}
	// The signature stays with the last paragraph.
	var lastPara, signer int
	for _, w := range words {
		if w.Text == "cuối" {
			lastPara = w.Page
		}
		if w.Text == "TRƯỞNG" {
			signer = w.Page
		}
	}
	if lastPara != signer {
		t.Errorf("signature on page %d, last paragraph on %d", signer, lastPara)
	}
}

func TestLandscapeAndOptions(t *testing.T) {
	pdftest.Need(t)
	pdf, _, err := render(t, "@landscape\n"+head+"@p Khổ ngang.\n@portrait\n@p Khổ dọc.\n", Options{Margins: Margins{Top: 25, Bottom: 25, Left: 35, Right: 20}})
	if err != nil {
		t.Fatal(err)
	}
	words := pdftest.Words(t, pdf)
	if words[0].PageW < words[0].PageH {
		t.Error("first page is not landscape")
	}
	last := words[len(words)-1]
	if last.PageW > last.PageH || last.Page != 2 {
		t.Errorf("second page: %+v", last)
	}
	checkLayout(t, pdf, Margins{Top: 25, Bottom: 25, Left: 35, Right: 20})
	for _, bad := range []Options{{Margins: Margins{Top: 10, Bottom: 20, Left: 30, Right: 15}}, {BodySize: 11}, {LineSpacing: 2}} {
		if _, err := New(testFonts, bad); err == nil {
			t.Errorf("options %+v accepted", bad)
		}
	}
}

func TestSharedFontsAreSafeAndDeterministic(t *testing.T) {
	if !testFonts.Shared() {
		t.Fatal("fonts are parsed per document: the shared path failed")
	}
	src := longTable()
	first, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b, _, err := render(t, src, Options{})
			if err != nil || !bytes.Equal(b, first) {
				t.Error("concurrent render differs", err)
			}
		}()
	}
	wg.Wait()
	// A document that uses few glyphs must not carry the glyphs of another.
	small, _, err := render(t, head+"@p A\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(small) >= len(first) {
		t.Errorf("small document %d bytes >= long one %d", len(small), len(first))
	}
}

func TestOtherFontsFromDirectory(t *testing.T) {
	if _, err := LoadFonts(t.TempDir()); err == nil {
		t.Fatal("an empty font folder was accepted")
	}
}

func TestRepertoireCut(t *testing.T) {
	for _, r := range []rune{'a', 'Đ', 'ự', 'Ỹ', '“', '–', '€', '№', '≤', 'α', '●'} {
		if !testFonts.Has(r) {
			t.Errorf("%q (U+%04X) lost by the cut", r, r)
		}
	}
	for _, r := range []rune{'Ж', '中'} {
		if testFonts.Has(r) {
			t.Errorf("%q outside the repertoire still drawable", r)
		}
	}
}

// TestHeadingKeptWithItsText fills a page so that a heading would fall at
// its foot, and checks that the heading moved to the next page with its
// paragraph.
func TestHeadingKeptWithItsText(t *testing.T) {
	pdftest.Need(t)
	for fill := 20; fill <= 32; fill++ {
		b := padded(fill)
		b.WriteString("@h2 2. Đềmục kiểmtra\n@p Đoạnvăn theosau đềmục, đủ dài để chiếm hai dòng trên trang giấy khổ A4 theo đúng thể thức văn bản hành chính.\n")
		page := wordPages(t, b.String())
		if page["Đềmục"] == 0 || page["Đềmục"] != page["Đoạnvăn"] {
			t.Errorf("fill %d: heading on page %d, its text on page %d", fill, page["Đềmục"], page["Đoạnvăn"])
		}
	}
	// A heading right before another ("III." then "1.") goes over with it
	// and with the text under both.
	for fill := 20; fill <= 32; fill++ {
		b := padded(fill)
		b.WriteString("@h1 III. ĐềmụcLớn\n@h2 1. Đềmụcnhỏ\n@p Đoạnsau hai đềmục, đủ dài để chiếm hai dòng trên trang giấy khổ A4 theo đúng thể thức văn bản hành chính.\n")
		page := wordPages(t, b.String())
		if page["ĐềmụcLớn"] == 0 || page["ĐềmụcLớn"] != page["Đềmụcnhỏ"] || page["Đềmụcnhỏ"] != page["Đoạnsau"] {
			t.Errorf("fill %d: headings on pages %d and %d, their text on %d", fill, page["ĐềmụcLớn"], page["Đềmụcnhỏ"], page["Đoạnsau"])
		}
	}
}

func TestFontsFromDirectory(t *testing.T) {
	dir := t.TempDir()
	for st, name := range map[string]string{"": "Regular.ttf", "B": "Bold.ttf", "I": "Italic.ttf", "BI": "BoldItalic.ttf"} {
		b, err := fs.ReadFile(fonts.FS, fonts.Files[st])
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, name), b, 0o644)
	}
	set, err := LoadFonts(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := New(set, Options{})
	doc, _ := document.Parse(head + "@p Phông từ thư mục.\n")
	if _, _, err := r.Render(doc); err != nil {
		t.Fatal(err)
	}
}

// TestParagraphGeometry checks the body text against Decree 30: 14 pt,
// first line indented 1,27 cm, the following lines at the left margin,
// justified to the right margin.
func TestParagraphGeometry(t *testing.T) {
	pdftest.Need(t)
	text := strings.Repeat("Các đơn vị trong Khối thi đua đã phấn đấu hoàn thành tốt nhiệm vụ được giao. ", 4)
	pdf, _, err := render(t, head+"@p Mởđầu "+text+"\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	words := pdftest.Words(t, pdf)
	var first pdftest.Word
	lines := map[float64][]pdftest.Word{}
	for _, w := range words {
		if w.Text == "Mởđầu" {
			first = w
		}
		if first.Text != "" && w.YMin >= first.YMin-1 {
			lines[float64(int(w.YMin))] = append(lines[float64(int(w.YMin))], w)
		}
	}
	if x := mm(first.XMin); x < 30+12.7-0.3 || x > 30+12.7+0.3 {
		t.Errorf("first line starts at %.2f mm, want %.2f", x, 30+12.7)
	}
	if h := mm(first.YMax - first.YMin); h < 4.5 || h > 6.0 { // 14 pt glyph box
		t.Errorf("glyph height %.2f mm: not 14 pt", h)
	}
	full := 0
	for _, ws := range lines {
		left, right := ws[0], ws[0]
		for _, w := range ws {
			if w.XMin < left.XMin {
				left = w
			}
			if w.XMax > right.XMax {
				right = w
			}
		}
		if left.Text != "Mởđầu" && (mm(left.XMin) < 29.7 || mm(left.XMin) > 30.3) {
			t.Errorf("a following line starts at %.2f mm", mm(left.XMin))
		}
		if r := mm(right.PageW - right.XMax); r > 14.7 && r < 15.3 {
			full++
		}
	}
	if full < 2 {
		t.Errorf("only %d lines reach the right margin: not justified", full)
	}
}

func mm(pt float64) float64 { return pt * 25.4 / 72 }

// Tables break cleanly wherever they fall on a page: never fewer than
// three rows under the header at a page's foot, the last row never alone
// under a repeated header, the totals row with the row before it. Tables of
// several lengths are placed after fillers of several lengths, so that the
// breaks fall everywhere.
func TestTableBreaksClean(t *testing.T) {
	pdftest.Need(t)
	for _, n := range []int{4, 9, 17} {
		for fill := 0; fill <= 14; fill++ {
			var b strings.Builder
			b.WriteString(head)
			for i := 0; i < fill; i++ {
				b.WriteString("@p Đoạn văn đệm để đẩy bảng xuống cuối trang, dài đủ hai dòng trên khổ giấy A4 với lề theo Nghị định 30 của Chính phủ về công tác văn thư.\n")
			}
			b.WriteString("@table widths=8,60,20,20 align=C,L,R,R size=12 totals=1\n@hr | STT | Tên đơn vị | Điểm | Xếp hạng |\n")
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&b, "@tr | %d | Hàng%02d Ban Quản lý các khu công nghiệp tỉnh có tên dài | %d,5 | %d |\n", i, i, 90+i%10, i)
			}
			b.WriteString("@tr | {cs=2} Tổngcộng | 100 | |\n@endtable\n")
			pdf, _, err := render(t, b.String(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			rowsOn := map[int]map[string]bool{}
			page := map[string]int{}
			tablePage := 0
			for _, w := range pdftest.Words(t, pdf) {
				if strings.HasPrefix(w.Text, "Hàng") || w.Text == "Tổngcộng" {
					if rowsOn[w.Page] == nil {
						rowsOn[w.Page] = map[string]bool{}
					}
					rowsOn[w.Page][w.Text] = true
					page[w.Text] = w.Page
					if tablePage == 0 || w.Page < tablePage {
						tablePage = w.Page
					}
				}
			}
			last := fmt.Sprintf("Hàng%02d", n)
			if got := len(rowsOn[tablePage]) - btoi(rowsOn[tablePage]["Tổngcộng"]); got < min(3, n) {
				t.Errorf("%d rows after %d paragraphs: the table starts with %d rows at a page's foot", n, fill, got)
			}
			if p := page[last]; len(rowsOn[p])-btoi(rowsOn[p]["Tổngcộng"]) == 1 && p != tablePage {
				t.Errorf("%d rows after %d paragraphs: the last row stands alone on page %d", n, fill, p)
			}
			if page["Tổngcộng"] != page[last] {
				t.Errorf("%d rows after %d paragraphs: the totals row on page %d, the row before on %d", n, fill, page["Tổngcộng"], page[last])
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Decimals line up on the comma: a whole number stands left of the
// decimal numbers' right edge by the width of their decimal part.
func TestDecimalsAlignOnTheComma(t *testing.T) {
	pdftest.Need(t)
	src := head + "@table widths=10,30 align=L,R size=12\n@hr | Đơn vị | Vốn |\n@tr | A | 258,3 |\n@tr | B | 1.370 |\n@tr | C | 1.709,2 |\n@endtable\n"
	pdf, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := map[string]float64{}
	for _, w := range pdftest.Words(t, pdf) {
		x[w.Text] = w.XMax
	}
	if x["258,3"] != x["1.709,2"] {
		t.Errorf("decimal numbers end at %.1f and %.1f", x["258,3"], x["1.709,2"])
	}
	if d := x["258,3"] - x["1.370"]; d < 3 || d > 9 {
		t.Errorf("the whole number ends %.1f pt left of the decimals' edge; want the width of \",3\"", d)
	}
}

// A document that asks to fit on one page is set tighter when, and only
// when, that brings it to one page; otherwise it is the normal setting,
// byte for byte.
func TestFitPages(t *testing.T) {
	pdftest.Need(t)
	tightFits, spills := 0, 0
	for fill := 10; fill <= 30; fill++ {
		b := padded(fill)
		b.WriteString("@signers\n@signer TM. KHỐI THI ĐUA | KHỐI TRƯỞNG | Nguyễn Văn An\n@recipient - Như trên;\n@endsigners\n")
		normal, _, err := render(t, b.String(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		tight, _, err := render(t, b.String(), Options{BodySize: 13, LineSpacing: 1.15})
		if err != nil {
			t.Fatal(err)
		}
		fit, _, err := render(t, "@fit 1\n"+b.String(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		n, nt, nf := len(pdftest.Pages(t, normal)), len(pdftest.Pages(t, tight)), len(pdftest.Pages(t, fit))
		switch {
		case n == 1 && !bytes.Equal(fit, normal):
			t.Errorf("fill %d: one page already, yet set differently", fill)
		case n > 1 && nt == 1:
			tightFits++
			if nf != 1 {
				t.Errorf("fill %d: fits on one page when tight, rendered on %d", fill, nf)
			}
		case n > 1 && nt > 1:
			spills++
			if !bytes.Equal(fit, normal) {
				t.Errorf("fill %d: does not fit even tight, yet not the normal setting", fill)
			}
		}
	}
	if tightFits == 0 || spills == 0 {
		t.Errorf("the fills cover %d tightened and %d spilling cases; both must occur", tightFits, spills)
	}
}

// A name kept together (no-break spaces) that is wider than its column
// breaks at its joins, keeping its end whole — "TỈNH" / "THỪA THIÊN HUẾ" —
// never by letters; one that fits stays on one line.
func TestJoinedNameWiderThanItsColumn(t *testing.T) {
	pdftest.Need(t)
	src := head + "@table widths=10,48,107 align=C,C,L size=13\n@hr | STT | Đơn vị | Ghi chú |\n" +
		"@tr | 1 | **BQL KKT, CN " + keep("TỈNH THỪA THIÊN HUẾ") + "** | |\n" +
		"@tr | 2 | **BQL KKT " + keep("TỈNH GIA LAI") + "** | |\n@endtable\n"
	out, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := textLines(t, out)
	text := strings.Join(lines, " / ")
	for _, want := range []string{"/ THỪA THIÊN HUẾ /", "/ TỈNH GIA LAI /"} {
		if !strings.Contains(text+" /", want) {
			t.Errorf("want a line %q: %s", strings.Trim(want, "/ "), text)
		}
	}
	if strings.Contains(text, "HU / Ế") || strings.Contains(text, "THIÊN / HUẾ") {
		t.Errorf("the name is cut: %s", text)
	}
}

// The place-date line stays one line however long the place: set a point
// or two smaller, never with its year alone below ("Bà Rịa - Vũng Tàu,
// ngày … tháng … năm" / "2024" was seen), a date to fill by hand or not.
func TestPlaceDateOneLine(t *testing.T) {
	pdftest.Need(t)
	for _, date := range []string{"", "@date 2024-12-28\n", "@nbsp", "@nbsp@date 2024-12-28\n"} {
		place := "Bà Rịa - Vũng Tàu"
		if strings.HasPrefix(date, "@nbsp") { // the place as the documents keep it together
			date, place = strings.TrimPrefix(date, "@nbsp"), strings.ReplaceAll(place, " ", "\u00a0")
		}
		src := "@parent UBND TỈNH BÀ RỊA - VŨNG TÀU\n@issuer BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP\n@number Số: 05/BC-BQL\n@place " + place + "\n@year 2024\n" + date +
			"@kind BÁO CÁO\n@subject Thử nghiệm\n@p Nội dung.\n"
		pdf, _, err := render(t, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var where, nam []pdftest.Word
		for _, w := range pdftest.Words(t, pdf) {
			switch {
			case strings.HasPrefix(w.Text, "Bà"), strings.HasSuffix(w.Text, "Tàu,"):
				where = append(where, w)
			case w.Text == "2024":
				nam = append(nam, w)
			}
		}
		if len(where) == 0 || len(nam) == 0 {
			t.Fatalf("%q: no place-date line", date)
		}
		for _, p := range where {
			if math.Abs(p.YMin-nam[0].YMin) > 1 {
				t.Errorf("%q: %q and the year on different lines (%.1f against %.1f pt)", date, p.Text, p.YMin, nam[0].YMin)
			}
		}
	}
}

// A place too long for one line even at 12 pt goes on a line of its own,
// the date whole on the next ("Thành phố Hồ Chí Minh," / "ngày … năm
// 2026"), and the title below keeps clear of both.
func TestPlaceDateTwoLines(t *testing.T) {
	pdftest.Need(t)
	src := "@parent BỘ TÀI CHÍNH\n@issuer KHỐI ĐÔNG NAM BỘ\n@number Số: 05/BC-KTĐ\n@place Thành phố Hồ Chí Minh\n@year 2026\n@kind BÁO CÁO\n@subject Thử nghiệm\n@p Nội dung.\n"
	pdf, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	line, bottom := map[string]float64{}, map[string]float64{}
	for _, w := range pdftest.Words(t, pdf) {
		if _, seen := line[w.Text]; !seen {
			line[w.Text], bottom[w.Text] = w.YMin, w.YMax
		}
	}
	for _, w := range []string{"Minh,", "ngày", "2026", "BÁO"} {
		if _, ok := line[w]; !ok {
			t.Fatalf("no %q", w)
		}
	}
	if math.Abs(line["ngày"]-line["2026"]) > 1 {
		t.Errorf("the date split: 'ngày' at %.1f pt, the year at %.1f", line["ngày"], line["2026"])
	}
	if line["ngày"] <= line["Minh,"]+5 {
		t.Errorf("the date not under the place (%.1f, %.1f)", line["ngày"], line["Minh,"])
	}
	if line["BÁO"] < bottom["ngày"]+8 {
		t.Errorf("the title at %.1f pt, too close to the date ending at %.1f", line["BÁO"], bottom["ngày"])
	}
}

// Centred text breaks into balanced lines: a signer of the covenant's grid
// is "BQL CÁC" / "KKT VÀ KCN" / "TỈNH QUẢNG NAM", not "BQL CÁC KKT VÀ" /
// "KCN" / "TỈNH QUẢNG NAM"; a title's subject that wraps does not end on
// one word.
func TestCentredLinesBalanced(t *testing.T) {
	pdftest.Need(t)
	src := head + "@kind BÁO CÁO\n@subject Về việc đề nghị tặng Cờ thi đua, Bằng khen của Bộ trưởng Bộ Kế hoạch và Đầu tư cho các tập thể\n" +
		"@p Nội dung.\n@signers cols=3\n" +
		"@signer BQL CÁC KKT VÀ KCN " + keep("TỈNH QUẢNG NAM") + " | TRƯỞNG BAN | \n" +
		"@signer BQL KKT " + keep("TỈNH GIA LAI") + " | TRƯỞNG BAN | \n" +
		"@signer BQL KKT " + keep("TỈNH KON TUM") + " | TRƯỞNG BAN | \n@endsigners\n"
	out, _, err := render(t, src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	lines := textLines(t, out)
	text := " / " + strings.Join(lines, " / ") + " / "
	for _, want := range []string{" / BQL CÁC / KKT VÀ KCN / TỈNH QUẢNG NAM / "} {
		if !strings.Contains(text, want) {
			t.Errorf("want %q: %s", want, text)
		}
	}
	// The subject's last line holds more than one word.
	for i, l := range lines {
		if strings.HasPrefix(l, "Về việc") && i+1 < len(lines) && len(strings.Fields(lines[i+1])) < 3 {
			t.Errorf("the subject ends on a short line: %q / %q", l, lines[i+1])
		}
	}
}

// textLines are the non-empty lines of a PDF's text, trimmed, with the
// no-break spaces of kept names read as spaces.
func textLines(t *testing.T, pdf []byte) []string {
	var lines []string
	for _, l := range strings.Split(pdftest.Text(t, pdf), "\n") {
		if l = strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " ")); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// keep joins a name's words as the documents keep them together.
func keep(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
