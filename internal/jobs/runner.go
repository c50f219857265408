// Package jobs runs the year-end dossier without anyone pressing a button:
// a schedule per bloc (go-co-op/gocron, on a clock tests can fake), runs
// recorded from queued to succeeded or failed, retries with backoff, one
// catch-up at start-up for a time missed while the service was down, and a
// lease row in the database so that only one runner builds a bloc-year at
// a time, across processes and replicas.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/jonboulle/clockwork"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/store"
)

// Store is what the runner keeps and reads.
type Store interface {
	store.Dossiers
	ListYears(ctx context.Context, bloc string) ([]int, error)
	ListBlocs(ctx context.Context) ([]domain.Bloc, error)
}

// Metrics observes runs and the storage faults that failed them; nil is
// allowed.
type Metrics interface {
	RunFinished(outcome string, d time.Duration)
	StorageFault(kind string)
}

// Config is what a Runner is made of.
type Config struct {
	Store   Store
	Builder *dossier.Builder
	Blobs   blob.Store
	Clock   clockwork.Clock // default the real clock
	Logger  *slog.Logger
	Metrics Metrics
	// Owner names this process in leases; default host-pid-random.
	Owner string
	// LeaseTTL is how long a lease lasts without renewal (a crashed
	// runner's lease is taken over after it); default 2 minutes.
	LeaseTTL time.Duration
	// Attempts is how many times a failing run is tried; default 3.
	Attempts int
	// Backoff is the wait before the first retry, doubled each time;
	// default 1 minute.
	Backoff time.Duration
	// Refresh is how often the schedules are read again from the store,
	// to follow a change made through another replica; default 30 s.
	Refresh time.Duration
}

// Runner schedules and runs dossier builds. Start it once; Stop it before
// closing the store.
type Runner struct {
	c     Config
	log   *slog.Logger
	sched gocron.Scheduler

	mu      sync.Mutex
	byBloc  map[string]gocron.Job // the schedule's job of each bloc
	inForce map[string]string     // each bloc's schedule as registered (schedKey)
	active  map[int64]bool        // the runs this process is making (queued or running)
	gate    sync.Mutex            // a run is created and marked active, or runs are abandoned, never both at once
	ctx     context.Context       // ended by Stop: every run in flight
	cancel  context.CancelFunc
	wg      sync.WaitGroup // the runs in flight
	bg      sync.WaitGroup // the runner's own upkeep
}

// New makes a Runner; nothing runs before Start.
func New(c Config) (*Runner, error) {
	if c.Clock == nil {
		c.Clock = clockwork.NewRealClock()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Owner == "" {
		host, _ := os.Hostname()
		var b [4]byte
		rand.Read(b[:])
		c.Owner = fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b[:]))
	}
	if c.Refresh <= 0 {
		c.Refresh = 30 * time.Second
	}
	if c.LeaseTTL <= 0 {
		c.LeaseTTL = 2 * time.Minute
	}
	if c.Attempts <= 0 {
		c.Attempts = 3
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Minute
	}
	s, err := gocron.NewScheduler(gocron.WithClock(c.Clock))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Runner{c: c, log: c.Logger, sched: s, byBloc: map[string]gocron.Job{}, inForce: map[string]string{}, active: map[int64]bool{}, ctx: ctx, cancel: cancel}, nil
}

