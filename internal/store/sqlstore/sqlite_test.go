package sqlstore

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/storetest"
)

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsOnEmptyAndExistingFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "thidua.db")
	s, err := OpenSQLite(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := fs.Glob(migrations, "migrations/sqlite/*.sql")
	last := int64(len(files)) // migrations are numbered 1, 2, … without gaps
	v, err := s.Version(ctx)
	if err != nil || v != last || last < 10 {
		t.Fatalf("version on empty file = %d, %v", v, err)
	}
	if err := s.PutBloc(ctx, domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s2 := open(t, path) // reopening applies nothing twice and keeps the data
	if v, _ := s2.Version(ctx); v != last {
		t.Fatalf("version on existing file = %d", v)
	}
	if b, err := s2.GetBloc(ctx, "k"); err != nil || b.Names[0].Full != "Khối" {
		t.Fatalf("data lost across reopen: %+v %v", b, err)
	}
}

// TestStoreContract runs the store's contract (internal/store/storetest)
// on a new SQLite file for each case.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		return open(t, filepath.Join(t.TempDir(), "thidua.db"))
	})
}

// TestCopyCoversEveryTable: Copy's list names every table the
// migrations make, so a new table cannot be left behind by migrate-store.
func TestCopyCoversEveryTable(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "thidua.db"))
	rows, err := s.r.DB.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	listed := map[string]bool{}
	for _, n := range tables {
		listed[n] = true
	}
	for rows.Next() {
		var name string
		rows.Scan(&name)
		if !listed[name] {
			t.Errorf("table %s is not in Copy's list", name)
		}
		delete(listed, name)
	}
	for name := range listed {
		t.Errorf("Copy's list names %s, which no migration makes", name)
	}
}
