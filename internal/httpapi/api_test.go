package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/thidua/thidua/internal/testenv"
)

func TestBlocsAndMembers(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", "/api/v1/blocs", nil)
	ts.want(r, 200)
	blocs := r.JSON["blocs"].([]any)
	var slugs []string
	for _, b := range blocs {
		slugs = append(slugs, b.(map[string]any)["slug"].(string))
	}
	if fmt.Sprint(slugs) != "[bac-trung-bo tay-nguyen-duyen-hai-mien-trung trung-du-mien-nui-phia-bac]" {
		t.Errorf("blocs %v", slugs)
	}
	r = ts.do("GET", tn+"?year=2023", nil)
	ts.want(r, 200)
	if n := len(r.JSON["members"].([]any)); n != 11 {
		t.Errorf("2023 members %d", n)
	}
	r = ts.do("GET", tn+"/years/2025/members", nil)
	ts.want(r, 200)
	whole, left := 0, 0
	for _, m := range r.JSON["members"].([]any) {
		switch m.(map[string]any)["until"] {
		case nil:
			whole++
		case "2025-06-30":
			left++
		}
	}
	if whole != 6 || left != 5 {
		t.Errorf("2025: %d members the whole year, %d until 30 June (Kon Tum, Đắk Nông, Bình Định, Phú Yên, Quảng Nam merged into others on 1 July)", whole, left)
	}
	if r := ts.do("PUT", tn+"/years/2025/members/phu-yen", map[string]any{"order": 12, "until": "2024-06-30"}); r.Status != 422 || r.detailFields()[0] != "until" {
		t.Errorf("a last day outside its year: %d %s", r.Status, r.Body)
	}
	ts.want(ts.do("GET", "/api/v1/blocs/khong-co", nil), 404)
	ts.want(ts.do("GET", tn+"?year=abc", nil), 422)
	ts.want(ts.do("GET", tn+"/years/19/members", nil), 400)
}

