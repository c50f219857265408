package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// SaveUpload records an upload whose bytes are already in the blob store.
func (s *Store) SaveUpload(ctx context.Context, u store.Upload) (store.Upload, error) {
	u.Status = store.UploadReceived
	if u.ReceivedAt.IsZero() {
		u.ReceivedAt = time.Now().UTC()
	}
	err := s.tx(ctx, func(t *sql.Tx) error {
		// Received is not yet part of any document: the year must be
		// open, but its version (and every cached document of it) stays;
		// accepting the upload advances it.
		bid, err := blocID(ctx, t, u.Bloc)
		if err != nil {
			return err
		}
		if err := checkYearOpen(ctx, t, bid, u.Year); err != nil {
			return err
		}
		uid, err := unitID(ctx, t, u.Unit)
		if err != nil {
			return err
		}
		// The bytes are in the blob store; the row keeps the reference
		// uploads are checked against.
		if _, err := t.ExecContext(ctx, `INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`, u.SHA256, u.Size, []byte{}); err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `INSERT INTO uploads (bloc_id, year, unit_id, sha256, size, filename, uploader, received_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			bid, u.Year, uid, u.SHA256, u.Size, u.Filename, u.Uploader, u.ReceivedAt.Format(time.RFC3339Nano), u.Status).Scan(&u.ID)
	})
	return u, err
}

// AcceptUpload records an upload's marks, newest upload winning.
func (s *Store) AcceptUpload(ctx context.Context, id, setID int64, merge func(prev *domain.UnitScores) domain.UnitScores, ind *domain.Indicators) error {
	var superseded bool
	err := s.tx(ctx, func(t *sql.Tx) error {
		var bid, uid int64
		var year int
		var bloc, unit string
		err := t.QueryRowContext(ctx, `SELECT up.bloc_id, up.unit_id, up.year, b.slug, u.slug FROM uploads up JOIN blocs b ON b.id = up.bloc_id JOIN units u ON u.id = up.unit_id WHERE up.id = ?`, id).
			Scan(&bid, &uid, &year, &bloc, &unit)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("bản nộp", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		var current int64
		if err := t.QueryRowContext(ctx, `SELECT COALESCE((SELECT id FROM criteria_sets WHERE bloc_id = ? AND year = ? ORDER BY version DESC LIMIT 1), 0)`, bid, year).Scan(&current); err != nil {
			return err
		}
		if current != setID {
			return store.ErrStaleCriteria
		}
		accepted, err := acceptedReceipts(ctx, t, bid, year, uid)
		if err != nil {
			return err
		}
		if domain.Superseded(domain.Receipt{ID: id}, accepted) {
			superseded = true
			_, err := t.ExecContext(ctx, `UPDATE uploads SET status = ?, set_id = ?, errors = '[]' WHERE id = ?`, store.UploadSuperseded, setID, id)
			return err
		}
		prev, err := sheetOf(ctx, t, setID, bloc, year, unit)
		if err != nil {
			return err
		}
		us := merge(prev)
		us.Bloc, us.Year, us.Unit, us.SetID = bloc, year, unit, setID
		if err := putScores(ctx, t, us); err != nil {
			return err
		}
		if ind != nil {
			if err := putIndicators(ctx, t, *ind); err != nil {
				return err
			}
		}
		_, err = t.ExecContext(ctx, `UPDATE uploads SET status = ?, set_id = ?, errors = '[]' WHERE id = ?`, store.UploadAccepted, setID, id)
		return err
	})
	if err == nil && superseded {
		return store.ErrSuperseded
	}
	return err
}

// acceptedReceipts lists a board's accepted uploads of a year, for the
// domain's rule of which supersedes which (by the order of recording: the
// times received are not read, the rule does not use them).
func acceptedReceipts(ctx context.Context, t *sql.Tx, bid int64, year int, uid int64) ([]domain.Receipt, error) {
	rows, err := t.QueryContext(ctx, `SELECT id FROM uploads WHERE bloc_id = ? AND year = ? AND unit_id = ? AND status = ?`,
		bid, year, uid, store.UploadAccepted)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Receipt
	for rows.Next() {
		var r domain.Receipt
		if err := rows.Scan(&r.ID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// UpdateSheet changes a unit's sheet in one transaction.
func (s *Store) UpdateSheet(ctx context.Context, setID int64, unit string, fn func(prev *domain.UnitScores) (domain.UnitScores, error)) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		var bloc string
		var year int
		err := t.QueryRowContext(ctx, `SELECT b.slug, c.year FROM criteria_sets c JOIN blocs b ON b.id = c.bloc_id WHERE c.id = ?`, setID).Scan(&bloc, &year)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("bảng tiêu chí", strconv.FormatInt(setID, 10))
		}
		if err != nil {
			return err
		}
		prev, err := sheetOf(ctx, t, setID, bloc, year, unit)
		if err != nil {
			return err
		}
		us, err := fn(prev)
		if err != nil {
			return err
		}
		us.Bloc, us.Year, us.Unit, us.SetID = bloc, year, unit, setID
		if prev != nil && us.SubmittedAt == "" {
			us.SubmittedAt, us.Demo = prev.SubmittedAt, prev.Demo
		}
		return putScores(ctx, t, us)
	})
}

// sheetOf reads one unit's sheet against a criteria set inside t; nil
// when it has none.
func sheetOf(ctx context.Context, t *sql.Tx, setID int64, bloc string, year int, unit string) (*domain.UnitScores, error) {
	rows, err := t.QueryContext(ctx, `SELECT sh.submitted_at, sh.demo, sc.code, sc.self_milli, sc.bloc_milli, sc.remark
		FROM score_sheets sh JOIN units u ON u.id = sh.unit_id
		LEFT JOIN scores sc ON sc.set_id = sh.set_id AND sc.unit_id = sh.unit_id
		WHERE sh.set_id = ? AND u.slug = ? ORDER BY sc.pos`, setID, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out *domain.UnitScores
	for rows.Next() {
		var sub string
		var demo bool
		var code, remark sql.NullString
		var self, blocv sql.NullInt64
		if err := rows.Scan(&sub, &demo, &code, &self, &blocv, &remark); err != nil {
			return nil, err
		}
		if out == nil {
			out = &domain.UnitScores{Bloc: bloc, Year: year, Unit: unit, SetID: setID, SubmittedAt: sub, Demo: demo}
		}
		if code.Valid {
			out.Scores = append(out.Scores, domain.Score{Code: code.String, Self: decimal(self), Bloc: decimal(blocv), Remark: remark.String})
		}
	}
	return out, rows.Err()
}

func decimal(v sql.NullInt64) *domain.Decimal {
	if !v.Valid {
		return nil
	}
	d := domain.Decimal(v.Int64)
	return &d
}

// RejectUpload records the errors that refused an upload and bounds how
// many refused uploads of the unit are kept.
func (s *Store) RejectUpload(ctx context.Context, id int64, errs []domain.FieldError, keep int) ([]string, error) {
	b, _ := json.Marshal(errs)
	var orphans []string
	err := s.tx(ctx, func(t *sql.Tx) error {
		var bid, uid int64
		var year int
		var sha string
		err := t.QueryRowContext(ctx, `SELECT bloc_id, unit_id, year, sha256 FROM uploads WHERE id = ?`, id).Scan(&bid, &uid, &year, &sha)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("bản nộp", strconv.FormatInt(id, 10))
		}
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE uploads SET status = ?, errors = ? WHERE id = ?`, store.UploadRejected, string(b), id); err != nil {
			return err
		}
		// The same bytes refused before: the newest record replaces them.
		// Beyond keep, the oldest refused records go.
		same, err := collect(ctx, t, `SELECT id, sha256 FROM uploads WHERE bloc_id = ? AND year = ? AND unit_id = ? AND status = ? AND id <> ? AND sha256 = ?`,
			bid, year, uid, store.UploadRejected, id, sha)
		if err != nil {
			return err
		}
		if err := deleteUploads(ctx, t, same); err != nil {
			return err
		}
		old, err := collect(ctx, t, `SELECT id, sha256 FROM uploads WHERE bloc_id = ? AND year = ? AND unit_id = ? AND status = ? ORDER BY id DESC LIMIT ? OFFSET ?`,
			bid, year, uid, store.UploadRejected, int64(math.MaxInt64), max(keep, 1)) // LIMIT: every row (SQLite has no LIMIT ALL)
		if err != nil {
			return err
		}
		if err := deleteUploads(ctx, t, old); err != nil {
			return err
		}
		dropped := append(same, old...)
		for _, d := range dropped {
			var used bool
			if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM uploads WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM dossier_files WHERE sha256 = ?) OR EXISTS (SELECT 1 FROM dossier_versions WHERE zip_sha256 = ?)`, d.sha, d.sha, d.sha).Scan(&used); err != nil {
				return err
			}
			if !used {
				if _, err := t.ExecContext(ctx, `DELETE FROM blobs WHERE sha256 = ?`, d.sha); err != nil {
					return err
				}
				orphans = append(orphans, d.sha)
			}
		}
		return nil
	})
	return orphans, err
}

func deleteUploads(ctx context.Context, t *sql.Tx, rows []idSHA) error {
	for _, r := range rows {
		if _, err := t.ExecContext(ctx, `DELETE FROM uploads WHERE id = ?`, r.id); err != nil {
			return err
		}
	}
	return nil
}

type idSHA struct {
	id  int64
	sha string
}

func collect(ctx context.Context, t *sql.Tx, q string, args ...any) ([]idSHA, error) {
	rows, err := t.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []idSHA
	for rows.Next() {
		var r idSHA
		if err := rows.Scan(&r.id, &r.sha); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// MarkInterrupted marks uploads left "received" before the given time.
// The times are compared as times, in Go: RFC 3339 text with its
// fractions trimmed does not sort as the times do.
func (s *Store) MarkInterrupted(ctx context.Context, before time.Time, errs []domain.FieldError) (int, error) {
	b, _ := json.Marshal(errs)
	n := 0
	err := s.tx(ctx, func(t *sql.Tx) error {
		n = 0
		rows, err := t.QueryContext(ctx, `SELECT id, received_at FROM uploads WHERE status = ?`, store.UploadReceived)
		if err != nil {
			return err
		}
		var stale []int64
		for rows.Next() {
			var id int64
			var at string
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return err
			}
			if received, _ := time.Parse(time.RFC3339Nano, at); received.Before(before) {
				stale = append(stale, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range stale {
			res, err := t.ExecContext(ctx, `UPDATE uploads SET status = ?, errors = ? WHERE id = ? AND status = ?`, store.UploadInterrupted, string(b), id, store.UploadReceived)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += int(k)
		}
		return nil
	})
	return n, err
}

const uploadCols = `up.id, b.slug, up.year, u.slug, up.sha256, up.size, up.filename, up.uploader, up.received_at, up.status, up.errors, COALESCE(up.set_id, 0)`

func scanUpload(sc interface{ Scan(...any) error }) (store.Upload, error) {
	var u store.Upload
	var at, errs string
	if err := sc.Scan(&u.ID, &u.Bloc, &u.Year, &u.Unit, &u.SHA256, &u.Size, &u.Filename, &u.Uploader, &at, &u.Status, &errs, &u.SetID); err != nil {
		return u, err
	}
	u.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
	_ = json.Unmarshal([]byte(errs), &u.Errors)
	if u.Errors == nil {
		u.Errors = []domain.FieldError{}
	}
	return u, nil
}

// ListUploads lists a unit's uploads for a year, newest first.
func (s *Store) ListUploads(ctx context.Context, bloc string, year int, unit string) ([]store.Upload, error) {
	if _, err := blocID(ctx, s.r, bloc); err != nil {
		return nil, err
	}
	if _, err := unitID(ctx, s.r, unit); err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+uploadCols+` FROM uploads up JOIN blocs b ON b.id = up.bloc_id JOIN units u ON u.id = up.unit_id
		WHERE b.slug = ? AND up.year = ? AND u.slug = ? ORDER BY up.id DESC`, bloc, year, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Upload{}
	for rows.Next() {
		u, err := scanUpload(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// listYearUploads lists a bloc-year's uploads by unit, newest first.
func (s *Store) listYearUploads(ctx context.Context, bloc string, year int) (map[string][]store.Upload, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+uploadCols+` FROM uploads up JOIN blocs b ON b.id = up.bloc_id JOIN units u ON u.id = up.unit_id
		WHERE b.slug = ? AND up.year = ? ORDER BY up.id DESC`, bloc, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]store.Upload{}
	for rows.Next() {
		u, err := scanUpload(rows)
		if err != nil {
			return nil, err
		}
		out[u.Unit] = append(out[u.Unit], u)
	}
	return out, rows.Err()
}

// GetUpload returns an upload's record.
func (s *Store) GetUpload(ctx context.Context, id int64) (store.Upload, error) {
	u, err := scanUpload(s.r.QueryRowContext(ctx, `SELECT `+uploadCols+` FROM uploads up JOIN blocs b ON b.id = up.bloc_id JOIN units u ON u.id = up.unit_id WHERE up.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.NotFound("bản nộp", strconv.FormatInt(id, 10))
	}
	return u, err
}

// LegacyBlobs lists blobs whose bytes are still in the database.
func (s *Store) LegacyBlobs(ctx context.Context) ([]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sha256 FROM blobs WHERE length(data) > 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out = append(out, sha)
	}
	return out, rows.Err()
}

// LegacyBlob reads bytes still kept in the database.
func (s *Store) LegacyBlob(ctx context.Context, sha string) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM blobs WHERE sha256 = ?`, sha).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound("tệp", sha)
	}
	return data, err
}

// ClearLegacyBlob drops bytes that are now in the blob store.
func (s *Store) ClearLegacyBlob(ctx context.Context, sha string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `UPDATE blobs SET data = x'' WHERE sha256 = ?`, sha)
		return err
	})
}
