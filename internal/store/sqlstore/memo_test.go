package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// memoPair opens one file twice: a, whose memo trusts what it read for
// trust, and b, standing for another process writing the same file.
func memoPair(t *testing.T, trust time.Duration) (a, b *Store) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "thidua.db")
	a, b = open(t, path), open(t, path)
	a.memo = newMemo(trust)
	if err := a.PutBloc(context.Background(), domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func rename(t *testing.T, s *Store, full string) {
	t.Helper()
	if err := s.PutBloc(context.Background(), domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: full}}}); err != nil {
		t.Fatal(err)
	}
}

func version(t *testing.T, s *Store) string {
	t.Helper()
	v, err := s.DataVersion(context.Background(), "k", 2024)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// signIn creates one user with a session per hash, all begun at t0.
func signIn(t *testing.T, s *Store, t0 time.Time, hashes ...string) store.User {
	t.Helper()
	ctx := context.Background()
	u, err := s.CreateUser(ctx, store.User{Username: "phuyen", PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hashes {
		if err := s.CreateSession(ctx, h, store.Session{UserID: u.ID, CreatedAt: t0, SeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// A data version is answered from memory until this process writes
// anything: then at once from the file again.
func TestMemoVersionUntilAWrite(t *testing.T) {
	a, b := memoPair(t, time.Hour)
	v0 := version(t, a)
	rename(t, b, "Khối (tên của tiến trình khác)")
	if v := version(t, a); v != v0 {
		t.Fatalf("another process's write was read at once (%s → %s): the memo is not used", v0, v)
	}
	rename(t, a, "Khối (tên mới)")
	if v, vb := version(t, a), version(t, b); v == v0 || v != vb {
		t.Errorf("after this process wrote: %s, want the file's %s (was %s)", v, vb, v0)
	}
}

// What another process writes is seen once the trust has run out.
func TestMemoTrustBoundsAnotherProcess(t *testing.T) {
	a, b := memoPair(t, 50*time.Millisecond)
	v0 := version(t, a)
	rename(t, b, "Khối (tên mới)")
	time.Sleep(60 * time.Millisecond)
	if v := version(t, a); v == v0 {
		t.Errorf("another process's write unseen after the trust ran out: %s", v)
	}
}

// A session remembered still ends when this process signs it out or
// disables its user, and shows a grant given, at the next request.
func TestMemoSessionFollowsWrites(t *testing.T) {
	ctx := context.Background()
	a, b := memoPair(t, time.Hour)
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	const idle = 30 * time.Minute
	u := signIn(t, a, t0, "s1", "s2")
	touch := func(s *Store, h string, at time.Time) (store.User, error) {
		t.Helper()
		_, u, err := s.TouchSession(ctx, h, at, idle)
		if err != nil && !errors.Is(err, domain.ErrNotFound) {
			t.Fatal(err)
		}
		return u, err
	}
	if _, err := touch(a, "s1", t0.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := b.DeleteSession(ctx, "s1"); err != nil { // another process
		t.Fatal(err)
	}
	if _, err := touch(a, "s1", t0.Add(20*time.Second)); err != nil {
		t.Fatal("not answered from memory:", err)
	}
	if _, err := a.AddGrant(ctx, u.ID, domain.Grant{Role: domain.RoleViewer}); err != nil {
		t.Fatal(err)
	}
	if _, err := touch(a, "s1", t0.Add(30*time.Second)); err == nil {
		t.Error("a session ended elsewhere is still live after this process wrote")
	}
	got, err := touch(a, "s2", t0.Add(40*time.Second))
	if err != nil || len(got.Grants) != 1 {
		t.Fatalf("grants after one was given: %v, %v", got.Grants, err)
	}
	if err := a.DeleteSession(ctx, "s2"); err != nil {
		t.Fatal(err)
	}
	if _, err := touch(a, "s2", t0.Add(50*time.Second)); err == nil {
		t.Error("a session signed out is still live")
	}
}

// A remembered session's mark is still written once a minute, so that
// its idle time counts from the last request, not from the last read.
func TestMemoSessionStillMarkedSeen(t *testing.T) {
	ctx := context.Background()
	a, b := memoPair(t, time.Hour)
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	const idle = 30 * time.Minute
	signIn(t, a, t0, "s")
	for _, at := range []time.Duration{10 * time.Second, 30 * time.Second, 90 * time.Second} {
		if _, _, err := a.TouchSession(ctx, "s", t0.Add(at), idle); err != nil {
			t.Fatal(at, err)
		}
	}
	// Idle for 30 minutes since the mark at 1 min 30 s, not since t0.
	if _, _, err := b.TouchSession(ctx, "s", t0.Add(90*time.Second+idle-time.Second), idle); err != nil {
		t.Errorf("the request at 1 min 30 s was not marked: %v", err)
	}
}

// A list read from memory is the caller's own copy, and follows this
// process's writes at once like the other reads.
func TestMemoListsCopiedAndFollowWrites(t *testing.T) {
	ctx := context.Background()
	a, b := memoPair(t, time.Hour)
	claim := func(s *Store, unit string) {
		t.Helper()
		r := store.Reminder{Bloc: "k", Year: 2024, Due: "so-ket", DueDate: "2024-06-20", Unit: unit, SentAt: time.Date(2024, 6, 10, 8, 0, 0, 0, time.UTC)}
		if won, err := s.ClaimReminder(ctx, r); err != nil || !won {
			t.Fatal(won, err)
		}
	}
	units := func() []string {
		t.Helper()
		rs, err := a.ListReminders(ctx, "k", 2024)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rs {
			out = append(out, r.Unit)
		}
		return out
	}
	claim(a, "phu-yen")
	first, err := a.ListReminders(ctx, "k", 2024)
	if err != nil || len(first) != 1 {
		t.Fatal(first, err)
	}
	first[0].Unit = "đã sửa trong tay người gọi"
	claim(b, "binh-dinh") // another process
	if got := units(); len(got) != 1 || got[0] != "phu-yen" {
		t.Fatalf("from memory: %q, want the first answer unchanged by its caller", got)
	}
	claim(a, "quang-ngai")
	if got := units(); len(got) != 3 {
		t.Errorf("after this process wrote: %q, want all three reminders", got)
	}
}
