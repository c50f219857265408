package httpapi

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// getScoringWorkbook serves a board's self-scoring workbook.
func (s *Server) getScoringWorkbook(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	s.sendRendered(c, render.Request{Bloc: c.Param("bloc"), Year: year, Kind: "phieu-cham-diem", Unit: c.Param("unit"), Format: "xlsx"})
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
	name, ref, err := web.ReceiveUpload(c, s.blobs, s.maxUpload)
	var ue *web.UploadError
	if errors.As(err, &ue) {
		abort(c, ue.Status, apiError{Code: ue.Code, Message: ue.Message, Details: []domain.FieldError{{Field: "file", Code: ue.Code, Message: ue.Detail}}})
		return
	}
	if err != nil {
		s.fail(c, err)
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
	if s.render == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "render_unavailable", Message: "Dịch vụ tạo văn bản chưa được bật"})
		return
	}
	f, err := s.render.RenderYears(c.Request.Context(), c.Param("bloc"), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendFile(c, f)
}
