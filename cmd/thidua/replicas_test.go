package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/testsrv"
)

// TestTwoReplicasOnePostgresOneBucket runs two `thidua serve` processes
// on one PostgreSQL database and one S3 bucket (real servers, started by
// .ci/run), as a load balancer would reach them:
//   - a session opened on A works on B;
//   - an upload through A is listed and downloadable byte for byte
//     through B;
//   - a document rendered on A has the same ETag on B, and B answers
//     A's ETag with 304;
//   - a scheduled dossier is built once though both replicas fire;
//   - A killed (SIGKILL) in the middle of uploads loses nothing it
//     acknowledged: every upload A answered 201 is listed and
//     downloadable byte for byte through B.
func TestTwoReplicasOnePostgresOneBucket(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	bucket := testsrv.S3Bucket(t) // sets the AWS variables the replicas inherit
	bin := buildThidua(t)
	t.Setenv("THIDUA_DEMO_PASSWORD", replicaPassword)

	const bloc, year, unit = "tay-nguyen-duyen-hai-mien-trung", 2024, "phu-yen"
	yearPath := fmt.Sprintf("/api/v1/blocs/%s/years/%d", bloc, year)
	unitPath := yearPath + "/units/" + unit

	// A schedule set through A, every minute; B starts after and reads
	// it: both replicas fire at the next minute.
	a := startReplica(t, bin, "A", dsn, bucket, true)
	secretariat := a.login(t, "thuky-"+bloc)
	r := secretariat.call(t, "PUT", "/api/v1/blocs/"+bloc+"/dossier/schedule", `{"cron":"* * * * *","time_zone":"Asia/Ho_Chi_Minh","enabled":true}`, nil)
	if r.status != 200 {
		t.Fatalf("schedule: %d %s", r.status, r.body)
	}
	scheduledAt := time.Now()
	b := startReplica(t, bin, "B", dsn, bucket, false)

	// One session, both replicas.
	board := a.login(t, unit)
	onB := board.on(b)
	if r := onB.call(t, "GET", "/api/v1/blocs", "", nil); r.status != 200 {
		t.Fatalf("A's session on B: %d %s", r.status, r.body)
	}

	// An upload through A, read back through B.
	wb := filledWorkbook(t, "bản gửi qua A")
	up := board.upload(t, unitPath+"/phieu-cham-diem", wb)
	if up.status != 201 {
		t.Fatalf("upload through A: %d %s", up.status, up.body)
	}
	id := int64(up.json["upload"].(map[string]any)["id"].(float64))
	if got := onB.call(t, "GET", fmt.Sprintf("%s/uploads/%d", unitPath, id), "", nil); got.status != 200 || !bytes.Equal(got.body, wb) {
		t.Fatalf("upload %d through B: %d, %d bytes, equal %v", id, got.status, len(got.body), bytes.Equal(got.body, wb))
	}
	if l := onB.call(t, "GET", unitPath+"/uploads", "", nil); !strings.Contains(string(l.body), fmt.Sprintf(`"id":%d`, id)) {
		t.Fatalf("B's list lacks upload %d: %s", id, l.body)
	}

	// A document: the same ETag from either replica.
	doc := yearPath + "/documents/bang-tong-hop-diem.pdf"
	da := secretariat.call(t, "GET", doc, "", nil)
	db := secretariat.on(b).call(t, "GET", doc, "", nil)
	if da.status != 200 || db.status != 200 || da.etag == "" || da.etag != db.etag || !bytes.Equal(da.body, db.body) {
		t.Fatalf("document on A %d %q, on B %d %q, same bytes %v", da.status, da.etag, db.status, db.etag, bytes.Equal(da.body, db.body))
	}
	if nm := secretariat.on(b).call(t, "GET", doc, "", map[string]string{"If-None-Match": da.etag}); nm.status != 304 {
		t.Fatalf("B answers A's ETag with %d", nm.status)
	}

	// The scheduled dossier: both fired at the next minute (two runs,
	// unless B's came after A's had finished the minute's); one version.
	runs, versions := waitDossier(t, secretariat, bloc, scheduledAt)
	if versions != 1 || runs.made != 1 {
		t.Fatalf("%d dossier versions, %d runs that made one, for one scheduled time", versions, runs.made)
	}
	t.Logf("%d runs of the scheduled time on two replicas, one dossier version", runs.all)
	secretariat.call(t, "PUT", "/api/v1/blocs/"+bloc+"/dossier/schedule", `{"cron":"* * * * *","time_zone":"Asia/Ho_Chi_Minh","enabled":false}`, nil)

	// A killed in the middle of uploads.
	acked := map[int64][]byte{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				data := filledWorkbook(t, fmt.Sprintf("bản %d-%d", w, i))
				r, err := board.tryUpload(unitPath+"/phieu-cham-diem", data)
				if err != nil {
					return // A is gone
				}
				if r.status == 201 {
					id := int64(r.json["upload"].(map[string]any)["id"].(float64))
					mu.Lock()
					acked[id] = data
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	a.kill(t)
	close(stop)
	wg.Wait()
	if len(acked) == 0 {
		t.Fatal("no upload was acknowledged before the kill")
	}
	list := onB.call(t, "GET", unitPath+"/uploads", "", nil)
	for id, data := range acked {
		if !strings.Contains(string(list.body), fmt.Sprintf(`"id":%d`, id)) {
			t.Errorf("acknowledged upload %d is not listed through B", id)
			continue
		}
		got := onB.call(t, "GET", fmt.Sprintf("%s/uploads/%d", unitPath, id), "", nil)
		if got.status != 200 || !bytes.Equal(got.body, data) {
			t.Errorf("acknowledged upload %d through B: %d, equal %v", id, got.status, bytes.Equal(got.body, data))
		}
	}
	t.Logf("%d uploads acknowledged by A before SIGKILL, all listed and byte-exact through B", len(acked))
}

const replicaPassword = "mật khẩu hai bản"

// buildThidua builds the command once into the test's folder.
func buildThidua(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "thidua")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type replica struct {
	name, url string
	cmd       *exec.Cmd
	log       *syncBuffer
}

// syncBuffer is what a replica printed: written by exec's copying
// goroutine while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startReplica starts `thidua serve` on a free port with its own data
// folder (mail outbox, temporary files) and waits until it answers.
func startReplica(t *testing.T, bin, name, dsn, bucket string, demo bool) *replica {
	t.Helper()
	r := launchReplica(t, bin, name, dsn, bucket, demo)
	r.wait(t)
	return r
}

// launchReplica starts the process without waiting for it.
func launchReplica(t *testing.T, bin, name, dsn, bucket string, demo bool) *replica {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--data", t.TempDir(), "--database", dsn, "--blobs", bucket, "--addr", addr, "--log-level", "warn"}
	if demo {
		args = append(args, "--demo")
	}
	r := &replica{name: name, url: "http://" + addr, log: &syncBuffer{}}
	r.cmd = exec.Command(bin, args...)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if r.cmd.ProcessState == nil {
			r.cmd.Process.Signal(syscall.SIGTERM)
			r.cmd.Wait()
		}
		if t.Failed() {
			t.Logf("replica %s said:\n%s", r.name, r.log)
		}
	})
	return r
}

