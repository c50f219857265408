package app

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// MinPassword is the shortest password accepted, in characters.
const MinPassword = 10

// maxPassword bounds a password (and the cost of checking it).
const maxPassword = 200

// commonVietnamese are words Vietnamese passwords are commonly built on,
// which zxcvbn's English-centred lists do not hold; written by hand.
var commonVietnamese = []string{
	"matkhau", "anhyeuem", "emyeuanh", "yeuem", "yeuanh", "vietnam", "hanoi", "saigon", "hochiminh",
	"thidua", "khoithidua", "khenthuong", "banquanly", "bqlkcn", "khucongnghiep", "khukinhte",
	"congchuc", "vienchuc", "coquan", "quantri", "admin", "thuky", "matkhaumoi", "doimatkhau",
}

// PasswordContext is what a password must not be built on: the account's
// own name, the person's name and the blocs and units of its grants.
type PasswordContext struct {
	Username, Name string
	Scopes         []string // bloc and unit slugs
}

// alnum folds s to its lower-case ASCII letters and digits.
func alnum(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(vn.ASCII(s)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wholes are the context's names folded whole ("quantri", "nghean",
// "bactrungbo"): a password that contains one is built on it.
func (pc PasswordContext) wholes() []string {
	var out []string
	for _, s := range append([]string{pc.Username, pc.Name}, pc.Scopes...) {
		if w := alnum(s); len(w) >= 4 {
			out = append(out, w)
		}
	}
	return out
}

// words are every word of the context, for zxcvbn to count as easy
// guesses (a word of the unit's name is not refused, only weighed).
func (pc PasswordContext) words() []string {
	var out []string
	for _, s := range append([]string{pc.Username, pc.Name}, pc.Scopes...) {
		for _, w := range strings.FieldsFunc(strings.ToLower(vn.ASCII(s)), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) {
			if len(w) >= 3 {
				out = append(out, w)
			}
		}
	}
	return append(out, pc.wholes()...)
}

// CheckPassword is the rule for a new password, after NIST SP 800-63B
// (§3.1.1.2): at least MinPassword characters, at most 200, no rule of
// composition; refused when it is built on the account's name, the
// person's name or its bloc or unit, or is common or easy to guess
// (zxcvbn: its lists of common passwords, words and names, repeats,
// sequences and keyboard runs, and our Vietnamese words) — each with a
// Vietnamese message saying which rule.
func CheckPassword(field, pw string, pc PasswordContext) error {
	bad := func(code, msg string) error {
		return domain.ValidationError{{Field: field, Code: code, Message: msg}}
	}
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPassword:
		return bad("password_short", fmt.Sprintf("Mật khẩu cần ít nhất %d ký tự", MinPassword))
	case n > maxPassword:
		return bad("password_long", fmt.Sprintf("Mật khẩu tối đa %d ký tự", maxPassword))
	}
	folded := alnum(pw)
	for _, w := range pc.wholes() {
		if strings.Contains(folded, w) {
			return bad("password_context", "Mật khẩu không được chứa tên đăng nhập, họ tên, tên khối hay đơn vị của tài khoản (“"+w+"”)")
		}
	}
	inputs := append(pc.words(), commonVietnamese...)
	worst := zxcvbn.PasswordStrength(pw, inputs)
	if r := zxcvbn.PasswordStrength(folded, inputs); r.Guesses < worst.Guesses {
		worst = r
	}
	if worst.Score >= 2 {
		return nil
	}
	msg := "Mật khẩu quá dễ đoán; hãy dùng một cụm vài từ mà người khác khó đoán"
	for _, m := range worst.Sequence {
		switch {
		case m.Pattern == "repeat":
			msg = "Mật khẩu lặp lại ký tự hoặc cụm ký tự; hãy dùng một cụm vài từ mà người khác khó đoán"
		case m.Pattern == "sequence" || m.Pattern == "spatial":
			msg = "Mật khẩu là một dãy ký tự liên tiếp (như 123456, abcdef, qwerty); hãy dùng một cụm vài từ mà người khác khó đoán"
		case m.Pattern == "dictionary" && m.DictionaryName == "passwords", m.Pattern == "dictionary" && m.DictionaryName == "user_inputs":
			msg = "Mật khẩu nằm trong danh sách mật khẩu phổ biến; hãy dùng một cụm vài từ mà người khác khó đoán"
		default:
			continue
		}
		break
	}
	return bad("password_weak", msg)
}
