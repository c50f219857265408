package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

func demoMembershipByYearAndNames(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	for _, c := range []struct {
		bloc string
		year int
		n    int
	}{{demo.TayNguyen, 2022, 11}, {demo.TayNguyen, 2023, 11}, {demo.TayNguyen, 2025, 6}, {demo.TrungDu, 2023, 7}, {demo.BacTrung, 2023, 6}, {demo.BacTrung, 2019, 0}} {
		all, err := s.Members(ctx, c.bloc, c.year)
		ms := slices.DeleteFunc(all, func(m domain.Member) bool { return m.Until != "" }) // those of the year's end
		if err != nil || len(ms) != c.n {
			t.Errorf("%s %d: %d members, %v; want %d", c.bloc, c.year, len(ms), err, c.n)
		}
	}
	// Renamed in 2025: Huế became a centrally-run city; 2023 keeps the old name.
	hue := func(year int) string {
		ms, _ := s.Members(ctx, demo.BacTrung, year)
		for _, m := range ms {
			if m.Unit == "thua-thien-hue" {
				return m.Name.Full + " / " + m.Province
			}
		}
		return ""
	}
	if got := hue(2023); got != "Ban Quản lý Khu kinh tế, công nghiệp tỉnh Thừa Thiên Huế / Thừa Thiên Huế" {
		t.Errorf("2023 name = %q", got)
	}
	// A later rename and membership in a later year.
	if err := s.PutMembership(ctx, domain.Membership{Bloc: demo.BacTrung, Year: 2025, Unit: "thua-thien-hue"}); err != nil {
		t.Fatal(err)
	}
	if got := hue(2025); got != "Ban Quản lý Khu kinh tế, công nghiệp thành phố Huế / Huế" {
		t.Errorf("2025 name = %q", got)
	}
	// Merged units: Kon Tum into Dung Quất from 1 July 2025; 2023 keeps Kon Tum.
	kt, err := s.GetUnit(ctx, "kon-tum")
	if err != nil || kt.MergedInto != "dung-quat" || kt.Province.At("2023-12-31").Full != "Kon Tum" || kt.Province.At("2025-12-31").Full != "Quảng Ngãi" {
		t.Errorf("kon-tum: %+v %v", kt, err)
	}
	// A unit belongs to one bloc a year.
	err = s.PutMembership(ctx, domain.Membership{Bloc: demo.TrungDu, Year: 2023, Unit: "van-phong"})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("double membership: %v", err)
	}
}

func demoTotalsExact(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	rows, err := s.ListIndicators(ctx, demo.TayNguyen, 2022, domain.PeriodYear)
	if err != nil || len(rows) != 11 {
		t.Fatal(len(rows), err)
	}
	tot := domain.SumIndicators(rows)
	want := map[string]string{
		"new": "80", "inc": "130", "cap": "61803", "exim": "21857", "rev": "397701", "tax": "43448", "staff": "936",
	}
	got := map[string]string{
		"new": fmt.Sprint(*tot.NewProjects), "inc": fmt.Sprint(*tot.CapitalIncreaseProjects), "cap": tot.RegisteredCapital.String(),
		"exim": tot.ExportImport.String(), "rev": tot.Revenue.String(), "tax": tot.Budget.String(), "staff": fmt.Sprint(*tot.Staff),
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%s total = %s, want %s", k, got[k], want[k])
		}
	}
	for _, r := range rows {
		if !r.Demo {
			t.Errorf("generated indicators of %s not flagged demo", r.Unit)
		}
	}
}