// Start fails the runs a stopped process left behind, registers every
// bloc's schedule, runs once what a schedule missed while the service was
// down, and starts the scheduler.
func (r *Runner) Start(ctx context.Context) error {
	now := r.c.Clock.Now()
	// This process is alive as long as it renews its lease: another
	// replica leaves its queued runs alone meanwhile.
	if _, err := r.c.Store.AcquireLease(ctx, store.RunnerLease(r.c.Owner), r.c.Owner, now, r.c.LeaseTTL); err != nil {
		return fmt.Errorf("đăng ký tiến trình lập hồ sơ: %w", err)
	}
	r.bg.Add(1)
	go func() {
		defer r.bg.Done()
		r.heartbeat(r.ctx)
	}()
	if err := r.abandon(ctx); err != nil {
		return fmt.Errorf("lượt lập hồ sơ dở dang: %w", err)
	}
	// A process killed a moment ago still holds its lease until it
	// expires: its runs are failed once it has.
	// (Not in wg: Wait is for runs.)
	r.bg.Add(1)
	go func() {
		defer r.bg.Done()
		select {
		case <-r.ctx.Done():
		case <-r.c.Clock.After(r.c.LeaseTTL + time.Second):
			if err := r.abandon(r.ctx); err != nil && r.ctx.Err() == nil {
				r.log.Error("dossier runs left by a stopped process not marked failed", "err", err)
			}
		}
	}()
	scheds, err := r.c.Store.ListSchedules(ctx)
	if err != nil {
		return err
	}
	for _, sc := range scheds {
		if err := r.register(sc); err != nil {
			r.log.Error("dossier schedule not registered", "bloc", sc.Bloc, "err", err)
			continue
		}
		if t, ok := missed(sc, now); ok {
			r.log.Info("catching up a missed dossier run", "bloc", sc.Bloc, "scheduled", t)
			r.fire(sc.Bloc, t, store.TriggerCatchUp)
		}
	}
	if _, err := r.sched.NewJob(gocron.DurationJob(r.c.Refresh), gocron.NewTask(func() {
		if err := r.refresh(r.ctx); err != nil && r.ctx.Err() == nil {
			r.log.Error("dossier schedules not read again", "err", err)
		}
	}), gocron.WithName("dossier-schedules"), gocron.WithSingletonMode(gocron.LimitModeReschedule)); err != nil {
		return err
	}
	r.sched.Start()
	return nil
}

// abandonedMessage is what a run a stopped process left says.
const abandonedMessage = "Dịch vụ đã dừng (hoặc bị tắt đột ngột) khi đang lập hồ sơ; lượt này không hoàn thành, lượt sau sẽ lập lại"

// abandon fails the runs no live process holds (their lease expired),
// but this process's own.
func (r *Runner) abandon(ctx context.Context) error {
	r.gate.Lock()
	defer r.gate.Unlock()
	return r.abandonLocked(ctx)
}

func (r *Runner) abandonLocked(ctx context.Context) error {
	n, err := r.c.Store.AbandonRuns(ctx, r.c.Clock.Now(), abandonedMessage, r.activeRuns())
	if n > 0 {
		r.log.Warn("dossier runs left by a stopped process marked failed", "runs", n)
	}
	return err
}

// createRun records a run of this process and marks it active at once,
// so that no abandon in between takes it for a dead process's run.
func (r *Runner) createRun(ctx context.Context, run store.DossierRun) (store.DossierRun, error) {
	r.gate.Lock()
	defer r.gate.Unlock()
	return r.createLocked(ctx, run)
}

func (r *Runner) createLocked(ctx context.Context, run store.DossierRun) (store.DossierRun, error) {
	run, err := r.c.Store.CreateRun(ctx, run)
	if err == nil {
		r.setActive(run.ID, true)
	}
	return run, err
}

func (r *Runner) activeRuns() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]int64, 0, len(r.active))
	for id := range r.active {
		ids = append(ids, id)
	}
	return ids
}

func (r *Runner) setActive(id int64, on bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on {
		r.active[id] = true
	} else {
		delete(r.active, id)
	}
}

// Stop stops the schedules, cancels the runs in flight (they are recorded
// failed and caught up at the next start) and waits for them.
func (r *Runner) Stop() error {
	err := r.sched.Shutdown()
	r.cancel()
	r.wg.Wait()
	r.bg.Wait()
	return err
}

// Wait waits for the runs started so far (tests, the command line).
func (r *Runner) Wait() { r.wg.Wait() }

// Trigger queues a run of a bloc-year now and returns it; the build goes on
// in the background. While a run of the bloc-year is queued or running,
// that run is returned instead: pressing twice builds once.
func (r *Runner) Trigger(ctx context.Context, bloc string, year int, by string) (store.DossierRun, error) {
	if err := r.requireYear(ctx, bloc, year); err != nil {
		return store.DossierRun{}, err
	}
	// A run a killed process left, whose lease has expired, is failed
	// with its reason here: it must not answer for the bloc-year forever.
	// Checking for a run in progress and creating one happen under one
	// lock: two presses at once build once.
	r.gate.Lock()
	defer r.gate.Unlock()
	if err := r.abandonLocked(ctx); err != nil {
		return store.DossierRun{}, err
	}
	runs, err := r.c.Store.ListRuns(ctx, bloc, year, 10)
	if err != nil {
		return store.DossierRun{}, err
	}
	for _, o := range runs {
		if o.Status == store.RunQueued || o.Status == store.RunRunning {
			return o, nil
		}
	}
	run, err := r.createLocked(ctx, store.DossierRun{Bloc: bloc, Year: year, Trigger: store.TriggerManual, RequestedBy: by,
		Owner: r.c.Owner, QueuedAt: r.c.Clock.Now()})
	if err != nil {
		return run, err
	}
	r.goRun(run, time.Time{})
	return run, nil
}

