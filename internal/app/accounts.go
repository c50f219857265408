package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// AccountsConfig is what the account use cases are built from.
type AccountsConfig struct {
	Store  store.Store
	Logger *slog.Logger
	// Params are the password hash costs (auth.DefaultParams).
	Params auth.Params
	// SessionIdle and SessionMax bound a session: idle time and absolute
	// age (defaults 2 hours and 12 hours, a working day).
	SessionIdle, SessionMax time.Duration
	// Throttle: after MaxFailures failed log-ins of one account within
	// Window, or MaxAddressFailures from one address, further attempts are
	// refused until the window has passed (defaults 5, 20, 15 minutes).
	MaxFailures, MaxAddressFailures int
	Window                          time.Duration
	// Now is the clock (tests move it).
	Now func() time.Time
	// HashParallel bounds the password hashes run at once (default the
	// number of CPUs); HashWait is how long a log-in waits for a slot
	// before it is refused as busy (default 3 s).
	HashParallel int
	HashWait     time.Duration
	// Mail sends the links to set a forgotten password (nil: none sent);
	// PublicURL is the service's address as people reach it, for links.
	Mail      mail.Sender
	PublicURL string
}

// Accounts are signing in and out, sessions, API tokens, users and their
// grants.
type Accounts struct {
	c     AccountsConfig
	st    store.Store
	dummy string // a hash to verify against for unknown users
	hash  hashing
	bg    sync.WaitGroup // messages being sent
}

// NewAccounts builds the account use cases.
func NewAccounts(c AccountsConfig) (*Accounts, error) {
	if c.Params == (auth.Params{}) {
		c.Params = auth.DefaultParams
	}
	if c.SessionIdle <= 0 {
		c.SessionIdle = 2 * time.Hour
	}
	if c.SessionMax <= 0 {
		c.SessionMax = 12 * time.Hour
	}
	if c.MaxFailures <= 0 {
		c.MaxFailures = 5
	}
	if c.MaxAddressFailures <= 0 {
		c.MaxAddressFailures = 20
	}
	if c.Window <= 0 {
		c.Window = 15 * time.Minute
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	dummy, err := auth.Hash("không phải mật khẩu của ai", c.Params)
	if err != nil {
		return nil, err
	}
	if c.HashParallel <= 0 {
		c.HashParallel = runtime.NumCPU()
	}
	if c.HashWait <= 0 {
		c.HashWait = 3 * time.Second
	}
	return &Accounts{c: c, st: c.Store, dummy: dummy, hash: hashing{slots: make(chan struct{}, c.HashParallel), wait: c.HashWait}}, nil
}

// ThrottledError refuses a log-in after too many failures.
type ThrottledError struct{ RetryAfter time.Duration }

func (e ThrottledError) Error() string {
	return fmt.Sprintf("Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %d phút", int(e.RetryAfter.Minutes())+1)
}

// ErrBadLogin is a wrong name or password; which of the two is not said.
var ErrBadLogin = errors.New("Tên đăng nhập hoặc mật khẩu không đúng")

// ErrDisabled is the right password of a disabled account: said only to
// whoever knows the password, so that its holder asks to have it enabled
// rather than resetting a password that is not the matter.
var ErrDisabled = errors.New("Tài khoản đã bị khoá. Hãy liên hệ thư ký Khối (với tài khoản của đơn vị) hoặc quản trị hệ thống để được mở lại")

// Login checks a name and password and opens a session; it returns the
// session's secret (for the cookie) and the actor. Unknown names cost the
// same time as wrong passwords. Repeated failures are throttled per account
// and per address.
func (a *Accounts) Login(ctx context.Context, username, password, address string) (string, *domain.Actor, error) {
	now := a.c.Now()
	username = strings.ToLower(strings.TrimSpace(username))
	password = vn.Clean(password)
	keys := a.attemptKeys(username, address)
	if err := a.beginAttempt(ctx, keys, now); err != nil {
		a.audit(ctx, store.AuditEntry{Actor: username, Action: "login", Address: address, Outcome: "throttled"})
		return "", nil, err
	}
	u, err := a.st.GetUser(ctx, username)
	hash := u.PasswordHash
	if err != nil {
		if !errors.Is(err, domain.ErrNotFound) {
			a.endAttempt(ctx, keys, BusyError{}, false)
			return "", nil, err
		}
		hash = a.dummy
	}
	good, verr := a.verify(ctx, password, hash)
	if verr != nil {
		a.endAttempt(ctx, keys, verr, false)
		return "", nil, verr
	}
	if err != nil || !good {
		a.endAttempt(ctx, keys, ErrBadLogin, false)
		a.audit(ctx, store.AuditEntry{Actor: username, Action: "login", Address: address, Outcome: "failed"})
		return "", nil, ErrBadLogin
	}
	if u.Disabled {
		a.endAttempt(ctx, keys, ErrDisabled, false)
		a.audit(ctx, store.AuditEntry{Actor: username, Action: "login", Address: address, Outcome: "disabled"})
		return "", nil, ErrDisabled
	}
	a.endAttempt(ctx, keys, nil, true)
	secret := auth.Secret("")
	if err := a.st.CreateSession(ctx, auth.HashSecret(secret), store.Session{UserID: u.ID, CreatedAt: now, SeenAt: now, ExpiresAt: now.Add(a.c.SessionMax), Address: address}); err != nil {
		return "", nil, err
	}
	a.audit(ctx, store.AuditEntry{Actor: u.Username, Action: "login", Address: address})
	return secret, actorOf(u), nil
}

func actorOf(u store.User) *domain.Actor {
	return &domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Grants: u.Grants}
}

