package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/xlsx"
)

// getScoringWorkbook serves a board's self-scoring workbook.
func (s *Server) getScoringWorkbook(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	s.sendRendered(c, render.Request{Bloc: c.Param("bloc"), Year: year, Kind: "phieu-cham-diem", Unit: c.Param("unit"), Format: "xlsx"})
}

// maxFilename bounds an upload's file name, in characters (Windows allows
// 255).
const maxFilename = 255

// receiveUpload streams the multipart field "file" into the blob store while
// the body arrives, refusing more than one file, a file without a name, a
// name too long and a file over the cap without holding it in memory. The
// blob is committed only when the whole body is good.
func (s *Server) receiveUpload(c *gin.Context) (name string, ref blob.Ref, ok bool) {
	fail := func(status int, code, msg, detail string) {
		abort(c, status, apiError{Code: code, Message: msg, Details: []domain.FieldError{{Field: "file", Code: code, Message: detail}}})
	}
	tooLarge := func() {
		fail(http.StatusRequestEntityTooLarge, codeTooLarge, "Tệp quá lớn: tối đa "+vn.GroupInt(s.maxUpload/1024)+" KB. Phiếu chấm điểm thường chỉ vài chục KB; vui lòng gửi đúng tệp .xlsx của hệ thống.", "vượt dung lượng cho phép")
	}
	broken := func() {
		fail(http.StatusBadRequest, "invalid_upload", "Nội dung gửi lên bị hỏng hoặc chưa gửi hết. Vui lòng chọn lại tệp và gửi lại.", "nội dung gửi lên bị hỏng")
	}
	if c.Request.ContentLength > s.maxUpload+64<<10 {
		tooLarge()
		return "", ref, false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxUpload+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, "invalid_upload", "Cần gửi tệp theo dạng multipart/form-data, trong trường \"file\".", "thiếu tệp")
		return "", ref, false
	}
	var w blob.Writer
	defer func() {
		if w != nil && !ok {
			w.Abort()
		}
	}()
	for {
		part, err := mr.NextPart()
		var mbe *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			if w == nil {
				fail(http.StatusBadRequest, "invalid_upload", "Chưa có tệp: cần gửi tệp .xlsx trong trường \"file\".", "thiếu tệp")
				return "", ref, false
			}
			if ref, err = w.Commit(c.Request.Context()); err != nil {
				s.fail(c, err)
				return "", ref, false
			}
			return name, ref, true
		case errors.As(err, &mbe):
			tooLarge()
			return "", ref, false
		case err != nil:
			broken()
			return "", ref, false
		}
		if part.FormName() != "file" {
			// Other fields are read and dropped, within the body's cap.
			if _, err := io.Copy(io.Discard, part); errors.As(err, &mbe) {
				tooLarge()
				return "", ref, false
			}
			continue
		}
		if w != nil {
			fail(http.StatusBadRequest, "upload_many_files", "Chỉ gửi một tệp mỗi lần: trường \"file\" xuất hiện nhiều lần.", "nhiều tệp")
			return "", ref, false
		}
		name = part.FileName()
		if _, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
			name = params["filename"]
		}
		name = strings.TrimSpace(vn.NFC(name))
		switch {
		case name == "":
			fail(http.StatusBadRequest, "upload_no_filename", "Trường \"file\" phải là một tệp có tên (chọn tệp .xlsx để gửi).", "thiếu tên tệp")
			return "", ref, false
		case utf8.RuneCountInString(name) > maxFilename:
			fail(http.StatusBadRequest, "upload_filename_too_long", fmt.Sprintf("Tên tệp quá dài (tối đa %d ký tự). Vui lòng đổi tên tệp ngắn hơn và gửi lại.", maxFilename), "tên tệp quá dài")
			return "", ref, false
		case !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl):
			fail(http.StatusBadRequest, "upload_filename_invalid", "Tên tệp có ký tự không hợp lệ. Vui lòng đổi tên tệp và gửi lại.", "tên tệp không hợp lệ")
			return "", ref, false
		}
		if w, err = s.blobs.Create(c.Request.Context()); err != nil {
			s.fail(c, err)
			return "", ref, false
		}
		n, err := io.Copy(w, io.LimitReader(part, s.maxUpload+1))
		switch {
		case errors.As(err, &mbe) || n > s.maxUpload:
			tooLarge()
			return "", ref, false
		case err != nil:
			broken()
			return "", ref, false
		}
	}
}

