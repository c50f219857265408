package app

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/testenv"
)

func TestCheckPassword(t *testing.T) {
	pc := PasswordContext{Username: "thuky-btb", Name: "Nguyễn Văn Bình", Scopes: []string{"bac-trung-bo", "", "nghe-an"}}
	for _, tc := range []struct{ pw, code string }{
		{"ngắn quá", "password_short"},
		{strings.Repeat("gió ", 51), "password_long"},
		{"1234567890", "password_weak"},
		{"aaaaaaaaaa", "password_weak"},
		{"qwertyuiop", "password_weak"},
		{"password123", "password_weak"},
		{"iloveyou12", "password_weak"},
		{"matkhau2024", "password_weak"},
		{"Mật Khẩu 123", "password_weak"},
		{"anhyeuem123", "password_weak"},
		{"thuky-btb-2024", "password_context"},
		{"NguyenVanBinh1", "password_context"},
		{"Bắc Trung Bộ 2024", "password_context"},
		{"nghean2024!", "password_context"},
		{"gió Lào thổi qua đèo Ngang", ""},
		{"sông Hồng mùa nước nổi", ""},
		{"Bình minh trên biển", ""}, // a word of the person's name is weighed, not refused
	} {
		err := CheckPassword("new", tc.pw, pc)
		var ve domain.ValidationError
		code := ""
		if errors.As(err, &ve) {
			code = ve[0].Code
			if ve[0].Field != "new" || ve[0].Message == "" {
				t.Errorf("%q: %+v", tc.pw, ve[0])
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if code != tc.code {
			t.Errorf("%q: %q (%v), want %q", tc.pw, code, err, tc.code)
		}
	}
}

// TestHashingBounded: however many log-ins arrive at once, at most
// HashParallel password hashes run; the others wait a little, then are
// refused as busy (never queued without bound, each holding memory).
func TestHashingBounded(t *testing.T) {
	e := testenv.Open(t, "", false)
	a, err := NewAccounts(AccountsConfig{Store: e.Store, Params: auth.Params{Memory: 8 << 10, Time: 3, Threads: 1}, HashParallel: 1, HashWait: 20 * time.Millisecond,
		MaxFailures: 1000, MaxAddressFailures: 1000})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var mu sync.Mutex
	busy, other := 0, 0
	var wg sync.WaitGroup
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, err := a.Login(ctx, "khong-co", "sai mật khẩu", "127.0.0.1")
			mu.Lock()
			defer mu.Unlock()
			var be BusyError
			if errors.As(err, &be) && be.RetryAfter > 0 && strings.Contains(be.Error(), "bận") {
				busy++
			} else {
				other++
			}
		}()
	}
	wg.Wait()
	if busy == 0 || other == 0 {
		t.Errorf("busy %d, verified %d: want some of each", busy, other)
	}
}
