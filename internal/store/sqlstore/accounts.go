package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// ts writes a time at a fixed width (stamp), so that text order is time
// order wherever SQL compares it.
func ts(t time.Time) string { return t.UTC().Format(stamp) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// CreateUser adds a user and their grants, in one transaction.
func (s *Store) CreateUser(ctx context.Context, u store.User) (store.User, error) {
	u.Username = strings.ToLower(u.Username)
	now := time.Now().UTC()
	if u.CreatedAt.IsZero() {
		u.CreatedAt = now
	}
	if u.PasswordAt.IsZero() {
		u.PasswordAt = now
	}
	err := s.tx(ctx, func(t *sql.Tx) error {
		var exists bool
		if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE username = ?)`, u.Username).Scan(&exists); err != nil {
			return err
		}
		if exists {
			return domain.ConflictError{Code: "username_taken", Message: "Tên đăng nhập " + u.Username + " đã có người dùng"}
		}
		if err := t.QueryRowContext(ctx, `INSERT INTO users (username, display_name, email, password_hash, disabled, created_at, password_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.Name, u.Email, u.PasswordHash, u.Disabled, ts(u.CreatedAt), ts(u.PasswordAt)).Scan(&u.ID); err != nil {
			return err
		}
		for i := range u.Grants {
			g, err := addGrant(ctx, t, u.ID, u.Grants[i])
			if err != nil {
				return err
			}
			u.Grants[i] = g
		}
		return nil
	})
	return u, err
}

// UpdateUser changes a user's name and e-mail address.
func (s *Store) UpdateUser(ctx context.Context, userID, rights int64, name, email string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		res, err := t.ExecContext(ctx, `UPDATE users SET display_name = ?, email = ? WHERE id = ? AND rights = ?`, name, email, userID, rights)
		return sameRights(ctx, t, res, err, userID)
	})
}

// SetDisabled disables (ending sessions, revoking tokens) or enables a user.
func (s *Store) SetDisabled(ctx context.Context, userID, rights int64, disabled bool, at time.Time) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		res, err := t.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE id = ? AND rights = ?`, disabled, userID, rights)
		if err := sameRights(ctx, t, res, err, userID); err != nil || !disabled {
			return err
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''`, ts(at), userID)
		return err
	})
}

// DeleteUser removes a user and all that hangs on them.
func (s *Store) DeleteUser(ctx context.Context, userID int64) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		for _, q := range []string{`DELETE FROM api_tokens WHERE user_id = ?`, `DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM grants WHERE user_id = ?`} {
			if _, err := t.ExecContext(ctx, q, userID); err != nil {
				return err
			}
		}
		res, err := t.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID)
		return oneRow(res, err, userID)
	})
}

