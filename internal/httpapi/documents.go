package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/vn"
)

// getDocument serves GET …/documents/{kind}.{pdf|xlsx}.
func (s *Server) getDocument(c *gin.Context) {
	s.serveDocument(c, "")
}

// getUnitDocument serves one board's documents (bao-cao-so-ket.pdf).
func (s *Server) getUnitDocument(c *gin.Context) {
	s.serveDocument(c, c.Param("unit"))
}

func (s *Server) serveDocument(c *gin.Context, unit string) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	kind, format, found := strings.Cut(c.Param("file"), ".")
	if !found || !document.KnownFormat(format) {
		abort(c, http.StatusNotFound, apiError{Code: "unknown_document", Message: "Tên văn bản phải có dạng {loại}.pdf, {loại}.docx hoặc {loại}.xlsx"})
		return
	}
	s.sendRendered(c, render.Request{Bloc: c.Param("bloc"), Year: year, Kind: kind, Unit: unit, Format: format})
}

func (s *Server) sendRendered(c *gin.Context, req render.Request) {
	if s.render == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "render_unavailable", Message: "Dịch vụ tạo văn bản chưa được bật"})
		return
	}
	// A client that has the file, unchanged: one read, nothing loaded.
	if match := c.GetHeader("If-None-Match"); match != "" {
		if etag, ok, err := s.render.ETag(c.Request.Context(), req); err == nil && ok && etagMatches(match, `"`+etag+`"`) {
			c.Header("ETag", `"`+etag+`"`)
			c.Header("Cache-Control", "private, no-cache")
			c.Status(http.StatusNotModified)
			return
		}
	}
	f, err := s.render.Render(c.Request.Context(), req)
	if errors.Is(err, render.ErrUnknownKind) {
		abort(c, http.StatusNotFound, apiError{Code: "unknown_document", Message: fmt.Sprintf("Không có văn bản loại %q dạng %s", req.Kind, req.Format)})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendFile(c, f)
}

// sendFile sends a rendered file with its ETag (304 when the client has it).
func (s *Server) sendFile(c *gin.Context, f render.File) {
	etag := `"` + f.ETag + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, no-cache")
	if match := c.GetHeader("If-None-Match"); match != "" && etagMatches(match, etag) {
		c.Status(http.StatusNotModified)
		return
	}
	c.Header("Content-Disposition", s.dispositions.of(f.Name))
	c.Data(http.StatusOK, f.ContentType, f.Data)
}

func etagMatches(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		p := strings.TrimSpace(part)
		if p == "*" || p == etag || strings.TrimPrefix(p, "W/") == etag {
			return true
		}
	}
	return false
}

// contentDisposition gives the Vietnamese file name in the RFC 5987
// filename* form, with an ASCII fallback for old clients.
func contentDisposition(name string) string {
	name = vn.StripInvisible(vn.NFC(name))
	ascii := strings.Map(func(r rune) rune {
		if r == '"' || r == '\\' || r < 0x20 || r == 0x7f {
			return '_'
		}
		return r
	}, vn.ASCII(name))
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, rfc8187(name))
}

// rfc8187 encodes a parameter value as RFC 8187 (§3.2.1) says: every byte
// outside attr-char percent-encoded (url.PathEscape left ':', '=' and
// others as they are).
func rfc8187(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// dispositions remembers the Content-Disposition of the few file names the
// documents have (encoding one was 4 % of a cached download); forgotten
// whole when full.
type dispositions struct {
	mu sync.Mutex
	m  map[string]string
}

func (d *dispositions) of(name string) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.m[name]; ok {
		return v
	}
	if d.m == nil || len(d.m) >= 4096 {
		d.m = map[string]string{}
	}
	v := contentDisposition(name)
	d.m[name] = v
	return v
}
