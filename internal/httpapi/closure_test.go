package httpapi

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
)

// TestClosedYearRefusesEveryWrite: the demo closed Tây Nguyên 2023 after
// its conference. Every way of changing that year's data, through the API
// and the pages, as the administrator even, answers 409 year_closed and
// changes nothing (the year's version does not move); its documents still
// download.
func TestClosedYearRefusesEveryWrite(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	y := tn + "/years/2023"
	// The demo has no honour that year: reopened to add one, closed again.
	ts.want(ts.do("POST", y+"/reopen", map[string]any{"reason": "Ghi quyết định khen thưởng nhận muộn"}), 200)
	ts.want(ts.do("POST", y+"/units/dak-lak/honours", map[string]any{"period": "year", "form": "Cờ thi đua của UBND tỉnh Đắk Lắk"}), 201)
	ts.want(ts.do("POST", y+"/close", nil), 200)
	st0, err := ts.store.YearState(ctx, demo.TayNguyen, 2023)
	if err != nil || !st0.Closed() {
		t.Fatalf("demo year 2023 not closed: %+v %v", st0, err)
	}
	wb := ts.do("GET", y+"/units/dak-lak/phieu-cham-diem.xlsx", nil)
	ts.want(wb, 200)
	crit := ts.do("GET", y+"/criteria", nil)
	ts.want(crit, 200)
	hon := ts.do("GET", y+"/honours", nil)
	ts.want(hon, 200)
	honours, _ := hon.JSON["honours"].([]any)
	if len(honours) == 0 {
		t.Fatal("no honour in the demo year to try deleting")
	}
	// One of the year's honours, deleted through its own unit's route.
	h0 := honours[0].(map[string]any)
	honourUnit, honourID := h0["unit"].(string), int(h0["id"].(float64))
	sheet := ts.do("GET", y+"/units/gia-lai/scores", nil)
	ts.want(sheet, 200)
	api := []struct {
		name, method, path string
		body               any
	}{
		{"settings", "PUT", y, map[string]any{"conference_place": "Hội trường khác"}},
		{"member", "PUT", y + "/members/dak-lak", map[string]any{"head_name": "Nguyễn Văn B"}},
		{"member removed", "DELETE", y + "/members/dak-lak", nil},
		{"indicators", "PUT", y + "/units/dak-lak/indicators/year", map[string]any{"workers": 12345}},
		{"movement", "POST", y + "/movements", map[string]any{"name": "Phong trào thêm sau hội nghị"}},
		{"criteria", "POST", y + "/criteria", crit.JSON["criteria"]},
		{"bloc marks", "PUT", y + "/units/gia-lai/scores", map[string]any{"scores": []any{}}},
		{"awards", "PUT", y + "/awards", map[string]any{"decisions": []map[string]any{{"unit": "gia-lai", "kind": "co-thi-dua"}}}},
		{"votes", "PUT", y + "/votes", map[string]any{"subject": "khoi-truong", "unit": "dung-quat", "for": 11, "voters": 11}},
		{"honour", "POST", y + "/units/dak-lak/honours", map[string]any{"period": "year", "form": "Bằng khen của UBND tỉnh Đắk Lắk"}},
		{"honour removed", "DELETE", fmt.Sprintf("%s/units/%s/honours/%d", y, honourUnit, honourID), nil},
		{"texts", "PUT", y + "/units/dak-lak/texts/year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": "Thêm sau hội nghị."}, "send": true}},
		{"texts returned", "POST", y + "/units/dak-lak/texts/year/return", map[string]any{"comment": "Bổ sung số liệu."}},
		{"narrative", "PUT", y + "/narratives/uu-diem", map[string]any{"text": "Sửa sau hội nghị."}},
	}
	for _, c := range api {
		r := ts.do(c.method, c.path, c.body)
		if r.Status != 409 || r.errCode() != domain.CodeYearClosed {
			t.Errorf("%s: %d %s, want 409 year_closed", c.name, r.Status, r.Body)
		}
	}
	r := ts.upload(y+"/units/dak-lak/phieu-cham-diem", "muon.xlsx", wb.Body)
	if r.Status != 409 || r.errCode() != domain.CodeYearClosed || !strings.Contains(string(r.Body), "đã khoá sổ ngày ") {
		t.Errorf("late workbook: %d %s", r.Status, r.Body)
	}
	// The pages say it in a page.
	page := "/khoi/" + demo.TayNguyen + "/2023"
	for _, p := range []struct{ path, form string }{
		{page + "/bo-phieu", url.Values{"tan-thanh-khoi-truong-dung-quat": {"11"}, "so-nguoi-khoi-truong-dung-quat": {"11"}}.Encode()},
		{page + "/loi-van", url.Values{"uu-diem": {"Sửa."}}.Encode()},
		{page + "/don-vi/dak-lak/bao-cao/year", url.Values{"thu-hut-dau-tu": {"Sửa."}, "gui": {"1"}}.Encode()},
	} {
		r := ts.postPage(p.path, "application/x-www-form-urlencoded", p.form)
		if r.Status != 409 || !strings.Contains(string(r.Body), "đã khoá sổ ngày ") {
			t.Errorf("%s: %d %.300s", p.path, r.Status, r.Body)
		}
	}
	st1, err := ts.store.YearState(ctx, demo.TayNguyen, 2023)
	if err != nil || st1.Version != st0.Version {
		t.Errorf("version moved from %d to %d (%v): something was written", st0.Version, st1.Version, err)
	}
	if after := ts.do("GET", y+"/units/gia-lai/scores", nil); string(after.Body) != string(sheet.Body) {
		t.Error("a closed year's marks changed")
	}
	// Still downloadable, by its board too.
	ts.want(ts.do("GET", y+"/documents/bao-cao-tong-ket.pdf", nil), 200)
	ts.as("dak-lak").want(ts.as("dak-lak").do("GET", y+"/units/dak-lak/documents/bao-cao-so-ket.pdf", nil), 200)
}