// sameRights is the error of an update of one user by id and rights
// count: not found when there is no such user, a conflict when a grant
// came between the read and the update.
func sameRights(ctx context.Context, t *sql.Tx, res sql.Result, err error, userID int64) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var exists bool
	if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = ?)`, userID).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return domain.NotFound("người dùng", strconv.FormatInt(userID, 10))
	}
	return domain.ConflictError{Code: "rights_changed", Message: "Quyền của tài khoản vừa thay đổi; vui lòng tải lại trang rồi làm lại"}
}

// oneRow is the error of an update of one user by id: not found when no
// row changed.
func oneRow(res sql.Result, err error, userID int64) error {
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return domain.NotFound("người dùng", strconv.FormatInt(userID, 10))
	}
	return nil
}

const userCols = `id, username, display_name, email, password_hash, disabled, created_at, password_at, last_login_at, rights`

// userWithGrants reads the user whose column col is arg, with its grants,
// in one query (users left-joined to grants): finding a user costs the
// same round trips whether or not the user exists, so that log-in does
// not answer an unknown name sooner than a known one (a second read of
// the grants did: 1.3–2.3 times the time under load).
func (s *Store) userWithGrants(ctx context.Context, col string, arg any, key string) (store.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userColsOf("u")+`, g.id, g.role, g.bloc, g.year, g.unit
		FROM users u LEFT JOIN grants g ON g.user_id = u.id WHERE u.`+col+` = ? ORDER BY g.id`, arg)
	if err != nil {
		return store.User{}, err
	}
	defer rows.Close()
	var u store.User
	found := false
	for rows.Next() {
		var gid, year sql.NullInt64
		var role, bloc, unit sql.NullString
		row, err := userRow(withColumns{rows, []any{&gid, &role, &bloc, &year, &unit}})
		if err != nil {
			return store.User{}, err
		}
		if !found {
			u, found = row, true
			u.Grants = []domain.Grant{}
		}
		if gid.Valid {
			u.Grants = append(u.Grants, domain.Grant{ID: gid.Int64, Role: role.String, Bloc: bloc.String, Year: int(year.Int64), Unit: unit.String})
		}
	}
	if err := rows.Err(); err != nil {
		return store.User{}, err
	}
	if !found {
		return store.User{}, domain.NotFound("người dùng", key)
	}
	return u, nil
}

// withColumns scans a row's first columns as userRow asks and the rest
// into extra.
type withColumns struct {
	rows  *sql.Rows
	extra []any
}

func (w withColumns) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }

// userRow reads the columns userCols names.
func userRow(sc interface{ Scan(...any) error }) (store.User, error) {
	var u store.User
	var created, pw, last string
	if err := sc.Scan(&u.ID, &u.Username, &u.Name, &u.Email, &u.PasswordHash, &u.Disabled, &created, &pw, &last, &u.Rights); err != nil {
		return u, err
	}
	u.CreatedAt, u.PasswordAt = parseTS(created), parseTS(pw)
	if last != "" {
		u.LastLoginAt = parseTS(last)
	}
	return u, nil
}

// GetUser finds a user by name.
func (s *Store) GetUser(ctx context.Context, username string) (store.User, error) {
	return s.userWithGrants(ctx, "username", strings.ToLower(username), username)
}

// GetUserByID finds a user by id.
func (s *Store) GetUserByID(ctx context.Context, id int64) (store.User, error) {
	return s.userWithGrants(ctx, "id", id, strconv.FormatInt(id, 10))
}

// ListUsers lists every user with grants, by name: two reads, whatever
// the number of users (the pages list them on every view).
func (s *Store) ListUsers(ctx context.Context) ([]store.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+userCols+` FROM users ORDER BY username`)
	if err != nil {
		return nil, err
	}
	out := []store.User{}
	index := map[int64]int{}
	for rows.Next() {
		u, err := userRow(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		u.Grants = []domain.Grant{}
		index[u.ID] = len(out)
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	grows, err := s.r.QueryContext(ctx, `SELECT user_id, id, role, bloc, year, unit FROM grants ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer grows.Close()
	for grows.Next() {
		var uid int64
		var g domain.Grant
		if err := grows.Scan(&uid, &g.ID, &g.Role, &g.Bloc, &g.Year, &g.Unit); err != nil {
			return nil, err
		}
		if i, ok := index[uid]; ok {
			out[i].Grants = append(out[i].Grants, g)
		}
	}
	return out, grows.Err()
}

func (s *Store) grants(ctx context.Context, userID int64) ([]domain.Grant, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, role, bloc, year, unit FROM grants WHERE user_id = ? ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Grant{}
	for rows.Next() {
		var g domain.Grant
		if err := rows.Scan(&g.ID, &g.Role, &g.Bloc, &g.Year, &g.Unit); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// SetPassword replaces a password and ends the user's sessions.
func (s *Store) SetPassword(ctx context.Context, userID, rights int64, hash string, at time.Time, keepTokens bool) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		res, err := t.ExecContext(ctx, `UPDATE users SET password_hash = ?, password_at = ? WHERE id = ? AND rights = ?`, hash, ts(at), userID, rights)
		if err := sameRights(ctx, t, res, err, userID); err != nil {
			return err
		}
		if _, err = t.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil || keepTokens {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''`, ts(at), userID)
		return err
	})
}

// AddGrant gives a user one more right.
func (s *Store) AddGrant(ctx context.Context, userID int64, g domain.Grant) (domain.Grant, error) {
	err := s.tx(ctx, func(t *sql.Tx) error {
		var err error
		g, err = addGrant(ctx, t, userID, g)
		return err
	})
	return g, err
}

// addGrant adds a grant, or finds the same one already given.
func addGrant(ctx context.Context, t *sql.Tx, userID int64, g domain.Grant) (domain.Grant, error) {
	err := t.QueryRowContext(ctx, `INSERT INTO grants (user_id, role, bloc, year, unit) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id`,
		userID, g.Role, g.Bloc, g.Year, g.Unit).Scan(&g.ID)
	if errors.Is(err, sql.ErrNoRows) { // given already: the same grant
		err = t.QueryRowContext(ctx, `SELECT id FROM grants WHERE user_id = ? AND role = ? AND bloc = ? AND year = ? AND unit = ?`, userID, g.Role, g.Bloc, g.Year, g.Unit).Scan(&g.ID)
		return g, err
	}
	if err != nil {
		return g, err
	}
	_, err = t.ExecContext(ctx, `UPDATE users SET rights = rights + 1 WHERE id = ?`, userID)
	return g, err
}

// RemoveGrant drops a grant and its tokens.
func (s *Store) RemoveGrant(ctx context.Context, userID, grantID int64) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM api_tokens WHERE grant_id = ? AND user_id = ?`, grantID, userID); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `DELETE FROM grants WHERE id = ? AND user_id = ?`, grantID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.NotFound("quyền", strconv.FormatInt(grantID, 10))
		}
		_, err = t.ExecContext(ctx, `UPDATE users SET rights = rights + 1 WHERE id = ?`, userID)
		return err
	})
}

