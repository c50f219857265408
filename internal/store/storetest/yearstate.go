package storetest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
)

// TestNoWriteSlipsPastAClosing: writers of every kind race a closing of

// the year. Each write either lands before the closing (and advanced the

// version) or is refused as year_closed; none lands after it. The version

// counts exactly the writes that landed.

func noWriteSlipsPastAClosing(t *testing.T, open Opener) {
	ctx := context.Background()
	s := loadDemo(t, open)
	const bloc, year = demo.TayNguyen, 2024
	settings, err := s.GetYear(ctx, bloc, year)
	if err != nil {
		t.Fatal(err)
	}
	settings.ConferenceDate = "2025-01-10"
	if err := s.PutYear(ctx, settings); err != nil {
		t.Fatal(err)
	}
	cs, err := s.CurrentCriteria(ctx, bloc, year)
	if err != nil {
		t.Fatal(err)
	}
	v0, _ := s.YearState(ctx, bloc, year)
	writes := []func(i int) error{
		func(i int) error {
			return s.PutVotes(ctx, bloc, year, []domain.Vote{{Bloc: bloc, Year: year, Subject: domain.VoteFlag, Unit: "gia-lai", For: i % 11, Voters: 11}})
		},
		func(i int) error {
			return s.PutNarrative(ctx, domain.Narrative{Bloc: bloc, Year: year, Key: domain.NarrLessons, Text: "Bài học số " + string(rune('A'+i%26))})
		},
		func(i int) error {
			w := int64(1000 + i)
			return s.UpdateIndicators(ctx, "dak-lak", year, []string{domain.PeriodYear}, func(ind *domain.Indicators) error { ind.Workers = &w; return nil })
		},
		func(i int) error {
			return s.UpdateSheet(ctx, cs.ID, "phu-yen", func(prev *domain.UnitScores) (domain.UnitScores, error) { return domain.UnitScores{}, nil })
		},
		func(i int) error {
			_, err := s.AddHonour(ctx, domain.Honour{Bloc: bloc, Year: year, Unit: "dak-lak", Period: domain.PeriodYear, Form: "Bằng khen"})
			return err
		},
	}
	var landed, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < 40; i++ {
				err := writes[(w+i)%len(writes)](i)
				var ce domain.ConflictError
				switch {
				case err == nil:
					landed.Add(1)
				case errors.As(err, &ce) && ce.Code == domain.CodeYearClosed:
					refused.Add(1)
				default:
					t.Error(err)
				}
			}
		}()
	}
	var closedAt domain.YearState
	wg.Add(1)
	go func() {
		defer wg.Done()
		<-start
		time.Sleep(5 * time.Millisecond)
		err := s.UpdateYearState(ctx, bloc, year, func(st *domain.YearState) error {
			if err := st.Close(settings, "thuky", time.Now()); err != nil {
				return err
			}
			closedAt = *st
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}()
	close(start)
	wg.Wait()
	v1, err := s.YearState(ctx, bloc, year)
	if err != nil || !v1.Closed() {
		t.Fatalf("not closed: %+v %v", v1, err)
	}
	// The closing itself advances the version once (pages show it).
	if v1.Version != closedAt.Version+1 || v1.Version-v0.Version != landed.Load()+1 {
		t.Errorf("version %d → %d at closing, %d at the end; %d writes landed", v0.Version, closedAt.Version, v1.Version, landed.Load())
	}
	if refused.Load() == 0 || landed.Load() == 0 {
		t.Logf("landed %d, refused %d: the closing did not fall among the writes this run", landed.Load(), refused.Load())
	}
}
