package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/thidua/thidua/internal/backup"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/vn"
)

// backupCmd takes a consistent backup of a data folder, while the service
// runs on it or not.
func backupCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	data := fs.String("data", env("THIDUA_DATA", "data"), "thư mục dữ liệu cần sao lưu [THIDUA_DATA]")
	out := fs.String("out", "", "thư mục bản sao lưu (trống hoặc chưa có)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("cần --out THƯ_MỤC cho bản sao lưu")
	}
	db := filepath.Join(*data, "thidua.db")
	if state, err := inspectDB(db); err != nil || state != dbPresent {
		return fmt.Errorf("không có cơ sở dữ liệu để sao lưu ở %s", db)
	}
	st, err := sqlstore.OpenSQLite(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	blobs, err := blob.NewDir(filepath.Join(*data, "blobs"))
	if err != nil {
		return err
	}
	start := time.Now()
	m, err := backup.Take(ctx, backup.Source{Store: st, Blobs: blobs}, *out)
	if err != nil {
		return fmt.Errorf("sao lưu chưa xong, thư mục %s không dùng được: %w", *out, err)
	}
	var size int64 = m.Database.Size
	for _, f := range m.Blobs {
		size += f.Size
	}
	fmt.Fprintf(stdout, "Đã sao lưu vào %s: cơ sở dữ liệu và %s tệp, %s KB, trong %s.\n", *out, vn.GroupInt(int64(len(m.Blobs))), vn.GroupInt(size/1024), time.Since(start).Round(time.Millisecond))
	if len(m.Missing) > 0 {
		fmt.Fprintf(stdout, "Lưu ý: %d tệp đã bị xóa trong lúc sao lưu (bản nộp bị từ chối cũ được dọn), không có trong bản sao lưu.\n", len(m.Missing))
	}
	return nil
}

// restoreCmd puts a backup into a new data folder.
func restoreCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	from := fs.String("from", "", "thư mục bản sao lưu")
	data := fs.String("data", "", "thư mục dữ liệu mới (trống hoặc chưa có)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *data == "" {
		return errors.New("cần --from THƯ_MỤC_SAO_LƯU và --data THƯ_MỤC_MỚI")
	}
	start := time.Now()
	r, err := backup.Restore(ctx, *from, *data)
	if err != nil {
		return fmt.Errorf("khôi phục không thành công, thư mục %s để trống: %w", *data, err)
	}
	fmt.Fprintf(stdout, "Đã khôi phục vào %s: %s tệp, %s KB, mọi mã SHA-256 đều khớp (%s). Chạy: thidua serve --data %s\n",
		*data, vn.GroupInt(int64(r.Files)), vn.GroupInt(r.Bytes/1024), time.Since(start).Round(time.Millisecond), *data)
	return nil
}
