package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/thidua/thidua/internal/domain"
)

// Name entities in the names table.
const (
	entBloc       = "bloc"
	entParent     = "bloc_parent"
	entDepartment = "bloc_department"
	entUnit       = "unit"
	entProvince   = "unit_province"
)

func putNames(ctx context.Context, t *sql.Tx, entity string, owner int64, h domain.NameHistory) error {
	for _, v := range h {
		if _, err := t.ExecContext(ctx, `INSERT INTO names (entity, owner_id, valid_from, full_name, short_name)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (entity, owner_id, valid_from) DO UPDATE SET full_name = excluded.full_name, short_name = excluded.short_name`,
			entity, owner, v.ValidFrom, v.Full, v.Short); err != nil {
			return fmt.Errorf("lưu tên: %w", err)
		}
	}
	return nil
}

// loadNames returns every name of every owner of an entity, by owner id.
func loadNames(ctx context.Context, q queryer, entity string) (map[int64]domain.NameHistory, error) {
	rows, err := q.QueryContext(ctx, `SELECT owner_id, valid_from, full_name, short_name FROM names WHERE entity = ? ORDER BY owner_id, valid_from`, entity)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.NameHistory{}
	for rows.Next() {
		var id int64
		var v domain.NameVersion
		if err := rows.Scan(&id, &v.ValidFrom, &v.Full, &v.Short); err != nil {
			return nil, err
		}
		out[id] = append(out[id], v)
	}
	return out, rows.Err()
}

// ListBlocs lists every bloc with its name histories.
func (s *Store) ListBlocs(ctx context.Context) ([]domain.Bloc, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, slug FROM blocs ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	type row struct {
		id   int64
		slug string
	}
	var ids []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.slug); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, r)
	}
	rows.Close()
	names, err := loadNames(ctx, s.r, entBloc)
	if err != nil {
		return nil, err
	}
	parents, err := loadNames(ctx, s.r, entParent)
	if err != nil {
		return nil, err
	}
	deps, err := loadNames(ctx, s.r, entDepartment)
	if err != nil {
		return nil, err
	}
	out := make([]domain.Bloc, 0, len(ids))
	for _, r := range ids {
		out = append(out, domain.Bloc{Slug: r.slug, Names: names[r.id], Parent: parents[r.id], Department: deps[r.id]})
	}
	return out, nil
}

// GetBloc reads one bloc with its name histories.
func (s *Store) GetBloc(ctx context.Context, slug string) (domain.Bloc, error) {
	all, err := s.ListBlocs(ctx)
	if err != nil {
		return domain.Bloc{}, err
	}
	for _, b := range all {
		if b.Slug == slug {
			return b, nil
		}
	}
	return domain.Bloc{}, domain.NotFound("khối", slug)
}

// PutBloc creates or updates a bloc and its name versions.
func (s *Store) PutBloc(ctx context.Context, b domain.Bloc) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putBloc(ctx, t, b) })
}

// CreateBloc adds a bloc that does not exist yet, checked and written in
// one transaction: a second identical request is a ConflictError.
func (s *Store) CreateBloc(ctx context.Context, b domain.Bloc) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := blocID(ctx, t, b.Slug); err == nil {
			return domain.ConflictError{Code: "conflict", Message: "Khối " + b.Slug + " đã có (mã khối đã được dùng)"}
		}
		return putBloc(ctx, t, b)
	})
}

// bumpOrgs advances the version of the blocs' and units' names, inside
// the transaction that changes them.
func bumpOrgs(ctx context.Context, t *sql.Tx) error {
	_, err := t.ExecContext(ctx, `UPDATE org_state SET version = version + 1 WHERE id = 1`)
	return err
}