// RunNow runs a bloc-year's build and waits for its outcome (with retries).
func (r *Runner) RunNow(ctx context.Context, bloc string, year int, trigger, by string) (store.DossierRun, error) {
	if err := r.requireYear(ctx, bloc, year); err != nil {
		return store.DossierRun{}, err
	}
	run, err := r.createRun(ctx, store.DossierRun{Bloc: bloc, Year: year, Trigger: trigger, RequestedBy: by,
		Owner: r.c.Owner, QueuedAt: r.c.Clock.Now()})
	if err != nil {
		return run, err
	}
	run, _ = r.runWithRetries(ctx, run, time.Time{})
	return run, nil
}

func (r *Runner) requireYear(ctx context.Context, bloc string, year int) error {
	years, err := r.c.Store.ListYears(ctx, bloc)
	if err != nil {
		return err
	}
	for _, y := range years {
		if y == year {
			return nil
		}
	}
	return domain.NotFoundError{Entity: "năm", Key: fmt.Sprint(year), Message: fmt.Sprintf("Khối chưa có dữ liệu năm %d", year)}
}

func (r *Runner) goRun(run store.DossierRun, scheduled time.Time) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		r.runWithRetries(r.ctx, run, scheduled)
	}()
}

// runWithRetries runs, then tries a failed run again after a growing wait,
// each attempt a run of its own; it returns the last attempt and its error.
// Data that does not exist is not retried: waiting does not make it.
func (r *Runner) runWithRetries(ctx context.Context, run store.DossierRun, scheduled time.Time) (store.DossierRun, error) {
	for {
		var err error
		run, err = r.execute(ctx, run, scheduled)
		r.setActive(run.ID, false)
		if err == nil || run.Attempt >= r.c.Attempts || ctx.Err() != nil || errors.Is(err, domain.ErrNotFound) {
			return run, err
		}
		wait := r.c.Backoff << (run.Attempt - 1)
		r.log.Warn("dossier run failed, will retry", "bloc", run.Bloc, "year", run.Year, "attempt", run.Attempt, "wait", wait, "err", run.Error)
		select {
		case <-ctx.Done():
			return run, err
		case <-r.c.Clock.After(wait):
		}
		next, err := r.createRun(context.WithoutCancel(ctx), store.DossierRun{Bloc: run.Bloc, Year: run.Year, Trigger: store.TriggerRetry,
			Attempt: run.Attempt + 1, RequestedBy: run.RequestedBy, Owner: r.c.Owner, QueuedAt: r.c.Clock.Now()})
		if err != nil {
			r.log.Error("dossier retry not recorded", "bloc", run.Bloc, "year", run.Year, "err", err)
			return run, err
		}
		run = next
	}
}

// execute makes one attempt: the lease, the build, the archive, the record.
func (r *Runner) execute(ctx context.Context, run store.DossierRun, scheduled time.Time) (store.DossierRun, error) {
	bg := context.WithoutCancel(ctx) // records are written even when ctx ends
	lease := store.DossierLease(run.Bloc, run.Year)
	if err := r.acquire(ctx, lease); err != nil {
		return r.finish(bg, run, nil, false, err)
	}
	defer r.c.Store.ReleaseLease(bg, lease, r.c.Owner)
	runCtx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	go r.keepLease(runCtx, stop, lease)

	run.Status, run.StartedAt, run.Owner = store.RunRunning, r.c.Clock.Now(), r.c.Owner
	if err := r.c.Store.UpdateRun(bg, run); err != nil {
		return r.finish(bg, run, nil, false, err)
	}
	// Another replica, or an earlier run, built this scheduled time's
	// dossier while this one waited for the lease: nothing to do.
	if !scheduled.IsZero() {
		if done, ok := r.doneSince(bg, run, scheduled); ok {
			return r.finish(bg, run, &done, false, nil)
		}
	}
	d, err := r.c.Builder.Build(runCtx, run.Bloc, run.Year, nil)
	if err != nil {
		if cause := context.Cause(runCtx); cause != nil && ctx.Err() == nil {
			err = cause
		}
		return r.finish(bg, run, nil, false, err)
	}
	v, created, err := dossier.Publish(runCtx, r.c.Store, r.c.Blobs, d, run.ID)
	if err != nil {
		return r.finish(bg, run, nil, false, err)
	}
	run.Files, run.Warnings = len(d.Manifest.Files), len(d.Manifest.Warnings)
	return r.finish(bg, run, &v, created, nil)
}

