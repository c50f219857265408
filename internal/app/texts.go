package app

import (
	"context"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// TextKey names one board's texts of a period.
type TextKey struct {
	Bloc   string
	Year   int
	Unit   string
	Period string
}

// BoardText reads a board's texts of a period, once the board is checked
// to be a member then (ValidTextKey).
func (y *Years) BoardText(ctx context.Context, k TextKey) (domain.BoardText, error) {
	if err := y.validTextKey(ctx, k); err != nil {
		return domain.BoardText{}, err
	}
	return y.st.GetBoardText(ctx, k.Bloc, k.Year, k.Unit, k.Period)
}

// TextStatus is where one member's texts of a period stand, for the
// secretariat's list of who has sent what.
type TextStatus struct {
	Member domain.Member
	Text   domain.BoardText
}

// BoardTexts lists, for every member of the period (those that left at
// mid-year too, for the half-year), its texts and where they stand.
func (y *Years) BoardTexts(ctx context.Context, bloc string, year int, period string) ([]TextStatus, error) {
	if !domain.ValidTextPeriod(period) {
		return nil, periodError()
	}
	ms, err := y.st.Members(ctx, bloc, year)
	if err != nil {
		return nil, err
	}
	all, err := y.st.ListBoardTexts(ctx, bloc, year)
	if err != nil {
		return nil, err
	}
	var out []TextStatus
	for _, m := range ms {
		if period == domain.PeriodYear && m.Until != "" {
			continue
		}
		st := TextStatus{Member: m, Text: domain.BoardText{Bloc: bloc, Year: year, Unit: m.Unit, Period: period, Fields: map[string]string{}}}
		for _, t := range all {
			if t.Unit == m.Unit && t.Period == period {
				st.Text = t
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// WriteBoardText applies a board's patch to its texts of a period (and
// sends them when the patch says so), checked and written in one
// transaction: two tabs saving at once cannot lose a field.
func (y *Years) WriteBoardText(ctx context.Context, k TextKey, p domain.TextPatch, who string) (domain.BoardText, error) {
	if err := prepared(&p); err != nil {
		return domain.BoardText{}, err
	}
	return y.updateText(ctx, k, func(t *domain.BoardText) error { return t.Apply(p, who, time.Now()) })
}

// ReturnBoardText sends a board's texts back with the secretariat's
// comment; the bloc's reports no longer use them until sent again.
func (y *Years) ReturnBoardText(ctx context.Context, k TextKey, comment, who string) (domain.BoardText, error) {
	t, err := y.updateText(ctx, k, func(t *domain.BoardText) error { return t.Return(comment, who, time.Now()) })
	if err == nil && y.notify != nil {
		// The board learns it by e-mail too; the return stands whatever
		// the mail server says.
		y.notify.TextReturned(context.WithoutCancel(ctx), k, t.Comment)
	}
	return t, err
}

// Notifier tells people what happened to what they sent (Reminders does,
// by e-mail).
type Notifier interface {
	TextReturned(ctx context.Context, k TextKey, comment string)
}

// WithNotifier makes the use cases tell people through n.
func (y *Years) WithNotifier(n Notifier) *Years {
	if n != nil {
		y.notify = n
	}
	return y
}

// updateText changes a board's texts by a domain rule in one transaction
// and returns them as written.
func (y *Years) updateText(ctx context.Context, k TextKey, rule func(*domain.BoardText) error) (domain.BoardText, error) {
	if err := y.validTextKey(ctx, k); err != nil {
		return domain.BoardText{}, err
	}
	var out domain.BoardText
	err := y.st.UpdateBoardText(ctx, k.Bloc, k.Year, k.Unit, k.Period, func(t *domain.BoardText) error {
		if err := rule(t); err != nil {
			return err
		}
		out = *t
		return nil
	})
	return out, err
}

// validTextKey checks the period, and that the unit is a member of the
// bloc in it: a board that left at mid-year writes its half-year only.
func (y *Years) validTextKey(ctx context.Context, k TextKey) error {
	if !domain.ValidTextPeriod(k.Period) {
		return periodError()
	}
	ms, err := y.st.Members(ctx, k.Bloc, k.Year)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Unit != k.Unit {
			continue
		}
		if k.Period == domain.PeriodYear && m.Until != "" {
			return domain.ConflictError{Code: "left_mid_year", Message: fmt.Sprintf("Đơn vị rời Khối ngày %s: chỉ có báo cáo 6 tháng đầu năm %d", m.Until, k.Year)}
		}
		return nil
	}
	return domain.NotFound(fmt.Sprintf("đơn vị thành viên năm %d", k.Year), k.Unit)
}

func periodError() error {
	return domain.ValidationError{{Field: "period", Code: "period", Message: "Kỳ báo cáo phải là h1 (6 tháng đầu năm) hoặc year (cả năm)"}}
}
