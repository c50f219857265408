package httpapi

import (
	"net/url"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/ui"
)

// useCaseActions are the actions the application layer records itself
// (not named by a route).
var useCaseActions = []string{"login", "logout", "password_change", "password_reset", "password_forgot", "password_reset_link",
	"user_create", "user_update", "user_disable", "user_enable", "user_delete", "user_unlock", "grant", "revoke",
	"token_create", "token_revoke", "reminder_send", "text_return_mail"}

// TestEveryAuditedActionIsSaidInVietnamese: the audit page never shows a
// code.
func TestEveryAuditedActionIsSaidInVietnamese(t *testing.T) {
	s, _ := newServer(Deps{Store: newTestServer(t).store})
	for a := range s.actions {
		if ui.ActionLabel(a) == a {
			t.Errorf("route action %q has no label", a)
		}
	}
	for _, a := range useCaseActions {
		if ui.ActionLabel(a) == a {
			t.Errorf("use-case action %q has no label", a)
		}
	}
}

// TestAuditPageFiltersAndNames: the secretariat's audit page names people
// and units, says actions and outcomes in Vietnamese, and filters by
// person, action, unit and day; the CSV follows the same filter.
func TestAuditPageFiltersAndNames(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	y := tn + "/years/2024"
	sec.want(sec.do("POST", y+"/units/gia-lai/texts/year/return", map[string]any{"comment": "Bổ sung."}), 200)
	ts.as("kon-tum").do("PUT", y+"/units/gia-lai/texts/year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": "x"}}) // refused 403
	page := "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/nhat-ky"
	all := string(sec.do("GET", page, nil).Body)
	for _, want := range []string{"Trả lại báo cáo của đơn vị", "Ban Quản lý Khu kinh tế tỉnh Gia Lai", "Thư ký Khối thi đua", "Bị từ chối: không có quyền"} {
		if !strings.Contains(all, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	if strings.Contains(all, ">texts_return<") || strings.Contains(all, ">refused 403<") {
		t.Error("the audit page shows codes")
	}
	q := url.Values{"actor": {"kon-tum"}}.Encode()
	only := string(sec.do("GET", page+"?"+q, nil).Body)
	only = only[strings.Index(only, "<tbody>"):] // the rows, not the filter's choices
	if strings.Contains(only, "Trả lại báo cáo của đơn vị") || !strings.Contains(only, "Bị từ chối: không có quyền") {
		t.Error("the filter by person does not filter")
	}
	if none := string(sec.do("GET", page+"?from=2001-01-01&to=2001-01-02", nil).Body); !strings.Contains(none, "Không có việc nào khớp bộ lọc") {
		t.Error("the filter by day does not filter")
	}
	csv := sec.do("GET", y+"/audit.csv?action=texts_return", nil)
	if b := string(csv.Body); !strings.Contains(b, "Trả lại báo cáo của đơn vị") || strings.Contains(b, "Bị từ chối") {
		t.Errorf("CSV with a filter: %s", b)
	}
}
