package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/thidua/thidua/internal/blob"
)

// errFound stops a walk at the first blob.
var errFound = errors.New("found")

// storedFiles counts the blobs of the data folder, stopping at limit.
func storedFiles(ctx context.Context, data string, limit int) (int, error) {
	root := filepath.Join(data, "blobs")
	if _, err := os.Stat(root); errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	n := 0
	err := blob.ReadDir(root).List(ctx, func(string, time.Time) error {
		n++
		if n >= limit {
			return errFound
		}
		return nil
	})
	if errors.Is(err, errFound) {
		err = nil
	}
	return n, err
}

// dbState is what the database file of a data folder looks like before
// it is opened.
type dbState int

const (
	dbMissing dbState = iota // no file (a new installation, or a lost one)
	dbEmpty                  // a file of zero bytes
	dbNotSQL                 // not an SQLite file
	dbPresent                // an SQLite file
)

func inspectDB(path string) (dbState, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return dbMissing, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return dbEmpty, nil
	case err != nil && err != io.ErrUnexpectedEOF:
		return 0, err
	case !bytes.Equal(head[:n], []byte("SQLite format 3\x00")[:n]) || n < 16:
		return dbNotSQL, nil
	}
	return dbPresent, nil
}

// checkBeforeOpen refuses to open a data folder whose database file is
// missing, empty or not a database while the folder holds what an earlier
// installation stored (files in blobs/, a write-ahead log): opening would
// start a new, empty installation over them. Nothing is written before
// this check.
func checkBeforeOpen(ctx context.Context, data string) error {
	db := filepath.Join(data, "thidua.db")
	state, err := inspectDB(db)
	if err != nil {
		return fmt.Errorf("không đọc được tệp cơ sở dữ liệu %s: %w", db, err)
	}
	if state == dbNotSQL {
		return fmt.Errorf("tệp %s không phải là cơ sở dữ liệu SQLite (có thể đã bị hỏng hoặc bị ghi đè). Dịch vụ không khởi động để khỏi làm mất dữ liệu. Hãy khôi phục thư mục dữ liệu từ bản sao lưu: thidua restore --from THƯ_MỤC_SAO_LƯU --data THƯ_MỤC_MỚI", db)
	}
	if state == dbPresent {
		return nil
	}
	n, err := storedFiles(ctx, data, 1)
	if err != nil {
		return fmt.Errorf("không đọc được thư mục tệp %s: %w", filepath.Join(data, "blobs"), err)
	}
	wal, _ := os.Stat(db + "-wal")
	if n == 0 && (wal == nil || wal.Size() == 0) {
		return nil // a new installation
	}
	what := "tệp cơ sở dữ liệu " + db + " không có"
	if state == dbEmpty {
		what = "tệp cơ sở dữ liệu " + db + " rỗng (0 byte)"
	}
	return fmt.Errorf("thư mục dữ liệu %s có dữ liệu của một lần cài đặt trước (các tệp đã lưu trong %s hoặc nhật ký ghi %s-wal) nhưng %s. "+
		"Dịch vụ không khởi động trên một cơ sở dữ liệu trống để khỏi làm mất các tệp đó. "+
		"Hãy khôi phục từ bản sao lưu (thidua restore --from THƯ_MỤC_SAO_LƯU --data THƯ_MỤC_MỚI) rồi chạy với --data THƯ_MỤC_MỚI; "+
		"nếu thật sự muốn bắt đầu lại từ đầu, hãy dùng một thư mục dữ liệu mới", data, filepath.Join(data, "blobs"), db, what)
}

// checkAfterOpen refuses a database that holds nothing (no bloc, no
// account) in a folder whose blobs/ holds files: the database of another,
// new installation was put in place of the one that named them.
func checkAfterOpen(ctx context.Context, data string, empty bool) error {
	if !empty {
		return nil
	}
	n, err := storedFiles(ctx, data, 1)
	if err != nil || n == 0 {
		return err
	}
	db := filepath.Join(data, "thidua.db")
	return fmt.Errorf("cơ sở dữ liệu %s không có dữ liệu nào nhưng thư mục %s có các tệp đã lưu của một lần cài đặt trước. "+
		"Dịch vụ không khởi động để khỏi làm mất các tệp đó. Hãy khôi phục từ bản sao lưu (thidua restore --from THƯ_MỤC_SAO_LƯU --data THƯ_MỤC_MỚI); "+
		"nếu thật sự muốn bắt đầu lại từ đầu, hãy dùng một thư mục dữ liệu mới", db, filepath.Join(data, "blobs"))
}
