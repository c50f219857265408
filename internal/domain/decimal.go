package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number with three fraction digits, held as
// thousandths in an int64. Money (tỷ đồng, triệu USD) and scores (2,5 điểm)
// use it so that bloc totals equal the sum of members to the last digit;
// float64 never touches a stored value.
type Decimal int64

// DecimalScale is how many units of Decimal make one.
const DecimalScale = 1000

// ErrDecimal is wrapped by every parse failure.
var ErrDecimal = errors.New("không phải số thập phân hợp lệ")

// ErrDecimalRange is a number beyond MaxDecimal.
var ErrDecimalRange = fmt.Errorf("%w: quá lớn", ErrDecimal)

// MaxDecimal bounds every Decimal read from outside (JSON, workbooks): a
// thousand billion, far beyond any amount in tỷ đồng or triệu USD a zone
// reports, and small enough that sums of millions of them cannot overflow.
// Fields have tighter, realistic bounds of their own.
const MaxDecimal Decimal = 1_000_000_000_000 * DecimalScale

// Add returns a+b, and false when the sum overflows.
func (d Decimal) Add(e Decimal) (Decimal, bool) {
	s := d + e
	if (e > 0 && s < d) || (e < 0 && s > d) {
		return 0, false
	}
	return s, true
}

// Dec makes a whole Decimal: Dec(61803) is 61803.
func Dec(n int64) Decimal { return Decimal(n * DecimalScale) }

// ParseDecimal reads "61803", "21857.5", "-0.25" and also the Vietnamese
// "21.857,5" / "2,5" forms. More than three fraction digits is an error, not
// a rounding.
func ParseDecimal(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%w: rỗng", ErrDecimal)
	}
	if strings.Contains(s, ",") {
		// Vietnamese form: "." groups thousands, "," marks decimals.
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if strings.Count(s, ".") > 1 {
		s = strings.ReplaceAll(s, ".", "")
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasFrac && frac == "" && intPart == "" {
		return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
	}
	if len(frac) > 3 {
		// Allow trailing zeros beyond the scale ("2.5000"), nothing else.
		if strings.Trim(frac[3:], "0") != "" {
			return 0, fmt.Errorf("%w: quá 3 chữ số thập phân", ErrDecimal)
		}
		frac = frac[:3]
	}
	for _, r := range intPart + frac {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%w: %q", ErrDecimal, s)
		}
	}
	if intPart == "" {
		intPart = "0"
	}
	whole, err := strconv.ParseInt(strings.TrimLeft(intPart, "0")+"0", 10, 64)
	if err != nil || whole/10 > int64(MaxDecimal/DecimalScale) {
		return 0, ErrDecimalRange
	}
	whole /= 10
	for len(frac) < 3 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := whole*DecimalScale + f
	if neg {
		v = -v
	}
	return Decimal(v), nil
}

// String prints the shortest exact plain form: "21857.5", "61803", "-0.25".
func (d Decimal) String() string {
	neg := d < 0
	u := int64(d)
	if neg {
		u = -u
	}
	whole, frac := u/DecimalScale, u%DecimalScale
	s := strconv.FormatInt(whole, 10)
	if frac != 0 {
		fs := fmt.Sprintf("%03d", frac)
		s += "." + strings.TrimRight(fs, "0")
	}
	if neg {
		return "-" + s
	}
	return s
}

// Float is for charts and spreadsheets only, never for arithmetic.
func (d Decimal) Float() float64 { return float64(d) / DecimalScale }

// Milli returns the raw thousandths, for storage.
func (d Decimal) Milli() int64 { return int64(d) }

// MarshalJSON writes the exact number as a JSON number.
func (d Decimal) MarshalJSON() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalJSON accepts a JSON number or string ("21857.5" or "21.857,5").
func (d *Decimal) UnmarshalJSON(b []byte) error {
	var s string
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	} else {
		s = string(b)
		if strings.ContainsAny(s, "eE") {
			return fmt.Errorf("%w: không dùng dạng mũ", ErrDecimal)
		}
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MultipleOf reports whether d is a whole multiple of step (step > 0).
func (d Decimal) MultipleOf(step Decimal) bool {
	if step <= 0 {
		return true
	}
	return int64(d)%int64(step) == 0
}

// Min returns the smaller of a and b.
func Min(a, b Decimal) Decimal {
	if a < b {
		return a
	}
	return b
}

// ParseDecimalVN reads a figure as people type it on a Vietnamese form:
// "," marks the decimals and "." groups thousands ("21.857,5"); without a
// comma, dots followed each by exactly three digits group thousands
// ("4.123" is four thousand one hundred twenty-three, as FormatDecimal
// writes it), and any other single dot is a decimal point ("9.5", "97.75"),
// as people used to other programs type it.
func ParseDecimalVN(s string) (Decimal, error) {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, ",") && strings.Contains(s, ".") {
		parts := strings.Split(strings.TrimLeft(s, "+-"), ".")
		grouped := parts[0] != "" && len(parts[0]) <= 3
		for _, p := range parts[1:] {
			grouped = grouped && len(p) == 3
		}
		if grouped {
			s = strings.ReplaceAll(s, ".", "")
		}
	}
	return ParseDecimal(s)
}
