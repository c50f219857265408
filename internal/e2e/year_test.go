package e2e

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The year around the core, run in the browser by each role, on a desk
// (1366 px) and on a phone (375 px): the administrator's accounts, a
// forgotten password by mail, reminders, opening the next year, its
// criteria, closing and reopening a year. Each page is checked not to
// scroll sideways.

var widths = []int64{1366, 375}

// sized opens a browser of the given width (a phone: 375) with its own
// profile and downloads folder.
func sized(t *testing.T, width int64) context.Context { return sizedIn(t, t.TempDir(), width) }

// sizedIn is sized, saving downloads in dir.
func sizedIn(t *testing.T, dir string, width int64) context.Context {
	ctx := browserCtx(t, dir)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// fits fails the test when the page now shown scrolls sideways.
func fits(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	var wide bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(overflow, &wide)); err != nil {
		t.Fatal(err)
	}
	if wide {
		t.Errorf("%s scrolls sideways", where)
	}
}

// noFlash removes the message a page shows, so that the next flash waited
// for is the next page's, not this one's still on screen.
var noFlash = chromedp.Evaluate(`document.querySelectorAll('.flash').forEach(e => e.remove())`, nil)

// flash waits for the page's message after a form, and reads it.
func flash(text *string) chromedp.Tasks {
	return chromedp.Tasks{chromedp.WaitVisible(`.flash`, chromedp.ByQuery), chromedp.Text(`.flash`, text, chromedp.ByQuery)}
}

// mailTo waits for a message to addr in the outbox and returns its
// subject and decoded text.
func mailTo(t *testing.T, outbox, addr string) (subject, text string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		entries, _ := os.ReadDir(outbox)
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".eml") {
				continue
			}
			f, err := os.Open(filepath.Join(outbox, e.Name()))
			if err != nil {
				continue
			}
			m, err := netmail.ReadMessage(f)
			if err != nil {
				f.Close()
				continue
			}
			to := m.Header.Get("To")
			var body io.Reader = m.Body
			if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
				body = quotedprintable.NewReader(body)
			}
			b, _ := io.ReadAll(body)
			f.Close()
			if strings.Contains(strings.ToLower(to), strings.ToLower(addr)) {
				subject, _ = new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
				return subject, string(b)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no message to %s in %s", addr, outbox)
	return "", ""
}

