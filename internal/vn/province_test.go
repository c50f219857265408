package vn

import (
	"strings"
	"testing"
)

func TestProvinceWithKind(t *testing.T) {
	for in, want := range map[string]string{
		"Đồng Nai":              "tỉnh Đồng Nai",
		"Tỉnh Đồng Nai":         "tỉnh Đồng Nai",
		"Thành phố Hồ Chí Minh": "thành phố Hồ Chí Minh",
		"TP. Hồ Chí Minh":       "thành phố Hồ Chí Minh",
		"Hồ Chí Minh":           "thành phố Hồ Chí Minh",
		"Đà Nẵng":               "thành phố Đà Nẵng",
		"Huế":                   "thành phố Huế",
		"Thừa Thiên Huế":        "tỉnh Thừa Thiên Huế",
		"Cần Thơ":               "thành phố Cần Thơ",
		"Hải Phòng":             "thành phố Hải Phòng",
		"Hà Nội":                "thành phố Hà Nội",
		"Bà Rịa - Vũng Tàu":     "tỉnh Bà Rịa - Vũng Tàu",
	} {
		if got := ProvinceWithKind(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// A joined name too wide for its line breaks where it reads best: after
// the kind of a province, after a dash between two names; otherwise before
// the longest end that fits.
func TestJoinedBreakPrefers(t *testing.T) {
	width := func(parts []string) int { // characters, a space between parts
		n := len(parts) - 1
		for _, p := range parts {
			n += len([]rune(p))
		}
		return n
	}
	for _, c := range []struct {
		name string
		room int
		want string // the parts kept joined at the end
	}{
		{"Thành phố Hồ Chí Minh", 12, "Hồ Chí Minh"},
		{"THÀNH PHỐ HỒ CHÍ MINH", 12, "HỒ CHÍ MINH"},
		{"tỉnh Bà Rịa - Vũng Tàu", 18, "Bà Rịa - Vũng Tàu"},
		{"Bà Rịa - Vũng Tàu", 10, "Vũng Tàu"},
		{"tỉnh Thừa Thiên Huế", 14, "Thừa Thiên Huế"},
		{"Thừa Thiên Huế", 10, "Thiên Huế"},
	} {
		parts := strings.Fields(c.name)
		start := JoinedBreak(len(parts), func(from int) bool { return width(parts[from:]) <= c.room },
			func(i int) bool { return BreakAfter(parts, i) })
		if got := strings.Join(parts[start:], " "); got != c.want {
			t.Errorf("%q in %d: %q kept whole, want %q", c.name, c.room, got, c.want)
		}
	}
}
