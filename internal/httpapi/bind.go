package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

const maxJSONBody = 1 << 20

// bindJSON decodes the request body strictly (unknown fields refused),
// normalises every string to NFC and reports a 400 on malformed JSON.
func bindJSON(c *gin.Context, dst any) bool {
	body := http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			abort(c, http.StatusRequestEntityTooLarge, apiError{Code: "body_too_large", Message: "Nội dung gửi lên quá lớn (tối đa 1 MB)"})
			return false
		}
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: jsonMessage(err), Details: jsonDetails(err)})
		return false
	}
	if dec.More() {
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: "Nội dung có dữ liệu thừa sau đối tượng JSON"})
		return false
	}
	vn.NormalizeAll(dst)
	return true
}

func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var me *http.MaxBytesError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("Trường %q có kiểu dữ liệu sai", te.Field)
	case errors.As(err, &se):
		return fmt.Sprintf("JSON sai cú pháp ở vị trí %d", se.Offset)
	case errors.As(err, &me):
		return "Nội dung gửi lên quá lớn"
	case errors.Is(err, io.EOF):
		return "Chưa gửi nội dung JSON"
	case errors.Is(err, domain.ErrDecimal):
		return "Có giá trị số không hợp lệ: " + err.Error()
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "Trường không được hỗ trợ: " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "JSON không hợp lệ: " + err.Error()
}

func jsonDetails(err error) []domain.FieldError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return []domain.FieldError{{Field: te.Field, Code: "type", Message: "kiểu dữ liệu sai, cần " + te.Type.String()}}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return []domain.FieldError{{Field: strings.Trim(f, `"`), Code: "unknown_field", Message: "trường không được hỗ trợ"}}
	}
	return nil
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checks collects field errors.
type checks []domain.FieldError

func (c *checks) add(field, code, msg string) {
	*c = append(*c, domain.FieldError{Field: field, Code: code, Message: msg})
}

func (c *checks) slug(field, v string) {
	if !slugRe.MatchString(v) || len(v) > 80 {
		c.add(field, "slug", "Mã định danh chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: van-phong)")
	}
}

func (c *checks) required(field, v string) {
	if v == "" {
		c.add(field, "required", "Trường bắt buộc")
	}
}

func (c *checks) date(field, v string, required bool) {
	if v == "" {
		if required {
			c.add(field, "required", "Trường bắt buộc")
		}
		return
	}
	if _, err := time.Parse(domain.DateLayout, v); err != nil {
		c.add(field, "date", "Ngày phải theo dạng YYYY-MM-DD")
	}
}

func (c *checks) names(field string, h domain.NameHistory, required bool) {
	if required && len(h) == 0 {
		c.add(field, "required", "Cần ít nhất một tên")
	}
	seen := map[string]bool{}
	for i, v := range h {
		f := fmt.Sprintf("%s[%d]", field, i)
		c.required(f+".full_name", v.Full)
		c.date(f+".valid_from", v.ValidFrom, false)
		if seen[v.ValidFrom] {
			c.add(f+".valid_from", "duplicate", "Hai tên cùng ngày hiệu lực")
		}
		seen[v.ValidFrom] = true
	}
}

func (c *checks) nonNegative(field string, v *int64) {
	if v != nil && *v < 0 {
		c.add(field, "negative", "Không được là số âm")
	}
}

func (c *checks) nonNegativeDec(field string, v *domain.Decimal) {
	if v != nil && *v < 0 {
		c.add(field, "negative", "Không được là số âm")
	}
}

func (c checks) ok(ctx *gin.Context) bool {
	if len(c) > 0 {
		invalid(ctx, c...)
		return false
	}
	return true
}

// yearParam reads :year; a bad year is a 400 in the error shape.
func yearParam(c *gin.Context) (int, bool) {
	y, err := strconv.Atoi(c.Param("year"))
	if err != nil || y < 2000 || y > 2100 {
		abort(c, http.StatusBadRequest, apiError{Code: "invalid_year", Message: "Năm không hợp lệ: " + c.Param("year"),
			Details: []domain.FieldError{{Field: "year", Code: "invalid_year", Message: "Năm phải từ 2000 đến 2100"}}})
		return 0, false
	}
	return y, true
}
