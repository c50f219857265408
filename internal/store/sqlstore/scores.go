package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

const critCols = `c.id, b.slug, c.year, c.version, c.body, EXISTS (SELECT 1 FROM score_sheets s WHERE s.set_id = c.id)`

func scanCriteria(sc interface{ Scan(...any) error }) (domain.CriteriaSet, error) {
	var cs domain.CriteriaSet
	var id int64
	var bloc, body string
	var year, version int
	var frozen bool
	if err := sc.Scan(&id, &bloc, &year, &version, &body, &frozen); err != nil {
		return cs, err
	}
	if err := json.Unmarshal([]byte(body), &cs); err != nil {
		return cs, fmt.Errorf("đọc bảng tiêu chí %d: %w", id, err)
	}
	cs.ID, cs.Bloc, cs.Year, cs.Version, cs.Frozen = id, bloc, year, version, frozen
	return cs, nil
}

// CurrentCriteria returns the newest criteria version of a bloc-year.
func (s *Store) CurrentCriteria(ctx context.Context, bloc string, year int) (domain.CriteriaSet, error) {
	cs, err := scanCriteria(s.r.QueryRowContext(ctx, `SELECT `+critCols+` FROM criteria_sets c JOIN blocs b ON b.id = c.bloc_id
		WHERE b.slug = ? AND c.year = ? ORDER BY c.version DESC LIMIT 1`, bloc, year))
	if errors.Is(err, sql.ErrNoRows) {
		return cs, domain.NotFoundError{Entity: "bảng tiêu chí", Key: bloc, Message: fmt.Sprintf("Khối chưa có bảng tiêu chí năm %d", year)}
	}
	return cs, err
}

// ListCriteria lists every version of a bloc-year's criteria, oldest first.
func (s *Store) ListCriteria(ctx context.Context, bloc string, year int) ([]domain.CriteriaSet, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+critCols+` FROM criteria_sets c JOIN blocs b ON b.id = c.bloc_id
		WHERE b.slug = ? AND c.year = ? ORDER BY c.version`, bloc, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.CriteriaSet
	for rows.Next() {
		cs, err := scanCriteria(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, cs)
	}
	return out, rows.Err()
}

