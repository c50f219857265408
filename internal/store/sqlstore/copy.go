package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
)

// tables is every table of the schema, each after those it refers to:
// the order rows are copied in. TestCopyCoversEveryTable checks that it
// names every table the migrations make.
var tables = []string{
	"blocs", "units", "names", "memberships", "bloc_years", "movements",
	"criteria_sets", "scores", "score_sheets", "votes", "award_decisions",
	"narratives", "blobs", "uploads", "users", "grants", "sessions",
	"api_tokens", "login_failures", "password_resets", "audit",
	"dossier_schedules", "dossier_versions", "dossier_files", "dossier_runs",
	"leases", "honours", "indicators", "blob_pending", "board_texts",
	"year_state", "reminders", "org_state",
}

// TableCopy is what Copy did with one table.
type TableCopy struct {
	Table string
	Rows  int64
	// SHA256 is the hash of the table's rows in order of every column,
	// equal on both sides (values hashed by kind: number, text or
	// bytes, NULL).
	SHA256 string
}

// Copy copies every row of from into to, whose tables must be empty (a
// new database, migrated to the same version), in one transaction of to:
// all or nothing. Then it counts and hashes every table on both sides
// and fails unless they agree. Nothing may write to from meanwhile
// (stop the service).
func Copy(ctx context.Context, from, to *Store) ([]TableCopy, error) {
	vf, err := from.Version(ctx)
	if err != nil {
		return nil, err
	}
	vt, err := to.Version(ctx)
	if err != nil {
		return nil, err
	}
	if vf != vt {
		return nil, fmt.Errorf("hai cơ sở dữ liệu ở hai phiên bản lược đồ khác nhau (%d và %d)", vf, vt)
	}
	for _, t := range tables {
		n, err := count(ctx, to.r.DB, t)
		if err != nil {
			return nil, err
		}
		if n > 0 && t != "org_state" {
			return nil, fmt.Errorf("cơ sở dữ liệu đích không trống (bảng %s có %d dòng): chỉ chép vào một cơ sở dữ liệu mới", t, n)
		}
	}
	err = to.once(ctx, nil, func(tx *sql.Tx) error {
		for _, t := range tables {
			if err := copyTable(ctx, from.r.DB, tx, t); err != nil {
				return fmt.Errorf("chép bảng %s: %w", t, err)
			}
		}
		if to.pg {
			return resetIdentities(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []TableCopy
	for _, t := range tables {
		a, err := digest(ctx, from.r.DB, t)
		if err != nil {
			return nil, err
		}
		b, err := digest(ctx, to.r.DB, t)
		if err != nil {
			return nil, err
		}
		if a != b {
			return nil, fmt.Errorf("bảng %s chép xong nhưng không khớp: nguồn %d dòng %s, đích %d dòng %s", t, a.Rows, a.SHA256[:12], b.Rows, b.SHA256[:12])
		}
		out = append(out, a)
	}
	return out, nil
}

func count(ctx context.Context, db *sql.DB, table string) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n)
	return n, err
}

// columns lists a table's columns in their order.
func columns(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT * FROM `+table+` WHERE 1 = 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rows.Columns()
}

func copyTable(ctx context.Context, from *sql.DB, to *sql.Tx, table string) error {
	cols, err := columns(ctx, from, table)
	if err != nil {
		return err
	}
	if table == "org_state" { // one row, made by the migration
		var v int64
		if err := from.QueryRowContext(ctx, `SELECT version FROM org_state WHERE id = 1`).Scan(&v); err != nil {
			return err
		}
		_, err := to.ExecContext(ctx, `UPDATE org_state SET version = ? WHERE id = 1`, v)
		return err
	}
	rows, err := from.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	insert := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES (?` + strings.Repeat(", ?", len(cols)-1) + `)`
	vals, ptrs := row(len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && b == nil {
				vals[i] = []byte{} // an empty BLOB, which the driver reads as nil: not NULL
			}
		}
		if _, err := to.ExecContext(ctx, insert, vals...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// row is a row of n values of any type and the pointers Scan fills.
func row(n int) (vals, ptrs []any) {
	vals, ptrs = make([]any, n), make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, ptrs
}

// resetIdentities moves each identity column's sequence past the ids
// copied, so that the next row gets a new one.
func resetIdentities(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT table_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'`)
	if err != nil {
		return err
	}
	var ts []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		ts = append(ts, t)
	}
	rows.Close()
	for _, t := range ts {
		if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE((SELECT MAX(id) FROM `+t+`), 0) + 1, false)`); err != nil {
			return fmt.Errorf("đặt lại dãy số của bảng %s: %w", t, err)
		}
	}
	return nil
}

// digest counts and hashes a table's rows, ordered by every column.
func digest(ctx context.Context, db *sql.DB, table string) (TableCopy, error) {
	cols, err := columns(ctx, db, table)
	if err != nil {
		return TableCopy{}, err
	}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c + " NULLS FIRST"
	}
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+table+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return TableCopy{}, err
	}
	defer rows.Close()
	h := sha256.New()
	vals, ptrs := row(len(cols))
	var n int64
	var num [8]byte
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return TableCopy{}, err
		}
		n++
		for _, v := range vals {
			switch v := v.(type) {
			case nil:
				h.Write([]byte{'n'})
			case int64:
				binary.BigEndian.PutUint64(num[:], uint64(v))
				h.Write([]byte{'i'})
				h.Write(num[:])
			case string:
				writeBytes(h, []byte(v))
			case []byte:
				writeBytes(h, v)
			default:
				fmt.Fprintf(h, "?%T:%v", v, v)
			}
		}
	}
	return TableCopy{Table: table, Rows: n, SHA256: hex.EncodeToString(h.Sum(nil))}, rows.Err()
}

func writeBytes(h interface{ Write([]byte) (int, error) }, b []byte) {
	var l [8]byte
	binary.BigEndian.PutUint64(l[:], uint64(len(b)))
	h.Write([]byte{'s'})
	h.Write(l[:])
	h.Write(b)
}
