package backup

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/thidua/thidua/internal/store/sqlstore"
)

// Restored says what a restore put back.
type Restored struct {
	Manifest Manifest
	Files    int
	Bytes    int64
}

// Restore puts the backup in folder from into the data folder data, which
// must be empty or absent: every file is copied and its SHA-256 checked
// against the manifest, the database is opened, and every file it names
// must be there. On any failure what was written is removed and the
// error says which file.
func Restore(ctx context.Context, from, data string) (r Restored, err error) {
	raw, err := os.ReadFile(filepath.Join(from, ManifestName))
	if err != nil {
		return r, fmt.Errorf("thư mục %s không phải là bản sao lưu hoàn chỉnh (không đọc được %s): %w", from, ManifestName, err)
	}
	if err := json.Unmarshal(raw, &r.Manifest); err != nil {
		return r, fmt.Errorf("tệp %s của bản sao lưu bị hỏng: %w", filepath.Join(from, ManifestName), err)
	}
	if err := emptyDir(data); err != nil {
		return r, err
	}
	defer func() {
		if err != nil {
			cleanDir(data)
		}
	}()
	files := append([]File{r.Manifest.Database}, r.Manifest.Blobs...)
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		if err := restoreFile(from, data, f); err != nil {
			return r, err
		}
		r.Files++
		r.Bytes += f.Size
	}
	if err := os.MkdirAll(filepath.Join(data, "blobs", "tmp"), 0o750); err != nil {
		return r, err
	}
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(data, dbName))
	if err != nil {
		return r, fmt.Errorf("cơ sở dữ liệu khôi phục không mở được: %w", err)
	}
	defer st.Close()
	refs, err := st.ReferencedBlobs(ctx)
	if err != nil {
		return r, err
	}
	missing := map[string]bool{}
	for _, sha := range r.Manifest.Missing {
		missing[sha] = true
	}
	for sha := range refs {
		if _, err := os.Stat(filepath.Join(data, blobPath(sha))); err != nil && !missing[sha] {
			return r, fmt.Errorf("cơ sở dữ liệu khôi phục nhắc tới tệp %s nhưng bản sao lưu không có", sha)
		}
	}
	return r, nil
}

// restoreFile copies one file of the backup and checks its hash and size.
func restoreFile(from, data string, f File) error {
	rel := filepath.FromSlash(f.Path)
	if !filepath.IsLocal(rel) || strings.Contains(f.Path, "\\") {
		return fmt.Errorf("bản sao lưu ghi một đường dẫn không hợp lệ: %q", f.Path)
	}
	src, err := os.Open(filepath.Join(from, rel))
	if err != nil {
		return fmt.Errorf("bản sao lưu thiếu tệp %s: %w", f.Path, err)
	}
	defer src.Close()
	got, err := writeFile(filepath.Join(data, rel), io.LimitReader(src, f.Size+1))
	if err != nil {
		return fmt.Errorf("chép tệp %s: %w", f.Path, err)
	}
	if got.SHA256 != f.SHA256 || got.Size != f.Size {
		return fmt.Errorf("tệp %s của bản sao lưu không khớp mã SHA-256 trong %s (bản sao lưu đã bị hỏng hoặc bị sửa)", f.Path, ManifestName)
	}
	return nil
}

// cleanDir removes what a failed restore wrote (the folder was empty).
func cleanDir(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}