// TestClosingAndReopening: the secretariat closes its year once the
// conference is held, never before; it cannot reopen; the administrator
// reopens with a reason, which the audit log keeps.
func TestClosingAndReopening(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-" + demo.TayNguyen)
	y := tn + "/years/2024"
	ts.want(sec.do("PUT", y, map[string]any{"conference_date": ""}), 200)
	r := sec.do("POST", y+"/close", nil)
	if r.Status != 409 || r.errCode() != "conference_not_held" {
		t.Fatalf("close without a conference: %d %s", r.Status, r.Body)
	}
	// (A conference date still to come is refused too: domain test.)
	ts.want(sec.do("PUT", y, map[string]any{"conference_date": "2025-01-10"}), 200)
	r = sec.do("POST", y+"/close", nil)
	ts.want(r, 200)
	if r.JSON["closed_by"] != "thuky-"+demo.TayNguyen || r.JSON["closed_at"] == "" {
		t.Errorf("state %s", r.Body)
	}
	ts.want(sec.do("POST", y+"/close", nil), 409)
	ts.want(sec.do("GET", y+"/state", nil), 200)
	if r := ts.as("phu-yen").do("PUT", y+"/units/phu-yen/texts/year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": "Muộn."}}); r.errCode() != domain.CodeYearClosed {
		t.Errorf("board write on a closed year: %d %s", r.Status, r.Body)
	}
	// Only an administrator reopens, and says why.
	ts.want(sec.do("POST", y+"/reopen", map[string]any{"reason": "Sửa điểm"}), 403)
	if r := ts.do("POST", y+"/reopen", map[string]any{"reason": " "}); r.Status != 422 || r.detailFields()[0] != "reason" {
		t.Errorf("reopen without a reason: %d %s", r.Status, r.Body)
	}
	r = ts.do("POST", y+"/reopen", map[string]any{"reason": "Phú Yên gửi bổ sung quyết định khen thưởng"})
	ts.want(r, 200)
	if r.JSON["closed_at"] != nil || r.JSON["reopen_reason"] != "Phú Yên gửi bổ sung quyết định khen thưởng" || r.JSON["reopened_by"] != "admin" {
		t.Errorf("reopened state %s", r.Body)
	}
	ts.want(ts.as("phu-yen").do("PUT", y+"/units/phu-yen/texts/year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": "Bổ sung."}}), 200)
	audit := ts.do("GET", y+"/audit", nil)
	for _, a := range []string{"year_close", "year_reopen"} {
		if !strings.Contains(string(audit.Body), a) {
			t.Errorf("audit log lacks %s", a)
		}
	}
	// On the dashboard: the state, and the form of whoever may act.
	ts.want(sec.do("POST", y+"/close", nil), 200)
	page := sec.do("GET", "/khoi/"+demo.TayNguyen+"/2024", nil)
	if body := string(page.Body); !strings.Contains(body, "Năm 2024 đã khoá sổ lúc") || strings.Contains(body, "Mở lại năm 2024") {
		t.Errorf("secretariat's dashboard of a closed year: %.2000s", body)
	}
	// Who closed it, by name.
	if body := string(page.Body); !strings.Contains(body, "(Thư ký Khối") {
		t.Errorf("the closing is not named by the person: %s", body[strings.Index(body, "đã khoá sổ lúc"):][:200])
	}
	if body := string(ts.do("GET", "/khoi/"+demo.TayNguyen+"/2024", nil).Body); !strings.Contains(body, "Mở lại năm 2024") {
		t.Error("the administrator's dashboard offers no reopening")
	}
}

