package vn

import (
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Fold is s for searching as people type: lower case, without diacritics
// ("Nguyễn Thị Hoà" and "nguyen thi hoa" fold alike; đ is d).
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Order returns a comparison of texts as a Vietnamese dictionary orders
// them (a, ă, â, b, …, đ after d), for lists people read. It holds one
// collator, which is not safe for concurrent use: make one per sort.
func Order() func(a, b string) int {
	return collate.New(language.Vietnamese).CompareString
}
