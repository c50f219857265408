package httpapi

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// upload posts data as the multipart field "file".
func (ts *testServer) upload(path, name string, data []byte) response {
	ts.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", ts.URL) // as a browser sends a page's form
	return ts.send(req)
}

func TestScoringWorkbookUploadOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	base := tn + "/years/2024/units/phu-yen/"
	r := ts.do("GET", base+"phieu-cham-diem.xlsx", nil)
	ts.want(r, 200)
	if !strings.Contains(r.Header.Get("Content-Disposition"), "filename*=UTF-8''Phi%E1%BA%BFu%20ch%E1%BA%A5m") {
		t.Errorf("Content-Disposition %q", r.Header.Get("Content-Disposition"))
	}
	if _, err := excelize.OpenReader(bytes.NewReader(r.Body)); err != nil {
		t.Fatal(err)
	}
	ts.want(ts.do("GET", tn+"/years/2024/units/bac-giang/phieu-cham-diem.xlsx", nil), 404)

	// Not submitted yet.
	rk := ts.do("GET", tn+"/years/2024/ranking", nil)
	if !strings.Contains(string(rk.Body), `"unit":"phu-yen","submitted":false`) {
		t.Fatalf("phu-yen already submitted: %s", rk.Body)
	}

	// A workbook filled and saved in LibreOffice Calc.
	lo, err := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	r = ts.upload(base+"phieu-cham-diem", "Phiếu chấm điểm - Phú Yên.xlsx", lo)
	ts.want(r, 201)
	res := r.JSON["result"].(map[string]any)
	if res["self_total"] != 96.0 || res["submitted"] != true {
		t.Errorf("result %v", res)
	}
	upID := r.JSON["upload"].(map[string]any)["id"].(float64)
	rk = ts.do("GET", tn+"/years/2024/ranking", nil)
	if !strings.Contains(string(rk.Body), `"unit":"phu-yen","submitted":true`) {
		t.Errorf("upload not counted: %s", rk.Body)
	}
	// The exact bytes are kept.
	raw := ts.do("GET", fmt.Sprintf("%suploads/%d", base, int(upID)), nil)
	ts.want(raw, 200)
	if !bytes.Equal(raw.Body, lo) {
		t.Error("stored upload differs from what was sent")
	}

	// A refused upload changes nothing, and is kept with its errors.
	f, _ := excelize.OpenReader(bytes.NewReader(lo))
	f.SetCellValue("Phiếu chấm điểm", "D10", 12)
	var bad bytes.Buffer
	f.Write(&bad)
	r = ts.upload(base+"phieu-cham-diem", "sai.xlsx", bad.Bytes())
	ts.want(r, 422)
	if r.errCode() != "workbook_invalid" || !strings.Contains(string(r.Body), "Ô D10: điểm 12 vượt điểm chuẩn 4") {
		t.Errorf("refusal %s", r.Body)
	}
	sc := ts.do("GET", base+"scores", nil)
	if !strings.Contains(string(sc.Body), `"self_total":96`) {
		t.Errorf("a refused upload changed the scores: %s", sc.Body)
	}
	list := ts.do("GET", base+"uploads", nil)
	ups := list.JSON["uploads"].([]any)
	if len(ups) != 2 || ups[0].(map[string]any)["status"] != "rejected" || ups[1].(map[string]any)["status"] != "accepted" {
		t.Errorf("uploads %s", list.Body)
	}

	// Wrong unit: Gia Lai's upload of Phú Yên's workbook.
	r = ts.upload(tn+"/years/2024/units/gia-lai/phieu-cham-diem", "x.xlsx", lo)
	ts.want(r, 422)
	if !strings.Contains(string(r.Body), "đơn vị khác (phu-yen)") {
		t.Errorf("wrong unit: %s", r.Body)
	}
	// Other file types.
	r = ts.upload(base+"phieu-cham-diem", "cu.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...))
	ts.want(r, 422)
	if !strings.Contains(string(r.Body), "Excel 97-2003") {
		t.Errorf("xls: %s", r.Body)
	}
	// Too large: refused while reading.
	r = ts.upload(base+"phieu-cham-diem", "lon.xlsx", bytes.Repeat([]byte("x"), 6<<20))
	ts.want(r, 413)
	// No file field.
	ts.want(ts.do("POST", base+"phieu-cham-diem", "{}"), 400)
	ts.want(ts.upload(tn+"/years/2024/units/bac-giang/phieu-cham-diem", "x.xlsx", lo), 404)
}

