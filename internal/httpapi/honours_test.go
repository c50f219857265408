package httpapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/pdftest"
)

// TestHonoursInTheReports: a board records the awards it received; the
// year-end report lists every member's, its half-year report its own of the
// first half; a merged board records its half only; wrong input is refused
// field by field; a board cannot touch another's.
func TestHonoursInTheReports(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	year := tn + "/years/2024"
	board := ts.as("dak-lak")
	r := board.do("POST", year+"/units/dak-lak/honours", map[string]any{"period": "h1", "form": "Bằng khen của Thủ tướng Chính phủ",
		"decision": "Quyết định số 512/QĐ-TTg ngày 10/5/2024"})
	ts.want(r, 201)
	id := r.JSON["id"].(float64)
	ts.want(board.do("POST", year+"/units/dak-lak/honours", map[string]any{"period": "year", "form": "Cờ thi đua của UBND tỉnh Đắk Lắk"}), 201)
	ts.want(ts.do("POST", year+"/units/gia-lai/honours", map[string]any{"period": "year", "form": "Bằng khen của Bộ trưởng Bộ Kế hoạch và Đầu tư",
		"recipient": "ông Nguyễn Văn An, Phó Trưởng ban"}), 201)
	if r := board.do("POST", year+"/units/gia-lai/honours", map[string]any{"period": "year", "form": "Bằng khen"}); r.Status != 403 {
		t.Errorf("a board recording another's award: %d", r.Status)
	}
	r = ts.do("POST", year+"/units/dak-lak/honours", map[string]any{"period": "q3", "form": " "})
	if r.Status != 422 || fmt.Sprint(r.detailFields()) != "[period form]" {
		t.Errorf("bad honour: %d %s", r.Status, r.Body)
	}
	if r := ts.do("POST", tn+"/years/2025/units/phu-yen/honours", map[string]any{"period": "year", "form": "Bằng khen"}); r.Status != 422 {
		t.Errorf("a year's award for a board that left in June: %d %s", r.Status, r.Body)
	}
	ts.want(ts.do("POST", tn+"/years/2025/units/phu-yen/honours", map[string]any{"period": "h1", "form": "Bằng khen của UBND tỉnh Phú Yên"}), 201)
	// Its figures likewise: the half and the year's plan, not the year.
	if r := ts.do("PUT", tn+"/years/2025/units/phu-yen/indicators/year", map[string]any{"revenue": 10}); r.Status != 422 || !strings.Contains(string(r.Body), "left_during_year") {
		t.Errorf("a year's figures for a board that left in June: %d %s", r.Status, r.Body)
	}
	ts.want(ts.do("PUT", tn+"/years/2025/units/phu-yen/indicators/h1", map[string]any{"revenue": 10}), 200)
	ts.want(ts.do("PUT", tn+"/years/2025/units/phu-yen/indicators/plan", map[string]any{"revenue": 20}), 200)

	r = ts.do("GET", year+"/honours", nil)
	if n := len(r.JSON["honours"].([]any)); n != 3 {
		t.Errorf("%d honours listed", n)
	}
	rep := ts.do("GET", year+"/documents/bao-cao-tong-ket.pdf", nil)
	ts.want(rep, 200)
	text := strings.Join(strings.Fields(pdftest.Text(t, rep.Body)), " ")
	for _, want := range []string{"Khen thưởng các đơn vị đã nhận", "Năm 2024, các đơn vị trong Khối được khen thưởng:",
		"Bằng khen của Thủ tướng Chính phủ (Quyết định số 512/QĐ-TTg ngày 10/5/2024)", "Cờ thi đua của UBND tỉnh Đắk Lắk",
		"Bằng khen của Bộ trưởng Bộ Kế hoạch và Đầu tư tặng ông Nguyễn Văn An, Phó Trưởng ban"} {
		if !strings.Contains(text, want) {
			t.Errorf("the year-end report lacks %q", want)
		}
	}
	half := ts.do("GET", year+"/units/dak-lak/documents/bao-cao-so-ket.pdf", nil)
	ts.want(half, 200)
	text = strings.Join(strings.Fields(pdftest.Text(t, half.Body)), " ")
	if !strings.Contains(text, "Trong 6 tháng đầu năm 2024, đơn vị được khen thưởng: - Bằng khen của Thủ tướng Chính phủ") || strings.Contains(text, "Cờ thi đua của UBND") {
		t.Errorf("the half-year report's awards:\n%s", text)
	}
	py := ts.do("GET", tn+"/years/2025/units/phu-yen/documents/bao-cao-so-ket.pdf", nil)
	ts.want(py, 200)
	if !strings.Contains(strings.Join(strings.Fields(pdftest.Text(t, py.Body)), " "), "Bằng khen của UBND tỉnh Phú Yên") {
		t.Error("the merged board's half-year report lacks its award")
	}
	// Deleted: gone from the report.
	ts.want(board.do("DELETE", fmt.Sprintf("%s/units/dak-lak/honours/%d", year, int(id)), nil), 204)
	ts.want(board.do("DELETE", fmt.Sprintf("%s/units/dak-lak/honours/%d", year, int(id)), nil), 404)
	rep = ts.do("GET", year+"/documents/bao-cao-tong-ket.pdf", nil)
	if strings.Contains(pdftest.Text(t, rep.Body), "512/QĐ-TTg") {
		t.Error("a deleted award still in the report")
	}
}
