package httpapi

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/pdftest"
)

func TestDocumentsOverHTTP(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
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

func TestUnitNarrativeInMidYearReport(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	ts.want(ts.do("PUT", tn+"/years/2023/narratives/so-ket", map[string]any{"unit": "van-phong", "text": "Vân Phong hoàn thành 60% kế hoạch năm."}), 200)
	r := ts.do("GET", tn+"/years/2023/units/van-phong/documents/bao-cao-so-ket.pdf", nil)
	ts.want(r, 200)
	if !strings.Contains(pdftest.Text(t, r.Body), "Vân Phong hoàn thành 60% kế hoạch năm.") {
		t.Error("the unit's own text is not in its report")
	}
	r = ts.do("GET", tn+"/years/2023/units/gia-lai/documents/bao-cao-so-ket.pdf", nil)
	if strings.Contains(pdftest.Text(t, r.Body), "Vân Phong hoàn thành") {
		t.Error("one unit's text leaked into another's report")
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
