// Package testenv opens, for tests, a data folder as the service does: the
// SQLite store, or PostgreSQL with THIDUA_TEST_STORE=postgres (with the
// demo blocs when asked), the blob folder and the
// render service with both renderers. Only tests import it.
package testenv

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testsrv"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

// Env is an opened data folder.
type Env struct {
	Dir      string
	Database string // the PostgreSQL database's address; "" on SQLite
	Store    *sqlstore.Store
	Blobs    blob.Store // the folder, every blob noted in the store first, as the service has it
	Folder   *blob.Dir
	Render   *render.Service
}

// Open opens the data folder dir (a new temporary one when ""), loading the
// demo blocs when demoData is set; everything is closed when t ends.
func Open(t testing.TB, dir string, demoData bool) *Env {
	t.Helper()
	ctx := context.Background()
	if dir == "" {
		dir = t.TempDir()
	}
	st, database, err := openStore(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if demoData {
		if err := demo.Load(ctx, st, templates.FS); err != nil {
			t.Fatal(err)
		}
	}
	folder, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := render.New(render.Config{Store: st, Templates: templates.FS, Workbooks: xlsx.Workbooks{}})
	if err != nil {
		t.Fatal(err)
	}
	return &Env{Dir: dir, Database: database, Store: st, Blobs: blob.Journaled{Store: folder, J: st}, Folder: folder, Render: rs}
}

// DatabaseEnv names the PostgreSQL database a test's child process opens
// (Env.Database of its parent) instead of a new one.
const DatabaseEnv = "THIDUA_TEST_DATABASE"

// openStore opens the SQLite file in dir, or, with THIDUA_TEST_STORE=
// postgres, a new PostgreSQL database (testsrv) or the one DatabaseEnv
// names, and returns its address.
func openStore(t testing.TB, dir string) (*sqlstore.Store, string, error) {
	if !testsrv.OnPostgres() {
		st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(dir, "thidua.db"))
		return st, "", err
	}
	dsn := os.Getenv(DatabaseEnv)
	if dsn == "" {
		dsn = testsrv.PostgresDB(t)
	}
	st, err := sqlstore.OpenPostgres(context.Background(), dsn)
	return st, dsn, err
}

// ReopenDemo reopens every year the demo closed after its conference,
// for a test that changes past years' data.
func ReopenDemo(t testing.TB, st store.Store) {
	t.Helper()
	if err := demo.ReopenAll(context.Background(), st); err != nil {
		t.Fatal(err)
	}
}
