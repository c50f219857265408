package vn

import (
	"strconv"
	"strings"
)

// GroupInt formats n with "." between groups of three digits: 61803 -> "61.803".
func GroupInt(n int64) string {
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	s := groupDigits(strconv.FormatUint(u, 10))
	if neg {
		return "-" + s
	}
	return s
}

// GroupDecimal formats a decimal given as its plain text ("21857.5", "-3",
// "0.25") the Vietnamese way: "21.857,5". The text must be what
// strconv or a decimal type prints: optional "-", digits, optional "." and
// fraction digits.
func GroupDecimal(plain string) string {
	neg := strings.HasPrefix(plain, "-")
	plain = strings.TrimPrefix(plain, "-")
	intPart, frac, _ := strings.Cut(plain, ".")
	s := groupDigits(intPart)
	if frac != "" {
		s += "," + frac
	}
	if neg {
		return "-" + s
	}
	return s
}

func groupDigits(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	pre := len(d) % 3
	if pre > 0 {
		b.WriteString(d[:pre])
	}
	for i := pre; i < len(d); i += 3 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// Roman returns n (1..3999) in Roman numerals, for headings "I.", "II.".
func Roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

var digitWords = []string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// Words reads a non-negative whole number in Vietnamese words, as minutes
// write vote counts: 105 -> "một trăm linh năm", 21 -> "hai mươi mốt".
func Words(n int64) string {
	if n < 0 {
		return "âm " + Words(-n)
	}
	if n == 0 {
		return "không"
	}
	units := []string{"", "nghìn", "triệu", "tỷ"}
	var groups []int
	for n > 0 {
		groups = append(groups, int(n%1000))
		n /= 1000
	}
	var parts []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			// "tỷ" must still be said when the groups above it end there.
			if i > 0 && i%3 == 0 && len(parts) > 0 && !strings.HasSuffix(parts[len(parts)-1], "tỷ") {
				parts = append(parts, "tỷ")
			}
			continue
		}
		full := i < len(groups)-1 // a higher group was said: read hundreds fully
		parts = append(parts, readTriple(g, full))
		unit := units[i%3]
		if i%3 == 0 && i > 0 {
			unit = "tỷ"
		}
		if unit != "" {
			parts = append(parts, unit)
		}
	}
	return strings.Join(parts, " ")
}

// readTriple reads 0..999; full says whether a leading zero hundred is said
// ("không trăm") because higher groups precede it.
func readTriple(n int, full bool) string {
	h, t, u := n/100, (n/10)%10, n%10
	var w []string
	if h > 0 || full {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && u == 0:
	case t == 0:
		if h > 0 || full {
			w = append(w, "linh")
		}
		w = append(w, digitWords[u])
	case t == 1:
		w = append(w, "mười")
		w = append(w, unitAfterTen(u, true)...)
	default:
		w = append(w, digitWords[t], "mươi")
		w = append(w, unitAfterTen(u, false)...)
	}
	return strings.Join(w, " ")
}

func unitAfterTen(u int, ten bool) []string {
	switch u {
	case 0:
		return nil
	case 1:
		if ten {
			return []string{"một"}
		}
		return []string{"mốt"}
	case 4:
		if ten {
			return []string{"bốn"}
		}
		return []string{"tư"}
	case 5:
		return []string{"lăm"}
	default:
		return []string{digitWords[u]}
	}
}
