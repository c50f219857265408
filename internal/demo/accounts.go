package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// UserMaker creates an account with its rights, in one step (a wrapper of
// app.Accounts.CreateUser does; demo does not import app, whose tests
// load the demo).
type UserMaker func(ctx context.Context, username, name, password string, grants ...domain.Grant) error

// Accounts creates the demonstration accounts, all with one password:
// admin; bo (the ministry, read-only); thuky-<bloc> (the bloc's
// secretariat, every year it has); one per member board, named by the
// unit's slug. They are for trying the product, never for real use.
func Accounts(ctx context.Context, s store.Reader, acc UserMaker, password string) ([]string, error) {
	var names []string
	add := func(username, name string, grants ...domain.Grant) error {
		if err := acc(ctx, username, name, password, grants...); err != nil {
			return fmt.Errorf("tài khoản mẫu %s: %w", username, err)
		}
		names = append(names, username)
		return nil
	}
	if err := add("admin", "Quản trị hệ thống", domain.Grant{Role: domain.RoleAdmin}); err != nil {
		return nil, err
	}
	if err := add("bo", "Vụ Thi đua - Khen thưởng (xem)", domain.Grant{Role: domain.RoleViewer}); err != nil {
		return nil, err
	}
	blocs, err := s.ListBlocs(ctx)
	if err != nil {
		return nil, err
	}
	var units []string
	for _, b := range blocs {
		years, err := s.ListYears(ctx, b.Slug)
		if err != nil {
			return nil, err
		}
		var grants []domain.Grant
		for _, y := range years {
			grants = append(grants, domain.Grant{Role: domain.RoleSecretariat, Bloc: b.Slug, Year: y})
			ms, err := s.Members(ctx, b.Slug, y)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				if !slices.Contains(units, m.Unit) {
					units = append(units, m.Unit)
				}
			}
		}
		if err := add("thuky-"+b.Slug, "Thư ký "+b.Names.Latest().Full, grants...); err != nil {
			return nil, err
		}
	}
	slices.Sort(units)
	for _, u := range units {
		unit, err := s.GetUnit(ctx, u)
		if err != nil {
			return nil, err
		}
		if err := add(u, unit.Names.Latest().Full, domain.Grant{Role: domain.RoleBoard, Unit: u}); err != nil {
			return nil, err
		}
	}
	return names, nil
}