// Session finds the actor of a session secret; nil when there is none
// (expired, idle, ended, or the user disabled).
func (a *Accounts) Session(ctx context.Context, secret string) (*domain.Actor, error) {
	_, u, err := a.st.TouchSession(ctx, auth.HashSecret(secret), a.c.Now(), a.c.SessionIdle)
	if errors.Is(err, domain.ErrNotFound) || err == nil && u.Disabled {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return actorOf(u), nil
}

// Token finds the actor of an API token: its user with the token's one
// grant; nil when the token is unknown or revoked.
func (a *Accounts) Token(ctx context.Context, secret string) (*domain.Actor, error) {
	tk, err := a.st.TokenByHash(ctx, auth.HashSecret(secret), a.c.Now())
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	u, err := a.st.GetUserByID(ctx, tk.UserID)
	if errors.Is(err, domain.ErrNotFound) || u.Disabled {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	act := actorOf(u)
	act.TokenID, act.Grants = tk.ID, nil
	for _, g := range u.Grants {
		if g.ID == tk.GrantID {
			act.Grants = []domain.Grant{g}
		}
	}
	return act, nil
}

// Logout ends a session.
func (a *Accounts) Logout(ctx context.Context, act *domain.Actor, secret, address string) error {
	if err := a.st.DeleteSession(ctx, auth.HashSecret(secret)); err != nil {
		return err
	}
	if act != nil {
		a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "logout", Address: address})
	}
	return nil
}

// ChangePassword changes the actor's own password, given the current one.
// Wrong current passwords are counted and throttled with the log-in
// attempts of the account and the address. Every session of the user
// ends (the caller signs in again), and every API token is revoked unless
// keepTokens: an old key does not outlive the password.
func (a *Accounts) ChangePassword(ctx context.Context, act *domain.Actor, current, next, address string, keepTokens bool) error {
	u, err := a.st.GetUserByID(ctx, act.UserID)
	if err != nil {
		return err
	}
	current, next = vn.Clean(current), vn.Clean(next)
	keys := a.attemptKeys(u.Username, address)
	if err := a.beginAttempt(ctx, keys, a.c.Now()); err != nil {
		a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "password_change", Address: address, Outcome: "throttled"})
		return err
	}
	good, err := a.verify(ctx, current, u.PasswordHash)
	if err != nil {
		a.endAttempt(ctx, keys, err, false)
		return err
	}
	if !good {
		a.endAttempt(ctx, keys, ErrBadLogin, false)
		a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "password_change", Address: address, Outcome: "failed"})
		return domain.ValidationError{{Field: "current", Code: "password_wrong", Message: "Mật khẩu hiện tại không đúng"}}
	}
	a.endAttempt(ctx, keys, nil, true)
	if next == current {
		return domain.ValidationError{{Field: "new", Code: "password_same", Message: "Mật khẩu mới phải khác mật khẩu hiện tại"}}
	}
	if err := CheckPassword("new", next, contextOf(u)); err != nil {
		return err
	}
	if err := a.setPassword(ctx, u, next, keepTokens); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "password_change", Address: address})
	return nil
}

