package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/testsrv"
)

// The same behaviour from both places files are kept: the folder and an
// S3-compatible bucket (a real server, started by .ci/run).
func TestDir(t *testing.T) {
	d, err := blob.NewDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	contract(t, d)
}

func TestBucket(t *testing.T) {
	addr := testsrv.S3Bucket(t)
	b, err := blob.OpenBucket(context.Background(), addr, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	contract(t, b)
}

func TestBucketRefusesWhatItCannotUse(t *testing.T) {
	addr := testsrv.S3Bucket(t)
	ctx := context.Background()
	for _, bad := range []string{
		"s3:///no-bucket",
		"http://bucket?endpoint=x",
		strings.Replace(addr, "s3://", "s3://khong-co-", 1),
	} {
		if _, err := blob.OpenBucket(ctx, bad, t.TempDir()); err == nil {
			t.Errorf("OpenBucket(%q) accepted", bad)
		}
	}
}

type lister interface {
	blob.Store
	blob.Lister
}

func contract(t *testing.T, s lister) {
	ctx := context.Background()
	data := bytes.Repeat([]byte("Bảng điểm Khối thi đua\x00\xff"), 40000) // about 1 MB, not text
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])

	if _, err := s.Open(ctx, sha); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("before storing: %v, want fs.ErrNotExist", err)
	}
	w, err := s.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data[:1000])
	w.Write(data[1000:])
	if w.Size() != int64(len(data)) || w.Sum().SHA256 != sha {
		t.Fatalf("size %d sum %s", w.Size(), w.Sum().SHA256)
	}
	if _, err := s.Open(ctx, sha); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("visible before Commit: %v", err)
	}
	ref, err := w.Commit(ctx)
	if err != nil || ref.SHA256 != sha || ref.Size != int64(len(data)) {
		t.Fatalf("commit: %+v %v", ref, err)
	}
	w.Abort() // safe after Commit

	r, err := s.Open(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, %v; want the %d stored, byte for byte", len(got), err, len(data))
	}

	// An aborted blob leaves nothing.
	w2, _ := s.Create(ctx)
	w2.Write([]byte("bỏ dở"))
	aborted := w2.Sum().SHA256
	w2.Abort()

	var listed []string
	if err := s.List(ctx, func(sha string, at time.Time) error {
		if time.Since(at) > time.Hour || time.Until(at) > time.Hour {
			t.Errorf("%s written at %v", sha, at)
		}
		listed = append(listed, sha)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(listed) != 1 || listed[0] != sha {
		t.Fatalf("listed %v, want only %s (not the aborted %s)", listed, sha, aborted)
	}

	for _, bad := range []string{"", "../../etc/passwd", strings.Repeat("z", 64), filepath.Join("ab", sha)} {
		if _, err := s.Open(ctx, bad); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q) = %v, want fs.ErrNotExist", bad, err)
		}
	}
	if err := s.Delete(ctx, sha); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, sha); err != nil {
		t.Fatalf("deleting what is gone: %v", err)
	}
	if _, err := s.Open(ctx, sha); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("after Delete: %v", err)
	}
}

// TestBucketOutageIsAFault: with the object store unreachable, storing
// and reading fail as the Unavailable fault (503 with Retry-After, a
// Vietnamese message that names no address), and work again once it is
// back.
func TestBucketOutageIsAFault(t *testing.T) {
	addr := testsrv.S3Bucket(t)
	u, err := url.Parse(addr)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	p := testsrv.NewProxy(t, q.Get("endpoint"))
	q.Set("endpoint", p.Addr)
	u.RawQuery = q.Encode()
	ctx := context.Background()
	b, err := blob.OpenBucket(ctx, u.String(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ref, err := blob.Copy(ctx, b, strings.NewReader("trước khi mất kết nối"))
	if err != nil {
		t.Fatal(err)
	}
	p.Cut()
	unavailable := func(what string, err error) {
		t.Helper()
		f, ok := fault.Of(err)
		if !ok || f.Kind != fault.Unavailable || f.RetryAfter() == 0 || strings.Contains(f.Message(), p.Addr) {
			t.Errorf("%s with the bucket away: %v (fault %v)", what, err, ok)
		}
	}
	_, err = blob.Copy(ctx, b, strings.NewReader("trong lúc mất kết nối"))
	unavailable("storing", err)
	_, err = b.Open(ctx, ref.SHA256)
	unavailable("reading", err)
	p.Resume()
	r, err := b.Open(ctx, ref.SHA256)
	if err != nil {
		t.Fatalf("reading once the bucket is back: %v", err)
	}
	r.Close()
}
