package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/thidua/thidua/internal/domain"
)

// ListIndicators returns the indicators of the bloc's members of that year,
// in member order.
func (s *Store) ListIndicators(ctx context.Context, bloc string, year int, period string) ([]domain.Indicators, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT u.slug, `+indicatorCols+`
		FROM memberships m JOIN units u ON u.id = m.unit_id
		JOIN indicators i ON i.unit_id = m.unit_id AND i.year = m.year AND i.period = ?
		WHERE m.bloc_id = ? AND m.year = ? ORDER BY m.ord, u.slug`, period, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Indicators
	for rows.Next() {
		ind := domain.Indicators{Year: year, Period: period}
		if err := scanIndicators(rows, &ind, &ind.Unit); err != nil {
			return nil, err
		}
		out = append(out, ind)
	}
	return out, rows.Err()
}

// indicatorCols are the figures of a row, in scanIndicators' order.
const indicatorCols = `i.new_projects, i.capital_increase_projects, i.registered_capital_milli, i.fdi_capital_milli,
		i.export_import_milli, i.revenue_milli, i.budget_milli, i.workers, i.staff, i.demo`

// scanIndicators reads the columns before indicatorCols into first, then
// the figures into ind.
func scanIndicators(sc interface{ Scan(...any) error }, ind *domain.Indicators, first ...any) error {
	var ints [4]sql.NullInt64
	var decs [5]sql.NullInt64
	dst := append(first, &ints[0], &ints[1], &decs[0], &decs[1], &decs[2], &decs[3], &decs[4], &ints[2], &ints[3], &ind.Demo)
	if err := sc.Scan(dst...); err != nil {
		return err
	}
	ip := func(v sql.NullInt64) *int64 {
		if !v.Valid {
			return nil
		}
		return &v.Int64
	}
	dp := func(v sql.NullInt64) *domain.Decimal {
		if !v.Valid {
			return nil
		}
		d := domain.Decimal(v.Int64)
		return &d
	}
	ind.NewProjects, ind.CapitalIncreaseProjects, ind.Workers, ind.Staff = ip(ints[0]), ip(ints[1]), ip(ints[2]), ip(ints[3])
	ind.RegisteredCapital, ind.FDICapital, ind.ExportImport, ind.Revenue, ind.Budget = dp(decs[0]), dp(decs[1]), dp(decs[2]), dp(decs[3]), dp(decs[4])
	return nil
}

// UpdateIndicators reads a unit's indicators of each period (none yet:
// all unreported), lets fn change them and writes them back, all in one
// transaction: an error of fn for any period writes none.
func (s *Store) UpdateIndicators(ctx context.Context, unit string, year int, periods []string, fn func(ind *domain.Indicators) error) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		for _, period := range periods {
			ind := domain.Indicators{Unit: unit, Year: year, Period: period}
			err := scanIndicators(t.QueryRowContext(ctx, `SELECT `+indicatorCols+` FROM indicators i JOIN units u ON u.id = i.unit_id
			WHERE u.slug = ? AND i.year = ? AND i.period = ?`, unit, year, period), &ind)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err := fn(&ind); err != nil {
				return err
			}
			ind.Unit, ind.Year, ind.Period = unit, year, period
			if err := putIndicators(ctx, t, ind); err != nil {
				return err
			}
		}
		return nil
	})
}

func milli(d *domain.Decimal) any {
	if d == nil {
		return nil
	}
	return d.Milli()
}

func putIndicators(ctx context.Context, t *sql.Tx, ind domain.Indicators) error {
	if err := writeUnitYear(ctx, t, ind.Unit, ind.Year); err != nil {
		return err
	}
	uid, err := unitID(ctx, t, ind.Unit)
	if err != nil {
		return err
	}
	_, err = t.ExecContext(ctx, `INSERT INTO indicators (unit_id, year, period, new_projects, capital_increase_projects, registered_capital_milli,
		fdi_capital_milli, export_import_milli, revenue_milli, budget_milli, workers, staff, demo)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (unit_id, year, period) DO UPDATE SET new_projects = excluded.new_projects, capital_increase_projects = excluded.capital_increase_projects,
		registered_capital_milli = excluded.registered_capital_milli, fdi_capital_milli = excluded.fdi_capital_milli,
		export_import_milli = excluded.export_import_milli, revenue_milli = excluded.revenue_milli, budget_milli = excluded.budget_milli,
		workers = excluded.workers, staff = excluded.staff, demo = excluded.demo`,
		uid, ind.Year, ind.Period, ind.NewProjects, ind.CapitalIncreaseProjects, milli(ind.RegisteredCapital), milli(ind.FDICapital),
		milli(ind.ExportImport), milli(ind.Revenue), milli(ind.Budget), ind.Workers, ind.Staff, ind.Demo)
	return err
}

// PutIndicators creates or replaces a unit's indicators for a period.
func (s *Store) PutIndicators(ctx context.Context, ind domain.Indicators) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putIndicators(ctx, t, ind) })
}
