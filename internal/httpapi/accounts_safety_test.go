package httpapi

import (
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// parallel runs n requests at once and counts their statuses.
func parallel(n int, fn func(i int) response) map[int]int {
	var mu sync.Mutex
	out := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			r := fn(i)
			mu.Lock()
			out[r.Status]++
			mu.Unlock()
		}(i)
	}
	close(start)
	wg.Wait()
	return out
}

// TestLoginThrottleCountsBeforeVerifying: attempts are counted before the
// password is checked, atomically, so parallel attempts cannot all be
// evaluated against the limit (41 simultaneous ones all were): at most 5
// wrong passwords of one account are ever verified, at most 20 attempts
// of one address, and the right password sent after them is refused.
func TestLoginThrottleCountsBeforeVerifying(t *testing.T) {
	ts := newTestServer(t)
	anon := ts.as("")
	got := parallel(40, func(int) response { return login(anon, "bo", "sai mật khẩu rồi") })
	if got[401] > 5 || got[401]+got[429] != 40 {
		t.Errorf("40 parallel wrong passwords: %v; want at most 5 verified (401), the rest 429", got)
	}
	ts.want(login(anon, "bo", testPassword), 429)

	ts.clock.Add(16 * time.Minute)
	got = parallel(150, func(i int) response { return login(anon, "khong-co-"+strconv.Itoa(i), "x") })
	if got[401] > 20 || got[401]+got[429] != 150 {
		t.Errorf("150 parallel attempts from one address: %v; want at most 20 verified", got)
	}
}

// TestPasswordChangeThrottledAndEndsTokens: wrong current passwords are
// counted with the log-in attempts; a password change (or an
// administrator's reset) ends the sessions and revokes the API tokens,
// unless the owner asks to keep them; the same password again is refused.
func TestPasswordChangeThrottledAndEndsTokens(t *testing.T) {
	ts := newTestServer(t)
	sec := ts.as("thuky-tay-nguyen-duyen-hai-mien-trung")
	token := func(who *testServer) []string {
		me := who.do("GET", "/api/v1/me", nil)
		g := me.JSON["user"].(map[string]any)["grants"].([]any)[0].(map[string]any)
		r := who.do("POST", "/api/v1/tokens", map[string]any{"grant_id": int64(g["id"].(float64)), "name": "tập lệnh"})
		ts.want(r, 201)
		return []string{"Authorization", "Bearer " + r.JSON["secret"].(string)}
	}
	bearer := token(sec)
	script := ts.as("")
	ts.want(script.do("GET", "/api/v1/me", nil, bearer...), 200)

	r := sec.do("POST", "/api/v1/me/password", map[string]any{"current": testPassword, "new": testPassword})
	ts.want(r, 422)
	if r.detailFields()[0] != "new" || r.JSON["error"].(map[string]any)["details"].([]any)[0].(map[string]any)["code"] != "password_same" {
		t.Errorf("same password: %s", r.Body)
	}
	for _, weak := range []string{"1234567890", "aaaaaaaaaa", "thuky-tay-nguyen-duyen-hai-mien-trung", "password123", "matkhau2024"} {
		r := sec.do("POST", "/api/v1/me/password", map[string]any{"current": testPassword, "new": weak})
		ts.want(r, 422)
	}
	// The password change ends the token.
	const next = "gió Lào thổi qua đèo Ngang"
	ts.want(sec.do("POST", "/api/v1/me/password", map[string]any{"current": testPassword, "new": next}), 200)
	ts.want(script.do("GET", "/api/v1/me", nil, bearer...), 401)

	// Kept when asked.
	sec2 := ts.as("")
	ts.want(login(sec2, "thuky-tay-nguyen-duyen-hai-mien-trung", next), 200)
	bearer = token(sec2)
	const third = "mưa ngâu tháng bảy Vu Lan"
	ts.want(sec2.do("POST", "/api/v1/me/password", map[string]any{"current": next, "new": third, "keep_tokens": true}), 200)
	ts.want(script.do("GET", "/api/v1/me", nil, bearer...), 200)
	// An administrator's reset ends it.
	ts.want(ts.do("POST", "/api/v1/users/thuky-tay-nguyen-duyen-hai-mien-trung/password", map[string]any{"password": "trăng rằm soi bến Ninh Kiều"}), 204)
	ts.want(script.do("GET", "/api/v1/me", nil, bearer...), 401)

	// 30 wrong current passwords, then the right one: refused.
	board := ts.as("dak-lak")
	for i := 0; i < 30; i++ {
		board.do("POST", "/api/v1/me/password", map[string]any{"current": "đoán thử " + strconv.Itoa(i), "new": "hoa ban nở trắng núi rừng"})
	}
	r = board.do("POST", "/api/v1/me/password", map[string]any{"current": testPassword, "new": "hoa ban nở trắng núi rừng"})
	if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("the right password after 30 wrong ones: %d %s", r.Status, r.Body)
	}
}

// TestCreateTwiceAtOnce: identical creations sent together make one
// record; every other one is told, in Vietnamese, that it exists — never
// a duplicate, an overwrite or a constraint error.
func TestCreateTwiceAtOnce(t *testing.T) {
	ts := newTestServer(t)
	for _, c := range []struct {
		path string
		body map[string]any
	}{
		{"/api/v1/units", map[string]any{"slug": "kcn-moi", "kind": "KCN", "names": []map[string]any{{"full_name": "Ban Quản lý các KCN mới"}}, "province": []map[string]any{{"full_name": "Quảng Trị"}}}},
		{"/api/v1/blocs", map[string]any{"slug": "khoi-moi", "names": []map[string]any{{"full_name": "Khối mới"}}}},
	} {
		var mu sync.Mutex
		var conflicts []response
		got := parallel(8, func(int) response {
			r := ts.do("POST", c.path, c.body)
			if r.Status == http.StatusConflict {
				mu.Lock()
				conflicts = append(conflicts, r)
				mu.Unlock()
			}
			return r
		})
		if got[201] != 1 || got[409] != 7 {
			t.Errorf("%s: %v; want one 201 and seven 409", c.path, got)
		}
		for _, r := range conflicts {
			if r.errCode() != "conflict" || !strings.Contains(string(r.Body), "đã có") {
				t.Errorf("%s: %s", c.path, r.Body)
			}
		}
	}
}