func demoRankingMatchesReportedAwards(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	for _, c := range []struct {
		bloc          string
		year          int
		flags, merits []string
	}{
		{demo.TayNguyen, 2022, []string{"van-phong", "kon-tum"}, []string{"binh-dinh", "dung-quat", "dak-nong"}},
		{demo.TayNguyen, 2023, []string{"dung-quat", "gia-lai"}, []string{"binh-dinh", "van-phong", "dak-lak"}},
		{demo.TrungDu, 2023, []string{"tuyen-quang"}, []string{"bac-giang", "thai-nguyen"}},
	} {
		d, err := store.LoadYear(ctx, s, c.bloc, c.year)
		if err != nil {
			t.Fatal(err)
		}
		var flags, merits []string
		for _, p := range d.Proposals {
			if p.Kind == domain.AwardFlag {
				flags = append(flags, p.Unit)
			} else {
				merits = append(merits, p.Unit)
			}
		}
		if fmt.Sprint(flags) != fmt.Sprint(c.flags) || fmt.Sprint(merits) != fmt.Sprint(c.merits) {
			t.Errorf("%s %d: rule proposes %v / %v, reports say %v / %v", c.bloc, c.year, flags, merits, c.flags, c.merits)
		}
		if got := d.Awarded(domain.AwardFlag); fmt.Sprint(got) != fmt.Sprint(c.flags) {
			t.Errorf("%s %d: recorded flags %v", c.bloc, c.year, got)
		}
	}
}

func criteriaFrozenOnceScored(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	cs, err := s.CurrentCriteria(ctx, demo.TayNguyen, 2023)
	if err != nil || !cs.Frozen {
		t.Fatalf("current set %v frozen=%v", err, cs.Frozen)
	}
	if _, err := s.AddCriteria(ctx, cs); !errors.Is(err, store.ErrFrozen) {
		t.Errorf("new version over scored set: %v", err)
	}
	// A year with no marks yet takes new versions.
	cs.Year = 2026
	v1, err := s.AddCriteria(ctx, cs)
	if err != nil || v1.Version != 1 {
		t.Fatal(v1.Version, err)
	}
	v2, err := s.AddCriteria(ctx, cs)
	if err != nil || v2.Version != 2 {
		t.Fatal(v2.Version, err)
	}
	all, _ := s.ListCriteria(ctx, demo.TayNguyen, 2026)
	if len(all) != 2 {
		t.Errorf("versions kept: %d", len(all))
	}
}