// CreateSession records a signed-in browser.
func (s *Store) CreateSession(ctx context.Context, hash string, se store.Session) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, seen_at, expires_at, address) VALUES (?, ?, ?, ?, ?, ?)`,
			hash, se.UserID, ts(se.CreatedAt), ts(se.SeenAt), ts(se.ExpiresAt), se.Address); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, ts(se.CreatedAt), se.UserID)
		return err
	})
}

// touchSession returns a live session with its user, and marks it seen.
// Session and user come in one read (every signed-in request asks).
func (s *Store) touchSession(ctx context.Context, hash string, now time.Time, idle time.Duration) (store.Session, store.User, error) {
	var se store.Session
	var created, seen, expires string
	var u store.User
	var ucreated, upw, ulast string
	err := s.r.QueryRowContext(ctx, `SELECT s.user_id, s.created_at, s.seen_at, s.expires_at, s.address, `+userColsOf("u")+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hash).
		Scan(&se.UserID, &created, &seen, &expires, &se.Address,
			&u.ID, &u.Username, &u.Name, &u.Email, &u.PasswordHash, &u.Disabled, &ucreated, &upw, &ulast, &u.Rights)
	if errors.Is(err, sql.ErrNoRows) {
		return se, u, domain.NotFound("phiên đăng nhập", "")
	}
	if err != nil {
		return se, u, err
	}
	se.CreatedAt, se.SeenAt, se.ExpiresAt = parseTS(created), parseTS(seen), parseTS(expires)
	u.CreatedAt, u.PasswordAt = parseTS(ucreated), parseTS(upw)
	if ulast != "" {
		u.LastLoginAt = parseTS(ulast)
	}
	if now.After(se.ExpiresAt) || now.Sub(se.SeenAt) > idle {
		if err := s.DeleteSession(ctx, hash); err != nil {
			return se, u, err
		}
		return se, u, domain.NotFound("phiên đăng nhập", "")
	}
	if u.Grants, err = s.grants(ctx, u.ID); err != nil {
		return se, u, err
	}
	// Written at most once a minute: a page's requests do not queue writes.
	if now.Sub(se.SeenAt) > time.Minute {
		se.SeenAt = now
		err = s.tx(ctx, func(t *sql.Tx) error {
			_, err := t.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE token_hash = ?`, ts(now), hash)
			return err
		})
	}
	return se, u, err
}

// userColsOf is userCols of a table named alias.
func userColsOf(alias string) string {
	return alias + "." + strings.ReplaceAll(userCols, ", ", ", "+alias+".")
}

// DeleteSession ends a session.
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return err
	})
}

