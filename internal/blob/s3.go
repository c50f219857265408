package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/thidua/thidua/internal/fault"
)

// Bucket keeps blobs as objects of an S3-compatible bucket, named
// ab/cd/abcd… by SHA-256 like the folder's files. A blob is written to a
// local temporary file while it is hashed, then put under its name in one
// request: an object appears whole or not at all, and never under a name
// that is not its content's.
type Bucket struct {
	c      *minio.Client
	bucket string
	prefix string // "" or "some/prefix/"
	tmp    string // folder of the temporary files
}

// OpenBucket opens the bucket an address names:
//
//	s3://BUCKET[/PREFIX]?endpoint=HOST:PORT&region=REGION&insecure=true
//
// with the credentials of the usual AWS variables (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN). Without endpoint, AWS's own
// (s3.amazonaws.com); insecure=true speaks plain HTTP (a test server on
// this machine). The bucket must exist: it is checked here, at start-up.
func OpenBucket(ctx context.Context, address, tmp string) (*Bucket, error) {
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("địa chỉ kho tệp %q không đúng dạng s3://TÊN_BUCKET?endpoint=MÁY:CỔNG&region=VÙNG", address)
	}
	q := u.Query()
	endpoint := q.Get("endpoint")
	if endpoint == "" {
		endpoint = "s3.amazonaws.com"
	}
	insecure, _ := strconv.ParseBool(q.Get("insecure"))
	c, err := minio.New(endpoint, &minio.Options{
		Creds:  credentials.NewEnvAWS(),
		Secure: !insecure,
		Region: q.Get("region"),
		// A few tries, not minio's ten with backoff: a bucket that is
		// away should be told to the person in a few seconds (503), not
		// after the request has hung.
		MaxRetries: 3,
	})
	if err != nil {
		return nil, fmt.Errorf("kho tệp %s: %w", endpoint, err)
	}
	b := &Bucket{c: c, bucket: u.Host, prefix: strings.Trim(u.Path, "/"), tmp: tmp}
	if b.prefix != "" {
		b.prefix += "/"
	}
	ok, err := c.BucketExists(ctx, b.bucket)
	if err != nil {
		return nil, fmt.Errorf("kho tệp %s không trả lời được (bucket %s): %w", endpoint, b.bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("kho tệp %s không có bucket %s: hãy tạo bucket trước khi chạy dịch vụ", endpoint, b.bucket)
	}
	if err := os.MkdirAll(tmp, 0o750); err != nil {
		return nil, fmt.Errorf("tạo thư mục tạm %s: %w", tmp, err)
	}
	return b, nil
}

// String names the bucket (without credentials), for logs and errors.
func (b *Bucket) String() string { return "s3://" + b.bucket + "/" + b.prefix }

func (b *Bucket) key(sha string) (string, error) {
	if _, err := (&Dir{}).path(sha); err != nil {
		return "", err
	}
	return b.prefix + sha[:2] + "/" + sha[2:4] + "/" + sha, nil
}

// Create starts a blob in a local temporary file.
func (b *Bucket) Create(ctx context.Context) (Writer, error) {
	f, err := os.CreateTemp(b.tmp, "blob-*")
	if err != nil {
		return nil, err
	}
	return &objectWriter{b: b, f: f, h: sha256.New()}, nil
}

// Open reads a blob; fs.ErrNotExist when the bucket has none by that name.
func (b *Bucket) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	key, err := b.key(sha)
	if err != nil {
		return nil, err
	}
	obj, err := b.c.GetObject(ctx, b.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, notExist(err, sha)
	}
	if _, err := obj.Stat(); err != nil { // the request is made here
		obj.Close()
		return nil, notExist(err, sha)
	}
	return obj, nil
}

func notExist(err error, sha string) error {
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return fmt.Errorf("tệp %s: %w", sha, fs.ErrNotExist)
	}
	return s3Fault(err)
}

// bucketName names the object store in faults people read; the address
// stays in the log (the fault's Err).
const bucketName = "kho tệp S3"

// s3Fault tells a bucket that cannot be reached, or that answers with a
// server error (5xx: down, overloaded), as an Unavailable fault: 503 with
// Retry-After, not a bare 500.
func s3Fault(err error) error {
	if err == nil {
		return nil
	}
	if r := minio.ToErrorResponse(err); r.StatusCode >= 500 {
		return &fault.Error{Kind: fault.Unavailable, File: bucketName, Err: err}
	}
	return fault.ClassifyNetwork(bucketName, err)
}

// Delete removes a blob (S3 answers the same when there is none).
func (b *Bucket) Delete(ctx context.Context, sha string) error {
	key, err := b.key(sha)
	if err != nil {
		return err
	}
	return s3Fault(b.c.RemoveObject(ctx, b.bucket, key, minio.RemoveObjectOptions{}))
}

// List calls fn for every blob of the bucket, with when it was stored.
func (b *Bucket) List(ctx context.Context, fn func(sha string, written time.Time) error) error {
	for obj := range b.c.ListObjects(ctx, b.bucket, minio.ListObjectsOptions{Prefix: b.prefix, Recursive: true}) {
		if obj.Err != nil {
			return s3Fault(obj.Err)
		}
		sha := path.Base(obj.Key)
		if want, err := b.key(sha); err != nil || want != obj.Key {
			continue // not a blob
		}
		if err := fn(sha, obj.LastModified); err != nil {
			return err
		}
	}
	return nil
}

// CleanTemp removes the local copies a stopped process left, older than
// age; nothing half-written is ever in the bucket.
func (b *Bucket) CleanTemp(age time.Duration) (int, error) { return cleanTemp(b.tmp, age) }

// objectWriter hashes into a temporary file; Commit puts it in the bucket.
type objectWriter struct {
	b *Bucket
	f *os.File
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
	n    int64
	done bool
}

func (w *objectWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.h.Write(p[:n])
	w.n += int64(n)
	return n, err
}

func (w *objectWriter) Size() int64 { return w.n }

func (w *objectWriter) Sum() Ref { return Ref{SHA256: fmt.Sprintf("%x", w.h.Sum(nil)), Size: w.n} }

// Commit puts the bytes under their SHA-256, with their Content-MD5 for
// the server to check as they arrive, and removes the local copy. (The
// x-amz-checksum-sha256 trailer would say the name itself, but versitygw
// 1.8 refuses minio-go's trailer as a mismatch on correct bytes.)
func (w *objectWriter) Commit(ctx context.Context) (Ref, error) {
	defer w.Abort()
	ref := w.Sum()
	if w.done {
		return ref, errors.New("tệp đã được lưu hoặc huỷ")
	}
	key, _ := w.b.key(ref.SHA256)
	if _, err := w.f.Seek(0, io.SeekStart); err != nil {
		return ref, err
	}
	_, err := w.b.c.PutObject(ctx, w.b.bucket, key, w.f, w.n, minio.PutObjectOptions{
		ContentType:    "application/octet-stream",
		SendContentMd5: true,
	})
	if err != nil {
		if f, ok := fault.Of(s3Fault(err)); ok {
			return ref, f
		}
		return ref, fmt.Errorf("lưu tệp %s vào %s: %w", ref.SHA256, w.b, err)
	}
	return ref, nil
}

// Abort drops the local copy; it is safe after Commit.
func (w *objectWriter) Abort() {
	if w.done {
		return
	}
	w.done = true
	w.f.Close()
	os.Remove(w.f.Name())
}
