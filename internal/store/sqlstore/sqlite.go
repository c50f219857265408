// Package sqlstore keeps the product's data in SQL, on one of two
// databases with the same code and queries:
//
//   - SQLite (OpenSQLite), the embedded default: one file (pure Go driver),
//     one serialised writer connection and a pool of readers, so concurrent
//     writes queue instead of failing with "database is locked";
//   - PostgreSQL (OpenPostgres), for several replicas on one database:
//     every write transaction is serializable and retried when PostgreSQL
//     finds it raced another (see postgres.go).
//
// Queries are written once with "?" placeholders; the PostgreSQL
// connection numbers them ($1, $2 …). Each dialect has its migrations
// (migrations/sqlite, migrations/postgres), applied forward at open.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/store"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Store implements store.Store over SQLite or PostgreSQL.
type Store struct {
	w    *sql.DB  // writes; on SQLite one connection, so every write goes through it in order
	r    *readers // readers (WAL lets them run beside the writer), statements prepared once
	path string   // the database file or server, named in faults
	pg   bool     // PostgreSQL: serializable write transactions, retried
	memo *memo    // SQLite: the reads of every request answered from memory (memo.go)
}

var _ store.Store = (*Store)(nil)

// Open opens (or creates) the database file at path and migrates it.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	base := "file:" + path + "?" + q.Encode()
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("mở cơ sở dữ liệu %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", base)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("mở cơ sở dữ liệu %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8) // kept open: a new connection costs its pragmas and its prepared statements
	s := &Store{w: w, r: &readers{DB: r}, path: path, memo: newMemo(memoTrust)}
	if err := migrate(ctx, goose.DialectSQLite3, "migrations/sqlite", w); err != nil {
		s.Close()
		return nil, fault.ClassifySQLite(path, err)
	}
	return s, nil
}

// migrate applies the dialect's migrations forward; opts lets PostgreSQL
// hold a lock meanwhile, so that replicas starting together take turns.
func migrate(ctx context.Context, d goose.Dialect, dir string, db *sql.DB, opts ...goose.ProviderOption) error {
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(d, db, sub, opts...)
	if err != nil {
		return fmt.Errorf("chuẩn bị migration: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("áp dụng migration: %w", err)
	}
	return nil
}

// Version reports the schema version applied.
func (s *Store) Version(ctx context.Context) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id),0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}

// Close closes both connection pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Empty reports whether no bloc is stored.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM blocs`).Scan(&n); err != nil {
		return false, err
	}
	return n == 0, nil
}

// tx runs fn in one write transaction: all or nothing.
// A storage fault (full disk, read-only file, damaged database) comes back
// as a fault.Error naming the file.
//
// On PostgreSQL the transaction is serializable: when it raced another
// writer, PostgreSQL refuses it and fn runs again from the start on what
// is then stored (so fn must only read and write through t).
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.pg {
		return s.serializable(ctx, fn)
	}
	return fault.ClassifySQLite(s.path, s.once(ctx, nil, fn))
}

// once runs fn in one transaction with the given options.
func (s *Store) once(ctx context.Context, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	t, err := s.w.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer s.memo.wrote()
	if err := fn(t); err != nil {
		t.Rollback()
		return err
	}
	return t.Commit()
}

// exec runs one write statement outside a transaction.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	defer s.memo.wrote()
	return s.w.ExecContext(ctx, query, args...)
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func blocID(ctx context.Context, q queryer, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM blocs WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.NotFound("khối", slug)
	}
	return id, err
}

func unitID(ctx context.Context, q queryer, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, domain.NotFound("đơn vị", slug)
	}
	return id, err
}

// nullUnitID resolves an optional unit slug.
func nullUnitID(ctx context.Context, q queryer, slug string) (sql.NullInt64, error) {
	if slug == "" {
		return sql.NullInt64{}, nil
	}
	id, err := unitID(ctx, q, slug)
	return sql.NullInt64{Int64: id, Valid: err == nil}, err
}
