package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// phonePages are the pages each role opens, tried on a phone.
var phonePages = map[string][]string{
	"thuky-tay-nguyen-duyen-hai-mien-trung": {
		"/", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/hoi-nghi",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/loi-van", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/bo-phieu",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/nhat-ky", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/ho-so",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/bao-cao-don-vi", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/tai-khoan",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/tai-khoan/gia-lai",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/diem-khoi",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/chi-tieu", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/bao-cao/year",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2025/mo-nam-sau", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/tieu-chi", "/doi-mat-khau", "/huong-dan",
	},
	"admin": {"/", "/quan-tri/tai-khoan", "/quan-tri/tai-khoan/gia-lai", "/ho-so/2024", "/khoi/bac-trung-bo/2025"},
	"gia-lai": {"/", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai",
		"/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/bao-cao/h1", "/khoi/tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/chi-tieu"},
	"": {"/dang-nhap", "/quen-mat-khau"},
}

// TestEveryPageFitsAPhone: at 375 px wide (a common phone) no page scrolls
// sideways: wide tables scroll inside their own box, forms and headers
// wrap. Checked in a real Chromium by the page's own width.
func TestEveryPageFitsAPhone(t *testing.T) {
	srv := server(t)
	for user, pages := range phonePages {
		ctx := browserCtx(t, t.TempDir())
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(375, 800)); err != nil {
			t.Fatal(err)
		}
		if user != "" {
			if err := chromedp.Run(ctx, login(srv.URL, user)); err != nil {
				t.Fatal(err)
			}
		}
		for _, page := range pages {
			var width int
			var wide string
			var inner int
			err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+page), chromedp.WaitReady("body", chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &width), chromedp.Evaluate(`window.innerWidth`, &inner),
				chromedp.Evaluate(`[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap')).slice(0, 4).map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')).join(', ')`, &wide))
			if err != nil {
				t.Fatalf("%s %s: %v", user, page, err)
			}
			if inner != 375 {
				t.Fatalf("the viewport is %d px, not 375", inner)
			}
			if width > 375 {
				t.Errorf("%s %s: %d px wide at 375 (%s)", strings.TrimSpace(fmt.Sprint(user)), page, width, wide)
			}
		}
	}
}
