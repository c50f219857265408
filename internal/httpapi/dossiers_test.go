package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDossierThroughTheAPI: the secretariat sets the schedule (wrong ones
// refused field by field, in Vietnamese), runs the dossier now, follows
// the run, lists the version and downloads its ZIP and a file, with ETags.
func TestDossierThroughTheAPI(t *testing.T) {
	ts := newTestServer(t).as("thuky-tay-nguyen-duyen-hai-mien-trung")
	const bloc = "/api/v1/blocs/tay-nguyen-duyen-hai-mien-trung"
	const year = bloc + "/years/2024"

	r := ts.do("GET", bloc+"/dossier/schedule", nil)
	if r.Status != 200 || r.JSON["cron"] != "0 8 20 12 *" || r.JSON["time_zone"] != "Asia/Ho_Chi_Minh" || r.JSON["enabled"] != false {
		t.Fatalf("default schedule: %d %s", r.Status, r.Body)
	}
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"cron": "0 8 20 12", "enabled": true}, "cron"},
		{map[string]any{"cron": "0 25 20 12 *", "enabled": true}, "cron"},
		{map[string]any{"cron": "0 8 31 2 *", "enabled": true}, "cron"},
		{map[string]any{"cron": "CRON_TZ=UTC 0 8 20 12 *", "enabled": true}, "cron"},
		{map[string]any{"cron": "0 8 20 12 *", "time_zone": "Asia/Hanoi_City", "enabled": true}, "time_zone"},
		{map[string]any{"cron": "0 8 20 12 *"}, "enabled"},
	} {
		r := ts.do("PUT", bloc+"/dossier/schedule", c.body)
		if r.Status != 422 || !strings.Contains(strings.Join(r.detailFields(), ","), c.field) {
			t.Errorf("%v: %d %s, want 422 on %s", c.body, r.Status, r.Body, c.field)
		}
	}
	r = ts.do("PUT", bloc+"/dossier/schedule", map[string]any{"cron": " 0  8 20 12 * ", "enabled": true})
	if r.Status != 200 || r.JSON["cron"] != "0 8 20 12 *" {
		t.Fatalf("schedule: %d %s", r.Status, r.Body)
	}
	next, err := time.Parse(time.RFC3339, fmt.Sprint(r.JSON["next_run"]))
	if err != nil || next.Before(time.Now()) {
		t.Fatalf("next run %v (%v)", r.JSON["next_run"], err)
	}
	if h, m, _ := next.In(time.FixedZone("ICT", 7*3600)).Clock(); h != 8 || m != 0 {
		t.Errorf("next run %v is not 08:00 in Vietnam", next)
	}

	if r := ts.as("admin").do("POST", bloc+"/years/2030/dossier/runs", nil); r.Status != 404 {
		t.Errorf("run of a year without data: %d %s", r.Status, r.Body)
	}
	r = ts.do("POST", year+"/dossier/runs", nil)
	if r.Status != 202 || r.JSON["status"] != "queued" {
		t.Fatalf("trigger: %d %s", r.Status, r.Body)
	}
	id := r.JSON["id"].(float64)
	if again := ts.do("POST", year+"/dossier/runs", nil); again.JSON["id"] != id {
		t.Errorf("a second press while it runs queued another run: %s", again.Body)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		r = ts.do("GET", fmt.Sprintf("%s/dossier/runs/%d", year, int(id)), nil)
		if r.JSON["status"] == "succeeded" || r.JSON["status"] == "failed" || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if r.JSON["status"] != "succeeded" || r.JSON["version"] != 1.0 || r.JSON["new_version"] != true || r.JSON["files"].(float64) < 20 {
		t.Fatalf("run: %s", r.Body)
	}
	if r := ts.do("GET", bloc+"/years/2023/dossier/runs/"+fmt.Sprint(int(id)), nil); r.Status != 404 {
		t.Errorf("a run read under another year: %d", r.Status)
	}
	r = ts.do("GET", year+"/dossier/versions", nil)
	if vs := r.JSON["versions"].([]any); len(vs) != 1 {
		t.Fatalf("versions: %s", r.Body)
	}
	r = ts.do("GET", year+"/dossier/versions/latest", nil)
	v := r.JSON["version"].(map[string]any)
	manifest := r.JSON["manifest"].(map[string]any)
	if v["number"] != 1.0 || manifest["fingerprint"] != v["fingerprint"] {
		t.Fatalf("version: %s", r.Body)
	}
	zip := ts.do("GET", year+"/dossier/versions/1/zip", nil)
	sum := sha256.Sum256(zip.Body)
	if zip.Status != 200 || hex.EncodeToString(sum[:]) != v["zip_sha256"] || zip.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(zip.Header.Get("Content-Disposition"), "filename*=UTF-8''H%E1%BB%93%20s%C6%A1") {
		t.Fatalf("ZIP: %d %v", zip.Status, zip.Header)
	}
	if r := ts.do("GET", year+"/dossier/versions/1/zip", nil, "If-None-Match", zip.Header.Get("ETag")); r.Status != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", r.Status)
	}
	if r := ts.do("HEAD", year+"/dossier/versions/1/zip", nil); r.Status != 200 || len(r.Body) != 0 || r.Header.Get("Content-Length") != fmt.Sprint(len(zip.Body)) {
		t.Errorf("HEAD: %d, %d bytes, length %s", r.Status, len(r.Body), r.Header.Get("Content-Length"))
	}
	file := v["files"].([]any)[0].(map[string]any)
	got := ts.do("GET", fmt.Sprintf("%s/dossier/versions/1/files/%s", year, file["sha256"]), nil)
	sum = sha256.Sum256(got.Body)
	if got.Status != 200 || hex.EncodeToString(sum[:]) != file["sha256"] || got.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("file: %d %v", got.Status, got.Header)
	}
	for _, bad := range []string{"/dossier/versions/2/zip", "/dossier/versions/0", "/dossier/versions/x/zip", "/dossier/versions/1/files/" + strings.Repeat("a", 64)} {
		if r := ts.do("GET", year+bad, nil); r.Status != 404 || r.errCode() == "" {
			t.Errorf("%s: %d %s", bad, r.Status, r.Body)
		}
	}
	// The ministry reads the archive, and every bloc's state.
	bo := ts.as("bo")
	if r := bo.do("GET", year+"/dossier/versions/1/zip", nil); r.Status != 200 {
		t.Errorf("viewer download: %d", r.Status)
	}
	r = bo.do("GET", "/api/v1/dossiers?year=2024", nil)
	ts.want(r, 200)
	ready := map[string]float64{}
	for _, b := range r.JSON["blocs"].([]any) {
		b := b.(map[string]any)
		if l, ok := b["latest"].(map[string]any); ok {
			ready[b["bloc"].(string)] = l["number"].(float64)
		}
	}
	if len(r.JSON["blocs"].([]any)) != 3 || len(ready) != 1 || ready["tay-nguyen-duyen-hai-mien-trung"] != 1 {
		t.Errorf("overview: %s", r.Body)
	}
	if r := bo.do("GET", "/ho-so/2024", nil); r.Status != 200 || !strings.Contains(string(r.Body), "Đã có hồ sơ: <strong>1/3</strong>") {
		t.Errorf("overview page: %d %.300s", r.Status, r.Body)
	}
	if r := bo.do("GET", "/api/v1/dossiers?year=abc", nil); r.Status != 422 {
		t.Errorf("overview of year abc: %d", r.Status)
	}
}

