package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"modernc.org/sqlite"

	"github.com/thidua/thidua/internal/fault"
)

// Backup copies the database, consistent as of one moment, to the file
// dst through SQLite's online backup: it runs while the service reads and
// writes (WAL lets writers go on), and a plain copy of thidua.db would
// miss what is still in thidua.db-wal.
func (s *Store) Backup(ctx context.Context, dst string) error {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return fault.ClassifySQLite(s.path, err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		b, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("trình điều khiển SQLite không hỗ trợ sao lưu trực tuyến")
		}
		bk, err := b.NewBackup(dst)
		if err != nil {
			return err
		}
		// All pages in one step: one read transaction, one moment.
		for more := true; more; {
			if more, err = bk.Step(-1); err != nil {
				bk.Finish()
				return err
			}
		}
		return bk.Finish()
	})
	if err != nil {
		return fmt.Errorf("sao lưu cơ sở dữ liệu %s: %w", s.path, fault.ClassifySQLite(dst, err))
	}
	return nil
}
