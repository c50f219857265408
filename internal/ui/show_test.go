package ui

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// A page is sent whole or not at all: a template that fails half-way
// answers 500 without the half it had made, and a page that renders goes
// out with its length.
func TestShowWholeOrNothing(t *testing.T) {
	gin.SetMode(gin.TestMode)
	p, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	p.pages["half"] = template.Must(template.New("half").Parse(`{{define "layout"}}<p>Phần đầu trang</p>{{index .Data 5}}{{end}}`))
	p.pages["whole"] = template.Must(template.New("whole").Parse(`{{define "layout"}}<p>Trang {{.Title}}</p>{{end}}`))
	for _, tc := range []struct {
		page   string
		data   any
		status int
		want   string
	}{
		{"half", []int{}, http.StatusInternalServerError, "Lỗi hệ thống"},
		{"whole", nil, http.StatusOK, "<p>Trang Khối thi đua</p>"},
	} {
		w := httptest.NewRecorder()
		c, _ := gin.CreateTestContext(w)
		c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
		p.show(c, http.StatusOK, tc.page, view{Title: "Khối thi đua", Data: tc.data})
		body := w.Body.String()
		if w.Code != tc.status || body != tc.want {
			t.Errorf("%s: %d %q, want %d %q", tc.page, w.Code, body, tc.status, tc.want)
		}
		if strings.Contains(body, "Phần đầu") {
			t.Errorf("%s: half a page sent: %q", tc.page, body)
		}
		if tc.status == http.StatusOK && w.Header().Get("Content-Length") != strconv.Itoa(len(body)) {
			t.Errorf("%s: Content-Length %q for %d bytes", tc.page, w.Header().Get("Content-Length"), len(body))
		}
	}
}