// TestAccountsAndForgottenPasswordInTheBrowser: the administrator creates
// a board's account with its address; its holder, having forgotten the
// password, asks for a link, follows it from the mail and signs in with
// the new password; the administrator disables the account and the next
// sign-in is refused.
func TestAccountsAndForgottenPasswordInTheBrowser(t *testing.T) {
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			srv, outbox := serverWithOutbox(t)
			admin := sized(t, w)
			var created, disabled string
			var img []byte
			if err := chromedp.Run(admin,
				login(srv.URL, "admin"),
				chromedp.Navigate(srv.URL+"/quan-tri/tai-khoan"),
				chromedp.WaitVisible(`#username`, chromedp.ByQuery),
				chromedp.SendKeys(`#username`, "hoa.gialai", chromedp.ByQuery),
				chromedp.SendKeys(`#name`, "Nguyễn Thị Hoa", chromedp.ByQuery),
				chromedp.SendKeys(`#email`, "hoa@bql.gialai.gov.vn", chromedp.ByQuery),
				chromedp.SendKeys(`#password`, "mùa hoa dã quỳ Pleiku", chromedp.ByQuery),
				chromedp.SetValue(`#role`, "board", chromedp.ByQuery),
				chromedp.SetValue(`#unit`, "gia-lai", chromedp.ByQuery),
				chromedp.Submit(`#password`, chromedp.ByQuery),
				flash(&created),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(created, "hoa.gialai") {
				t.Errorf("after creating: %q", created)
			}
			fits(t, admin, "the accounts page")
			if w == 1366 {
				chromedp.Run(admin, shot("tai-khoan.png", &img))
			}

			// The holder forgot the password.
			anon := sized(t, w)
			var asked string
			if err := chromedp.Run(anon,
				chromedp.Navigate(srv.URL+"/dang-nhap"),
				chromedp.Click(`a[href="/quen-mat-khau"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`#login`, chromedp.ByQuery),
				chromedp.SendKeys(`#login`, "hoa@bql.gialai.gov.vn", chromedp.ByQuery),
				chromedp.Submit(`#login`, chromedp.ByQuery),
				chromedp.WaitVisible(`.ok-box`, chromedp.ByQuery),
				chromedp.Text(`main`, &asked, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, anon, "the forgotten-password answer")
			subject, text := mailTo(t, outbox, "hoa@bql.gialai.gov.vn")
			link := regexp.MustCompile(regexp.QuoteMeta(srv.URL) + `/dat-lai-mat-khau\S+`).FindString(text)
			if link == "" || !strings.Contains(subject, "mật khẩu") {
				t.Fatalf("the mail (%q) has no link: %q", subject, text)
			}
			const fresh = "cà phê Buôn Ma Thuột sáng sớm"
			var home string
			if err := chromedp.Run(anon,
				chromedp.Navigate(link),
				chromedp.WaitVisible(`#again`, chromedp.ByQuery),
				chromedp.SendKeys(`#password`, fresh, chromedp.ByQuery),
				chromedp.SendKeys(`#again`, fresh, chromedp.ByQuery),
				chromedp.Submit(`#again`, chromedp.ByQuery),
				chromedp.WaitVisible(`.ok-box`, chromedp.ByQuery),
				loginAs(srv.URL, "hoa.gialai", fresh),
				chromedp.WaitVisible(`header nav`, chromedp.ByQuery),
				chromedp.Text(`main`, &home, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(home, "Gia Lai") {
				t.Errorf("the board's home after the new password: %.300s", home)
			}
			fits(t, anon, "the board's home")

			// Disabled: the next sign-in is refused, in Vietnamese.
			var refused string
			if err := chromedp.Run(admin,
				chromedp.Navigate(srv.URL+"/quan-tri/tai-khoan/hoa.gialai"),
				chromedp.WaitVisible(`#trang-thai`, chromedp.ByQuery),
				chromedp.Click(`form[action$="/khoa"] button`, chromedp.ByQuery),
				chromedp.WaitVisible(`form[action$="/mo"] button`, chromedp.ByQuery),
				chromedp.Text(`.lead`, &disabled, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, admin, "the account page")
			other := sized(t, w)
			if err := chromedp.Run(other, loginAs(srv.URL, "hoa.gialai", fresh),
				chromedp.WaitVisible(`.error-box`, chromedp.ByQuery), chromedp.Text(`.error-box`, &refused, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(disabled, "đã bị khoá") || !strings.Contains(refused, "Tài khoản đã bị khoá") {
				t.Errorf("disabled: page %q, sign-in %q", disabled, refused)
			}
		})
	}
}

// TestSecretariatRunsTheYearInTheBrowser: the secretariat gives a board
// its address and reminds the boards that owe; it opens the next year;
// the administrator grants it that year in one click; it edits the new
// year's criteria. The administrator reopens a closed year, with a
// reason, and the secretariat closes it again.
func TestSecretariatRunsTheYearInTheBrowser(t *testing.T) {
	const sec = "thuky-tay-nguyen-duyen-hai-mien-trung"
	base := "/khoi/tay-nguyen-duyen-hai-mien-trung"
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			srv, outbox := serverWithOutbox(t)
			ctx := sized(t, w)
			var img []byte
			var saved, reminded string
			if err := chromedp.Run(ctx,
				login(srv.URL, sec),
				chromedp.Navigate(srv.URL+base+"/2025/tai-khoan/dak-lak"),
				chromedp.WaitVisible(`#email`, chromedp.ByQuery),
				chromedp.SetValue(`#email`, "vanthu@bql.daklak.gov.vn", chromedp.ByQuery),
				chromedp.Submit(`#email`, chromedp.ByQuery),
				flash(&saved),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, ctx, "a board's account, as the secretariat")
			if err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"/2025"),
				chromedp.WaitVisible(`#han-gui`, chromedp.ByQuery),
				chromedp.Click(`form[action$="/nhac-han"] button`, chromedp.ByQuery),
				flash(&reminded),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, ctx, "the dashboard after reminding")
			if w == 1366 {
				chromedp.Run(ctx, chromedp.Navigate(srv.URL+base+"/2025#han-gui"), chromedp.WaitVisible(`#han-gui`, chromedp.ByQuery), shot("nhac-han.png", &img))
			}
			subject, text := mailTo(t, outbox, "vanthu@bql.daklak.gov.vn")
			if !strings.Contains(reminded, "Đã gửi") || !strings.Contains(subject, "2025") || !strings.Contains(text, srv.URL+base+"/2025/don-vi/dak-lak") {
				t.Errorf("reminded %q; the mail %q: %.400s", reminded, subject, text)
			}

			// Next year, opened with last year's criteria and deadlines.
			var opened string
			if err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"/2025/mo-nam-sau"),
				chromedp.WaitVisible(`#deadline_end`, chromedp.ByQuery),
				chromedp.Click(`input[name="tieu-chi"][value="copy"]`, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, ctx, "opening the next year")
			if w == 1366 {
				chromedp.Run(ctx, shot("mo-nam-sau.png", &img))
			}
			if err := chromedp.Run(ctx,
				chromedp.Submit(`#deadline_end`, chromedp.ByQuery),
				flash(&opened),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(opened, "2026") {
				t.Errorf("after opening: %q", opened)
			}

			// The administrator grants the secretariat 2026 in one click.
			admin := sized(t, w)
			if err := chromedp.Run(admin,
				login(srv.URL, "admin"),
				chromedp.Navigate(srv.URL+"/quan-tri/tai-khoan/"+sec),
				chromedp.WaitVisible(`#quyen`, chromedp.ByQuery),
				chromedp.Click(`//button[contains(., "Cấp tiếp năm 2026")]`, chromedp.BySearch),
				chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, admin, "the secretariat's account")

			// 2026's criteria, edited: a criterion's wording.
			var version string
			if err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"/2026/tieu-chi"),
				chromedp.WaitVisible(`#luu-tieu-chi`, chromedp.ByQuery),
				chromedp.SetValue(`textarea[name="sections[0].criteria[0].text"]`, "Xây dựng, ban hành kế hoạch công tác năm 2026 và chương trình chuyển đổi số", chromedp.ByQuery),
				chromedp.Click(`#luu-tieu-chi`, chromedp.ByQuery),
				flash(&version),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, ctx, "the criteria page")
			if !strings.Contains(version, "phiên bản 2") {
				t.Errorf("after saving the criteria: %q", version)
			}
			if w == 1366 {
				chromedp.Run(ctx, shot("tieu-chi.png", &img))
			}

			// A closed year: reopened with a reason, closed again.
			var reopened, closed string
			if err := chromedp.Run(admin,
				chromedp.Navigate(srv.URL+base+"/2023#khoa-so"),
				chromedp.WaitVisible(`#ly-do`, chromedp.ByQuery),
				chromedp.SendKeys(`#ly-do`, "Sửa điểm Khối chấm của Gia Lai theo đơn đề nghị", chromedp.ByQuery),
				chromedp.Submit(`#ly-do`, chromedp.ByQuery),
				flash(&reopened),
			); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Run(ctx,
				chromedp.Navigate(srv.URL+base+"/2023"),
				chromedp.WaitVisible(`form[action$="/khoa-so"] button`, chromedp.ByQuery),
				chromedp.Click(`form[action$="/khoa-so"] button`, chromedp.ByQuery),
				flash(&closed),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, ctx, "the closed year")
			if !strings.Contains(reopened, "mở lại") || !strings.Contains(closed, "khoá sổ") {
				t.Errorf("reopened %q, closed %q", reopened, closed)
			}
		})
	}
}

