package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/thidua/thidua/internal/fault"
)

// OpenPostgres opens the store on the PostgreSQL database at dsn
// (postgres://user:password@host:port/db?sslmode=…) and migrates it,
// holding PostgreSQL's advisory lock meanwhile so that replicas starting
// together apply each migration once.
func OpenPostgres(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("địa chỉ cơ sở dữ liệu PostgreSQL không hợp lệ: %w", err)
	}
	name := Redact(dsn)
	// Migrations run on a plain connection: goose speaks PostgreSQL's own
	// placeholders and booleans.
	plain := stdlib.OpenDB(*cfg.Copy())
	defer plain.Close()
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, goose.DialectPostgres, "migrations/postgres", plain, goose.WithSessionLocker(locker)); err != nil {
		return nil, fmt.Errorf("cơ sở dữ liệu %s: %w", name, err)
	}
	w := sql.OpenDB(rebinding{stdlib.GetConnector(*cfg.Copy())})
	w.SetMaxOpenConns(16)
	w.SetMaxIdleConns(16)
	r := sql.OpenDB(rebinding{stdlib.GetConnector(*cfg.Copy())})
	r.SetMaxOpenConns(16)
	r.SetMaxIdleConns(16)
	return &Store{w: w, r: &readers{DB: r}, path: name, pg: true}, nil
}

// Redact is dsn without its password, to name the database in errors
// and messages.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return "PostgreSQL"
	}
	return u.Redacted()
}

// serializable runs fn in a serializable transaction, again from the
// start when PostgreSQL refused it for racing another (SQLSTATE 40001,
// or 40P01 for a deadlock). Every write of a bloc-year advances the same
// year_state row, so writers of one year race often: the wait doubles
// from 1 ms up to 100 ms, at random within it, for up to 50 attempts
// (several seconds) or until ctx ends.
func (s *Store) serializable(ctx context.Context, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{Isolation: sql.LevelSerializable}
	ceiling := time.Millisecond
	for attempt := 1; ; attempt++ {
		err := s.once(ctx, opts, fn)
		if err == nil || !retryable(err) || attempt == 50 {
			return err
		}
		wait := time.Duration(rand.Int64N(int64(ceiling))) + 100*time.Microsecond
		ceiling = min(2*ceiling, 100*time.Millisecond)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// rebinding is pgx's database/sql connector with the store's "?"
// placeholders numbered for PostgreSQL, and booleans sent as the 0 and 1
// the schema stores (as SQLite does). Written here because pgx keeps to
// PostgreSQL's own placeholders and no kept library does only this.
type rebinding struct{ driver.Connector }

func (c rebinding) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, pgFault(err)
	}
	return rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn forwards to pgx's connection with each query rebound, and
// its storage faults told as faults (pgFault).
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	st, err := c.Conn.Prepare(rebind(query))
	return faultStmtOf(st), pgFault(err)
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, rebind(query))
	return faultStmtOf(st), pgFault(err)
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.Conn.ExecContext(ctx, rebind(query), args)
	return r, pgFault(err)
}

func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.Conn.QueryContext(ctx, rebind(query), args)
	return faultRowsOf(r), pgFault(err)
}

// faultStmt is pgx's prepared statement with its faults told (pgFault).
type faultStmt struct{ *stdlib.Stmt }

func faultStmtOf(st driver.Stmt) driver.Stmt {
	if s, ok := st.(*stdlib.Stmt); ok {
		return faultStmt{s}
	}
	return st
}

func (s faultStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	r, err := s.Stmt.ExecContext(ctx, args)
	return r, pgFault(err)
}

func (s faultStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	r, err := s.Stmt.QueryContext(ctx, args)
	return faultRowsOf(r), pgFault(err)
}

// faultRows is pgx's rows with their faults told: pgx reads lazily, so
// a connection lost mid-answer shows first in Next.
type faultRows struct{ *stdlib.Rows }

func faultRowsOf(r driver.Rows) driver.Rows {
	if rs, ok := r.(*stdlib.Rows); ok {
		return faultRows{rs}
	}
	return r
}

func (r faultRows) Next(dest []driver.Value) error {
	err := r.Rows.Next(dest)
	if err == io.EOF {
		return err
	}
	return pgFault(err)
}

func (c rebindConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	t, err := c.Conn.BeginTx(ctx, opts)
	return t, pgFault(err)
}

// pgDatabase names the database in faults people read: the address and
// its user stay in the log (the fault's Err).
const pgDatabase = "cơ sở dữ liệu PostgreSQL"

// pgFault tells PostgreSQL's storage faults as what they are: a full
// disk (SQLSTATE 53100), a read-only server (25006), a server that cannot
// be reached, is shutting down or has no connection left (class 08,
// 57P01-57P03, 53300, or the network) — so that a replica answers 503 or
// 507 with its Vietnamese message instead of a bare 500. driver.ErrBadConn
// passes untouched: database/sql retries on a new connection after it.
func pgFault(err error) error {
	if err == nil || errors.Is(err, driver.ErrBadConn) {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100":
			return &fault.Error{Kind: fault.NoSpace, File: pgDatabase, Err: err}
		case pe.Code == "25006":
			return &fault.Error{Kind: fault.ReadOnly, File: pgDatabase, Err: err}
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03", pe.Code == "53300":
			return &fault.Error{Kind: fault.Unavailable, File: pgDatabase, Err: err}
		}
		return err
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return &fault.Error{Kind: fault.Unavailable, File: pgDatabase, Err: err}
	}
	return fault.ClassifyNetwork(pgDatabase, err)
}

// CheckNamedValue sends a bool as 0 or 1: the schema's flags are numbers.
func (c rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	if b, ok := nv.Value.(bool); ok {
		nv.Value = int64(0)
		if b {
			nv.Value = int64(1)
		}
		return nil
	}
	return c.Conn.CheckNamedValue(nv)
}

// rebind numbers the "?" placeholders of query ($1, $2 …), leaving alone
// a "?" inside a quoted string or name.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(ch)
	}
	return b.String()
}
