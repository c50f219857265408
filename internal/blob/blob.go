// Package blob keeps files by their content (SHA-256): the exact bytes of
// every upload, and later the dossiers. Files live outside the database so
// that it stays small and an object store can take the local folder's
// place behind the same interface.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/thidua/thidua/internal/fault"
)

// Ref names a stored blob.
type Ref struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Store keeps blobs.
type Store interface {
	// Create starts a blob; nothing is visible under its name until
	// Commit returns.
	Create(ctx context.Context) (Writer, error)
	// Open reads a blob; fs.ErrNotExist when there is none.
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	// Delete removes a blob; removing one that is absent is no error.
	Delete(ctx context.Context, sha string) error
}

// Writer receives a blob's bytes.
type Writer interface {
	io.Writer
	// Size is how many bytes were written so far.
	Size() int64
	// Sum is the name and size of what was written so far: the blob's
	// Ref once nothing more is written.
	Sum() Ref
	// Commit makes the blob durable and visible under its SHA-256.
	Commit(ctx context.Context) (Ref, error)
	// Abort drops what was written; it is safe after Commit.
	Abort()
}

// Dir keeps blobs as files under a folder: ab/cd/abcd… by SHA-256, written
// under a temporary name, synced, then renamed into place and the folder
// synced, so that a crash leaves either the whole file or none.
type Dir struct{ root string }

// NewDir uses (and creates) the folder root.
func NewDir(root string) (*Dir, error) {
	if err := os.MkdirAll(filepath.Join(root, "tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("tạo thư mục tệp %s: %w", root, err)
	}
	return &Dir{root: root}, nil
}

// ReadDir is the folder root as it is, for reading only: nothing is
// created (a check before start-up must write nothing).
func ReadDir(root string) *Dir { return &Dir{root: root} }

func (d *Dir) path(sha string) (string, error) {
	if len(sha) != 64 {
		return "", fmt.Errorf("mã SHA-256 không hợp lệ %q: %w", sha, fs.ErrNotExist)
	}
	if _, err := hex.DecodeString(sha); err != nil {
		return "", fmt.Errorf("mã SHA-256 không hợp lệ %q: %w", sha, fs.ErrNotExist)
	}
	return filepath.Join(d.root, sha[:2], sha[2:4], sha), nil
}

// Create starts a blob in the temporary folder.
func (d *Dir) Create(ctx context.Context) (Writer, error) {
	f, err := os.CreateTemp(filepath.Join(d.root, "tmp"), "blob-*")
	if err != nil {
		return nil, fault.Classify(d.root, err)
	}
	return &fileWriter{d: d, f: f, h: sha256.New()}, nil
}

// Open reads a blob.
func (d *Dir) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	p, err := d.path(sha)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Delete removes a blob.
func (d *Dir) Delete(ctx context.Context, sha string) error {
	p, err := d.path(sha)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

type fileWriter struct {
	d    *Dir
	f    *os.File
	h    hash.Hash
	n    int64
	done bool
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.h.Write(p[:n])
	w.n += int64(n)
	return n, fault.Classify(w.d.root, err)
}

func (w *fileWriter) Size() int64 { return w.n }

func (w *fileWriter) Sum() Ref { return Ref{SHA256: hex.EncodeToString(w.h.Sum(nil)), Size: w.n} }

func (w *fileWriter) Commit(ctx context.Context) (Ref, error) {
	ref, err := w.commit()
	return ref, fault.Classify(w.d.root, err)
}

func (w *fileWriter) commit() (Ref, error) {
	ref := w.Sum()
	if err := w.f.Sync(); err != nil {
		w.Abort()
		return ref, err
	}
	if err := w.f.Close(); err != nil {
		w.Abort()
		return ref, err
	}
	p, _ := w.d.path(ref.SHA256)
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		w.Abort()
		return ref, err
	}
	// The same content may be there already: renaming over it changes
	// nothing a reader could see.
	if err := os.Rename(w.f.Name(), p); err != nil {
		w.Abort()
		return ref, err
	}
	w.done = true
	return ref, syncDir(dir)
}

func (w *fileWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.f.Name())
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Lister walks the blobs a store holds (a local folder can; an object
// store lists its bucket the same way).
type Lister interface {
	// List calls fn for every blob with its SHA-256 and when it was
	// written.
	List(ctx context.Context, fn func(sha string, written time.Time) error) error
}

// List walks the folder's blobs (not the temporary ones).
func (d *Dir) List(ctx context.Context, fn func(sha string, written time.Time) error) error {
	return filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p != d.root && e.Name() == "tmp" {
				return filepath.SkipDir
			}
			return ctx.Err()
		}
		name := e.Name()
		if _, err := d.path(name); err != nil {
			return nil // not a blob
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		return fn(name, info.ModTime())
	})
}

// CleanTemp removes what a stopped process left half-written in the
// temporary folder, older than age (younger ones may be being written).
func (d *Dir) CleanTemp(age time.Duration) (int, error) {
	return cleanTemp(filepath.Join(d.root, "tmp"), age)
}

func cleanTemp(dir string, age time.Duration) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < age {
			continue
		}
		if os.Remove(filepath.Join(dir, e.Name())) == nil {
			n++
		}
	}
	return n, nil
}
