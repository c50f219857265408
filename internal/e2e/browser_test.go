// Package e2e drives the whole service in a real headless Chromium
// (Debian's chromium, through chromedp): the pages a board and a
// secretariat use, as they use them.
package e2e

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/httpapi"
	"github.com/thidua/thidua/internal/jobs"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

const password = "mật khẩu thử trình duyệt"

// server starts the real service over a real SQLite file with the demo
// blocs and accounts.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := serverWithOutbox(t)
	return srv
}

// serverWithOutbox is server, with its mail written to the returned
// folder (one .eml a message), links in it to the server itself.
func serverWithOutbox(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	outbox := filepath.Join(dir, "outbox")
	mailer, err := mail.New(mail.Config{Outbox: outbox})
	if err != nil {
		t.Fatal(err)
	}
	// The address is taken first: the links in the mail name it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	lateBase := "http://" + ln.Addr().String()

	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, st, templates.FS); err != nil {
		t.Fatal(err)
	}
	rs, err := render.New(render.Config{Store: st, Templates: templates.FS, Workbooks: xlsx.Workbooks{}})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	acc, err := app.NewAccounts(app.AccountsConfig{Store: st, Params: auth.Params{Memory: 64, Time: 1, Threads: 1}, Mail: mailer, PublicURL: lateBase})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Accounts(ctx, st, acc.Maker(), password); err != nil {
		t.Fatal(err)
	}
	runner, err := jobs.New(jobs.Config{Store: st, Blobs: blobs, Builder: dossier.New(dossier.Config{Source: st, Render: rs, Blobs: blobs, Generator: "e2e", Parallel: 2})})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	reminders := app.NewReminders(app.RemindersConfig{Store: st, Mail: mailer, PublicURL: lateBase})
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: httpapi.NewServer(httpapi.Deps{Store: st, Blobs: blobs,
		Scoring: app.NewScoring(app.ScoringConfig{Store: st, Blobs: blobs}), Accounts: acc, Reminders: reminders, Render: rs, Dossiers: runner})}}
	srv.Start()
	t.Cleanup(func() { srv.Close(); runner.Stop(); acc.Wait(); st.Close() })
	return srv, outbox
}

// chromium finds Debian's chromium: in CI it must be there (.ci/run
// installs it); on a developer's machine without it the test says so.
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is missing: .ci/run installs Debian's chromium")
	}
	t.Skip("chromium not installed (apt-get install chromium)")
	return ""
}

// browserCtx is one fresh browser (its own profile: no cookies shared)
// that saves downloads in dir.
func browserCtx(t *testing.T, dir string) context.Context {
	// The profile is removed by hand once the browser has gone: Chromium
	// may still be writing to it when a test's own folders are removed.
	profile, err := os.MkdirTemp("", "thidua-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 1000),
	)
	// Chromium now and then exits at start on a loaded machine (crashpad's
	// "no stack mapping", no DevTools address): a browser that did not
	// start is started again, twice at most; one that started and then
	// failed fails the test.
	for attempt := 1; attempt <= 3; attempt++ {
		actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel2 := chromedp.NewContext(actx)
		ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
		err = chromedp.Run(ctx, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir))
		if err == nil {
			t.Cleanup(cancel)
			t.Cleanup(cancel2)
			t.Cleanup(cancel3)
			return ctx
		}
		cancel3()
		cancel2()
		cancel()
		if !strings.Contains(err.Error(), "chrome failed to start") {
			break
		}
		t.Logf("chromium did not start (attempt %d): %.200v", attempt, err)
	}
	t.Fatal(err)
	return nil
}

// waitFile waits for a finished download in dir whose name contains part.
func waitFile(t *testing.T, dir, part string) []byte {
	t.Helper()
	for i := 0; i < 200; i++ {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), part) && !strings.HasSuffix(e.Name(), ".crdownload") {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err == nil && len(b) > 0 {
					return b
				}
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no download named like %q in %s", part, dir)
	return nil
}

// login signs a demo account in and waits for its first page.
func login(base, user string) chromedp.Tasks {
	return append(loginAs(base, user, password),
		chromedp.WaitVisible(`header nav`, chromedp.ByQuery)) // only there once signed in
}

// loginAs fills and sends the log-in form.
func loginAs(base, user, pw string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/dang-nhap"),
		chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, user, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, pw, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
	}
}

// lineWith is the last line of a page's text that holds part (a table's
// row, as Chromium gives a table's text: one line a row).
func lineWith(text, part string) string {
	row := ""
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, part) {
			row = l
		}
	}
	return row
}

// shot saves a screenshot of the whole page under docs/screenshots when
// THIDUA_SCREENSHOTS names that folder (the README shows them); for the
// pages the help page shows (helpShots), also what the window shows, as a
// small JPEG under internal/ui/static/huong-dan (served with the pages).
func shot(name string, buf *[]byte) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		dir := os.Getenv("THIDUA_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		if err := chromedp.FullScreenshot(buf, 100).Do(ctx); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), *buf, 0o644); err != nil {
			return err
		}
		help, ok := helpShots[name]
		if !ok {
			return nil
		}
		img, err := page.CaptureScreenshot().WithFormat(page.CaptureScreenshotFormatJpeg).WithQuality(70).Do(ctx)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join("..", "ui", "static", "huong-dan", help), img, 0o644)
	})
}

