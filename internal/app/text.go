package app

import (
	"errors"
	"slices"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// prepared normalises what people typed into v (NFC, trimmed, invisible
// characters dropped) and refuses what documents cannot print or what is
// too long, as field errors named by the JSON path. The application layer
// checks here whatever it stores, so that a page's form refuses what the
// JSON API refuses (an emoji in an award's name once printed as
// "[U+1F600]" in the year-end report).
func prepared(v any) error {
	var ve domain.ValidationError
	for _, p := range vn.Prepare(v) {
		code := "unprintable"
		if p.Rune == 0 {
			code = "too_long"
		}
		ve = append(ve, domain.FieldError{Field: p.Path, Code: code, Message: p.Message()})
	}
	if len(ve) > 0 {
		return ve
	}
	return nil
}

// preparedAndValid is prepared, then the value's own checks, with the
// errors of both reported together: a form shows every error at once,
// not the range errors only after the text errors are fixed. Fields a
// text error names are not reported twice.
func preparedAndValid(v interface{ Validate() error }) error {
	var all domain.ValidationError
	if err := prepared(v); err != nil {
		all = append(all, err.(domain.ValidationError)...)
	}
	if err := v.Validate(); err != nil {
		var ve domain.ValidationError
		if !errors.As(err, &ve) {
			return err
		}
		for _, e := range ve {
			if !slices.ContainsFunc(all, func(a domain.FieldError) bool { return a.Field == e.Field }) {
				all = append(all, e)
			}
		}
	}
	if len(all) > 0 {
		return all
	}
	return nil
}