// GetCriteria reads one criteria version by id.
func (s *Store) GetCriteria(ctx context.Context, id int64) (domain.CriteriaSet, error) {
	cs, err := scanCriteria(s.r.QueryRowContext(ctx, `SELECT `+critCols+` FROM criteria_sets c JOIN blocs b ON b.id = c.bloc_id WHERE c.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return cs, domain.NotFound("bảng tiêu chí", strconv.FormatInt(id, 10))
	}
	return cs, err
}

// AddCriteria stores a new version of a bloc-year's criteria. It is refused
// with ErrFrozen once marks exist against the current version.
func (s *Store) AddCriteria(ctx context.Context, cs domain.CriteriaSet) (domain.CriteriaSet, error) {
	err := s.tx(ctx, func(t *sql.Tx) error {
		var err error
		cs, err = addCriteria(ctx, t, cs)
		return err
	})
	return cs, err
}

// addCriteria adds a criteria version within a transaction.
func addCriteria(ctx context.Context, t *sql.Tx, cs domain.CriteriaSet) (domain.CriteriaSet, error) {
	err := func() error {
		bid, err := writeBlocYear(ctx, t, cs.Bloc, cs.Year)
		if err != nil {
			return err
		}
		var cur sql.NullInt64
		var frozen bool
		if err := t.QueryRowContext(ctx, `SELECT MAX(version), EXISTS (SELECT 1 FROM score_sheets s JOIN criteria_sets c ON c.id = s.set_id WHERE c.bloc_id = ? AND c.year = ?)
			FROM criteria_sets WHERE bloc_id = ? AND year = ?`, bid, cs.Year, bid, cs.Year).Scan(&cur, &frozen); err != nil {
			return err
		}
		if frozen {
			return fmt.Errorf("năm %d: %w", cs.Year, store.ErrFrozen)
		}
		cs.Version = int(cur.Int64) + 1
		cs.Frozen = false
		body := cs
		body.ID = 0
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `INSERT INTO criteria_sets (bloc_id, year, version, body, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			bid, cs.Year, cs.Version, string(b), cs.Fingerprint(), time.Now().UTC().Format(time.RFC3339)).Scan(&cs.ID)
	}()
	return cs, err
}

// ListScores returns every unit's sheet against a criteria version.
func (s *Store) ListScores(ctx context.Context, setID int64) ([]domain.UnitScores, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT u.slug, sh.submitted_at, sh.marked_at, sh.demo, b.slug, c.year,
		sc.code, sc.self_milli, sc.bloc_milli, sc.remark
		FROM score_sheets sh JOIN units u ON u.id = sh.unit_id JOIN criteria_sets c ON c.id = sh.set_id JOIN blocs b ON b.id = c.bloc_id
		LEFT JOIN scores sc ON sc.set_id = sh.set_id AND sc.unit_id = sh.unit_id
		WHERE sh.set_id = ? ORDER BY u.slug, sc.pos`, setID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.UnitScores
	for rows.Next() {
		var unit, sub, marked, bloc string
		var demo bool
		var year int
		var code, remark sql.NullString
		var self, blocv sql.NullInt64
		if err := rows.Scan(&unit, &sub, &marked, &demo, &bloc, &year, &code, &self, &blocv, &remark); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Unit != unit {
			out = append(out, domain.UnitScores{Bloc: bloc, Year: year, Unit: unit, SetID: setID, SubmittedAt: sub, MarkedAt: marked, Demo: demo})
		}
		if !code.Valid {
			continue
		}
		sc := domain.Score{Code: code.String, Remark: remark.String}
		if self.Valid {
			v := domain.Decimal(self.Int64)
			sc.Self = &v
		}
		if blocv.Valid {
			v := domain.Decimal(blocv.Int64)
			sc.Bloc = &v
		}
		last := &out[len(out)-1]
		last.Scores = append(last.Scores, sc)
	}
	return out, rows.Err()
}

func putScores(ctx context.Context, t *sql.Tx, us domain.UnitScores) error {
	var bid int64
	var year int
	err := t.QueryRowContext(ctx, `SELECT bloc_id, year FROM criteria_sets WHERE id = ?`, us.SetID).Scan(&bid, &year)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NotFound("bảng tiêu chí", strconv.FormatInt(us.SetID, 10))
	}
	if err != nil {
		return err
	}
	if err := writeYear(ctx, t, bid, year); err != nil {
		return err
	}
	uid, err := unitID(ctx, t, us.Unit)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `DELETE FROM scores WHERE set_id = ? AND unit_id = ?`, us.SetID, uid); err != nil {
		return err
	}
	for i, sc := range us.Scores {
		if _, err := t.ExecContext(ctx, `INSERT INTO scores (set_id, unit_id, code, self_milli, bloc_milli, remark, pos) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			us.SetID, uid, sc.Code, milli(sc.Self), milli(sc.Bloc), sc.Remark, i+1); err != nil {
			return err
		}
	}
	sub := us.SubmittedAt
	if sub == "" {
		sub = time.Now().UTC().Format(time.RFC3339)
	}
	// marked_at changes only when the bloc's marks are written (MarkedAt
	// set); an upload keeps it.
	_, err = t.ExecContext(ctx, `INSERT INTO score_sheets (set_id, unit_id, submitted_at, demo, marked_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (set_id, unit_id) DO UPDATE SET submitted_at = excluded.submitted_at, demo = excluded.demo,
		marked_at = CASE WHEN excluded.marked_at <> '' THEN excluded.marked_at ELSE score_sheets.marked_at END`, us.SetID, uid, sub, us.Demo, us.MarkedAt)
	return err
}

// PutScores replaces a unit's sheet in one transaction.
func (s *Store) PutScores(ctx context.Context, us domain.UnitScores) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putScores(ctx, t, us) })
}
