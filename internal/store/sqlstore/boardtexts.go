package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

const boardTextColumns = `u.slug, t.period, t.fields, t.state, t.illustrative, t.updated_at, t.updated_by, t.sent_at, t.sent_by, t.comment, t.returned_at, t.returned_by`

// ListBoardTexts lists every board's texts of a bloc-year, both periods,
// in the members' order.
func (s *Store) ListBoardTexts(ctx context.Context, bloc string, year int) ([]domain.BoardText, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+boardTextColumns+` FROM board_texts t JOIN units u ON u.id = t.unit_id
		LEFT JOIN memberships m ON m.bloc_id = t.bloc_id AND m.year = t.year AND m.unit_id = t.unit_id
		WHERE t.bloc_id = ? AND t.year = ? ORDER BY m.ord, u.slug, t.period`, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.BoardText
	for rows.Next() {
		bt := domain.BoardText{Bloc: bloc, Year: year}
		if err := scanBoardText(rows, &bt); err != nil {
			return nil, err
		}
		out = append(out, bt)
	}
	return out, rows.Err()
}

// GetBoardText reads one board's texts of a period; a board that wrote
// nothing yet has empty texts, no state.
func (s *Store) GetBoardText(ctx context.Context, bloc string, year int, unit, period string) (domain.BoardText, error) {
	bt := domain.BoardText{Bloc: bloc, Year: year, Unit: unit, Period: period, Fields: map[string]string{}}
	err := getBoardText(ctx, s.r, &bt)
	return bt, err
}

// UpdateBoardText reads a board's texts of a period, lets fn change them
// and writes them back in one transaction; fn's error is returned and
// nothing written.
func (s *Store) UpdateBoardText(ctx context.Context, bloc string, year int, unit, period string, fn func(*domain.BoardText) error) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		bt := domain.BoardText{Bloc: bloc, Year: year, Unit: unit, Period: period, Fields: map[string]string{}}
		if err := getBoardText(ctx, t, &bt); err != nil {
			return err
		}
		if err := fn(&bt); err != nil {
			return err
		}
		uid, err := unitID(ctx, t, unit)
		if err != nil {
			return err
		}
		fields, err := json.Marshal(bt.Fields)
		if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `INSERT INTO board_texts (bloc_id, year, unit_id, period, fields, state, illustrative, updated_at, updated_by, sent_at, sent_by, comment, returned_at, returned_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (bloc_id, year, unit_id, period) DO UPDATE SET fields = excluded.fields, state = excluded.state, illustrative = excluded.illustrative,
			updated_at = excluded.updated_at, updated_by = excluded.updated_by, sent_at = excluded.sent_at, sent_by = excluded.sent_by,
			comment = excluded.comment, returned_at = excluded.returned_at, returned_by = excluded.returned_by`,
			bid, year, uid, period, string(fields), bt.State, bt.Illustrative, optTS(bt.UpdatedAt), bt.UpdatedBy, optTS(bt.SentAt), bt.SentBy, bt.Comment, optTS(bt.ReturnedAt), bt.ReturnedBy)
		return err
	})
}

func getBoardText(ctx context.Context, q queryer, bt *domain.BoardText) error {
	row := q.QueryRowContext(ctx, `SELECT `+boardTextColumns+` FROM board_texts t JOIN units u ON u.id = t.unit_id JOIN blocs b ON b.id = t.bloc_id
		WHERE b.slug = ? AND t.year = ? AND u.slug = ? AND t.period = ?`, bt.Bloc, bt.Year, bt.Unit, bt.Period)
	err := scanBoardText(row, bt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	return err
}

type scanner interface{ Scan(dest ...any) error }

func scanBoardText(r scanner, bt *domain.BoardText) error {
	var fields, updated, sent, returned string
	if err := r.Scan(&bt.Unit, &bt.Period, &fields, &bt.State, &bt.Illustrative, &updated, &bt.UpdatedBy, &sent, &bt.SentBy, &bt.Comment, &returned, &bt.ReturnedBy); err != nil {
		return err
	}
	bt.Fields = map[string]string{}
	if err := json.Unmarshal([]byte(fields), &bt.Fields); err != nil {
		return err
	}
	bt.UpdatedAt, bt.SentAt, bt.ReturnedAt = parseTS(updated), parseTS(sent), parseTS(returned)
	return nil
}

// optTS stores a time, or "" for none.
func optTS(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return ts(t)
}
