package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/vn"
)

// migrateStoreCmd copies a one-machine installation (the SQLite file and
// the folder of files) onto PostgreSQL and, when asked, a bucket: the
// rows in one transaction, verified table by table (count and hash), and
// every file, verified by its SHA-256 read back from the target. The
// service must be stopped: nothing may write to the source meanwhile.
func migrateStoreCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	from := fs.String("from", "", "thư mục dữ liệu nguồn (chứa thidua.db và blobs), hoặc sqlite:THƯ_MỤC/thidua.db; dịch vụ đã dừng")
	to := fs.String("to", "", "cơ sở dữ liệu PostgreSQL đích, mới và trống: postgres://…")
	toBlobs := fs.String("to-blobs", "", "kho tệp đích s3://bucket?endpoint=…; để trống: tệp vẫn ở thư mục blobs của nguồn")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || !strings.HasPrefix(*to, "postgres") {
		return errors.New("cần --from THƯ_MỤC_DỮ_LIỆU và --to postgres://…")
	}
	// sqlite:DIR/thidua.db names the same folder by its database file.
	if f, ok := strings.CutPrefix(*from, "sqlite:"); ok {
		*from = f
		if filepath.Base(f) == "thidua.db" {
			*from = filepath.Dir(f)
		}
	}
	db := filepath.Join(*from, "thidua.db")
	if state, err := inspectDB(db); err != nil || state != dbPresent {
		return fmt.Errorf("không có cơ sở dữ liệu SQLite để chép ở %s", db)
	}
	src, err := sqlstore.OpenSQLite(ctx, db)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := sqlstore.OpenPostgres(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	start := time.Now()
	report, err := sqlstore.Copy(ctx, src, dst)
	if err != nil {
		return fmt.Errorf("chưa chép được, cơ sở dữ liệu đích không đổi: %w", err)
	}
	var rows int64
	for _, t := range report {
		rows += t.Rows
	}
	fmt.Fprintf(stdout, "Đã chép %s dòng của %d bảng sang %s; số dòng và mã băm từng bảng đều khớp.\n", vn.GroupInt(rows), len(report), sqlstore.Redact(*to))
	if *toBlobs == "" {
		fmt.Fprintf(stdout, "Tệp vẫn ở %s: chạy dịch vụ với --data %s, hoặc chép sang kho S3 bằng --to-blobs.\n", filepath.Join(*from, "blobs"), *from)
		return nil
	}
	target, err := blob.OpenBucket(ctx, *toBlobs, filepath.Join(*from, "tmp"))
	if err != nil {
		return err
	}
	n, size, err := copyBlobs(ctx, blob.ReadDir(filepath.Join(*from, "blobs")), target)
	if err != nil {
		return fmt.Errorf("các dòng đã chép nhưng tệp chưa chép xong (chạy lại với một cơ sở dữ liệu mới): %w", err)
	}
	fmt.Fprintf(stdout, "Đã chép %s tệp, %s KB sang %s; mã SHA-256 của từng tệp đọc lại đều khớp. Xong trong %s.\n",
		vn.GroupInt(int64(n)), vn.GroupInt(size/1024), target, time.Since(start).Round(time.Millisecond))
	return nil
}

// copyBlobs copies every file of the folder into target and reads each
// back from it, checking its SHA-256.
func copyBlobs(ctx context.Context, from *blob.Dir, target blob.Store) (int, int64, error) {
	n, size := 0, int64(0)
	err := from.List(ctx, func(sha string, _ time.Time) error {
		r, err := from.Open(ctx, sha)
		if err != nil {
			return err
		}
		ref, err := blob.Copy(ctx, target, r)
		r.Close()
		if err != nil {
			return err
		}
		if ref.SHA256 != sha {
			return fmt.Errorf("tệp %s có nội dung mang mã %s: tệp nguồn đã hỏng", sha, ref.SHA256)
		}
		back, err := target.Open(ctx, sha)
		if err != nil {
			return err
		}
		h := sha256.New()
		_, err = io.Copy(h, back)
		back.Close()
		if err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != sha {
			return fmt.Errorf("tệp %s đọc lại từ kho đích mang mã %s", sha, got)
		}
		n++
		size += ref.Size
		return nil
	})
	return n, size, err
}
