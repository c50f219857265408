package app

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/testenv"
)

// TestSweepBlobs: the sweep removes only what it can prove is an orphan of
// its own unfinished writes — a blob noted as pending a day ago that no
// record names (a dossier run cut before publishing), and a half-written
// temporary file. A blob noted now (maybe being published), every named
// one, and every file that was never noted (a database lost or replaced:
// the sweep cannot know what it was) stay, however old.
func TestSweepBlobs(t *testing.T) {
	e := testenv.Open(t, "", true)
	ctx := context.Background()
	b := dossier.New(dossier.Config{Source: e.Store, Render: e.Render, Blobs: e.Blobs, Generator: "test"})
	d, err := b.Build(ctx, demo.BacTrung, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := dossier.Publish(ctx, e.Store, e.Blobs, d, 0)
	if err != nil {
		t.Fatal(err)
	}
	put := func(s blob.Store, data string) string {
		ref, err := blob.Copy(ctx, s, bytes.NewReader([]byte(data)))
		if err != nil {
			t.Fatal(err)
		}
		return ref.SHA256
	}
	old, fresh := put(e.Blobs, "một lần lập bị dừng"), put(e.Blobs, "đang được công bố")
	unknown := put(e.Folder, "tệp của một cơ sở dữ liệu đã mất")
	day := time.Now().Add(-25 * time.Hour)
	age := func(sha string) {
		p := filepath.Join(e.Dir, "blobs", sha[:2], sha[2:4], sha)
		if err := os.Chtimes(p, day, day); err != nil {
			t.Fatal(err)
		}
	}
	age(old)
	age(unknown)
	age(v.ZIPSHA256)
	// The notes of old and of the published ZIP were made a day ago.
	db, err := sql.Open("sqlite", filepath.Join(e.Dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, sha := range []string{old, v.ZIPSHA256} {
		if _, err := db.Exec(`UPDATE blob_pending SET noted_at = ? WHERE sha256 = ?`, day.Unix(), sha); err != nil {
			t.Fatal(err)
		}
	}
	tmp := filepath.Join(e.Dir, "blobs", "tmp", "blob-dở-dang")
	os.WriteFile(tmp, []byte("x"), 0o600)
	os.Chtimes(tmp, day, day)

	n, err := SweepBlobs(ctx, e.Store, e.Folder, 24*time.Hour, nil)
	if err != nil || n != 2 {
		t.Fatalf("removed %d, %v; want the old orphan and the temporary file", n, err)
	}
	exists := func(sha string) bool {
		rc, err := e.Blobs.Open(ctx, sha)
		if err == nil {
			rc.Close()
		}
		return err == nil
	}
	if exists(old) || !exists(fresh) || !exists(v.ZIPSHA256) || !exists(unknown) {
		t.Errorf("old orphan %v, fresh %v, ZIP %v, never noted %v", exists(old), exists(fresh), exists(v.ZIPSHA256), exists(unknown))
	}
	for _, f := range v.Files {
		if !exists(f.SHA256) {
			t.Errorf("%s removed", f.Name)
		}
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Error("the half-written file is still there")
	}
	// Named blobs' notes are forgotten; the fresh one's stays for later.
	pending, err := e.Store.PendingBlobs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 1 || pending[0].SHA256 != fresh {
		t.Errorf("notes left: %+v; want only the fresh blob's", pending)
	}
}
