// Package vn holds the Vietnamese text rules the product lives by: Unicode
// normalisation, Decree 30 dates, Vietnamese number grouping, upper-casing,
// Roman numerals, numbers read in words, and legacy (TCVN3, VNI) encodings.
package vn

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Everything the product stores
// or renders passes through here: an NFD "Quảng Ngãi" typed on a Mac and an
// NFC one typed on Windows must be the same string.
func NFC(s string) string {
	if startersOnly(s) || norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// startersOnly reports whether every character of s is NFC by itself and
// combines with nothing before it (ASCII, every precomposed Vietnamese
// letter, punctuation): such a string is NFC as it stands. It answers from
// a bitmap of x/text's own properties, built once; the PDF layout
// normalises every word it measures, and norm's IsNormalString cost a
// twentieth of a covenant's rendering. Anything else (combining marks,
// invalid UTF-8, beyond the BMP) goes to norm.
func startersOnly(s string) bool {
	var bits *[1 << 10]uint64
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		if bits == nil {
			bits = nfcStarters()
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r > 0xFFFF || (r == utf8.RuneError && n == 1) || bits[r>>6]&(1<<(r&63)) == 0 {
			return false
		}
		i += n
	}
	return true
}

// nfcStarters is the bitmap startersOnly reads: bit r is set when x/text
// says r is NFC on its own (quick check Yes) and a starter nothing before
// it composes with (BoundaryBefore, combining class 0).
var nfcStarters = sync.OnceValue(func() *[1 << 10]uint64 {
	var bits [1 << 10]uint64
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		c := string(r)
		if p := norm.NFC.PropertiesString(c); p.BoundaryBefore() && p.CCC() == 0 && norm.NFC.IsNormalString(c) {
			bits[r>>6] |= 1 << (r & 63)
		}
	}
	return &bits
})

// Clean normalises s to NFC, drops invisible format characters and trims
// surrounding white space.
func Clean(s string) string {
	return strings.TrimSpace(StripInvisible(NFC(wordBullets.Replace(s))))
}

// wordBullets reads the bullets of a list pasted from Word, which arrive
// as characters of its Symbol and Wingdings fonts (private-use code
// points no other font prints), as the bullet they show.
var wordBullets = strings.NewReplacer("\uf0b7", "•", "\uf0a7", "▪", "\uf0d8", "➢", "\uf076", "❖", "\uf0fc", "✓", "\uf0a8", "•")

// StripInvisible drops the format characters that text pasted from a
// word processor or a web page carries and that print as nothing: zero-width
// spaces and joiners, direction marks and overrides (which can also make
// text read differently from how it is stored), the byte order mark, soft
// hyphens.
func StripInvisible(s string) string {
	if !strings.ContainsFunc(s, invisible) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if invisible(r) {
			return -1
		}
		return r
	}, s)
}

func invisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

// Upper upper-cases s keeping its diacritics ("Quảng Ngãi" -> "QUẢNG NGÃI").
// đ becomes Đ; the result is NFC.
func Upper(s string) string {
	return NFC(strings.ToUpper(NFC(s)))
}

// Slug turns a Vietnamese name into an ASCII identifier: "Bình Định" ->
// "binh-dinh". Used for file names and default slugs.
func Slug(s string) string {
	s = ASCII(s)
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ASCII strips Vietnamese diacritics ("Quảng Ngãi" -> "Quang Ngai"), for the
// ASCII fallback of a download's file name.
func ASCII(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case unicode.Is(unicode.Mn, r):
		case r < 128:
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// UpperFirst capitalises the first letter of a sentence.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return Upper(string(r)) + s[n:]
}

// LowerFirst lower-cases the first letter, for a sentence that follows
// "Ô D10: ".
func LowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return strings.ToLower(string(r)) + s[n:]
}

// Regions are the names of Vietnam's regions that bloc names carry
// ("Tây Nguyên", "Miền núi phía Bắc"): geography, not institutions, so
// they are not data that changes with mergers.
var Regions = []string{"Tây Nguyên", "Duyên hải miền Trung", "Nam Trung Bộ", "Bắc Trung Bộ", "Trung du", "Miền núi phía Bắc",
	"Đồng bằng sông Hồng", "Đông Nam Bộ", "Đồng bằng sông Cửu Long"}

// FieldTerms are the compound words of the field that a header, a title
// or a signature must not break inside — "BAN QUẢN LÝ KHU KINH / TẾ TỈNH
// QUẢNG BÌNH" was the first line a reader saw of half the mid-year
// reports. They are kept whole in capitals only (where those lines are
// set): in running text a line may break inside them as Vietnamese prose
// does, and joining them there would stretch justified lines.
var FieldTerms = []string{
	"ban quản lý", "ủy ban nhân dân", "khu kinh tế cửa khẩu", "khu kinh tế ven biển", "khu kinh tế",
	"khu công nghiệp", "khu công nghệ cao", "khu chế xuất", "cụm công nghiệp", "khu thương mại tự do",
	"khối thi đua", "thi đua, khen thưởng", "thi đua khen thưởng", "cờ thi đua", "bằng khen",
}

