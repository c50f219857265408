package e2e

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The secretariat opens the year-end dossier page, types an hour that does
// not exist and reads the error beside the field, saves 08:00 on 20
// December, builds the dossier now, waits for the version and downloads
// its ZIP; a board is refused the page.
func TestDossierInTheBrowser(t *testing.T) {
	srv := server(t)
	downloads := t.TempDir()
	ctx := browserCtx(t, downloads)
	page := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/ho-so"
	var img []byte
	var errText, flash, next string
	err := chromedp.Run(ctx,
		login(srv.URL, "thuky-tay-nguyen-duyen-hai-mien-trung"),
		chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024"),
		chromedp.Click(`a[href$="/ho-so"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#luu-lich`, chromedp.ByID),
		chromedp.SetValue(`#gio`, "25", chromedp.ByID),
		chromedp.Click(`#luu-lich`, chromedp.ByID),
		chromedp.WaitVisible(`#loi-gio`, chromedp.ByID),
		chromedp.Text(`#loi-gio`, &errText, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "Giờ là số từ 0 đến 23") {
		t.Errorf("error beside the hour: %q", errText)
	}
	err = chromedp.Run(ctx,
		chromedp.SetValue(`#gio`, "8", chromedp.ByID),
		chromedp.SetAttributeValue(`#bat`, "checked", "checked", chromedp.ByID),
		chromedp.Click(`#luu-lich`, chromedp.ByID),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`.flash`, &flash, chromedp.ByQuery),
		chromedp.Text(`#lich + p`, &next, chromedp.ByQuery),
		chromedp.Click(`#lap-ngay`, chromedp.ByID),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "Đã bắt đầu lập hồ sơ")]`, chromedp.BySearch),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(flash, "Đã lưu lịch") || !strings.Contains(next, "08:00 20/12/") {
		t.Errorf("after saving: %q, %q", flash, next)
	}
	// The run goes on in the background: reload until the version shows
	// and the run is recorded as done (the version is published first).
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		var done bool
		if err := chromedp.Run(ctx, chromedp.Navigate(page), chromedp.WaitVisible(`#phien-ban`, chromedp.ByID),
			chromedp.Evaluate(`document.querySelectorAll('#tai-zip').length`, &n),
			chromedp.Evaluate(`!!document.querySelector('#cac-lan-lap + div .status-ok')`, &done)); err != nil {
			t.Fatal(err)
		}
		if n == 1 && done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no dossier version after 60 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
	var runs string
	err = chromedp.Run(ctx,
		chromedp.Text(`#cac-lan-lap + div`, &runs, chromedp.ByQuery),
		shot("ho-so-cuoi-nam.png", &img),
		chromedp.Click(`#tai-zip`, chromedp.ByID),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(runs, "Xong") || !strings.Contains(runs, "Phiên bản mới số 1") {
		t.Errorf("runs table: %q", runs)
	}
	b := waitFile(t, downloads, ".zip")
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) < 20 || zr.File[0].Name != "manifest.json" {
		t.Errorf("downloaded ZIP: %d entries, first %q", len(zr.File), zr.File[0].Name)
	}

	// A board is refused the page.
	board := browserCtx(t, t.TempDir())
	var body string
	if err := chromedp.Run(board, login(srv.URL, "dak-lak"), chromedp.Navigate(page), chromedp.Text(`main`, &body, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "không có quyền") {
		t.Errorf("a board on the dossier page: %.200q", body)
	}
}

