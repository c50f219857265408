package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// Reminders of deadlines: what each member board still owes (domain.Dues),
// and messages to the boards that have not sent it, in one click by the
// secretariat or by the service itself a set number of days before each
// deadline. A board is reminded of one deadline once, however many clicks
// or replicas try (store.ClaimReminder), and every reminder is audited.

// RemindersConfig is what reminders are built from.
type RemindersConfig struct {
	Store     store.Store
	Mail      mail.Sender
	PublicURL string
	Logger    *slog.Logger
	Now       func() time.Time
	// DaysBefore is how many days before a deadline the service reminds
	// by itself (default 7; negative: never).
	DaysBefore int
}

// Reminders are the reminder use cases.
type Reminders struct{ c RemindersConfig }

// NewReminders builds them.
func NewReminders(c RemindersConfig) *Reminders {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.DaysBefore == 0 {
		c.DaysBefore = 7
	}
	return &Reminders{c: c}
}

// BoardDue is one board's state of one deadline.
type BoardDue struct {
	Unit, Name string
	Done       bool
	Emails     []string        // of its enabled accounts
	Reminded   *store.Reminder // the reminder sent of this deadline, if any
}

// DueSummary is one deadline of a bloc-year across its members.
type DueSummary struct {
	domain.Due
	DaysLeft int
	Boards   []BoardDue
	Missing  int // boards that have not done it
}

// Overview lists a bloc-year's deadlines with each member's state.
func (r *Reminders) Overview(ctx context.Context, bloc string, year int) ([]DueSummary, error) {
	d, err := store.LoadYear(ctx, r.c.Store, bloc, year)
	if err != nil {
		return nil, err
	}
	return r.OverviewOf(ctx, d)
}

// OverviewOf is Overview of a year already loaded (the dashboard's).
func (r *Reminders) OverviewOf(ctx context.Context, d *domain.YearData) ([]DueSummary, error) {
	emails, err := r.boardEmails(ctx)
	if err != nil {
		return nil, err
	}
	sent, err := r.c.Store.ListReminders(ctx, d.Bloc.Slug, d.Year)
	if err != nil {
		return nil, err
	}
	now := r.c.Now()
	var out []DueSummary
	index := map[string]int{}
	for _, m := range append(append([]domain.Member{}, d.Members...), d.Left...) {
		for _, due := range d.Dues(m.Unit) {
			i, ok := index[due.Key]
			if !ok {
				i, index[due.Key] = len(out), len(out)
				out = append(out, DueSummary{Due: domain.Due{Key: due.Key, Label: due.Label, Date: due.Date, Page: due.Page}, DaysLeft: domain.DaysLeft(due.Date, now)})
			}
			b := BoardDue{Unit: m.Unit, Name: m.Name.Full, Done: due.Done, Emails: emails[m.Unit]}
			for j := range sent {
				if sent[j].Due == due.Key && sent[j].DueDate == due.Date && sent[j].Unit == m.Unit {
					b.Reminded = &sent[j]
				}
			}
			if !b.Done {
				out[i].Missing++
			}
			out[i].Boards = append(out[i].Boards, b)
		}
	}
	return out, nil
}

// boardEmails are the addresses of each unit's enabled board accounts.
func (r *Reminders) boardEmails(ctx context.Context) (map[string][]string, error) {
	return r.c.Store.BoardEmails(ctx)
}

// SendResult counts what one sending did.
type SendResult struct {
	Sent      int      `json:"sent"`       // boards reminded now
	Already   int      `json:"already"`    // boards reminded of this deadline before
	NoAddress []string `json:"no_address"` // boards with no account address (names)
}

// ErrNoSuchDue refuses a reminder of a deadline the year does not have.
var ErrNoSuchDue = domain.ValidationError{{Field: "due", Code: "unknown_due", Message: "Năm này không có hạn gửi đó (xem hạn gửi ở trang Hội nghị)"}}

