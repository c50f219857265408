package storetest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/store"
)

// leasesOneHolder: of many owners that ask for a lease at once, one gets
// it; it renews its own, nobody else takes it while it lasts, anybody
// may once it expired or was released.
func leasesOneHolder(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	now := time.Date(2026, 12, 20, 1, 0, 0, 0, time.UTC)
	const name = "dossier:k:2026"
	var won atomic.Int64
	var winner atomic.Value
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			owner := fmt.Sprintf("replica-%d", i)
			ok, err := s.AcquireLease(ctx, name, owner, now, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				won.Add(1)
				winner.Store(owner)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Fatalf("%d owners hold one lease", won.Load())
	}
	holder := winner.Load().(string)
	if ok, _ := s.AcquireLease(ctx, name, holder, now.Add(30*time.Second), time.Minute); !ok {
		t.Error("the holder could not renew its lease")
	}
	if ok, _ := s.AcquireLease(ctx, name, "other", now.Add(80*time.Second), time.Minute); ok {
		t.Error("another owner took a renewed lease before it expired")
	}
	if ok, _ := s.AcquireLease(ctx, name, "other", now.Add(91*time.Second), time.Minute); !ok {
		t.Error("an expired lease was not taken over")
	}
	if err := s.ReleaseLease(ctx, name, holder); err != nil { // not its lease any more: nothing
		t.Fatal(err)
	}
	if ok, _ := s.AcquireLease(ctx, name, holder, now.Add(92*time.Second), time.Minute); ok {
		t.Error("a release by the old holder freed the new holder's lease")
	}
	if err := s.ReleaseLease(ctx, name, "other"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.AcquireLease(ctx, name, holder, now.Add(93*time.Second), time.Minute); !ok {
		t.Error("a released lease was not free")
	}
}

// dossierVersionsNumberedOnce: replicas publishing at once get numbers
// 1, 2, … without gaps or twins; the same fingerprint as the newest
// version makes none.
func dossierVersionsNumberedOnce(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	version := func(fp string) store.DossierVersion {
		sha := strings.Repeat(fp[:1], 64)
		return store.DossierVersion{Bloc: demo.TayNguyen, Year: 2023, Fingerprint: fp, Generator: "test", CreatedAt: time.Now(),
			ZIPName: "ho-so.zip", ZIPSHA256: sha, ZIPSize: 10, Manifest: []byte("{}"),
			Files: []store.DossierFile{{Name: "Báo cáo tổng kết.pdf", Kind: "bao-cao-tong-ket", Format: "pdf", SHA256: sha, Size: 10}}}
	}
	var wg sync.WaitGroup
	var made atomic.Int64
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, created, err := s.PublishVersion(ctx, version(fmt.Sprintf("%x-fp", i+1)))
			if err != nil {
				t.Error(err)
			}
			if created {
				made.Add(1)
			}
		}()
	}
	wg.Wait()
	vs, err := s.ListVersions(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != int(made.Load()) || len(vs) < 1 {
		t.Fatalf("%d versions listed, %d said made", len(vs), made.Load())
	}
	for i, v := range vs { // newest first
		if want := len(vs) - i; v.Number != want {
			t.Errorf("version %d where %d was expected (numbers %v)", v.Number, want, numbers(vs))
		}
	}
	newest := vs[0]
	again, created, err := s.PublishVersion(ctx, version(newest.Fingerprint))
	if err != nil || created || again.Number != newest.Number {
		t.Fatalf("the newest fingerprint again: %d created %v %v", again.Number, created, err)
	}
	got, err := s.GetVersion(ctx, demo.TayNguyen, 2023, newest.Number)
	if err != nil || len(got.Files) != 1 || got.Files[0].Name != "Báo cáo tổng kết.pdf" {
		t.Fatalf("version with its files: %+v %v", got, err)
	}
}

func numbers(vs []store.DossierVersion) []int {
	var out []int
	for _, v := range vs {
		out = append(out, v.Number)
	}
	return out
}

// remindersClaimedOnce: replicas that remind the same board of the same
// deadline at once: one claim wins; a released claim can be made again.
func remindersClaimedOnce(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	r := store.Reminder{Bloc: demo.TayNguyen, Year: 2024, Due: "tu-cham", DueDate: "2024-12-15", Unit: "phu-yen", SentAt: time.Now(), SentBy: "tự động", Recipients: 1}
	var wins atomic.Int64
	var wg sync.WaitGroup
	for range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.ClaimReminder(ctx, r)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	if wins.Load() != 1 {
		t.Fatalf("%d claims of one reminder won", wins.Load())
	}
	if err := s.ReleaseReminder(ctx, r); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ClaimReminder(ctx, r); !ok || err != nil {
		t.Fatalf("claim after release: %v %v", ok, err)
	}
	if rs, _ := s.ListReminders(ctx, demo.TayNguyen, 2024); len(rs) != 1 || rs[0].Unit != "phu-yen" {
		t.Fatalf("reminders %+v", rs)
	}
}