func TestCreateAndValidateOrganisations(t *testing.T) {
	ts := newTestServer(t)
	nfd := norm.NFD.String("Quảng Ngãi")
	r := ts.do("POST", "/api/v1/units", map[string]any{
		"slug": "quang-ngai-moi", "kind": "KKT",
		"names":    []map[string]any{{"full_name": "Ban Quản lý KKT " + nfd, "short_name": "BQL " + nfd}},
		"province": []map[string]any{{"full_name": " " + nfd + " "}},
	})
	ts.want(r, 201)
	r = ts.do("GET", "/api/v1/units/quang-ngai-moi", nil)
	ts.want(r, 200)
	if !strings.Contains(string(r.Body), `"full_name":"Quảng Ngãi"`) || strings.Contains(string(r.Body), nfd) {
		t.Errorf("NFD stored as is: %s", r.Body)
	}
	ts.want(ts.do("POST", "/api/v1/units", map[string]any{"slug": "quang-ngai-moi", "names": []map[string]any{{"full_name": "x"}}, "province": []map[string]any{{"full_name": "x"}}}), 409)

	for _, c := range []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"bad slug", map[string]any{"slug": "Quảng Ngãi", "names": []map[string]any{{"full_name": "x"}}, "province": []map[string]any{{"full_name": "x"}}}, 422, "slug"},
		{"no name", map[string]any{"slug": "a", "province": []map[string]any{{"full_name": "x"}}}, 422, "names"},
		{"bad date", map[string]any{"slug": "a", "names": []map[string]any{{"full_name": "x", "valid_from": "01/07/2025"}}, "province": []map[string]any{{"full_name": "x"}}}, 422, "names[0].valid_from"},
		{"merged into itself", map[string]any{"slug": "a", "names": []map[string]any{{"full_name": "x"}}, "province": []map[string]any{{"full_name": "x"}}, "merged_into": "a", "merged_on": "2025-07-01"}, 422, "merged_into"},
		{"unknown field", map[string]any{"slug": "a", "ten": "x"}, 400, "ten"},
		{"wrong type", map[string]any{"slug": 5}, 400, "slug"},
		{"not JSON", "{slug:", 400, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := ts.do("POST", "/api/v1/units", c.body)
			ts.want(r, c.status)
			if c.field != "" && !slices.Contains(r.detailFields(), c.field) {
				t.Errorf("details %v lack %q: %s", r.detailFields(), c.field, r.Body)
			}
			if msg := r.JSON["error"].(map[string]any)["message"].(string); msg == "" {
				t.Error("no message")
			}
		})
	}
	// Nothing half-written: the refused units do not exist.
	ts.want(ts.do("GET", "/api/v1/units/a", nil), 404)

	// Blocs: create, rename from a date, read both names.
	r = ts.do("POST", "/api/v1/blocs", map[string]any{"slug": "khoi-moi", "names": []map[string]any{{"full_name": "Khối mới"}},
		"parent": []map[string]any{{"full_name": "Bộ Kế hoạch và Đầu tư"}}})
	ts.want(r, 201)
	r = ts.do("PUT", "/api/v1/blocs/khoi-moi", map[string]any{"names": []map[string]any{{"full_name": "Khối mới (sau sáp nhập)", "valid_from": "2025-07-01"}},
		"parent": []map[string]any{{"full_name": "Bộ Tài chính", "valid_from": "2025-03-01"}}})
	ts.want(r, 200)
	if r.JSON["name"] != "Khối mới (sau sáp nhập)" || r.JSON["ministry"] != "Bộ Tài chính" || len(r.JSON["names"].([]any)) != 2 {
		t.Errorf("after rename: %s", r.Body)
	}
	ts.want(ts.do("PUT", "/api/v1/blocs/khoi-moi/years/2024/members/van-phong", map[string]any{"head_name": "x"}), 409) // in another bloc that year? no: 2024 van-phong is in TN
	ts.want(ts.do("PUT", "/api/v1/blocs/khoi-moi/years/2030/members/van-phong", map[string]any{"head_name": "Nguyễn Văn A", "staff": 12}), 200)
	r = ts.do("GET", "/api/v1/blocs/khoi-moi?year=2030", nil)
	if r.JSON["name_in_year"] != "Khối mới (sau sáp nhập)" || len(r.JSON["members"].([]any)) != 1 {
		t.Errorf("year view %s", r.Body)
	}
	r = ts.do("GET", "/api/v1/blocs/khoi-moi?year=2024", nil)
	if r.JSON["name_in_year"] != "Khối mới" {
		t.Errorf("2024 must keep the old name: %s", r.Body)
	}
	ts.want(ts.do("PUT", "/api/v1/blocs/khoi-moi/years/2030/members/van-phong", map[string]any{"staff": -1}), 422)
	ts.want(ts.do("DELETE", "/api/v1/blocs/khoi-moi/years/2030/members/van-phong", nil), 204)
	ts.want(ts.do("DELETE", "/api/v1/blocs/khoi-moi/years/2030/members/van-phong", nil), 404)
}

