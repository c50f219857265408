// Package e2e drives the whole service in a real headless Chromium
// (Debian's chromium, through chromedp): the pages a board and a
// secretariat use, as they use them.
package e2e

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/httpapi"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store/sqlite"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

const password = "mật khẩu thử trình duyệt"

// server starts the real service over a real SQLite file with the demo
// blocs and accounts.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "thidua.db"))
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
	acc, err := app.NewAccounts(app.AccountsConfig{Store: st, Params: auth.Params{Memory: 64, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Accounts(ctx, st, acc, password); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(httpapi.NewServer(httpapi.Deps{Store: st, Blobs: blobs, Scoring: app.NewScoring(app.ScoringConfig{Store: st, Blobs: blobs}),
		Accounts: acc, Render: rs}))
	t.Cleanup(func() { srv.Close(); st.Close() })
	return srv
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
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "vi"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel3)
	if err := chromedp.Run(ctx, browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir)); err != nil {
		t.Fatal(err)
	}
	return ctx
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

func login(base, user string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.Navigate(base + "/"),
		chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, user, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`header nav`, chromedp.ByQuery), // only there once signed in
	}
}

// shot saves a screenshot of the whole page under docs/screenshots when
// THIDUA_SCREENSHOTS names that folder (the README shows them).
func shot(name string, buf *[]byte) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		dir := os.Getenv("THIDUA_SCREENSHOTS")
		if dir == "" {
			return nil
		}
		if err := chromedp.FullScreenshot(buf, 100).Do(ctx); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, name), *buf, 0o644)
	})
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
	for _, want := range []string{"Phiếu chưa được ghi nhận", "Ô D10: điểm 12 vượt điểm chuẩn 4", "Ô D11: \"hai\" không phải là số"} {
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
	row := ""
	for _, l := range strings.Split(status, "\n") {
		if strings.Contains(l, "Phú Yên") {
			row = l
		}
	}
	if !strings.Contains(row, "Đã nộp") {
		t.Errorf("Phú Yên's row on the dashboard: %q", row)
	}
	if pdf := waitFile(t, sdl, ".pdf"); !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("the report is not a PDF: %.20q", pdf)
	}
}