// TestFormsRefuseWhatTheAPIRefuses: an emoji in an award's name typed in
// the unit page's form is refused beside its field, as the API refuses
// it, and nothing is stored.
func TestFormsRefuseWhatTheAPIRefuses(t *testing.T) {
	ts := newTestServer(t)
	y := tn + "/years/2024"
	before := ts.do("GET", y+"/honours", nil)
	r := ts.postPage("/khoi/"+demo.TayNguyen+"/2024/don-vi/dak-lak/khen-thuong", "application/x-www-form-urlencoded",
		url.Values{"ky": {"year"}, "hinh-thuc": {"Cờ thi đua 😀"}}.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), `id="loi-hinh-thuc"`) {
		t.Errorf("emoji in the form: %d %.400s", r.Status, r.Body)
	}
	api := ts.do("POST", y+"/units/dak-lak/honours", map[string]any{"period": "year", "form": "Cờ thi đua 😀"})
	if api.Status != 422 {
		t.Errorf("emoji in the API: %d %s", api.Status, api.Body)
	}
	if after := ts.do("GET", y+"/honours", nil); string(after.Body) != string(before.Body) {
		t.Errorf("an honour with an emoji was stored: %s", after.Body)
	}
}

// TestClosedYearPagesSayItAndDisableTheirForms: every page with a form of
// a closed year's data says the year is closed and disables its form.
func TestClosedYearPagesSayItAndDisableTheirForms(t *testing.T) {
	ts := newTestServer(t)
	page := "/khoi/" + demo.TayNguyen + "/2023"
	for _, p := range []string{"/hoi-nghi", "/bo-phieu", "/loi-van", "/don-vi/gia-lai/chi-tieu", "/don-vi/gia-lai/diem-khoi"} {
		r := ts.do("GET", page+p, nil)
		ts.want(r, 200)
		if b := string(r.Body); !strings.Contains(b, `<fieldset class="bare" disabled>`) || !strings.Contains(b, "đã khoá sổ ngày ") {
			t.Errorf("%s: the closed year's form is not disabled or not said", p)
		}
		if open := ts.do("GET", "/khoi/"+demo.TayNguyen+"/2024"+p, nil); strings.Contains(string(open.Body), `<fieldset class="bare" disabled>`) {
			t.Errorf("%s: an open year's form is disabled", p)
		}
	}
}