func TestYearRolesAndTexts(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	r := ts.do("GET", tn+"/years/2023", nil)
	ts.want(r, 200)
	if r.JSON["leader"] != "van-phong" || r.JSON["deputy"] != "dung-quat" || r.JSON["conference_date"] != "2023-12-28" {
		t.Errorf("2023 roles %s", r.Body)
	}
	body := map[string]any{"leader": "gia-lai", "deputy": "gia-lai"}
	r = ts.do("PUT", tn+"/years/2026", body)
	ts.want(r, 422)
	if !slices.Contains(r.detailFields(), "deputy") {
		t.Errorf("details %v", r.detailFields())
	}
	ts.want(ts.do("PUT", tn+"/years/2026", map[string]any{"leader": "khong-co"}), 422)
	ts.want(ts.do("PUT", tn+"/years/2026", map[string]any{"conference_date": "28/12/2026"}), 422)
	ts.want(ts.do("PUT", tn+"/years/2026", map[string]any{"award_rule": map[string]any{"tie_breakers": []string{"coin_flip"}}}), 422)
	r = ts.do("PUT", tn+"/years/2026", map[string]any{"leader": "gia-lai", "deputy": "van-phong", "conference_date": "2026-12-20",
		"chairs": []map[string]any{{"name": "Nguyễn Văn A", "title": "Trưởng ban"}}, "doc_numbers": map[string]string{"bao-cao-tong-ket": "07"},
		"award_rule": map[string]any{"flag_quota": 2, "merit_quota": 3, "flag_min": "90", "merit_min": 85.5, "tie_breakers": []string{"fewer_deductions"}}})
	ts.want(r, 200)
	if r.JSON["award_rule"].(map[string]any)["merit_min"] != 85.5 {
		t.Errorf("rule %s", r.Body)
	}

	r = ts.do("POST", tn+"/years/2026/movements", map[string]any{"name": "Thi đua chuyển đổi số", "period": "giai đoạn 2026 - 2030"})
	ts.want(r, 201)
	ts.want(ts.do("POST", tn+"/years/2026/movements", map[string]any{"name": " "}), 422)
	r = ts.do("GET", tn+"/years/2026/movements", nil)
	if len(r.JSON["movements"].([]any)) != 1 {
		t.Errorf("movements %s", r.Body)
	}

	ts.want(ts.do("PUT", tn+"/years/2026/narratives/uu-diem", map[string]any{"text": "Đoàn kết, chủ động."}), 200)
	ts.want(ts.do("PUT", tn+"/years/2026/narratives/bat-ky", map[string]any{"text": "x"}), 422)
	ts.want(ts.do("PUT", tn+"/years/2026/narratives/han-che", map[string]any{"text": ""}), 422)
	r = ts.do("GET", tn+"/years/2026/narratives", nil)
	if len(r.JSON["narratives"].([]any)) != 1 {
		t.Errorf("narratives %s", r.Body)
	}

	ts.want(ts.do("PUT", tn+"/years/2023/votes", map[string]any{"subject": "khoi-truong", "unit": "dung-quat", "for": 11, "voters": 11}), 200)
	r = ts.do("PUT", tn+"/years/2023/votes", map[string]any{"subject": "khoi-truong", "unit": "dung-quat", "for": 11, "against": 2, "voters": 11})
	ts.want(r, 422)
	ts.want(ts.do("PUT", tn+"/years/2023/votes", map[string]any{"subject": "bau-cu", "unit": "dung-quat"}), 422)
	ts.want(ts.do("PUT", tn+"/years/2023/votes", map[string]any{"subject": "khoi-pho", "unit": "khong-co", "for": 1}), 422)
	r = ts.do("GET", tn+"/years/2023/votes", nil)
	ts.want(r, 200)

	ts.want(ts.do("PUT", tn+"/years/2023/awards", map[string]any{"decisions": []map[string]any{{"unit": "gia-lai", "kind": "co-thi-dua"}, {"unit": "gia-lai", "kind": "bang-khen"}}}), 422)
	ts.want(ts.do("PUT", tn+"/years/2023/awards", map[string]any{"decisions": []map[string]any{{"unit": "bac-giang", "kind": "co-thi-dua"}}}), 422)
	ts.want(ts.do("PUT", tn+"/years/2023/awards", map[string]any{"decisions": []map[string]any{{"unit": "gia-lai", "kind": "huy-chuong"}}}), 422)
	ts.want(ts.do("PUT", tn+"/years/2023/awards", map[string]any{"decisions": []map[string]any{{"unit": "gia-lai", "kind": "co-thi-dua"}}}), 200)
	r = ts.do("GET", tn+"/years/2023/awards", nil)
	if n := len(r.JSON["decisions"].([]any)); n != 1 {
		t.Errorf("decisions %d", n)
	}
}

