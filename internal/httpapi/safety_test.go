package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/testenv"
)

// A write changes what it names and nothing else, through the API and the
// pages alike, and a page POST whose body is not a form changes nothing.

// sheetOf reads a unit's 2023 sheet of Tây Nguyên.
func sheetOf(t *testing.T, ts *testServer, unit string) map[string]domain.Score {
	t.Helper()
	cs, err := ts.store.CurrentCriteria(context.Background(), demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := ts.store.ListScores(context.Background(), cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sheets {
		if s.Unit == unit {
			return s.ByCode()
		}
	}
	t.Fatalf("no sheet of %s", unit)
	return nil
}

// selfMarked is a criterion the unit marked itself.
func selfMarked(t *testing.T, sheet map[string]domain.Score) domain.Score {
	for _, s := range sheet {
		if s.Self != nil && *s.Self > 0 {
			return s
		}
	}
	t.Fatal("no self mark")
	return domain.Score{}
}

func TestPutScoresChangesOnlyWhatItNames(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	before := sheetOf(t, ts, "phu-yen")
	line := selfMarked(t, before)
	r := ts.do("PUT", tn+"/years/2023/units/phu-yen/scores", map[string]any{"scores": []any{map[string]any{"code": line.Code, "bloc": 0}}})
	ts.want(r, 200)
	after := sheetOf(t, ts, "phu-yen")
	if len(after) != len(before) {
		t.Errorf("%d lines before, %d after", len(before), len(after))
	}
	for code, b := range before {
		a := after[code]
		if !decEq(a.Self, b.Self) || a.Remark != b.Remark {
			t.Errorf("%s: own mark or remark changed: %+v → %+v", code, b, a)
		}
		if code != line.Code && !decEq(a.Bloc, b.Bloc) {
			t.Errorf("%s: bloc mark not named but changed", code)
		}
	}
	if a := after[line.Code]; a.Bloc == nil || *a.Bloc != 0 {
		t.Errorf("the bloc mark named was not set: %+v", a)
	}
	// null clears what it names, and only that.
	ts.want(ts.do("PUT", tn+"/years/2023/units/phu-yen/scores", map[string]any{"scores": []any{map[string]any{"code": line.Code, "bloc": nil}}}), 200)
	if a := sheetOf(t, ts, "phu-yen")[line.Code]; a.Bloc != nil || !decEq(a.Self, line.Self) {
		t.Errorf("after null: %+v", a)
	}
}

func decEq(a, b *domain.Decimal) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestPutYearChangesOnlyWhatItNames(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	ctx := context.Background()
	before, err := ts.store.GetYear(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	ts.want(ts.do("PUT", tn+"/years/2023", map[string]any{"conference_place": "Hội trường mới"}), 200)
	after, _ := ts.store.GetYear(ctx, demo.TayNguyen, 2023)
	if after.ConferencePlace != "Hội trường mới" {
		t.Errorf("place %q", after.ConferencePlace)
	}
	after.ConferencePlace = before.ConferencePlace
	if !sameYear(before, after) {
		t.Errorf("fields not named changed:\n%+v\n%+v", before, after)
	}
}

func sameYear(a, b domain.BlocYear) bool {
	return a.Leader == b.Leader && a.Deputy == b.Deputy && a.Host == b.Host && a.ConferenceDate == b.ConferenceDate &&
		len(a.DocNumbers) == len(b.DocNumbers) && a.Deadlines == b.Deadlines && a.Guidance == b.Guidance && a.Minutes.Secretary == b.Minutes.Secretary
}

// postPage sends a page POST as a browser would from the site itself.
func (ts *testServer) postPage(path, contentType, body string) response {
	ts.t.Helper()
	req, err := http.NewRequest("POST", ts.URL+path, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Origin", ts.URL)
	return ts.send(req)
}

func TestPagePostNotAFormChangesNothing(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	ctx := context.Background()
	conf := "/khoi/" + demo.TayNguyen + "/2023/hoi-nghi"
	marks := "/khoi/" + demo.TayNguyen + "/2023/don-vi/phu-yen/diem-khoi"
	before, _ := ts.store.GetYear(ctx, demo.TayNguyen, 2023)
	sheet := sheetOf(t, ts, "phu-yen")
	for _, b := range []struct{ ct, body string }{
		{"application/json", `{"deputy":""}`},
		{"", "deputy="},
		{"application/x-www-form-urlencoded", "deputy=%zz&conference_place="},
		{"multipart/form-data", "--x\r\n"},
		{"text/plain", "deputy="},
	} {
		for _, path := range []string{conf, marks} {
			r := ts.postPage(path, b.ct, b.body)
			if r.Status != http.StatusBadRequest || !strings.Contains(string(r.Body), "không phải là một biểu mẫu hợp lệ") {
				t.Errorf("%s as %q: %d, want 400 with a page saying why", path, b.ct, r.Status)
			}
		}
	}
	after, _ := ts.store.GetYear(ctx, demo.TayNguyen, 2023)
	if !sameYear(before, after) || after.ConferencePlace != before.ConferencePlace {
		t.Errorf("the year changed:\n%+v\n%+v", before, after)
	}
	if now := sheetOf(t, ts, "phu-yen"); len(now) != len(sheet) {
		t.Errorf("the sheet changed: %d lines, was %d", len(now), len(sheet))
	}

	// A form that sends one field changes that field alone.
	r := ts.postPage(conf, "application/x-www-form-urlencoded", url.Values{"conference_place": {"Nhà văn hóa tỉnh"}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("one field: %d %s", r.Status, r.Body)
	}
	after, _ = ts.store.GetYear(ctx, demo.TayNguyen, 2023)
	if after.ConferencePlace != "Nhà văn hóa tỉnh" || !sameYear(before, after) {
		t.Errorf("one field sent:\n%+v\n%+v", before, after)
	}
	line := selfMarked(t, sheet)
	r = ts.postPage(marks, "application/x-www-form-urlencoded", url.Values{"diem-" + line.Code: {"0"}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("one mark: %d %s", r.Status, r.Body)
	}
	now := sheetOf(t, ts, "phu-yen")
	for code, s := range sheet {
		if code != line.Code && !decEq(now[code].Bloc, s.Bloc) || !decEq(now[code].Self, s.Self) {
			t.Errorf("%s changed: %+v → %+v", code, s, now[code])
		}
	}
}

// TestLoginRedirectStaysOnSite: after signing in, a return address that a
// browser would read as another site (a tab it drops, a backslash) sends
// the person home instead.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	ts := newTestServer(t)
	for _, next := range []string{"%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%5Cevil.example", "%2F%2Fevil.example", "https:%2F%2Fevil.example"} {
		r := ts.do("GET", "/dang-nhap?tiep="+next, nil)
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("tiep=%s: %d Location %q", next, r.Status, r.Header.Get("Location"))
		}
		anon := ts.as("")
		form := url.Values{"username": {"admin"}, "password": {testPassword}, "tiep": {must(url.QueryUnescape(next))}}
		r = anon.postPage("/dang-nhap", "application/x-www-form-urlencoded", form.Encode())
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/" {
			t.Errorf("signing in with tiep=%s: %d Location %q", next, r.Status, r.Header.Get("Location"))
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestNamesAndExportsCannotDeceive: an upload's file name keeps no format
// character (a right-to-left override made "phieu‮xslx.exe" read as
// "phieuexe.xlsx"); Content-Disposition's filename* encodes every byte
// outside RFC 8187's attr-char; the audit log's CSV shows a value typed
// into a URL as text, never as a spreadsheet formula.
func TestNamesAndExportsCannotDeceive(t *testing.T) {
	ts := newTestServer(t)
	base := tn + "/years/2024/units/phu-yen/"
	wb := ts.do("GET", base+"phieu-cham-diem.xlsx", nil)
	ts.want(wb, 200)
	board := ts.as("phu-yen")
	r := board.upload(base+"phieu-cham-diem", "phiếu\u202exslx.exe\u200b", wb.Body)
	if r.Status >= 500 {
		t.Fatalf("upload: %d %s", r.Status, r.Body)
	}
	ups := ts.do("GET", base+"uploads", nil)
	ts.want(ups, 200)
	name := ups.JSON["uploads"].([]any)[0].(map[string]any)["filename"].(string)
	if name != "phiếuxslx.exe" {
		t.Errorf("stored file name %q", name)
	}
	if cd := contentDisposition("Biên bản: số 04=BB.pdf"); !strings.Contains(cd, "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%3A%20s%E1%BB%91%2004%3DBB.pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}

	for _, evil := range []string{"=HYPERLINK(\"http:\"&A1).pdf", "+1+2.pdf", "-2+3.pdf", "@SUM(1).pdf"} {
		ts.do("GET", tn+"/years/2023/documents/"+url.PathEscape(evil), nil)
	}
	csv := ts.do("GET", tn+"/years/2023/audit.csv", nil)
	ts.want(csv, 200)
	for _, line := range strings.Split(string(csv.Body), "\n") {
		for _, field := range strings.Split(line, ",") {
			field = strings.TrimPrefix(field, `"`)
			if field != "" && strings.ContainsRune("=+-@", rune(field[0])) {
				t.Errorf("a field a spreadsheet would run: %q in %q", field, line)
			}
		}
	}
	if !strings.Contains(string(csv.Body), "'=HYPERLINK") {
		t.Errorf("the refused request is not in the log as text:\n%s", csv.Body)
	}
}

func TestPutMemberChangesOnlyWhatItNames(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	ctx := context.Background()
	find := func() domain.Member {
		ms, err := ts.store.Members(ctx, demo.TayNguyen, 2023)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Unit == "phu-yen" {
				return m
			}
		}
		t.Fatal("phu-yen is not a member")
		return domain.Member{}
	}
	ts.want(ts.do("PUT", tn+"/years/2023/members/phu-yen", map[string]any{"head_name": "Nguyễn Văn An", "head_title": "Trưởng ban"}), 200)
	before := find()
	ts.want(ts.do("PUT", tn+"/years/2023/members/phu-yen", map[string]any{"staff": 42}), 200)
	after := find()
	if after.Staff == nil || *after.Staff != 42 || after.HeadName != before.HeadName || after.HeadTitle != before.HeadTitle || after.Order != before.Order || after.Region != before.Region {
		t.Errorf("before %+v\nafter %+v", before, after)
	}
}

// TestIndicatorsChangeOnlyWhatIsNamed: through the API and the page, a
// figure not sent is kept; null (API) or an empty cell sent (page) clears.
func TestIndicatorsChangeOnlyWhatIsNamed(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	get := func() domain.Indicators {
		list, err := ts.store.ListIndicators(ctx, demo.TayNguyen, 2024, domain.PeriodYear)
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range list {
			if ind.Unit == "phu-yen" {
				return ind
			}
		}
		return domain.Indicators{}
	}
	path := tn + "/years/2024/units/phu-yen/indicators/year"
	ts.want(ts.do("PUT", path, map[string]any{"new_projects": 12, "revenue": "1.234,5"}), 200)
	ts.want(ts.do("PUT", path, map[string]any{"workers": 3000}), 200)
	ind := get()
	if ind.NewProjects == nil || *ind.NewProjects != 12 || ind.Revenue == nil || ind.Workers == nil || *ind.Workers != 3000 {
		t.Errorf("after two partial PUTs: %+v", ind)
	}
	ts.want(ts.do("PUT", path, map[string]any{"revenue": nil}), 200)
	if ind := get(); ind.Revenue != nil || ind.NewProjects == nil {
		t.Errorf("after null: %+v", ind)
	}
	page := "/khoi/" + demo.TayNguyen + "/2024/don-vi/phu-yen/chi-tieu"
	r := ts.postPage(page, "application/x-www-form-urlencoded", url.Values{"year-budget": {"55,5"}, "year-workers": {""}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("page: %d %s", r.Status, r.Body)
	}
	if ind := get(); ind.Budget == nil || ind.Workers != nil || ind.NewProjects == nil || *ind.NewProjects != 12 {
		t.Errorf("after the page: %+v", ind)
	}
}

// TestNarrativesFormKeepsWhatItDoesNotSend: a text the form did not send
// is kept (it went back to its default as if emptied).
func TestNarrativesFormKeepsWhatItDoesNotSend(t *testing.T) {
	ts := newTestServer(t)
	testenv.ReopenDemo(t, ts.store)
	ts.want(ts.do("PUT", tn+"/years/2023/narratives/uu-diem", map[string]any{"text": "Ưu điểm do thư ký viết."}), 200)
	r := ts.postPage("/khoi/"+demo.TayNguyen+"/2023/loi-van", "application/x-www-form-urlencoded", url.Values{"han-che": {"Hạn chế do thư ký viết."}}.Encode())
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	ns, err := ts.store.ListNarratives(context.Background(), demo.TayNguyen, 2023, "")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, n := range ns {
		got[n.Key] = n.Text
	}
	if got["uu-diem"] != "Ưu điểm do thư ký viết." || got["han-che"] != "Hạn chế do thư ký viết." {
		t.Errorf("narratives: %v", got)
	}
}

// The expected conference date is kept, and dates an undated year's
// documents: the ministry then in office receives the proposal.
func TestExpectedDateDatesDocuments(t *testing.T) {
	ts := newTestServer(t)
	path := "/api/v1/blocs/" + demo.BacTrung + "/years/2024"
	ts.want(ts.do("PUT", path, map[string]any{"expected_conference_date": "2024-12-20"}), 200)
	r := ts.do("GET", path, nil)
	if r.JSON["expected_conference_date"] != "2024-12-20" {
		t.Fatalf("not kept: %s", r.Body)
	}
	ts.want(ts.do("PUT", path, map[string]any{"expected_conference_date": "2027-01-01"}), 422)
}

// TestVotesFormStoresAllOrNothing: the conference's votes form is one
// write. A valid first row and a wrong later one store neither; the page
// shows the error beside the wrong row and keeps what was typed.
func TestVotesFormStoresAllOrNothing(t *testing.T) {
	ts := newTestServer(t)
	y := tn + "/years/2024"
	ms := ts.do("GET", y+"/members", nil)
	ts.want(ms, 200)
	members, _ := ms.JSON["members"].([]any)
	if len(members) < 2 {
		t.Fatalf("members: %s", ms.Body)
	}
	first, second := members[0].(map[string]any)["unit"].(string), members[1].(map[string]any)["unit"].(string)
	before := ts.do("GET", y+"/votes", nil)
	ts.want(before, 200)
	form := url.Values{
		"tan-thanh-co-thi-dua-" + first: {"7"}, "so-nguoi-co-thi-dua-" + first: {"9"},
		// More votes than voters: refused by the domain.
		"tan-thanh-bang-khen-" + second: {"8"}, "khong-bang-khen-" + second: {"3"}, "so-nguoi-bang-khen-" + second: {"9"},
	}
	r := ts.postPage("/khoi/"+demo.TayNguyen+"/2024/bo-phieu", "application/x-www-form-urlencoded", form.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), "vượt số người bỏ phiếu") || !strings.Contains(string(r.Body), `value="7"`) {
		t.Fatalf("bad form: %d %.400s", r.Status, r.Body)
	}
	if after := ts.do("GET", y+"/votes", nil); string(after.Body) != string(before.Body) {
		t.Errorf("a refused form stored votes:\nbefore %s\nafter  %s", before.Body, after.Body)
	}
	delete(form, "khong-bang-khen-"+second)
	r = ts.postPage("/khoi/"+demo.TayNguyen+"/2024/bo-phieu", "application/x-www-form-urlencoded", form.Encode())
	if r.Status != 303 {
		t.Fatalf("good form: %d %.400s", r.Status, r.Body)
	}
	after := ts.do("GET", y+"/votes", nil)
	for _, want := range []string{`"subject":"co-thi-dua","unit":"` + first + `","for":7`, `"subject":"bang-khen","unit":"` + second + `","for":8`} {
		if !strings.Contains(string(after.Body), want) {
			t.Errorf("stored votes lack %s: %s", want, after.Body)
		}
	}
}

// TestManyFieldFormsStoreAllOrNothing: the indicators form (three periods)
// and the texts form (many texts) are each one write: a later field that
// is refused leaves the earlier ones unstored, and says which field.
func TestManyFieldFormsStoreAllOrNothing(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	page := "/khoi/" + demo.TayNguyen + "/2024"
	workers := func(period string) *int64 {
		list, err := ts.store.ListIndicators(ctx, demo.TayNguyen, 2024, period)
		if err != nil {
			t.Fatal(err)
		}
		for _, ind := range list {
			if ind.Unit == "phu-yen" {
				return ind.Workers
			}
		}
		return nil
	}
	plan0 := workers(domain.PeriodPlan)
	r := ts.postPage(page+"/don-vi/phu-yen/chi-tieu", "application/x-www-form-urlencoded",
		url.Values{domain.PeriodPlan + "-workers": {"4321"}, domain.PeriodYear + "-workers": {"-5"}}.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), "Không được là số âm") {
		t.Fatalf("indicators: %d %.300s", r.Status, r.Body)
	}
	if got := workers(domain.PeriodPlan); (got == nil) != (plan0 == nil) || (got != nil && *got != *plan0) {
		t.Errorf("the plan's workers changed by a refused form: %v, was %v", got, plan0)
	}

	get := func() map[string]string {
		yd, err := ts.store.ListNarratives(ctx, demo.TayNguyen, 2024, "")
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, n := range yd {
			out[n.Key] = n.Text
		}
		return out
	}
	before := get()
	r = ts.postPage(page+"/loi-van", "application/x-www-form-urlencoded",
		url.Values{domain.NarrStrengths: {"Ưu điểm mới của năm."}, domain.NarrLessons: {"Bài học 😀"}}.Encode())
	if r.Status != 422 || !strings.Contains(string(r.Body), "Ưu điểm mới của năm.") {
		t.Fatalf("texts: %d %.300s", r.Status, r.Body)
	}
	if after := get(); after[domain.NarrStrengths] != before[domain.NarrStrengths] {
		t.Errorf("a refused form stored %q", after[domain.NarrStrengths])
	}
}

// TestDashboardWarnsOfMarksBeforeAnUpload: the bloc's marks entered before
// a board's newest accepted upload are flagged on the dashboard until the
// secretariat saves them again.
func TestDashboardWarnsOfMarksBeforeAnUpload(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-" + demo.TayNguyen)
	page := "/khoi/" + demo.TayNguyen + "/2024"
	base := tn + "/years/2024/units/phu-yen/phieu-cham-diem"
	const warn = "Điểm Khối chấm nhập trước bản này"
	lo, err := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	ts.want(ts.upload(base, "a.xlsx", lo), 201)
	mark := func() {
		t.Helper()
		r := sec.postPage(page+"/don-vi/phu-yen/diem-khoi", "application/x-www-form-urlencoded", url.Values{"diem-1.1": {"3"}}.Encode())
		if r.Status != http.StatusSeeOther {
			t.Fatalf("marks: %d %.300s", r.Status, r.Body)
		}
	}
	mark()
	if strings.Contains(string(sec.do("GET", page, nil).Body), warn) {
		t.Fatal("a warning before any new upload")
	}
	ts.want(ts.upload(base, "b.xlsx", lo), 201)
	if !strings.Contains(string(sec.do("GET", page, nil).Body), warn) {
		t.Error("no warning after a newer upload")
	}
	mark()
	if strings.Contains(string(sec.do("GET", page, nil).Body), warn) {
		t.Error("the warning stays after the marks were saved again")
	}
}

// TestBoardSeesOnlyLinksItMayOpen: on the bloc's page a board has a link
// to its own page only; deleting an award needs the confirming step.
func TestBoardSeesOnlyLinksItMayOpen(t *testing.T) {
	ts := newTestServer(t)
	board := ts.as("gia-lai")
	page := "/khoi/" + demo.TayNguyen + "/2024"
	b := string(board.do("GET", page, nil).Body)
	if !strings.Contains(b, `href="`+page+`/don-vi/gia-lai"`) || strings.Contains(b, `href="`+page+`/don-vi/dak-lak"`) {
		t.Error("a board's view of the bloc links to other boards' pages, or not to its own")
	}
	if s := string(ts.as("thuky-"+demo.TayNguyen).do("GET", page, nil).Body); !strings.Contains(s, `href="`+page+`/don-vi/dak-lak"`) {
		t.Error("the secretariat has no link to a member's page")
	}
	y := tn + "/years/2024"
	h := board.do("POST", y+"/units/gia-lai/honours", map[string]any{"period": "year", "form": "Bằng khen của UBND tỉnh Gia Lai"})
	ts.want(h, 201)
	id := fmt.Sprint(int(h.JSON["id"].(float64)))
	if r := board.postPage(page+"/don-vi/gia-lai/khen-thuong/"+id+"/xoa", "application/x-www-form-urlencoded", ""); r.Status != 422 {
		t.Errorf("a deletion without its confirming step: %d", r.Status)
	}
	if r := board.postPage(page+"/don-vi/gia-lai/khen-thuong/"+id+"/xoa", "application/x-www-form-urlencoded", "xac-nhan=1"); r.Status != 303 {
		t.Errorf("a confirmed deletion: %d", r.Status)
	}
}

// TestBoardSeesItsCurrentMarks: a board's page shows its recorded totals,
// self and after the bloc's marks.
func TestBoardSeesItsCurrentMarks(t *testing.T) {
	ts := newTestServer(t)
	b := string(ts.as("gia-lai").do("GET", "/khoi/"+demo.TayNguyen+"/2024/don-vi/gia-lai", nil).Body)
	if !strings.Contains(b, "Điểm hiện tại của đơn vị:</strong> tự chấm <strong>") {
		t.Errorf("no current marks on the board's page")
	}
	if b := string(ts.as("phu-yen").do("GET", "/khoi/"+demo.TayNguyen+"/2024/don-vi/phu-yen", nil).Body); strings.Contains(b, "Điểm hiện tại") {
		t.Error("marks shown for a board that has sent none")
	}
}

// TestUploadPageShowsTheStateAfterIt: the page answering an accepted
// upload counts the workbook as sent and shows the new marks.
func TestUploadPageShowsTheStateAfterIt(t *testing.T) {
	ts := newTestServer(t)
	ts.want(ts.do("PUT", tn+"/years/2024", map[string]any{"deadlines": map[string]any{"year_end": "2024-11-30"}}), 200)
	lo, err := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	r := ts.as("phu-yen").uploadPage("/khoi/"+demo.TayNguyen+"/2024/don-vi/phu-yen", lo)
	b := string(r.Body)
	if r.Status != 200 || !strings.Contains(b, "Điểm hiện tại của đơn vị") || strings.Contains(b, `Chưa gửi</span> <a href="/khoi/`+demo.TayNguyen+`/2024/don-vi/phu-yen">Phiếu tự chấm`) {
		t.Errorf("the page after an accepted upload: %d; still owes the workbook, or no current marks", r.Status)
	}
}
