package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/thidua/thidua/internal/domain"
)

// ListHonours lists a bloc-year's honours, by unit then as entered.
func (s *Store) ListHonours(ctx context.Context, bloc string, year int) ([]domain.Honour, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT h.id, u.slug, h.period, h.form, h.recipient, h.decision
		FROM honours h JOIN units u ON u.id = h.unit_id WHERE h.bloc_id = ? AND h.year = ? ORDER BY u.slug, h.id`, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Honour{}
	for rows.Next() {
		h := domain.Honour{Bloc: bloc, Year: year}
		if err := rows.Scan(&h.ID, &h.Unit, &h.Period, &h.Form, &h.Recipient, &h.Decision); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// AddHonour records an honour.
func (s *Store) AddHonour(ctx context.Context, h domain.Honour) (domain.Honour, error) {
	err := s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, h.Bloc, h.Year)
		if err != nil {
			return err
		}
		uid, err := unitID(ctx, t, h.Unit)
		if err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `INSERT INTO honours (bloc_id, year, unit_id, period, form, recipient, decision) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			bid, h.Year, uid, h.Period, h.Form, h.Recipient, h.Decision).Scan(&h.ID)
	})
	return h, err
}

// DeleteHonour removes one of a unit's honours.
func (s *Store) DeleteHonour(ctx context.Context, bloc string, year int, unit string, id int64) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `DELETE FROM honours WHERE id = ? AND year = ?
			AND bloc_id = ? AND unit_id = (SELECT id FROM units WHERE slug = ?)`, id, year, bid, unit)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("khen thưởng", strconv.FormatInt(id, 10))
		}
		return nil
	})
}