// uploadScoringWorkbook takes a filled workbook back: the target is
// checked before the body is read, the bytes are kept exactly as received
// before anything is derived from them, and the scoring use case decides.
func (s *Server) uploadScoringWorkbook(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	t, err := s.scoring.Target(ctx, c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	name, ref, ok := s.receiveUpload(c)
	if !ok {
		return
	}
	out, err := s.scoring.Submit(ctx, t, app.Submission{Filename: name, Uploader: actor(c).Username, Blob: ref})
	if errors.Is(err, app.ErrBusy) {
		c.Header("Retry-After", "30")
		abort(c, http.StatusServiceUnavailable, apiError{Code: "busy", Message: "Hệ thống đang bận đọc các phiếu khác. Tệp đã được lưu; vui lòng gửi lại sau ít phút."})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	up := gin.H{"id": out.Upload.ID, "sha256": out.Upload.SHA256, "size": out.Upload.Size, "filename": out.Upload.Filename, "status": out.Upload.Status}
	switch out.Upload.Status {
	case store.UploadRejected:
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": apiError{Code: "workbook_invalid",
			Message: "Phiếu chấm điểm chưa hợp lệ, chưa được ghi nhận. Vui lòng sửa các lỗi sau và gửi lại.", Details: out.Errors},
			"upload": up})
	case store.UploadSuperseded:
		c.AbortWithStatusJSON(http.StatusConflict, gin.H{"error": apiError{Code: "upload_superseded",
			Message: "Phiếu hợp lệ nhưng đơn vị đã có một bản nộp mới hơn được ghi nhận trong lúc phiếu này được đọc; điểm hiện hành là của bản mới hơn.", Details: []domain.FieldError{}},
			"upload": up})
	default:
		c.JSON(http.StatusCreated, gin.H{
			"upload": up, "sheet": out.Sheet, "indicators": out.Indicators, "result": out.Result,
			"message": "Đã ghi nhận phiếu chấm điểm: tổng điểm tự chấm " + domain.FormatDecimal(out.Result.SelfTotal),
		})
	}
}

func (s *Server) listUploads(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ups, err := s.scoring.Uploads(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"uploads": ups})
}

// getUpload returns the exact bytes of an upload, accepted or not.
func (s *Server) getUpload(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.NotFound("bản nộp", c.Param("id")))
		return
	}
	u, rc, err := s.scoring.OpenUpload(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	name := u.Filename
	if name == "" {
		name = "ban-nop-" + c.Param("id") + ".xlsx"
	}
	c.Header("Content-Disposition", contentDisposition(name))
	c.Header("X-Content-SHA256", u.SHA256)
	c.Header("ETag", `"`+u.SHA256+`"`)
	c.DataFromReader(http.StatusOK, u.Size, "application/octet-stream", rc, nil)
}

// getMultiYearSummary exports the score summaries of a range of years
// (default: every year of the bloc) in one workbook.
func (s *Server) getMultiYearSummary(c *gin.Context) {
	ctx := c.Request.Context()
	bloc := c.Param("bloc")
	years, err := s.store.ListYears(ctx, bloc)
	if err != nil {
		s.fail(c, err)
		return
	}
	from, to := 0, 9999
	var ck checks
	for name, dst := range map[string]*int{"from": &from, "to": &to} {
		if v := c.Query(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 2000 || n > 2100 {
				ck.add(name, "invalid_year", "Năm phải từ 2000 đến 2100")
			}
			*dst = n
		}
	}
	if from > to {
		ck.add("from", "invalid_range", "Năm bắt đầu phải trước năm kết thúc")
	}
	if !ck.ok(c) {
		return
	}
	var ds []*domain.YearData
	for _, y := range years {
		if y < from || y > to {
			continue
		}
		d, err := store.LoadYear(ctx, s.store, bloc, y)
		if errors.Is(err, domain.ErrNotFound) {
			continue // a year with settings but no members yet
		}
		if err != nil {
			s.fail(c, err)
			return
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Khối không có năm nào có dữ liệu trong khoảng đã chọn"})
		return
	}
	data, err := xlsx.SummaryWorkbookYears(ds)
	if err != nil {
		s.fail(c, err)
		return
	}
	name := vn.NFC("Bảng tổng hợp điểm " + strconv.Itoa(ds[0].Year) + "-" + strconv.Itoa(ds[len(ds)-1].Year) + " - " + ds[0].Bloc.Names.Latest().Short + ".xlsx")
	c.Header("Content-Disposition", contentDisposition(name))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
}
