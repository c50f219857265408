package httpapi

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/pdftest"
)

// The secretariat chooses on the conference page which legal bases the
// proposal cites: a dated basis unticked is left out, an act typed is
// added; the form lists the bases in force on the documents' date.
func TestSecretariatChoosesTheLegalBases(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	conf := "/khoi/" + demo.TayNguyen + "/2024/hoi-nghi"
	page := ts.do("GET", conf, nil)
	ts.want(page, 200)
	law, decree := "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022", "Nghị định số 98/2023/NĐ-CP"
	if !strings.Contains(string(page.Body), law) || !strings.Contains(string(page.Body), decree) {
		t.Fatalf("the form does not list the bases in force")
	}
	added := "Quyết định số 1234/QĐ-BTC ngày 01/6/2024 của Bộ trưởng Bộ Tài chính ban hành Quy chế công tác thi đua, khen thưởng của Bộ"
	form := url.Values{"legal_shown": {"1"}, "legal_cited": {law}, "legal_added": {added + "\r\n\r\n"}}
	r := ts.postPage(conf, "application/x-www-form-urlencoded", form.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("saving: %d %s", r.Status, r.Body)
	}
	pdf := ts.do("GET", tn+"/years/2024/documents/to-trinh-khen-thuong.pdf", nil)
	ts.want(pdf, 200)
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf.Body)), " ")
	if !strings.Contains(text, "Căn cứ "+law) || !strings.Contains(text, "Căn cứ "+added) {
		t.Errorf("the proposal does not cite the law and the act added:\n%.1500s", text)
	}
	if strings.Contains(text, decree) {
		t.Error("the decree unticked is still cited")
	}
	// A form without the section keeps the choice.
	r = ts.postPage(conf, "application/x-www-form-urlencoded", url.Values{"conference_place": {"Kon Tum"}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("one field: %d", r.Status)
	}
	y, _ := ts.store.GetYear(t.Context(), demo.TayNguyen, 2024)
	if len(y.Legal.Added) != 1 || len(y.Legal.Removed) != 1 {
		t.Errorf("the choice was lost: %+v", y.Legal)
	}
}
