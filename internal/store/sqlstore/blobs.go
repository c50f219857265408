package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/thidua/thidua/internal/store"
)

// NotePending records sha as being written now.
func (s *Store) NotePending(ctx context.Context, sha string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO blob_pending (sha256, noted_at) VALUES (?, ?)
			ON CONFLICT (sha256) DO UPDATE SET noted_at = excluded.noted_at`, sha, time.Now().Unix())
		return err
	})
}

// PendingBlobs lists the noted blobs, oldest first.
func (s *Store) PendingBlobs(ctx context.Context) ([]store.PendingBlob, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sha256, noted_at FROM blob_pending ORDER BY noted_at, sha256`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.PendingBlob
	for rows.Next() {
		var p store.PendingBlob
		var at int64
		if err := rows.Scan(&p.SHA256, &at); err != nil {
			return nil, err
		}
		p.NotedAt = time.Unix(at, 0)
		out = append(out, p)
	}
	return out, rows.Err()
}

// ForgetPending drops the notes of shas not refreshed after before (a
// blob noted again meanwhile is being written again: its note stays).
func (s *Store) ForgetPending(ctx context.Context, shas []string, before time.Time) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		for _, sha := range shas {
			if _, err := t.ExecContext(ctx, `DELETE FROM blob_pending WHERE sha256 = ? AND noted_at <= ?`, sha, before.Unix()); err != nil {
				return err
			}
		}
		return nil
	})
}
