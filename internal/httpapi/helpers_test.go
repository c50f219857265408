package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/jobs"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/metrics"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testsrv"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

// testServer is a real HTTP server over a real SQLite file with the demo
// blocs and the demo accounts loaded. Its requests are made as the client
// c: signed in as admin by default; as(name) signs in as another.
type testServer struct {
	*httptest.Server
	store    *sqlstore.Store
	blobs    *blob.Dir
	accounts *app.Accounts
	render   *render.Service
	// reminders are the server's, on its clock.
	reminders *app.Reminders
	clock     *testClock
	dir       string // the data folder: thidua.db, blobs/
	runner    *jobs.Runner
	t         *testing.T
	c         *http.Client
}

// testPublicURL is the address links in messages start with.
const testPublicURL = "http://thidua.test"

// testPassword is the demo accounts' password in tests.
const testPassword = "mật khẩu thử nghiệm"

// cheap makes password hashing fast in tests; production uses
// auth.DefaultParams.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1}

// testClock is a clock tests move.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// as returns the server seen by another signed-in user ("" for nobody).
func (ts *testServer) as(username string) *testServer {
	ts.t.Helper()
	other := *ts
	jar, _ := cookiejar.New(nil)
	other.c = &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if username != "" {
		r := other.do("POST", "/api/v1/login", map[string]any{"username": username, "password": testPassword})
		other.want(r, 200)
	}
	return &other
}

// demoDB is a database file with the demo blocs and accounts, made once
// per test binary; each test server works on its own copy.
var demoDB struct {
	once sync.Once
	path string
	err  error
}

func demoFile(t *testing.T) string {
	demoDB.once.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "thidua-demo-")
		if err != nil {
			demoDB.err = err
			return
		}
		demoDB.path = filepath.Join(dir, "thidua.db")
		st, err := sqlstore.OpenSQLite(ctx, demoDB.path)
		if err != nil {
			demoDB.err = err
			return
		}
		defer st.Close() // checkpoints: the one file holds everything
		demoDB.err = loadDemo(ctx, st)
	})
	if demoDB.err != nil {
		t.Fatal(demoDB.err)
	}
	return demoDB.path
}

// demoPG is demoDB on PostgreSQL (THIDUA_TEST_STORE=postgres): a database
// with the demo, made once, that each test server's database copies.
var demoPG struct {
	once sync.Once
	dsn  string
	err  error
}

func demoPostgres(t *testing.T) string {
	admin := testsrv.Need(t, testsrv.PostgresEnv)
	demoPG.once.Do(func() {
		ctx := context.Background()
		if demoPG.dsn, demoPG.err = testsrv.CreatePostgres(ctx, admin, ""); demoPG.err != nil {
			return
		}
		st, err := sqlstore.OpenPostgres(ctx, demoPG.dsn)
		if err != nil {
			demoPG.err = err
			return
		}
		defer st.Close() // a template must have nobody connected
		demoPG.err = loadDemo(ctx, st)
	})
	if demoPG.err != nil {
		t.Fatal(demoPG.err)
	}
	return testsrv.DatabaseName(demoPG.dsn)
}

func loadDemo(ctx context.Context, st *sqlstore.Store) error {
	if err := demo.Load(ctx, st, templates.FS); err != nil {
		return err
	}
	acc, err := app.NewAccounts(app.AccountsConfig{Store: st, Params: cheap})
	if err != nil {
		return err
	}
	_, err = demo.Accounts(ctx, st, acc.Maker(), testPassword)
	return err
}

