package jobs

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testenv"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
)

// env is a data folder opened by this process.
type env struct {
	dir   string
	st    *sqlstore.Store
	blobs blob.Store
	rs    *render.Service
}

func openEnv(t testing.TB, dir string, load bool) *env {
	t.Helper()
	e := testenv.Open(t, dir, load)
	return &env{dir: e.Dir, st: e.Store, blobs: e.Blobs, rs: e.Render}
}

func (e *env) runner(t testing.TB, clock clockwork.Clock, owner string, r dossier.Renderer) *Runner {
	t.Helper()
	if r == nil {
		r = e.rs
	}
	b := dossier.New(dossier.Config{Source: e.st, Render: r, Blobs: e.blobs, Generator: "test", Parallel: 2})
	run, err := New(Config{Store: e.st, Builder: b, Blobs: e.blobs, Clock: clock, Owner: owner, LeaseTTL: 2 * time.Second, Backoff: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// waitRuns waits (in real time) until the bloc-year has n finished runs.
func waitRuns(t *testing.T, st store.Dossiers, bloc string, year, n int) []store.DossierRun {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		runs, err := st.ListRuns(context.Background(), bloc, year, 50)
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, r := range runs {
			if r.Status == store.RunSucceeded || r.Status == store.RunFailed {
				done++
			}
		}
		if done >= n {
			return runs
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("%s %d: fewer than %d finished runs after 30 s", bloc, year, n)
	return nil
}

func ict(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestScheduleFiresAtLocalTime: 08:00 on 20 December in Vietnam is 01:00
// UTC; midnight on 1 January there is 17:00 UTC on 31 December, and the
// run builds the new year (the bloc's year of the local date).
func TestScheduleFiresAtLocalTime(t *testing.T) {
	cases := []struct {
		name     string
		cron     string
		start    time.Time // UTC, one minute before it is due
		wantYear int
	}{
		{"20 December 08:00", "0 8 20 12 *", time.Date(2023, 12, 20, 0, 59, 0, 0, time.UTC), 2023},
		{"across the year boundary", "0 0 1 1 *", time.Date(2023, 12, 31, 16, 59, 0, 0, time.UTC), 2024},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := openEnv(t, t.TempDir(), true)
			ctx := context.Background()
			clock := clockwork.NewFakeClockAt(c.start.Add(-time.Hour))
			r := e.runner(t, clock, "a", nil)
			if _, err := r.SetSchedule(ctx, store.DossierSchedule{Bloc: demo.TayNguyen, Cron: c.cron, Enabled: true}, "test"); err != nil {
				t.Fatal(err)
			}
			if err := r.Start(ctx); err != nil {
				t.Fatal(err)
			}
			defer r.Stop()
			clock.Advance(time.Hour) // one minute before: nothing yet
			time.Sleep(100 * time.Millisecond)
			for _, y := range []int{2023, 2024} {
				if runs, _ := e.st.ListRuns(ctx, demo.TayNguyen, y, 10); len(runs) != 0 {
					t.Fatalf("a run before its time: %+v", runs)
				}
			}
			clock.Advance(time.Minute)
			runs := waitRuns(t, e.st, demo.TayNguyen, c.wantYear, 1)
			if runs[0].Trigger != store.TriggerSchedule || runs[0].Status != store.RunSucceeded || runs[0].Version != 1 {
				t.Fatalf("run: %+v", runs[0])
			}
			r.Wait()
			sc, _ := e.st.GetSchedule(ctx, demo.TayNguyen)
			if want := c.start.Add(time.Minute); !sc.LastFired.Equal(want) {
				t.Errorf("last fired %v, want %v", sc.LastFired, want)
			}
			_ = ict
		})
	}
}

// TestCatchUpRunsOnce: two scheduled times passed while the service was
// down; one run at start-up, none at the next start.
func TestCatchUpRunsOnce(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	clock := clockwork.NewFakeClockAt(time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC))
	r := e.runner(t, clock, "a", nil)
	if _, err := r.SetSchedule(ctx, store.DossierSchedule{Bloc: demo.BacTrung, Cron: "0 8 20 12 *", Enabled: true}, "test"); err != nil {
		t.Fatal(err)
	}
	// Down from 1 December 2022 to 5 January 2024: 20/12/2022 and
	// 20/12/2023 missed.
	clock2 := clockwork.NewFakeClockAt(time.Date(2024, 1, 5, 3, 0, 0, 0, time.UTC))
	r2 := e.runner(t, clock2, "b", nil)
	if err := r2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r2.Wait()
	runs := waitRuns(t, e.st, demo.BacTrung, 2023, 1)
	if len(runs) != 1 || runs[0].Trigger != store.TriggerCatchUp || runs[0].Status != store.RunSucceeded {
		t.Fatalf("catch-up runs: %+v", runs)
	}
	if other, _ := e.st.ListRuns(ctx, demo.BacTrung, 2024, 10); len(other) != 0 {
		t.Fatalf("runs of 2024: %+v", other)
	}
	r2.Stop()
	r3 := e.runner(t, clock2, "c", nil)
	if err := r3.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r3.Wait()
	r3.Stop()
	if runs, _ := e.st.ListRuns(ctx, demo.BacTrung, 2023, 10); len(runs) != 1 {
		t.Fatalf("a second start caught up again: %d runs", len(runs))
	}
}

// TestTwoRunnersOneVersion: two runners (two replicas) race for one
// bloc-year; the lease lets one build at a time, and one version results.
func TestTwoRunnersOneVersion(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	clock := clockwork.NewRealClock()
	a, b := e.runner(t, clock, "a", nil), e.runner(t, clock, "b", nil)
	var wg sync.WaitGroup
	out := make([]store.DossierRun, 2)
	for i, r := range []*Runner{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run, err := r.RunNow(ctx, demo.BacTrung, 2023, store.TriggerManual, "test")
			if err != nil {
				t.Error(err)
			}
			out[i] = run
		}()
	}
	wg.Wait()
	vs, err := e.st.ListVersions(ctx, demo.BacTrung, 2023)
	if err != nil || len(vs) != 1 {
		t.Fatalf("versions: %d %v", len(vs), err)
	}
	created := 0
	for _, r := range out {
		if r.Status != store.RunSucceeded || r.Version != 1 {
			t.Errorf("run %+v", r)
		}
		if r.NewVersion {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d runs say they created the version", created)
	}
}

// slow renders like the real one, slowly, so a run can be stopped mid-way.
type slow struct {
	dossier.Renderer
	delay time.Duration
	calls chan struct{}
}

func (s slow) RenderYear(ctx context.Context, y *render.Year, r render.Request) (render.File, error) {
	select {
	case s.calls <- struct{}{}:
	default:
	}
	select {
	case <-time.After(s.delay):
	case <-ctx.Done():
		return render.File{}, ctx.Err()
	}
	return s.Renderer.RenderYear(ctx, y, r)
}

// TestCancelledRunLeavesNoVersion: the service stops mid-way; no version is
// visible, the run says it was cancelled, and the next run completes it.
func TestCancelledRunLeavesNoVersion(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	calls := make(chan struct{}, 1)
	r := e.runner(t, clockwork.NewRealClock(), "a", slow{e.rs, 50 * time.Millisecond, calls})
	if _, err := r.Trigger(ctx, demo.TayNguyen, 2023, "test"); err != nil {
		t.Fatal(err)
	}
	<-calls
	time.Sleep(120 * time.Millisecond)
	r.Stop()
	if vs, _ := e.st.ListVersions(ctx, demo.TayNguyen, 2023); len(vs) != 0 {
		t.Fatalf("a version after a cancelled run: %+v", vs)
	}
	runs, _ := e.st.ListRuns(ctx, demo.TayNguyen, 2023, 10)
	if len(runs) != 1 || runs[0].Status != store.RunFailed || runs[0].Error == "" {
		t.Fatalf("cancelled run recorded as %+v", runs)
	}
	r2 := e.runner(t, clockwork.NewRealClock(), "b", nil)
	run, err := r2.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || run.Status != store.RunSucceeded || run.Version != 1 || !run.NewVersion {
		t.Fatalf("next run: %+v %v", run, err)
	}
}

// TestKilledRunnerLeavesNoVersion runs a build in a child process, kills it
// with SIGKILL mid-way, and checks that nothing partial is visible and that
// the next run, once the dead runner's lease expired, completes it.
func TestKilledRunnerLeavesNoVersion(t *testing.T) {
	if os.Getenv("THIDUA_JOBS_CHILD") != "" {
		return
	}
	dir := t.TempDir()
	te := testenv.Open(t, dir, true)
	e := &env{dir: te.Dir, st: te.Store, blobs: te.Blobs, rs: te.Render}
	ctx := context.Background()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildRunner$", "-test.v")
	cmd.Env = append(os.Environ(), "THIDUA_JOBS_CHILD="+dir, testenv.DatabaseEnv+"="+te.Database)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the child's run is running and a few files are written.
	deadline := time.Now().Add(30 * time.Second)
	for {
		runs, _ := e.st.ListRuns(ctx, demo.TayNguyen, 2023, 5)
		if len(runs) == 1 && runs[0].Status == store.RunRunning {
			time.Sleep(300 * time.Millisecond)
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("the child never ran:\n%s", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	if vs, _ := e.st.ListVersions(ctx, demo.TayNguyen, 2023); len(vs) != 0 {
		t.Fatalf("a version after SIGKILL: %+v\n%s", vs, out.String())
	}
	// A runner started at once waits for the dead one's lease (2 s), then
	// builds the dossier whole.
	r := e.runner(t, clockwork.NewRealClock(), "after", nil)
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	runs, _ := e.st.ListRuns(ctx, demo.TayNguyen, 2023, 5)
	if len(runs) != 1 || runs[0].Status != store.RunRunning {
		t.Fatalf("the killed run, while its lease lasts: %+v", runs)
	}
	start := time.Now()
	run, err := r.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || run.Status != store.RunSucceeded || run.Version != 1 {
		t.Fatalf("run after the kill: %+v %v", run, err)
	}
	t.Logf("took the lease over after %v", time.Since(start))
	v, err := e.st.GetVersion(ctx, demo.TayNguyen, 2023, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range v.Files {
		rc, err := e.blobs.Open(ctx, f.SHA256)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		rc.Close()
	}
	// The next start marks the killed run failed.
	r2 := e.runner(t, clockwork.NewRealClock(), "later", nil)
	if err := r2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r2.Stop()
	runs, _ = e.st.ListRuns(ctx, demo.TayNguyen, 2023, 5)
	if runs[len(runs)-1].Status != store.RunFailed {
		t.Errorf("the killed run is %s", runs[len(runs)-1].Status)
	}
}

// TestChildRunner is the child of TestKilledRunnerLeavesNoVersion: a slow
// build, killed from outside.
func TestChildRunner(t *testing.T) {
	dir := os.Getenv("THIDUA_JOBS_CHILD")
	if dir == "" {
		t.Skip("only as the child of TestKilledRunnerLeavesNoVersion")
	}
	e := openEnv(t, dir, false)
	r := e.runner(t, clockwork.NewRealClock(), "child", slow{e.rs, 100 * time.Millisecond, make(chan struct{}, 1)})
	r.RunNow(context.Background(), demo.TayNguyen, 2023, store.TriggerManual, "child")
	t.Fatal("the child was not killed")
}

// TestLateUploadMakesASecondVersion: a member has not submitted; the
// dossier says so. Its upload arrives late; the rerun makes version 2 with
// the upload's exact bytes, version 1 stays downloadable, and a rerun with
// nothing new makes no version.
func TestLateUploadMakesASecondVersion(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	testenv.ReopenDemo(t, e.st)
	ctx := context.Background()
	const unit = "dak-lak"
	cs, err := e.st.CurrentCriteria(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.PutScores(ctx, domain.UnitScores{Bloc: demo.TayNguyen, Year: 2023, Unit: unit, SetID: cs.ID}); err != nil {
		t.Fatal(err)
	}
	r := e.runner(t, clockwork.NewRealClock(), "a", nil)
	run1, err := r.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || run1.Version != 1 || run1.Warnings == 0 {
		t.Fatalf("first run: %+v %v", run1, err)
	}
	v1, _ := e.st.GetVersion(ctx, demo.TayNguyen, 2023, 1)
	if !bytes.Contains(v1.Manifest, []byte(`"not_submitted"`)) {
		t.Fatalf("no not_submitted warning in %s", v1.Manifest)
	}
	same, err := r.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || same.Version != 1 || same.NewVersion {
		t.Fatalf("unchanged rerun: %+v %v", same, err)
	}

	// The late upload, through the same use case as the web.
	scoring := app.NewScoring(app.ScoringConfig{Store: e.st, Blobs: e.blobs})
	target, err := scoring.Target(ctx, demo.TayNguyen, 2023, unit)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := e.rs.Render(ctx, render.Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "phieu-cham-diem", Unit: unit, Format: "xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	data := markAll(t, wb.Data)
	w, _ := e.blobs.Create(ctx)
	w.Write(data)
	ref, err := w.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	outcome, err := scoring.Submit(ctx, target, app.Submission{Filename: "phiếu Đắk Lắk.xlsx", Blob: ref})
	if err != nil || outcome.Upload.Status != store.UploadAccepted {
		t.Fatalf("late upload: %+v %v", outcome.Upload, err)
	}
	run2, err := r.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || run2.Version != 2 || !run2.NewVersion {
		t.Fatalf("rerun after the upload: %+v %v", run2, err)
	}
	v2, _ := e.st.GetVersion(ctx, demo.TayNguyen, 2023, 2)
	found := false
	for _, f := range v2.Files {
		if f.Kind == dossier.UploadKind && f.Unit == unit {
			found = true
			rc, err := e.blobs.Open(ctx, f.SHA256)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, data) {
				t.Error("the upload in the dossier is not the bytes received")
			}
		}
	}
	if !found || bytes.Contains(v2.Manifest, []byte(`"unit": "dak-lak",
      "kind": "",
      "message"`)) {
		t.Errorf("version 2 lacks the upload")
	}
	if bytes.Contains(v2.Manifest, []byte(`"code": "not_submitted",
      "unit": "dak-lak"`)) {
		t.Errorf("version 2 still says dak-lak has not submitted")
	}
	for _, n := range []int{1, 2} {
		v, err := e.st.GetVersion(ctx, demo.TayNguyen, 2023, n)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := e.blobs.Open(ctx, v.ZIPSHA256)
		if err != nil {
			t.Fatalf("version %d ZIP: %v", n, err)
		}
		rc.Close()
	}
}

// markAll gives every criterion of a generated workbook the mark 0.
func markAll(t testing.TB, wb []byte) []byte {
	t.Helper()
	b, err := xlsxtest.MarkAll(wb, xlsx.SheetMeta, xlsx.SheetScores, 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// failing fails its first n renders, as a full disk or a lost store would.
type failing struct {
	dossier.Renderer
	mu   sync.Mutex
	left int
}

func (f *failing) RenderYear(ctx context.Context, y *render.Year, r render.Request) (render.File, error) {
	f.mu.Lock()
	fail := f.left > 0
	if fail {
		f.left--
	}
	f.mu.Unlock()
	if fail {
		return render.File{}, io.ErrUnexpectedEOF
	}
	return f.Renderer.RenderYear(ctx, y, r)
}

// TestFailedRunIsRetried: a run that fails is tried again after a growing
// wait, each attempt recorded; the user sees a Vietnamese message, never
// the library's words; after the last attempt it stays failed.
func TestFailedRunIsRetried(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	// One failure (renders run side by side, so one failing attempt may
	// use up several: one is what a test can count on).
	r := e.runner(t, clockwork.NewRealClock(), "a", &failing{Renderer: e.rs, left: 1})
	run, err := r.RunNow(ctx, demo.BacTrung, 2023, store.TriggerManual, "test")
	if err != nil || run.Status != store.RunSucceeded || run.Attempt != 2 || run.Trigger != store.TriggerRetry {
		t.Fatalf("after a failure: %+v %v", run, err)
	}
	runs, _ := e.st.ListRuns(ctx, demo.BacTrung, 2023, 10)
	if len(runs) != 2 {
		t.Fatalf("%d runs recorded, want 2", len(runs))
	}
	if old := runs[1]; old.Status != store.RunFailed || !strings.Contains(old.Error, "Lỗi hệ thống khi lập hồ sơ") || strings.Contains(old.Error, "EOF") {
		t.Errorf("failed attempt recorded as %+v", old)
	}
	if gap := runs[0].StartedAt.Sub(runs[1].StartedAt); gap < 10*time.Millisecond {
		t.Errorf("attempts %v apart, the backoff is 10 ms", gap)
	}

	// Always failing: three attempts, 10 then 20 ms apart, then it stays
	// failed and nothing is published.
	r2 := e.runner(t, clockwork.NewRealClock(), "b", &failing{Renderer: e.rs, left: 1 << 30})
	run, err = r2.RunNow(ctx, demo.TayNguyen, 2023, store.TriggerManual, "test")
	if err != nil || run.Status != store.RunFailed || run.Attempt != 3 {
		t.Fatalf("always failing: %+v %v", run, err)
	}
	runs, _ = e.st.ListRuns(ctx, demo.TayNguyen, 2023, 10)
	if len(runs) != 3 || runs[0].StartedAt.Sub(runs[2].StartedAt) < 30*time.Millisecond {
		t.Errorf("attempts: %d, %v apart", len(runs), runs[0].StartedAt.Sub(runs[len(runs)-1].StartedAt))
	}
	for _, old := range runs {
		if old.Status != store.RunFailed {
			t.Errorf("attempt %d: %s", old.Attempt, old.Status)
		}
	}
	if vs, _ := e.st.ListVersions(ctx, demo.TayNguyen, 2023); len(vs) != 0 {
		t.Errorf("a version from failed runs: %+v", vs)
	}
}

// counting counts renders.
type counting struct {
	dossier.Renderer
	mu sync.Mutex
	n  int
}

func (c *counting) RenderYear(ctx context.Context, y *render.Year, r render.Request) (render.File, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.Renderer.RenderYear(ctx, y, r)
}

// TestTwoReplicasBuildAScheduledTimeOnce: two replicas of the service run
// the same schedule; both fire at 08:00 on 20 December, one builds, the
// other finds the dossier of that time built and builds nothing.
func TestTwoReplicasBuildAScheduledTimeOnce(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	clock := clockwork.NewFakeClockAt(time.Date(2023, 12, 20, 0, 59, 0, 0, time.UTC))
	renders := &counting{Renderer: e.rs}
	a, b := e.runner(t, clock, "replica-a", renders), e.runner(t, clock, "replica-b", renders)
	if _, err := a.SetSchedule(ctx, store.DossierSchedule{Bloc: demo.BacTrung, Cron: "0 8 20 12 *", Enabled: true}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Runner{a, b} {
		if err := r.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer r.Stop()
	}
	clock.Advance(time.Minute)
	// The replica that waits for the lease polls on the fake clock.
	deadline := time.Now().Add(60 * time.Second)
	var runs []store.DossierRun
	for {
		runs, _ = e.st.ListRuns(ctx, demo.BacTrung, 2023, 10)
		done := 0
		for _, r := range runs {
			if r.Status == store.RunSucceeded || r.Status == store.RunFailed {
				done++
			}
		}
		if done == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("runs: %+v", runs)
		}
		// The clock moves only once the first has finished, to wake the
		// one polling for the lease: the builder's lease never expires
		// under it, however slow the machine.
		if done == 1 {
			clock.Advance(500 * time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
	}
	created := 0
	for _, r := range runs {
		if r.Status != store.RunSucceeded || r.Version != 1 || r.Trigger != store.TriggerSchedule {
			t.Errorf("run %+v", r)
		}
		if r.NewVersion {
			created++
		}
	}
	if vs, _ := e.st.ListVersions(ctx, demo.BacTrung, 2023); len(vs) != 1 || created != 1 {
		t.Errorf("%d versions, %d runs that made one", len(vs), created)
	}
	v, _ := e.st.GetVersion(ctx, demo.BacTrung, 2023, 1)
	if renders.n != len(v.Files) {
		t.Errorf("%d renders for a dossier of %d files: the second replica built it again", renders.n, len(v.Files))
	}
}

// TestKilledRunFailedOnceItsLeaseExpires: a process killed mid-build
// leaves its run "running" with a lease that is still live for a while. A
// new process's "build now" answers with that run while the lease lives,
// then — the lease expired — fails it with its reason and starts a new
// run (it kept answering with the dead run until a second restart); the
// dead run is also failed by itself a lease after the start.
func TestKilledRunFailedOnceItsLeaseExpires(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	start := time.Date(2024, 12, 20, 8, 0, 0, 0, time.UTC)
	dead, err := e.st.CreateRun(ctx, store.DossierRun{Bloc: demo.BacTrung, Year: 2023, Trigger: store.TriggerManual, Owner: "killed", QueuedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	dead.Status, dead.StartedAt = store.RunRunning, start
	if err := e.st.UpdateRun(ctx, dead); err != nil {
		t.Fatal(err)
	}
	if ok, err := e.st.AcquireLease(ctx, store.DossierLease(demo.BacTrung, 2023), "killed", start, 2*time.Second); !ok || err != nil {
		t.Fatal(ok, err)
	}
	clock := clockwork.NewFakeClockAt(start.Add(time.Second))
	held := &held{Renderer: e.rs}
	r := e.runner(t, clock, "new", held)
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	got, err := r.Trigger(ctx, demo.BacTrung, 2023, "thuky")
	if err != nil || got.ID != dead.ID {
		t.Fatalf("while the lease lives: run %d (%v), want the running one %d", got.ID, err, dead.ID)
	}
	clock.Advance(5 * time.Second) // the lease has expired
	got, err = r.Trigger(ctx, demo.BacTrung, 2023, "thuky")
	if err != nil || got.ID == dead.ID {
		t.Fatalf("after the lease expired: run %d (%v), want a new one", got.ID, err)
	}
	old, err := e.st.GetRun(ctx, dead.ID)
	if err != nil || old.Status != store.RunFailed || !strings.Contains(old.Error, "dừng") {
		t.Errorf("the dead run: %+v %v", old, err)
	}
	r.Wait()
	if run, _ := e.st.GetRun(ctx, got.ID); run.Status != store.RunSucceeded {
		t.Errorf("the new run: %+v", run)
	}
	// Two presses at once build once. The build is held until both have
	// answered: a press after a build has finished builds again, and on a
	// busy machine the second goroutine can start that late.
	release := held.hold()
	var wg sync.WaitGroup
	ids := make([]int64, 2)
	for i := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run, _ := r.Trigger(ctx, demo.BacTrung, 2023, "thuky")
			ids[i] = run.ID
		}()
	}
	wg.Wait()
	release()
	r.Wait()
	if ids[0] != ids[1] {
		t.Errorf("two presses, two runs: %v", ids)
	}
}

// held renders like the real one, except while held: then each render
// waits until released.
type held struct {
	dossier.Renderer
	mu   sync.Mutex
	wait chan struct{}
}

// hold makes renders wait from now on until the returned func is called.
func (h *held) hold() (release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.wait = make(chan struct{})
	w := h.wait
	return func() { close(w) }
}

func (h *held) RenderYear(ctx context.Context, y *render.Year, r render.Request) (render.File, error) {
	h.mu.Lock()
	w := h.wait
	h.mu.Unlock()
	if w != nil {
		select {
		case <-w:
		case <-ctx.Done():
			return render.File{}, ctx.Err()
		}
	}
	return h.Renderer.RenderYear(ctx, y, r)
}

// A run failed by the server's storage says so, not "Lỗi hệ thống".
func TestRunFaultMessage(t *testing.T) {
	err := fmt.Errorf("publish: %w", fault.Classify("/srv/thidua/blobs", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}))
	if m := userMessage(err, 7); !strings.Contains(m, "hết chỗ lưu trữ") {
		t.Errorf("message %q", m)
	}
}

// TestScheduleSetThroughAnotherReplica: replica B runs; the secretariat
// sets the schedule through replica A (which then stops). B reads the
// schedules again within Refresh and fires at the time; a schedule
// switched off through A is dropped by B the same way.
func TestScheduleSetThroughAnotherReplica(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	clock := clockwork.NewFakeClockAt(time.Date(2023, 12, 20, 0, 50, 0, 0, time.UTC))
	b := e.runner(t, clock, "replica-b", nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.Stop()
	a := e.runner(t, clock, "replica-a", nil)
	if _, err := a.SetSchedule(ctx, store.DossierSchedule{Bloc: demo.TayNguyen, Cron: "0 8 20 12 *", Enabled: true}, "test"); err != nil {
		t.Fatal(err)
	}
	inForce := func() string {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.inForce[demo.TayNguyen]
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for i := 0; !ok(); i++ {
			if i == 500 {
				t.Fatalf("replica B never %s", what)
			}
			clock.Advance(time.Second)
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("took the schedule up", func() bool { return strings.HasSuffix(inForce(), "|true") })
	clock.Advance(clock.Until(time.Date(2023, 12, 20, 1, 0, 0, 0, time.UTC)))
	runs := waitRuns(t, e.st, demo.TayNguyen, 2023, 1)
	if runs[0].Owner != "replica-b" || runs[0].Trigger != store.TriggerSchedule || runs[0].Status != store.RunSucceeded {
		t.Fatalf("run %+v", runs[0])
	}
	b.Wait()
	if _, err := a.SetSchedule(ctx, store.DossierSchedule{Bloc: demo.TayNguyen, Cron: "0 8 20 12 *", Enabled: false}, "test"); err != nil {
		t.Fatal(err)
	}
	waitFor("dropped the schedule switched off", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		_, on := b.byBloc[demo.TayNguyen]
		return !on
	})
}

// TestQueuedRunOfALiveReplicaIsNotAbandoned: replica B's run waits in
// the queue for the dossier lease replica A holds, so it holds no lease
// of its own. A third replica starting (or A's check a lease after its
// start) must not fail it while B lives; once B is gone, it is failed.
func TestQueuedRunOfALiveReplicaIsNotAbandoned(t *testing.T) {
	e := openEnv(t, t.TempDir(), true)
	ctx := context.Background()
	b := e.runner(t, clockwork.NewRealClock(), "replica-b", nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	queued, err := e.st.CreateRun(ctx, store.DossierRun{Bloc: demo.TayNguyen, Year: 2023, Trigger: store.TriggerSchedule, Owner: "replica-b", QueuedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	status := func() string {
		t.Helper()
		r, err := e.st.GetRun(ctx, queued.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r.Status
	}
	c := e.runner(t, clockwork.NewRealClock(), "replica-c", nil)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if s := status(); s != store.RunQueued {
		t.Fatalf("a live replica's queued run, after another replica started: %s", s)
	}
	b.Stop() // lets its lease go
	d := e.runner(t, clockwork.NewRealClock(), "replica-d", nil)
	if err := d.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer d.Stop()
	if s := status(); s != store.RunFailed {
		t.Fatalf("the run of a stopped replica: %s", s)
	}
}
