// Package testsrv gives tests the real servers .ci/run starts (PostgreSQL,
// an S3-compatible object store) and new, empty places on them. Only tests
// import it; it imports nothing of the product, so any package may.
package testsrv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Real servers for the tests of several replicas: .ci/run starts them and
// names them in these variables. Outside CI a test that needs one and
// finds none says so and is skipped; under CI=true it fails instead, so
// that no such test is ever skipped there.
const (
	// PostgresEnv names a PostgreSQL server a test may create databases
	// on: postgres://user@host:port/postgres?sslmode=disable.
	PostgresEnv = "THIDUA_TEST_POSTGRES"
	// S3Env names an S3-compatible server and a bucket-creating account:
	// s3://ACCESS:SECRET@host:port?region=…
	S3Env = "THIDUA_TEST_S3"
)

// Need returns the value of the server variable name, skipping the test
// when it is unset outside CI and failing it under CI.
func Need(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v != "" {
		return v
	}
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
		t.Fatalf("%s is not set: .ci/run starts the server this test needs", name)
	}
	t.Skipf("%s is not set: this test needs a real server (.ci/run starts one)", name)
	return ""
}

// PostgresDB creates a new, empty database on the server PostgresEnv
// names and returns its address; the database is dropped when t ends.
func PostgresDB(t testing.TB) string { return PostgresCopy(t, "") }

// PostgresCopy is PostgresDB holding a copy of the database template
// (one nobody is connected to); "" for an empty one.
func PostgresCopy(t testing.TB, template string) string {
	t.Helper()
	admin := Need(t, PostgresEnv)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	dsn, err := CreatePostgres(ctx, admin, template)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := DropPostgres(ctx, dsn); err != nil {
			t.Error(err)
		}
	})
	return dsn
}

// CreatePostgres creates a database with a new name on the server admin
// addresses, a copy of template when not "", and returns its address.
func CreatePostgres(ctx context.Context, admin, template string) (string, error) {
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("PostgreSQL at %s: %w", u.Redacted(), err)
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	rand.Read(b)
	name := "thidua_test_" + hex.EncodeToString(b)
	q := "CREATE DATABASE " + name
	if template != "" {
		q += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// DropPostgres drops the database dsn addresses, closing its sessions.
func DropPostgres(ctx context.Context, dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil {
		return err
	}
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	c, err := pgx.Connect(ctx, u.String())
	if err != nil {
		return fmt.Errorf("drop %s: %w", name, err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop %s: %w", name, err)
	}
	return nil
}

// DatabaseName is the database a PostgreSQL address names.
func DatabaseName(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Path, "/")
}

// S3Bucket creates a new, empty bucket on the server S3Env names, sets
// the AWS variables to its account for the rest of the test, and returns
// the bucket's address as the service takes it (--blobs). The bucket's
// objects are left for the server's folder to be thrown away with.
func S3Bucket(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(Need(t, S3Env))
	if err != nil || u.User == nil {
		t.Fatalf("%s: want s3://ACCESS:SECRET@HOST:PORT?region=…", S3Env)
	}
	secret, _ := u.User.Password()
	t.Setenv("AWS_ACCESS_KEY_ID", u.User.Username())
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	region := u.Query().Get("region")
	c, err := minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4(u.User.Username(), secret, ""), Region: region})
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "thidua-test-" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.MakeBucket(ctx, name, minio.MakeBucketOptions{Region: region}); err != nil {
		t.Fatalf("S3 server at %s: %v", u.Host, err)
	}
	return "s3://" + name + "?endpoint=" + u.Host + "&region=" + region + "&insecure=true"
}

// StoreEnv set to "postgres" runs the suites that honour it (the HTTP
// API's) on PostgreSQL instead of SQLite: .ci/run runs them both ways.
const StoreEnv = "THIDUA_TEST_STORE"

// OnPostgres reports whether StoreEnv asks for PostgreSQL.
func OnPostgres() bool { return os.Getenv(StoreEnv) == "postgres" }
