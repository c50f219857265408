package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/thidua/thidua/internal/domain"
)

// ListMovements lists a year's emulation movements in the order added.
func (s *Store) ListMovements(ctx context.Context, bloc string, year int) ([]domain.Movement, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, name, period, launched_by, results FROM movements WHERE bloc_id = ? AND year = ? ORDER BY id`, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Movement
	for rows.Next() {
		m := domain.Movement{Bloc: bloc, Year: year}
		if err := rows.Scan(&m.ID, &m.Name, &m.Period, &m.LaunchedBy, &m.Results); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddMovement records a movement.
func (s *Store) AddMovement(ctx context.Context, m domain.Movement) (domain.Movement, error) {
	err := s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, m.Bloc, m.Year)
		if err != nil {
			return err
		}
		return t.QueryRowContext(ctx, `INSERT INTO movements (bloc_id, year, name, period, launched_by, results) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			bid, m.Year, m.Name, m.Period, m.LaunchedBy, m.Results).Scan(&m.ID)
	})
	return m, err
}

// ListNarratives lists the texts of a bloc-year (unit "" for the bloc's own).
func (s *Store) ListNarratives(ctx context.Context, bloc string, year int, unit string) ([]domain.Narrative, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	var uid int64
	if unit != "" {
		if uid, err = unitID(ctx, s.r, unit); err != nil {
			return nil, err
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT key, body FROM narratives WHERE bloc_id = ? AND year = ? AND unit_id = ? ORDER BY key`, bid, year, uid)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Narrative
	for rows.Next() {
		n := domain.Narrative{Bloc: bloc, Year: year, Unit: unit}
		if err := rows.Scan(&n.Key, &n.Text); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// PutNarrative creates or replaces one text.
func (s *Store) PutNarrative(ctx context.Context, n domain.Narrative) error {
	return s.PutNarratives(ctx, n.Bloc, n.Year, []domain.Narrative{n})
}

// PutNarratives creates or replaces texts of one bloc-year in one
// transaction, so that a form of many texts is never half stored.
func (s *Store) PutNarratives(ctx context.Context, bloc string, year int, ns []domain.Narrative) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		for _, n := range ns {
			if n.Bloc != bloc || n.Year != year {
				return fmt.Errorf("text of %s/%d in a batch of %s/%d", n.Bloc, n.Year, bloc, year)
			}
			var uid int64
			if n.Unit != "" {
				if uid, err = unitID(ctx, t, n.Unit); err != nil {
					return err
				}
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO narratives (bloc_id, year, unit_id, key, body) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (bloc_id, year, unit_id, key) DO UPDATE SET body = excluded.body`, bid, n.Year, uid, n.Key, n.Text); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListVotes lists a year's vote counts.
func (s *Store) ListVotes(ctx context.Context, bloc string, year int) ([]domain.Vote, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT v.subject, u.slug, v.votes_for, v.against, v.voters FROM votes v JOIN units u ON u.id = v.unit_id
		WHERE v.bloc_id = ? AND v.year = ? ORDER BY v.subject, v.votes_for DESC, u.slug`, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Vote
	for rows.Next() {
		v := domain.Vote{Bloc: bloc, Year: year}
		if err := rows.Scan(&v.Subject, &v.Unit, &v.For, &v.Against, &v.Voters); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// PutVotes creates or replaces the vote counts of one bloc-year in one
// transaction, so that a form of many rows is never half stored.
func (s *Store) PutVotes(ctx context.Context, bloc string, year int, vs []domain.Vote) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		for _, v := range vs {
			if v.Bloc != bloc || v.Year != year {
				return fmt.Errorf("vote of %s/%d in a batch of %s/%d", v.Bloc, v.Year, bloc, year)
			}
			uid, err := unitID(ctx, t, v.Unit)
			if err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO votes (bloc_id, year, subject, unit_id, votes_for, against, voters) VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (bloc_id, year, subject, unit_id) DO UPDATE SET votes_for = excluded.votes_for, against = excluded.against, voters = excluded.voters`,
				bid, v.Year, v.Subject, uid, v.For, v.Against, v.Voters); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListAwardDecisions lists a year's award decisions.
func (s *Store) ListAwardDecisions(ctx context.Context, bloc string, year int) ([]domain.AwardDecision, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT u.slug, a.kind, a.source FROM award_decisions a JOIN units u ON u.id = a.unit_id
		LEFT JOIN memberships m ON m.unit_id = a.unit_id AND m.year = a.year AND m.bloc_id = a.bloc_id
		WHERE a.bloc_id = ? AND a.year = ? ORDER BY a.kind DESC, m.ord, u.slug`, bid, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.AwardDecision
	for rows.Next() {
		d := domain.AwardDecision{Bloc: bloc, Year: year}
		if err := rows.Scan(&d.Unit, &d.Kind, &d.Source); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PutAwardDecisions replaces a year's award decisions.
func (s *Store) PutAwardDecisions(ctx context.Context, bloc string, year int, ds []domain.AwardDecision) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM award_decisions WHERE bloc_id = ? AND year = ?`, bid, year); err != nil {
			return err
		}
		for _, d := range ds {
			uid, err := unitID(ctx, t, d.Unit)
			if err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO award_decisions (bloc_id, year, unit_id, kind, source) VALUES (?, ?, ?, ?, ?)`, bid, year, uid, d.Kind, d.Source); err != nil {
				return err
			}
		}
		return nil
	})
}
