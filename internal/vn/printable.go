package vn

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Repertoire is what documents may contain, and so what the product
// accepts in text: Latin (ASCII, Latin-1, Extended-A and -B, Latin
// Extended Additional with every Vietnamese letter), Greek, punctuation,
// currency, letter-like symbols, number forms, arrows, mathematical
// operators and geometric shapes. The PDF fonts are cut down to it; text
// is checked against it where it enters, so that a stored character can
// always be printed.
var Repertoire = []struct{ Lo, Hi rune }{
	{0x20, 0x7E}, {0xA0, 0x24F}, {0x370, 0x3FF}, {0x1E00, 0x1EFF},
	{0x2000, 0x206F}, {0x20A0, 0x20CF}, {0x2100, 0x218F}, {0x2190, 0x21FF},
	{0x2200, 0x22FF}, {0x25A0, 0x25FF},
}

// Core is the part of Repertoire that ordinary Vietnamese text uses:
// ASCII, Latin-1, the Vietnamese letters outside it (Ă Đ Ĩ Ũ Ơ Ư and the
// Latin Extended Additional block), dashes, quotes, the bullet, the
// ellipsis and the đồng sign. The PDF renderer embeds a document's glyphs
// from a font cut to it when the document keeps to it — fpdf re-reads the
// whole font it subsets for every document, and a smaller one is read
// faster — and from the font cut to Repertoire otherwise.
var Core = []struct{ Lo, Hi rune }{
	{0x20, 0x7E}, {0xA0, 0xFF}, {0x102, 0x103}, {0x110, 0x111}, {0x128, 0x129},
	{0x168, 0x169}, {0x1A0, 0x1A1}, {0x1AF, 0x1B0}, {0x1EA0, 0x1EF9},
	{0x2013, 0x2026}, {0x20AB, 0x20AB},
}

// Printable reports whether documents can print r; line breaks and tabs
// count as printable (they become spaces or new lines).
func Printable(r rune) bool {
	if r == '\n' || r == '\t' || r == '\r' {
		return true
	}
	for _, g := range Repertoire {
		if r >= g.Lo && r <= g.Hi {
			return true
		}
	}
	return false
}

// FirstUnprintable returns the first character of s documents cannot print.
func FirstUnprintable(s string) (rune, bool) {
	for _, r := range s {
		if !Printable(r) {
			return r, true
		}
	}
	return 0, false
}

// UnprintableMessage says, for people, why a character is refused.
func UnprintableMessage(r rune) string {
	return fmt.Sprintf("Ký tự %s (U+%04X) không in được trong văn bản hành chính (biểu tượng cảm xúc, chữ Hán, ký tự điều khiển…); vui lòng bỏ hoặc thay bằng chữ", quoteRune(r), r)
}

func quoteRune(r rune) string {
	if r < 0x20 || r == 0x7F {
		return "điều khiển"
	}
	return "“" + string(r) + "”"
}

// DefaultMaxLen bounds, in characters, every text field that does not
// say otherwise with a `maxlen:"N"` struct tag: names, titles, places,
// numbers.
const DefaultMaxLen = 1000

// TextProblem is a text field that cannot be stored: an unprintable
// character (Rune != 0), or more characters than Max.
type TextProblem struct {
	Path string // JSON path of the field: "chairs[0].name"
	Rune rune
	Max  int
}

// Message says the problem for people.
func (p TextProblem) Message() string {
	if p.Rune != 0 {
		return UnprintableMessage(p.Rune)
	}
	return fmt.Sprintf("Nội dung quá dài (tối đa %s ký tự)", GroupInt(int64(p.Max)))
}

// CheckText walks every string reachable from v (by JSON field names) and
// reports each that holds a character documents cannot print or is longer
// than its bound, counted in characters.
func CheckText(v any) []TextProblem {
	var out []TextProblem
	check(reflect.ValueOf(v), "", DefaultMaxLen, &out)
	return out
}

func check(v reflect.Value, path string, max int, out *[]TextProblem) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			check(v.Elem(), path, max, out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			fmax := DefaultMaxLen
			if n, err := strconv.Atoi(f.Tag.Get("maxlen")); err == nil {
				fmax = n
			}
			switch {
			case name == "-":
				continue
			case f.Anonymous && name == "":
				check(v.Field(i), path, fmax, out)
				continue
			case name == "":
				name = f.Name
			}
			check(v.Field(i), join(path, name), fmax, out)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return // bytes are not text
		}
		for i := 0; i < v.Len(); i++ {
			check(v.Index(i), path+"["+strconv.Itoa(i)+"]", max, out)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			k := iter.Key()
			p := join(path, fmt.Sprint(k.Interface()))
			if k.Kind() == reflect.String {
				checkString(k.String(), p, DefaultMaxLen, out)
			}
			check(iter.Value(), p, max, out)
		}
	case reflect.String:
		checkString(v.String(), path, max, out)
	}
}

func checkString(s, path string, max int, out *[]TextProblem) {
	if r, bad := FirstUnprintable(s); bad {
		*out = append(*out, TextProblem{Path: path, Rune: r})
		return
	}
	if len(s) > max && utf8.RuneCountInString(s) > max {
		*out = append(*out, TextProblem{Path: path, Max: max})
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// Prepare readies what people typed for storing: every string reachable
// from v is normalised (NFC, trimmed, invisible characters dropped) and
// checked (printable, within its length); the problems are returned. The
// JSON API and the pages' forms both go through it.
func Prepare(v any) []TextProblem {
	NormalizeAll(v)
	return CheckText(v)
}