// Send reminds every board that has not done what key names of the
// deadline it has now; act is the secretariat (nil: the service itself).
func (r *Reminders) Send(ctx context.Context, act *domain.Actor, bloc string, year int, key string) (SendResult, error) {
	d, err := store.LoadYear(ctx, r.c.Store, bloc, year)
	if err != nil {
		return SendResult{}, err
	}
	if err := d.State.CheckOpen(); err != nil {
		return SendResult{}, err
	}
	dues, err := r.OverviewOf(ctx, d)
	if err != nil {
		return SendResult{}, err
	}
	for _, s := range dues {
		if s.Key == key {
			return r.send(ctx, act, d, s)
		}
	}
	return SendResult{}, ErrNoSuchDue
}

func (r *Reminders) send(ctx context.Context, act *domain.Actor, d *domain.YearData, s DueSummary) (SendResult, error) {
	var res SendResult
	by := actorName(act)
	if act == nil {
		by = "(tự động)"
	}
	for _, b := range s.Boards {
		switch {
		case b.Done:
			continue
		case b.Reminded != nil:
			res.Already++
			continue
		case len(b.Emails) == 0:
			res.NoAddress = append(res.NoAddress, b.Name)
			continue
		}
		rem := store.Reminder{Bloc: d.Bloc.Slug, Year: d.Year, Due: s.Key, DueDate: s.Date, Unit: b.Unit, SentAt: r.c.Now(), SentBy: by, Recipients: len(b.Emails)}
		won, err := r.c.Store.ClaimReminder(ctx, rem)
		if err != nil {
			return res, err
		}
		if !won {
			res.Already++ // another click or replica is sending it
			continue
		}
		if err := r.c.Mail.Send(ctx, r.message(d, s, b)); err != nil {
			rctx := context.WithoutCancel(ctx)
			if rerr := r.c.Store.ReleaseReminder(rctx, rem); rerr != nil {
				err = errors.Join(err, rerr)
			}
			r.audit(rctx, store.AuditEntry{Actor: by, Action: "reminder_send", Bloc: d.Bloc.Slug, Year: d.Year, Unit: b.Unit, Target: s.Key, Outcome: "failed"})
			return res, fmt.Errorf("gửi thư nhắc hạn tới %s: %w", b.Name, err)
		}
		res.Sent++
		r.audit(ctx, store.AuditEntry{Actor: by, Action: "reminder_send", Bloc: d.Bloc.Slug, Year: d.Year, Unit: b.Unit, Target: s.Key})
	}
	return res, nil
}

// message is the reminder of one deadline to one board.
func (r *Reminders) message(d *domain.YearData, s DueSummary, b BoardDue) mail.Message {
	date := s.Date
	if t, err := time.Parse(domain.DateLayout, s.Date); err == nil {
		date = vn.ShortDate(t)
	}
	var when string
	switch {
	case s.DaysLeft > 1:
		when = fmt.Sprintf("ngày %s (còn %d ngày)", date, s.DaysLeft)
	case s.DaysLeft == 1:
		when = fmt.Sprintf("ngày %s (ngày mai)", date)
	case s.DaysLeft == 0:
		when = fmt.Sprintf("ngày %s (hôm nay)", date)
	default:
		when = fmt.Sprintf("ngày %s (đã quá hạn %d ngày)", date, -s.DaysLeft)
	}
	link := strings.TrimRight(r.c.PublicURL, "/") + fmt.Sprintf("/khoi/%s/%d/don-vi/%s%s", d.Bloc.Slug, d.Year, b.Unit, s.Page)
	label := vn.LowerFirst(s.Label)
	return mail.Message{
		To:      b.Emails,
		Subject: fmt.Sprintf("Nhắc hạn: %s năm %d — hạn %s", s.Label, d.Year, date),
		Text: fmt.Sprintf(`Kính gửi %s,

Theo kế hoạch của %s, hạn gửi %s năm %d là %s.
Đến nay hệ thống chưa nhận được %s của đơn vị.

Để gửi, đăng nhập hệ thống và mở:
%s

Nếu đơn vị đã gửi bằng cách khác, xin liên hệ thư ký Khối.

Thư này do hệ thống Thi đua Khối gửi tự động; vui lòng không trả lời.
`, b.Name, d.Bloc.Names.At(d.Date()).Full, label, d.Year, when, label, link),
	}
}