// CreateToken records an API token.
func (s *Store) CreateToken(ctx context.Context, tk store.Token, hash string) (store.Token, error) {
	if tk.CreatedAt.IsZero() {
		tk.CreatedAt = time.Now().UTC()
	}
	err := s.tx(ctx, func(t *sql.Tx) error {
		var ok bool
		if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM grants WHERE id = ? AND user_id = ?)`, tk.GrantID, tk.UserID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return domain.NotFound("quyền", strconv.FormatInt(tk.GrantID, 10))
		}
		return t.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, grant_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			tk.UserID, tk.GrantID, tk.Name, hash, ts(tk.CreatedAt)).Scan(&tk.ID)
	})
	return tk, err
}

// TokenByHash finds a live token and marks it used.
func (s *Store) TokenByHash(ctx context.Context, hash string, now time.Time) (store.Token, error) {
	var tk store.Token
	var created, revoked string
	err := s.r.QueryRowContext(ctx, `SELECT id, user_id, grant_id, name, created_at, used_at, revoked_at FROM api_tokens WHERE token_hash = ?`, hash).
		Scan(&tk.ID, &tk.UserID, &tk.GrantID, &tk.Name, &created, &tk.UsedAt, &revoked)
	if errors.Is(err, sql.ErrNoRows) || revoked != "" {
		return tk, domain.NotFound("mã truy cập", "")
	}
	if err != nil {
		return tk, err
	}
	tk.CreatedAt = parseTS(created)
	if used := parseTS(tk.UsedAt); now.Sub(used) > time.Minute {
		tk.UsedAt = ts(now)
		err = s.tx(ctx, func(t *sql.Tx) error {
			_, err := t.ExecContext(ctx, `UPDATE api_tokens SET used_at = ? WHERE id = ?`, tk.UsedAt, tk.ID)
			return err
		})
	}
	return tk, err
}

// ListTokens lists a user's tokens, newest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]store.Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, grant_id, name, created_at, used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.Token{}
	for rows.Next() {
		var tk store.Token
		var created, revoked string
		if err := rows.Scan(&tk.ID, &tk.UserID, &tk.GrantID, &tk.Name, &created, &tk.UsedAt, &revoked); err != nil {
			return nil, err
		}
		tk.CreatedAt, tk.Revoked = parseTS(created), revoked != ""
		out = append(out, tk)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of a user's tokens.
func (s *Store) RevokeToken(ctx context.Context, userID, id int64) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		res, err := t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at = ''`, ts(time.Now()), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return domain.NotFound("mã truy cập", strconv.FormatInt(id, 10))
		}
		return nil
	})
}

// CountAttempt counts one more attempt under key, in the window that
// began less than window before now (a new window otherwise), and returns
// the count and the window's start. Read and written in one transaction,
// times compared as times: parallel attempts each see their own count.
func (s *Store) CountAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (int, time.Time, error) {
	var n int
	var first time.Time
	err := s.tx(ctx, func(t *sql.Tx) error {
		var at string
		err := t.QueryRowContext(ctx, `SELECT failures, first_at FROM login_failures WHERE key = ?`, key).Scan(&n, &at)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			n, first = 0, now
		case err != nil:
			return err
		default:
			first = parseTS(at)
			if !first.After(now.Add(-window)) {
				n, first = 0, now
			}
		}
		n++
		_, err = t.ExecContext(ctx, `INSERT INTO login_failures (key, failures, first_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at`, key, n, ts(first))
		return err
	})
	return n, first, err
}

// UncountAttempt takes one attempt back from key's count (an attempt that
// succeeded, or was never evaluated).
func (s *Store) UncountAttempt(ctx context.Context, key string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, key)
		return err
	})
}

// ClearAttempts forgets the attempts under key.
func (s *Store) ClearAttempts(ctx context.Context, key string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		_, err := t.ExecContext(ctx, `DELETE FROM login_failures WHERE key = ?`, key)
		return err
	})
}

// MemberOf is the bloc a unit belongs to in a year.
func (s *Store) MemberOf(ctx context.Context, unit string, year int) (string, error) {
	var bloc string
	err := s.r.QueryRowContext(ctx, `SELECT b.slug FROM memberships m JOIN blocs b ON b.id = m.bloc_id JOIN units u ON u.id = m.unit_id WHERE u.slug = ? AND m.year = ?`, unit, year).Scan(&bloc)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return bloc, err
}

// RecordAudit appends to the audit log.
func (s *Store) RecordAudit(ctx context.Context, e store.AuditEntry) error {
	return s.RecordAudits(ctx, []store.AuditEntry{e})
}

