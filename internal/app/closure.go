package app

import (
	"context"
	"errors"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// State reads a bloc-year's data version and whether it is closed.
func (y *Years) State(ctx context.Context, bloc string, year int) (domain.YearState, error) {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return domain.YearState{}, err
	}
	return y.st.YearState(ctx, bloc, year)
}

// Close closes a bloc-year after its conference (domain.YearState.Close):
// from then on every write of its data is refused by the store, in the
// write's own transaction; its documents stay downloadable.
func (y *Years) Close(ctx context.Context, bloc string, year int, by string, now time.Time) error {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return err
	}
	settings, err := y.st.GetYear(ctx, bloc, year)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return y.st.UpdateYearState(ctx, bloc, year, func(s *domain.YearState) error { return s.Close(settings, by, now) })
}

// Reopen reopens a closed year, with the reason given: an
// administrator's act (the route says who may call it), recorded in the
// year's state and the audit log.
func (y *Years) Reopen(ctx context.Context, bloc string, year int, by, reason string, now time.Time) error {
	if err := y.RequireYear(ctx, bloc, year); err != nil {
		return err
	}
	return y.st.UpdateYearState(ctx, bloc, year, func(s *domain.YearState) error { return s.Reopen(by, reason, now) })
}
