package httpapi

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

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

// readUpload reads the multipart field "file" up to the size cap, while
// the body arrives: a larger file is refused without being read whole.
func (s *Server) readUpload(c *gin.Context) (name string, data []byte, ok bool) {
	tooLarge := func() {
		abort(c, http.StatusRequestEntityTooLarge, apiError{Code: codeTooLarge,
			Message: "Tệp quá lớn: tối đa " + vn.GroupInt(s.maxUpload/1024) + " KB. Phiếu chấm điểm thường chỉ vài chục KB; vui lòng gửi đúng tệp .xlsx của hệ thống.",
			Details: []domain.FieldError{{Field: "file", Code: codeTooLarge, Message: "vượt dung lượng cho phép"}}})
	}
	if c.Request.ContentLength > s.maxUpload+64<<10 {
		tooLarge()
		return "", nil, false
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.maxUpload+64<<10)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		abort(c, http.StatusBadRequest, apiError{Code: "invalid_upload", Message: "Cần gửi tệp theo dạng multipart/form-data, trường \"file\"",
			Details: []domain.FieldError{{Field: "file", Code: "required", Message: "thiếu tệp"}}})
		return "", nil, false
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooLarge()
			return "", nil, false
		}
		if err != nil {
			abort(c, http.StatusBadRequest, apiError{Code: "invalid_upload", Message: "Nội dung gửi lên bị hỏng: " + err.Error()})
			return "", nil, false
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		data, err = io.ReadAll(io.LimitReader(part, s.maxUpload+1))
		if errors.As(err, &mbe) || int64(len(data)) > s.maxUpload {
			tooLarge()
			return "", nil, false
		}
		if err != nil {
			abort(c, http.StatusBadRequest, apiError{Code: "invalid_upload", Message: "Tải tệp lên chưa hết: " + err.Error()})
			return "", nil, false
		}
		name = vn.NFC(part.FileName())
		if _, params, err := mime.ParseMediaType(part.Header.Get("Content-Disposition")); err == nil && params["filename"] != "" {
			name = vn.NFC(params["filename"])
		}
		return name, data, true
	}
	abort(c, http.StatusBadRequest, apiError{Code: "invalid_upload", Message: "Thiếu trường \"file\" chứa tệp .xlsx",
		Details: []domain.FieldError{{Field: "file", Code: "required", Message: "thiếu tệp"}}})
	return "", nil, false
}

// uploadScoringWorkbook takes a filled workbook back. The exact bytes are
// stored first; the workbook is then read and checked as a whole; the
// marks replace the unit's previous ones only if everything is valid, in one
// transaction. A refused upload is kept with its errors.
func (s *Server) uploadScoringWorkbook(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	bloc, unit := c.Param("bloc"), c.Param("unit")
	d, err := store.LoadYear(c.Request.Context(), s.store, bloc, year)
	if err != nil {
		s.fail(c, err)
		return
	}
	m, isMember := d.Member(unit)
	if !isMember {
		abort(c, http.StatusNotFound, apiError{Code: "not_member", Message: "Đơn vị " + unit + " không là thành viên của Khối năm này"})
		return
	}
	if d.Criteria == nil {
		abort(c, http.StatusConflict, apiError{Code: "no_criteria", Message: "Khối chưa có bảng tiêu chí năm này nên chưa nhận phiếu chấm điểm"})
		return
	}
	name, data, ok := s.readUpload(c)
	if !ok {
		return
	}
	up, err := s.store.SaveUpload(c.Request.Context(), store.Upload{Bloc: bloc, Year: year, Unit: unit, Filename: name, Uploader: c.GetHeader("X-Thidua-Uploader")}, data)
	if err != nil {
		s.fail(c, err)
		return
	}
	parsed, err := xlsx.ReadScoring(data, xlsx.Expect{Bloc: bloc, Unit: unit, UnitName: m.Name.Full, Year: year, Criteria: *d.Criteria}, xlsx.DefaultLimits)
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		if rerr := s.store.RejectUpload(c.Request.Context(), up.ID, ve); rerr != nil {
			s.fail(c, rerr)
			return
		}
		c.AbortWithStatusJSON(http.StatusUnprocessableEntity, gin.H{"error": apiError{Code: "workbook_invalid",
			Message: "Phiếu chấm điểm chưa hợp lệ, chưa được ghi nhận. Vui lòng sửa các lỗi sau và gửi lại.", Details: ve},
			"upload": gin.H{"id": up.ID, "sha256": up.SHA256, "status": store.UploadRejected}})
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	// Keep the marks the bloc already agreed: the board's file carries only
	// its own.
	sheet := domain.UnitScores{Bloc: bloc, Year: year, Unit: unit, SetID: d.Criteria.ID, Scores: parsed.Scores}
	for _, old := range d.Sheets {
		if old.Unit == unit {
			prev := old.ByCode()
			for i := range sheet.Scores {
				sheet.Scores[i].Bloc = prev[sheet.Scores[i].Code].Bloc
			}
		}
	}
	if err := s.store.AcceptUpload(c.Request.Context(), up.ID, sheet, parsed.Indicators); err != nil {
		s.fail(c, err)
		return
	}
	res := domain.Compute(*d.Criteria, sheet)
	c.JSON(http.StatusCreated, gin.H{
		"upload": gin.H{"id": up.ID, "sha256": up.SHA256, "size": up.Size, "filename": up.Filename, "status": store.UploadAccepted},
		"sheet":  sheet, "indicators": parsed.Indicators, "result": res,
		"message": "Đã ghi nhận phiếu chấm điểm: tổng điểm tự chấm " + domain.FormatDecimal(res.SelfTotal),
	})
}

func (s *Server) listUploads(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ups, err := s.store.ListUploads(c.Request.Context(), c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if ups == nil {
		ups = []store.Upload{}
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
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không có bản nộp " + c.Param("id")})
		return
	}
	u, data, err := s.store.GetUpload(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Bloc != c.Param("bloc") || u.Year != year || u.Unit != c.Param("unit") {
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không có bản nộp " + c.Param("id")})
		return
	}
	name := u.Filename
	if name == "" {
		name = "ban-nop-" + c.Param("id") + ".xlsx"
	}
	c.Header("Content-Disposition", contentDisposition(name))
	c.Header("X-Content-SHA256", u.SHA256)
	c.Data(http.StatusOK, "application/octet-stream", data)
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
		if errors.Is(err, store.ErrNotFound) {
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
