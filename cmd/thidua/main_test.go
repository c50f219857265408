package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGracefulShutdown starts the server, begins a slow request, cancels the
// context as SIGTERM would, and checks that the request still completes and
// that the server then stops.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "done")
	})
	srv := &http.Server{Addr: addr, Handler: mux}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, srv, slog.New(slog.DiscardHandler)) }()

	var resp *http.Response
	got := make(chan error, 1)
	go func() {
		for i := 0; i < 50; i++ { // wait for the listener
			if resp, err = http.Get("http://" + addr + "/slow"); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		got <- err
	}()
	<-started
	cancel() // SIGTERM
	if err := <-got; err != nil {
		t.Fatalf("in-flight request failed: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "done" {
		t.Fatalf("in-flight request cut: %q", body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop")
	}
	if _, err := http.Get("http://" + addr + "/slow"); err == nil {
		t.Fatal("server still accepts requests after shutdown")
	}
}

// TestServeDemoEndToEnd runs the real serve command with --demo on a free
// port, signs in with a demo account, lists the blocs, and stops it with a
// cancelled context.
func TestServeDemoEndToEnd(t *testing.T) {
	t.Setenv("THIDUA_DEMO_PASSWORD", "mật khẩu dùng thử")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--demo", "--data", dir, "--addr", addr, "--log-level", "error"}, os.Stdout, os.Stderr)
	}()
	var resp *http.Response
	var err error
	for i := 0; i < 2400; i++ { // a minute: the race detector slows the demo accounts' hashing
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	// Nobody signed in: refused.
	if resp, err = http.Get("http://" + addr + "/api/v1/blocs"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("without a session: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err = client.Post("http://"+addr+"/api/v1/login", "application/json", strings.NewReader(`{"username":"bo","password":"mật khẩu dùng thử"}`))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("login: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	if resp, err = client.Get("http://" + addr + "/api/v1/blocs"); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(b) < 100 {
		t.Fatalf("blocs: %d %s", resp.StatusCode, b)
	}
	// The demo's dossiers are on schedule: 08:00 on 20 December.
	if resp, err = client.Get("http://" + addr + "/api/v1/blocs/bac-trung-bo/dossier/schedule"); err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `"enabled":true`) || !strings.Contains(string(b), `"cron":"0 8 20 12 *"`) || !strings.Contains(string(b), `"next_run":"`) {
		t.Errorf("demo schedule: %s", b)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "thidua.db")); err != nil {
		t.Fatal(err)
	}
}

// The first administrator is made from the command line, password on
// standard input; grants are given and taken the same way.
func TestUserCommand(t *testing.T) {
	dir := t.TempDir()
	out, err := os.CreateTemp(dir, "out")
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	ctx := context.Background()
	data := []string{"--data", dir, "--log-level", "error", "--demo"}
	user := func(stdin string, args ...string) error {
		return userCmd(ctx, append(args, data...), strings.NewReader(stdin), out, os.Stderr)
	}
	if err := user("mật khẩu quản trị\n", "add", "--role", "admin", "--username", "quantri", "--name", "Quản trị"); err == nil || !strings.Contains(err.Error(), "không được chứa tên đăng nhập") {
		t.Errorf("a password built on the username: %v", err)
	}
	if err := user("sông Hồng mùa nước nổi\n", "add", "--role", "admin", "--username", "quantri", "--name", "Quản trị"); err != nil {
		t.Fatal(err)
	}
	if err := user("ngắn\n", "add", "--username", "khac"); err == nil || !strings.Contains(err.Error(), "ít nhất 10 ký tự") {
		t.Errorf("short password: %v", err)
	}
	if err := user("", "add", "--username", "khac"); err == nil {
		t.Error("no password on standard input accepted")
	}
	if err := user("", "grant", "--username", "quantri", "--role", "secretariat", "--bloc", "bac-trung-bo", "--year", "2024"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "grant", "--username", "quantri", "--role", "secretariat"); err == nil {
		t.Error("a secretariat grant without bloc and year accepted")
	}
	if err := user("", "revoke", "--username", "quantri", "--role", "secretariat", "--bloc", "bac-trung-bo", "--year", "2024"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "list"); err != nil {
		t.Fatal(err)
	}
	// A right over a bloc or unit that does not exist is refused.
	if err := user("sông Hồng mùa nước nổi\n", "add", "--role", "board", "--unit", "khong-co", "--username", "ban-x"); err == nil || !strings.Contains(err.Error(), `Không có đơn vị "khong-co"`) {
		t.Errorf("a board of a unit that does not exist: %v", err)
	}
	if err := user("", "grant", "--username", "quantri", "--role", "secretariat", "--bloc", "khong-co", "--year", "2024"); err == nil || !strings.Contains(err.Error(), `Không có khối "khong-co"`) {
		t.Errorf("a secretariat of a bloc that does not exist: %v", err)
	}
	// Help is not an error; a flag error is said in Vietnamese.
	if err := user("", "--help"); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("user --help: %v", err)
	}
	if err := user("", "list", "--khong-co"); err == nil || !strings.Contains(err.Error(), "tùy chọn không có: -khong-co") {
		t.Errorf("an unknown flag: %v", err)
	}
	// Edit, disable, enable, unlock, delete; never the last administrator.
	if err := user("núi Ngự sông Hương chiều thu\n", "add", "--role", "board", "--unit", "gia-lai", "--username", "ban-gl", "--email", "VanThu@BQL.gialai.gov.vn"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "edit", "--username", "ban-gl", "--name", "Nguyễn Thị Hoa"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "edit", "--username", "ban-gl", "--email", "khong phai dia chi"); err == nil || !strings.Contains(err.Error(), "email: Địa chỉ thư điện tử không hợp lệ") {
		t.Errorf("a bad address: %v", err)
	}
	for _, verb := range []string{"disable", "enable", "unlock"} {
		if err := user("", verb, "--username", "ban-gl"); err != nil {
			t.Fatalf("%s: %v", verb, err)
		}
	}
	if err := user("", "disable", "--username", "quantri"); err == nil || !strings.Contains(err.Error(), "quản trị viên cuối cùng") {
		t.Errorf("the last administrator disabled: %v", err)
	}
	if err := user("", "list"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "delete", "--username", "ban-gl"); err != nil {
		t.Fatal(err)
	}
	if err := user("", "delete", "--username", "ban-gl"); err == nil || !strings.Contains(err.Error(), "không tìm thấy người dùng") {
		t.Errorf("deleted twice: %v", err)
	}
	b, _ := os.ReadFile(out.Name())
	for _, want := range []string{"Đã tạo tài khoản quantri", "Đã cấp quyền thư ký khối bac-trung-bo năm 2024", "Đã thu hồi",
		"Nguyễn Thị Hoa  vanthu@bql.gialai.gov.vn", "Đã khoá tài khoản ban-gl", "Đã mở lại tài khoản ban-gl", "Đã xoá tài khoản ban-gl"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("output lacks %q:\n%s", want, b)
		}
	}
}
