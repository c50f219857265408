package httpapi

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// signIn returns the server seen by username signed in with password, and
// the log-in's answer.
func (ts *testServer) signIn(username, password string) (*testServer, response) {
	ts.t.Helper()
	other := *ts
	jar, _ := cookiejar.New(nil)
	other.c = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r := other.do("POST", "/api/v1/login", map[string]any{"username": username, "password": password})
	return &other, r
}

func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

// TestAccountPages: the administrator runs a person's account in the
// browser, from creating it to deleting it, and each step does what it
// says to the person's ability to sign in.
func TestAccountPages(t *testing.T) {
	ts := newTestServer(t)
	base := "/quan-tri/tai-khoan"
	list := ts.do("GET", base+"?q=dak+lak", nil)
	ts.want(list, 200)
	if !strings.Contains(string(list.Body), "Đơn vị: BQL các KCN tỉnh Đắk Lắk") && !strings.Contains(string(list.Body), "Đắk Lắk") {
		t.Errorf("the search by a unit's name without its accents does not find Đắk Lắk's board: %.600s", list.Body)
	}
	if strings.Contains(string(list.Body), ">bo<") {
		t.Error("the search lists the ministry's account too")
	}
	// Every problem at once; nothing created.
	r := ts.postPage(base, formType, form("username", "Hoa Gia Lai", "name", "Nguyễn Thị Hoa", "email", "hoa@", "password", "ngắn", "role", "board", "unit", "khong-co"))
	body := string(r.Body)
	for _, want := range []string{"Tên đăng nhập gồm 2–64 ký tự", "Địa chỉ thư điện tử không hợp lệ", "ít nhất 10 ký tự", `Không có đơn vị &#34;khong-co&#34;`, `value="Nguyễn Thị Hoa"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	if r.Status != 422 || ts.do("GET", "/api/v1/users/hoa.gialai", nil).Status != 404 {
		t.Fatalf("a refused form: %d", r.Status)
	}
	const pw = "mùa hoa dã quỳ Pleiku"
	r = ts.postPage(base, formType, form("username", "hoa.gialai", "name", "Nguyễn Thị Hoa", "email", "Hoa@BQL.GiaLai.gov.vn", "password", pw, "role", "board", "unit", "gia-lai"))
	if r.Status != 303 || r.Header.Get("Location") != base+"?da-tao=hoa.gialai" {
		t.Fatalf("create: %d %s %.300s", r.Status, r.Header.Get("Location"), r.Body)
	}
	page := base + "/hoa.gialai"
	acc := ts.do("GET", page, nil)
	ts.want(acc, 200)
	for _, want := range []string{"Nguyễn Thị Hoa", "hoa@bql.gialai.gov.vn", "Đơn vị: Ban Quản lý", "Gia Lai", "chưa đăng nhập lần nào"} {
		if !strings.Contains(string(acc.Body), want) {
			t.Errorf("the account page lacks %q", want)
		}
	}
	hoa, lr := ts.signIn("hoa.gialai", pw)
	ts.want(lr, 200)
	if acc := ts.do("GET", page, nil); !strings.Contains(string(acc.Body), "đăng nhập gần nhất lúc") {
		t.Error("the last sign-in is not shown")
	}

	// A secretariat grant, then next year's in one click.
	ts.want(ts.postPage(page+"/quyen", formType, form("role", "secretariat", "bloc", "tay-nguyen-duyen-hai-mien-trung", "year", "2024")), 303)
	acc = ts.do("GET", page, nil)
	if !strings.Contains(string(acc.Body), "Cấp tiếp năm 2025") || !strings.Contains(string(acc.Body), "Thư ký Tây Nguyên") && !strings.Contains(string(acc.Body), "Thư ký Khối") {
		t.Errorf("no next-year button or no bloc name: %.2000s", acc.Body)
	}
	ts.want(ts.postPage(page+"/quyen", formType, form("role", "secretariat", "bloc", "tay-nguyen-duyen-hai-mien-trung", "year", "2025")), 303)
	ts.want(ts.postPage(page+"/quyen/thu-hoi", formType, form("role", "secretariat", "bloc", "tay-nguyen-duyen-hai-mien-trung", "year", "2024")), 303)
	u := ts.do("GET", "/api/v1/users/hoa.gialai", nil)
	if s := string(u.Body); !strings.Contains(s, `"year":2025`) || strings.Contains(s, `"year":2024`) {
		t.Errorf("grants after next year and revoke: %s", s)
	}

	// Reset: typed twice; the old password and the open session end.
	r = ts.postPage(page+"/mat-khau", formType, form("password", "một mật khẩu mới khác hẳn", "again", "khác"))
	if r.Status != 422 || !strings.Contains(string(r.Body), "không giống nhau") {
		t.Errorf("mismatched reset: %d", r.Status)
	}
	const pw2 = "một mật khẩu mới khác hẳn"
	ts.want(ts.postPage(page+"/mat-khau", formType, form("password", pw2, "again", pw2)), 303)
	if r := hoa.do("GET", "/api/v1/me", nil); r.Status != 401 {
		t.Errorf("a session outlived the reset: %d", r.Status)
	}
	hoa, lr = ts.signIn("hoa.gialai", pw2)
	ts.want(lr, 200)

	// Disable: the session ends, signing in is refused; enable again.
	ts.want(ts.postPage(page+"/khoa", formType, ""), 303)
	if r := hoa.do("GET", "/", nil); r.Status != 303 || !strings.Contains(r.Header.Get("Location"), "het-han=1") {
		t.Errorf("a disabled person's page: %d %s", r.Status, r.Header.Get("Location"))
	}
	// Refused; the right password is told the account is disabled, a
	// wrong one is told no more than ever.
	if _, lr := ts.signIn("hoa.gialai", pw2); lr.Status != 403 || lr.errCode() != "account_disabled" {
		t.Errorf("a disabled person signed in: %d %s", lr.Status, lr.Body)
	}
	if _, lr := ts.signIn("hoa.gialai", pw2+" sai"); lr.Status != 401 || lr.errCode() != "bad_login" {
		t.Errorf("a wrong password on a disabled account: %d %s", lr.Status, lr.Body)
	}
	ts.want(ts.postPage(page+"/mo", formType, ""), 303)
	_, lr = ts.signIn("hoa.gialai", pw2)
	ts.want(lr, 200)

	// Throttled after wrong passwords; the administrator lifts it.
	for range 6 {
		ts.signIn("hoa.gialai", "sai mật khẩu rồi nhé")
	}
	if _, lr := ts.signIn("hoa.gialai", pw2); lr.Status != 429 {
		t.Fatalf("not throttled: %d", lr.Status)
	}
	ts.want(ts.postPage(page+"/mo-khoa-dang-nhap", formType, ""), 303)
	_, lr = ts.signIn("hoa.gialai", pw2)
	ts.want(lr, 200)

	// Never oneself; deleting asks first.
	if r := ts.postPage(base+"/admin/khoa", formType, ""); r.Status != 409 || !strings.Contains(string(r.Body), "chính mình") {
		t.Errorf("the administrator disabled themself: %d", r.Status)
	}
	if r := ts.postPage(page+"/xoa", formType, ""); r.Status != 422 || !strings.Contains(string(r.Body), "đánh dấu ô xác nhận") {
		t.Errorf("delete without confirming: %d", r.Status)
	}
	r = ts.postPage(page+"/xoa", formType, form("xac-nhan", "1"))
	if r.Status != 303 || ts.do("GET", "/api/v1/users/hoa.gialai", nil).Status != 404 {
		t.Errorf("delete: %d", r.Status)
	}
	audit := ts.do("GET", "/api/v1/audit?target=hoa.gialai", nil)
	for _, a := range []string{"user_create", "password_reset", "user_disable", "user_enable", "user_unlock", "user_delete"} {
		if !strings.Contains(string(audit.Body), a) {
			t.Errorf("audit lacks %s", a)
		}
	}
}

// TestSignOutAndExpiryAreSaid: the log-in page says why it is shown.
func TestSignOutAndExpiryAreSaid(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("dak-lak")
	r := sec.postPage("/dang-xuat", formType, "")
	if r.Status != 303 || r.Header.Get("Location") != "/dang-nhap?da-dang-xuat=1" {
		t.Fatalf("sign out: %d %s", r.Status, r.Header.Get("Location"))
	}
	if p := sec.do("GET", "/dang-nhap?da-dang-xuat=1", nil); !strings.Contains(string(p.Body), "Bạn đã đăng xuất") {
		t.Error("no sign-out message")
	}
	sec = ts.as("dak-lak")
	ts.clock.Add(3 * 60 * 60 * 1e9) // idle past the limit
	r = sec.do("GET", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024", nil)
	loc := r.Header.Get("Location")
	if r.Status != 303 || !strings.HasPrefix(loc, "/dang-nhap?tiep=") || !strings.Contains(loc, "het-han=1") {
		t.Fatalf("expired: %d %s", r.Status, loc)
	}
	if p := sec.do("GET", loc, nil); !strings.Contains(string(p.Body), "Phiên đăng nhập đã hết hạn") {
		t.Errorf("no expiry message: %.500s", p.Body)
	}
}

// TestSecretariatManagesItsBoardsOnly: a bloc-year's secretariat makes and
// runs the accounts of that year's member boards, and nobody else's: any
// other account is not found through its pages, even one of its boards
// that also holds a right elsewhere.
func TestSecretariatManagesItsBoardsOnly(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	base := "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/tai-khoan"
	list := sec.do("GET", base, nil)
	sec.want(list, 200)
	for _, want := range []string{"Ban Quản lý Khu kinh tế tỉnh Gia Lai", "gia-lai"} {
		if !strings.Contains(string(list.Body), want) {
			t.Errorf("the list lacks %q", want)
		}
	}
	if strings.Contains(string(list.Body), "nghe-an") || strings.Contains(string(list.Body), ">admin<") {
		t.Error("the list shows accounts that are not the bloc's boards")
	}
	const pw = "gió Lào cát trắng miền Trung"
	r := sec.postPage(base, formType, form("unit", "nghe-an", "username", "na.vanthu", "password", pw))
	if r.Status != 422 || !strings.Contains(string(r.Body), "không là thành viên") {
		t.Errorf("a board of another bloc: %d", r.Status)
	}
	r = sec.postPage(base, formType, form("unit", "dak-lak", "username", "daklak.vanthu", "name", "Trần Văn Bình", "password", pw))
	if r.Status != 303 {
		t.Fatalf("create: %d %.300s", r.Status, r.Body)
	}
	u := ts.do("GET", "/api/v1/users/daklak.vanthu", nil)
	if !strings.Contains(string(u.Body), `"role":"board"`) || !strings.Contains(string(u.Body), `"unit":"dak-lak"`) || strings.Count(string(u.Body), `"role"`) != 1 {
		t.Errorf("the new account's rights: %s", u.Body)
	}
	const pw2 = "đồi thông hai mộ Đà Lạt"
	sec.want(sec.postPage(base+"/daklak.vanthu/mat-khau", formType, form("password", pw2, "again", pw2)), 303)
	if _, lr := ts.signIn("daklak.vanthu", pw2); lr.Status != 200 {
		t.Errorf("the reset password does not sign in: %d", lr.Status)
	}
	sec.want(sec.postPage(base+"/daklak.vanthu/khoa", formType, ""), 303)
	// Not theirs: another bloc's board, the ministry, an administrator,
	// the secretariat itself.
	for _, other := range []string{"nghe-an", "bo", "admin", "thuky-tay-nguyen-duyen-hai-mien-trung"} {
		for _, try := range []struct{ path, body string }{
			{base + "/" + other, ""},
			{base + "/" + other + "/mat-khau", form("password", pw2, "again", pw2)},
			{base + "/" + other + "/khoa", ""},
			{base + "/" + other, form("email", "ke.gian@example.vn")},
		} {
			var r response
			if try.body == "" && !strings.HasSuffix(try.path, "/khoa") {
				r = sec.do("GET", try.path, nil)
			} else {
				r = sec.postPage(try.path, formType, try.body)
			}
			if r.Status != 404 {
				t.Errorf("%s: %d, want 404", try.path, r.Status)
			}
		}
	}
	// One of its boards that also holds another bloc's board right.
	ts.want(ts.do("POST", "/api/v1/users/gia-lai/grants", map[string]any{"role": "board", "unit": "nghe-an"}), 201)
	if r := sec.postPage(base+"/gia-lai/mat-khau", formType, form("password", pw2, "again", pw2)); r.Status != 404 {
		t.Errorf("a board with a right elsewhere: %d", r.Status)
	}
	if _, lr := ts.signIn("admin", testPassword); lr.Status != 200 {
		t.Error("the administrator's password changed")
	}
}