// TestAdministratorAndAuditInTheBrowser: the administrator resets a
// board's password (typed twice), lets it sign in again at once, grants
// and revokes a right; the board signs in with the new password and signs
// out, told so; the secretariat reads the audit log filtered to that
// board, in Vietnamese.
func TestAdministratorAndAuditInTheBrowser(t *testing.T) {
	const fresh = "hoa dã quỳ nở trên cao nguyên"
	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			srv := server(t)
			admin := sized(t, w)
			var reset, unlocked, granted, revoked string
			if err := chromedp.Run(admin,
				login(srv.URL, "admin"),
				chromedp.Navigate(srv.URL+"/quan-tri/tai-khoan/gia-lai"),
				chromedp.WaitVisible(`#again`, chromedp.ByQuery),
				chromedp.SendKeys(`#password`, fresh, chromedp.ByQuery),
				chromedp.SendKeys(`#again`, fresh, chromedp.ByQuery),
				chromedp.Submit(`#again`, chromedp.ByQuery),
				flash(&reset),
				noFlash,
				chromedp.Click(`form[action$="/mo-khoa-dang-nhap"] button`, chromedp.ByQuery),
				flash(&unlocked),
				noFlash,
				chromedp.SetValue(`#role`, "viewer", chromedp.ByQuery),
				chromedp.Click(`//button[contains(., "Cấp quyền")]`, chromedp.BySearch),
				flash(&granted),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, admin, "the account page after granting")
			if err := chromedp.Run(admin,
				noFlash,
				chromedp.Click(`//li[contains(., "Xem")]//button[contains(., "Thu hồi")]`, chromedp.BySearch),
				flash(&revoked),
			); err != nil {
				t.Fatal(err)
			}
			for what, got := range map[string]string{"reset": reset, "unlocked": unlocked, "granted": granted, "revoked": revoked} {
				if !strings.HasPrefix(got, "Đã") {
					t.Errorf("%s: %q", what, got)
				}
			}

			dir := t.TempDir()
			board := sizedIn(t, dir, w)
			var bye string
			if err := chromedp.Run(board,
				loginAs(srv.URL, "gia-lai", fresh),
				chromedp.WaitVisible(`header nav`, chromedp.ByQuery),
				chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai"),
				chromedp.Click(`a[href$="phieu-cham-diem.xlsx"]`, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			waitFile(t, dir, ".xlsx")
			if err := chromedp.Run(board,
				chromedp.Click(`form[action="/dang-xuat"] button`, chromedp.ByQuery),
				chromedp.WaitVisible(`.ok-box`, chromedp.ByQuery),
				chromedp.Text(`.ok-box`, &bye, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(bye, "đã đăng xuất") {
				t.Errorf("after signing out: %q", bye)
			}

			sec := sized(t, w)
			var log string
			if err := chromedp.Run(sec,
				login(srv.URL, "thuky-tay-nguyen-duyen-hai-mien-trung"),
				chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/nhat-ky"),
				chromedp.WaitVisible(`#actor`, chromedp.ByQuery),
				chromedp.SetValue(`#actor`, "gia-lai", chromedp.ByQuery),
				chromedp.Submit(`#actor`, chromedp.ByQuery),
				chromedp.WaitReady(`//select[@id="actor"]/option[@value="gia-lai" and @selected]`, chromedp.BySearch),
				chromedp.Text(`table tbody`, &log, chromedp.ByQuery),
			); err != nil {
				t.Fatal(err)
			}
			fits(t, sec, "the audit log")
			if strings.Contains(log, "thuky-") || !strings.Contains(log, "Gia Lai") {
				t.Errorf("the log filtered to Gia Lai's board: %.500s", log)
			}
		})
	}
}
