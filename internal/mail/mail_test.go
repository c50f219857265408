package mail

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/mail/mailtest"
)

// A Vietnamese message goes through a real SMTP server and reads back
// whole; without a server it lands in the outbox folder.
func TestSendThroughSMTPAndOutbox(t *testing.T) {
	srv := mailtest.Start(t)
	s, err := New(Config{SMTP: srv.SMTP, From: "thidua@bql.example.vn"})
	if err != nil {
		t.Fatal(err)
	}
	m := Message{To: []string{"vanthu@bql-gialai.example.vn"}, Subject: "Nhắc hạn: Phiếu tự chấm điểm năm 2024", Text: "Kính gửi Ban Quản lý Khu kinh tế tỉnh Gia Lai,\n\nĐơn vị chưa gửi phiếu tự chấm điểm."}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages(t)
	if len(got) != 1 || got[0].Subject != m.Subject || got[0].To[0] != m.To[0] || !strings.Contains(got[0].Text, "Ban Quản lý Khu kinh tế tỉnh Gia Lai") {
		t.Fatalf("received %+v", got)
	}
	dir := filepath.Join(t.TempDir(), "outbox")
	o, err := New(Config{Outbox: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := o.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("outbox: %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "=?UTF-8?q?Nh=E1=BA=AFc_h=E1=BA=A1n") || !strings.Contains(string(b), "To: <vanthu@bql-gialai.example.vn>") {
		t.Errorf("outbox message:\n%s", b)
	}
	if _, err := New(Config{SMTP: "http://x"}); err == nil || !strings.Contains(err.Error(), "không hợp lệ") {
		t.Errorf("a bad URL: %v", err)
	}
}
