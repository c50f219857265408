package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// Opening a bloc's next year, as its secretariat does after the
// conference: the members at this year's end carried over (those that
// left or merged away during it are not), in their order, with their heads
// and regions; the award rule, the legal bases chosen and the deadlines
// one year on; the leader and deputy elected at the conference; the
// criteria copied from this year, or the default set. Everything in one
// transaction (store.OpenYear): a year is open whole or not at all.

// Criteria sources for a year being opened.
const (
	CriteriaCopy    = "copy"    // this year's current set
	CriteriaDefault = "default" // the default set of the templates
	CriteriaNone    = "none"    // none yet (imported later)
)

// OpenPlan is what opening the next year will do, shown before it is done.
type OpenPlan struct {
	From, Year int
	Members    []domain.Member // carried over
	Leaving    []domain.Member // members of From that left during it
	Leader     string          // elected at From's conference
	Deputy     string
	Deadlines  domain.Deadlines
	HasCopy    bool // From has criteria to copy
	Settings   domain.BlocYear
}

// PlanNext says what opening the year after from would do; ConflictError
// "year_open" when that year is open already.
func (y *Years) PlanNext(ctx context.Context, bloc string, from int) (OpenPlan, error) {
	p := OpenPlan{From: from, Year: from + 1}
	cur, err := y.st.GetYear(ctx, bloc, from)
	if err != nil {
		return p, err
	}
	years, err := y.st.ListYears(ctx, bloc)
	if err != nil {
		return p, err
	}
	for _, yr := range years {
		if yr == p.Year {
			return p, domain.ConflictError{Code: "year_open", Message: fmt.Sprintf("Năm %d của Khối đã được mở", p.Year)}
		}
	}
	ms, err := y.st.Members(ctx, bloc, from)
	if err != nil {
		return p, err
	}
	for _, m := range ms {
		if m.Until == "" {
			p.Members = append(p.Members, m)
		} else {
			p.Leaving = append(p.Leaving, m)
		}
	}
	next, err := y.st.GetYear(ctx, bloc, p.Year) // the election, if one was saved
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		return p, err
	}
	p.Leader, p.Deputy = next.Leader, next.Deputy
	p.Deadlines = domain.Deadlines{MidYear: oneYearOn(cur.Deadlines.MidYear), YearEnd: oneYearOn(cur.Deadlines.YearEnd)}
	_, cerr := y.st.CurrentCriteria(ctx, bloc, from)
	p.HasCopy = cerr == nil
	p.Settings = domain.BlocYear{Bloc: bloc, Year: p.Year, Leader: p.Leader, Deputy: p.Deputy, Awards: cur.Awards, Legal: cur.Legal, Deadlines: p.Deadlines}
	return p, nil
}

// oneYearOn is a date a year later (29 February becomes 28 February).
func oneYearOn(date string) string {
	t, err := time.Parse(domain.DateLayout, date)
	if err != nil {
		return ""
	}
	n := t.AddDate(1, 0, 0)
	if n.Month() != t.Month() {
		n = n.AddDate(0, 0, -n.Day())
	}
	return n.Format(domain.DateLayout)
}

// OpenNext opens the year after from as PlanNext says, with the criteria
// source chosen and deadlines as given (empty: the plan's). defaults is
// the default criteria set, for CriteriaDefault.
func (y *Years) OpenNext(ctx context.Context, bloc string, from int, source string, deadlines *domain.Deadlines, defaults func() (domain.CriteriaSet, error)) (OpenPlan, error) {
	p, err := y.PlanNext(ctx, bloc, from)
	if err != nil {
		return p, err
	}
	by := p.Settings
	if deadlines != nil {
		by.Deadlines = *deadlines
	}
	if err := by.Validate(); err != nil {
		return p, err
	}
	var cs *domain.CriteriaSet
	switch source {
	case CriteriaCopy:
		cur, err := y.st.CurrentCriteria(ctx, bloc, from)
		if err != nil {
			return p, domain.ValidationError{{Field: "criteria", Code: "no_criteria", Message: fmt.Sprintf("Năm %d chưa có bảng tiêu chí để chép", from)}}
		}
		cs = &cur
	case CriteriaDefault:
		def, err := defaults()
		if err != nil {
			return p, err
		}
		cs = &def
	case CriteriaNone, "":
	default:
		return p, domain.ValidationError{{Field: "criteria", Code: "unknown_source", Message: "Nguồn bảng tiêu chí phải là copy, default hoặc none"}}
	}
	if cs != nil {
		cs.ID, cs.Version, cs.Frozen, cs.Bloc, cs.Year = 0, 0, false, bloc, p.Year
	}
	var members []domain.Membership
	for i, m := range p.Members {
		members = append(members, domain.Membership{Bloc: bloc, Year: p.Year, Unit: m.Unit, Order: i + 1, HeadName: m.HeadName, HeadTitle: m.HeadTitle, Region: m.Region})
	}
	if err := y.st.OpenYear(ctx, by, members, cs); err != nil {
		return p, err
	}
	return p, nil
}

// UseDefaultCriteria gives a year without criteria the default set (a new
// bloc's first year, in one step).
func (y *Years) UseDefaultCriteria(ctx context.Context, bloc string, year int, defaults func() (domain.CriteriaSet, error)) (domain.CriteriaSet, error) {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return domain.CriteriaSet{}, err
	}
	if _, err := y.st.CurrentCriteria(ctx, bloc, year); err == nil {
		return domain.CriteriaSet{}, domain.ConflictError{Code: "has_criteria", Message: fmt.Sprintf("Năm %d đã có bảng tiêu chí", year)}
	}
	cs, err := defaults()
	if err != nil {
		return cs, err
	}
	return y.AddCriteria(ctx, bloc, year, cs)
}
