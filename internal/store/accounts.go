package store

import (
	"context"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// User is a person who signs in. The password is kept only as an
// argon2id hash.
type User struct {
	ID           int64     `json:"id"`
	Username     string    `json:"username"`
	Name         string    `json:"name"`
	Email        string    `json:"email"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
	PasswordAt   time.Time `json:"password_at"`
	// LastLoginAt is when the person last signed in (zero: never).
	LastLoginAt time.Time      `json:"last_login_at"`
	Grants      []domain.Grant `json:"grants"`
	// Rights counts the changes of Grants. The changes below that name it
	// happen only if no grant was added or removed since it was read
	// (domain.ConflictError "rights_changed" otherwise): what was decided
	// on the rights read still holds when it is done.
	Rights int64 `json:"-"`
}

// Session is a signed-in browser. It is found by the hash of its cookie.
type Session struct {
	UserID    int64
	CreatedAt time.Time
	SeenAt    time.Time
	ExpiresAt time.Time // absolute
	Address   string
}

// Token is an API token for scripts: one grant of its user, revocable.
type Token struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	GrantID   int64     `json:"grant_id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UsedAt    string    `json:"used_at,omitempty"`
	Revoked   bool      `json:"revoked"`
}

// Accounts keeps users, grants, sessions, tokens and failed log-ins.
type Accounts interface {
	// CreateUser adds a user with u.Grants in one transaction;
	// domain.ConflictError when the name is taken.
	CreateUser(ctx context.Context, u User) (User, error)
	// UpdateUser changes a user's name and e-mail address.
	UpdateUser(ctx context.Context, userID, rights int64, name, email string) error
	// SetDisabled disables or enables a user; disabling ends every session
	// and revokes every API token in the same transaction.
	SetDisabled(ctx context.Context, userID, rights int64, disabled bool, at time.Time) error
	// DeleteUser removes a user with their grants, sessions and tokens
	// (the audit log keeps their name).
	DeleteUser(ctx context.Context, userID int64) error
	// GetUser finds a user by name, with grants; NotFoundError if none.
	GetUser(ctx context.Context, username string) (User, error)
	GetUserByID(ctx context.Context, id int64) (User, error)
	ListUsers(ctx context.Context) ([]User, error)
	// SetPassword replaces a password hash and ends every session of the
	// user and, unless keepTokens, revokes every API token, in one
	// transaction: an old key does not outlive the password.
	SetPassword(ctx context.Context, userID, rights int64, hash string, at time.Time, keepTokens bool) error
	AddGrant(ctx context.Context, userID int64, g domain.Grant) (domain.Grant, error)
	// RemoveGrant drops a grant and the tokens made for it.
	RemoveGrant(ctx context.Context, userID, grantID int64) error

	// CreateSession records a sign-in: the session and the user's last
	// sign-in time.
	CreateSession(ctx context.Context, tokenHash string, s Session) error
	// TouchSession returns a live session and marks it seen at now; one
	// idle longer than idle or past its expiry is deleted and not found.
	TouchSession(ctx context.Context, tokenHash string, now time.Time, idle time.Duration) (Session, User, error)
	DeleteSession(ctx context.Context, tokenHash string) error

	CreateToken(ctx context.Context, t Token, tokenHash string) (Token, error)
	// TokenByHash finds a token that is not revoked and marks it used.
	TokenByHash(ctx context.Context, tokenHash string, now time.Time) (Token, error)
	ListTokens(ctx context.Context, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, userID, id int64) error

	// CountAttempt counts one more password attempt under key (an
	// account, an address) in the window that began less than window
	// before now, atomically, and returns the count and the window's start.
	CountAttempt(ctx context.Context, key string, now time.Time, window time.Duration) (n int, first time.Time, err error)
	// UncountAttempt takes one attempt back (it succeeded, or was never
	// evaluated).
	UncountAttempt(ctx context.Context, key string) error
	// ClearAttempts forgets the attempts under key.
	ClearAttempts(ctx context.Context, key string) error

	// CreateReset records a link to set a forgotten password, valid until
	// expires; the user's earlier links stop working.
	CreateReset(ctx context.Context, tokenHash string, userID int64, now, expires time.Time) error
	// PeekReset is the user of a link still valid at now.
	PeekReset(ctx context.Context, tokenHash string, now time.Time) (User, error)
	// UseReset spends a link valid at now and sets the user's password
	// (ending sessions and tokens) in one transaction; NotFoundError when
	// the link is unknown, used or expired.
	UseReset(ctx context.Context, tokenHash string, now time.Time, passwordHash string) (User, error)
	// BoardEmails are the addresses of each unit's enabled board accounts
	// (the reminders'), in one read.
	BoardEmails(ctx context.Context) (map[string][]string, error)
	// UsersByEmail lists the users with that address.
	UsersByEmail(ctx context.Context, email string) ([]User, error)

	// MemberOf is the bloc a unit belongs to in a year ("" for none).
	MemberOf(ctx context.Context, unit string, year int) (string, error)
}

// AuditEntry is one thing someone did.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Bloc    string    `json:"bloc,omitempty"`
	Year    int       `json:"year,omitempty"`
	Unit    string    `json:"unit,omitempty"`
	Target  string    `json:"target,omitempty"`
	Address string    `json:"address,omitempty"`
	Outcome string    `json:"outcome"`
}

// AuditFilter selects audit entries: a bloc (and year) or everything,
// newest first, at most Limit.
type AuditFilter struct {
	Bloc  string
	Year  int
	Limit int
	// Actor, Action and Unit, when set, keep the entries that match them
	// exactly; From and To (zero: open) bound their time, To excluded.
	Actor, Action, Unit string
	From, To            time.Time
}

// Audit keeps the audit log.
type Audit interface {
	RecordAudit(ctx context.Context, e AuditEntry) error
	// RecordAudits writes entries in one transaction (the read entries,
	// batched).
	RecordAudits(ctx context.Context, es []AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