// ResetPassword sets another user's password (an administrator's act):
// every session and API token of that user ends.
func (a *Accounts) ResetPassword(ctx context.Context, act *domain.Actor, username, next, address string) error {
	u, err := a.st.GetUser(ctx, username)
	if err != nil {
		return err
	}
	return a.resetPassword(ctx, act, u, next, address)
}

// resetPassword sets u's password, provided u's rights are still those read.
func (a *Accounts) resetPassword(ctx context.Context, act *domain.Actor, u store.User, next, address string) error {
	next = vn.Clean(next)
	if err := a.checkNewPassword(ctx, u, next); err != nil {
		return err
	}
	if err := a.setPassword(ctx, u, next, false); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "password_reset", Target: u.Username, Address: address})
	return nil
}

// checkNewPassword refuses, as field "password", a new password that
// breaks a rule or is u's current one (a reset by someone else and one
// through a link alike).
func (a *Accounts) checkNewPassword(ctx context.Context, u store.User, next string) error {
	if err := CheckPassword("password", next, contextOf(u)); err != nil {
		return err
	}
	if same, err := a.verify(ctx, next, u.PasswordHash); err != nil {
		return err
	} else if same {
		return domain.ValidationError{{Field: "password", Code: "password_same", Message: "Mật khẩu mới phải khác mật khẩu hiện tại"}}
	}
	return nil
}

// contextOf is what a user's password must not be built on.
func contextOf(u store.User) PasswordContext {
	pc := PasswordContext{Username: u.Username, Name: u.Name}
	for _, g := range u.Grants {
		pc.Scopes = append(pc.Scopes, g.Bloc, g.Unit)
	}
	return pc
}

// setPassword stores a password as every entry point reads one: NFC, no
// surrounding spaces or invisible characters (as JSON bodies are cleaned).
func (a *Accounts) setPassword(ctx context.Context, u store.User, pw string, keepTokens bool) error {
	h, err := a.hashPassword(ctx, vn.Clean(pw))
	if err != nil {
		return err
	}
	return a.st.SetPassword(ctx, u.ID, u.Rights, h, a.c.Now(), keepTokens)
}

// NewUser is a person to create: a name to sign in with, their name and
// e-mail address, a first password and their rights.
type NewUser struct {
	Username string         `json:"username"`
	Name     string         `json:"name"`
	Email    string         `json:"email"`
	Password string         `json:"password" maxlen:"200"`
	Grants   []domain.Grant `json:"grants"`
}

// CreateUser adds a user with a password and grants, all in one
// transaction (an administrator's act, or the command line's: act is nil
// there). Every problem of the request is reported at once.
func (a *Accounts) CreateUser(ctx context.Context, act *domain.Actor, n NewUser) (store.User, error) {
	username := strings.ToLower(strings.TrimSpace(n.Username))
	var ve domain.ValidationError
	if !validUsername(username) {
		ve = append(ve, domain.FieldError{Field: "username", Code: "username", Message: "Tên đăng nhập gồm 2–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới"})
	}
	name, email, err := a.checkProfile(n.Name, n.Email)
	var pe domain.ValidationError
	switch {
	case errors.As(err, &pe):
		ve = append(ve, pe...)
	case err != nil:
		return store.User{}, err
	}
	pc := PasswordContext{Username: username, Name: name}
	for _, g := range n.Grants {
		pc.Scopes = append(pc.Scopes, g.Bloc, g.Unit)
	}
	if err := CheckPassword("password", vn.Clean(n.Password), pc); err != nil {
		ve = append(ve, err.(domain.ValidationError)...)
	}
	for _, g := range n.Grants {
		if err := g.Validate(); err != nil {
			ve = append(ve, err.(domain.ValidationError)...)
		} else if err := a.grantTargetExists(ctx, g); err != nil {
			fe, ok := err.(domain.ValidationError)
			if !ok {
				return store.User{}, err
			}
			ve = append(ve, fe...)
		}
	}
	if len(ve) > 0 {
		return store.User{}, ve
	}
	h, err := a.hashPassword(ctx, vn.Clean(n.Password))
	if err != nil {
		return store.User{}, err
	}
	u, err := a.st.CreateUser(ctx, store.User{Username: username, Name: name, Email: email, PasswordHash: h, Grants: n.Grants})
	if err != nil {
		return u, err
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "user_create", Target: username})
	return a.st.GetUser(ctx, username)
}

