package sqlstore

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/templates"

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

// TestCopySQLiteToPostgres copies an installation with the demo blocs,
// its accounts and an upload from SQLite into a new PostgreSQL database:
// every table's count and hash agree, the copy works (a new row gets a
// new id, the demo reads the same), and copying again into it is refused.
func TestCopySQLiteToPostgres(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	ctx := context.Background()
	src := open(t, filepath.Join(t.TempDir(), "thidua.db"))
	if err := demo.Load(ctx, src, templates.FS); err != nil {
		t.Fatal(err)
	}
	up, err := src.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2024, Unit: "phu-yen", SHA256: strings.Repeat("a", 64), Size: 3, Filename: "Phiếu chấm điểm.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	dst := openPostgres(t, dsn)
	report, err := Copy(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]int64{}
	for _, tc := range report {
		rows[tc.Table] = tc.Rows
	}
	for _, table := range []string{"blocs", "units", "names", "memberships", "criteria_sets", "scores", "uploads", "year_state"} {
		if rows[table] == 0 {
			t.Errorf("table %s: nothing copied", table)
		}
	}
	want, err := src.ListBlocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := dst.ListBlocs(ctx)
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("blocs after the copy differ: %v", err)
	}
	if g, err := dst.GetUpload(ctx, up.ID); err != nil || g.Filename != up.Filename || g.SHA256 != up.SHA256 {
		t.Fatalf("upload %d after the copy: %+v %v", up.ID, g, err)
	}
	next, err := dst.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2024, Unit: "phu-yen", SHA256: strings.Repeat("b", 64), Size: 3})
	if err != nil || next.ID <= up.ID {
		t.Fatalf("a new upload after the copy got id %d (%v), the copied one has %d", next.ID, err, up.ID)
	}
	if _, err := Copy(ctx, src, dst); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Fatalf("a second copy into the same database: %v", err)
	}
}

// TestPostgresOutageIsAFault: with the database unreachable (its
// connections cut, new ones refused), reads and writes fail as the
// Unavailable fault (503 with Retry-After and a Vietnamese message to
// people), not as a bare error; once it is back, the same store works
// again without a restart.
func TestPostgresOutageIsAFault(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := testsrv.NewProxy(t, u.Host)
	u.Host = p.Addr
	s := openPostgres(t, u.String())
	ctx := context.Background()
	if _, err := s.ListBlocs(ctx); err != nil {
		t.Fatal(err)
	}
	p.Cut()
	unavailable := func(what string, err error) {
		t.Helper()
		f, ok := fault.Of(err)
		if !ok || f.Kind != fault.Unavailable || f.Status() != 503 || f.RetryAfter() == 0 || !strings.Contains(f.Message(), "tạm thời không kết nối") || strings.Contains(f.Message(), p.Addr) {
			t.Errorf("%s with the database away: %v (fault %v)", what, err, ok)
		}
	}
	_, err = s.ListBlocs(ctx)
	unavailable("a read", err)
	unavailable("a write", s.PutBloc(ctx, domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}))
	p.Resume()
	if err := s.PutBloc(ctx, domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối"}}}); err != nil {
		t.Fatalf("a write once the database is back: %v", err)
	}
}