// TestMetrics: what the service did shows in /metrics, in the Prometheus
// text format, labelled by route pattern (never by path).
func TestMetrics(t *testing.T) {
	ts := newTestServer(t)
	doc := "/api/v1/blocs/bac-trung-bo/years/2023/documents/bao-cao-tong-ket.pdf"
	for range 2 {
		if r := ts.do("GET", doc, nil); r.Status != 200 {
			t.Fatal(r.Status)
		}
	}
	run, err := ts.runner.RunNow(t.Context(), "bac-trung-bo", 2023, "manual", "test")
	if err != nil || run.Status != "succeeded" {
		t.Fatal(run, err)
	}
	up := ts.upload("/api/v1/blocs/tay-nguyen-duyen-hai-mien-trung/years/2024/units/dak-lak/phieu-cham-diem", "phiếu.xlsx", []byte("không phải bảng tính"))
	if up.Status != 422 {
		t.Fatalf("upload of a non-workbook: %d", up.Status)
	}
	r := ts.as("bo").do("GET", "/metrics", nil)
	if r.Status != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %v", r.Status, r.Header)
	}
	body := string(r.Body)
	for _, want := range []string{
		`thidua_http_request_duration_seconds_count{method="GET",route="/api/v1/blocs/:bloc/years/:year/documents/:file",status="200"} 2`,
		`thidua_render_cache_total{result="hit"}`,
		`thidua_render_cache_total{result="miss"}`,
		`thidua_render_duration_seconds_count{format="pdf",kind="bao-cao-tong-ket"}`,
		`thidua_render_duration_seconds_count{format="xlsx",kind="phieu-cham-diem"}`,
		`thidua_dossier_runs_total{outcome="succeeded"} 1`,
		`thidua_uploads_total{outcome="rejected"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in /metrics", want)
		}
	}
	if strings.Contains(body, "bac-trung-bo") {
		t.Error("a path, not a route pattern, in the labels")
	}
}
