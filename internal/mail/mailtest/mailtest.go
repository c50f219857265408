// Package mailtest starts a real SMTP server for tests: Mailpit
// (github.com/axllent/mailpit), which keeps what it receives and shows it
// through an HTTP API the tests read back. .ci/run installs it; outside CI
// a test that needs it and finds none is skipped, in CI it fails.
package mailtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Server is a running Mailpit.
type Server struct {
	SMTP string // smtp://127.0.0.1:port?tls=none, for mail.Config
	api  string
}

// Start starts Mailpit on free loopback ports for the test's life.
func Start(t *testing.T) *Server {
	t.Helper()
	bin := os.Getenv("THIDUA_MAILPIT")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("mailpit"); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("mailpit is not installed: .ci/run installs it (go install github.com/axllent/mailpit@v1.33.1)")
			}
			t.Skip("mailpit not found (THIDUA_MAILPIT or PATH): the SMTP tests need it; .ci/run installs it")
		}
	}
	smtpPort, httpPort := freePort(t), freePort(t)
	cmd := exec.Command(bin, "--quiet", "--smtp", fmt.Sprintf("127.0.0.1:%d", smtpPort), "--listen", fmt.Sprintf("127.0.0.1:%d", httpPort),
		"--database", filepath.Join(t.TempDir(), "mailpit.db"), "--smtp-auth-accept-any", "--smtp-auth-allow-insecure")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	s := &Server{SMTP: fmt.Sprintf("smtp://127.0.0.1:%d?tls=none", smtpPort), api: fmt.Sprintf("http://127.0.0.1:%d/api/v1", httpPort)}
	deadline := time.Now().Add(20 * time.Second)
	for {
		r, err := http.Get(s.api + "/messages")
		if err == nil {
			r.Body.Close()
			if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", smtpPort)); err == nil {
				c.Close()
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not start: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Message is one message as the server received it.
type Message struct {
	ID      string
	Subject string
	To      []string
	Text    string
}

// Messages returns every message received, oldest first, with its text.
func (s *Server) Messages(t *testing.T) []Message {
	t.Helper()
	var list struct {
		Messages []struct {
			ID      string
			Subject string
			To      []struct{ Address string }
		} `json:"messages"`
	}
	s.get(t, "/messages?limit=500", &list)
	var out []Message
	for i := len(list.Messages) - 1; i >= 0; i-- {
		m := list.Messages[i]
		msg := Message{ID: m.ID, Subject: m.Subject}
		for _, to := range m.To {
			msg.To = append(msg.To, strings.ToLower(to.Address))
		}
		var full struct{ Text string }
		s.get(t, "/message/"+m.ID, &full)
		msg.Text = full.Text
		out = append(out, msg)
	}
	return out
}

func (s *Server) get(t *testing.T, path string, v any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.api+path, nil)
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		t.Fatalf("mailpit %s: %v", path, err)
	}
}
