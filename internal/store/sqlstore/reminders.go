package sqlstore

import (
	"context"
	"database/sql"

	"github.com/thidua/thidua/internal/store"
)

// ClaimReminder records a reminder unless one of the same deadline and
// unit is recorded; the primary key decides between racing claims.
func (s *Store) ClaimReminder(ctx context.Context, r store.Reminder) (bool, error) {
	var won bool
	err := s.tx(ctx, func(t *sql.Tx) error {
		res, err := t.ExecContext(ctx, `INSERT INTO reminders (bloc, year, due, due_date, unit, sent_at, sent_by, recipients) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, r.Bloc, r.Year, r.Due, r.DueDate, r.Unit, ts(r.SentAt), r.SentBy, r.Recipients)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		won = n == 1
		return err
	})
	return won, err
}

// ReleaseReminder forgets a claim.
func (s *Store) ReleaseReminder(ctx context.Context, r store.Reminder) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM reminders WHERE bloc = ? AND year = ? AND due = ? AND due_date = ? AND unit = ?`, r.Bloc, r.Year, r.Due, r.DueDate, r.Unit)
		return err
	})
}

// listReminders lists a bloc-year's reminders, newest first.
func (s *Store) listReminders(ctx context.Context, bloc string, year int) ([]store.Reminder, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT due, due_date, unit, sent_at, sent_by, recipients FROM reminders WHERE bloc = ? AND year = ? ORDER BY sent_at DESC, unit`, bloc, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Reminder
	for rows.Next() {
		r := store.Reminder{Bloc: bloc, Year: year}
		var at string
		if err := rows.Scan(&r.Due, &r.DueDate, &r.Unit, &at, &r.SentBy, &r.Recipients); err != nil {
			return nil, err
		}
		r.SentAt = parseTS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
