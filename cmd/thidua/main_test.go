package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestGracefulShutdown starts the server, begins a slow request, cancels the
// context as SIGTERM would, and checks that the request still completes and
// that the server then stops.
func TestGracefulShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "done")
	})
	srv := &http.Server{Addr: addr, Handler: mux}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntilDone(ctx, srv, slog.New(slog.DiscardHandler)) }()

	var resp *http.Response
	got := make(chan error, 1)
	go func() {
		for i := 0; i < 50; i++ { // wait for the listener
			if resp, err = http.Get("http://" + addr + "/slow"); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		got <- err
	}()
	<-started
	cancel() // SIGTERM
	if err := <-got; err != nil {
		t.Fatalf("in-flight request failed: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != "done" {
		t.Fatalf("in-flight request cut: %q", body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server did not stop")
	}
	if _, err := http.Get("http://" + addr + "/slow"); err == nil {
		t.Fatal("server still accepts requests after shutdown")
	}
}

// TestServeDemoEndToEnd runs the real serve command with --demo on a free
// port, lists the blocs, and stops it with a cancelled context.
func TestServeDemoEndToEnd(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"serve", "--demo", "--data", dir, "--addr", addr, "--log-level", "error"}, os.Stdout, os.Stderr)
	}()
	var resp *http.Response
	var err error
	for i := 0; i < 200; i++ {
		if resp, err = http.Get("http://" + addr + "/api/v1/blocs"); err == nil {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(b) < 100 {
		t.Fatalf("blocs: %d %s", resp.StatusCode, b)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "thidua.db")); err != nil {
		t.Fatal(err)
	}
}