func TestIndicatorsExactAndUnknown(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", tn+"/years/2022/indicators", nil)
	ts.want(r, 200)
	tot := r.JSON["totals"].(map[string]any)
	if fmt.Sprint(tot["registered_capital"], tot["export_import"], tot["revenue"], tot["budget"], tot["new_projects"], tot["staff"]) != "61803 21857 397701 43448 80 936" {
		t.Errorf("2022 totals %v", tot)
	}
	// 0,1 + 0,2 must be 0,3 exactly; an unknown value stays null, not zero.
	ts.want(ts.do("PUT", tn+"/years/2030/members/dak-lak", map[string]any{}), 200)
	ts.want(ts.do("PUT", tn+"/years/2030/members/gia-lai", map[string]any{}), 200)
	ts.want(ts.do("PUT", tn+"/years/2030/units/dak-lak/indicators/year", map[string]any{"revenue": 0.1, "budget": nil, "export_import": "1.234,5"}), 200)
	ts.want(ts.do("PUT", tn+"/years/2030/units/gia-lai/indicators/year", map[string]any{"revenue": "0.2", "new_projects": 0}), 200)
	r = ts.do("GET", tn+"/years/2030/indicators", nil)
	tot = r.JSON["totals"].(map[string]any)
	if !strings.Contains(string(r.Body), `"revenue":0.3,`) || tot["budget"] != nil || tot["new_projects"] != 0.0 || tot["export_import"] != 1234.5 {
		t.Errorf("totals %s", r.Body)
	}
	for _, c := range []struct {
		body  any
		field string
	}{
		{map[string]any{"revenue": -1}, "revenue"},
		{map[string]any{"workers": -5}, "workers"},
	} {
		r := ts.do("PUT", tn+"/years/2030/units/dak-lak/indicators/year", c.body)
		ts.want(r, 422)
		if !slices.Contains(r.detailFields(), c.field) {
			t.Errorf("details %v", r.detailFields())
		}
	}
	ts.want(ts.do("PUT", tn+"/years/2030/units/dak-lak/indicators/quy-3", map[string]any{}), 422)
	// A bad decimal is a 422 naming its field, whatever its spelling.
	for _, bad := range []any{"0.0001", "mười", "1e3", 1e30, "9.000.000.000.000.000"} {
		r := ts.do("PUT", tn+"/years/2030/units/dak-lak/indicators/year", map[string]any{"revenue": bad})
		ts.want(r, 422)
		if !slices.Contains(r.detailFields(), "revenue") {
			t.Errorf("%v: details %v", bad, r.detailFields())
		}
	}
	ts.want(ts.do("GET", tn+"/years/2030/indicators?period=q3", nil), 422)
	// The year's plan is a period of its own.
	ts.want(ts.do("PUT", tn+"/years/2030/units/dak-lak/indicators/plan", map[string]any{"revenue": 1000}), 200)
	r = ts.do("GET", tn+"/years/2030/indicators?period=plan", nil)
	if tot := r.JSON["totals"].(map[string]any); tot["revenue"] != 1000.0 {
		t.Errorf("plan totals %s", r.Body)
	}
}

