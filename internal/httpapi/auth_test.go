package httpapi

import (
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
)

func login(ts *testServer, user, password string) response {
	return ts.do("POST", "/api/v1/login", map[string]any{"username": user, "password": password})
}

// Repeated failures lock an account (and an address) for the window, with
// a Retry-After; the right password does not get through meanwhile; the
// window passing opens it again.
func TestLoginThrottled(t *testing.T) {
	ts := newTestServer(t).as("")
	for i := 0; i < 5; i++ {
		r := login(ts, "bo", "sai mật khẩu rồi")
		ts.want(r, 401)
		if r.errCode() != "bad_login" {
			t.Fatalf("code %s", r.errCode())
		}
	}
	r := login(ts, "bo", testPassword)
	ts.want(r, 429)
	if s, _ := strconv.Atoi(r.Header.Get("Retry-After")); s < 60 || s > 15*60+1 {
		t.Errorf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	ts.clock.Add(16 * time.Minute)
	ts.want(login(ts, "bo", testPassword), 200)
	// Per address: many names tried from one place.
	ts.clock.Add(16 * time.Minute)
	for i := 0; i < 20; i++ {
		login(ts, "khong-co-"+strconv.Itoa(i), "x")
	}
	ts.want(login(ts, "dak-lak", testPassword), 429)
}

// An unknown name costs the same work as a wrong password: the answer
// does not tell which names exist, by its words or by its time.
func TestLoginSameForUnknownUser(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	acc, err := app.NewAccounts(app.AccountsConfig{Store: ts.store, Params: auth.Params{Memory: 16 * 1024, Time: 1, Threads: 1}, MaxFailures: 1000, MaxAddressFailures: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.CreateUser(ctx, nil, app.NewUser{Username: "do-thoi-gian", Password: "mật khẩu đúng đây"}); err != nil {
		t.Fatal(err)
	}
	// Interleaved, first one then the other, so that the machine's drift
	// falls on both alike; medians, so that a pause does not decide. A
	// busy machine can still tilt one measure: a difference must show
	// in three in a row to count.
	measure := func() (known, unknown time.Duration) {
		var ks, us []time.Duration
		for i := 0; i < 21; i++ {
			users := []string{"do-thoi-gian", "khong-ton-tai"}
			if i%2 == 1 {
				users[0], users[1] = users[1], users[0]
			}
			for _, user := range users {
				start := time.Now()
				_, _, err := acc.Login(ctx, user, "mật khẩu sai", "127.0.0.1")
				d := time.Since(start)
				if err != app.ErrBadLogin {
					t.Fatalf("%s: %v", user, err)
				}
				if user == "do-thoi-gian" {
					ks = append(ks, d)
				} else {
					us = append(us, d)
				}
			}
		}
		median := func(ds []time.Duration) time.Duration {
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			return ds[len(ds)/2]
		}
		return median(ks), median(us)
	}
	var seen []string
	for range 3 {
		known, unknown := measure()
		if ratio := float64(unknown) / float64(known); ratio >= 0.5 && ratio <= 2 {
			seen = nil
			break
		}
		seen = append(seen, fmt.Sprintf("unknown user %v, wrong password %v", unknown, known))
	}
	if seen != nil {
		t.Errorf("the time tells whether a name exists: %s", strings.Join(seen, "; "))
	}
	// And the same words.
	a := login(ts.as(""), "khong-ton-tai", "x")
	b := login(ts.as(""), "bo", "x")
	if a.Status != b.Status || string(a.Body) != string(b.Body) {
		t.Errorf("unknown %d %s, wrong password %d %s", a.Status, a.Body, b.Status, b.Body)
	}
}

// A session ends when idle too long, at its absolute expiry, at log-out
// (its cookie is worth nothing after), and at a password change.
func TestSessionsEnd(t *testing.T) {
	ts := newTestServer(t)
	me := func(s *testServer) int { return s.do("GET", "/api/v1/me", nil).Status }

	idle := ts.as("bo")
	ts.clock.Add(2*time.Hour + time.Minute)
	if got := me(idle); got != 401 {
		t.Errorf("after 2 h idle: %d", got)
	}

	long := ts.as("bo")
	for i := 0; i < 23; i++ { // active every 30 minutes for 11.5 hours
		ts.clock.Add(30 * time.Minute)
		if got := me(long); got != 200 {
			t.Fatalf("active session refused after %v: %d", time.Duration(i+1)*30*time.Minute, got)
		}
	}
	ts.clock.Add(31 * time.Minute)
	if got := me(long); got != 401 {
		t.Errorf("after 12 h: %d", got)
	}

	out := ts.as("bo")
	u, _ := url.Parse(ts.URL)
	stolen := out.c.Jar.Cookies(u)
	ts.want(out.do("POST", "/api/v1/logout", nil), 204)
	replay := ts.as("")
	replay.c.Jar.SetCookies(u, stolen)
	if got := me(replay); got != 401 {
		t.Errorf("cookie reused after log-out: %d", got)
	}

	other := ts.as("bo")
	changer := ts.as("bo")
	r := changer.do("POST", "/api/v1/me/password", map[string]any{"current": testPassword, "new": "mật khẩu mới dài hơn"})
	ts.want(r, 200)
	if got := me(other); got != 401 {
		t.Errorf("other session after a password change: %d", got)
	}
	ts.want(login(ts.as(""), "bo", "mật khẩu mới dài hơn"), 200)
	ts.want(changer.do("POST", "/api/v1/me/password", map[string]any{"current": "sai", "new": "x"}), 401)
}

// A state-changing request a browser sends from another site is refused,
// even with a valid session; the same request from this site is not.
func TestCrossSiteRequestRefused(t *testing.T) {
	ts := newTestServer(t)
	body := map[string]any{"text": "Nội dung sửa từ trang khác"}
	path := tn + "/years/2024/narratives/uu-diem"
	for _, h := range [][2]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://trang-la.example"}} {
		r := ts.do("PUT", path, body, h[0], h[1])
		ts.want(r, 403)
		if r.errCode() != "cross_origin" {
			t.Errorf("%s: code %s", h[0], r.errCode())
		}
	}
	ts.want(ts.do("PUT", path, body, "Sec-Fetch-Site", "same-origin"), 200)
	ts.want(ts.do("PUT", path, body, "Origin", ts.URL), 200)
	// Reading is not refused.
	ts.want(ts.do("GET", tn+"/years/2024/narratives", nil, "Sec-Fetch-Site", "cross-site"), 200)
}

// An API token carries one grant of its user, no more; revoked, it is
// worth nothing.
func TestTokenScope(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	me := sec.do("GET", "/api/v1/me", nil)
	var grant2024 int64
	for _, g := range me.JSON["user"].(map[string]any)["grants"].([]any) {
		gm := g.(map[string]any)
		if gm["year"] == 2024.0 {
			grant2024 = int64(gm["id"].(float64))
		}
	}
	r := sec.do("POST", "/api/v1/tokens", map[string]any{"grant_id": grant2024, "name": "đồng bộ số liệu"})
	ts.want(r, 201)
	secret := r.JSON["secret"].(string)
	id := int64(r.JSON["token"].(map[string]any)["id"].(float64))
	script := ts.as("")
	bearer := []string{"Authorization", "Bearer " + secret}
	ts.want(script.do("GET", tn+"/years/2024/scores", nil, bearer...), 200)
	ts.want(script.do("PUT", tn+"/years/2024/narratives/uu-diem", map[string]any{"text": "Từ tập lệnh"}, bearer...), 200)
	ts.want(script.do("GET", tn+"/years/2023/scores", nil, bearer...), 403) // the user's 2023 grant is not the token's
	ts.want(script.do("GET", "/api/v1/users", nil, bearer...), 403)
	ts.want(script.do("POST", "/api/v1/tokens", map[string]any{"grant_id": grant2024}, bearer...), 409) // no token from a token
	// Someone else's grant cannot be used.
	ts.want(ts.as("dak-lak").do("POST", "/api/v1/tokens", map[string]any{"grant_id": grant2024}), 404)
	ts.want(sec.do("DELETE", "/api/v1/tokens/"+strconv.FormatInt(id, 10), nil), 204)
	r = script.do("GET", tn+"/years/2024/scores", nil, bearer...)
	ts.want(r, 401)
	if r.errCode() != "bad_token" {
		t.Errorf("code %s", r.errCode())
	}
	ts.want(script.do("GET", tn+"/years/2024/scores", nil, "Authorization", "Bearer thd_khong-co"), 401)
}

// A board cannot reach another board's data by editing a URL, a form field
// or a JSON body.
func TestBoardStaysInItsUnit(t *testing.T) {
	ts := newTestServer(t)
	board := ts.as("dak-lak")
	// The URL: another unit of the same bloc-year, another bloc, a bloc
	// that does not exist — all the same 403.
	for _, p := range []string{
		tn + "/years/2024/units/gia-lai/uploads",
		tn + "/years/2024/units/gia-lai/phieu-cham-diem.xlsx",
		"/api/v1/blocs/bac-trung-bo/years/2024/units/dak-lak/uploads",
		"/api/v1/blocs/khong-co/years/2024/units/dak-lak/uploads",
		tn + "/years/2024/scores",
	} {
		r := board.do("GET", p, nil)
		ts.want(r, 403)
	}
	ts.want(board.upload(tn+"/years/2024/units/gia-lai/phieu-cham-diem", "x.xlsx", remarked(t, "x")), 403)
	// The JSON body names another unit: the path decides.
	r := board.do("PUT", tn+"/years/2024/units/dak-lak/indicators/year", map[string]any{"unit": "gia-lai", "revenue": "123.5"})
	ts.want(r, 200)
	ind := ts.do("GET", tn+"/years/2024/indicators", nil)
	for _, u := range ind.JSON["units"].([]any) {
		um := u.(map[string]any)
		if um["unit"] == "gia-lai" && um["revenue"] == 123.5 {
			t.Error("a board wrote another unit's indicators through the body")
		}
	}
	// A form field naming another unit: ignored, the path decides.
	lo := remarked(t, "của Phú Yên")
	pyBoard := ts.as("phu-yen")
	r = pyBoard.postParts(pyBase+"phieu-cham-diem", func(mw *multipart.Writer) {
		mw.WriteField("unit", "dak-lak")
		w, _ := mw.CreateFormFile("file", "phieu.xlsx")
		w.Write(lo)
	})
	ts.want(r, 201)
	if up := r.JSON["upload"].(map[string]any); up["status"] != "accepted" {
		t.Errorf("upload %v", up)
	}
	if got := ts.do("GET", tn+"/years/2024/units/dak-lak/uploads", nil); len(got.JSON["uploads"].([]any)) != 0 {
		t.Error("the form field moved the upload to another unit")
	}
}

// What people do is in the audit log: who, what, where, from where; the
// secretariat reads its bloc-year's, the admin everything, as JSON or CSV.
func TestAuditLog(t *testing.T) {
	ts := newTestServer(t)
	login(ts.as(""), "bo", "sai")
	py := ts.as("phu-yen")
	ts.want(py.upload(pyBase+"phieu-cham-diem", "phieu.xlsx", remarked(t, "x")), 201)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	ts.want(sec.do("PUT", tn+"/years/2024", map[string]any{"conference_place": "Phú Yên"}), 200)
	ts.want(sec.do("PUT", tn+"/years/2024/units/phu-yen/scores", map[string]any{"scores": []any{}}), 200)
	ts.want(sec.do("GET", tn+"/years/2024/documents/bao-cao-tong-ket.pdf", nil), 200)

	r := sec.do("GET", tn+"/years/2024/audit", nil)
	ts.want(r, 200)
	var got []string
	for _, e := range r.JSON["entries"].([]any) {
		em := e.(map[string]any)
		got = append(got, em["actor"].(string)+" "+em["action"].(string)+" "+em["outcome"].(string))
		if em["address"] == "" || em["at"] == "" {
			t.Errorf("entry without time or address: %v", em)
		}
	}
	for _, want := range []string{"phu-yen upload ok", "thuky-tay-nguyen-duyen-hai-mien-trung year_put ok",
		"thuky-tay-nguyen-duyen-hai-mien-trung scores_put ok", "thuky-tay-nguyen-duyen-hai-mien-trung document_download ok"} {
		if !slices.Contains(got, want) {
			t.Errorf("audit lacks %q: %v", want, got)
		}
	}
	// Another bloc's secretariat does not see it; the admin sees log-ins too.
	ts.want(ts.as("thuky-bac-trung-bo").do("GET", tn+"/years/2024/audit", nil), 403)
	all := ts.do("GET", "/api/v1/audit", nil)
	if !strings.Contains(string(all.Body), `"actor":"bo","action":"login"`) || !strings.Contains(string(all.Body), `"outcome":"failed"`) {
		t.Errorf("failed log-in not audited")
	}
	csv := sec.do("GET", tn+"/years/2024/audit.csv", nil)
	ts.want(csv, 200)
	if !strings.HasPrefix(string(csv.Body), "\ufeffThời điểm,Người thực hiện,Việc") || !strings.Contains(string(csv.Body), "phu-yen,Gửi phiếu chấm điểm") {
		t.Errorf("CSV %.300s", csv.Body)
	}
}

// Every answer carries the security headers.
func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do("GET", "/healthz", nil)
	for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
		if !strings.Contains(r.Header.Get(h), want) {
			t.Errorf("%s: %q", h, r.Header.Get(h))
		}
	}
	// The session cookie is HttpOnly and SameSite=Lax.
	r = login(ts.as(""), "bo", testPassword)
	if c := r.Header.Get("Set-Cookie"); !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("cookie %q", c)
	}
}
