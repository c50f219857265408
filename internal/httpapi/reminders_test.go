package httpapi

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/mail/mailtest"
)

// TestRemindersReachTheBoardsThatOwe: with deadlines set, the service
// reminds by itself the boards that have not sent, once the clock is
// within the days before a deadline, through a real SMTP server; each
// board once per deadline, whether the scheduler or the secretariat's
// click comes again; boards that sent are never reminded.
func TestRemindersReachTheBoardsThatOwe(t *testing.T) {
	ts, srv := newMailTestServer(t)
	ctx := context.Background()
	y := tn + "/years/2024"
	ts.want(ts.do("PUT", y, map[string]any{"deadlines": map[string]any{"mid_year": "2024-06-20", "year_end": "2024-11-30"}}), 200)
	for _, u := range []string{"gia-lai", "kon-tum", "phu-yen"} {
		ts.want(ts.do("PATCH", "/api/v1/users/"+u, map[string]any{"email": u + "@bql.example.vn"}), 200)
	}
	// The demo's boards have sent everything but Phú Yên's workbook; the
	// secretariat returns three boards' year-end texts (Lâm Đồng has no
	// address).
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	for _, u := range []string{"gia-lai", "kon-tum", "lam-dong"} {
		sec.want(sec.do("POST", y+"/units/"+u+"/texts/year/return", map[string]any{"comment": "Bổ sung số liệu thu hút đầu tư."}), 200)
	}
	dues := ts.do("GET", y+"/reminders", nil)
	ts.want(dues, 200)
	if !strings.Contains(string(dues.Body), `"Key":"bao-cao-ca-nam"`) {
		t.Fatalf("dues: %.600s", dues.Body)
	}

	// Ten days before: nothing yet.
	ts.clock.now = time.Date(2024, 11, 20, 1, 0, 0, 0, time.UTC) // 08:00 in Vietnam
	if n, err := ts.reminders.Auto(ctx); err != nil || n != 0 {
		t.Fatalf("ten days before: %d %v", n, err)
	}
	// Six days before: the boards that owe the year-end texts, with an
	// address, are reminded; Phú Yên is not.
	ts.clock.Add(4 * 24 * time.Hour)
	n, err := ts.reminders.Auto(ctx)
	if err != nil || n == 0 {
		t.Fatalf("six days before: %d %v", n, err)
	}
	// (Returning the texts told Gia Lai and Kon Tum by mail too.)
	notices := srv.Messages(t)
	var ms []mailtest.Message
	for _, m := range notices {
		if strings.HasPrefix(m.Subject, "Nhắc hạn: ") {
			ms = append(ms, m)
		}
	}
	byTo := map[string][]mailtest.Message{}
	for _, m := range ms {
		byTo[m.To[0]] = append(byTo[m.To[0]], m)
	}
	var texts *mailtest.Message
	for i, m := range byTo["gia-lai@bql.example.vn"] {
		if strings.Contains(m.Subject, "Báo cáo kết quả thực hiện nhiệm vụ năm năm 2024") || strings.Contains(m.Subject, "Báo cáo kết quả thực hiện nhiệm vụ năm") {
			texts = &byTo["gia-lai@bql.example.vn"][i]
		}
	}
	if texts == nil {
		t.Fatalf("Gia Lai not reminded of its year-end texts: %+v", ms)
	}
	for _, want := range []string{"Kính gửi Ban Quản lý Khu kinh tế tỉnh Gia Lai", "ngày 30/11/2024 (còn 6 ngày)", testPublicURL + "/khoi/" + "tay-nguyen-duyen-hai-mien-trung/2024/don-vi/gia-lai/bao-cao/year"} {
		if !strings.Contains(texts.Text, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, texts.Text)
		}
	}
	// Exactly: Gia Lai and Kon Tum of their texts, Phú Yên of its
	// workbook; nobody of what they sent.
	var got []string
	for _, m := range ms {
		got = append(got, m.To[0]+" "+strings.SplitN(strings.TrimPrefix(m.Subject, "Nhắc hạn: "), " năm", 2)[0])
	}
	slices.Sort(got)
	want := []string{"gia-lai@bql.example.vn Báo cáo kết quả thực hiện nhiệm vụ", "kon-tum@bql.example.vn Báo cáo kết quả thực hiện nhiệm vụ", "phu-yen@bql.example.vn Phiếu tự chấm điểm thi đua"}
	if !slices.Equal(got, want) {
		t.Errorf("reminders sent:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The next morning, and the secretariat's click: nothing sent twice.
	ts.clock.Add(24 * time.Hour)
	if n, err := ts.reminders.Auto(ctx); err != nil || n != 0 {
		t.Errorf("the next morning sent %d again (%v)", n, err)
	}
	r := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung").do("POST", y+"/reminders", map[string]any{"due": "bao-cao-ca-nam"})
	ts.want(r, 200)
	if r.JSON["sent"].(float64) != 0 || r.JSON["already"].(float64) != 2 {
		t.Errorf("the click after the morning's: %s", r.Body)
	}
	if again := srv.Messages(t); len(again) != len(notices) {
		t.Errorf("%d messages, then %d", len(notices), len(again))
	}
	// Boards without an address are named.
	if nb, _ := r.JSON["no_address"].([]any); len(nb) != 1 || nb[0] != "Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng" {
		t.Errorf("boards without an address not named: %s", r.Body)
	}
	// A deadline the year does not have, and a board's click, are refused.
	if r := ts.do("POST", y+"/reminders", map[string]any{"due": "khong-co"}); r.Status != 422 {
		t.Errorf("unknown due: %d", r.Status)
	}
	if r := ts.as("gia-lai").do("POST", y+"/reminders", map[string]any{"due": "bao-cao-ca-nam"}); r.Status != 403 {
		t.Errorf("a board reminds: %d", r.Status)
	}
	audit := ts.do("GET", "/api/v1/audit?action=reminder_send", nil)
	if !strings.Contains(string(audit.Body), "(tự động)") {
		t.Errorf("reminders not audited: %.400s", audit.Body)
	}
}

// TestReturnedTextIsToldByMail: when the secretariat returns a board's
// texts, the board's accounts with an address get the comment and the
// link, through a real SMTP server.
func TestReturnedTextIsToldByMail(t *testing.T) {
	ts, srv := newMailTestServer(t)
	y := tn + "/years/2024"
	ts.want(ts.do("PATCH", "/api/v1/users/kon-tum", map[string]any{"email": "vanthu@bql-kontum.example.vn"}), 200)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	sec.want(sec.do("POST", y+"/units/kon-tum/texts/year/return", map[string]any{"comment": "Bổ sung số dự án mới và vốn đăng ký."}), 200)
	ms := waitMessages(t, srv, 1)
	if len(ms) != 1 || ms[0].To[0] != "vanthu@bql-kontum.example.vn" || !strings.Contains(ms[0].Subject, "được trả lại") ||
		!strings.Contains(ms[0].Text, "Bổ sung số dự án mới và vốn đăng ký.") || !strings.Contains(ms[0].Text, "/don-vi/kon-tum/bao-cao/year") {
		t.Errorf("messages: %+v", ms)
	}
}
