package httpapi

import (
	"context"
	"math"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/pdftest"
)

// Text that documents cannot print is refused where it enters, in every
// text field of every body, naming the field and the character.
func TestUnprintableTextRefusedWhereItEnters(t *testing.T) {
	ts := newTestServer(t)
	const emoji = "Tốt 😀"
	cases := []struct {
		method, path string
		body         any
		field        string
	}{
		{"PUT", tn + "/years/2024/narratives/uu-diem", map[string]any{"text": emoji}, "text"},
		{"PUT", tn + "/years/2024", map[string]any{"chairs": []any{map[string]any{"name": emoji, "title": "Trưởng ban"}}}, "chairs[0].name"},
		{"PUT", tn + "/years/2024/members/dak-lak", map[string]any{"head_name": emoji}, "head_name"},
		{"POST", tn + "/years/2024/movements", map[string]any{"name": emoji}, "name"},
		{"POST", "/api/v1/units", map[string]any{"slug": "moi", "names": []any{map[string]any{"full_name": "Ban 中"}}}, "names[0].full_name"},
		{"PUT", tn + "/years/2024/units/dak-lak/scores", map[string]any{"scores": []any{map[string]any{"code": "1.1", "remark": "\x07"}}}, "scores[0].remark"},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			r := ts.do(c.method, c.path, c.body)
			ts.want(r, 422)
			if !slices.Contains(r.detailFields(), c.field) || !strings.Contains(string(r.Body), "không in được") {
				t.Errorf("details %v: %s", r.detailFields(), r.Body)
			}
		})
	}
	// Invisible format characters (direction marks, zero-width spaces) are
	// dropped, not refused: they come with pasted text.
	r := ts.do("PUT", tn+"/years/2024", map[string]any{"doc_numbers": map[string]any{"bao-cao-tong-ket": "\u200b05\u202e\u200e"}})
	ts.want(r, 200)
	if got := r.JSON["doc_numbers"].(map[string]any)["bao-cao-tong-ket"]; got != "05" {
		t.Errorf("stored %q", got)
	}
	// Limits are counted in characters, not bytes: 100 000 "ư" (200 000
	// bytes) is a narrative; one more is not.
	ts.want(ts.do("PUT", tn+"/years/2024/narratives/uu-diem", map[string]any{"text": strings.Repeat("ư", domain.MaxNarrative)}), 200)
	r = ts.do("PUT", tn+"/years/2024/narratives/uu-diem", map[string]any{"text": strings.Repeat("ư", domain.MaxNarrative+1)})
	ts.want(r, 422)
	if !strings.Contains(string(r.Body), "100.000 ký tự") {
		t.Errorf("limit message %s", r.Body)
	}
	ts.want(ts.do("PUT", tn+"/years/2024", map[string]any{"conference_place": strings.Repeat("a", 1001)}), 422)
}

// Data stored before input was checked still renders: the character is
// marked, visibly, and the document is served.
func TestStoredUnprintableTextDegrades(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	if err := ts.store.PutNarrative(context.Background(), domain.Narrative{Bloc: "tay-nguyen-duyen-hai-mien-trung", Year: 2024, Key: domain.NarrStrengths, Text: "Các đơn vị hoàn thành tốt 😀 nhiệm vụ."}); err != nil {
		t.Fatal(err)
	}
	r := ts.do("GET", tn+"/years/2024/documents/bao-cao-tong-ket.pdf", nil)
	ts.want(r, 200)
	if txt := pdftest.Text(t, r.Body); !strings.Contains(txt, "tốt [U+1F600] nhiệm vụ") {
		t.Errorf("no visible mark in the report")
	}
}

