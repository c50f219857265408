// Command logins measures what a burst of parallel log-ins costs a real
// `thidua serve`: the server's resident memory before and at its peak, the
// answers the log-ins get, and the time of the downloads another client
// makes meanwhile.
//
//	go run ./bench/logins [-n 500] [-hash-parallel 0] [-rounds 3]
//
// Each log-in names an unknown account and comes from its own address
// (X-Forwarded-For through a trusted proxy), so that neither throttle
// refuses it before its password is hashed: the worst case for memory.
// -hash-parallel N starts the server with that bound (0: its default, the
// number of CPUs; 1000: in effect none, for comparison).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

func main() {
	n := flag.Int("n", 500, "parallel log-ins")
	hp := flag.Int("hash-parallel", 0, "the server's --hash-parallel (0: its default)")
	rounds := flag.Int("rounds", 3, "bursts, each on a fresh server")
	flag.Parse()
	bin := filepath.Join(os.TempDir(), "thidua-bench-logins")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/thidua").CombinedOutput(); err != nil {
		fail("build: %v\n%s", err, out)
	}
	for r := 1; r <= *rounds; r++ {
		round(bin, *n, *hp, r)
	}
}

func round(bin string, n, hp, r int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("%v", err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir, _ := os.MkdirTemp("", "thidua-bench-")
	defer os.RemoveAll(dir)
	args := []string{"serve", "--demo", "--data", dir, "--addr", addr, "--log-level", "error", "--trusted-proxies", "127.0.0.1"}
	if hp > 0 {
		args = append(args, "--hash-parallel", strconv.Itoa(hp))
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "THIDUA_DEMO_PASSWORD=gió Lào thổi qua đèo Ngang")
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		fail("%v", err)
	}
	defer func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }()
	base := "http://" + addr
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 400 {
			fail("the server did not start")
		}
		time.Sleep(25 * time.Millisecond)
	}
	jar, _ := cookiejar.New(nil)
	reader := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	post(reader, base+"/api/v1/login", `{"username":"bo","password":"gió Lào thổi qua đèo Ngang"}`, "")
	pdf := base + "/api/v1/blocs/bac-trung-bo/years/2023/documents/bao-cao-tong-ket.pdf"
	get(reader, pdf) // rendered once, cached after
	time.Sleep(300 * time.Millisecond)

	before := rss(cmd.Process.Pid)

	var peak int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // memory, every 10 ms
		defer wg.Done()
		for {
			if m := rss(cmd.Process.Pid); m > peak {
				peak = m
			}
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	var downloads []time.Duration
	dlErrors := 0
	go func() { // downloads meanwhile
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			start := time.Now()
			if code := get(reader, pdf); code != 200 {
				dlErrors++
			}
			downloads = append(downloads, time.Since(start))
		}
	}()
	statuses := map[int]int{}
	var lat []time.Duration
	var mu sync.Mutex
	var lwg sync.WaitGroup
	gate := make(chan struct{})
	start := time.Now()
	for i := 0; i < n; i++ {
		lwg.Add(1)
		go func(i int) {
			defer lwg.Done()
			c := &http.Client{Timeout: 60 * time.Second}
			<-gate
			t := time.Now()
			code := post(c, base+"/api/v1/login", fmt.Sprintf(`{"username":"khong-co-%d","password":"sai mật khẩu %d"}`, i, i), fmt.Sprintf("10.%d.%d.%d", i/65536, i/256%256, i%256))
			mu.Lock()
			statuses[code]++
			lat = append(lat, time.Since(t))
			mu.Unlock()
		}(i)
	}
	close(gate)
	lwg.Wait()
	burst := time.Since(start)
	close(stop)
	wg.Wait()
	fmt.Printf("round %d: %d log-ins in %v, answers %v, log-in p50 %v p99 %v; server RSS %d MB before, %d MB peak (+%d MB); %d downloads meanwhile (%d not 200), p50 %v p99 %v max %v\n",
		r, n, burst.Round(time.Millisecond), statuses, pct(lat, 50), pct(lat, 99), before>>20, peak>>20, (peak-before)>>20,
		len(downloads), dlErrors, pct(downloads, 50), pct(downloads, 99), pct(downloads, 100))
}

func post(c *http.Client, url, body, forwardedFor string) int {
	req, _ := http.NewRequestWithContext(context.Background(), "POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func get(c *http.Client, url string) int {
	resp, err := c.Get(url)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// rss is a process's resident memory in bytes (Linux /proc).
func rss(pid int) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[i].Round(time.Millisecond)
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "logins: "+format+"\n", a...)
	os.Exit(1)
}
