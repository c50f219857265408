package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// Years are a bloc-year's settings and texts, as the secretariat keeps them.
type Years struct {
	st     store.Store
	notify Notifier // nil: nobody is told
}

// NewYears builds the bloc-year use cases.
func NewYears(st store.Store) *Years { return &Years{st: st} }

// Put replaces a bloc-year's settings: validated in the domain; a unit
// that does not exist is an error of the field that named it.
func (y *Years) Put(ctx context.Context, by domain.BlocYear) error {
	by.ElectionOnly = false
	if err := preparedAndValid(&by); err != nil {
		return err
	}
	return unitFieldError(y.st.PutYear(ctx, by), by)
}

// CheckElection refuses as next year's leader or deputy a board that is
// not a member of the bloc at this year's end (one that merged away or
// left during the year): the fields are the conference form's.
func (y *Years) CheckElection(ctx context.Context, bloc string, year int, leader, deputy string) error {
	ms, err := y.st.Members(ctx, bloc, year)
	if err != nil {
		return err
	}
	atEnd := map[string]bool{}
	for _, m := range ms {
		atEnd[m.Unit] = m.Until == ""
	}
	var ve domain.ValidationError
	for _, f := range []struct{ field, unit, role string }{{"next_leader", leader, "Khối trưởng"}, {"next_deputy", deputy, "Khối phó"}} {
		if f.unit != "" && !atEnd[f.unit] {
			ve = append(ve, domain.FieldError{Field: f.field, Code: "not_member_at_end",
				Message: fmt.Sprintf("%s năm %d phải là thành viên của Khối đến cuối năm %d (đơn vị này đã rời Khối hoặc sáp nhập)", f.role, year+1, year)})
		}
	}
	if len(ve) > 0 {
		return ve
	}
	return nil
}

// YearInvalid is why one of the years Update changes was refused.
type YearInvalid struct {
	Year int
	Err  error
}

func (e YearInvalid) Error() string { return fmt.Sprintf("năm %d: %v", e.Year, e.Err) }
func (e YearInvalid) Unwrap() error { return e.Err }

// Update changes the bloc's given years as fn says (a year without
// settings yet comes as new), each then validated in the domain, and
// writes them all in one transaction: all or nothing, and no other write
// in between. fn changes only what its caller names: that is how the JSON
// API and the pages change part of a year without clearing the rest. A
// year refused comes back as YearInvalid.
func (y *Years) Update(ctx context.Context, bloc string, years []int, fn func(ys []*domain.BlocYear) error) error {
	return y.st.UpdateYears(ctx, bloc, years, func(ys []*domain.BlocYear) error {
		if err := fn(ys); err != nil {
			return err
		}
		// The caller's own year is opened by its write; the others keep
		// whether they were (fn marks a year made only for an election).
		if len(ys) > 0 {
			ys[0].ElectionOnly = false
		}
		for _, by := range ys {
			if err := preparedAndValid(by); err != nil {
				return YearInvalid{Year: by.Year, Err: err}
			}
			if err := y.unitsExist(ctx, *by); err != nil {
				return YearInvalid{Year: by.Year, Err: err}
			}
		}
		return nil
	})
}

// unitsExist refuses a year whose leader, deputy or host names no unit.
func (y *Years) unitsExist(ctx context.Context, by domain.BlocYear) error {
	for _, slug := range []string{by.Leader, by.Deputy, by.Host} {
		if slug == "" {
			continue
		}
		if _, err := y.st.GetUnit(ctx, slug); err != nil {
			return unitFieldError(err, by)
		}
	}
	return nil
}