// openDemoStore opens a copy of the demo store for one test server: a
// database file in dir, or a PostgreSQL database.
func openDemoStore(t *testing.T, dir string) *sqlstore.Store {
	ctx := context.Background()
	if testsrv.OnPostgres() {
		st, err := sqlstore.OpenPostgres(ctx, testsrv.PostgresCopy(t, demoPostgres(t)))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	src, err := os.ReadFile(demoFile(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "thidua.db"), src, 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDB.path != "" {
		os.RemoveAll(filepath.Dir(demoDB.path))
	}
	if demoPG.dsn != "" {
		testsrv.DropPostgres(context.Background(), demoPG.dsn)
	}
	os.Exit(code)
}

func newTestServer(t *testing.T) *testServer { return newTestServerWith(t, nil) }

// newTestServerWith is newTestServer whose uploads and dossiers go
// through wrap's blob store (a disk that fills up, say).
func newTestServerWith(t *testing.T, wrap func(blob.Store) blob.Store) *testServer {
	t.Helper()
	return newTestServerOpts(t, serverOpts{wrap: wrap})
}

// serverOpts change a test server: its blob store (wrap), where its mail
// goes (default an outbox folder in its data folder).
type serverOpts struct {
	wrap func(blob.Store) blob.Store
	mail mail.Sender
}

func newTestServerOpts(t *testing.T, o serverOpts) *testServer {
	t.Helper()
	wrap := o.wrap
	ctx := context.Background()
	dir := t.TempDir()
	st := openDemoStore(t, dir)
	m := metrics.New()
	rs, err := render.New(render.Config{Store: st, Templates: templates.FS, Workbooks: xlsx.Workbooks{}, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	var bs blob.Store = blobs
	if wrap != nil {
		bs = wrap(blobs)
	}
	scoring := app.NewScoring(app.ScoringConfig{Store: st, Blobs: bs, Metrics: m})
	clock := &testClock{now: time.Now()}
	if o.mail == nil {
		if o.mail, err = mail.New(mail.Config{Outbox: filepath.Join(dir, "outbox")}); err != nil {
			t.Fatal(err)
		}
	}
	accounts, err := app.NewAccounts(app.AccountsConfig{Store: st, Params: cheap, Now: clock.Now, Mail: o.mail, PublicURL: testPublicURL})
	if err != nil {
		t.Fatal(err)
	}
	reminders := app.NewReminders(app.RemindersConfig{Store: st, Mail: o.mail, PublicURL: testPublicURL, Now: clock.Now})
	runner, err := jobs.New(jobs.Config{Store: st, Blobs: blobs, Builder: dossier.New(dossier.Config{Source: st, Render: rs, Blobs: blobs, Generator: "test", Parallel: 2}),
		LeaseTTL: 5 * time.Second, Backoff: 50 * time.Millisecond, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	if err := runner.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewServer(Deps{Store: st, Blobs: bs, Scoring: scoring, Accounts: accounts, Reminders: reminders, Render: rs, Dossiers: runner, Metrics: m}))
	t.Cleanup(func() { srv.Close(); runner.Stop(); accounts.Wait(); st.Close() })
	ts := &testServer{Server: srv, store: st, blobs: blobs, accounts: accounts, reminders: reminders, render: rs, clock: clock, dir: dir, runner: runner, t: t}
	return ts.as("admin")
}

// response is a decoded JSON answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

func (r response) errCode() string {
	e, _ := r.JSON["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

// detailFields lists the fields named in the error details.
func (r response) detailFields() []string {
	e, _ := r.JSON["error"].(map[string]any)
	ds, _ := e["details"].([]any)
	var out []string
	for _, d := range ds {
		m, _ := d.(map[string]any)
		f, _ := m["field"].(string)
		out = append(out, f)
	}
	return out
}

func (ts *testServer) do(method, path string, body any, hdr ...string) response {
	ts.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			ts.t.Fatal(err)
		}
		rd = bytes.NewReader(js)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		ts.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return ts.send(req)
}

// send performs a request and decodes a JSON answer, checking that every
// error has the DESIGN §5 shape.
func (ts *testServer) send(req *http.Request) response {
	ts.t.Helper()
	resp, err := ts.c.Do(req)
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	out := response{Status: resp.StatusCode, Header: resp.Header}
	out.Body, _ = io.ReadAll(resp.Body)
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") && req.Method != http.MethodHead {
		if err := json.Unmarshal(out.Body, &out.JSON); err != nil {
			ts.t.Fatalf("%s %s: bad JSON %q", req.Method, req.URL.Path, out.Body)
		}
		if out.Status >= 400 {
			e, ok := out.JSON["error"].(map[string]any)
			if !ok || e["code"] == "" || e["message"] == "" {
				ts.t.Errorf("%s %s: error without the DESIGN §5 shape: %s", req.Method, req.URL.Path, out.Body)
			}
			details, ok := e["details"].([]any)
			if !ok {
				ts.t.Errorf("%s %s: error without a details list: %s", req.Method, req.URL.Path, out.Body)
			}
			// No library or English text reaches a person.
			texts := fmt.Sprint(e["message"])
			for _, d := range details {
				dm, _ := d.(map[string]any)
				texts += " " + fmt.Sprint(dm["message"])
			}
			if m := foreignText.FindString(texts); m != "" {
				ts.t.Errorf("%s %s: %q in an error for people: %s", req.Method, req.URL.Path, m, out.Body)
			}
			if out.Status >= 500 && out.Status != http.StatusServiceUnavailable && out.Status != http.StatusInsufficientStorage {
				ts.t.Errorf("%s %s: %d: %s", req.Method, req.URL.Path, out.Status, out.Body)
			}
		}
	}
	return out
}

// foreignText finds words of library and English error messages.
var foreignText = regexp.MustCompile(`(?i)\b(unexpected|eof|json:|yaml:|constraint|token|sqlite|invalid|error|failed|not found|cannot|unknown|syntax)\b`)

func (ts *testServer) want(r response, status int) {
	ts.t.Helper()
	if r.Status != status {
		ts.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
}

const tn = "/api/v1/blocs/" + demo.TayNguyen
