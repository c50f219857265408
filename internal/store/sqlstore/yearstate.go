package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/thidua/thidua/internal/domain"
)

// YearState reads a bloc-year's version and whether it is closed (a year
// never written: version 0, open).
func (s *Store) YearState(ctx context.Context, bloc string, year int) (domain.YearState, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return domain.YearState{}, err
	}
	return yearState(ctx, s.r, bid, bloc, year)
}

func yearState(ctx context.Context, q queryer, bid int64, bloc string, year int) (domain.YearState, error) {
	st := domain.YearState{Bloc: bloc, Year: year}
	err := q.QueryRowContext(ctx, `SELECT version, closed_at, closed_by, reopened_at, reopened_by, reopen_reason FROM year_state WHERE bloc_id = ? AND year = ?`, bid, year).
		Scan(&st.Version, &st.ClosedAt, &st.ClosedBy, &st.ReopenedAt, &st.ReopenedBy, &st.ReopenReason)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return st, err
}

// UpdateYearState reads a bloc-year's state, lets fn change whether it is
// closed (domain.YearState.Close, Reopen) and writes it back in one
// transaction; the version is not fn's to change (it advances).
func (s *Store) UpdateYearState(ctx context.Context, bloc string, year int, fn func(*domain.YearState) error) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := blocID(ctx, t, bloc)
		if err != nil {
			return err
		}
		st, err := yearState(ctx, t, bid, bloc, year)
		if err != nil {
			return err
		}
		if err := fn(&st); err != nil {
			return err
		}
		// The version advances too: pages show whether the year is closed.
		_, err = t.ExecContext(ctx, `INSERT INTO year_state (bloc_id, year, version, closed_at, closed_by, reopened_at, reopened_by, reopen_reason) VALUES (?, ?, 1, ?, ?, ?, ?, ?)
			ON CONFLICT (bloc_id, year) DO UPDATE SET version = year_state.version + 1, closed_at = excluded.closed_at, closed_by = excluded.closed_by,
			reopened_at = excluded.reopened_at, reopened_by = excluded.reopened_by, reopen_reason = excluded.reopen_reason`,
			bid, year, st.ClosedAt, st.ClosedBy, st.ReopenedAt, st.ReopenedBy, st.ReopenReason)
		return err
	})
}

// writeYear is the start of every write of a bloc-year's data, inside the
// write's transaction: a closed year refuses it (domain.YearState.
// CheckOpen), and the year's version advances, so that what was cached
// of the year is known stale. The check and the write cannot be separated
// by a closing: SQLite has one writer, and on PostgreSQL the transaction
// is serializable.
func writeYear(ctx context.Context, t *sql.Tx, bid int64, year int) error {
	if err := checkYearOpen(ctx, t, bid, year); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `INSERT INTO year_state (bloc_id, year, version) VALUES (?, ?, 1)
		ON CONFLICT (bloc_id, year) DO UPDATE SET version = year_state.version + 1`, bid, year)
	return err
}

// checkYearOpen refuses a write to a closed year without advancing the
// version: for what is kept of a year but no document is built from (an
// upload received, before it is read).
func checkYearOpen(ctx context.Context, t *sql.Tx, bid int64, year int) error {
	st, err := yearState(ctx, t, bid, "", year)
	if err != nil {
		return err
	}
	return st.CheckOpen()
}

// writeBlocYear is writeYear for a bloc named by its slug.
func writeBlocYear(ctx context.Context, t *sql.Tx, bloc string, year int) (int64, error) {
	bid, err := blocID(ctx, t, bloc)
	if err != nil {
		return 0, err
	}
	return bid, writeYear(ctx, t, bid, year)
}

// writeUnitYear is writeYear for a unit's own data of a year (its
// indicators): every bloc-year it is a member of that year.
func writeUnitYear(ctx context.Context, t *sql.Tx, unit string, year int) error {
	rows, err := t.QueryContext(ctx, `SELECT DISTINCT m.bloc_id FROM memberships m JOIN units u ON u.id = m.unit_id WHERE u.slug = ? AND m.year = ?`, unit, year)
	if err != nil {
		return err
	}
	var bids []int64
	for rows.Next() {
		var bid int64
		if err := rows.Scan(&bid); err != nil {
			rows.Close()
			return err
		}
		bids = append(bids, bid)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, bid := range bids {
		if err := writeYear(ctx, t, bid, year); err != nil {
			return err
		}
	}
	return nil
}

// dataVersion names, in one read, the state of everything a bloc-year's
// documents are built from: the versions of the year, the year before
// (its figures compared, its conference dating this one) and the year
// after (the leader elected), and of the blocs' and units' names. Equal
// versions mean equal documents; any write of their data changes one.
func (s *Store) dataVersion(ctx context.Context, bloc string, year int) (string, error) {
	var prev, cur, next, orgs int64
	err := s.r.QueryRowContext(ctx, `SELECT
		COALESCE((SELECT version FROM year_state WHERE bloc_id = b.id AND year = ?), 0),
		COALESCE((SELECT version FROM year_state WHERE bloc_id = b.id AND year = ?), 0),
		COALESCE((SELECT version FROM year_state WHERE bloc_id = b.id AND year = ?), 0),
		(SELECT version FROM org_state WHERE id = 1)
		FROM blocs b WHERE b.slug = ?`, year-1, year, year+1, bloc).Scan(&prev, &cur, &next, &orgs)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.NotFound("khối", bloc)
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%d.%d.%d.%d", prev, cur, next, orgs), nil
}