func putBloc(ctx context.Context, t *sql.Tx, b domain.Bloc) error {
	if err := bumpOrgs(ctx, t); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO blocs (slug) VALUES (?) ON CONFLICT (slug) DO NOTHING`, b.Slug); err != nil {
		return err
	}
	id, err := blocID(ctx, t, b.Slug)
	if err != nil {
		return err
	}
	for ent, h := range map[string]domain.NameHistory{entBloc: b.Names, entParent: b.Parent, entDepartment: b.Department} {
		if err := putNames(ctx, t, ent, id, h); err != nil {
			return err
		}
	}
	return nil
}

// ListUnits lists every unit with its name histories.
func (s *Store) ListUnits(ctx context.Context) ([]domain.Unit, error) {
	return s.units(ctx, s.r, "")
}

func (s *Store) units(ctx context.Context, q queryer, slug string) ([]domain.Unit, error) {
	query := `SELECT id, slug, kind, merged_into, merged_on FROM units`
	var args []any
	if slug != "" {
		query += ` WHERE slug = ?`
		args = append(args, slug)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY slug`, args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	var out []domain.Unit
	for rows.Next() {
		var id int64
		var u domain.Unit
		if err := rows.Scan(&id, &u.Slug, &u.Kind, &u.MergedInto, &u.MergedOn); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
		out = append(out, u)
	}
	rows.Close()
	names, err := loadNames(ctx, q, entUnit)
	if err != nil {
		return nil, err
	}
	provs, err := loadNames(ctx, q, entProvince)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		out[i].Names, out[i].Province = names[id], provs[id]
	}
	return out, nil
}

// GetUnit reads one unit.
func (s *Store) GetUnit(ctx context.Context, slug string) (domain.Unit, error) {
	us, err := s.units(ctx, s.r, slug)
	if err != nil {
		return domain.Unit{}, err
	}
	if len(us) == 0 {
		return domain.Unit{}, domain.NotFound("đơn vị", slug)
	}
	return us[0], nil
}

// PutUnit creates or updates a unit and its name versions.
func (s *Store) PutUnit(ctx context.Context, u domain.Unit) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putUnit(ctx, t, u) })
}

// CreateUnit adds a unit that does not exist yet, checked and written in
// one transaction: a second identical request is a ConflictError.
func (s *Store) CreateUnit(ctx context.Context, u domain.Unit) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		if _, err := unitID(ctx, t, u.Slug); err == nil {
			return domain.ConflictError{Code: "conflict", Message: "Đơn vị " + u.Slug + " đã có (mã đơn vị đã được dùng)"}
		}
		return putUnit(ctx, t, u)
	})
}

func putUnit(ctx context.Context, t *sql.Tx, u domain.Unit) error {
	if err := bumpOrgs(ctx, t); err != nil {
		return err
	}
	if u.MergedInto != "" {
		if _, err := unitID(ctx, t, u.MergedInto); err != nil {
			return err
		}
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO units (slug, kind, merged_into, merged_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET kind = excluded.kind, merged_into = excluded.merged_into, merged_on = excluded.merged_on`,
		u.Slug, u.Kind, u.MergedInto, u.MergedOn); err != nil {
		return err
	}
	id, err := unitID(ctx, t, u.Slug)
	if err != nil {
		return err
	}
	if err := putNames(ctx, t, entUnit, id, u.Names); err != nil {
		return err
	}
	return putNames(ctx, t, entProvince, id, u.Province)
}

// Members lists a bloc's members in a year with the names valid then.
func (s *Store) Members(ctx context.Context, bloc string, year int) ([]domain.Member, error) {
	bid, err := blocID(ctx, s.r, bloc)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT u.id, u.slug, u.kind, m.ord, m.head_name, m.head_title, m.staff, m.region, m.until
		FROM memberships m JOIN units u ON u.id = m.unit_id
		WHERE m.bloc_id = ? AND m.year = ? ORDER BY m.ord, u.slug`, bid, year)
	if err != nil {
		return nil, err
	}
	var out []domain.Member
	var ids []int64
	for rows.Next() {
		var id int64
		var staff sql.NullInt64
		m := domain.Member{Membership: domain.Membership{Bloc: bloc, Year: year}}
		if err := rows.Scan(&id, &m.Unit, &m.Kind, &m.Order, &m.HeadName, &m.HeadTitle, &staff, &m.Region, &m.Until); err != nil {
			rows.Close()
			return nil, err
		}
		if staff.Valid {
			m.Staff = &staff.Int64
		}
		ids = append(ids, id)
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	names, err := loadNames(ctx, s.r, entUnit)
	if err != nil {
		return nil, err
	}
	provs, err := loadNames(ctx, s.r, entProvince)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		at := domain.YearEnd(year)
		if out[i].Until != "" {
			at = out[i].Until // a member that left: its names on its last day
		}
		out[i].Name = names[id].At(at)
		out[i].Province = provs[id].At(at).Full
	}
	return out, nil
}

// PutMembership adds a unit to a bloc's year or updates its details.
func (s *Store) PutMembership(ctx context.Context, m domain.Membership) error {
	return s.tx(ctx, func(t *sql.Tx) error { return putMembership(ctx, t, m) })
}

// UpdateMembership reads a unit's membership of the bloc-year (a new one,
// Bloc, Year and Unit set, when there is none), lets fn change it and
// writes it back, in one transaction.
func (s *Store) UpdateMembership(ctx context.Context, bloc string, year int, unit string, fn func(m *domain.Membership) error) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		m := domain.Membership{Bloc: bloc, Year: year, Unit: unit}
		var staff sql.NullInt64
		err := t.QueryRowContext(ctx, `SELECT m.ord, m.head_name, m.head_title, m.staff, m.region, m.until
			FROM memberships m JOIN blocs b ON b.id = m.bloc_id JOIN units u ON u.id = m.unit_id
			WHERE b.slug = ? AND m.year = ? AND u.slug = ?`, bloc, year, unit).Scan(&m.Order, &m.HeadName, &m.HeadTitle, &staff, &m.Region, &m.Until)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if staff.Valid {
			m.Staff = &staff.Int64
		}
		if err := fn(&m); err != nil {
			return err
		}
		m.Bloc, m.Year, m.Unit = bloc, year, unit
		return putMembership(ctx, t, m)
	})
}