func TestCriteriaAndScores(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	r := ts.do("GET", tn+"/years/2023/criteria", nil)
	ts.want(r, 200)
	if r.JSON["criteria"].(map[string]any)["frozen"] != true {
		t.Errorf("scored set must be frozen")
	}
	yaml := `total: 10
bonus_cap: 1
deduction_cap: 2
sections:
  - {code: I, title: Nhiệm vụ, max: 10, criteria: [{code: "1.1", text: Thu hút đầu tư, max: 6}, {code: "1.2", text: Cải cách hành chính, max: 4}]}
bonus: [{code: T1, text: Sáng kiến, max: 1}]
deductions: [{code: TR1, text: Chậm báo cáo, max: 2, step: 0.5}]
`
	r = ts.do("POST", tn+"/years/2023/criteria", yaml, "Content-Type", "application/yaml")
	ts.want(r, 409)
	if r.errCode() != "criteria_frozen" {
		t.Errorf("code %s", r.errCode())
	}
	ts.want(ts.do("PUT", tn+"/years/2031/members/dak-lak", map[string]any{}), 200)
	r = ts.do("POST", tn+"/years/2031/criteria", strings.Replace(yaml, "max: 4", "max: 3", 1), "Content-Type", "application/yaml")
	ts.want(r, 422)
	if !slices.Contains(r.detailFields(), "sections[0].max") {
		t.Errorf("details %v", r.detailFields())
	}
	r = ts.do("POST", tn+"/years/2031/criteria", yaml, "Content-Type", "application/yaml")
	ts.want(r, 201)
	r = ts.do("POST", tn+"/years/2031/criteria", map[string]any{"total": 5, "sections": []any{}})
	ts.want(r, 422)

	put := func(scores ...map[string]any) response {
		return ts.do("PUT", tn+"/years/2031/units/dak-lak/scores", map[string]any{"scores": scores})
	}
	r = put(map[string]any{"code": "1.1", "self": 7}, map[string]any{"code": "1.2", "self": -1}, map[string]any{"code": "9.9", "self": 1},
		map[string]any{"code": "TR1", "self": 0.25})
	ts.want(r, 422)
	if fmt.Sprint(r.detailFields()) != "[1.1 1.2 9.9 TR1]" {
		t.Errorf("all errors at once: %v %s", r.detailFields(), r.Body)
	}
	ts.want(ts.do("GET", tn+"/years/2031/units/dak-lak/scores", nil), 404)
	r = put(map[string]any{"code": "1.1", "self": "5,5", "remark": "Đạt 110% kế hoạch"}, map[string]any{"code": "1.2", "self": 4, "bloc": 3.75},
		map[string]any{"code": "T1", "self": 1}, map[string]any{"code": "TR1", "self": 0.5})
	ts.want(r, 200)
	res := r.JSON["result"].(map[string]any)
	if res["total"] != 9.75 || res["self_total"] != 10.0 {
		t.Errorf("result %v", res)
	}
	ts.want(ts.do("PUT", tn+"/years/2031/units/gia-lai/scores", map[string]any{"scores": []any{}}), 404) // not a member in 2031
	r = ts.do("GET", tn+"/years/2031/ranking", nil)
	ts.want(r, 200)
	r = ts.do("GET", tn+"/years/2022/ranking", nil)
	ps := r.JSON["proposals"].([]any)
	if len(ps) != 5 || ps[0].(map[string]any)["unit"] != "van-phong" {
		t.Errorf("2022 proposals %v", ps)
	}
	r = ts.do("GET", tn+"/years/2022/scores", nil)
	if n := len(r.JSON["sheets"].([]any)); n != 11 {
		t.Errorf("2022 sheets %d", n)
	}
}

func TestConcurrentWritesOverHTTP(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var bad []string
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r := ts.do("PUT", fmt.Sprintf("%s/years/2023/units/van-phong/indicators/h1", tn), map[string]any{"new_projects": i, "revenue": fmt.Sprintf("%d.5", i)})
			r2 := ts.do("PUT", fmt.Sprintf("%s/years/2023/narratives/han-che", tn), map[string]any{"text": fmt.Sprintf("Hạn chế %d", i)})
			if r.Status != 200 || r2.Status != 200 {
				mu.Lock()
				bad = append(bad, string(r.Body)+string(r2.Body))
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	if len(bad) > 0 {
		t.Fatalf("%d failed writes, e.g. %s", len(bad), bad[0])
	}
}

func TestHealthAndUnknownRoutes(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", "/healthz", nil)
	ts.want(r, 200)
	ts.want(ts.do("GET", "/api/v1/khong-co", nil), http.StatusNotFound)
	ts.want(ts.do("PATCH", "/api/v1/blocs", nil), http.StatusMethodNotAllowed)
}

func TestBodyTooLarge(t *testing.T) {
	ts := newTestServer(t)
	big := `{"text":"` + strings.Repeat("a", 2<<20) + `"}`
	r := ts.do("PUT", tn+"/years/2023/narratives/uu-diem", big)
	ts.want(r, http.StatusRequestEntityTooLarge)
	if r.errCode() != "body_too_large" {
		t.Errorf("code %s", r.errCode())
	}
}
