package app

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/auth"
)

// BusyError refuses work the service has no room for now (every password
// hashing slot taken): the client may try again after RetryAfter.
type BusyError struct{ RetryAfter time.Duration }

func (e BusyError) Error() string {
	return fmt.Sprintf("Hệ thống đang bận kiểm tra các lượt đăng nhập khác; vui lòng thử lại sau %d giây", int(e.RetryAfter.Seconds()))
}

// hashing bounds how many password hashes run at once: argon2id takes
// ~19 MiB each, so unbounded parallel log-ins would take the memory of the
// machine. Beyond the slots a caller waits up to wait, then is refused
// with BusyError.
type hashing struct {
	slots chan struct{}
	wait  time.Duration
}

func (h hashing) run(ctx context.Context, fn func()) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-t.C:
		return BusyError{RetryAfter: 5 * time.Second}
	case <-ctx.Done():
		return BusyError{RetryAfter: 5 * time.Second}
	}
	defer func() { <-h.slots }()
	fn()
	return nil
}

// verify checks a password against a hash in a hashing slot.
func (a *Accounts) verify(ctx context.Context, password, hash string) (ok bool, err error) {
	err = a.hash.run(ctx, func() { ok = auth.Verify(password, hash) == nil })
	return ok, err
}

// hashPassword hashes a new password in a hashing slot.
func (a *Accounts) hashPassword(ctx context.Context, password string) (h string, err error) {
	if err := a.hash.run(ctx, func() { h, err = auth.Hash(password, a.c.Params) }); err != nil {
		return "", err
	}
	return h, err
}

// attemptKeys are what password attempts are counted under: the account
// and the address.
func (a *Accounts) attemptKeys(username, address string) []attemptKey {
	return []attemptKey{{"user:" + username, a.c.MaxFailures}, {"addr:" + address, a.c.MaxAddressFailures}}
}

type attemptKey struct {
	key string
	max int
}

// beginAttempt counts a password attempt under every key before the
// password is verified, atomically: parallel attempts cannot all pass the
// check before any is counted. Past a key's limit the attempt is refused
// (ThrottledError) and never verified.
func (a *Accounts) beginAttempt(ctx context.Context, keys []attemptKey, now time.Time) error {
	for _, k := range keys {
		n, first, err := a.st.CountAttempt(ctx, k.key, now, a.c.Window)
		if err != nil {
			return err
		}
		if n > k.max {
			return ThrottledError{RetryAfter: first.Add(a.c.Window).Sub(now)}
		}
	}
	return nil
}

// endAttempt settles a counted attempt: one that succeeded clears the
// account's count and takes itself back from the address's (an office
// behind one address signs in all day); one never verified (the service
// was busy) takes itself back from both; a failure stays counted.
func (a *Accounts) endAttempt(ctx context.Context, keys []attemptKey, outcome error, succeeded bool) {
	ctx = context.WithoutCancel(ctx)
	var err error
	switch {
	case succeeded:
		err = a.st.ClearAttempts(ctx, keys[0].key)
		if err == nil {
			err = a.st.UncountAttempt(ctx, keys[1].key)
		}
	case isBusy(outcome):
		for _, k := range keys {
			if e := a.st.UncountAttempt(ctx, k.key); e != nil {
				err = e
			}
		}
	}
	if err != nil {
		a.c.Logger.ErrorContext(ctx, "attempt not settled", "err", err)
	}
}

func isBusy(err error) bool {
	_, ok := err.(BusyError)
	return ok
}