// grantTargetExists refuses a right over a bloc or unit that does not
// exist (a typo would give a right over nothing, silently).
func (a *Accounts) grantTargetExists(ctx context.Context, g domain.Grant) error {
	check := func(field, slug, what string, get func() error) error {
		if slug == "" {
			return nil
		}
		err := get()
		if errors.Is(err, domain.ErrNotFound) {
			return domain.ValidationError{{Field: field, Code: "unknown", Message: fmt.Sprintf("Không có %s %q", what, slug)}}
		}
		return err
	}
	if err := check("bloc", g.Bloc, "khối", func() error { _, err := a.st.GetBloc(ctx, g.Bloc); return err }); err != nil {
		return err
	}
	return check("unit", g.Unit, "đơn vị", func() error { _, err := a.st.GetUnit(ctx, g.Unit); return err })
}

func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Grant gives a user a right.
func (a *Accounts) Grant(ctx context.Context, act *domain.Actor, username string, g domain.Grant) (domain.Grant, error) {
	if err := g.Validate(); err != nil {
		return g, err
	}
	if err := a.grantTargetExists(ctx, g); err != nil {
		return g, err
	}
	u, err := a.st.GetUser(ctx, username)
	if err != nil {
		return g, err
	}
	g, err = a.st.AddGrant(ctx, u.ID, g)
	if err == nil {
		a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "grant", Bloc: g.Bloc, Year: g.Year, Unit: g.Unit, Target: u.Username + " " + g.Role})
	}
	return g, err
}

// Revoke takes a right away (and the tokens made for it).
func (a *Accounts) Revoke(ctx context.Context, act *domain.Actor, username string, g domain.Grant) error {
	u, err := a.st.GetUser(ctx, username)
	if err != nil {
		return err
	}
	for _, have := range u.Grants {
		if have.Role == g.Role && have.Bloc == g.Bloc && have.Year == g.Year && have.Unit == g.Unit {
			if err := a.st.RemoveGrant(ctx, u.ID, have.ID); err != nil {
				return err
			}
			a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "revoke", Bloc: g.Bloc, Year: g.Year, Unit: g.Unit, Target: u.Username + " " + g.Role})
			return nil
		}
	}
	return domain.NotFound("quyền "+g.String()+" của", username)
}

// Users lists every user.
func (a *Accounts) Users(ctx context.Context) ([]store.User, error) { return a.st.ListUsers(ctx) }

// CreateToken makes an API token for one of the actor's own grants; the
// secret is returned once and kept only as a hash.
func (a *Accounts) CreateToken(ctx context.Context, act *domain.Actor, grantID int64, name string) (store.Token, string, error) {
	if act.TokenID != 0 {
		return store.Token{}, "", domain.ConflictError{Code: "token_from_token", Message: "Không tạo mã truy cập bằng một mã truy cập; hãy đăng nhập"}
	}
	secret := auth.Secret("thd_")
	tk, err := a.st.CreateToken(ctx, store.Token{UserID: act.UserID, GrantID: grantID, Name: name, CreatedAt: a.c.Now()}, auth.HashSecret(secret))
	if err != nil {
		return tk, "", err
	}
	a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "token_create", Target: name})
	return tk, secret, nil
}

// Tokens lists the actor's tokens.
func (a *Accounts) Tokens(ctx context.Context, act *domain.Actor) ([]store.Token, error) {
	return a.st.ListTokens(ctx, act.UserID)
}

// RevokeToken revokes one of the actor's tokens.
func (a *Accounts) RevokeToken(ctx context.Context, act *domain.Actor, id int64) error {
	if err := a.st.RevokeToken(ctx, act.UserID, id); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: act.Username, Action: "token_revoke", Target: fmt.Sprint(id)})
	return nil
}

func (a *Accounts) audit(ctx context.Context, e store.AuditEntry) {
	e.At = a.c.Now()
	ctx = context.WithoutCancel(ctx) // done is done, client gone or not
	if err := a.st.RecordAudit(ctx, e); err != nil {
		a.c.Logger.ErrorContext(ctx, "audit not recorded", "action", e.Action, "err", err)
	}
}

func actorName(act *domain.Actor) string {
	if act == nil {
		return "(dòng lệnh)"
	}
	return act.Username
}
