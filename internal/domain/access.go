package domain

import (
	"fmt"
	"strconv"
)

// Roles a grant gives.
const (
	RoleAdmin       = "admin"       // the installation: everything
	RoleSecretariat = "secretariat" // the leader's staff: everything of one bloc-year
	RoleBoard       = "board"       // one member unit: its own sheet and documents, the bloc's published documents
	RoleViewer      = "viewer"      // the ministry: reads everything, changes nothing
)

// Grant is one right a person holds; a person may hold several.
type Grant struct {
	ID   int64  `json:"id"`
	Role string `json:"role"`
	Bloc string `json:"bloc,omitempty"` // secretariat
	Year int    `json:"year,omitempty"` // secretariat
	Unit string `json:"unit,omitempty"` // board
}

// Validate checks that a grant names what its role needs.
func (g Grant) Validate() error {
	var c checker
	switch g.Role {
	case RoleAdmin, RoleViewer:
		if g.Bloc != "" || g.Year != 0 || g.Unit != "" {
			c.add("role", "grant_scope", "Quyền %s áp dụng cho mọi khối, không kèm khối, năm hay đơn vị", g.Role)
		}
	case RoleSecretariat:
		if !ValidSlug(g.Bloc) {
			c.add("bloc", "slug", SlugMessage)
		}
		c.between("year", int64(g.Year), 2000, 2100)
		if g.Unit != "" {
			c.add("unit", "grant_scope", "Quyền thư ký Khối không kèm đơn vị")
		}
	case RoleBoard:
		if !ValidSlug(g.Unit) {
			c.add("unit", "slug", SlugMessage)
		}
		if g.Bloc != "" || g.Year != 0 {
			c.add("bloc", "grant_scope", "Quyền đơn vị áp dụng cho mọi năm đơn vị là thành viên, không kèm khối, năm")
		}
	default:
		c.add("role", "unknown_role", "Vai trò phải là admin, secretariat, board hoặc viewer")
	}
	return c.result()
}

// String names a grant for people: "thư ký khối X năm 2024".
func (g Grant) String() string {
	switch g.Role {
	case RoleAdmin:
		return "quản trị"
	case RoleViewer:
		return "xem (Bộ)"
	case RoleSecretariat:
		return "thư ký khối " + g.Bloc + " năm " + strconv.Itoa(g.Year)
	case RoleBoard:
		return "đơn vị " + g.Unit
	}
	return g.Role
}

// Actor is who makes a request: a signed-in person with their grants, or
// a script with an API token (which carries one grant only).
type Actor struct {
	UserID   int64   `json:"user_id"`
	Username string  `json:"username"`
	Name     string  `json:"name"`
	Grants   []Grant `json:"grants"`
	TokenID  int64   `json:"token_id,omitempty"`
}

// Access is what a route does, as far as rights go.
type Access int

// The accesses, from the most open.
const (
	AccessPublic      Access = iota // anyone, signed in or not
	AccessSignedIn                  // any signed-in person: their own account, the list of blocs and units
	AccessReadYear                  // a bloc-year's shared data and published documents: its members too
	AccessReadPrivate               // a bloc-year's data beyond what members see (every sheet, the audit log)
	AccessWriteYear                 // change a bloc-year: its secretariat
	AccessReadUnit                  // one unit's sheet, uploads and documents: the unit itself too
	AccessWriteUnit                 // upload a unit's workbook, its indicators: the unit itself too
	AccessReadBloc                  // a bloc across its years: its secretariats too
	AccessWriteBloc                 // a bloc's own settings (its dossier schedule): its secretariats, admin
	AccessReadAll                   // across blocs and years: viewers and admins
	AccessAdmin                     // the installation: accounts, blocs, units
)

// Scope is where a request acts: the bloc, year and unit named in it.
type Scope struct {
	Bloc string
	Year int
	Unit string
}

// MemberOf tells which bloc a unit belongs to in a year ("" for none).
type MemberOf func(unit string, year int) (bloc string, err error)

// Allowed decides whether the actor may do access in scope. It looks only
// at the grants and at membership, never at whether what is named exists,
// so that a refusal tells nothing about other people's data.
func (a *Actor) Allowed(access Access, sc Scope, memberOf MemberOf) (bool, error) {
	if access == AccessPublic {
		return true, nil
	}
	if a == nil {
		return false, nil
	}
	for _, g := range a.Grants {
		ok, err := g.allows(access, sc, memberOf)
		if ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

func (g Grant) allows(access Access, sc Scope, memberOf MemberOf) (bool, error) {
	switch access {
	case AccessSignedIn:
		return true, nil
	case AccessAdmin:
		return g.Role == RoleAdmin, nil
	}
	switch g.Role {
	case RoleAdmin:
		return true, nil
	case RoleViewer:
		return access == AccessReadYear || access == AccessReadPrivate || access == AccessReadUnit || access == AccessReadBloc || access == AccessReadAll, nil
	case RoleSecretariat:
		inYear := sc.Bloc == g.Bloc && sc.Year == g.Year && sc.Bloc != ""
		switch access {
		case AccessReadBloc, AccessWriteBloc:
			return sc.Bloc == g.Bloc && sc.Bloc != "", nil
		case AccessReadYear, AccessReadPrivate, AccessWriteYear, AccessReadUnit, AccessWriteUnit:
			return inYear, nil
		}
		return false, nil
	case RoleBoard:
		switch access {
		case AccessReadYear:
		case AccessReadUnit, AccessWriteUnit:
			if sc.Unit != g.Unit {
				return false, nil
			}
		default:
			return false, nil
		}
		if sc.Bloc == "" || sc.Year == 0 {
			return false, nil
		}
		bloc, err := memberOf(g.Unit, sc.Year)
		if err != nil {
			return false, fmt.Errorf("thành viên của %s năm %d: %w", g.Unit, sc.Year, err)
		}
		return bloc == sc.Bloc, nil
	}
	return false, nil
}

// Has tells whether the actor holds a grant of that role.
func (a *Actor) Has(role string) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if g.Role == role {
			return true
		}
	}
	return false
}