// unitFieldError tells an unknown unit as an error of the field that
// named it.
func unitFieldError(err error, by domain.BlocYear) error {
	var nf domain.NotFoundError
	if errors.As(err, &nf) && nf.Entity == "đơn vị" {
		var ve domain.ValidationError
		for _, f := range []struct{ name, v string }{{"leader", by.Leader}, {"deputy", by.Deputy}, {"host", by.Host}} {
			if f.v == nf.Key {
				ve = append(ve, domain.FieldError{Field: f.name, Code: "unknown_unit", Message: fmt.Sprintf("Không có đơn vị %q", nf.Key)})
			}
		}
		if len(ve) > 0 {
			return ve
		}
	}
	return err
}

// RequireYear refuses what hangs on a year the bloc has no data for.
func (y *Years) RequireYear(ctx context.Context, bloc string, year int) error {
	years, err := y.st.ListYears(ctx, bloc)
	if err != nil {
		return err
	}
	if !slices.Contains(years, year) {
		return domain.NotFoundError{Entity: "năm", Key: strconv.Itoa(year), Message: fmt.Sprintf("Khối chưa có dữ liệu năm %d: hãy khai báo năm (thành viên, Khối trưởng) trước", year)}
	}
	return nil
}

// PutNarrative stores a text of the bloc-year's documents; an empty text
// goes back to the default.
func (y *Years) PutNarrative(ctx context.Context, n domain.Narrative) error {
	err := y.PutNarratives(ctx, n.Bloc, n.Year, []domain.Narrative{n})
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		for i := range ve {
			ve[i].Field = strings.TrimPrefix(ve[i].Field, n.Key+".")
		}
		return ve
	}
	return err
}

// PutNarratives stores texts of one bloc-year (the texts form): every one
// is checked first, with its errors under fields "{key}.text", and then
// all are stored in one transaction or none is.
func (y *Years) PutNarratives(ctx context.Context, bloc string, year int, ns []domain.Narrative) error {
	var all domain.ValidationError
	for i := range ns {
		n := &ns[i]
		n.Bloc, n.Year = bloc, year
		var errs domain.ValidationError
		switch {
		case n.Unit != "":
			errs = domain.ValidationError{{Field: "unit", Code: "board_text", Message: "Nội dung của một đơn vị do đơn vị viết ở phần báo cáo của đơn vị (…/units/{đơn vị}/texts/{kỳ}), không ở lời văn của Khối"}}
		case !slices.Contains(domain.NarrativeKeys, n.Key):
			errs = domain.ValidationError{{Field: "key", Code: "unknown_key", Message: "Phần văn bản không hỗ trợ; các phần: " + strings.Join(domain.NarrativeKeys, ", ")}}
		default:
			if err := prepared(n); err != nil && !errors.As(err, &errs) {
				return err
			}
			n.Text = domain.NormalizeText(n.Text)
		}
		for _, e := range errs {
			e.Field = n.Key + "." + e.Field
			all = append(all, e)
		}
	}
	if len(all) > 0 {
		return all
	}
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return err
	}
	return y.st.PutNarratives(ctx, bloc, year, ns)
}

// PutVote records the votes of one candidate: validated in the domain, for
// a year the bloc has; an unknown unit is an error of the field "unit".
func (y *Years) PutVote(ctx context.Context, v domain.Vote) error {
	err := y.PutVotes(ctx, v.Bloc, v.Year, []domain.Vote{v})
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		for i := range ve {
			ve[i].Field = strings.TrimPrefix(ve[i].Field, "votes[0].")
		}
		return ve
	}
	return err
}

// PutVotes records the votes of many candidates of one bloc-year (the
// conference's form): every one is checked first, the errors of all of
// them reported together with fields "votes[i].for", and then all are
// stored in one transaction or none is.
func (y *Years) PutVotes(ctx context.Context, bloc string, year int, vs []domain.Vote) error {
	var all domain.ValidationError
	for i := range vs {
		vs[i].Bloc, vs[i].Year = bloc, year
		var ve domain.ValidationError
		if err := vs[i].Validate(); errors.As(err, &ve) {
			for _, e := range ve {
				e.Field = fmt.Sprintf("votes[%d].%s", i, e.Field)
				all = append(all, e)
			}
		} else if err != nil {
			return err
		}
	}
	if len(all) > 0 {
		return all
	}
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return err
	}
	err := y.st.PutVotes(ctx, bloc, year, vs)
	var nf domain.NotFoundError
	if errors.As(err, &nf) && nf.Entity == "đơn vị" {
		for i, v := range vs {
			if v.Unit == nf.Key {
				return domain.ValidationError{{Field: fmt.Sprintf("votes[%d].unit", i), Code: "unknown_unit", Message: fmt.Sprintf("Không có đơn vị %q", nf.Key)}}
			}
		}
	}
	return err
}

