package httpapi

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/mail/mailtest"
)

// waitMessages polls the SMTP server until n messages arrived (links are
// sent after the answer).
func waitMessages(t *testing.T, srv *mailtest.Server, n int) []mailtest.Message {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ms := srv.Messages(t)
		if len(ms) >= n || time.Now().After(deadline) {
			return ms
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// newMailTestServer is a test server whose mail goes through a real SMTP
// server (Mailpit), returned to read the messages back.
func newMailTestServer(t *testing.T) (*testServer, *mailtest.Server) {
	t.Helper()
	srv := mailtest.Start(t)
	sender, err := mail.New(mail.Config{SMTP: srv.SMTP, From: "thidua@bql.example.vn"})
	if err != nil {
		t.Fatal(err)
	}
	return newTestServerOpts(t, serverOpts{mail: sender}), srv
}

var linkRe = regexp.MustCompile(`http://thidua\.test(/dat-lai-mat-khau\?ma=[A-Za-z0-9_%-]+)`)

// TestForgottenPasswordByMail: a person with an address gets a single-use
// link through a real SMTP server and sets a new password with it; the
// answer is the same for a name that does not exist, an account without
// an address and a good one; the link works once, and not after its time.
func TestForgottenPasswordByMail(t *testing.T) {
	ts, srv := newMailTestServer(t)
	ts.want(ts.do("PATCH", "/api/v1/users/gia-lai", map[string]any{"email": "VanThu@BQL-GiaLai.example.vn"}), 200)
	anon := ts.as("")
	var answers []string
	for _, login := range []string{"khong-co-ai", "kon-tum", "vanthu@bql-gialai.example.vn"} {
		r := anon.postPage("/quen-mat-khau", formType, form("login", login))
		ts.want(r, 200)
		answers = append(answers, string(r.Body))
	}
	if answers[0] != answers[1] || answers[1] != answers[2] || !strings.Contains(answers[0], "Nếu tên đăng nhập hoặc địa chỉ thư điện tử này thuộc một tài khoản") {
		t.Error("the answers differ by what exists")
	}
	ms := waitMessages(t, srv, 1)
	if len(ms) != 1 || ms[0].To[0] != "vanthu@bql-gialai.example.vn" || !strings.Contains(ms[0].Subject, "Đặt lại mật khẩu tài khoản gia-lai") ||
		!strings.Contains(ms[0].Text, "Kính gửi Ban Quản lý Khu kinh tế tỉnh Gia Lai") || !strings.Contains(ms[0].Text, "trong 30 phút") {
		t.Fatalf("messages: %+v", ms)
	}
	link := linkRe.FindStringSubmatch(ms[0].Text)
	if link == nil {
		t.Fatalf("no link in %q", ms[0].Text)
	}
	page := anon.do("GET", link[1], nil)
	if page.Status != 200 || !strings.Contains(string(page.Body), "Tài khoản <strong>gia-lai</strong>") {
		t.Fatalf("link page: %d", page.Status)
	}
	secret := link[1][strings.Index(link[1], "=")+1:]
	r := anon.postPage("/dat-lai-mat-khau", formType, form("ma", secret, "password", testPassword, "again", testPassword))
	if r.Status != 422 || !strings.Contains(string(r.Body), "phải khác mật khẩu hiện tại") {
		t.Errorf("the same password: %d", r.Status)
	}
	const pw = "cà phê Pleiku buổi sớm"
	r = anon.postPage("/dat-lai-mat-khau", formType, form("ma", secret, "password", pw, "again", pw))
	if r.Status != 200 || !strings.Contains(string(r.Body), "Đã đặt mật khẩu mới cho tài khoản gia-lai") {
		t.Fatalf("reset: %d %.300s", r.Status, r.Body)
	}
	if _, lr := ts.signIn("gia-lai", pw); lr.Status != 200 {
		t.Error("the new password does not sign in")
	}
	if r := anon.do("GET", link[1], nil); r.Status != 404 || !strings.Contains(string(r.Body), "không còn hiệu lực") {
		t.Errorf("a spent link: %d", r.Status)
	}
	// A new link expires after its time.
	ts.want(anon.postPage("/quen-mat-khau", formType, form("login", "gia-lai")), 200)
	ms = waitMessages(t, srv, 2)
	link = linkRe.FindStringSubmatch(ms[len(ms)-1].Text)
	ts.clock.Add(31 * time.Minute)
	if r := anon.do("GET", link[1], nil); r.Status != 404 {
		t.Errorf("an expired link: %d", r.Status)
	}
	// Throttled per name asked, with the same words for everyone.
	for range 5 {
		anon.postPage("/quen-mat-khau", formType, form("login", "kon-tum"))
	}
	if r := anon.postPage("/quen-mat-khau", formType, form("login", "kon-tum")); r.Status != 429 {
		t.Errorf("not throttled: %d", r.Status)
	}
	ts.accounts.Wait()
	audit := ts.do("GET", "/api/v1/audit?action=password_forgot", nil)
	if !strings.Contains(string(audit.Body), "no_match") || !strings.Contains(string(audit.Body), "throttled") {
		t.Errorf("audit: %.500s", audit.Body)
	}
}
