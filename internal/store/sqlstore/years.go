package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/thidua/thidua/internal/domain"
)

// listYears lists the years a bloc has opened: members, or settings put
// for the year itself (not only next year's roles elected at a
// conference, BlocYear.ElectionOnly).
func (s *Store) listYears(ctx context.Context, bloc string) ([]int, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT year FROM bloc_years WHERE bloc_id = ? AND election_only = 0 UNION SELECT year FROM memberships WHERE bloc_id = ? ORDER BY year`, bid, bid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// GetYear reads a bloc-year's roles and settings.
func (s *Store) GetYear(ctx context.Context, bloc string, year int) (domain.BlocYear, error) {
	return getYear(ctx, s.r, bloc, year)
}

func getYear(ctx context.Context, q queryer, bloc string, year int) (domain.BlocYear, error) {
	bid, err := blocID(ctx, q, bloc)
	if err != nil {
		return domain.BlocYear{}, err
	}
	y := domain.BlocYear{Bloc: bloc, Year: year}
	var chairs, guests, nums, rule, minutes, deadlines, legal string
	var leader, deputy, host sql.NullString
	err = q.QueryRowContext(ctx, `SELECT
		(SELECT slug FROM units WHERE id = y.leader_id), (SELECT slug FROM units WHERE id = y.deputy_id), (SELECT slug FROM units WHERE id = y.host_id),
		conference_date, conference_time, conference_place, chairs, guests, doc_numbers, award_rule, demo, guidance, regulation, minutes, deadlines, demo_real, expected_date, legal, election_only
		FROM bloc_years y WHERE bloc_id = ? AND year = ?`, bid, year).Scan(&leader, &deputy, &host,
		&y.ConferenceDate, &y.ConferenceTime, &y.ConferencePlace, &chairs, &guests, &nums, &rule, &y.Demo, &y.Guidance, &y.Regulation, &minutes, &deadlines, &y.DemoReal, &y.ExpectedDate, &legal, &y.ElectionOnly)
	if errors.Is(err, sql.ErrNoRows) {
		return y, domain.NotFound(fmt.Sprintf("dữ liệu năm %d của khối", year), bloc)
	}
	if err != nil {
		return y, err
	}
	y.Leader, y.Deputy, y.Host = leader.String, deputy.String, host.String
	for _, p := range []struct {
		src string
		dst any
	}{{chairs, &y.Chairs}, {guests, &y.Guests}, {nums, &y.DocNumbers}, {rule, &y.Awards}, {minutes, &y.Minutes}, {deadlines, &y.Deadlines}, {legal, &y.Legal}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return y, fmt.Errorf("đọc thiết lập năm %d: %w", year, err)
		}
	}
	return y, nil
}

// PutYear creates or replaces a bloc-year's roles and settings.
func (s *Store) PutYear(ctx context.Context, y domain.BlocYear) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putYear(ctx, t, y) })
}

// UpdateYears reads the bloc's given years (a year without settings yet
// as a new one, Bloc and Year set), lets fn change them and writes them
// all back, in one transaction: all or nothing, and no write of another
// request in between.
func (s *Store) UpdateYears(ctx context.Context, bloc string, years []int, fn func(ys []*domain.BlocYear) error) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		ys := make([]*domain.BlocYear, len(years))
		for i, year := range years {
			y, err := getYear(ctx, t, bloc, year)
			if err != nil && !errors.Is(err, domain.ErrNotFound) {
				return err
			}
			if err != nil {
				if _, err := blocID(ctx, t, bloc); err != nil {
					return err
				}
			}
			ys[i] = &y
		}
		if err := fn(ys); err != nil {
			return err
		}
		for _, y := range ys {
			if err := putYear(ctx, t, *y); err != nil {
				return err
			}
		}
		return nil
	})
}

func putYear(ctx context.Context, t *sql.Tx, y domain.BlocYear) error {
	bid, err := writeBlocYear(ctx, t, y.Bloc, y.Year)
	if err != nil {
		return err
	}
	var ids [3]sql.NullInt64
	for i, slug := range []string{y.Leader, y.Deputy, y.Host} {
		if ids[i], err = nullUnitID(ctx, t, slug); err != nil {
			return err
		}
	}
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	chairs, guests, nums := y.Chairs, y.Guests, y.DocNumbers
	if chairs == nil {
		chairs = []domain.Person{}
	}
	if guests == nil {
		guests = []domain.Person{}
	}
	if nums == nil {
		nums = map[string]string{}
	}
	_, err = t.ExecContext(ctx, `INSERT INTO bloc_years (bloc_id, year, leader_id, deputy_id, host_id, conference_date, conference_time, conference_place, chairs, guests, doc_numbers, award_rule, demo, guidance, regulation, minutes, deadlines, demo_real, expected_date, legal, election_only)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (bloc_id, year) DO UPDATE SET leader_id = excluded.leader_id, deputy_id = excluded.deputy_id, host_id = excluded.host_id,
		conference_date = excluded.conference_date, conference_time = excluded.conference_time, conference_place = excluded.conference_place,
		chairs = excluded.chairs, guests = excluded.guests, doc_numbers = excluded.doc_numbers, award_rule = excluded.award_rule, demo = excluded.demo,
		guidance = excluded.guidance, regulation = excluded.regulation, minutes = excluded.minutes, deadlines = excluded.deadlines, demo_real = excluded.demo_real, expected_date = excluded.expected_date, legal = excluded.legal, election_only = excluded.election_only`,
		bid, y.Year, ids[0], ids[1], ids[2], y.ConferenceDate, y.ConferenceTime, y.ConferencePlace, enc(chairs), enc(guests), enc(nums), enc(y.Awards), y.Demo, y.Guidance, y.Regulation, enc(y.Minutes), enc(y.Deadlines), y.DemoReal, y.ExpectedDate, enc(y.Legal), y.ElectionOnly)
	return err
}

// OpenYear opens a bloc-year in one transaction: its members, its
// criteria (cs, when given and the year has none) and its settings, no
// longer election-only. A year already open (settings not election-only,
// or members) is refused with domain.ConflictError "year_open".
func (s *Store) OpenYear(ctx context.Context, by domain.BlocYear, members []domain.Membership, cs *domain.CriteriaSet) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := blocID(ctx, t, by.Bloc)
		if err != nil {
			return err
		}
		var open bool
		if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM bloc_years WHERE bloc_id = ? AND year = ? AND election_only = 0)
			OR EXISTS (SELECT 1 FROM memberships WHERE bloc_id = ? AND year = ?)`, bid, by.Year, bid, by.Year).Scan(&open); err != nil {
			return err
		}
		if open {
			return domain.ConflictError{Code: "year_open", Message: fmt.Sprintf("Năm %d của Khối đã được mở", by.Year)}
		}
		for _, m := range members {
			if err := putMembership(ctx, t, m); err != nil {
				return err
			}
		}
		if cs != nil {
			var have bool
			if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM criteria_sets WHERE bloc_id = ? AND year = ?)`, bid, by.Year).Scan(&have); err != nil {
				return err
			}
			if !have {
				if _, err := addCriteria(ctx, t, *cs); err != nil {
					return err
				}
			}
		}
		by.ElectionOnly = false
		return putYear(ctx, t, by)
	})
}
