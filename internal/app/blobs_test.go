package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/testenv"
)

// TestSweepBlobs: a day-old blob no record names is removed (a dossier run
// cut before publishing), and a half-written temporary file; a fresh one
// (maybe being published now) and every named one stay.
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
	put := func(data []byte) string {
		w, _ := e.Blobs.Create(ctx)
		io.Copy(w, bytes.NewReader(data))
		ref, err := w.Commit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return ref.SHA256
	}
	old, fresh := put([]byte("một lần lập bị dừng")), put([]byte("đang được công bố"))
	day := time.Now().Add(-25 * time.Hour)
	age := func(sha string) {
		p := filepath.Join(e.Dir, "blobs", sha[:2], sha[2:4], sha)
		if err := os.Chtimes(p, day, day); err != nil {
			t.Fatal(err)
		}
	}
	age(old)
	age(v.ZIPSHA256) // named: stays however old
	tmp := filepath.Join(e.Dir, "blobs", "tmp", "blob-dở-dang")
	os.WriteFile(tmp, []byte("x"), 0o600)
	os.Chtimes(tmp, day, day)

	n, err := SweepBlobs(ctx, e.Store, e.Blobs, 24*time.Hour, nil)
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
	if exists(old) || !exists(fresh) || !exists(v.ZIPSHA256) {
		t.Errorf("old orphan %v, fresh %v, ZIP %v", exists(old), exists(fresh), exists(v.ZIPSHA256))
	}
	for _, f := range v.Files {
		if !exists(f.SHA256) {
			t.Errorf("%s removed", f.Name)
		}
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Error("the half-written file is still there")
	}
	var _ blob.Lister = e.Blobs
}
