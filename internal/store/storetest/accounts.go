package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// TestChangesOnRightsReadFailWhenAGrantCameBetween: a change of a user

// made on the rights read (a secretariat resets a board's password) fails

// when a grant was added or removed since; the user is created with their

// grants in one step.

func changesOnRightsReadFailWhenAGrantCameBetween(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	u, err := s.CreateUser(ctx, store.User{Username: "ban", PasswordHash: "h", Grants: []domain.Grant{{Role: domain.RoleViewer}}})
	if err != nil {
		t.Fatal(err)
	}
	read, err := s.GetUser(ctx, "ban")
	if err != nil || len(read.Grants) != 1 || read.Grants[0].ID == 0 {
		t.Fatalf("created with its grant: %+v %v", read, err)
	}
	if _, err := s.AddGrant(ctx, u.ID, domain.Grant{Role: domain.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for name, change := range map[string]func() error{
		"password": func() error { return s.SetPassword(ctx, read.ID, read.Rights, "h2", now, false) },
		"disabled": func() error { return s.SetDisabled(ctx, read.ID, read.Rights, true, now) },
		"profile":  func() error { return s.UpdateUser(ctx, read.ID, read.Rights, "X", "x@example.vn") },
	} {
		var ce domain.ConflictError
		if err := change(); !errors.As(err, &ce) || ce.Code != "rights_changed" {
			t.Errorf("%s on stale rights: %v", name, err)
		}
	}
	now2, _ := s.GetUser(ctx, "ban")
	if now2.PasswordHash != "h" || now2.Disabled || now2.Email != "" {
		t.Fatalf("a stale change landed: %+v", now2)
	}
	if err := s.SetPassword(ctx, now2.ID, now2.Rights, "h2", now, false); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateUser(ctx, 999, 0, "", ""); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("no such user: %v", err)
	}
}
