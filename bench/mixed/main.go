// Command mixed loads one or more replicas of a running `thidua serve`
// (with the demo blocs) with the December mix of issue 21. One client per
// member board of a bloc-year uploads its filled workbook now and then
// (one board's uploads one after another, as a board sends them: two of
// the same board at once would make the older one "superseded"); every
// client otherwise downloads documents, some that never change (a closed
// year's, served from the cache after the first) and some that every
// upload changes (the open year's score summary, built again after each
// upload). Requests go to the replicas in turn, as a load balancer would
// send them.
//
//	go run ./bench/mixed -targets http://127.0.0.1:8080[,http://…] -password P [-c 50] [-d 30s]
//
// Before the clock starts, each board's workbook is downloaded and filled
// where the service says a mark is missing (with 0), so that it is
// accepted.
//
// It prints one line of JSON: per kind of request, how many, per second,
// p50 and p99 in ms, and errors (any answer but 200, 201 or 304, or no
// answer).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
	"github.com/xuri/excelize/v2"
)

const (
	bloc       = "tay-nguyen-duyen-hai-mien-trung"
	secretary  = "thuky-" + bloc
	openYear   = 2024 // the demo leaves it open: uploads change it
	closedYear = 2022 // closed, and so is the next (a year's documents read the years beside it)
)

func main() {
	targets := flag.String("targets", "http://127.0.0.1:8080", "replicas, comma-separated")
	password := flag.String("password", "", "the demo accounts' password (THIDUA_DEMO_PASSWORD)")
	clients := flag.Int("c", 50, "clients at once")
	dur := flag.Duration("d", 30*time.Second, "how long")
	uploadEvery := flag.Int("upload-every", 10, "one request in this many is an upload")
	bucket := flag.String("make-bucket", "", "only create this bucket (s3://NAME?endpoint=HOST:PORT&region=R, AWS_* credentials) and stop")
	flag.Parse()
	if *bucket != "" {
		if err := makeBucket(*bucket); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(strings.Split(*targets, ","), *password, *clients, *dur, *uploadEvery); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type sample struct {
	kind   string
	d      time.Duration
	ok     bool
	status string // the answer's status, or the error, when not ok
	body   string // the start of the answer, when not ok
}

func run(targets []string, password string, clients int, dur time.Duration, uploadEvery int) error {
	// Every client its own session (signed in once, before the clock
	// starts); with several replicas the session is good on each.
	sessions := make([]*http.Client, clients)
	var err error
	for i := range sessions {
		if sessions[i], err = login(targets[i%len(targets)], targets, password); err != nil {
			return err
		}
	}
	boards, err := prepare(sessions[0], targets[0])
	if err != nil {
		return err
	}
	closedDocs := []string{"bao-cao-tong-ket.pdf", "bang-tong-hop-diem.pdf", "bien-ban-binh-xet.pdf", "to-trinh-khen-thuong.pdf", "bao-cao-tong-ket.docx", "bang-tong-hop-diem.xlsx"}
	var next atomic.Int64
	var mu sync.Mutex
	var samples []sample
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			for n := 0; time.Now().Before(deadline); n++ {
				base := targets[int(next.Add(1))%len(targets)]
				var s sample
				switch {
				case i < len(boards) && n%uploadEvery == uploadEvery-1:
					s = upload(sessions[i], base, boards[i].unit, marked(boards[i].workbook, fmt.Sprintf("tải %d-%d", i, n)))
				case n%2 == 0:
					s = get(sessions[i], "cached", fmt.Sprintf("%s/api/v1/blocs/%s/years/%d/documents/%s", base, bloc, closedYear, closedDocs[n/2%len(closedDocs)]))
				default:
					s = get(sessions[i], "changed", fmt.Sprintf("%s/api/v1/blocs/%s/years/%d/documents/bang-tong-hop-diem.pdf", base, bloc, openYear))
				}
				mine = append(mine, s)
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return report(samples, dur)
}

func login(base string, targets []string, password string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 2 * time.Minute}
	body, _ := json.Marshal(map[string]string{"username": secretary, "password": password})
	resp, err := c.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("sign-in on %s: %s", base, resp.Status)
	}
	from, _ := url.Parse(base)
	for _, t := range targets { // the same session on every replica
		u, _ := url.Parse(t)
		jar.SetCookies(u, jar.Cookies(from))
	}
	return c, nil
}

func get(c *http.Client, kind, u string) sample {
	start := time.Now()
	resp, err := c.Get(u)
	if err != nil {
		return sample{kind: kind, d: time.Since(start), status: err.Error()}
	}
	return finish(kind, start, resp, resp.StatusCode == 200 || resp.StatusCode == 304)
}

func finish(kind string, start time.Time, resp *http.Response, ok bool) sample {
	var head []byte
	if !ok {
		head, _ = io.ReadAll(io.LimitReader(resp.Body, 300))
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return sample{kind: kind, d: time.Since(start), ok: ok, status: resp.Status, body: string(head)}
}

func upload(c *http.Client, base, unit string, data []byte) sample {
	start := time.Now()
	resp, err := post(c, base, unit, data)
	if err != nil {
		return sample{kind: "upload", d: time.Since(start), status: err.Error()}
	}
	return finish("upload", start, resp, resp.StatusCode == 201)
}

// post sends a board's workbook as the upload form does.
func post(c *http.Client, base, unit string, data []byte) (*http.Response, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "Phiếu chấm điểm.xlsx")
	w.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/blocs/%s/years/%d/units/%s/phieu-cham-diem", base, bloc, openYear, unit), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", base)
	return c.Do(req)
}