// NamesIn returns the proper names inside an institution's name: runs of
// two or more words that each begin with a capital and go on in small
// letters ("Vân Phong" in "Ban Quản lý Khu kinh tế Vân Phong", "Dung
// Quất", "Đông Nam Nghệ An", "Nghi Sơn"). Acronyms ("BQL", "KKT") and the
// capitalised words of the kind of body ("Ban Quản lý", "Khu") end a run,
// so only the place or zone is returned. Vietnamese writes proper names
// this way and nothing else, so no list of zones is needed.
func NamesIn(s string) []string {
	var out, run []string
	flush := func() {
		// Two to five words: a longer run is a name typed in Title Case
		// throughout ("Khu Chế Xuất Và Công Nghiệp …"), which kept whole
		// would stretch a justified line.
		if len(run) >= 2 && len(run) <= maxNameWords {
			out = append(out, strings.Join(run, " "))
		}
		run = run[:0]
	}
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(w, ",;.:()")
		if titleWord(w) && !genericWord[w] {
			run = append(run, w)
			continue
		}
		flush()
	}
	flush()
	return out
}

// maxNameWords is the longest proper name NamesIn returns ("Đông Nam Nghệ
// An" has four words).
const maxNameWords = 5

// genericWord are the capitalised words of a body's kind, never part of the
// proper name that follows them.
var genericWord = map[string]bool{"Ban": true, "Quản": true, "Khu": true, "Khối": true, "Cụm": true, "Sở": true, "Ủy": true}

// titleWord reports whether w is written with a capital and then small
// letters only ("Phong", "Đắk"), not an acronym ("KKT") nor a number.
func titleWord(w string) bool {
	first := true
	for _, r := range w {
		if first {
			if !unicode.IsUpper(r) {
				return false
			}
			first = false
			continue
		}
		if !unicode.IsLower(r) {
			return false
		}
	}
	return !first
}

// KeepTogether joins the words of every proper name of names found in s
// with non-breaking spaces, as written and in capitals ("Kon Tum", "KON
// TUM"), so that no line of a document breaks inside one.
func KeepTogether(s string, names []string) string { return Keeper(names).Replace(s) }

// JoinedBreak is where a name KeepTogether joined, of n parts, breaks when
// no line can hold it whole ("TỈNH THỪA THIÊN HUẾ" in a signature column):
// at a preferred place when the part after it fits — after a dash that
// joins two names ("Bà Rịa -" / "Vũng Tàu"), after the kind of a province
// ("Thành phố" / "Hồ Chí Minh"); see BreakAfter — else at the first part
// of the longest end that still fits: the name itself stays whole, the
// parts before it go as ordinary words. fits(from) says whether parts
// from..n-1, joined, fit a line; prefer(i) whether a break after part i is
// preferred. The PDF and the Word renderers both break this way, so that
// the two set a name alike.
func JoinedBreak(n int, fits func(from int) bool, prefer func(i int) bool) int {
	for i := 0; i+1 < n; i++ {
		if prefer(i) && fits(i+1) {
			return i + 1
		}
	}
	start := n - 1
	for start > 0 && fits(start-1) {
		start--
	}
	return start
}

// IsDash reports whether a part of a joined name is a dash joining two
// names ("Bà Rịa - Vũng Tàu").
func IsDash(s string) bool { return s == "-" || s == "–" }

// BreakAfter reports whether a joined name's parts break best after part
// i: after a dash joining two names, or after the kind before a province's
// name ("tỉnh", "thành phố", "TP.").
func BreakAfter(parts []string, i int) bool {
	if i < 0 || i+1 >= len(parts) {
		return false
	}
	if IsDash(parts[i]) {
		return true
	}
	p := strings.ToLower(parts[i])
	switch {
	case i == 0 && (p == "tỉnh" || p == "tp."):
		return true
	case i == 1 && p == "phố" && strings.ToLower(parts[0]) == "thành":
		return true
	}
	return false
}

// Keeper is KeepTogether made once for many strings: one pass over each.
// Longer names are tried first ("Thừa Thiên Huế" before "Huế").
func Keeper(names []string) *strings.Replacer {
	var pairs []string
	seen := map[string]bool{}
	add := func(n string) {
		if strings.Contains(n, " ") && !seen[n] {
			seen[n] = true
			pairs = append(pairs, n, strings.ReplaceAll(n, " ", "\u00a0"))
		}
	}
	for _, n := range names {
		add(n)
		add(Upper(n)) // headers and signatures set names in capitals
	}
	return strings.NewReplacer(pairs...)
}