// doneSince finds a run of the bloc-year that succeeded after t.
func (r *Runner) doneSince(ctx context.Context, run store.DossierRun, t time.Time) (store.DossierVersion, bool) {
	runs, err := r.c.Store.ListRuns(ctx, run.Bloc, run.Year, 20)
	if err != nil {
		return store.DossierVersion{}, false
	}
	for _, o := range runs {
		if o.ID != run.ID && o.Status == store.RunSucceeded && !o.StartedAt.Before(t) && o.Version > 0 {
			v, err := r.c.Store.GetVersion(ctx, run.Bloc, run.Year, o.Version)
			return v, err == nil
		}
	}
	return store.DossierVersion{}, false
}

// acquire waits for the bloc-year's lease.
func (r *Runner) acquire(ctx context.Context, lease string) error {
	for {
		ok, err := r.c.Store.AcquireLease(ctx, lease, r.c.Owner, r.c.Clock.Now(), r.c.LeaseTTL)
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.c.Clock.After(r.c.LeaseTTL / 8):
		}
	}
}

// errLeaseLost stops a build whose lease another runner took.
var errLeaseLost = errors.New("mất quyền lập hồ sơ (lease) vào tay tiến trình khác")

// heartbeat renews the runner's lease until ctx ends (Stop), then lets
// it go; a failed renewal is logged and tried again at the next tick.
func (r *Runner) heartbeat(ctx context.Context) {
	name := store.RunnerLease(r.c.Owner)
	defer r.c.Store.ReleaseLease(context.WithoutCancel(ctx), name, r.c.Owner)
	r.renew(ctx, name, func(ok bool, err error) bool {
		if err != nil {
			r.log.Error("runner lease not renewed", "err", err)
		}
		return false
	})
}

// keepLease renews the lease until ctx ends; losing it stops the build.
func (r *Runner) keepLease(ctx context.Context, stop context.CancelCauseFunc, lease string) {
	r.renew(ctx, lease, func(ok bool, err error) bool {
		if err != nil || !ok {
			stop(errLeaseLost)
			return true
		}
		return false
	})
}

// renew takes the lease again every third of its time to live, until ctx
// ends or after reports the outcome of a renewal as the end.
func (r *Runner) renew(ctx context.Context, lease string, after func(ok bool, err error) (done bool)) {
	t := r.c.Clock.NewTicker(r.c.LeaseTTL / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.Chan():
			ok, err := r.c.Store.AcquireLease(ctx, lease, r.c.Owner, r.c.Clock.Now(), r.c.LeaseTTL)
			if ctx.Err() != nil || after(ok, err) {
				return
			}
		}
	}
}

// finish records the outcome of an attempt.
func (r *Runner) finish(ctx context.Context, run store.DossierRun, v *store.DossierVersion, created bool, err error) (store.DossierRun, error) {
	run.FinishedAt = r.c.Clock.Now()
	if run.StartedAt.IsZero() {
		run.StartedAt = run.FinishedAt
	}
	outcome := "succeeded"
	if err != nil {
		run.Status, run.Error = store.RunFailed, userMessage(err, run.ID)
		outcome = "failed"
		if errors.Is(err, context.Canceled) {
			outcome = "cancelled"
		}
		if f, ok := fault.Of(err); ok && r.c.Metrics != nil {
			r.c.Metrics.StorageFault(f.Label())
		}
		r.log.Error("dossier run failed", "bloc", run.Bloc, "year", run.Year, "run", run.ID, "attempt", run.Attempt, "err", err)
	} else {
		run.Status, run.Error = store.RunSucceeded, ""
		if v != nil {
			run.Version, run.NewVersion = v.Number, created
			if run.Files == 0 {
				run.Files = len(v.Files)
			}
		}
		r.log.Info("dossier run succeeded", "bloc", run.Bloc, "year", run.Year, "run", run.ID, "version", run.Version, "new", created,
			"files", run.Files, "duration", run.Duration())
	}
	if uerr := r.c.Store.UpdateRun(ctx, run); uerr != nil {
		r.log.Error("dossier run not recorded", "run", run.ID, "err", uerr)
	}
	if r.c.Metrics != nil {
		r.c.Metrics.RunFinished(outcome, run.Duration())
	}
	return run, err
}

