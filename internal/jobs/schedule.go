package jobs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/robfig/cron/v3"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// DefaultCron is 08:00 on 20 December, when a secretariat needs the set.
const DefaultCron = "0 8 20 12 *"

// parse reads a schedule the way gocron will run it: five fields (minute,
// hour, day, month, weekday) in the schedule's zone, through robfig/cron,
// the parser gocron itself uses.
func parse(sc store.DossierSchedule) (cron.Schedule, error) {
	var errs domain.ValidationError
	expr := strings.TrimSpace(sc.Cron)
	if strings.HasPrefix(expr, "TZ=") || strings.HasPrefix(expr, "CRON_TZ=") || strings.HasPrefix(expr, "@") {
		errs = append(errs, domain.FieldError{Field: "cron", Code: "invalid_cron", Message: "Lịch gồm đúng 5 trường: phút giờ ngày tháng thứ (ví dụ \"0 8 20 12 *\"); múi giờ đặt ở trường time_zone"})
		return nil, errs
	}
	if len(strings.Fields(expr)) != 5 {
		errs = append(errs, domain.FieldError{Field: "cron", Code: "invalid_cron", Message: "Lịch gồm đúng 5 trường: phút giờ ngày tháng thứ (ví dụ \"0 8 20 12 *\" là 8 giờ sáng ngày 20/12)"})
		return nil, errs
	}
	if _, err := time.LoadLocation(sc.TimeZone); err != nil || sc.TimeZone == "" || sc.TimeZone == "Local" {
		errs = append(errs, domain.FieldError{Field: "time_zone", Code: "invalid_time_zone", Message: fmt.Sprintf("Múi giờ %q không có; dùng tên IANA như %s", sc.TimeZone, vn.ZoneName)})
		return nil, errs
	}
	s, err := cron.ParseStandard("CRON_TZ=" + sc.TimeZone + " " + expr)
	if err != nil {
		errs = append(errs, domain.FieldError{Field: "cron", Code: "invalid_cron", Message: fmt.Sprintf("Lịch %q không hợp lệ: mỗi trường là số, dấu *, khoảng a-b, danh sách a,b hoặc bước */n", expr)})
		return nil, errs
	}
	if s.Next(time.Now()).IsZero() {
		errs = append(errs, domain.FieldError{Field: "cron", Code: "invalid_cron", Message: fmt.Sprintf("Lịch %q không bao giờ đến (ví dụ ngày 31/2)", expr)})
		return nil, errs
	}
	return s, nil
}

// missed is the newest scheduled time after the one last handled (or the
// schedule's last change) and not after now: a time the service was down
// for, run once at start-up however many were missed.
func missed(sc store.DossierSchedule, now time.Time) (time.Time, bool) {
	if !sc.Enabled {
		return time.Time{}, false
	}
	s, err := parse(sc)
	if err != nil {
		return time.Time{}, false
	}
	from := sc.LastFired
	if sc.UpdatedAt.After(from) {
		from = sc.UpdatedAt
	}
	loc, _ := time.LoadLocation(sc.TimeZone) // checked by parse
	var last time.Time
	for t, i := s.Next(from), 0; !t.IsZero() && !t.After(now) && i < 100000; t, i = s.Next(t), i+1 {
		last = t
	}
	return last.In(loc), !last.IsZero()
}

// SetSchedule validates and keeps a bloc's schedule and puts it in force.
func (r *Runner) SetSchedule(ctx context.Context, sc store.DossierSchedule, by string) (store.DossierSchedule, error) {
	if sc.TimeZone == "" {
		sc.TimeZone = vn.ZoneName
	}
	sc.Cron = strings.Join(strings.Fields(sc.Cron), " ")
	if _, err := parse(sc); err != nil {
		return sc, err
	}
	sc.UpdatedAt, sc.UpdatedBy = r.c.Clock.Now(), by
	if err := r.c.Store.PutSchedule(ctx, sc); err != nil {
		return sc, err
	}
	got, err := r.c.Store.GetSchedule(ctx, sc.Bloc)
	if err != nil {
		return got, err
	}
	return got, r.register(got)
}

// Schedule returns a bloc's schedule, the default one (disabled) when it
// has none yet, and its next time.
func (r *Runner) Schedule(ctx context.Context, bloc string) (store.DossierSchedule, time.Time, error) {
	sc, err := r.c.Store.GetSchedule(ctx, bloc)
	if err != nil {
		if !isNotFound(err) {
			return sc, time.Time{}, err
		}
		if _, err := r.c.Store.ListYears(ctx, bloc); err != nil {
			return sc, time.Time{}, err
		}
		sc = store.DossierSchedule{Bloc: bloc, Cron: DefaultCron, TimeZone: vn.ZoneName}
	}
	var next time.Time
	if s, err := parse(sc); err == nil && sc.Enabled {
		next = s.Next(r.c.Clock.Now())
	}
	return sc, next, nil
}

// refresh registers the schedules changed since they were registered:
// each replica runs its own scheduler, and a schedule set through another
// replica reaches this one here (the store is the truth; a time both fire
// for is built once, by the lease and the version's fingerprint).
func (r *Runner) refresh(ctx context.Context) error {
	scheds, err := r.c.Store.ListSchedules(ctx)
	if err != nil {
		return err
	}
	for _, sc := range scheds {
		r.mu.Lock()
		same := r.inForce[sc.Bloc] == schedKey(sc)
		r.mu.Unlock()
		if same {
			continue
		}
		r.log.Info("dossier schedule changed elsewhere", "bloc", sc.Bloc, "cron", sc.Cron, "enabled", sc.Enabled)
		if err := r.register(sc); err != nil {
			r.log.Error("dossier schedule not registered", "bloc", sc.Bloc, "err", err)
		}
	}
	return nil
}

