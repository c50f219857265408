// Package backup takes a consistent copy of a running installation and
// puts one back: the database through SQLite's online backup, then every
// file the copied database refers to, checked by SHA-256 as it is copied,
// and a manifest written last (a folder without one is no backup).
// Restore refuses a target that holds anything and says done only after
// every hash was verified and the restored database opened.
package backup

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store/sqlstore"
)

// ManifestName is the manifest's file in a backup folder.
const ManifestName = "manifest.json"

const dbName = "thidua.db"

// Manifest says what a backup holds.
type Manifest struct {
	CreatedAt time.Time `json:"created_at"`
	Database  File      `json:"database"`
	Blobs     []File    `json:"blobs"`
	// Missing are files the copied database named that were gone when
	// they were copied (a refused upload pruned meanwhile).
	Missing []string `json:"missing"`
}

// File is one file of a backup.
type File struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Source is the running installation: its store and blob folder.
type Source struct {
	Store *sqlstore.Store
	Blobs blob.Store
}

// Take writes a backup of src into the folder out, which must be empty or
// absent.
func Take(ctx context.Context, src Source, out string) (Manifest, error) {
	m := Manifest{CreatedAt: time.Now().UTC(), Blobs: []File{}, Missing: []string{}}
	if err := emptyDir(out); err != nil {
		return m, err
	}
	dbPath := filepath.Join(out, dbName)
	if err := src.Store.Backup(ctx, dbPath); err != nil {
		return m, err
	}
	// The files the copy names, not those the live database names now:
	// the backup is of one moment.
	copyDB, err := sqlstore.OpenSQLite(ctx, dbPath)
	if err != nil {
		return m, fmt.Errorf("mở bản sao cơ sở dữ liệu: %w", err)
	}
	refs, err := copyDB.ReferencedBlobs(ctx)
	copyDB.Close()
	if err != nil {
		return m, err
	}
	for _, f := range []string{dbPath + "-wal", dbPath + "-shm"} {
		os.Remove(f) // closed: everything is in the file itself
	}
	if m.Database, err = hashFile(out, dbName); err != nil {
		return m, err
	}
	shas := make([]string, 0, len(refs))
	for sha := range refs {
		shas = append(shas, sha)
	}
	slices.Sort(shas)
	for _, sha := range shas {
		f, err := copyBlob(ctx, src.Blobs, sha, out)
		if errors.Is(err, fs.ErrNotExist) {
			m.Missing = append(m.Missing, sha)
			continue
		}
		if err != nil {
			return m, err
		}
		m.Blobs = append(m.Blobs, f)
	}
	return m, writeManifest(out, m)
}

// blobPath is where a blob lives under a folder (blob.Dir's layout).
func blobPath(sha string) string {
	return filepath.Join("blobs", sha[:2], sha[2:4], sha)
}

func copyBlob(ctx context.Context, bl blob.Store, sha, out string) (File, error) {
	rc, err := bl.Open(ctx, sha)
	if err != nil {
		return File{}, err
	}
	defer rc.Close()
	rel := blobPath(sha)
	f, err := writeFile(filepath.Join(out, rel), rc)
	if err != nil {
		return f, err
	}
	f.Path = filepath.ToSlash(rel)
	if f.SHA256 != sha {
		return f, fmt.Errorf("tệp %s đã lưu không khớp mã SHA-256 của nó (%s): tệp trong thư mục dữ liệu đã bị hỏng", sha, f.SHA256)
	}
	return f, nil
}

// writeFile copies r into path (folders made), synced, hashing as it goes.
func writeFile(path string, r io.Reader) (File, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return File{}, err
	}
	w, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), r)
	if err == nil {
		err = w.Sync()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return File{SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, err
}

func hashFile(dir, rel string) (File, error) {
	f, err := os.Open(filepath.Join(dir, rel))
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return File{Path: filepath.ToSlash(rel), SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}, err
}

func writeManifest(out string, m Manifest) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(out, ManifestName+".tmp")
	if _, err := writeFile(tmp, bytes.NewReader(b)); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(out, ManifestName))
}

// emptyDir makes sure dir exists and holds nothing.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("thư mục %s đã có dữ liệu (%d mục): cần một thư mục trống hoặc chưa có", dir, len(entries))
	}
	return nil
}