// Auto sends, for every open bloc-year, the reminders due: each deadline
// from DaysBefore days ahead to its day, to the boards not yet reminded
// of it. It returns how many boards it reminded; one bloc's failure does
// not stop the others (they are logged and returned joined).
func (r *Reminders) Auto(ctx context.Context) (int, error) {
	if r.c.DaysBefore < 0 {
		return 0, nil
	}
	blocs, err := r.c.Store.ListBlocs(ctx)
	if err != nil {
		return 0, err
	}
	now := r.c.Now()
	total := 0
	var errs []error
	for _, b := range blocs {
		years, err := r.c.Store.ListYears(ctx, b.Slug)
		if err != nil {
			return total, err
		}
		for _, y := range years {
			n, err := r.autoYear(ctx, b.Slug, y, now)
			total += n
			if err != nil {
				r.c.Logger.ErrorContext(ctx, "reminders not sent", "bloc", b.Slug, "year", y, "err", err)
				errs = append(errs, err)
			}
		}
	}
	return total, errors.Join(errs...)
}

func (r *Reminders) autoYear(ctx context.Context, bloc string, year int, now time.Time) (int, error) {
	d, err := store.LoadYear(ctx, r.c.Store, bloc, year)
	if err != nil {
		return 0, err
	}
	if d.State.Closed() {
		return 0, nil
	}
	dues, err := r.OverviewOf(ctx, d)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range dues {
		if s.Missing == 0 || s.DaysLeft < 0 || s.DaysLeft > r.c.DaysBefore {
			continue
		}
		res, err := r.send(ctx, nil, d, s)
		n += res.Sent
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (r *Reminders) audit(ctx context.Context, e store.AuditEntry) {
	e.At = r.c.Now()
	if err := r.c.Store.RecordAudit(context.WithoutCancel(ctx), e); err != nil {
		r.c.Logger.ErrorContext(ctx, "audit not recorded", "action", e.Action, "err", err)
	}
}

// TextReturned tells a board by e-mail that the secretariat returned its
// texts, with the comment and the link to them; a failure is logged and
// audited, never the return's.
func (r *Reminders) TextReturned(ctx context.Context, k TextKey, comment string) {
	emails, err := r.boardEmails(ctx)
	if err != nil || len(emails[k.Unit]) == 0 {
		return
	}
	u, err := r.c.Store.GetUnit(ctx, k.Unit)
	if err != nil {
		return
	}
	period := "kết quả cả năm"
	if k.Period == domain.PeriodH1 {
		period = "sơ kết 6 tháng đầu năm"
	}
	link := strings.TrimRight(r.c.PublicURL, "/") + fmt.Sprintf("/khoi/%s/%d/don-vi/%s/bao-cao/%s", k.Bloc, k.Year, k.Unit, k.Period)
	err = r.c.Mail.Send(ctx, mail.Message{
		To:      emails[k.Unit],
		Subject: fmt.Sprintf("Báo cáo %s năm %d được trả lại để bổ sung", period, k.Year),
		Text: fmt.Sprintf(`Kính gửi %s,

Thư ký Khối đã trả lại báo cáo %s năm %d của đơn vị, với lời nhắn:

%s

Để sửa và gửi lại, đăng nhập hệ thống và mở:
%s

Thư này do hệ thống Thi đua Khối gửi tự động; vui lòng không trả lời.
`, u.Names.At(domain.YearEnd(k.Year)).Full, period, k.Year, comment, link),
	})
	outcome := ""
	if err != nil {
		r.c.Logger.ErrorContext(ctx, "return notice not sent", "unit", k.Unit, "err", err)
		outcome = "failed"
	}
	r.audit(ctx, store.AuditEntry{Actor: "(tự động)", Action: "text_return_mail", Bloc: k.Bloc, Year: k.Year, Unit: k.Unit, Target: k.Period, Outcome: outcome})
}