// RecordAudits writes audit entries in one transaction.
func (s *Store) RecordAudits(ctx context.Context, es []store.AuditEntry) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		for _, e := range es {
			if e.At.IsZero() {
				e.At = time.Now()
			}
			if e.Outcome == "" {
				e.Outcome = "ok"
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO audit (at, actor, action, bloc, year, unit, target, address, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				ts(e.At), e.Actor, e.Action, e.Bloc, e.Year, e.Unit, e.Target, e.Address, e.Outcome); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListAudit lists audit entries, newest first.
func (s *Store) ListAudit(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	if f.Limit <= 0 || f.Limit > 10000 {
		f.Limit = 10000
	}
	var from, to string
	if !f.From.IsZero() {
		from = ts(f.From)
	}
	if !f.To.IsZero() {
		to = ts(f.To)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, at, actor, action, bloc, year, unit, target, address, outcome FROM audit
		WHERE (? = '' OR bloc = ?) AND (? = 0 OR year = ?) AND (? = '' OR actor = ?) AND (? = '' OR action = ?) AND (? = '' OR unit = ?)
		AND (? = '' OR at >= ?) AND (? = '' OR at < ?) ORDER BY id DESC LIMIT ?`,
		f.Bloc, f.Bloc, f.Year, f.Year, f.Actor, f.Actor, f.Action, f.Action, f.Unit, f.Unit, from, from, to, to, f.Limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []store.AuditEntry{}
	for rows.Next() {
		var e store.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Bloc, &e.Year, &e.Unit, &e.Target, &e.Address, &e.Outcome); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// CreateReset records a password link; the user's earlier ones end.
func (s *Store) CreateReset(ctx context.Context, hash string, userID int64, now, expires time.Time) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = ?`, userID); err != nil {
			return err
		}
		_, err := t.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`, hash, userID, ts(now), ts(expires))
		return err
	})
}

// resetLinkGone is what an unknown, spent or expired link is.
var resetLinkGone = domain.NotFoundError{Entity: "liên kết đặt lại mật khẩu", Message: "Liên kết đặt lại mật khẩu không còn hiệu lực (đã dùng, đã hết hạn hoặc đã có liên kết mới hơn)"}

// PeekReset finds the user of a valid link.
func (s *Store) PeekReset(ctx context.Context, hash string, now time.Time) (store.User, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at = '' AND expires_at > ?`, hash, ts(now)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return store.User{}, resetLinkGone
	}
	if err != nil {
		return store.User{}, err
	}
	return s.GetUserByID(ctx, id)
}

// UseReset spends a link and sets the password, in one transaction.
func (s *Store) UseReset(ctx context.Context, hash string, now time.Time, passwordHash string) (store.User, error) {
	var id int64
	err := s.tx(ctx, func(t *sql.Tx) error {
		err := t.QueryRowContext(ctx, `UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at = '' AND expires_at > ? RETURNING user_id`,
			ts(now), hash, ts(now)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return resetLinkGone
		}
		if err != nil {
			return err
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`UPDATE users SET password_hash = ?, password_at = ? WHERE id = ?`, []any{passwordHash, ts(now), id}},
			{`DELETE FROM sessions WHERE user_id = ?`, []any{id}},
			{`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at = ''`, []any{ts(now), id}},
		} {
			if _, err := t.ExecContext(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return store.User{}, err
	}
	return s.GetUserByID(ctx, id)
}

// UsersByEmail lists the users with an address.
func (s *Store) UsersByEmail(ctx context.Context, email string) ([]store.User, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT username FROM users WHERE email = ? ORDER BY username`, strings.ToLower(email))
	if err != nil {
		return nil, err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		names = append(names, n)
	}
	rows.Close()
	var out []store.User
	for _, n := range names {
		u, err := s.GetUser(ctx, n)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// boardEmails are the addresses of each unit's enabled board accounts.
func (s *Store) boardEmails(ctx context.Context) (map[string][]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT g.unit, u.email FROM grants g JOIN users u ON u.id = g.user_id
		WHERE g.role = ? AND u.disabled = 0 AND u.email <> '' ORDER BY g.unit, u.username`, domain.RoleBoard)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var unit, email string
		if err := rows.Scan(&unit, &email); err != nil {
			return nil, err
		}
		out[unit] = append(out[unit], email)
	}
	return out, rows.Err()
}
