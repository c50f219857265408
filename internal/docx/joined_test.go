package docx

import "testing"

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
