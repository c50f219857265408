package docx

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/document"
)

func TestFitJoined(t *testing.T) {
	w := &writer{} // measures half an em a character
	for _, c := range []struct {
		in    string
		width float64
		want  string
	}{
		{"BQL KKT, CN TỈNH\u00a0THỪA\u00a0THIÊN\u00a0HUẾ", 40, "BQL KKT, CN TỈNH THỪA\u00a0THIÊN\u00a0HUẾ"},
		{"BQL KKT, CN TỈNH\u00a0THỪA\u00a0THIÊN\u00a0HUẾ", 50, "BQL KKT, CN TỈNH\u00a0THỪA\u00a0THIÊN\u00a0HUẾ"},
		{"BQL KKT TỈNH\u00a0GIA\u00a0LAI", 10, "BQL KKT TỈNH GIA LAI"},
		{"không có tên riêng", 5, "không có tên riêng"},
	} {
		if got := w.fitJoined(c.in, "B", 13, c.width); got != c.want {
			t.Errorf("fitJoined(%q, %v) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// A signer's lines are broken where the PDF breaks them, balanced, not
// greedily as Word would: no one-word line between two long ones.
func TestBalancedSigner(t *testing.T) {
	w := &writer{} // measures half an em a character
	nb := "BQL CÁC KKT VÀ KCN TỈNH\u00a0QUẢNG\u00a0NAM"
	for _, c := range []struct {
		in    string
		width float64
		want  string
	}{
		// greedy at 40 mm: "BQL CÁC KKT VÀ" / "KCN" / "TỈNH QUẢNG NAM"
		{nb, 40, "BQL CÁC\nKKT VÀ KCN\nTỈNH\u00a0QUẢNG\u00a0NAM"},
		{nb, 200, nb}, // one line: as it is
		{"BQL KKT\nTỈNH GIA LAI", 20, "BQL KKT\nTỈNH GIA LAI"}, // broken by the author
	} {
		if got := w.balanced(c.in, "B", 13, c.width); got != c.want {
			t.Errorf("balanced(%q, %v) = %q, want %q", c.in, c.width, got, c.want)
		}
	}
}

// A table's rows keep together as the PDF's do: the header with the first
// two rows, and — without a totals row — the last row with the one before
// it, so that Word never leaves one row alone under a repeated header
// (LibreOffice did with the Bắc Trung Bộ 2023 minutes' ranking).
func TestTableRowsKeptTogether(t *testing.T) {
	cell := func(s string) document.Cell { return document.Cell{Runs: []document.Run{{Text: s}}} }
	for _, totals := range []int{0, 1} {
		tb := document.Table{Widths: []float64{10, 50}, Header: [][]document.Cell{{cell("STT"), cell("Đơn vị")}}, TotalsRows: totals}
		for i := range 6 {
			tb.Rows = append(tb.Rows, []document.Cell{cell(strconv.Itoa(i + 1)), cell("Ban " + strconv.Itoa(i+1))})
		}
		w := &writer{}
		w.table(tb, false)
		rows := strings.Split(w.b.String(), "<w:tr>")[2:] // after the grid and the header
		var kept []int
		for i, r := range rows {
			if strings.Contains(r, "<w:keepNext/>") {
				kept = append(kept, i)
			}
		}
		// rows 0 and 1 with the header; then the last two rows together
		// (row 4 with row 5), the totals row being row 5 when there is one
		if want := []int{0, 1, 4}; !slices.Equal(kept, want) {
			t.Errorf("totals %d: rows kept with the next %v, want %v", totals, kept, want)
		}
	}
}

// As the PDF: a one-line closing paragraph does not carry the signatures
// to a page of their own — the paragraph before keeps with it (Bắc Trung
// Bộ 2023's minutes ended with the signatures alone on page 3 in
// LibreOffice); a table before such a closing keeps its last rows with it.
func TestShortClosingKeepsTheBodyWithTheSignatures(t *testing.T) {
	para := func(s string) document.Paragraph { return document.Paragraph{Runs: []document.Run{{Text: s}}} }
	sign := document.Signatures{Signers: []document.Signer{{Title: "CHỦ TRÌ", Name: "Lê Tiến Trị"}}}
	long := strings.Repeat("Hội nghị thống nhất đề nghị khen thưởng các đơn vị nêu trên. ", 4)
	for _, c := range []struct {
		closing string
		keep    bool
	}{{"Hội nghị kết thúc lúc 11 giờ cùng ngày.", true}, {long, false}} {
		w := &writer{page: document.Page{BodySize: 14, Margins: document.Margins{Left: 30, Right: 15}}}
		w.block(para(long), para(c.closing), sign)
		if got := strings.Contains(w.b.String(), "<w:keepNext/>"); got != c.keep {
			t.Errorf("closing of %d characters: body kept with it %v, want %v", len(c.closing), got, c.keep)
		}
	}
	w := &writer{page: document.Page{BodySize: 14, Margins: document.Margins{Left: 30, Right: 15}}}
	cell := func(s string) document.Cell { return document.Cell{Runs: []document.Run{{Text: s}}} }
	tb := document.Table{Widths: []float64{10, 50}, Header: [][]document.Cell{{cell("STT"), cell("Đơn vị")}}}
	for i := range 6 {
		tb.Rows = append(tb.Rows, []document.Cell{cell(strconv.Itoa(i + 1)), cell("Ban")})
	}
	w.block(tb, para("Bảng gồm 06 đơn vị."), sign)
	rows := strings.Split(w.b.String(), "<w:tr>")
	if last := rows[len(rows)-1]; !strings.Contains(last, "<w:keepNext/>") {
		t.Error("the table's last row does not keep with the closing line")
	}
}
