package httpapi

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/pdftest"
	"github.com/thidua/thidua/internal/testenv"
)

func TestDocumentsOverHTTP(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	r := ts.do("GET", tn+"/years/2023/documents/bao-cao-tong-ket.pdf", nil)
	ts.want(r, 200)
	if r.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(r.Body), "%PDF-") {
		t.Fatalf("not a PDF: %s", r.Header)
	}
	cd := r.Header.Get("Content-Disposition")
	if !strings.Contains(cd, `filename="Bao cao tong ket nam 2023`) || !strings.Contains(cd, "filename*=UTF-8''B%C3%A1o%20c%C3%A1o") {
		t.Errorf("Content-Disposition %q", cd)
	}
	text := pdftest.Text(t, r.Body)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "ngày 28 tháng 12 năm 2023"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF lacks %q", want)
		}
	}
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	r = ts.do("GET", tn+"/years/2023/documents/bao-cao-tong-ket.pdf", nil, "If-None-Match", etag)
	ts.want(r, 304)
	if len(r.Body) != 0 {
		t.Error("304 with a body")
	}
	// The data changes: the document does too.
	ts.want(ts.do("PUT", tn+"/years/2023/narratives/uu-diem", map[string]any{"text": "Ưu điểm mới."}), 200)
	r = ts.do("GET", tn+"/years/2023/documents/bao-cao-tong-ket.pdf", nil, "If-None-Match", etag)
	ts.want(r, 200)
	if !strings.Contains(pdftest.Text(t, r.Body), "Ưu điểm mới.") {
		t.Error("edited narrative not in the PDF")
	}
	for _, path := range []string{"bien-ban-binh-xet.pdf", "to-trinh-khen-thuong.pdf", "giao-uoc-thi-dua.pdf", "bang-tong-hop-diem.pdf"} {
		ts.want(ts.do("GET", tn+"/years/2023/documents/"+path, nil), 200)
	}
	ts.want(ts.do("GET", tn+"/years/2023/units/van-phong/documents/bao-cao-so-ket.pdf", nil), 200)
	ts.want(ts.do("GET", tn+"/years/2023/units/bac-giang/documents/bao-cao-so-ket.pdf", nil), 404)
	ts.want(ts.do("GET", tn+"/years/2023/documents/khong-co.pdf", nil), 404)
	ts.want(ts.do("GET", tn+"/years/2023/documents/phieu-cham-diem.docx", nil), 404)
	ts.want(ts.do("GET", tn+"/years/2023/documents/bao-cao-tong-ket.xlsx", nil), 404)
	ts.want(ts.do("GET", tn+"/years/2023/documents/bao-cao-so-ket.pdf", nil), 404)
	ts.want(ts.do("GET", "/api/v1/blocs/khong-co/years/2023/documents/bao-cao-tong-ket.pdf", nil), 404)
}

// TestWordDocumentsOverHTTP: every PDF kind also comes as .docx, with its
// media type, a Vietnamese file name and an ETag of its own.
func TestWordDocumentsOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	pdf := ts.do("GET", tn+"/years/2023/documents/bao-cao-tong-ket.pdf", nil)
	for _, path := range []string{"/documents/bao-cao-tong-ket.docx", "/documents/bang-tong-hop-diem.docx", "/documents/bien-ban-binh-xet.docx",
		"/documents/to-trinh-khen-thuong.docx", "/documents/giao-uoc-thi-dua.docx", "/units/van-phong/documents/bao-cao-so-ket.docx"} {
		r := ts.do("GET", tn+"/years/2023"+path, nil)
		ts.want(r, 200)
		if r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
			!strings.HasPrefix(string(r.Body), "PK") || !strings.Contains(r.Header.Get("Content-Disposition"), ".docx") {
			t.Errorf("%s: %v", path, r.Header)
		}
		if r.Header.Get("ETag") == "" || r.Header.Get("ETag") == pdf.Header.Get("ETag") {
			t.Errorf("%s: ETag %q", path, r.Header.Get("ETag"))
		}
	}
}