func TestBlocMarksSurviveReupload(t *testing.T) {
	ts := newTestServer(t)
	base := tn + "/years/2024/units/phu-yen/"
	lo, _ := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	ts.want(ts.upload(base+"phieu-cham-diem", "a.xlsx", lo), 201)
	// The bloc agrees a lower mark on 1.1.
	sc := ts.do("GET", base+"scores", nil)
	scores := sc.JSON["sheet"].(map[string]any)["scores"].([]any)
	var body []map[string]any
	for _, s := range scores {
		m := s.(map[string]any)
		e := map[string]any{"code": m["code"], "self": m["self"], "remark": m["remark"]}
		if m["code"] == "1.1" {
			e["bloc"] = 3
		}
		body = append(body, e)
	}
	ts.want(ts.do("PUT", base+"scores", map[string]any{"scores": body}), 200)
	// The board uploads again: its marks change, the bloc's stays.
	ts.want(ts.upload(base+"phieu-cham-diem", "b.xlsx", lo), 201)
	sc = ts.do("GET", base+"scores", nil)
	if !strings.Contains(string(sc.Body), `"code":"1.1","self":3.75,"bloc":3`) {
		t.Errorf("bloc mark lost: %s", sc.Body)
	}
}

func TestSummaryWorkbookOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", tn+"/years/2023/documents/bang-tong-hop-diem.xlsx", nil)
	ts.want(r, 200)
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 3 {
		t.Errorf("sheets %v", got)
	}
	ts.want(ts.do("GET", tn+"/years/2023/documents/phieu-cham-diem.xlsx", nil), 404)
}

func TestImportCriteriaFromWorkbookOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", tn+"/years/2023/units/van-phong/phieu-cham-diem.xlsx", nil)
	ts.want(r, 200)
	ts.want(ts.do("PUT", tn+"/years/2032/members/van-phong", map[string]any{}), 200)
	r = ts.do("POST", tn+"/years/2032/criteria", r.Body, "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	ts.want(r, 201)
	cs := r.JSON["criteria"].(map[string]any)
	if cs["total"] != 100.0 || len(cs["sections"].([]any)) != 4 || len(cs["deductions"].([]any)) != 5 {
		t.Errorf("imported %s", r.Body)
	}
	r = ts.do("POST", tn+"/years/2032/criteria", []byte("STT,Nội dung\n"), "Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	ts.want(r, 422)
	if !strings.Contains(string(r.Body), "CSV") {
		t.Errorf("csv as xlsx: %s", r.Body)
	}
}

func TestMultiYearSummary(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", tn+"/documents/bang-tong-hop-diem.xlsx?from=2022&to=2024", nil)
	ts.want(r, 200)
	f, err := excelize.OpenReader(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	want := "[Điểm 2022 Chỉ tiêu 2022 Điểm 2023 Chỉ tiêu 2023 Điểm 2024 Chỉ tiêu 2024]"
	if got := fmt.Sprint(f.GetSheetList()); got != want {
		t.Errorf("sheets %s", got)
	}
	// Through the render service like every document: an ETag, a cache.
	etag := r.Header.Get("ETag")
	if etag == "" || !strings.Contains(r.Header.Get("Content-Disposition"), "2022-2024") {
		t.Errorf("headers %v", r.Header)
	}
	ts.want(ts.do("GET", tn+"/documents/bang-tong-hop-diem.xlsx?from=2022&to=2024", nil, "If-None-Match", etag), 304)
	ts.want(ts.do("GET", tn+"/documents/bang-tong-hop-diem.xlsx?from=2024&to=2022", nil), 422)
	ts.want(ts.do("GET", tn+"/documents/bang-tong-hop-diem.xlsx?from=2040", nil), 404)
}

func TestWorkbookWithoutCriteria(t *testing.T) {
	ts := newTestServer(t)
	ts.want(ts.do("PUT", tn+"/years/2033/members/van-phong", map[string]any{}), 200)
	r := ts.do("GET", tn+"/years/2033/units/van-phong/phieu-cham-diem.xlsx", nil)
	ts.want(r, 404)
	if !strings.Contains(string(r.Body), "chưa có bảng tiêu chí") {
		t.Errorf("message %s", r.Body)
	}
	ts.want(ts.upload(tn+"/years/2033/units/van-phong/phieu-cham-diem", "a.xlsx", []byte("x")), 409)
	// The PDFs of such a year still render and say what is missing.
	ts.want(ts.do("GET", tn+"/years/2033/documents/bao-cao-tong-ket.pdf", nil), 200)
}