// schedKey is what of a schedule decides when it fires.
func schedKey(sc store.DossierSchedule) string {
	return fmt.Sprintf("%s|%s|%t", sc.Cron, sc.TimeZone, sc.Enabled)
}

// register puts a bloc's schedule into the scheduler, replacing the old one.
func (r *Runner) register(sc store.DossierSchedule) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if j, ok := r.byBloc[sc.Bloc]; ok {
		if err := r.sched.RemoveJob(j.ID()); err != nil {
			return err
		}
		delete(r.byBloc, sc.Bloc)
	}
	r.inForce[sc.Bloc] = schedKey(sc)
	if !sc.Enabled {
		return nil
	}
	s, err := parse(sc)
	if err != nil {
		return err
	}
	bloc := sc.Bloc
	loc, _ := time.LoadLocation(sc.TimeZone) // checked by parse
	j, err := r.sched.NewJob(gocron.CronJob("CRON_TZ="+sc.TimeZone+" "+sc.Cron, false),
		gocron.NewTask(func() {
			// The time it was due: the scheduler fires at it, on its clock.
			now := r.c.Clock.Now()
			due := now
			if prev := previous(s, now); !prev.IsZero() {
				due = prev
			}
			r.fire(bloc, due.In(loc), store.TriggerSchedule)
		}),
		gocron.WithName("dossier:"+bloc),
		gocron.WithSingletonMode(gocron.LimitModeReschedule))
	if err != nil {
		return err
	}
	r.byBloc[bloc] = j
	return nil
}

// previous is the newest scheduled time not after now (within a day's
// search: the task runs at its time, give or take the scheduler's delay).
func previous(s cron.Schedule, now time.Time) time.Time {
	var last time.Time
	for t := s.Next(now.Add(-24 * time.Hour)); !t.IsZero() && !t.After(now); t = s.Next(t) {
		last = t
	}
	return last
}

// fire starts the run of a scheduled time: the bloc's year of that date
// (the newest it has, not after it). The time is marked handled when the
// run ends, succeeded or out of attempts, so a run cut short by a stop is
// caught up at the next start.
func (r *Runner) fire(bloc string, due time.Time, trigger string) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		ctx := r.ctx
		year, err := r.yearFor(ctx, bloc, due)
		if err != nil {
			r.log.Error("scheduled dossier run: no year", "bloc", bloc, "due", due, "err", err)
			r.c.Store.MarkFired(context.WithoutCancel(ctx), bloc, due)
			return
		}
		run, err := r.createRun(ctx, store.DossierRun{Bloc: bloc, Year: year, Trigger: trigger, Owner: r.c.Owner, QueuedAt: r.c.Clock.Now()})
		if err != nil {
			r.log.Error("scheduled dossier run not recorded", "bloc", bloc, "err", err)
			return
		}
		if _, err := r.runWithRetries(ctx, run, due); ctx.Err() != nil && err != nil {
			return // stopped: caught up at the next start
		}
		if err := r.c.Store.MarkFired(context.WithoutCancel(ctx), bloc, due); err != nil {
			r.log.Error("dossier schedule not marked", "bloc", bloc, "err", err)
		}
	}()
}

// yearFor is the bloc-year a run due at t builds: the year of t (given in
// the schedule's zone), or the newest before it that the bloc has.
func (r *Runner) yearFor(ctx context.Context, bloc string, t time.Time) (int, error) {
	years, err := r.c.Store.ListYears(ctx, bloc)
	if err != nil {
		return 0, err
	}
	best := 0
	for _, y := range years {
		if y <= t.Year() && y > best {
			best = y
		}
	}
	if best == 0 {
		return 0, domain.NotFoundError{Entity: "năm", Key: bloc, Message: fmt.Sprintf("Khối chưa có năm nào đến %d để lập hồ sơ", t.Year())}
	}
	return best, nil
}

func isNotFound(err error) bool { return errors.Is(err, domain.ErrNotFound) }

// Daily runs fn every day at hour:minute Vietnam time on the runner's
// scheduler and clock (the reminders of deadlines, say). fn must be safe
// to run on several replicas at once: each one's scheduler fires it.
func (r *Runner) Daily(name string, hour, minute int, fn func(ctx context.Context)) error {
	_, err := r.sched.NewJob(gocron.CronJob(fmt.Sprintf("CRON_TZ=%s %d %d * * *", vn.ZoneName, minute, hour), false),
		gocron.NewTask(func() { fn(r.ctx) }),
		gocron.WithName(name),
		gocron.WithSingletonMode(gocron.LimitModeReschedule))
	return err
}

// Every runs fn every d on this replica: upkeep that each replica may do
// for all, because doing it twice changes nothing (marking uploads a stop
// cut, say).
func (r *Runner) Every(name string, d time.Duration, fn func(ctx context.Context)) error {
	_, err := r.sched.NewJob(gocron.DurationJob(d),
		gocron.NewTask(func() { fn(r.ctx) }),
		gocron.WithName(name),
		gocron.WithSingletonMode(gocron.LimitModeReschedule))
	return err
}
