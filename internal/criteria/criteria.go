// Package criteria reads criteria sets from their editable YAML form (the
// defaults under templates/criteria, or a file a secretariat sends) into the
// domain type, checking the arithmetic before anything uses them.
package criteria

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/goccy/go-yaml/token"
	"io/fs"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// DefaultFile is the default criteria set inside the templates folder.
const DefaultFile = "criteria/mac-dinh.yaml"

// Parse reads a criteria set from YAML (JSON is YAML too). Texts are
// normalised to NFC; the set is validated (sections add up, codes unique).
// Every problem of the file is a domain.ValidationError in Vietnamese,
// with its line where the YAML reader knows it.
func Parse(src []byte) (domain.CriteriaSet, error) {
	var cs domain.CriteriaSet
	bad := func(code, format string, a ...any) error {
		return domain.ValidationError{{Field: "yaml", Code: code, Message: fmt.Sprintf(format, a...)}}
	}
	if len(src) > MaxSize {
		return cs, bad("too_large", "Bảng tiêu chí quá lớn (tối đa %d KB)", MaxSize>>10)
	}
	if hasAlias(src) {
		// Anchors and aliases can make a few bytes expand without bound
		// ("billion laughs"); a criteria table never needs them.
		return cs, bad("yaml_alias", "Bảng tiêu chí không được dùng tham chiếu YAML (&, *)")
	}
	js, err := yaml.YAMLToJSON(src)
	if err != nil {
		var te interface{ GetToken() *token.Token }
		if errors.As(err, &te) && te.GetToken() != nil {
			p := te.GetToken().Position
			return cs, bad("invalid_yaml", "Bảng tiêu chí (YAML) sai cú pháp ở dòng %d, cột %d", p.Line, p.Column)
		}
		return cs, bad("invalid_yaml", "Bảng tiêu chí (YAML) sai cú pháp")
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cs); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return cs, bad("type", "Trường %q của bảng tiêu chí có kiểu dữ liệu sai", te.Field)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return cs, bad("unknown_field", "Bảng tiêu chí có trường không được hỗ trợ: %s", strings.TrimPrefix(err.Error(), "json: unknown field "))
		case errors.Is(err, domain.ErrDecimal):
			return cs, bad("invalid_decimal", "Bảng tiêu chí có điểm không phải số hợp lệ (tối đa 3 chữ số thập phân)")
		}
		return cs, bad("invalid_yaml", "Bảng tiêu chí không đúng cấu trúc (cần total, sections, bonus, deductions…)")
	}
	Normalize(&cs)
	if err := cs.Validate(); err != nil {
		return cs, err
	}
	return cs, nil
}

// MaxSize bounds a criteria file.
const MaxSize = 1 << 20

// hasAlias reports a YAML anchor or alias outside quotes: "&name" or
// "*name" where a value starts.
func hasAlias(src []byte) bool {
	inQuote := byte(0)
	prev := byte(' ')
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case inQuote != 0:
			if c == inQuote && (inQuote == '\'' || prev != '\\') {
				inQuote = 0
			}
		case c == '"' || c == '\'':
			if prev == ' ' || prev == ':' || prev == '[' || prev == '{' || prev == ',' || prev == '-' || prev == '\n' {
				inQuote = c
			}
		case c == '#' && (prev == ' ' || prev == '\n'):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			c = '\n'
		case (c == '&' || c == '*') && (prev == ' ' || prev == ':' || prev == '[' || prev == '{' || prev == ',' || prev == '-' || prev == '\n'):
			if i+1 < len(src) && src[i+1] != ' ' && src[i+1] != '\n' {
				return true
			}
		}
		prev = c
	}
	return false
}

// Load reads and parses a criteria file from a templates file system.
func Load(fsys fs.FS, name string) (domain.CriteriaSet, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return domain.CriteriaSet{}, err
	}
	cs, err := Parse(b)
	if err != nil {
		return cs, fmt.Errorf("%s: %w", name, err)
	}
	return cs, nil
}

// Normalize makes every text of the set NFC and trims it.
func Normalize(cs *domain.CriteriaSet) {
	cs.Title = vn.Clean(cs.Title)
	norm := func(cs []domain.Criterion) {
		for i := range cs {
			cs[i].Code = vn.Clean(cs[i].Code)
			cs[i].Text = vn.Clean(cs[i].Text)
			cs[i].Hint = vn.Clean(cs[i].Hint)
		}
	}
	for i := range cs.Sections {
		cs.Sections[i].Code = vn.Clean(cs.Sections[i].Code)
		cs.Sections[i].Title = vn.Clean(cs.Sections[i].Title)
		norm(cs.Sections[i].Criteria)
	}
	norm(cs.Bonus)
	norm(cs.Deductions)
}
