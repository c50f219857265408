package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testsrv"
	"github.com/thidua/thidua/templates"
)

// TestMigrateStore moves a one-machine installation (demo blocs and an
// upload with its file) onto PostgreSQL and a bucket: the upload's record
// and its exact bytes are there, and a second run into the same database
// is refused without touching it.
func TestMigrateStore(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	bucket := testsrv.S3Bucket(t)
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Load(ctx, st, templates.FS); err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	data := filledWorkbook(t, "bản chuyển sang PostgreSQL")
	ref, err := blob.Copy(ctx, folder, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	up, err := st.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2024, Unit: "phu-yen", SHA256: ref.SHA256, Size: ref.Size, Filename: "Phiếu chấm điểm.xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out bytes.Buffer
	if err := migrateStoreCmd(ctx, []string{"--from", dir, "--to", dsn, "--to-blobs", bucket}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "đều khớp") || !strings.Contains(out.String(), "Đã chép 1 tệp") {
		t.Errorf("said: %s", out.String())
	}
	pg, err := sqlstore.OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	got, err := pg.GetUpload(ctx, up.ID)
	if err != nil || got.SHA256 != ref.SHA256 || got.Filename != up.Filename {
		t.Fatalf("upload on PostgreSQL: %+v %v", got, err)
	}
	b, err := blob.OpenBucket(ctx, bucket, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := b.Open(ctx, ref.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(back, data) {
		t.Fatal("the file in the bucket differs from the one in the folder")
	}
	out.Reset()
	if err := migrateStoreCmd(ctx, []string{"--from", "sqlite:" + filepath.Join(dir, "thidua.db"), "--to", dsn}, &out); err == nil || !strings.Contains(err.Error(), "không trống") {
		t.Fatalf("a second migration into the same database: %v", err)
	}
	if n, _ := pg.ListUploads(ctx, demo.TayNguyen, 2024, "phu-yen"); len(n) != 1 {
		t.Errorf("%d uploads after the refused second run", len(n))
	}
}
