package httpapi

import (
	"regexp"
	"strings"
	"testing"
)

// TestHelpShowsItsScreenshots: the help page is public, and every
// screenshot it shows is served (a missing file would be a broken image).
func TestHelpShowsItsScreenshots(t *testing.T) {
	ts := newTestServer(t).as("")
	r := ts.do("GET", "/huong-dan", nil)
	ts.want(r, 200)
	srcs := regexp.MustCompile(`<img src="([^"]+)"`).FindAllStringSubmatch(string(r.Body), -1)
	if len(srcs) < 6 {
		t.Fatalf("the help page shows %d screenshots", len(srcs))
	}
	for _, m := range srcs {
		img := ts.do("GET", m[1], nil)
		if img.Status != 200 || !strings.HasPrefix(img.Header.Get("Content-Type"), "image/") || len(img.Body) < 10_000 {
			t.Errorf("%s: %d %s, %d bytes", m[1], img.Status, img.Header.Get("Content-Type"), len(img.Body))
		}
	}
}
