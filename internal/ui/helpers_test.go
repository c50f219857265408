package ui

import "testing"

// TestSafeNext: only a path on this site, as a browser reads it, is kept
// as the address to return to after signing in.
func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/khoi/bac-trung-bo/2024", "/khoi/bac-trung-bo/2024"},
		{"/khoi/bac-trung-bo/2024?da-luu=1#tren", "/khoi/bac-trung-bo/2024?da-luu=1#tren"},
		{"/./khoi", "/./khoi"},
		{"", "/"},
		{"khoi", "/"},
		{"//evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{" //evil.example", "/"},
		{"/ /evil.example", "/"},
		{"/\u00a0/evil.example", "/"},
		{"/\u200b/evil.example", "/"},
		{"/\u202e/evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"/\xff", "/"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
