package app

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// What an administrator does to a person's account besides its rights and
// password: name and e-mail, disabling, deleting, lifting a log-in
// throttle. The command line, the JSON API and the account pages call
// these same functions; who may call them is the routes' business.

// maxName and maxEmail bound a person's name and address.
const (
	maxName  = 120
	maxEmail = 254 // RFC 5321's path limit
)

// checkProfile normalises a person's name and e-mail address: NFC,
// printable, bounded; the address, when given, a plain one
// (nguyenvana@example.vn, no display name). Errors of both are returned
// together, fields "name" and "email".
func (a *Accounts) checkProfile(name, email string) (string, string, error) {
	var ve domain.ValidationError
	name = strings.Join(strings.Fields(vn.Clean(name)), " ")
	if r, bad := vn.FirstUnprintable(name); bad {
		ve = append(ve, domain.FieldError{Field: "name", Code: "unprintable", Message: vn.UnprintableMessage(r)})
	} else if utf8.RuneCountInString(name) > maxName {
		ve = append(ve, domain.FieldError{Field: "name", Code: "too_long", Message: "Họ tên tối đa 120 ký tự"})
	}
	email = strings.ToLower(strings.TrimSpace(vn.Clean(email)))
	if email != "" {
		addr, err := mail.ParseAddress(email)
		if len(email) > maxEmail || err != nil || addr.Address != email || addr.Name != "" || !strings.Contains(email[strings.LastIndex(email, "@")+1:], ".") {
			ve = append(ve, domain.FieldError{Field: "email", Code: "email", Message: "Địa chỉ thư điện tử không hợp lệ (ví dụ: nguyenvana@banquanly.gov.vn)"})
		}
	}
	if len(ve) > 0 {
		return name, email, ve
	}
	return name, email, nil
}

// User is one account with its grants.
func (a *Accounts) User(ctx context.Context, username string) (store.User, error) {
	return a.st.GetUser(ctx, strings.ToLower(strings.TrimSpace(username)))
}

// UpdateUser changes a person's name and e-mail address.
func (a *Accounts) UpdateUser(ctx context.Context, act *domain.Actor, username, name, email string) (store.User, error) {
	u, err := a.User(ctx, username)
	if err != nil {
		return u, err
	}
	return a.updateUser(ctx, act, u, name, email)
}

// updateUser changes u, provided u's rights are still those read.
func (a *Accounts) updateUser(ctx context.Context, act *domain.Actor, u store.User, name, email string) (store.User, error) {
	name, email, err := a.checkProfile(name, email)
	if err != nil {
		return u, err
	}
	if err := a.st.UpdateUser(ctx, u.ID, u.Rights, name, email); err != nil {
		return u, err
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "user_update", Target: u.Username})
	return a.st.GetUser(ctx, u.Username)
}

// SetDisabled disables a person (every session ends, every API token is
// revoked) or enables them again. Nobody disables themself, and the last
// enabled administrator stays: someone must be able to undo it.
func (a *Accounts) SetDisabled(ctx context.Context, act *domain.Actor, username string, disabled bool) (store.User, error) {
	u, err := a.User(ctx, username)
	if err != nil {
		return u, err
	}
	return a.setDisabled(ctx, act, u, disabled)
}

// setDisabled changes u, provided u's rights are still those read.
func (a *Accounts) setDisabled(ctx context.Context, act *domain.Actor, u store.User, disabled bool) (store.User, error) {
	if disabled {
		if err := a.keepsAnAdmin(ctx, act, u, "khoá"); err != nil {
			return u, err
		}
	}
	if u.Disabled == disabled {
		return u, nil
	}
	if err := a.st.SetDisabled(ctx, u.ID, u.Rights, disabled, a.c.Now()); err != nil {
		return u, err
	}
	action := "user_enable"
	if disabled {
		action = "user_disable"
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: action, Target: u.Username})
	return a.st.GetUser(ctx, u.Username)
}

// DeleteUser removes a person with their rights, sessions and tokens; the
// audit log keeps what they did, under their name. The same rules as
// disabling hold.
func (a *Accounts) DeleteUser(ctx context.Context, act *domain.Actor, username string) error {
	u, err := a.User(ctx, username)
	if err != nil {
		return err
	}
	if err := a.keepsAnAdmin(ctx, act, u, "xoá"); err != nil {
		return err
	}
	if err := a.st.DeleteUser(ctx, u.ID); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "user_delete", Target: u.Username})
	return nil
}

// Unlock lifts the log-in throttle of an account (after too many wrong
// passwords), so that its owner can try again at once.
func (a *Accounts) Unlock(ctx context.Context, act *domain.Actor, username string) error {
	u, err := a.User(ctx, username)
	if err != nil {
		return err
	}
	if err := a.st.ClearAttempts(ctx, "user:"+u.Username); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: actorName(act), Action: "user_unlock", Target: u.Username})
	return nil
}

// keepsAnAdmin refuses to disable or delete oneself, or the last enabled
// administrator.
func (a *Accounts) keepsAnAdmin(ctx context.Context, act *domain.Actor, u store.User, verb string) error {
	if act != nil && act.UserID == u.ID {
		return domain.ConflictError{Code: "self", Message: "Không thể tự " + verb + " tài khoản của chính mình"}
	}
	if !isAdmin(u) || u.Disabled {
		return nil
	}
	us, err := a.st.ListUsers(ctx)
	if err != nil {
		return err
	}
	for _, o := range us {
		if o.ID != u.ID && !o.Disabled && isAdmin(o) {
			return nil
		}
	}
	return domain.ConflictError{Code: "last_admin", Message: "Không thể " + verb + " quản trị viên cuối cùng còn hoạt động"}
}

func isAdmin(u store.User) bool {
	for _, g := range u.Grants {
		if g.Role == domain.RoleAdmin {
			return true
		}
	}
	return false
}

// Maker is CreateUser as the command line's function of fields (the
// demo's accounts are made with it).
func (a *Accounts) Maker() func(ctx context.Context, username, name, password string, grants ...domain.Grant) error {
	return func(ctx context.Context, username, name, password string, grants ...domain.Grant) error {
		_, err := a.CreateUser(ctx, nil, NewUser{Username: username, Name: name, Password: password, Grants: grants})
		return err
	}
}

// Limits are the account rules people are told about: failed log-ins
// before a wait, the wait, and a session's idle and absolute limits.
type Limits struct {
	MaxFailures             int
	Window, Idle, MaxLength time.Duration
}

// Limits returns the rules in force.
func (a *Accounts) Limits() Limits {
	return Limits{MaxFailures: a.c.MaxFailures, Window: a.c.Window, Idle: a.c.SessionIdle, MaxLength: a.c.SessionMax}
}
