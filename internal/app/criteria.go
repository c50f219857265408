package app

import (
	"bytes"
	"context"
	"strings"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/xlsx"
)

// A bloc's criteria come three ways — the default set, a file (a workbook
// or YAML), a form on the criteria page — and the JSON API; every way ends
// in AddCriteria, so the same checks hold whoever sends them.

// ParseCriteria reads a criteria file as received: a workbook (read by
// xlsx.ReadCriteria within its limits, which also names a CSV or an old
// .xls sent for one) or YAML, the format of templates/criteria.
func ParseCriteria(data []byte, workbook bool) (domain.CriteriaSet, error) {
	if workbook {
		return xlsx.ReadCriteria(data, xlsx.DefaultLimits)
	}
	return criteria.Parse(data)
}

// IsWorkbook tells a workbook from YAML by what a file says it is: its
// name, or the zip signature every .xlsx starts with.
func IsWorkbook(name string, data []byte) bool {
	return strings.HasSuffix(strings.ToLower(name), ".xlsx") || bytes.HasPrefix(data, []byte("PK\x03\x04"))
}

// AddCriteria checks a criteria set and stores it as the year's newest
// version. The store refuses it (ErrFrozen) once marks were given against
// the current version, and on a closed year.
func (y *Years) AddCriteria(ctx context.Context, bloc string, year int, cs domain.CriteriaSet) (domain.CriteriaSet, error) {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return domain.CriteriaSet{}, err
	}
	criteria.Normalize(&cs)
	if err := cs.Validate(); err != nil {
		return cs, err
	}
	cs.ID, cs.Version, cs.Frozen, cs.Bloc, cs.Year = 0, 0, false, bloc, year
	return y.st.AddCriteria(ctx, cs)
}
