package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// stamp is the fixed-width UTC form times are kept in, so that SQL compares
// them as text in time order (RFC 3339 with nanoseconds trims zeros).
const stamp = "2006-01-02T15:04:05.000000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(stamp)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// GetSchedule returns a bloc's dossier schedule.
func (s *Store) GetSchedule(ctx context.Context, bloc string) (store.DossierSchedule, error) {
	out, err := s.schedules(ctx, `WHERE b.slug = ?`, bloc)
	if err != nil {
		return store.DossierSchedule{}, err
	}
	if len(out) == 0 {
		if _, err := blocID(ctx, s.r, bloc); err != nil {
			return store.DossierSchedule{}, err
		}
		return store.DossierSchedule{}, domain.NotFoundError{Entity: "lịch lập hồ sơ", Key: bloc, Message: "Khối chưa đặt lịch lập hồ sơ cuối năm"}
	}
	return out[0], nil
}

// ListSchedules returns every bloc's schedule.
func (s *Store) ListSchedules(ctx context.Context) ([]store.DossierSchedule, error) {
	return s.schedules(ctx, ``)
}

func (s *Store) schedules(ctx context.Context, where string, args ...any) ([]store.DossierSchedule, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT b.slug, d.cron, d.time_zone, d.enabled, d.last_fired, d.updated_at, d.updated_by
		FROM dossier_schedules d JOIN blocs b ON b.id = d.bloc_id `+where+` ORDER BY b.slug`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.DossierSchedule
	for rows.Next() {
		var sc store.DossierSchedule
		var last, upd string
		if err := rows.Scan(&sc.Bloc, &sc.Cron, &sc.TimeZone, &sc.Enabled, &last, &upd, &sc.UpdatedBy); err != nil {
			return nil, err
		}
		sc.LastFired, sc.UpdatedAt = parseTime(last), parseTime(upd)
		out = append(out, sc)
	}
	return out, rows.Err()
}

// PutSchedule creates or replaces a bloc's schedule; the time last fired
// is kept unless given.
func (s *Store) PutSchedule(ctx context.Context, sc store.DossierSchedule) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := blocID(ctx, t, sc.Bloc)
		if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `INSERT INTO dossier_schedules (bloc_id, cron, time_zone, enabled, last_fired, updated_at, updated_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (bloc_id) DO UPDATE SET cron = excluded.cron, time_zone = excluded.time_zone, enabled = excluded.enabled,
				last_fired = CASE WHEN excluded.last_fired > dossier_schedules.last_fired THEN excluded.last_fired ELSE dossier_schedules.last_fired END,
				updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			bid, sc.Cron, sc.TimeZone, sc.Enabled, fmtTime(sc.LastFired), fmtTime(sc.UpdatedAt), sc.UpdatedBy)
		return err
	})
}

// MarkFired records the newest scheduled time handled.
func (s *Store) MarkFired(ctx context.Context, bloc string, at time.Time) error {
	_, err := s.exec(ctx, `UPDATE dossier_schedules SET last_fired = ?
		WHERE bloc_id = (SELECT id FROM blocs WHERE slug = ?) AND last_fired < ?`, fmtTime(at), bloc, fmtTime(at))
	return err
}

const runColumns = `r.id, b.slug, r.year, r.trigger, r.attempt, r.status, r.error, r.requested_by, r.owner, r.queued_at, r.started_at, r.finished_at,
	COALESCE(v.number, 0), r.new_version, r.files, r.warnings`

const runFrom = ` FROM dossier_runs r JOIN blocs b ON b.id = r.bloc_id LEFT JOIN dossier_versions v ON v.id = r.version_id `

func scanRun(sc interface{ Scan(...any) error }) (store.DossierRun, error) {
	var r store.DossierRun
	var q, st, fin string
	err := sc.Scan(&r.ID, &r.Bloc, &r.Year, &r.Trigger, &r.Attempt, &r.Status, &r.Error, &r.RequestedBy, &r.Owner, &q, &st, &fin,
		&r.Version, &r.NewVersion, &r.Files, &r.Warnings)
	r.QueuedAt, r.StartedAt, r.FinishedAt = parseTime(q), parseTime(st), parseTime(fin)
	return r, err
}

