// Package mail sends the service's messages to people: reminders of
// deadlines and links to set a forgotten password. A message goes through
// a real SMTP server (github.com/wneessen/go-mail) when one is configured,
// else into an outbox folder of .eml files beside the data, so that the
// demo runs with nothing installed and an administrator can still see
// what would have been sent.
package mail

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one message to one or more people, in plain text.
type Message struct {
	To      []string
	Subject string
	Text    string
}

// Sender sends messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
	// Describe says where messages go, for the log and the pages.
	Describe() string
}

// Config is how messages leave: an SMTP URL
// (smtp://user:password@host:port?tls=none|starttls|tls), or empty for the
// outbox folder; From is the sender's address.
type Config struct {
	SMTP   string
	From   string
	Outbox string // folder for .eml files when SMTP is empty
}

// New makes the sender a configuration says.
func New(c Config) (Sender, error) {
	if c.From == "" {
		c.From = "thidua@localhost"
	}
	if c.SMTP == "" {
		if err := os.MkdirAll(c.Outbox, 0o750); err != nil {
			return nil, err
		}
		return Outbox{Dir: c.Outbox, From: c.From}, nil
	}
	u, err := url.Parse(c.SMTP)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, errors.New("địa chỉ máy chủ thư không hợp lệ; dạng: smtp://tên:mật-khẩu@máy:cổng?tls=none|starttls|tls")
	}
	port := 25
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil {
			return nil, errors.New("cổng máy chủ thư không hợp lệ")
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(20 * time.Second)}
	switch u.Query().Get("tls") {
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case "tls":
		opts = append(opts, gomail.WithSSL())
	case "", "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		return nil, errors.New("tls của máy chủ thư phải là none, starttls hoặc tls")
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(u.User.Username()), gomail.WithPassword(pw))
	}
	return &SMTP{host: u.Hostname(), port: port, opts: opts, from: c.From}, nil
}

// SMTP sends through an SMTP server, one connection per message.
type SMTP struct {
	host string
	port int
	opts []gomail.Option
	from string
}

// Describe names the server.
func (s *SMTP) Describe() string { return fmt.Sprintf("máy chủ thư %s:%d", s.host, s.port) }

// Send sends m.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := build(s.from, m)
	if err != nil {
		return err
	}
	client, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return err
	}
	return client.DialAndSendWithContext(ctx, msg)
}

func build(from string, m Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(from); err != nil {
		return nil, fmt.Errorf("người gửi %q: %w", from, err)
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("người nhận: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	return msg, nil
}

// Outbox writes each message to a .eml file in Dir (the demo's and a
// machine's without a mail server).
type Outbox struct {
	Dir, From string
}

// Describe names the folder.
func (o Outbox) Describe() string {
	return "thư mục " + o.Dir + " (chưa cấu hình máy chủ thư)"
}

// Send writes m, whole or not at all.
func (o Outbox) Send(_ context.Context, m Message) error {
	msg, err := build(o.From, m)
	if err != nil {
		return err
	}
	var b [6]byte
	rand.Read(b[:])
	name := time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(b[:]) + ".eml"
	tmp, err := os.CreateTemp(o.Dir, ".thu-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := msg.WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(o.Dir, name))
}
