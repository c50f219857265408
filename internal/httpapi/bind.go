package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
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
// normalises every string to NFC, and refuses text that documents cannot
// print (422 naming the field and the character). Malformed JSON is a 400
// with a Vietnamese message; a value that is not a valid decimal is a 422
// naming its field.
func bindJSON(c *gin.Context, dst any) bool {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		abort(c, http.StatusRequestEntityTooLarge, apiError{Code: "body_too_large", Message: "Nội dung gửi lên quá lớn (tối đa 1 MB)"})
		return false
	}
	if err != nil {
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: "Nội dung gửi lên bị cắt ngang hoặc hỏng"})
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, domain.ErrDecimal) {
			if fes := decimalErrors(body, reflect.TypeOf(dst)); len(fes) > 0 {
				invalid(c, fes...)
				return false
			}
		}
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: jsonMessage(err), Details: jsonDetails(err)})
		return false
	}
	if dec.More() {
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: "Nội dung có dữ liệu thừa sau đối tượng JSON"})
		return false
	}
	if bad := vn.Prepare(dst); len(bad) > 0 {
		var ck checks
		for _, p := range bad {
			code := "text_too_long"
			if p.Rune != 0 {
				code = "unprintable_character"
			}
			ck.add(p.Path, code, p.Message())
		}
		invalid(c, ck...)
		return false
	}
	return true
}

// checkedBody reads a JSON body that bindJSON accepts as a T (strict,
// printable, within limits) and returns its bytes, for a write that lays
// them over what is stored: only the fields present change.
func checkedBody[T any](c *gin.Context) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		abort(c, http.StatusRequestEntityTooLarge, apiError{Code: "body_too_large", Message: "Nội dung gửi lên quá lớn (tối đa 1 MB)"})
		return nil, false
	}
	if err != nil {
		abort(c, http.StatusBadRequest, apiError{Code: codeInvalidJSON, Message: "Nội dung gửi lên bị cắt ngang hoặc hỏng"})
		return nil, false
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(body))
	var probe T
	if !bindJSON(c, &probe) {
		return nil, false
	}
	return body, true
}

func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("Trường %q có kiểu dữ liệu sai", te.Field)
	case errors.As(err, &se):
		return fmt.Sprintf("JSON sai cú pháp ở vị trí %d", se.Offset)
	case errors.Is(err, io.EOF):
		return "Chưa gửi nội dung JSON"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "Nội dung JSON bị cắt ngang (thiếu phần cuối)"
	case errors.Is(err, domain.ErrDecimal):
		return "Có giá trị số không hợp lệ"
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return "Trường không được hỗ trợ: " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return "Nội dung JSON không hợp lệ"
}

func jsonDetails(err error) []domain.FieldError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return []domain.FieldError{{Field: te.Field, Code: "type", Message: "kiểu dữ liệu sai, cần " + typeName(te.Type)}}
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return []domain.FieldError{{Field: strings.Trim(f, `"`), Code: "unknown_field", Message: "trường không được hỗ trợ"}}
	}
	return nil
}

// typeName says a Go type in words.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "chuỗi ký tự"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "số nguyên"
	case reflect.Bool:
		return "true hoặc false"
	case reflect.Slice, reflect.Array:
		return "danh sách"
	case reflect.Struct, reflect.Map:
		return "đối tượng"
	case reflect.Float64:
		return "số"
	}
	return "giá trị khác"
}

var decimalType = reflect.TypeOf(domain.Decimal(0))

// decimalErrors finds, in a body the decoder refused for a bad decimal,
// which fields hold one: encoding/json does not say where a value's own
// UnmarshalJSON failed. The body is decoded again as plain values and
// walked alongside the destination's type.
func decimalErrors(body []byte, t reflect.Type) []domain.FieldError {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return nil
	}
	var out []domain.FieldError
	var walk func(v any, t reflect.Type, path string)
	walk = func(v any, t reflect.Type, path string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t == decimalType {
			var s string
			switch x := v.(type) {
			case json.Number:
				s = string(x)
			case string:
				s = x
			default:
				return
			}
			var dec domain.Decimal
			raw, _ := json.Marshal(s)
			if _, isNum := v.(json.Number); isNum {
				raw = []byte(s)
			}
			if err := dec.UnmarshalJSON(raw); err != nil {
				msg := "Không phải số hợp lệ (ví dụ: 21857.5 hoặc \"21.857,5\"; tối đa 3 chữ số thập phân)"
				if errors.Is(err, domain.ErrDecimalRange) {
					msg = "Số quá lớn"
				}
				out = append(out, domain.FieldError{Field: path, Code: "invalid_decimal", Message: msg})
			}
			return
		}
		switch t.Kind() {
		case reflect.Struct:
			m, ok := v.(map[string]any)
			if !ok {
				return
			}
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				if f.Anonymous && name == "" {
					walk(v, f.Type, path)
					continue
				}
				if name == "" {
					name = f.Name
				}
				if fv, ok := m[name]; ok {
					walk(fv, f.Type, joinPath(path, name))
				}
			}
		case reflect.Slice, reflect.Array:
			if l, ok := v.([]any); ok {
				for i, e := range l {
					walk(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
				}
			}
		case reflect.Map:
			if m, ok := v.(map[string]any); ok {
				for k, e := range m {
					walk(e, t.Elem(), joinPath(path, k))
				}
			}
		}
	}
	walk(v, t, "")
	return out
}

func joinPath(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
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