// A board records an award it received on its page: a missing award is an
// error beside its field; the award recorded is listed, is in the
// year-end report, and can be deleted.
func TestHonoursInTheBrowser(t *testing.T) {
	srv := server(t)
	ctx := browserCtx(t, t.TempDir())
	page := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/dak-lak"
	var img []byte
	var errText, list string
	err := chromedp.Run(ctx,
		login(srv.URL, "dak-lak"),
		chromedp.Navigate(page),
		chromedp.WaitVisible(`#ghi-khen-thuong`, chromedp.ByID),
		chromedp.Click(`#ghi-khen-thuong`, chromedp.ByID),
		chromedp.WaitVisible(`#loi-hinh-thuc`, chromedp.ByID),
		chromedp.Text(`#loi-hinh-thuc`, &errText, chromedp.ByID),
		chromedp.SetValue(`#hinh-thuc`, "Bằng khen của Thủ tướng Chính phủ", chromedp.ByID),
		chromedp.SetValue(`#quyet-dinh`, "Quyết định số 512/QĐ-TTg ngày 10/5/2024", chromedp.ByID),
		chromedp.Click(`input[name="ky"][value="h1"]`, chromedp.ByQuery),
		chromedp.Click(`#ghi-khen-thuong`, chromedp.ByID),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "Đã ghi khen thưởng")]`, chromedp.BySearch),
		chromedp.Text(`ul.honours`, &list, chromedp.ByQuery),
		shot("khen-thuong.png", &img),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "Cần ghi hình thức khen thưởng") {
		t.Errorf("error beside the award: %q", errText)
	}
	if !strings.Contains(list, "Bằng khen của Thủ tướng Chính phủ (Quyết định số 512/QĐ-TTg ngày 10/5/2024)") || !strings.Contains(list, "6 tháng đầu năm") {
		t.Errorf("awards listed: %q", list)
	}
	var after string
	err = chromedp.Run(ctx,
		// Deleting asks first: "Xoá" opens the button that deletes.
		chromedp.Click(`ul.honours details.confirm summary`, chromedp.ByQuery),
		chromedp.Click(`ul.honours details.confirm button`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "Đã xóa khen thưởng")]`, chromedp.BySearch),
		chromedp.Text(`main`, &after, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(after, "Chưa ghi khen thưởng nào") {
		t.Errorf("after deleting: %q", after)
	}
	// A board that left in June records its first half only: the form
	// offers no whole year.
	var radios []string
	err = chromedp.Run(browserCtx(t, t.TempDir()),
		login(srv.URL, "phu-yen"),
		chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2025/don-vi/phu-yen"),
		chromedp.WaitVisible(`#ghi-khen-thuong`, chromedp.ByID),
		chromedp.Evaluate(`[...document.querySelectorAll('input[name=ky]')].map(e => e.value)`, &radios),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(radios, ",") != "h1" {
		t.Errorf("a board that left in June is offered the periods %v", radios)
	}
}

// The ministry opens every bloc's dossiers of a year from its home page.
func TestDossierOverviewInTheBrowser(t *testing.T) {
	srv := server(t)
	ctx := browserCtx(t, t.TempDir())
	var img []byte
	var text string
	err := chromedp.Run(ctx,
		login(srv.URL, "bo"),
		chromedp.Click(`a[href^="/ho-so/"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
		shot("ho-so-cac-khoi.png", &img),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Hồ sơ cuối năm 2025 của các Khối", "Đã có hồ sơ: 0/3", "Chưa có", "Chưa đặt lịch"} {
		if !strings.Contains(text, want) {
			t.Errorf("the overview lacks %q:\n%s", want, text)
		}
	}
	// A year a bloc has no data for says so (Bắc Trung Bộ starts in 2023).
	err = chromedp.Run(ctx,
		chromedp.Click(`a[href="/ho-so/2022"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//h1[contains(., "2022")]`, chromedp.BySearch),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Không có dữ liệu năm 2022") {
		t.Errorf("the 2022 overview does not say a bloc has no data:\n%s", text)
	}
}

// A board enters its plan and its half-year figures on the indicators
// page: a figure that is not a number is an error beside its cell, what
// was typed stays; saved figures come back the Vietnamese way.
func TestIndicatorsInTheBrowser(t *testing.T) {
	srv := server(t)
	ctx := browserCtx(t, t.TempDir())
	page := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/dak-lak/chi-tieu"
	var img []byte
	var errText, kept, saved string
	err := chromedp.Run(ctx,
		login(srv.URL, "dak-lak"),
		chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/dak-lak"),
		chromedp.Click(`a[href$="/chi-tieu"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#luu-chi-tieu`, chromedp.ByID),
		chromedp.SetValue(`#plan-revenue`, "mười nghìn", chromedp.ByID),
		chromedp.SetValue(`#plan-new_projects`, "12", chromedp.ByID),
		chromedp.Click(`#luu-chi-tieu`, chromedp.ByID),
		chromedp.WaitVisible(`#loi-plan-revenue`, chromedp.ByID),
		chromedp.Text(`#loi-plan-revenue`, &errText, chromedp.ByID),
		chromedp.Value(`#plan-new_projects`, &kept, chromedp.ByID),
		chromedp.SetValue(`#plan-revenue`, "21.857,5", chromedp.ByID),
		chromedp.Click(`#luu-chi-tieu`, chromedp.ByID),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "Đã lưu chỉ tiêu")]`, chromedp.BySearch),
		chromedp.Value(`#plan-revenue`, &saved, chromedp.ByID),
		shot("chi-tieu.png", &img),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errText, "Không phải là số") || kept != "12" {
		t.Errorf("error %q, kept %q", errText, kept)
	}
	if saved != "21.857,5" {
		t.Errorf("saved plan revenue shows %q", saved)
	}
	_ = page
}
