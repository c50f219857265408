package sqlstore

import (
	"context"
	"io/fs"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/storetest"
	"github.com/thidua/thidua/internal/testsrv"
)

func openPostgres(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := OpenPostgres(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestPostgresStoreContract runs the same contract on a new PostgreSQL
// database for each case.
func TestPostgresStoreContract(t *testing.T) {
	testsrv.Need(t, testsrv.PostgresEnv)
	storetest.Run(t, func(t *testing.T) store.Store {
		return openPostgres(t, testsrv.PostgresDB(t))
	})
}

// TestPostgresReplicasMigrateOnce opens four stores on one new database
// at once, as replicas starting together would: the migrations are
// applied once, under the lock, and every store works.
func TestPostgresReplicasMigrateOnce(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	stores := make([]*Store, 4)
	errs := make([]error, 4)
	for i := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = OpenPostgres(ctx, dsn)
		}()
	}
	wg.Wait()
	files, _ := fs.Glob(migrations, "migrations/sqlite/*.sql")
	for i, s := range stores {
		if errs[i] != nil {
			t.Fatalf("replica %d: %v", i, errs[i])
		}
		defer s.Close()
		if v, err := s.Version(ctx); err != nil || v != int64(len(files)) {
			t.Fatalf("replica %d at version %d (%v), want %d like SQLite", i, v, err, len(files))
		}
	}
	if err := stores[0].PutBloc(ctx, domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}); err != nil {
		t.Fatal(err)
	}
	if b, err := stores[3].GetBloc(ctx, "k"); err != nil || b.Names[0].Full != "Khối" {
		t.Fatalf("written on one replica, read on another: %+v %v", b, err)
	}
}

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"SELECT '?' || ? FROM \"a?b\" WHERE x = ?", "SELECT '?' || $1 FROM \"a?b\" WHERE x = $2"},
		{"VALUES (?, 'it''s', ?)", "VALUES ($1, 'it''s', $2)"},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
