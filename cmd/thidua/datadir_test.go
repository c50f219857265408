package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testenv"
)

// TestServeRefusesALostDatabase: a data folder whose blobs/ holds the
// files of an earlier installation, with its database missing, truncated
// to zero, overwritten, or replaced by a new empty one, is not started on
// (it would start as a new installation and the files would be at the
// mercy of anything that trusts the database); the refusal says why in
// Vietnamese, naming the file, and every stored file is still there.
func TestServeRefusesALostDatabase(t *testing.T) {
	cases := []struct {
		name string
		db   func(t *testing.T, path string)
		want string
	}{
		{"missing", func(*testing.T, string) {}, "không có"},
		{"zero bytes", func(t *testing.T, p string) { os.WriteFile(p, nil, 0o600) }, "rỗng (0 byte)"},
		{"overwritten", func(t *testing.T, p string) { os.WriteFile(p, []byte("<html>not a database</html>"), 0o600) }, "không phải là cơ sở dữ liệu SQLite"},
		{"a new empty one", func(t *testing.T, p string) {
			st, err := sqlstore.OpenSQLite(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
		}, "không có dữ liệu nào"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			folder, err := blob.NewDir(filepath.Join(dir, "blobs"))
			if err != nil {
				t.Fatal(err)
			}
			var shas []string
			for _, s := range []string{"phiếu của Phú Yên", "hồ sơ năm 2024"} {
				ref, err := blob.Copy(context.Background(), folder, bytes.NewReader([]byte(s)))
				if err != nil {
					t.Fatal(err)
				}
				p := filepath.Join(dir, "blobs", ref.SHA256[:2], ref.SHA256[2:4], ref.SHA256)
				old := time.Now().Add(-72 * time.Hour)
				os.Chtimes(p, old, old)
				shas = append(shas, p)
			}
			tc.db(t, filepath.Join(dir, "thidua.db"))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err = run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"}, os.Stdout, os.Stderr)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "thidua.db") || !strings.Contains(err.Error(), "thidua restore") {
				t.Fatalf("serve: %v; want a refusal saying %q, naming the file and what to do", err, tc.want)
			}
			for _, p := range shas {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("a stored file is gone: %v", err)
				}
			}
		})
	}
}

// TestBackupAndRestoreCommands: the commands as an operator types them,
// on a data folder a service has open: the backup, a restore into a new
// folder, a second restore refused, the restored folder started on.
func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	e := testenv.Open(t, dir, true)
	if _, err := blob.Copy(context.Background(), e.Blobs, strings.NewReader("một bản nộp")); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	out, data := filepath.Join(t.TempDir(), "sao-luu"), filepath.Join(t.TempDir(), "moi")
	var buf bytes.Buffer
	if err := backupCmd(ctx, []string{"--data", dir, "--out", out}, &buf); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "Đã sao lưu") {
		t.Errorf("backup said %q", buf.String())
	}
	if err := backupCmd(ctx, []string{"--data", dir, "--out", out}, &buf); err == nil {
		t.Error("a backup over a backup was taken")
	}
	if err := restoreCmd(ctx, []string{"--from", out, "--data", data}, &buf); err != nil {
		t.Fatal(err)
	}
	if err := restoreCmd(ctx, []string{"--from", out, "--data", data}, &buf); err == nil || !strings.Contains(err.Error(), "đã có dữ liệu") {
		t.Errorf("a restore over data: %v", err)
	}
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(data, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if empty, err := st.Empty(ctx); err != nil || empty {
		t.Errorf("restored store empty %v, %v", empty, err)
	}
	if err := checkBeforeOpen(ctx, data); err != nil {
		t.Error(err)
	}
}

// TestServeOnADamagedDatabase: a database file damaged past its header is
// refused at start in Vietnamese, naming the file and what to do, without
// SQLite's English.
func TestServeOnADamagedDatabase(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "thidua.db")
	st, err := sqlstore.OpenSQLite(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for i := 100; i < len(b); i++ { // the header kept, every page garbled
		b[i] = byte(i * 7)
	}
	if err := os.WriteFile(db, b, 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(db + "-wal")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = run(ctx, []string{"serve", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "error"}, os.Stdout, os.Stderr)
	if err == nil || !strings.Contains(err.Error(), "bị hỏng") || !strings.Contains(err.Error(), db) || !strings.Contains(err.Error(), "thidua restore") {
		t.Fatalf("serve on a damaged database: %v", err)
	}
	if m := regexp.MustCompile(`(?i)\b(database|disk image|malformed|sqlite|file is not)\b`).FindString(err.Error()); m != "" {
		t.Errorf("%q in the message for people: %v", m, err)
	}
}