type board struct {
	unit     string
	workbook []byte
}

// prepare downloads every member's workbook of the open year and fills
// it until the service accepts it: each cell it names as missing a mark
// gets 0.
func prepare(c *http.Client, base string) ([]board, error) {
	resp, err := c.Get(fmt.Sprintf("%s/api/v1/blocs/%s/years/%d/members", base, bloc, openYear))
	if err != nil {
		return nil, err
	}
	var ms struct {
		Members []struct {
			Unit string `json:"unit"`
		} `json:"members"`
	}
	err = json.NewDecoder(resp.Body).Decode(&ms)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var out []board
	for _, m := range ms.Members {
		resp, err := c.Get(fmt.Sprintf("%s/api/v1/blocs/%s/years/%d/units/%s/phieu-cham-diem.xlsx", base, bloc, openYear, m.Unit))
		if err != nil {
			return nil, err
		}
		wb, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for try := 0; ; try++ {
			s := upload(c, base, m.Unit, wb)
			if s.ok {
				break
			}
			if try == 3 || !strings.HasPrefix(s.status, "422") {
				return nil, fmt.Errorf("%s's workbook not accepted: %s %s", m.Unit, s.status, s.body)
			}
			if wb, err = fillMissing(c, base, m.Unit, wb); err != nil {
				return nil, err
			}
		}
		out = append(out, board{m.Unit, wb})
	}
	return out, nil
}

// fillMissing uploads wb again to read the whole refusal, and puts 0 in
// every cell it says lacks a mark.
func fillMissing(c *http.Client, base, unit string, wb []byte) ([]byte, error) {
	resp, err := post(c, base, unit, wb)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var refusal struct {
		Error struct {
			Details []struct {
				Field string `json:"field"`
				Code  string `json:"code"`
			} `json:"details"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&refusal); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		return nil, err
	}
	for _, d := range refusal.Error.Details {
		sheet, cell, ok := strings.Cut(d.Field, "!")
		if ok && d.Code == "score_missing" {
			f.SetCellInt(sheet, cell, 0)
		}
	}
	var b bytes.Buffer
	err = f.Write(&b)
	return b.Bytes(), err
}

// marked is the workbook with a remark of its own, so that each upload is
// new bytes (and changes the year's data).
func marked(wb []byte, remark string) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(wb))
	if err != nil {
		return wb
	}
	f.SetCellStr("Phiếu chấm điểm", "E10", remark)
	var b bytes.Buffer
	f.Write(&b)
	return b.Bytes()
}

// makeBucket creates the bucket an s3:// address names, for the script
// that starts replicas on a new bucket.
func makeBucket(address string) error {
	u, err := url.Parse(address)
	if err != nil {
		return err
	}
	q := u.Query()
	c, err := minio.New(q.Get("endpoint"), &minio.Options{Creds: credentials.NewEnvAWS(), Region: q.Get("region")})
	if err != nil {
		return err
	}
	return c.MakeBucket(context.Background(), u.Host, minio.MakeBucketOptions{Region: q.Get("region")})
}

type line struct {
	Kind   string  `json:"kind"`
	N      int     `json:"n"`
	PerSec float64 `json:"per_sec"`
	P50    float64 `json:"p50_ms"`
	P99    float64 `json:"p99_ms"`
	Errors int     `json:"errors"`
}

func report(samples []sample, dur time.Duration) error {
	by := map[string][]sample{"all": samples}
	failures := map[string]int{}
	for _, s := range samples {
		by[s.kind] = append(by[s.kind], s)
		if !s.ok {
			failures[s.kind+" "+s.status+" "+s.body]++
		}
	}
	for f, n := range failures { // what went wrong, on standard error
		fmt.Fprintf(os.Stderr, "%d× %s\n", n, f)
	}
	var out []line
	for _, k := range []string{"all", "upload", "cached", "changed"} {
		ss := by[k]
		ds := make([]time.Duration, len(ss))
		errs := 0
		for i, s := range ss {
			ds[i] = s.d
			if !s.ok {
				errs++
			}
		}
		slices.Sort(ds)
		pct := func(p float64) float64 {
			if len(ds) == 0 {
				return 0
			}
			return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
		}
		out = append(out, line{k, len(ss), float64(len(ss)) / dur.Seconds(), pct(0.5), pct(0.99), errs})
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}
