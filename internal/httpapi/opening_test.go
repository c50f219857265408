package httpapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestOpeningNextYear: the secretariat opens next year in the browser:
// the members at this year's end carried over (Bắc Trung Bộ 2025's merged
// boards are not), the elected leader, the criteria copied, the deadlines
// one year on; the year then exists whole, and a second opening is
// refused. A bloc-year without criteria takes the default set in one step.
func TestOpeningNextYear(t *testing.T) {
	ts := newTestServer(t)
	bloc := "bac-trung-bo"
	page := "/khoi/" + bloc + "/2025/mo-nam-sau"
	plan := ts.do("GET", page, nil)
	ts.want(plan, 200)
	body := string(plan.Body)
	if !strings.Contains(body, "Không chuyển sang năm 2026") || !strings.Contains(body, "Quảng Bình") {
		t.Errorf("the plan does not say who is not carried over: %.3000s", body)
	}
	units := func(year string) (all, atEnd []string) {
		r := ts.do("GET", "/api/v1/blocs/"+bloc+"/years/"+year+"/members", nil)
		ms, _ := r.JSON["members"].([]any)
		for _, m := range ms {
			m := m.(map[string]any)
			all = append(all, m["unit"].(string))
			if u, _ := m["until"].(string); u == "" {
				atEnd = append(atEnd, m["unit"].(string))
			}
		}
		return all, atEnd
	}
	all25, atEnd := units("2025")
	if len(atEnd) == 0 || len(atEnd) == len(all25) {
		t.Fatalf("Bắc Trung Bộ 2025 should have members that left: %v / %v", atEnd, all25)
	}
	r := ts.postPage(page, formType, form("tieu-chi", "copy", "deadline_mid", "2026-06-15", "deadline_end", "2027-05-01"))
	if r.Status != 422 || !strings.Contains(string(r.Body), "Hạn gửi báo cáo tổng kết năm 2026") {
		t.Errorf("a deadline out of range: %d", r.Status)
	}
	if all, _ := units("2026"); len(all) != 0 {
		t.Error("a refused opening left members behind")
	}
	r = ts.postPage(page, formType, form("tieu-chi", "copy", "deadline_mid", "2026-06-15", "deadline_end", "2026-11-30"))
	if r.Status != 303 || r.Header.Get("Location") != "/khoi/"+bloc+"/2026" {
		t.Fatalf("open: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
	}
	if all26, _ := units("2026"); !slices.Equal(all26, atEnd) {
		t.Errorf("members of 2026: %v, want those at 2025's end in order: %v", all26, atEnd)
	}
	y := ts.do("GET", "/api/v1/blocs/"+bloc+"/years/2026", nil)
	if !strings.Contains(string(y.Body), `"year_end":"2026-11-30"`) || !strings.Contains(string(y.Body), `"award_rule"`) {
		t.Errorf("settings of 2026: %s", y.Body)
	}
	c25 := ts.do("GET", "/api/v1/blocs/"+bloc+"/years/2025/criteria", nil)
	c26 := ts.do("GET", "/api/v1/blocs/"+bloc+"/years/2026/criteria", nil)
	ts.want(c26, 200)
	sections := func(r response) any { return r.JSON["criteria"].(map[string]any)["sections"] }
	if fmt.Sprint(sections(c25)) != fmt.Sprint(sections(c26)) {
		t.Errorf("criteria not copied:\n%.300s\n%.300s", c25.Body, c26.Body)
	}
	if r := ts.postPage(page, formType, form("tieu-chi", "copy")); r.Status != 409 {
		t.Errorf("opened twice: %d", r.Status)
	}
	if r := ts.do("POST", "/api/v1/blocs/"+bloc+"/years/2025/open-next", map[string]any{"criteria": "default"}); r.Status != 409 {
		t.Errorf("the API opened it again: %d", r.Status)
	}
	// A year without criteria takes the default set; only once.
	ts.want(ts.do("PUT", "/api/v1/blocs/"+bloc+"/years/2027", map[string]any{}), 200)
	r = ts.postPage("/khoi/"+bloc+"/2027/tieu-chi-mac-dinh", formType, "")
	if r.Status != 303 {
		t.Fatalf("default criteria: %d %.300s", r.Status, r.Body)
	}
	ts.want(ts.do("GET", "/api/v1/blocs/"+bloc+"/years/2027/criteria", nil), 200)
	if r := ts.postPage("/khoi/"+bloc+"/2027/tieu-chi-mac-dinh", formType, ""); r.Status != 409 {
		t.Errorf("default criteria twice: %d", r.Status)
	}
}
