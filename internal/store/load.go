package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/thidua/thidua/internal/domain"
)

// Reader is every resource but the uploads: what LoadYear and the
// document renderers need.
type Reader interface {
	Blocs
	Units
	Memberships
	Years
	IndicatorStore
	Movements
	Criteria
	Scores
	Awards
	Honours
	Narratives
	BoardTexts
}

// LoadYear gathers everything known of a bloc's year and computes its
// ranking and award proposals. A year with no settings, members or
// criteria still loads; documents then say what is missing.
func LoadYear(ctx context.Context, s Reader, bloc string, year int) (*domain.YearData, error) {
	b, err := s.GetBloc(ctx, bloc)
	if err != nil {
		return nil, err
	}
	d := &domain.YearData{Bloc: b, Year: year, Units: map[string]domain.Unit{}, Narratives: map[string]string{}}
	// First: a write after this read advances the version, so data read
	// below is never older than the version it is known by.
	if d.State, err = s.YearState(ctx, bloc, year); err != nil {
		return nil, err
	}
	if d.Settings, err = s.GetYear(ctx, bloc, year); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if d.Next, err = s.GetYear(ctx, bloc, year+1); err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	prevYear, err := s.GetYear(ctx, bloc, year-1)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	d.PrevConference = prevYear.ConferenceDate
	if d.Previous, err = s.Members(ctx, bloc, year-1); err != nil {
		return nil, err
	}
	d.Previous = slices.DeleteFunc(d.Previous, func(m domain.Member) bool { return m.Until != "" })
	all, err := s.Members(ctx, bloc, year)
	if err != nil {
		return nil, err
	}
	// The year's documents are the members' at its end; those that left
	// during it have the half-year's only.
	for _, m := range all {
		if m.Until == "" {
			d.Members = append(d.Members, m)
		} else {
			d.Left = append(d.Left, m)
		}
	}
	units, err := s.ListUnits(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		d.Units[u.Slug] = u
	}
	if d.Indicators, err = s.ListIndicators(ctx, bloc, year, domain.PeriodYear); err != nil {
		return nil, err
	}
	if d.PrevIndicators, err = s.ListIndicators(ctx, bloc, year-1, domain.PeriodYear); err != nil {
		return nil, err
	}
	if d.H1, err = s.ListIndicators(ctx, bloc, year, domain.PeriodH1); err != nil {
		return nil, err
	}
	if d.PrevH1, err = s.ListIndicators(ctx, bloc, year-1, domain.PeriodH1); err != nil {
		return nil, err
	}
	if d.Plan, err = s.ListIndicators(ctx, bloc, year, domain.PeriodPlan); err != nil {
		return nil, err
	}
	if d.Movements, err = s.ListMovements(ctx, bloc, year); err != nil {
		return nil, err
	}
	cs, err := s.CurrentCriteria(ctx, bloc, year)
	switch {
	case err == nil:
		d.Criteria = &cs
		if d.Sheets, err = s.ListScores(ctx, cs.ID); err != nil {
			return nil, err
		}
	case !errors.Is(err, ErrNotFound):
		return nil, err
	}
	if d.Votes, err = s.ListVotes(ctx, bloc, year); err != nil {
		return nil, err
	}
	if d.Decisions, err = s.ListAwardDecisions(ctx, bloc, year); err != nil {
		return nil, err
	}
	if d.Honours, err = s.ListHonours(ctx, bloc, year); err != nil {
		return nil, err
	}
	ns, err := s.ListNarratives(ctx, bloc, year, "")
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		d.Narratives[n.Key] = n.Text
	}
	if d.Texts, err = s.ListBoardTexts(ctx, bloc, year); err != nil {
		return nil, err
	}
	if len(d.Members) == 0 {
		return d, domain.NotFound(fmt.Sprintf("đơn vị thành viên năm %d của khối", year), bloc)
	}
	d.Finish()
	return d, nil
}
