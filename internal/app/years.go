package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// Years are a bloc-year's settings and texts, as the secretariat keeps them.
type Years struct{ st store.Store }

// NewYears builds the bloc-year use cases.
func NewYears(st store.Store) *Years { return &Years{st: st} }

// Put replaces a bloc-year's settings: validated in the domain; a unit
// that does not exist is an error of the field that named it.
func (y *Years) Put(ctx context.Context, by domain.BlocYear) error {
	if err := by.Validate(); err != nil {
		return err
	}
	err := y.st.PutYear(ctx, by)
	var nf domain.NotFoundError
	if errors.As(err, &nf) && nf.Entity == "đơn vị" {
		var ve domain.ValidationError
		for _, f := range []struct{ name, v string }{{"leader", by.Leader}, {"deputy", by.Deputy}, {"host", by.Host}} {
			if f.v == nf.Key {
				ve = append(ve, domain.FieldError{Field: f.name, Code: "unknown_unit", Message: fmt.Sprintf("Không có đơn vị %q", nf.Key)})
			}
		}
		if len(ve) > 0 {
			return ve
		}
	}
	return err
}

// RequireYear refuses what hangs on a year the bloc has no data for.
func (y *Years) RequireYear(ctx context.Context, bloc string, year int) error {
	years, err := y.st.ListYears(ctx, bloc)
	if err != nil {
		return err
	}
	if !slices.Contains(years, year) {
		return domain.NotFoundError{Entity: "năm", Key: strconv.Itoa(year), Message: fmt.Sprintf("Khối chưa có dữ liệu năm %d: hãy khai báo năm (thành viên, Khối trưởng) trước", year)}
	}
	return nil
}

// PutNarrative stores a text of the bloc-year's documents; an empty text
// goes back to the default.
func (y *Years) PutNarrative(ctx context.Context, n domain.Narrative) error {
	if !slices.Contains(domain.NarrativeKeys, n.Key) {
		return domain.ValidationError{{Field: "key", Code: "unknown_key", Message: "Phần văn bản không hỗ trợ; các phần: " + strings.Join(domain.NarrativeKeys, ", ")}}
	}
	if err := y.RequireYear(ctx, n.Bloc, n.Year); err != nil {
		return err
	}
	return y.st.PutNarrative(ctx, n)
}

// PutVote records the votes of one candidate: validated in the domain, for
// a year the bloc has; an unknown unit is an error of the field "unit".
func (y *Years) PutVote(ctx context.Context, v domain.Vote) error {
	if err := v.Validate(); err != nil {
		return err
	}
	if err := y.RequireYear(ctx, v.Bloc, v.Year); err != nil {
		return err
	}
	err := y.st.PutVote(ctx, v)
	var nf domain.NotFoundError
	if errors.As(err, &nf) && nf.Entity == "đơn vị" {
		return domain.ValidationError{{Field: "unit", Code: "unknown_unit", Message: fmt.Sprintf("Không có đơn vị %q", nf.Key)}}
	}
	return err
}