// RequireMember refuses what names a unit that is not a member of the
// bloc that year.
func (y *Years) RequireMember(ctx context.Context, bloc string, year int, unit string) error {
	_, err := y.member(ctx, bloc, year, unit)
	return err
}

// member is a unit's membership of the year, also one that left during it.
func (y *Years) member(ctx context.Context, bloc string, year int, unit string) (domain.Member, error) {
	ms, err := y.st.Members(ctx, bloc, year)
	if err != nil {
		return domain.Member{}, err
	}
	for _, m := range ms {
		if m.Unit == unit {
			return m, nil
		}
	}
	return domain.Member{}, domain.NotFound(fmt.Sprintf("đơn vị thành viên năm %d", year), unit)
}

// halfOnly refuses what covers the whole year for a member that left
// during it (merged into another on 1 July): it has its first half only.
func halfOnly(m domain.Member, wholeYear bool, what string) error {
	if m.Until == "" || !wholeYear {
		return nil
	}
	return domain.ValidationError{{Field: "period", Code: "left_during_year",
		Message: fmt.Sprintf("Đơn vị là thành viên đến %s nên chỉ ghi %s 6 tháng đầu năm (period: h1)", m.Until, what)}}
}

// UpdateMember changes what fn changes of a unit's membership of the
// bloc-year (adding it when it is not a member yet), validated in the
// domain, read and written in one transaction: the JSON API's PUT lays
// its body over the stored membership, so a field it does not name is
// kept.
func (y *Years) UpdateMember(ctx context.Context, bloc string, year int, unit string, fn func(m *domain.Membership) error) (domain.Membership, error) {
	var out domain.Membership
	err := y.st.UpdateMembership(ctx, bloc, year, unit, func(m *domain.Membership) error {
		if err := fn(m); err != nil {
			return err
		}
		m.Bloc, m.Year, m.Unit = bloc, year, unit
		out = *m
		return m.Validate()
	})
	return out, err
}

// UpdateIndicators changes what fn changes of a member's key indicators
// for a period, read and written in one transaction; a figure fn does not
// touch is kept. A member that left during the year has only its first
// half (its plan for the year stays: its half-year report measures the
// half against it).
func (y *Years) UpdateIndicators(ctx context.Context, bloc, unit string, year int, period string, fn func(ind *domain.Indicators) error) (domain.Indicators, error) {
	var out domain.Indicators
	err := y.UpdateIndicatorsOf(ctx, bloc, unit, year, []string{period}, func(ind *domain.Indicators) error {
		err := fn(ind)
		out = *ind
		out.Unit, out.Year, out.Period = unit, year, period
		return err
	})
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		for i := range ve {
			ve[i].Field = strings.TrimPrefix(ve[i].Field, period+".")
		}
		return out, ve
	}
	return out, err
}

