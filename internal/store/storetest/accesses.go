package storetest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// sessionsIdleAndExpire: a session is found while it is used, is gone once
// idle longer than allowed or past its absolute expiry, and ends with its
// user's password change.
func sessionsIdleAndExpire(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	u, err := s.CreateUser(ctx, store.User{Username: "phuyen", PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	idle := 2 * time.Hour
	if err := s.CreateSession(ctx, "a", store.Session{UserID: u.ID, CreatedAt: t0, SeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// Used every hour and a half: alive until its absolute expiry.
	at := t0
	for i := 0; i < 7; i++ {
		at = at.Add(90 * time.Minute)
		if _, got, err := s.TouchSession(ctx, "a", at, idle); err != nil || got.Username != "phuyen" {
			t.Fatalf("in use at %s: %v", at, err)
		}
	}
	if _, _, err := s.TouchSession(ctx, "a", t0.Add(12*time.Hour+time.Minute), idle); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("past its expiry: %v", err)
	}
	// Idle too long.
	if err := s.CreateSession(ctx, "b", store.Session{UserID: u.ID, CreatedAt: t0, SeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TouchSession(ctx, "b", t0.Add(idle+time.Minute), idle); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("idle too long: %v", err)
	}
	// A new password ends the sessions there are.
	if err := s.CreateSession(ctx, "c", store.Session{UserID: u.ID, CreatedAt: t0, SeenAt: t0, ExpiresAt: t0.Add(12 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, u.ID, u.Rights, "h2", t0.Add(time.Minute), false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.TouchSession(ctx, "c", t0.Add(2*time.Minute), idle); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a session outlived the password: %v", err)
	}
}

// attemptsCountedAtomically: parallel attempts under one key are each
// counted once (no two see the same count), and a window that has passed
// starts again at one.
func attemptsCountedAtomically(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	const n = 24
	seen := make(chan int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _, err := s.CountAttempt(ctx, "user:gia-lai", now, 15*time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			seen <- c
		}()
	}
	wg.Wait()
	close(seen)
	got := map[int]bool{}
	for c := range seen {
		if got[c] {
			t.Errorf("two attempts counted as %d", c)
		}
		got[c] = true
	}
	if len(got) != n || !got[1] || !got[n] {
		t.Errorf("counts %v, want 1…%d", got, n)
	}
	if err := s.UncountAttempt(ctx, "user:gia-lai"); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := s.CountAttempt(ctx, "user:gia-lai", now.Add(time.Minute), 15*time.Minute); c != n {
		t.Errorf("after one taken back, the next is %d, want %d", c, n)
	}
	if c, first, _ := s.CountAttempt(ctx, "user:gia-lai", now.Add(16*time.Minute), 15*time.Minute); c != 1 || !first.Equal(now.Add(16*time.Minute)) {
		t.Errorf("a new window: %d from %s", c, first)
	}
}

// dataVersionFollowsWrites: reading changes no version; a write of the
// year's data, of a unit's name or of the next year's election does; a
// write to another bloc does not.
func dataVersionFollowsWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	const bloc, year = "tay-nguyen-duyen-hai-mien-trung", 2024
	version := func() string {
		t.Helper()
		v, err := s.DataVersion(ctx, bloc, year)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version()
	if _, err := store.LoadYear(ctx, s, bloc, year); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v0 {
		t.Fatalf("a read changed the version: %s → %s", v0, v)
	}
	n := int64(7)
	if err := s.PutIndicators(ctx, domain.Indicators{Unit: "gia-lai", Year: year, Period: domain.PeriodYear, NewProjects: &n}); err != nil {
		t.Fatal(err)
	}
	v1 := version()
	if v1 == v0 {
		t.Error("a member's figures changed, the version did not")
	}
	// Another bloc's write leaves it.
	if err := s.PutIndicators(ctx, domain.Indicators{Unit: "bac-giang", Year: year, Period: domain.PeriodYear, NewProjects: &n}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v1 {
		t.Error("another bloc's figures changed this bloc's version")
	}
	// A member's new name from a date.
	u, err := s.GetUnit(ctx, "gia-lai")
	if err != nil {
		t.Fatal(err)
	}
	u.Names = append(u.Names, domain.NameVersion{ValidFrom: "2024-10-01", Full: "Ban Quản lý Khu kinh tế tỉnh Gia Lai (tên mới)"})
	if err := s.PutUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	v2 := version()
	if v2 == v1 {
		t.Error("a member was renamed, the version did not change")
	}
	// An upload received is in no document yet: the version stays (the
	// cached documents too); refused, it still stays; accepted, it moves.
	up, err := s.SaveUpload(ctx, store.Upload{Bloc: bloc, Year: year, Unit: "gia-lai", SHA256: strings.Repeat("e", 64), Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v2 {
		t.Errorf("an upload received, not yet read, changed the version: %s → %s", v2, v)
	}
	if _, err := s.RejectUpload(ctx, up.ID, []domain.FieldError{{Field: "file", Code: "x", Message: "x"}}, 10); err != nil {
		t.Fatal(err)
	}
	if v := version(); v != v2 {
		t.Errorf("a refused upload changed the version: %s → %s", v2, v)
	}
	cs, err := s.CurrentCriteria(ctx, bloc, year)
	if err != nil {
		t.Fatal(err)
	}
	up, err = s.SaveUpload(ctx, store.Upload{Bloc: bloc, Year: year, Unit: "gia-lai", SHA256: strings.Repeat("f", 64), Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	keep := func(prev *domain.UnitScores) domain.UnitScores { return *prev }
	if err := s.AcceptUpload(ctx, up.ID, cs.ID, keep, nil); err != nil {
		t.Fatal(err)
	}
	if v := version(); v == v2 {
		t.Error("an accepted upload left the version")
	}
}

// namesByDate: a name history is kept whole and read back by date; the
// year's members carry the name of the year's end.
func namesByDate(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	u := domain.Unit{Slug: "kkt-hau-giang", Kind: "KCN",
		Names: domain.NameHistory{{Full: "Ban Quản lý các khu công nghiệp tỉnh Hậu Giang"},
			{ValidFrom: "2025-07-01", Full: "Ban Quản lý các khu kinh tế, công nghiệp thành phố Cần Thơ"}},
		Province: domain.NameHistory{{Full: "Hậu Giang"}, {ValidFrom: "2025-07-01", Full: "Cần Thơ"}}}
	if err := s.PutUnit(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetUnit(ctx, u.Slug)
	if err != nil || len(got.Names) != 2 || len(got.Province) != 2 {
		t.Fatalf("history kept: %+v %v", got, err)
	}
	for date, want := range map[string]string{"2024-12-31": "Hậu Giang", "2025-06-30": "Hậu Giang", "2025-07-01": "Cần Thơ", "2026-01-01": "Cần Thơ"} {
		if p := got.Province.At(date).Full; p != want {
			t.Errorf("province on %s: %s, want %s", date, p, want)
		}
	}
	if err := s.PutBloc(ctx, domain.Bloc{Slug: "mien-tay", Names: domain.NameHistory{{Full: "Khối miền Tây"}}, Parent: domain.NameHistory{{Full: "Bộ Tài chính"}}}); err != nil {
		t.Fatal(err)
	}
	for _, year := range []int{2024, 2025} {
		if err := s.PutMembership(ctx, domain.Membership{Bloc: "mien-tay", Year: year, Unit: u.Slug}); err != nil {
			t.Fatal(err)
		}
		ms, err := s.Members(ctx, "mien-tay", year)
		if err != nil || len(ms) != 1 {
			t.Fatalf("%d members: %v %v", year, ms, err)
		}
		want := map[int]string{2024: "tỉnh Hậu Giang", 2025: "thành phố Cần Thơ"}[year]
		if !strings.Contains(ms[0].Name.Full, want) {
			t.Errorf("%d: member named %q, want …%s", year, ms[0].Name.Full, want)
		}
	}
}

// sheetKeepsItsOrder: a sheet's marks come back in the order they were
// given (the criteria's, where "1.10" follows "1.9"), whatever the
// backend's own order of rows.
func sheetKeepsItsOrder(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	cs, err := s.CurrentCriteria(ctx, "tay-nguyen-duyen-hai-mien-trung", 2024)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	err = s.UpdateSheet(ctx, cs.ID, "gia-lai", func(prev *domain.UnitScores) (domain.UnitScores, error) {
		us := *prev
		// Reversed, so that neither code order nor the first writing's
		// order gives it back.
		slices.Reverse(us.Scores)
		for _, sc := range us.Scores {
			want = append(want, sc.Code)
		}
		return us, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := s.ListScores(ctx, cs.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range sheets {
		if sh.Unit != "gia-lai" {
			continue
		}
		var got []string
		for _, sc := range sh.Scores {
			got = append(got, sc.Code)
		}
		if !slices.Equal(got, want) {
			t.Errorf("read back in another order:\n got %v\nwant %v", got, want)
		}
		return
	}
	t.Fatal("Gia Lai's sheet is gone")
}