// userMessage is what a run's record says of an error: the Vietnamese
// message of a domain error, else a general one (the detail is logged).
func userMessage(err error, id int64) string {
	var nf domain.NotFoundError
	f, isFault := fault.Of(err)
	switch {
	case isFault: // the disk is full, the folder read-only, the database damaged
		return f.Message()
	case errors.As(err, &nf):
		if nf.Message != "" {
			return nf.Message
		}
		return nf.Error()
	case errors.Is(err, context.Canceled):
		return "Đã hủy (dịch vụ dừng hoặc người dùng hủy); lượt sau sẽ lập lại"
	case errors.Is(err, errLeaseLost):
		return errLeaseLost.Error()
	}
	return fmt.Sprintf("Lỗi hệ thống khi lập hồ sơ; chi tiết trong nhật ký của dịch vụ (lượt %d)", id)
}

// Runs lists a bloc-year's runs, newest first.
func (r *Runner) Runs(ctx context.Context, bloc string, year int) ([]store.DossierRun, error) {
	if err := r.requireYear(ctx, bloc, year); err != nil {
		return nil, err
	}
	return r.c.Store.ListRuns(ctx, bloc, year, 100)
}

// Run returns one run of a bloc-year.
func (r *Runner) Run(ctx context.Context, bloc string, year int, id int64) (store.DossierRun, error) {
	run, err := r.c.Store.GetRun(ctx, id)
	if err == nil && (run.Bloc != bloc || run.Year != year) {
		err = domain.NotFound("lượt lập hồ sơ", fmt.Sprint(id))
	}
	return run, err
}

// Versions lists a bloc-year's dossier versions, newest first.
func (r *Runner) Versions(ctx context.Context, bloc string, year int) ([]store.DossierVersion, error) {
	if err := r.requireYear(ctx, bloc, year); err != nil {
		return nil, err
	}
	return r.c.Store.ListVersions(ctx, bloc, year)
}

// Version returns a version with its files; number 0 is the newest.
func (r *Runner) Version(ctx context.Context, bloc string, year, number int) (store.DossierVersion, error) {
	if number == 0 {
		return r.c.Store.LatestVersion(ctx, bloc, year)
	}
	return r.c.Store.GetVersion(ctx, bloc, year, number)
}

// Open reads a file of the archive by its SHA-256.
func (r *Runner) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	return r.c.Blobs.Open(ctx, sha)
}

// BlocDossier is one bloc's dossier state for a year, for the ministry's
// view of every bloc.
type BlocDossier struct {
	Bloc     string                `json:"bloc"`
	BlocName string                `json:"bloc_name"`
	HasYear  bool                  `json:"has_year"`
	Latest   *store.DossierVersion `json:"latest,omitempty"`
	LastRun  *store.DossierRun     `json:"last_run,omitempty"`
	Warnings int                   `json:"warnings"`
	NextRun  time.Time             `json:"next_run,omitzero"`
}

// Overview is every bloc's dossier of a year: its newest version, its last
// run and when its schedule runs next.
func (r *Runner) Overview(ctx context.Context, year int) ([]BlocDossier, error) {
	blocs, err := r.c.Store.ListBlocs(ctx)
	if err != nil {
		return nil, err
	}
	out := []BlocDossier{}
	for _, b := range blocs {
		bd := BlocDossier{Bloc: b.Slug, BlocName: b.Names.At(domain.YearEnd(year)).Full}
		years, err := r.c.Store.ListYears(ctx, b.Slug)
		if err != nil {
			return nil, err
		}
		bd.HasYear = slices.Contains(years, year)
		if _, next, err := r.Schedule(ctx, b.Slug); err == nil {
			bd.NextRun = next
		}
		if bd.HasYear {
			if v, err := r.c.Store.LatestVersion(ctx, b.Slug, year); err == nil {
				var m struct{ Warnings []json.RawMessage }
				if json.Unmarshal(v.Manifest, &m) == nil {
					bd.Warnings = len(m.Warnings)
				}
				v.Manifest, v.Files = nil, nil
				bd.Latest = &v
			} else if !errors.Is(err, domain.ErrNotFound) {
				return nil, err
			}
			runs, err := r.c.Store.ListRuns(ctx, b.Slug, year, 1)
			if err != nil {
				return nil, err
			}
			if len(runs) > 0 {
				bd.LastRun = &runs[0]
			}
		}
		out = append(out, bd)
	}
	return out, nil
}