// UpdateIndicatorsOf changes a member's indicators of several periods
// (the indicators form) in one transaction: the errors of every period
// are reported together, with fields "{period}.{field}", and then all
// periods are stored or none is.
func (y *Years) UpdateIndicatorsOf(ctx context.Context, bloc, unit string, year int, periods []string, fn func(ind *domain.Indicators) error) error {
	for _, period := range periods {
		if !domain.ValidPeriod(period) {
			return domain.ValidationError{{Field: "period", Code: "invalid_period", Message: domain.PeriodMessage}}
		}
	}
	m, err := y.member(ctx, bloc, year, unit)
	if err != nil {
		return err
	}
	if err := halfOnly(m, slices.Contains(periods, domain.PeriodYear), "số liệu"); err != nil {
		return err
	}
	var all domain.ValidationError
	seen := 0
	return y.st.UpdateIndicators(ctx, unit, year, periods, func(ind *domain.Indicators) error {
		period := ind.Period
		if err := fn(ind); err != nil {
			return err
		}
		ind.Unit, ind.Year, ind.Period = unit, year, period
		for _, e := range ind.Check() {
			e.Field = period + "." + e.Field
			all = append(all, e)
		}
		// The errors of every period are gathered; returned with the last
		// one, they roll back the whole transaction.
		if seen++; seen == len(periods) && len(all) > 0 {
			return all
		}
		return nil
	})
}

// AddMovement records an emulation movement of a year the bloc has.
func (y *Years) AddMovement(ctx context.Context, m domain.Movement) (domain.Movement, error) {
	if err := preparedAndValid(&m); err != nil {
		return m, err
	}
	if err := y.RequireYear(ctx, m.Bloc, m.Year); err != nil {
		return m, err
	}
	return y.st.AddMovement(ctx, m)
}

// PutAwards replaces the year's award decisions: known kinds, one award per
// unit, members only.
func (y *Years) PutAwards(ctx context.Context, bloc string, year int, ds []domain.AwardDecision) error {
	var errs domain.ValidationError
	add := func(field, code, msg string) {
		errs = append(errs, domain.FieldError{Field: field, Code: code, Message: msg})
	}
	members, err := y.st.Members(ctx, bloc, year)
	if err != nil {
		return err
	}
	isMember := map[string]bool{}
	for _, m := range members {
		isMember[m.Unit] = true
	}
	seen := map[string]bool{}
	for i := range ds {
		d := &ds[i]
		d.Bloc, d.Year = bloc, year
		if d.Source == "" {
			d.Source = "decided"
		}
		f := fmt.Sprintf("decisions[%d]", i)
		if d.Kind != domain.AwardFlag && d.Kind != domain.AwardMerit {
			add(f+".kind", "unknown_award", "Hình thức khen thưởng phải là co-thi-dua hoặc bang-khen")
		}
		switch {
		case seen[d.Unit]:
			add(f+".unit", "duplicate", "Một đơn vị không được đề nghị hai hình thức khen thưởng")
		case !isMember[d.Unit]:
			add(f+".unit", "not_member", "Đơn vị "+d.Unit+" không là thành viên của Khối trong năm")
		}
		seen[d.Unit] = true
	}
	if len(errs) > 0 {
		return errs
	}
	return y.st.PutAwardDecisions(ctx, bloc, year, ds)
}

// Honours lists the awards the bloc's members received in a year.
func (y *Years) Honours(ctx context.Context, bloc string, year int) ([]domain.Honour, error) {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return nil, err
	}
	return y.st.ListHonours(ctx, bloc, year)
}

// AddHonour records an award a member received: in the year, or in its
// first half (a member that left during the year has the half only).
func (y *Years) AddHonour(ctx context.Context, h domain.Honour) (domain.Honour, error) {
	if err := preparedAndValid(&h); err != nil {
		return h, err
	}
	m, err := y.member(ctx, h.Bloc, h.Year, h.Unit)
	if err != nil {
		return h, err
	}
	if err := halfOnly(m, h.Period == domain.PeriodYear, "khen thưởng"); err != nil {
		return h, err
	}
	return y.st.AddHonour(ctx, h)
}

// DeleteHonour removes one of a unit's honours.
func (y *Years) DeleteHonour(ctx context.Context, bloc string, year int, unit string, id int64) error {
	return y.st.DeleteHonour(ctx, bloc, year, unit, id)
}
