package app

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/testenv"
)

// heldLookups is a store whose account lookups by name or address wait
// until released.
type heldLookups struct {
	store.Store
	release chan struct{}
}

func (h heldLookups) GetUser(ctx context.Context, name string) (store.User, error) {
	<-h.release
	return h.Store.GetUser(ctx, name)
}

func (h heldLookups) UsersByEmail(ctx context.Context, email string) ([]store.User, error) {
	<-h.release
	return h.Store.UsersByEmail(ctx, email)
}

// sentTo records the addresses messages went to.
type sentTo struct {
	mu sync.Mutex
	to []string
}

func (s *sentTo) Send(_ context.Context, m mail.Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.to = append(s.to, m.To...)
	return nil
}

func (s *sentTo) Describe() string { return "test" }

// A forgotten-password request is answered before the accounts it names
// are looked up: how long the store takes to find them (one read more for
// each account found) cannot tell whether a name or an address exists.
// The link still goes out once the lookup is done.
func TestForgotAnswersBeforeLookingUp(t *testing.T) {
	e := testenv.Open(t, "", false)
	held := heldLookups{Store: e.Store, release: make(chan struct{})}
	sent := &sentTo{}
	a, err := NewAccounts(AccountsConfig{Store: held, Params: auth.Params{Memory: 8 << 10, Time: 1, Threads: 1},
		MaxFailures: 1000, MaxAddressFailures: 1000, Mail: sent, PublicURL: "http://thidua.test"})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	// Made through the store itself: CreateUser looks the name up too.
	plain, err := NewAccounts(AccountsConfig{Store: e.Store, Params: auth.Params{Memory: 8 << 10, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.CreateUser(ctx, nil, NewUser{Username: "gia-lai", Email: "vanthu@bql-gialai.example.vn", Password: "gió Lào thổi qua đèo Ngang"}); err != nil {
		t.Fatal(err)
	}
	for _, login := range []string{"gia-lai", "khong-co-ai", "vanthu@bql-gialai.example.vn", "ai@khong.example.vn"} {
		done := make(chan error, 1)
		go func() { done <- a.ForgotPassword(ctx, login, "10.0.0.1") }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%s: %v", login, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: the answer waited for the accounts to be looked up", login)
		}
	}
	close(held.release)
	a.Wait()
	if len(sent.to) != 2 || sent.to[0] != "vanthu@bql-gialai.example.vn" || sent.to[1] != "vanthu@bql-gialai.example.vn" {
		t.Errorf("links sent to %v, want the account's address twice (by name, by address)", sent.to)
	}
}
