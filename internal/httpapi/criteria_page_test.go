package httpapi

import (
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestCriteriaPage: the secretariat imports the criteria from a file,
// edits them in the form (every error beside its cell, nothing stored
// until all is right), and saves a new version; a board reads them and
// may not change them; a set marks were given against cannot change.
func TestCriteriaPage(t *testing.T) {
	ts := newTestServer(t)
	ts.want(ts.do("PUT", "/api/v1/blocs/"+tnSlug+"/years/2031/members/dak-lak", map[string]any{}), 200)
	base := "/khoi/" + tnSlug + "/2031/tieu-chi"
	r := ts.do("GET", base, nil)
	ts.want(r, 200)
	if !strings.Contains(string(r.Body), "chưa có bảng tiêu chí") || !strings.Contains(string(r.Body), `id="nhap-tieu-chi"`) {
		t.Fatalf("a year without criteria: %.400s", r.Body)
	}
	// A new year's dashboard says what is still to set: the criteria and
	// the deadlines, with where.
	dash := string(ts.do("GET", "/khoi/"+tnSlug+"/2031", nil).Body)
	if !strings.Contains(dash, "Năm 2031 chưa có hạn gửi") || !strings.Contains(dash, `href="/khoi/`+tnSlug+`/2031/tieu-chi"`) {
		t.Errorf("the new year's dashboard does not say what is left to set")
	}

	// A file that is not a workbook, named as one: refused, in Vietnamese.
	r = ts.upload(base+"/nhap", "tieu-chi.xlsx", []byte("STT,Nội dung\n"))
	if r.Status != 422 || !strings.Contains(string(r.Body), "CSV") {
		t.Errorf("a CSV named .xlsx: %d %.300s", r.Status, r.Body)
	}
	yaml, err := os.ReadFile("../../templates/criteria/mac-dinh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r = ts.upload(base+"/nhap", "Bảng tiêu chí.yaml", yaml)
	if r.Status != 303 || !strings.HasPrefix(r.Header.Get("Location"), base+"?da=luu") {
		t.Fatalf("import: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
	}
	page := string(ts.do("GET", base+"?da=luu", nil).Body)
	for _, want := range []string{"Đã lưu bảng tiêu chí (phiên bản 1)", `name="sections[0].criteria[0].code" value="1.1"`, `name="sections[0].max" value="60"`} {
		if !strings.Contains(page, want) {
			t.Errorf("after the import the page lacks %s", want)
		}
	}

	// Edit: criterion 1.1 raised to 6 without raising its section: the
	// error sits on the section's maximum, the typed 6 is kept, nothing
	// is stored.
	form := formValues(page)
	form.Set("sections[0].criteria[0].max", "6")
	r = ts.postPage(base, formType, form.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), `id="sections[0].max-err"`) || !strings.Contains(string(r.Body), `name="sections[0].criteria[0].max" value="6"`) {
		t.Fatalf("a section that no longer adds up: %d %.600s", r.Status, r.Body)
	}
	if v := ts.do("GET", "/api/v1/blocs/"+tnSlug+"/years/2031/criteria/versions", nil); strings.Count(string(v.Body), `"version"`) != 1 {
		t.Errorf("a refused form stored a version: %s", v.Body[:min(len(v.Body), 300)])
	}
	// A new criterion in the blank row of section I, with the section and
	// the total raised to match; a comma decimal as people type it.
	form.Set("sections[0].max", "62,5")
	form.Set("total", "102,5")
	blank := "sections[0].criteria[24]"
	form.Set(blank+".code", "1.25")
	form.Set(blank+".text", "Hỗ trợ doanh nghiệp chuyển đổi xanh")
	form.Set(blank+".max", "0,5")
	r = ts.postPage(base, formType, form.Encode())
	if r.Status != 303 {
		t.Fatalf("a good edit: %d %.600s", r.Status, r.Body)
	}
	cs := ts.do("GET", "/api/v1/blocs/"+tnSlug+"/years/2031/criteria", nil)
	if got := string(cs.Body); !strings.Contains(got, `"version":2`) || !strings.Contains(got, "chuyển đổi xanh") || !strings.Contains(got, `"total":102.5`) {
		t.Errorf("version 2: %.500s", got)
	}

	// A board of the year reads them, cannot change them.
	board := ts.as("dak-lak")
	r = board.do("GET", base, nil)
	if r.Status != 200 || strings.Contains(string(r.Body), `id="luu-tieu-chi"`) || !strings.Contains(string(r.Body), "chuyển đổi xanh") {
		t.Errorf("the board's view: %d", r.Status)
	}
	if r := board.postPage(base, formType, form.Encode()); r.Status != 403 {
		t.Errorf("a board saving the criteria: %d", r.Status)
	}
	if r := board.upload(base+"/nhap", "x.yaml", yaml); r.Status != 403 {
		t.Errorf("a board importing criteria: %d", r.Status)
	}

	// Marks given in 2024: the set is frozen, shown without a form.
	r = ts.do("GET", "/khoi/"+tnSlug+"/2024/tieu-chi", nil)
	if r.Status != 200 || strings.Contains(string(r.Body), `id="luu-tieu-chi"`) || !strings.Contains(string(r.Body), "không sửa được") {
		t.Errorf("a frozen set: %d %.300s", r.Status, r.Body)
	}
}

// formValues reads the text inputs of the page's criteria form, as a
// browser would send them back (the names and values this page writes).
func formValues(page string) url.Values {
	start := strings.Index(page, `action="/khoi/`+tnSlug+`/2031/tieu-chi">`)
	if start < 0 {
		return url.Values{}
	}
	end := strings.Index(page[start:], "</form>")
	v := url.Values{}
	input := regexp.MustCompile(`<input type="text"[^>]* name="([^"]+)" value="([^"]*)"`)
	area := regexp.MustCompile(`<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>`)
	for _, re := range []*regexp.Regexp{input, area} {
		for _, m := range re.FindAllStringSubmatch(page[start:start+end], -1) {
			v.Set(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
		}
	}
	return v
}