// A board writes its own texts by field: its mid-year report prints them
// under their headings; its year's texts enter the bloc's year-end report
// once sent, named by unit, and leave it when the secretariat returns them.
// Nobody else's board writes them, and a board returns nothing.
func TestBoardTextsMakeTheReports(t *testing.T) {
	pdftest.Need(t)
	sec := newTestServer(t)
	board := sec.as("dak-lak")
	texts := tn + "/years/2024/units/dak-lak/texts/"
	// The board's own half-year: pasted from Word, a Symbol bullet and a tab.
	r := board.do("PUT", texts+"h1", map[string]any{"fields": map[string]string{
		"thu-hut-dau-tu": "Cấp mới 7 dự án Buôn Ma Thuột.\r\n\uf0b7\tXúc tiến tại Hàn Quốc",
		"moi-truong":     "Kiểm tra 12 doanh nghiệp về môi trường.",
		"kien-nghi":      "Đề nghị Bộ hướng dẫn chế độ báo cáo.",
	}, "send": true})
	board.want(r, 200)
	var bt domain.BoardText
	if err := json.Unmarshal(r.Body, &bt); err != nil {
		t.Fatal(err)
	}
	if bt.State != domain.TextSent || bt.Field("thu-hut-dau-tu") != "Cấp mới 7 dự án Buôn Ma Thuột.\n- Xúc tiến tại Hàn Quốc" || bt.SentBy != "dak-lak" {
		t.Fatalf("stored %+v", bt)
	}
	pdf := sec.do("GET", tn+"/years/2024/units/dak-lak/documents/bao-cao-so-ket.pdf", nil)
	sec.want(pdf, 200)
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf.Body)), " ")
	for _, want := range []string{"Xúc tiến, thu hút đầu tư Cấp mới 7 dự án Buôn Ma Thuột.", "- Xúc tiến tại Hàn Quốc",
		"b) Bảo vệ môi trường Kiểm tra 12 doanh nghiệp về môi trường.", "KIẾN NGHỊ, ĐỀ XUẤT Đề nghị Bộ hướng dẫn chế độ báo cáo."} {
		if !strings.Contains(text, want) {
			t.Errorf("mid-year report lacks %q:\n%s", want, text)
		}
	}
	other := sec.do("GET", tn+"/years/2024/units/gia-lai/documents/bao-cao-so-ket.pdf", nil)
	if strings.Contains(pdftest.Text(t, other.Body), "Buôn Ma Thuột") {
		t.Error("one board's text leaked into another's report")
	}

	// The year: a draft is not the board's word yet; sent, it is composed.
	mark := "Đắk Lắk ký 3 biên bản ghi nhớ đầu tư với tập đoàn Hàn Quốc"
	board.want(board.do("PUT", texts+"year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": mark}}), 200)
	yearEnd := func() string {
		r := sec.do("GET", tn+"/years/2024/documents/bao-cao-tong-ket.pdf", nil)
		sec.want(r, 200)
		return strings.Join(strings.Fields(pdftest.Text(t, r.Body)), " ")
	}
	if strings.Contains(yearEnd(), mark) {
		t.Error("a draft is in the bloc's report")
	}
	board.want(board.do("PUT", texts+"year", map[string]any{"fields": map[string]string{}, "send": true}), 200)
	if got := yearEnd(); !strings.Contains(got, ": "+mark+".") {
		t.Errorf("the sent text is not composed into the year-end report:\n%s", got)
	}
	// Refusals: another board writes nothing of it; a board returns nothing.
	sec.as("nghe-an").want(sec.as("nghe-an").do("PUT", texts+"year", map[string]any{"fields": map[string]string{"thi-dua": "x"}}), 403)
	board.want(board.do("POST", texts+"year/return", map[string]any{"comment": "tự trả"}), 403)
	// Returned with a comment: out of the bloc's report, the comment kept.
	sec.want(sec.do("POST", texts+"year/return", map[string]any{"comment": ""}), 422)
	r = sec.do("POST", texts+"year/return", map[string]any{"comment": "Bổ sung số liệu vốn FDI"})
	sec.want(r, 200)
	if strings.Contains(yearEnd(), mark) {
		t.Error("a returned text is still in the bloc's report")
	}
	sec.want(sec.do("POST", texts+"year/return", map[string]any{"comment": "lần nữa"}), 409)
	r = board.do("GET", texts+"year", nil)
	board.want(r, 200)
	if !strings.Contains(string(r.Body), "Bổ sung số liệu vốn FDI") || !strings.Contains(string(r.Body), `"state":"returned"`) {
		t.Errorf("the board does not see the comment: %s", r.Body)
	}
	// Bad input: an unknown field, a period that is none, an emoji.
	board.want(board.do("PUT", texts+"year", map[string]any{"fields": map[string]string{"khong-co": "x"}}), 422)
	board.want(board.do("PUT", texts+"quy3", map[string]any{"fields": map[string]string{}}), 422)
	board.want(board.do("PUT", texts+"year", map[string]any{"fields": map[string]string{"thi-dua": "Tốt 👍"}}), 422)
	// The secretariat's list says who sent what.
	r = sec.do("GET", tn+"/years/2024/texts/year", nil)
	sec.want(r, 200)
	if !strings.Contains(string(r.Body), `"unit":"dak-lak"`) {
		t.Errorf("list: %s", r.Body)
	}
}

func TestReferencesToUnknownOrForeignUnits(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("PUT", "/api/v1/units/kon-tum", map[string]any{"names": []map[string]any{{"full_name": "BQL KKT tỉnh Kon Tum"}},
		"province": []map[string]any{{"full_name": "Kon Tum"}}, "merged_into": "khong-co", "merged_on": "2025-07-01"})
	ts.want(r, 422)
	ts.want(ts.do("PUT", tn+"/years/2023/units/bac-giang/indicators/year", map[string]any{"new_projects": 1}), 404)
}

// Downloads answer HEAD with the headers of GET and no body.
func TestHeadOnDownloads(t *testing.T) {
	ts := newTestServer(t)
	for _, p := range []string{
		tn + "/years/2023/documents/bao-cao-tong-ket.pdf",
		tn + "/years/2023/documents/bang-tong-hop-diem.xlsx",
		tn + "/years/2024/units/phu-yen/phieu-cham-diem.xlsx",
		tn + "/documents/bang-tong-hop-diem.xlsx",
	} {
		get := ts.do("GET", p, nil)
		head := ts.do("HEAD", p, nil)
		ts.want(head, 200)
		if len(head.Body) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") ||
			head.Header.Get("Content-Disposition") != get.Header.Get("Content-Disposition") || head.Header.Get("ETag") != get.Header.Get("ETag") {
			t.Errorf("HEAD %s: %v, body %d bytes", p, head.Header, len(head.Body))
		}
	}
	ts.want(ts.do("HEAD", tn+"/years/2023/documents/khong-co.pdf", nil), 404)
}
