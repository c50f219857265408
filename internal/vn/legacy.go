package vn

import (
	"strings"
)

// Legacy Vietnamese encodings live on in old spreadsheets: the text is
// stored as Windows-1252 characters and only looks Vietnamese through a
// special font. TCVN3 (ABC) fonts are named ".VnTime", ".VnArial" … (with a
// trailing "H" for the upper-case variants); VNI fonts are named "VNI-Times",
// "VNI-Helve" …. FromLegacy converts such text to Unicode given its font.

// tcvn3 maps the TCVN3 (ABC) code points, read as Windows-1252/Latin-1, to
// Unicode letters.
var tcvn3 = map[rune]string{
	0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
	0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
	0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
	0xAE: "đ",
	0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
	0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
	0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
	0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
	0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
	0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
	0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
	0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
	0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
	0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
}

// vni maps VNI-Windows sequences (base letter plus a mark character, or a
// single character) to Unicode letters, lower case; upper case is derived.
var vni = func() map[string]string {
	m := map[string]string{}
	tones := []struct{ vni, uni string }{{"ù", "\u0301"}, {"ø", "\u0300"}, {"û", "\u0309"}, {"õ", "\u0303"}, {"ï", "\u0323"}}
	// a e o u y with the five tones; â ê ô (mark â plus á à å ã ä); ă (ê é è ú ü ë).
	for _, base := range []string{"a", "e", "o", "u", "y"} {
		for _, t := range tones {
			m[base+t.vni] = NFC(base + t.uni)
		}
	}
	circ := []struct{ vni, uni string }{{"â", ""}, {"á", "\u0301"}, {"à", "\u0300"}, {"å", "\u0309"}, {"ã", "\u0303"}, {"ä", "\u0323"}}
	for _, base := range []string{"a", "e", "o"} {
		for _, t := range circ {
			m[base+t.vni] = NFC(base + "\u0302" + t.uni)
		}
	}
	breve := []struct{ vni, uni string }{{"ê", ""}, {"é", "\u0301"}, {"è", "\u0300"}, {"ú", "\u0309"}, {"ü", "\u0303"}, {"ë", "\u0323"}}
	for _, t := range breve {
		m["a"+t.vni] = NFC("a\u0306" + t.uni)
	}
	// ơ is "ô", ư is "ö": with tones.
	for _, t := range tones {
		m["ô"+t.vni] = NFC("ơ" + t.uni)
		m["ö"+t.vni] = NFC("ư" + t.uni)
	}
	for k, v := range map[string]string{"í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "ô": "ơ", "ö": "ư", "î": "ỵ", "ñ": "đ"} {
		m[k] = v
	}
	// Upper case: upper-case base and upper-case mark characters.
	for k, v := range m {
		m[strings.ToUpper(k)] = strings.ToUpper(v)
	}
	return m
}()

// Legacy encodings.
const (
	EncodingUnicode = ""
	EncodingTCVN3   = "tcvn3"
	EncodingVNI     = "vni"
)

// EncodingOfFont tells which legacy encoding a font name implies.
func EncodingOfFont(font string) string {
	f := strings.ToLower(strings.TrimSpace(font))
	switch {
	case strings.HasPrefix(f, ".vn"):
		return EncodingTCVN3
	case strings.HasPrefix(f, "vni-") || strings.HasPrefix(f, "vni "):
		return EncodingVNI
	}
	return EncodingUnicode
}

// FromLegacy converts text shown with the given font to Unicode NFC. Text in
// a Unicode font is only normalised.
func FromLegacy(s, font string) string {
	switch EncodingOfFont(font) {
	case EncodingTCVN3:
		var b strings.Builder
		for _, r := range s {
			if u, ok := tcvn3[r]; ok {
				b.WriteString(u)
			} else {
				b.WriteRune(r)
			}
		}
		out := b.String()
		// ".VnTimeH" and the like show every letter in upper case.
		if strings.HasSuffix(strings.TrimSpace(font), "H") {
			out = strings.ToUpper(out)
		}
		return NFC(out)
	case EncodingVNI:
		rs := []rune(s)
		var b strings.Builder
		for i := 0; i < len(rs); i++ {
			if i+1 < len(rs) {
				if u, ok := vni[string(rs[i:i+2])]; ok {
					b.WriteString(u)
					i++
					continue
				}
			}
			if u, ok := vni[string(rs[i])]; ok {
				b.WriteString(u)
				continue
			}
			b.WriteRune(rs[i])
		}
		return NFC(b.String())
	}
	return NFC(s)
}