func putMembership(ctx context.Context, t *sql.Tx, m domain.Membership) error {
	bid, err := writeBlocYear(ctx, t, m.Bloc, m.Year)
	if err != nil {
		return err
	}
	uid, err := unitID(ctx, t, m.Unit)
	if err != nil {
		return err
	}
	var other string
	err = t.QueryRowContext(ctx, `SELECT b.slug FROM memberships m JOIN blocs b ON b.id = m.bloc_id WHERE m.unit_id = ? AND m.year = ? AND m.bloc_id <> ?`, uid, m.Year, bid).Scan(&other)
	if err == nil {
		return domain.ConflictError{Code: "member_elsewhere", Message: fmt.Sprintf("Đơn vị %s đã thuộc khối %s năm %d", m.Unit, other, m.Year)}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	_, err = t.ExecContext(ctx, `INSERT INTO memberships (bloc_id, year, unit_id, ord, head_name, head_title, staff, region, until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (bloc_id, year, unit_id) DO UPDATE SET ord = excluded.ord, head_name = excluded.head_name, head_title = excluded.head_title, staff = excluded.staff, region = excluded.region, until = excluded.until`,
		bid, m.Year, uid, m.Order, m.HeadName, m.HeadTitle, m.Staff, m.Region, m.Until)
	return err
}

// DeleteMembership removes a unit from a bloc's year.
func (s *Store) DeleteMembership(ctx context.Context, bloc string, year int, unit string) error {
	return s.tx(ctx, func(t *sql.Tx) error {
		bid, err := writeBlocYear(ctx, t, bloc, year)
		if err != nil {
			return err
		}
		uid, err := unitID(ctx, t, unit)
		if err != nil {
			return err
		}
		// A decision names the member: removing it would leave the award
		// standing in the ranking and the proposal without it.
		var decided bool
		if err := t.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM award_decisions WHERE bloc_id = ? AND year = ? AND unit_id = ?)`, bid, year, uid).Scan(&decided); err != nil {
			return err
		}
		if decided {
			return domain.ConflictError{Code: "member_has_award", Message: fmt.Sprintf("Đơn vị %s đã có quyết định khen thưởng năm %d; hãy bỏ quyết định đó (PUT …/awards) trước khi rút đơn vị khỏi Khối", unit, year)}
		}
		res, err := t.ExecContext(ctx, `DELETE FROM memberships WHERE bloc_id = ? AND year = ? AND unit_id = ?`, bid, year, uid)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound(fmt.Sprintf("thành viên năm %d", year), unit)
		}
		return nil
	})
}
