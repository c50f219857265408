package httpapi

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// apiError is the error shape of DESIGN §5.
type apiError struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Details []domain.FieldError `json:"details"` // never null: [] when there is none
}

// Stable error codes.
const (
	codeInvalidJSON = "invalid_json"
	codeValidation  = "validation_failed"
	codeNotFound    = "not_found"
	codeConflict    = "conflict"
	codeFrozen      = "criteria_frozen"
	codeInternal    = "internal"
	codeTooLarge    = "upload_too_large"
	codeNoMethod    = "method_not_allowed"
)

func abort(c *gin.Context, status int, e apiError) {
	if e.Details == nil {
		e.Details = []domain.FieldError{}
	}
	c.AbortWithStatusJSON(status, gin.H{"error": e})
}

// fail maps an error to a status and the error shape. Internal errors are
// logged, and the client gets no detail of them.
func (s *Server) fail(c *gin.Context, err error) {
	var ve domain.ValidationError
	var fe domain.FieldError
	var nf domain.NotFoundError
	var ce domain.ConflictError
	if f, ok := fault.Of(err); ok {
		s.log.ErrorContext(c.Request.Context(), "storage fault", "route", c.FullPath(), "kind", f.Label(), "file", f.File, "err", f.Err)
		s.metrics.StorageFault(f.Label())
		if after := f.RetryAfter(); after > 0 {
			c.Header("Retry-After", strconv.Itoa(after))
		}
		abort(c, f.Status(), apiError{Code: f.Code(), Message: f.Message()})
		return
	}
	var te app.ThrottledError
	var be app.BusyError
	switch {
	case errors.As(err, &te):
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		abort(c, http.StatusTooManyRequests, apiError{Code: "login_throttled", Message: te.Error()})
	case errors.As(err, &be):
		c.Header("Retry-After", strconv.Itoa(int(be.RetryAfter.Seconds())))
		abort(c, http.StatusServiceUnavailable, apiError{Code: "busy", Message: be.Error()})
	case errors.As(err, &ve):
		abort(c, http.StatusUnprocessableEntity, apiError{Code: codeValidation, Message: "Dữ liệu không hợp lệ", Details: ve})
	case errors.As(err, &fe):
		abort(c, http.StatusUnprocessableEntity, apiError{Code: codeValidation, Message: "Dữ liệu không hợp lệ", Details: []domain.FieldError{fe}})
	case errors.As(err, &nf):
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: vn.UpperFirst(nf.Error())})
	case errors.Is(err, store.ErrFrozen):
		abort(c, http.StatusConflict, apiError{Code: codeFrozen, Message: "Bảng tiêu chí năm này đã có điểm chấm nên không thay được nữa."})
	case errors.As(err, &ce):
		abort(c, http.StatusConflict, apiError{Code: ce.Code, Message: ce.Message})
	case errors.Is(err, store.ErrNotFound):
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không tìm thấy dữ liệu yêu cầu"})
	default:
		s.log.ErrorContext(c.Request.Context(), "request failed", "route", c.FullPath(), "err", err)
		abort(c, http.StatusInternalServerError, apiError{Code: codeInternal, Message: "Lỗi hệ thống, vui lòng thử lại sau"})
	}
}

// invalid reports validation errors.
func invalid(c *gin.Context, errs ...domain.FieldError) {
	abort(c, http.StatusUnprocessableEntity, apiError{Code: codeValidation, Message: "Dữ liệu không hợp lệ", Details: errs})
}

func (s *Server) noRoute(c *gin.Context) {
	if !strings.HasPrefix(c.Request.URL.Path, "/api/") {
		s.pages.Error(c, http.StatusNotFound, "Không có trang "+c.Request.URL.Path+".")
		return
	}
	abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không có địa chỉ " + c.Request.URL.Path})
}

func (s *Server) noMethod(c *gin.Context) {
	abort(c, http.StatusMethodNotAllowed, apiError{Code: codeNoMethod, Message: "Phương thức " + c.Request.Method + " không được hỗ trợ ở địa chỉ này"})
}