func concurrentWritesDoNotLock(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			n := int64(i)
			units := []string{"dak-lak", "gia-lai", "kon-tum", "lam-dong"}
			if err := s.PutIndicators(ctx, domain.Indicators{Unit: units[i%4], Year: 2030, Period: domain.PeriodYear, NewProjects: &n}); err != nil {
				errs <- err
			}
			if _, err := s.ListBlocs(ctx); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func uploadAcceptedAtomicallyNewestWins(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	cs, err := s.CurrentCriteria(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	save := func(sha string) store.Upload {
		t.Helper()
		up, err := s.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2023, Unit: "van-phong", SHA256: sha, Size: 10, Filename: "phiếu.xlsx"})
		if err != nil {
			t.Fatal(err)
		}
		return up
	}
	mark := func(v int64) func(*domain.UnitScores) domain.UnitScores {
		return func(prev *domain.UnitScores) domain.UnitScores {
			d := domain.Dec(v)
			return domain.UnitScores{Scores: []domain.Score{{Code: cs.Lines()[0].Code, Self: &d}}}
		}
	}
	self := func() int64 {
		sheets, _ := s.ListScores(ctx, cs.ID)
		for _, sh := range sheets {
			if sh.Unit == "van-phong" {
				return int64(*sh.Scores[0].Self / domain.DecimalScale)
			}
		}
		return -1
	}
	older, newer := save(strings.Repeat("a", 64)), save(strings.Repeat("b", 64))
	// Read against a criteria version that is no longer current: refused,
	// nothing written.
	if err := s.AcceptUpload(ctx, older.ID, cs.ID+100, mark(1), nil); !errors.Is(err, store.ErrStaleCriteria) {
		t.Fatalf("stale criteria: %v", err)
	}
	if err := s.AcceptUpload(ctx, newer.ID, cs.ID, mark(2), nil); err != nil {
		t.Fatal(err)
	}
	// The older upload finishes last: it does not replace the newer marks.
	if err := s.AcceptUpload(ctx, older.ID, cs.ID, mark(1), nil); !errors.Is(err, store.ErrSuperseded) {
		t.Fatalf("older after newer: %v", err)
	}
	if got := self(); got != 2 {
		t.Errorf("current mark %d, want the newer upload's 2", got)
	}
	got, _ := s.GetUpload(ctx, older.ID)
	if got.Status != store.UploadSuperseded {
		t.Errorf("older upload %s", got.Status)
	}
	// A failure inside the transaction changes nothing.
	third := save(strings.Repeat("c", 64))
	bad := func(*domain.UnitScores) domain.UnitScores {
		return domain.UnitScores{Scores: []domain.Score{{Code: "x"}, {Code: "x"}}} // duplicate key
	}
	if err := s.AcceptUpload(ctx, third.ID, cs.ID, bad, nil); err == nil {
		t.Fatal("duplicate codes accepted")
	}
	if got := self(); got != 2 {
		t.Errorf("mark %d after a failed accept", got)
	}
	if got, _ := s.GetUpload(ctx, third.ID); got.Status != store.UploadReceived {
		t.Errorf("status %s after a failed accept", got.Status)
	}
	// Interrupted: received before the cut and never finished (third);
	// one received after it may still be in a replica's hands.
	cut := time.Now()
	recent, err := s.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2023, Unit: "van-phong", SHA256: strings.Repeat("d", 64), Size: 10, ReceivedAt: cut.Add(time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.MarkInterrupted(ctx, cut, []domain.FieldError{{Field: "file", Code: "upload_interrupted", Message: "x"}})
	if err != nil || n != 1 {
		t.Fatalf("interrupted %d %v", n, err)
	}
	if got, _ := s.GetUpload(ctx, recent.ID); got.Status != store.UploadReceived {
		t.Errorf("an upload received a moment ago was marked %s", got.Status)
	}
	if got, _ := s.GetUpload(ctx, third.ID); got.Status != store.UploadInterrupted || got.Errors[0].Code != "upload_interrupted" {
		t.Errorf("interrupted upload %+v", got)
	}
}

// Refused uploads are bounded: the same bytes once, the newest keep of a

// unit, and blobs no upload names are handed back for deletion.

func rejectedUploadsBounded(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	reject := func(sha string) []string {
		t.Helper()
		up, err := s.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2023, Unit: "van-phong", SHA256: sha, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		orphans, err := s.RejectUpload(ctx, up.ID, []domain.FieldError{{Field: "file", Code: "c", Message: sha[:1]}}, 3)
		if err != nil {
			t.Fatal(err)
		}
		return orphans
	}
	sha := func(c string) string { return strings.Repeat(c, 64) }
	for _, c := range []string{"1", "2", "1", "3"} {
		if o := reject(sha(c)); len(o) != 0 {
			t.Fatalf("orphans %v while under the bound", o)
		}
	}
	if o := reject(sha("4")); len(o) != 1 || o[0] != sha("2") {
		t.Fatalf("orphans %v, want the oldest distinct (2)", o)
	}
	list, _ := s.ListUploads(ctx, demo.TayNguyen, 2023, "van-phong")
	var got []string
	for _, u := range list {
		got = append(got, u.SHA256[:1])
	}
	if strings.Join(got, "") != "431" {
		t.Errorf("kept %v, want newest first 4 3 1", got)
	}
	if _, err := s.ListUploads(ctx, "khong-co", 2023, "van-phong"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown bloc: %v", err)
	}
}

// A bloc-year's report deadlines survive the store.

func deadlinesRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	if err := s.PutBloc(ctx, domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}); err != nil {
		t.Fatal(err)
	}
	want := domain.Deadlines{MidYear: "2024-06-15", YearEnd: "2024-11-30"}
	if err := s.PutYear(ctx, domain.BlocYear{Bloc: "k", Year: 2024, Deadlines: want}); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetYear(ctx, "k", 2024)
	if err != nil || got.Deadlines != want {
		t.Fatalf("deadlines read back %+v, %v; want %+v", got.Deadlines, err, want)
	}
}