// helpShots are the README's screenshots the help page (/huong-dan)
// shows, by the name it gives them.
var helpShots = map[string]string{
	"trang-don-vi.png": "don-vi.jpg", "bao-cao-don-vi.png": "bao-cao.jpg", "bang-dieu-khien-thu-ky.png": "bang-dieu-khien.jpg",
	"nhac-han.png": "nhac-han.jpg", "mo-nam-sau.png": "mo-nam-sau.jpg", "tieu-chi.png": "tieu-chi.jpg",
	"tai-khoan.png": "tai-khoan.jpg", "ho-so-cac-khoi.png": "bo.jpg",
}

// A board signs in, downloads its workbook, uploads a good one and sees its
// totals, uploads a bad one and sees every error with its cell, and is
// refused another board's page; the secretariat then sees the upload in its
// dashboard and downloads the year-end report.
func TestBoardAndSecretariatInTheBrowser(t *testing.T) {
	srv := server(t)
	downloads := t.TempDir()
	ctx := browserCtx(t, downloads)
	var img []byte
	good, err := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	goodPath := filepath.Join(t.TempDir(), "Phiếu chấm điểm Phú Yên.xlsx")
	os.WriteFile(goodPath, good, 0o644)
	badPath := filepath.Join(t.TempDir(), "Phiếu sai.xlsx")
	f, _ := excelize.OpenReader(bytes.NewReader(good))
	f.SetCellValue(xlsx.SheetScores, "D10", 12)
	f.SetCellValue(xlsx.SheetScores, "D11", "hai")
	f.SetCellValue(xlsx.SheetScores, "D12", true)
	// A mark filled down from D13 in Excel: a shared formula, D14 a copy.
	shared, ref := excelize.STCellFormulaTypeShared, "D13:D14"
	f.SetCellFormula(xlsx.SheetScores, "D13", "C13", excelize.FormulaOpts{Type: &shared, Ref: &ref})
	f.SaveAs(badPath)

	unitURL := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/phu-yen"
	var home, result, errs, refused, status string
	if err := chromedp.Run(ctx,
		login(srv.URL, "phu-yen"),
		chromedp.Text(`main`, &home, chromedp.ByQuery),
		chromedp.Click(`a[href="/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/phu-yen"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#tai-phieu`, chromedp.ByQuery),
		chromedp.Click(`a.button[href$="phieu-cham-diem.xlsx"]`, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(home, "Ban Quản lý Khu kinh tế tỉnh Phú Yên — năm 2024") {
		t.Errorf("home page: %q", home)
	}
	wb := waitFile(t, downloads, ".xlsx")
	if _, err := excelize.OpenReader(bytes.NewReader(wb)); err != nil {
		t.Errorf("downloaded workbook: %v", err)
	}
	if err := chromedp.Run(ctx,
		chromedp.SetUploadFiles(`#file`, []string{goodPath}, chromedp.ByQuery),
		chromedp.Click(`#gui-phieu`, chromedp.ByQuery),
		chromedp.WaitVisible(`#ket-qua`, chromedp.ByQuery),
		chromedp.Text(`main`, &result, chromedp.ByQuery),
		shot("trang-don-vi.png", &img),
		chromedp.SetUploadFiles(`#file`, []string{badPath}, chromedp.ByQuery),
		chromedp.Click(`#gui-phieu`, chromedp.ByQuery),
		chromedp.WaitVisible(`.errors`, chromedp.ByQuery),
		chromedp.Text(`main`, &errs, chromedp.ByQuery),
		shot("phieu-co-loi.png", &img),
		chromedp.Navigate(strings.Replace(unitURL, "phu-yen", "dak-lak", 1)),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		chromedp.Text(`main`, &refused, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Đã ghi nhận phiếu chấm điểm", "Tổng điểm tự chấm: 96", "I. ", "Điểm thưởng"} {
		if !strings.Contains(result, want) {
			t.Errorf("result lacks %q:\n%s", want, result)
		}
	}
	for _, want := range []string{"Phiếu chưa được ghi nhận", "Ô D10: điểm 12 vượt điểm chuẩn 4", "Ô D11: \"hai\" không phải là số",
		"Ô D12: \"TRUE\" không phải là số", "Ô D13: không dùng công thức (=C13) trong ô điểm", "Ô D14: không dùng công thức (chép từ ô D13: =C13) trong ô điểm"} {
		if !strings.Contains(errs, want) {
			t.Errorf("errors lack %q:\n%s", want, errs)
		}
	}
	if !strings.Contains(refused, "không có quyền") {
		t.Errorf("another board's page: %q", refused)
	}

	// The secretariat, in a browser of its own.
	sdl := t.TempDir()
	sctx := browserCtx(t, sdl)
	if err := chromedp.Run(sctx,
		login(srv.URL, "thuky-tay-nguyen-duyen-hai-mien-trung"),
		chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024"),
		chromedp.WaitVisible(`#thanh-vien`, chromedp.ByQuery),
		chromedp.Text(`table`, &status, chromedp.ByQuery),
		shot("bang-dieu-khien-thu-ky.png", &img),
		chromedp.Click(`a[href$="/documents/bao-cao-tong-ket.pdf"]`, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if row := lineWith(status, "Phú Yên"); !strings.Contains(row, "Đã nộp") {
		t.Errorf("Phú Yên's row on the dashboard: %q", row)
	}
	if pdf := waitFile(t, sdl, ".pdf"); !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the report is not a PDF: %.20q", pdf)
	}
}

// labelled finds form controls without a label, on the page in the browser.
const unlabelled = `Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]), select, textarea'))
	.filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.closest('label')).map(e => e.name || e.id)`

// overflow tells whether the page is wider than the window (on a phone:
// the page itself must not scroll sideways; wide tables scroll in their box).
const overflow = `document.documentElement.scrollWidth > window.innerWidth + 1`

// The secretariat's forms show every error beside its field and keep what
// was typed; every control has a label; pages fit a phone's width.
func TestSecretariatFormsInTheBrowser(t *testing.T) {
	srv := server(t)
	ctx := browserCtx(t, t.TempDir())
	base := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024"
	var img []byte
	var missing []string
	var wide bool
	var errText, place, saved, markErr, typed, deadlineErr string
	if err := chromedp.Run(ctx,
		login(srv.URL, "thuky-tay-nguyen-duyen-hai-mien-trung"),
		chromedp.Navigate(base+"/hoi-nghi"),
		chromedp.WaitVisible(`#conference_place`, chromedp.ByQuery),
		chromedp.Evaluate(unlabelled, &missing),
		chromedp.SetValue(`#conference_place`, "Tuy Hòa, Phú Yên", chromedp.ByQuery),
		chromedp.SetValue(`#conference_date`, "1999-12-28", chromedp.ByQuery),
		chromedp.SetValue(`#deadline_mid`, "2023-06-15", chromedp.ByQuery),
		chromedp.Submit(`#conference_place`, chromedp.ByQuery),
		chromedp.WaitVisible(`.field-error`, chromedp.ByQuery),
		chromedp.Text(`#conference_date-err`, &errText, chromedp.ByQuery),
		chromedp.Text(`#deadline_mid-err`, &deadlineErr, chromedp.ByQuery),
		chromedp.Value(`#conference_place`, &place, chromedp.ByQuery),
		shot("hoi-nghi-co-loi.png", &img),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(deadlineErr, "năm 2024") {
		t.Errorf("deadline error %q beside its field", deadlineErr)
	}
	if len(missing) > 0 {
		t.Errorf("controls without a label on the conference form: %v", missing)
	}
	if !strings.Contains(errText, "năm 2024") || place != "Tuy Hòa, Phú Yên" {
		t.Errorf("error %q, kept place %q", errText, place)
	}
	if err := chromedp.Run(ctx,
		chromedp.SetValue(`#conference_date`, "2024-12-20", chromedp.ByQuery),
		chromedp.SetValue(`#deadline_mid`, "2024-06-15", chromedp.ByQuery),
		chromedp.Submit(`#conference_place`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`.flash`, &saved, chromedp.ByQuery),
		// The bloc's marks for Phú Yên: a mark above its maximum.
		chromedp.Navigate(base+"/don-vi/phu-yen/diem-khoi"),
		chromedp.WaitVisible(`#luu-diem`, chromedp.ByQuery),
		chromedp.Evaluate(unlabelled, &missing),
		chromedp.SetValue(`#diem-1\.1`, "99", chromedp.ByQuery),
		chromedp.Click(`#luu-diem`, chromedp.ByQuery),
		chromedp.WaitVisible(`.errors`, chromedp.ByQuery),
		chromedp.Text(`#loi-1\.1`, &markErr, chromedp.ByQuery),
		chromedp.Value(`#diem-1\.1`, &typed, chromedp.ByQuery),
		shot("diem-khoi-cham.png", &img),
		// On a phone.
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(base),
		chromedp.WaitVisible(`#thanh-vien`, chromedp.ByQuery),
		chromedp.Evaluate(overflow, &wide),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(saved, "Đã lưu") {
		t.Errorf("conference form after a good date: %q", saved)
	}
	if len(missing) > 0 {
		t.Errorf("controls without a label on the marks form: %v", missing)
	}
	if !strings.Contains(markErr, "vượt điểm chuẩn") || typed != "99" {
		t.Errorf("mark error %q, kept %q", markErr, typed)
	}
	if wide {
		t.Error("the dashboard scrolls sideways on a 375 px screen")
	}
}