// Every number is bounded where it enters; sums of stored numbers detect
// overflow instead of wrapping.
func TestNumbersBounded(t *testing.T) {
	ts := newTestServer(t)
	huge := int64(math.MaxInt64)
	cases := []struct {
		method, path string
		body         any
		field        string
	}{
		{"PUT", tn + "/years/2024/units/dak-lak/indicators/year", map[string]any{"revenue": "9000000000000000"}, "revenue"},
		{"PUT", tn + "/years/2024/units/dak-lak/indicators/year", map[string]any{"revenue": "900000000"}, "revenue"},
		{"PUT", tn + "/years/2024/units/dak-lak/indicators/year", map[string]any{"workers": huge}, "workers"},
		{"PUT", tn + "/years/2024/units/dak-lak/indicators/year", map[string]any{"new_projects": 1e9}, "new_projects"},
		{"PUT", tn + "/years/2024/units/dak-lak/indicators/year", map[string]any{"staff": -1}, "staff"},
		{"PUT", tn + "/years/2024/votes", map[string]any{"subject": "co-thi-dua", "unit": "dak-lak", "for": huge, "against": huge, "voters": huge}, "for"},
		{"PUT", tn + "/years/2024/votes", map[string]any{"subject": "co-thi-dua", "unit": "dak-lak", "for": -1}, "for"},
		{"PUT", tn + "/years/2024", map[string]any{"award_rule": map[string]any{"flag_quota": 1_000_000}}, "award_rule.flag_quota"},
		{"PUT", tn + "/years/2024", map[string]any{"award_rule": map[string]any{"merit_quota": -2}}, "award_rule.merit_quota"},
		{"PUT", tn + "/years/2024", map[string]any{"award_rule": map[string]any{"flag_min": "99999999"}}, "award_rule.flag_min"},
		{"PUT", tn + "/years/2024", map[string]any{"conference_date": "1999-12-28"}, "conference_date"},
		{"PUT", tn + "/years/2024/members/dak-lak", map[string]any{"staff": huge}, "staff"},
		{"PUT", tn + "/years/2024/members/dak-lak", map[string]any{"order": 1 << 40}, "order"},
		{"POST", tn + "/years/2024/criteria", map[string]any{"total": "1000000", "sections": []any{map[string]any{"code": "I", "title": "A", "max": "1000000", "criteria": []any{map[string]any{"code": "1", "text": "a", "max": "1000000"}}}}}, "total"},
	}
	for _, c := range cases {
		t.Run(c.field, func(t *testing.T) {
			r := ts.do(c.method, c.path, c.body)
			ts.want(r, 422)
			if !slices.Contains(r.detailFields(), c.field) {
				t.Errorf("details %v: %s", r.detailFields(), r.Body)
			}
		})
	}
	// Values stored before the bounds: the total is left unreported,
	// never wrapped round to a negative number.
	ctx := context.Background()
	big := domain.Decimal(math.MaxInt64 / 2) // far beyond MaxDecimal: two of them overflow int64
	for _, u := range []string{"dak-lak", "gia-lai"} {
		v := big
		if err := ts.store.PutIndicators(ctx, domain.Indicators{Unit: u, Year: 2024, Period: domain.PeriodYear, Revenue: &v}); err != nil {
			t.Fatal(err)
		}
	}
	r := ts.do("GET", tn+"/years/2024/indicators", nil)
	ts.want(r, 200)
	totals := r.JSON["totals"].(map[string]any)
	if totals["revenue"] != nil || totals["overflow"].(map[string]any)["revenue"] != true {
		t.Errorf("revenue total %v, overflow %v", totals["revenue"], totals["overflow"])
	}
	ts.want(ts.do("GET", tn+"/years/2024/documents/bao-cao-tong-ket.pdf", nil), 200)
}

// Loose requests that used to pass are refused.
func TestLooseRequestsRefused(t *testing.T) {
	ts := newTestServer(t)
	// What hangs on a year needs the year.
	ts.want(ts.do("POST", tn+"/years/2031/movements", map[string]any{"name": "Phong trào"}), 404)
	ts.want(ts.do("PUT", tn+"/years/2031/narratives/uu-diem", map[string]any{"text": "x"}), 404)
	ts.want(ts.do("PUT", tn+"/years/2031/votes", map[string]any{"subject": "co-thi-dua", "unit": "dak-lak", "for": 1}), 404)
	// A member with an award decision cannot be removed.
	ts.want(ts.do("PUT", tn+"/years/2024/awards", map[string]any{"decisions": []any{map[string]any{"unit": "dak-lak", "kind": "co-thi-dua"}}}), 200)
	r := ts.do("DELETE", tn+"/years/2024/members/dak-lak", nil)
	ts.want(r, 409)
	if r.errCode() != "member_has_award" {
		t.Errorf("code %s", r.errCode())
	}
	// Not found says what, once.
	r = ts.do("GET", "/api/v1/blocs/khong-co", nil)
	ts.want(r, 404)
	if msg := r.JSON["error"].(map[string]any)["message"].(string); msg != `Không tìm thấy khối "khong-co"` {
		t.Errorf("404 message %q", msg)
	}
	// An unknown bloc in a year update is the bloc's 404; an unknown unit
	// is the field that names it.
	ts.want(ts.do("PUT", "/api/v1/blocs/khong-co/years/2024", map[string]any{"leader": "dak-lak"}), 404)
	r = ts.do("PUT", tn+"/years/2024", map[string]any{"leader": "dak-lak", "deputy": "khong-co"})
	ts.want(r, 422)
	if f := r.detailFields(); !slices.Equal(f, []string{"deputy"}) {
		t.Errorf("fields %v", f)
	}
	// Malformed bodies: Vietnamese messages (send checks every error).
	for _, body := range []string{`{"text":`, `{"text": "a"} x`, `[`, `{"text": 1}`, ``} {
		r := ts.do("PUT", tn+"/years/2024/narratives/uu-diem", body)
		ts.want(r, 400)
	}
	r = ts.do("POST", tn+"/years/2035/criteria", "total: [\n", "Content-Type", "application/yaml")
	ts.want(r, 422)
	if !strings.Contains(string(r.Body), "sai cú pháp ở dòng 1") {
		t.Errorf("YAML message %s", r.Body)
	}
}

