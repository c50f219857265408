// Package web holds what the JSON API (httpapi) and the pages (ui) share
// about HTTP: who the actor of a request is, and how an uploaded file is
// received. Rules stay in the application layer; this is transport.
package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

const actorKey = "thidua.actor"

// Actor is who makes the request; nil when nobody is signed in.
func Actor(c *gin.Context) *domain.Actor {
	a, _ := c.Get(actorKey)
	act, _ := a.(*domain.Actor)
	return act
}

// SetActor records who makes the request (authentication does).
func SetActor(c *gin.Context, a *domain.Actor) { c.Set(actorKey, a) }

// MaxFilename bounds an upload's file name, in characters (Windows allows
// 255).
const MaxFilename = 255

// UploadError is a refused multipart body: the status, a stable code and a
// Vietnamese message, for the API's JSON and the pages' alike.
type UploadError struct {
	Status  int
	Code    string
	Message string
	Detail  string // short, for the field
}

func (e *UploadError) Error() string { return e.Message }

// ReceiveUpload streams the multipart field "file" into the blob store while
// the body arrives, refusing more than one file, a file without a name, a
// name too long or with control characters, and a file over max without
// holding it in memory. The blob is committed only when the whole body is
// good. Other fields are read and dropped.
func ReceiveUpload(c *gin.Context, blobs blob.Store, max int64) (name string, ref blob.Ref, err error) {
	tooLarge := &UploadError{http.StatusRequestEntityTooLarge, "upload_too_large",
		"Tệp quá lớn: tối đa " + vn.GroupInt(max/1024) + " KB. Phiếu chấm điểm thường chỉ vài chục KB; vui lòng gửi đúng tệp .xlsx của hệ thống.", "vượt dung lượng cho phép"}
	broken := &UploadError{http.StatusBadRequest, "invalid_upload", "Nội dung gửi lên bị hỏng hoặc chưa gửi hết. Vui lòng chọn lại tệp và gửi lại.", "nội dung gửi lên bị hỏng"}
	if c.Request.ContentLength > max+64<<10 {
		return "", ref, tooLarge
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, max+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", ref, &UploadError{http.StatusBadRequest, "invalid_upload", "Cần gửi tệp theo dạng multipart/form-data, trong trường \"file\".", "thiếu tệp"}
	}
	var w blob.Writer
	defer func() {
		if w != nil && err != nil {
			w.Abort()
		}
	}()
	for {
		part, perr := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(perr, io.EOF):
			if w == nil {
				return "", ref, &UploadError{http.StatusBadRequest, "invalid_upload", "Chưa có tệp: cần chọn tệp .xlsx để gửi.", "thiếu tệp"}
			}
			ref, err = w.Commit(c.Request.Context())
			return name, ref, err
		case errors.As(perr, &mbe):
			return "", ref, tooLarge
		case perr != nil:
			return "", ref, broken
		}
		if part.FormName() != "file" {
			if _, err := io.Copy(io.Discard, part); errors.As(err, &mbe) {
				return "", ref, tooLarge
			}
			continue
		}
		if w != nil {
			return "", ref, &UploadError{http.StatusBadRequest, "upload_many_files", "Chỉ gửi một tệp mỗi lần: trường \"file\" xuất hiện nhiều lần.", "nhiều tệp"}
		}
		name = part.FileName()
		if _, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
			name = params["filename"]
		}
		// Format characters (right-to-left overrides, zero-width spaces)
		// would make the name read otherwise in histories and downloads:
		// dropped, as JSON text drops them.
		name = vn.Clean(name)
		switch {
		case name == "":
			return "", ref, &UploadError{http.StatusBadRequest, "upload_no_filename", "Trường \"file\" phải là một tệp có tên (chọn tệp .xlsx để gửi).", "thiếu tên tệp"}
		case utf8.RuneCountInString(name) > MaxFilename:
			return "", ref, &UploadError{http.StatusBadRequest, "upload_filename_too_long", fmt.Sprintf("Tên tệp quá dài (tối đa %d ký tự). Vui lòng đổi tên tệp ngắn hơn và gửi lại.", MaxFilename), "tên tệp quá dài"}
		case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
			return "", ref, &UploadError{http.StatusBadRequest, "upload_filename_invalid", "Tên tệp có ký tự không hợp lệ. Vui lòng đổi tên tệp và gửi lại.", "tên tệp không hợp lệ"}
		}
		if w, err = blobs.Create(c.Request.Context()); err != nil {
			return "", ref, err
		}
		sink := &writeErr{w: w}
		n, cerr := io.Copy(sink, io.LimitReader(part, max+1))
		switch {
		case sink.err != nil: // the server could not keep the bytes: its fault, not the file's
			return "", ref, fmt.Errorf("lưu tệp gửi lên: %w", sink.err)
		case errors.As(cerr, &mbe) || n > max:
			return "", ref, tooLarge
		case cerr != nil:
			return "", ref, broken
		}
	}
}

// writeErr remembers the error of the writer, so that a copy that failed
// on the server's side is not told as a broken request.
type writeErr struct {
	w   io.Writer
	err error
}

func (w *writeErr) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

// SessionCookie names the cookie that holds a session's secret.
const SessionCookie = "thidua_session"

// SetSession sets (maxAge 0: for the browser's session) or clears
// (maxAge < 0) the session cookie: HttpOnly, SameSite=Lax, Secure when the
// request came over TLS, directly or, behind a trusted proxy, as the proxy
// says.
func SetSession(c *gin.Context, secret string, maxAge int, trustProxy bool) {
	secure := c.Request.TLS != nil || (trustProxy && c.GetHeader("X-Forwarded-Proto") == "https")
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: secret, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}
