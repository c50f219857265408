package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// A forgotten password: a person gives their user name or e-mail address
// and, if an account with an address matches, receives a single-use link
// valid for a short time (ResetTTL) to set a new one. The answer is the
// same whether anything matched or not, so that it tells nobody which
// names or addresses exist; requests are throttled per address and per
// name asked, and audited.

// ResetTTL is how long a link to set a forgotten password works.
const ResetTTL = 30 * time.Minute

// maxResetRequests bounds requests per window for one name or e-mail
// address.
const maxResetRequests = 5

// ErrMailOff refuses a forgotten-password request where the service has
// no way to send mail.
var ErrMailOff = domain.ConflictError{Code: "mail_off", Message: "Hệ thống chưa được cấu hình gửi thư; vui lòng liên hệ quản trị hệ thống hoặc thư ký Khối để đặt lại mật khẩu"}

// ForgotPassword sends a link to set a new password to every enabled
// account that login names (its user name or its e-mail address) and that
// has an address. It returns nil whether or not anything matched.
func (a *Accounts) ForgotPassword(ctx context.Context, login, address string) error {
	if a.c.Mail == nil {
		return ErrMailOff
	}
	login = strings.ToLower(strings.TrimSpace(vn.Clean(login)))
	if login == "" || len(login) > maxEmail {
		return domain.ValidationError{{Field: "login", Code: "required", Message: "Nhập tên đăng nhập hoặc địa chỉ thư điện tử của tài khoản"}}
	}
	now := a.c.Now()
	// An office shares one address: the address's bound is the log-in's.
	keys := []attemptKey{{"reset-addr:" + address, a.c.MaxAddressFailures}, {"reset:" + login, maxResetRequests}}
	if err := a.beginAttempt(ctx, keys, now); err != nil {
		a.audit(ctx, store.AuditEntry{Actor: login, Action: "password_forgot", Address: address, Outcome: "throttled"})
		return err
	}
	// The accounts are looked up and the messages leave after the answer:
	// neither how long the store takes to find a name or an address (one
	// read more for each account found) nor how long an SMTP server takes
	// may tell whether anything matched.
	ctx = context.WithoutCancel(ctx)
	a.bg.Go(func() {
		ctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		users, err := a.resetAccounts(ctx, login)
		if err != nil {
			a.c.Logger.ErrorContext(ctx, "password link: accounts not read", "err", err)
			return
		}
		sent := 0
		for _, u := range users {
			if u.Disabled || u.Email == "" {
				continue
			}
			if err := a.sendResetLink(ctx, u, now); err != nil {
				a.c.Logger.ErrorContext(ctx, "password link not sent", "user", u.Username, "err", err)
				a.audit(ctx, store.AuditEntry{Actor: login, Action: "password_forgot", Target: u.Username, Address: address, Outcome: "failed"})
				continue
			}
			sent++
			a.audit(ctx, store.AuditEntry{Actor: login, Action: "password_forgot", Target: u.Username, Address: address})
		}
		if sent == 0 {
			a.audit(ctx, store.AuditEntry{Actor: login, Action: "password_forgot", Address: address, Outcome: "no_match"})
		}
	})
	return nil
}

// resetAccounts finds the accounts a forgotten-password request names:
// by e-mail address when it has an "@", else by user name.
func (a *Accounts) resetAccounts(ctx context.Context, login string) ([]store.User, error) {
	if strings.Contains(login, "@") {
		return a.st.UsersByEmail(ctx, login)
	}
	u, err := a.st.GetUser(ctx, login)
	if errors.Is(err, domain.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return []store.User{u}, nil
}

// Wait waits for the messages still being sent (before the store closes,
// and in tests).
func (a *Accounts) Wait() { a.bg.Wait() }

func (a *Accounts) sendResetLink(ctx context.Context, u store.User, now time.Time) error {
	secret := auth.Secret("")
	if err := a.st.CreateReset(ctx, auth.HashSecret(secret), u.ID, now, now.Add(ResetTTL)); err != nil {
		return err
	}
	name := u.Name
	if name == "" {
		name = u.Username
	}
	link := strings.TrimRight(a.c.PublicURL, "/") + "/dat-lai-mat-khau?ma=" + url.QueryEscape(secret)
	return a.c.Mail.Send(ctx, mail.Message{
		To:      []string{u.Email},
		Subject: "Đặt lại mật khẩu tài khoản " + u.Username + " — Thi đua Khối",
		Text: fmt.Sprintf(`Kính gửi %s,

Hệ thống Thi đua Khối vừa nhận yêu cầu đặt lại mật khẩu của tài khoản %s.
Để đặt mật khẩu mới, mở liên kết sau (dùng được một lần, trong %s):

%s

Nếu không phải bạn yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.

Thư này được gửi tự động; vui lòng không trả lời.
`, name, u.Username, vn.Duration(ResetTTL), link),
	})
}

// ResetUser is the account a link sets the password of, while it works.
func (a *Accounts) ResetUser(ctx context.Context, secret string) (store.User, error) {
	return a.st.PeekReset(ctx, auth.HashSecret(secret), a.c.Now())
}

// ResetWithLink sets a new password through a link: checked as any new
// password, different from the current one; the link is spent and every
// session and API token of the account ends, in one transaction.
func (a *Accounts) ResetWithLink(ctx context.Context, secret, next, address string) error {
	u, err := a.ResetUser(ctx, secret)
	if err != nil {
		return err
	}
	next = vn.Clean(next)
	if err := a.checkNewPassword(ctx, u, next); err != nil {
		return err
	}
	h, err := a.hashPassword(ctx, next)
	if err != nil {
		return err
	}
	if _, err := a.st.UseReset(ctx, auth.HashSecret(secret), a.c.Now(), h); err != nil {
		return err
	}
	a.audit(ctx, store.AuditEntry{Actor: u.Username, Action: "password_reset_link", Target: u.Username, Address: address})
	return nil
}
