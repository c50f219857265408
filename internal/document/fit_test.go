package document

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/domain"
)

// half an em a character, bold a tenth wider: enough to tell the cases apart.
func testMeasure(style string, size float64, s string) float64 {
	w := float64(len([]rune(s))) * size * 0.5 * 25.4 / 72
	if strings.Contains(style, "B") {
		w *= 1.1
	}
	return w
}

func TestFitColumns(t *testing.T) {
	cell := func(s string) Cell { return Cell{Runs: []Run{{Text: s}}} }
	for _, c := range []struct {
		name   string
		table  Table
		total  float64
		widen  int     // the column that must hold its widest word
		word   string  // that word
		same   bool    // widths stay the model's
		sumMax float64 // widths add up to total
	}{
		{name: "code wider than its column", total: 100,
			table: Table{Widths: []float64{5, 60, 35}, FontSize: 8, Rows: [][]Cell{{cell("1.10"), cell("Nội dung dài của tiêu chí"), cell("3")}}},
			widen: 0, word: "1.10"},
		{name: "header word, bold", total: 100,
			table: Table{Widths: []float64{60, 5, 35}, FontSize: 8, Header: [][]Cell{{cell("Nội dung"), cell("Điểm chuẩn"), cell("X")}}},
			widen: 1, word: "chuẩn"},
		{name: "everything fits", total: 200, same: true,
			table: Table{Widths: []float64{20, 60, 20}, FontSize: 8, Rows: [][]Cell{{cell("1.10"), cell("Nội dung"), cell("3")}}}},
		{name: "a province keeps the name after its dash", total: 100,
			table: Table{Widths: []float64{5, 95}, FontSize: 8, Rows: [][]Cell{{cell("Bà\u00a0Rịa\u00a0-\u00a0Vũng\u00a0Tàu"), cell("x")}}},
			widen: 0, word: "Vũng\u00a0Tàu"},
		{name: "a cell spanning rows keeps its columns in the header", total: 100,
			table: Table{Widths: []float64{8, 57, 35}, FontSize: 8,
				Header: [][]Cell{{Cell{Runs: []Run{{Text: "Mã"}}, RowSpan: 2}, Cell{Runs: []Run{{Text: "Nội dung"}}, ColSpan: 2}}, {cell("Khối chấm"), cell("Tự")}}},
			same: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.table.FitColumns(c.total, 2.4, testMeasure)
			var sum float64
			for _, w := range got {
				sum += w
			}
			if math.Abs(sum-c.total) > 1e-6 {
				t.Errorf("widths %v add up to %.2f, not %.2f", got, sum, c.total)
			}
			model := c.table.FitColumns(c.total, 2.4, nil)
			if c.same {
				if fmt.Sprint(got) != fmt.Sprint(model) {
					t.Errorf("widths %v, want the model's %v", got, model)
				}
				return
			}
			need := testMeasure("B", 8, c.word) + 2.4
			if c.table.Header == nil {
				need = testMeasure("", 8, c.word) + 2.4
			}
			if got[c.widen] < need {
				t.Errorf("column %d is %.2f mm, %q needs %.2f", c.widen, got[c.widen], c.word, need)
			}
		})
	}
}

// A bloc too large for one page's width gets its criteria matrix in parts
// of balanced size, each repeating the criteria; members without marks
// have no column, and the sentence under the table names them.
func TestDetailTableInParts(t *testing.T) {
	cs := &domain.CriteriaSet{Total: domain.Dec(10), Sections: []domain.Section{{Code: "I", Title: "Mục một", Max: domain.Dec(10),
		Criteria: []domain.Criterion{{Code: "1.1", Text: "Tiêu chí một", Max: domain.Dec(5)}, {Code: "1.10", Text: "Tiêu chí mười", Max: domain.Dec(5)}}}}}
	d := &domain.YearData{Year: 2024, Bloc: domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối thi đua", Short: "Khối"}}}, Criteria: cs}
	five := domain.Dec(5)
	for i := 1; i <= 18; i++ {
		slug := fmt.Sprintf("u%02d", i)
		d.Members = append(d.Members, domain.Member{Membership: domain.Membership{Unit: slug, Order: i},
			Name: domain.NameVersion{Full: "Ban " + slug, Short: "Ban " + slug}, Province: fmt.Sprintf("Tỉnh %02d", i)})
		if i <= 16 {
			d.Sheets = append(d.Sheets, domain.UnitScores{Unit: slug, Scores: []domain.Score{{Code: "1.1", Bloc: &five}, {Code: "1.10", Bloc: &five}}})
		}
	}
	d.Finish()
	v, err := NewView(d, "bang-tong-hop-diem", "")
	if err != nil {
		t.Fatal(err)
	}
	markup := v.DetailTable()
	if markup != "@block detail\n@pc __(tiếp theo)__\n@block detail-2\n" {
		t.Fatalf("placed as %q", markup)
	}
	blocks := v.Blocks()
	for _, name := range []string{"detail", "detail-2"} {
		tbl := blocks[name].(Table)
		if len(tbl.Widths) != 3+8 || len(tbl.Header[1]) != 8 {
			t.Errorf("%s: %d columns, %d units; want 8 units each", name, len(tbl.Widths), len(tbl.Header[1]))
		}
		if len(tbl.Rows) != 4 || PlainText(tbl.Rows[2][0].Runs) != "1.10" {
			t.Errorf("%s: rows %d, the criteria not repeated", name, len(tbl.Rows))
		}
		for _, h := range tbl.Header[1] {
			if p := PlainText(h.Runs); p == "Tỉnh\u00a017" || p == "Tỉnh\u00a018" {
				t.Errorf("%s: a column for %s, which sent no marks", name, p)
			}
		}
	}
	if len(v.NotSubmitted) != 2 {
		t.Errorf("not submitted: %d", len(v.NotSubmitted))
	}

	// Nobody has sent marks: a sentence, not a matrix of "Chưa nộp".
	d.Sheets = nil
	d.Finish()
	v, err = NewView(d, "bang-tong-hop-diem", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := v.DetailTable(); !strings.HasPrefix(got, "@p ") || !strings.Contains(got, "Chưa có đơn vị nào gửi") {
		t.Errorf("without marks placed as %q", got)
	}
}

func TestPlaceDate(t *testing.T) {
	date := "ngày 28 tháng 12 năm 2026"
	for _, c := range []struct {
		place, want string
		room, size  float64
	}{
		{"Huế", "Huế, " + date, 93, 14},
		{"Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu, " + date, 101, 13},
		{"Thành phố Hồ Chí Minh xa xôi", "Thành phố Hồ Chí Minh xa xôi,\n" + date, 101, 14},
	} {
		got, size := PlaceDate(c.place, date, c.room, testMeasure)
		if got != c.want || size != c.size {
			t.Errorf("%s: %q at %g pt, want %q at %g", c.place, got, size, c.want, c.size)
		}
	}
}

func TestBalance(t *testing.T) {
	for _, c := range []struct {
		name   string
		widths []float64
		avail  float64
		want   []int
	}{
		{"one line", []float64{10, 10}, 30, nil},
		{"a word too wide", []float64{10, 40}, 30, nil},
		// greedy: 12 10 | 10 | 25; balanced: 12 | 10 10 | 25
		{"no short middle line", []float64{12, 10, 10, 25}, 25, []int{0, 1, 3}},
		// greedy: 10 10 10 | 5; balanced: 10 10 | 10 5
		{"no one-word last line", []float64{10, 10, 10, 5}, 32, []int{0, 2}},
	} {
		if got := Balance(c.widths, 1, c.avail); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