// wait waits until the replica answers /healthz (a minute at most).
func (r *replica) wait(t *testing.T) {
	t.Helper()
	for i := 0; i < 1200; i++ {
		if resp, err := http.Get(r.url + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("replica %s did not start:\n%s", r.name, r.log)
}

// TestReplicasStartingTogetherWithDemo: three replicas started at the
// same moment with --demo on one empty database load the demo once (the
// first to take the lease) and make its accounts once; every one starts.
func TestReplicasStartingTogetherWithDemo(t *testing.T) {
	dsn := testsrv.PostgresDB(t)
	bucket := testsrv.S3Bucket(t)
	bin := buildThidua(t)
	t.Setenv("THIDUA_DEMO_PASSWORD", replicaPassword)
	var rs []*replica
	for _, name := range []string{"A", "B", "C"} {
		rs = append(rs, launchReplica(t, bin, name, dsn, bucket, true))
	}
	for _, r := range rs {
		r.wait(t)
	}
	loaded := 0
	for _, r := range rs {
		loaded += strings.Count(r.log.String(), "Tài khoản mẫu")
	}
	if loaded != 1 {
		t.Errorf("the demo accounts were made %d times", loaded)
	}
	c := rs[2].login(t, "bo")
	var blocs struct {
		Blocs []struct {
			Slug string `json:"slug"`
		} `json:"blocs"`
	}
	json.Unmarshal(c.call(t, "GET", "/api/v1/blocs", "", nil).body, &blocs)
	seen := map[string]int{}
	for _, b := range blocs.Blocs {
		seen[b.Slug]++
	}
	if len(seen) < 3 || len(blocs.Blocs) != len(seen) {
		t.Errorf("blocs after three replicas loaded the demo: %v", seen)
	}
	years := c.call(t, "GET", "/api/v1/blocs/tay-nguyen-duyen-hai-mien-trung/years", "", nil)
	if !strings.Contains(string(years.body), "[2022,2023,2024,2025]") {
		t.Errorf("years: %s", years.body)
	}
}

func (r *replica) kill(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r.cmd.Wait()
}

// client is one signed-in user talking to one replica.
type client struct {
	base string
	c    *http.Client
}

type answer struct {
	status int
	body   []byte
	etag   string
	json   map[string]any
}

func (r *replica) login(t *testing.T, user string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{base: r.url, c: &http.Client{Jar: jar, Timeout: time.Minute}}
	body, _ := json.Marshal(map[string]string{"username": user, "password": replicaPassword})
	if a := c.call(t, "POST", "/api/v1/login", string(body), nil); a.status != 200 {
		t.Fatalf("login %s on %s: %d %s", user, r.name, a.status, a.body)
	}
	return c
}

// on is the same user, with the same session cookie, on another replica.
func (c *client) on(r *replica) *client {
	jar, _ := cookiejar.New(nil)
	from, _ := url.Parse(c.base)
	to, _ := url.Parse(r.url)
	jar.SetCookies(to, c.c.Jar.Cookies(from))
	return &client{base: r.url, c: &http.Client{Jar: jar, Timeout: time.Minute}}
}

func (c *client) call(t *testing.T, method, path, body string, header map[string]string) answer {
	t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Origin", c.base)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	a, err := c.send(req)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func (c *client) send(req *http.Request) (answer, error) {
	resp, err := c.c.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	a := answer{status: resp.StatusCode, body: b, etag: resp.Header.Get("ETag")}
	json.Unmarshal(b, &a.json)
	return a, nil
}

func (c *client) tryUpload(path string, data []byte) (answer, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "Phiếu chấm điểm.xlsx")
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", c.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.base)
	return c.send(req)
}

func (c *client) upload(t *testing.T, path string, data []byte) answer {
	t.Helper()
	a, err := c.tryUpload(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// filledWorkbook is Phú Yên's workbook as LibreOffice saved it, with a
// remark that makes its bytes its own.
func filledWorkbook(t *testing.T, remark string) []byte {
	lo, err := os.ReadFile("../../internal/xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Error(err)
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(lo))
	if err != nil {
		t.Error(err)
		return nil
	}
	f.SetCellStr("Phiếu chấm điểm", "E10", remark)
	var b bytes.Buffer
	f.Write(&b)
	return b.Bytes()
}

type runCount struct{ all, made int }

// waitDossier waits until the runs of the scheduled time after since
// have all finished, and returns them and how many dossier versions
// there are. A scheduled run builds the bloc's newest year not after
// today's.
func waitDossier(t *testing.T, c *client, bloc string, since time.Time) (runCount, int) {
	t.Helper()
	var ys struct {
		Years []int `json:"years"`
	}
	json.Unmarshal(c.call(t, "GET", "/api/v1/blocs/"+bloc+"/years", "", nil).body, &ys)
	year := 0
	for _, y := range ys.Years {
		if y <= time.Now().Year() && y > year {
			year = y
		}
	}
	deadline := since.Add(150 * time.Second)
	path := fmt.Sprintf("/api/v1/blocs/%s/years/%d/dossier", bloc, year)
	for time.Now().Before(deadline) {
		runs := c.call(t, "GET", path+"/runs", "", nil)
		var rs struct {
			Runs []struct {
				Status     string `json:"status"`
				NewVersion bool   `json:"new_version"`
			} `json:"runs"`
		}
		json.Unmarshal(runs.body, &rs)
		done, open, made := 0, 0, 0
		for _, r := range rs.Runs {
			switch r.Status {
			case "succeeded", "failed":
				done++
			default:
				open++
			}
			if r.NewVersion {
				made++
			}
		}
		if done > 0 && open == 0 {
			vs := c.call(t, "GET", path+"/versions", "", nil)
			var v struct {
				Versions []any `json:"versions"`
			}
			json.Unmarshal(vs.body, &v)
			t.Logf("runs of the scheduled time: %s", runs.body)
			return runCount{all: len(rs.Runs), made: made}, len(v.Versions)
		}
		time.Sleep(time.Second)
	}
	t.Fatal("no scheduled dossier run finished in time")
	return runCount{}, 0
}