// CreateRun records a new run.
func (s *Store) CreateRun(ctx context.Context, r store.DossierRun) (store.DossierRun, error) {
	if r.Attempt == 0 {
		r.Attempt = 1
	}
	if r.Status == "" {
		r.Status = store.RunQueued
	}
	err := s.tx(ctx, func(t *sql.Tx) error {
		bid, err := blocID(ctx, t, r.Bloc)
		if err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `INSERT INTO dossier_runs (bloc_id, year, trigger, attempt, status, requested_by, owner, queued_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, bid, r.Year, r.Trigger, r.Attempt, r.Status, r.RequestedBy, r.Owner, fmtTime(r.QueuedAt)).Scan(&r.ID)
	})
	return r, err
}

// UpdateRun writes a run's progress and outcome.
func (s *Store) UpdateRun(ctx context.Context, r store.DossierRun) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		var vid any
		if r.Version > 0 {
			var id int64
			err := t.QueryRowContext(ctx, `SELECT v.id FROM dossier_versions v JOIN dossier_runs r ON r.bloc_id = v.bloc_id AND r.year = v.year
				WHERE r.id = ? AND v.number = ?`, r.ID, r.Version).Scan(&id)
			if err != nil {
				return fmt.Errorf("phiên bản hồ sơ %d: %w", r.Version, err)
			}
			vid = id
		}
		res, err := t.ExecContext(ctx, `UPDATE dossier_runs SET status = ?, error = ?, owner = ?, started_at = ?, finished_at = ?, version_id = ?,
			new_version = ?, files = ?, warnings = ? WHERE id = ?`,
			r.Status, r.Error, r.Owner, fmtTime(r.StartedAt), fmtTime(r.FinishedAt), vid, r.NewVersion, r.Files, r.Warnings, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("lượt lập hồ sơ", strconv.FormatInt(r.ID, 10))
		}
		return nil
	})
}

// GetRun returns one run.
func (s *Store) GetRun(ctx context.Context, id int64) (store.DossierRun, error) {
	r, err := scanRun(s.r.QueryRowContext(ctx, `SELECT `+runColumns+runFrom+`WHERE r.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, domain.NotFound("lượt lập hồ sơ", strconv.FormatInt(id, 10))
	}
	return r, err
}

// ListRuns lists a bloc-year's runs, newest first.
func (s *Store) ListRuns(ctx context.Context, bloc string, year int, limit int) ([]store.DossierRun, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+runColumns+runFrom+`WHERE b.slug = ? AND r.year = ? ORDER BY r.id DESC LIMIT ?`, bloc, year, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.DossierRun{}
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// AbandonRuns fails the runs no live process holds, but those in keep
// (the caller's own, maybe still waiting for the lease).
func (s *Store) AbandonRuns(ctx context.Context, now time.Time, msg string, keep []int64) (int, error) {
	var n int64
	err := s.tx(ctx, func(t *sql.Tx) error {
		rows, err := t.QueryContext(ctx, `SELECT r.id FROM dossier_runs r JOIN blocs b ON b.id = r.bloc_id
			LEFT JOIN leases l ON l.name = 'dossier:' || b.slug || ':' || r.year AND l.owner = r.owner
			LEFT JOIN leases p ON p.name = 'runner:' || r.owner AND p.owner = r.owner
			WHERE r.status IN ('queued', 'running') AND (l.expires_at IS NULL OR l.expires_at <= ?)
			AND (p.expires_at IS NULL OR p.expires_at <= ?)`, fmtTime(now), fmtTime(now))
		if err != nil {
			return err
		}
		var dead []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if !slices.Contains(keep, id) {
				dead = append(dead, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range dead {
			res, err := t.ExecContext(ctx, `UPDATE dossier_runs SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status IN ('queued', 'running')`, msg, fmtTime(now), id)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += k
		}
		return nil
	})
	return int(n), err
}

// PublishVersion records a complete dossier.
func (s *Store) PublishVersion(ctx context.Context, v store.DossierVersion) (store.DossierVersion, bool, error) {
	created := false
	err := s.tx(ctx, func(t *sql.Tx) error {
		bid, err := blocID(ctx, t, v.Bloc)
		if err != nil {
			return err
		}
		var number int
		var fp string
		err = t.QueryRowContext(ctx, `SELECT number, fingerprint FROM dossier_versions WHERE bloc_id = ? AND year = ? ORDER BY number DESC LIMIT 1`, bid, v.Year).Scan(&number, &fp)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err == nil && fp == v.Fingerprint {
			v.Number = number
			return nil
		}
		v.Number = number + 1
		if err := t.QueryRowContext(ctx, `INSERT INTO dossier_versions (bloc_id, year, number, fingerprint, generator, created_at, run_id, zip_name, zip_sha256, zip_size, manifest)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, bid, v.Year, v.Number, v.Fingerprint, v.Generator, fmtTime(v.CreatedAt), nullID(v.RunID),
			v.ZIPName, v.ZIPSHA256, v.ZIPSize, string(v.Manifest)).Scan(&v.ID); err != nil {
			return err
		}
		for i, f := range v.Files {
			if _, err := t.ExecContext(ctx, `INSERT INTO dossier_files (version_id, position, name, kind, unit, format, sha256, size, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				v.ID, i, f.Name, f.Kind, f.Unit, f.Format, f.SHA256, f.Size, f.Input); err != nil {
				return err
			}
		}
		created = true
		return nil
	})
	if err != nil {
		return store.DossierVersion{}, false, err
	}
	if !created {
		got, err := s.GetVersion(ctx, v.Bloc, v.Year, v.Number)
		return got, false, err
	}
	return v, true, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const versionColumns = `v.id, b.slug, v.year, v.number, v.fingerprint, v.generator, v.created_at, COALESCE(v.run_id, 0), v.zip_name, v.zip_sha256, v.zip_size, v.manifest`

func scanVersion(sc interface{ Scan(...any) error }) (store.DossierVersion, error) {
	var v store.DossierVersion
	var created, manifest string
	err := sc.Scan(&v.ID, &v.Bloc, &v.Year, &v.Number, &v.Fingerprint, &v.Generator, &created, &v.RunID, &v.ZIPName, &v.ZIPSHA256, &v.ZIPSize, &manifest)
	v.CreatedAt, v.Manifest = parseTime(created), []byte(manifest)
	return v, err
}

// LatestVersion returns a bloc-year's newest version with its files.
func (s *Store) LatestVersion(ctx context.Context, bloc string, year int) (store.DossierVersion, error) {
	return s.version(ctx, `WHERE b.slug = ? AND v.year = ? ORDER BY v.number DESC LIMIT 1`, bloc, year)
}

// GetVersion returns one version with its files.
func (s *Store) GetVersion(ctx context.Context, bloc string, year, number int) (store.DossierVersion, error) {
	return s.version(ctx, `WHERE b.slug = ? AND v.year = ? AND v.number = ?`, bloc, year, number)
}

func (s *Store) version(ctx context.Context, where string, args ...any) (store.DossierVersion, error) {
	v, err := scanVersion(s.r.QueryRowContext(ctx, `SELECT `+versionColumns+` FROM dossier_versions v JOIN blocs b ON b.id = v.bloc_id `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, domain.NotFoundError{Entity: "phiên bản hồ sơ", Key: fmt.Sprint(args[1:]...), Message: "Chưa có phiên bản hồ sơ này"}
	}
	if err != nil {
		return v, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT name, kind, unit, format, sha256, size, input FROM dossier_files WHERE version_id = ? ORDER BY position`, v.ID)
	if err != nil {
		return v, err
	}
	defer rows.Close()
	for rows.Next() {
		var f store.DossierFile
		if err := rows.Scan(&f.Name, &f.Kind, &f.Unit, &f.Format, &f.SHA256, &f.Size, &f.Input); err != nil {
			return v, err
		}
		v.Files = append(v.Files, f)
	}
	return v, rows.Err()
}

// ListVersions lists a bloc-year's versions, newest first.
func (s *Store) ListVersions(ctx context.Context, bloc string, year int) ([]store.DossierVersion, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+versionColumns+` FROM dossier_versions v JOIN blocs b ON b.id = v.bloc_id
		WHERE b.slug = ? AND v.year = ? ORDER BY v.number DESC`, bloc, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.DossierVersion{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		v.Manifest = nil
		out = append(out, v)
	}
	return out, rows.Err()
}

// AcquireLease takes a lease that is free, expired or already the owner's.
func (s *Store) AcquireLease(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error) {
	if strings.TrimSpace(owner) == "" {
		return false, errors.New("lease owner is empty")
	}
	res, err := s.exec(ctx, `INSERT INTO leases (name, owner, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
		WHERE leases.owner = excluded.owner OR leases.expires_at <= ?`, name, owner, fmtTime(now.Add(ttl)), fmtTime(now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ReleaseLease drops the lease if owner holds it.
func (s *Store) ReleaseLease(ctx context.Context, name, owner string) error {
	_, err := s.exec(ctx, `DELETE FROM leases WHERE name = ? AND owner = ?`, name, owner)
	return err
}

var _ store.Dossiers = (*Store)(nil)

// ReferencedBlobs lists every blob a record names.
func (s *Store) ReferencedBlobs(ctx context.Context) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT sha256 FROM uploads UNION SELECT sha256 FROM dossier_files UNION SELECT zip_sha256 FROM dossier_versions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return nil, err
		}
		out[sha] = true
	}
	return out, rows.Err()
}
