package e2e

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/thidua/thidua/internal/pdftest"
)

// A board writes its half-year review on its page — pasted from Word, with
// a Symbol-font bullet and a tab — sends it, and finds it under its heading
// in its mid-year report; the secretariat sees it sent on the list of who
// sent what and returns it with a comment, which the board then reads.
func TestBoardWritesItsTextsInTheBrowser(t *testing.T) {
	pdftest.Need(t)
	srv := server(t)
	dl := t.TempDir()
	ctx := browserCtx(t, dl)
	unit := srv.URL + "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/phu-yen"
	pasted := "Thu hút 4 dự án vào KKT Nam Phú Yên.\n\uf0b7\tTiếp 20 đoàn nhà đầu tư Nhật Bản"
	var img []byte
	var flashText, stateText string
	var missing []string
	if err := chromedp.Run(ctx,
		login(srv.URL, "phu-yen"),
		chromedp.Navigate(unit),
		chromedp.Click(`a[href$="/bao-cao/h1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#thu-hut-dau-tu`, chromedp.ByQuery),
		// What a paste leaves in the field (SetValue cannot set a
		// textarea to text of several lines).
		chromedp.Evaluate(`document.querySelector("#thu-hut-dau-tu").value = `+strconv.Quote(pasted)+`; document.querySelector("#dang-doan-the").value = ""`, nil),
		chromedp.Evaluate(unlabelled, &missing),
		chromedp.Click(`#gui-khoi`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`.flash`, &flashText, chromedp.ByQuery),
		chromedp.Text(`#trang-thai`, &stateText, chromedp.ByQuery),
		shot("bao-cao-don-vi.png", &img),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(flashText, "Đã gửi Khối") || !strings.Contains(stateText, "Đã gửi Khối") {
		t.Errorf("after sending: %q / %q", flashText, stateText)
	}
	var value string
	if err := chromedp.Run(ctx, chromedp.Value(`#thu-hut-dau-tu`, &value, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if value != "Thu hút 4 dự án vào KKT Nam Phú Yên.\n- Tiếp 20 đoàn nhà đầu tư Nhật Bản" {
		t.Errorf("stored as %q", value)
	}
	if err := chromedp.Run(ctx, chromedp.Click(`a[href$="bao-cao-so-ket.pdf"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	pdf := waitFile(t, dl, ".pdf")
	text := strings.Join(strings.Fields(pdftest.Text(t, pdf)), " ")
	if !strings.Contains(text, "Xúc tiến, thu hút đầu tư Thu hút 4 dự án vào KKT Nam Phú Yên. - Tiếp 20 đoàn nhà đầu tư Nhật Bản") {
		t.Errorf("the mid-year report does not carry the board's text:\n%s", text)
	}
	if strings.Contains(text, "Công tác Đảng, đoàn thể") {
		t.Error("a field emptied still has its heading")
	}

	// The secretariat: the list, then a return with a comment.
	sctx := browserCtx(t, t.TempDir())
	var list, after string
	if err := chromedp.Run(sctx,
		login(srv.URL, "thuky-tay-nguyen-duyen-hai-mien-trung"),
		chromedp.Navigate(srv.URL+"/khoi/tay-nguyen-duyen-hai-mien-trung/2024"),
		chromedp.Click(`a[href$="/bao-cao-don-vi"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`table`, chromedp.ByQuery),
		chromedp.Text(`table`, &list, chromedp.ByQuery),
		shot("bao-cao-cac-don-vi.png", &img),
		chromedp.Click(`a[href$="/phu-yen/bao-cao/h1"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#y-kien`, chromedp.ByQuery),
		chromedp.SendKeys(`#y-kien`, "Bổ sung kết quả giải phóng mặt bằng", chromedp.ByQuery),
		chromedp.Click(`#tra-lai-don-vi`, chromedp.ByQuery),
		chromedp.WaitVisible(`.flash`, chromedp.ByQuery),
		chromedp.Text(`#trang-thai`, &after, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if row := lineWith(list, "Phú Yên"); !strings.Contains(row, "Đã gửi") {
		t.Errorf("Phú Yên on the list: %q", row)
	}
	if !strings.Contains(after, "Khối đã trả lại") {
		t.Errorf("after returning: %q", after)
	}
	var comment string
	if err := chromedp.Run(ctx, chromedp.Navigate(unit), chromedp.Text(`#bao-cao`, &comment, chromedp.ByQuery),
		chromedp.Text(`main`, &comment, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(comment, "Bổ sung kết quả giải phóng mặt bằng") {
		t.Errorf("the board does not read the comment on its page")
	}
	if len(missing) > 0 {
		t.Errorf("controls without a label: %v", missing)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Error("not a PDF")
	}
}