// Every route under a bloc that does not exist is a 404, never an empty
// list.
func TestUnknownBlocEverywhere(t *testing.T) {
	ts := newTestServer(t)
	const nb = "/api/v1/blocs/khong-co"
	for _, p := range []string{"/years", "/documents/bang-tong-hop-diem.xlsx", "/years/2024", "/years/2024/members", "/years/2024/indicators",
		"/years/2024/movements", "/years/2024/criteria", "/years/2024/criteria/versions", "/years/2024/scores", "/years/2024/ranking",
		"/years/2024/awards", "/years/2024/votes", "/years/2024/narratives", "/years/2024/units/dak-lak/uploads",
		"/years/2024/documents/bao-cao-tong-ket.pdf", "/years/2024/units/dak-lak/phieu-cham-diem.xlsx"} {
		r := ts.do("GET", nb+p, nil)
		ts.want(r, 404)
		if !strings.Contains(string(r.Body), `khối \"khong-co\"`) {
			t.Errorf("%s: %s", p, r.Body)
		}
	}
}

// TestConferenceFormShowsEveryErrorAtOnce: a text error and a range error
// in one conference form are both shown, not the second only after the
// first is fixed.
func TestConferenceFormShowsEveryErrorAtOnce(t *testing.T) {
	ts := newTestServer(t)
	page := "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/hoi-nghi"
	r := ts.postPage(page, "application/x-www-form-urlencoded", url.Values{"place": {"Hội trường 😀"}, "conference_place": {"Hội trường 😀"}, "deadline_end": {"2026-05-01"}}.Encode())
	b := string(r.Body)
	if r.Status != 422 || !strings.Contains(b, "Hạn gửi báo cáo tổng kết năm 2024") || !strings.Contains(b, "không in được") && !strings.Contains(b, "U+1F600") {
		t.Errorf("conference form: %d; both errors expected", r.Status)
	}
}

// TestBlocMarksFormShowsEveryErrorAtOnce: a mark that is not a number, one
// above its criterion's maximum and one too large to be a number are all
// reported in one answer, each in its own words, and nothing is stored.
func TestBlocMarksFormShowsEveryErrorAtOnce(t *testing.T) {
	ts := newTestServer(t)
	page := "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/diem-khoi"
	before := ts.do("GET", tn+"/years/2024/units/gia-lai/scores", nil)
	r := ts.postPage(page, "application/x-www-form-urlencoded", url.Values{"diem-1.1": {"abc"}, "diem-1.2": {"99"}, "diem-1.3": {"999999999999999999999"}}.Encode())
	b := string(r.Body)
	for _, want := range []string{"“abc” không phải là số", "quá lớn so với điểm chuẩn", "1.2"} {
		if !strings.Contains(b, want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
	if r.Status != 422 || strings.Count(b, `class="field-error"`) != 3 {
		t.Errorf("%d, %d errors shown, want 3", r.Status, strings.Count(b, `class="field-error"`))
	}
	if after := ts.do("GET", tn+"/years/2024/units/gia-lai/scores", nil); string(after.Body) != string(before.Body) {
		t.Error("a refused form stored marks")
	}
}
