package app

import (
	"context"
	"fmt"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// YearAccounts is what a bloc-year's secretariat manages: the accounts of
// the boards that are members that year, and nothing else. A person with
// any other right (another bloc's board, a secretariat, the ministry, an
// administrator) is not theirs, and is not found through it: a secretariat
// can neither see nor change them. The route says who is the secretariat;
// this says over whom.
type YearAccounts struct {
	a       *Accounts
	Bloc    string
	Year    int
	Members []domain.Member
}

// ForYear is the accounts a bloc-year's secretariat manages.
func (a *Accounts) ForYear(ctx context.Context, bloc string, year int) (*YearAccounts, error) {
	ms, err := a.st.Members(ctx, bloc, year)
	if err != nil {
		return nil, err
	}
	return &YearAccounts{a: a, Bloc: bloc, Year: year, Members: ms}, nil
}

func (y *YearAccounts) member(unit string) bool {
	for _, m := range y.Members {
		if m.Unit == unit {
			return true
		}
	}
	return false
}

// manages says whether every right of u is a board right over a member.
func (y *YearAccounts) manages(u store.User) bool {
	if len(u.Grants) == 0 {
		return false
	}
	for _, g := range u.Grants {
		if g.Role != domain.RoleBoard || !y.member(g.Unit) {
			return false
		}
	}
	return true
}

// Users lists the accounts of the year's member boards.
func (y *YearAccounts) Users(ctx context.Context) ([]store.User, error) {
	us, err := y.a.st.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []store.User
	for _, u := range us {
		if y.manages(u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// User is one of them; anyone else is not found.
func (y *YearAccounts) User(ctx context.Context, username string) (store.User, error) {
	u, err := y.a.User(ctx, username)
	if err == nil && !y.manages(u) {
		err = domain.NotFound("người dùng", username)
	}
	return u, err
}

// Create makes an account for a member board: its one right is the board
// of that unit.
func (y *YearAccounts) Create(ctx context.Context, act *domain.Actor, n NewUser, unit string) (store.User, error) {
	if !y.member(unit) {
		return store.User{}, domain.ValidationError{{Field: "unit", Code: "not_member", Message: fmt.Sprintf("Đơn vị không là thành viên của Khối năm %d", y.Year)}}
	}
	n.Grants = []domain.Grant{{Role: domain.RoleBoard, Unit: unit}}
	return y.a.CreateUser(ctx, act, n)
}

// UpdateUser, ResetPassword, SetDisabled and Unlock are the administrator's
// acts, on the year's board accounts only. Each is done on the account as
// checked: if a right is granted in between, the store refuses it
// (store.User.Rights), so that no check-then-act race lets a secretariat
// reach an account it does not manage.
func (y *YearAccounts) UpdateUser(ctx context.Context, act *domain.Actor, username, name, email string) (store.User, error) {
	u, err := y.User(ctx, username)
	if err != nil {
		return u, err
	}
	return y.a.updateUser(ctx, act, u, name, email)
}

func (y *YearAccounts) ResetPassword(ctx context.Context, act *domain.Actor, username, next, address string) error {
	u, err := y.User(ctx, username)
	if err != nil {
		return err
	}
	return y.a.resetPassword(ctx, act, u, next, address)
}

func (y *YearAccounts) SetDisabled(ctx context.Context, act *domain.Actor, username string, disabled bool) (store.User, error) {
	u, err := y.User(ctx, username)
	if err != nil {
		return u, err
	}
	return y.a.setDisabled(ctx, act, u, disabled)
}

func (y *YearAccounts) Unlock(ctx context.Context, act *domain.Actor, username string) error {
	if _, err := y.User(ctx, username); err != nil {
		return err
	}
	return y.a.Unlock(ctx, act, username)
}
