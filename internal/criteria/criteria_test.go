package criteria

import (
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/templates"
)

func TestDefaultSet(t *testing.T) {
	cs, err := Load(templates.FS, DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Total != domain.Dec(100) || len(cs.Sections) != 4 || len(cs.Lines()) != 63 || cs.BonusCap != domain.Dec(5) || cs.DeductionCap != domain.Dec(10) {
		t.Errorf("default set: total %v, %d sections, %d lines", cs.Total, len(cs.Sections), len(cs.Lines()))
	}
	// "2.5" and "2,5" both read exactly.
	if cs.Sections[1].Criteria[3].Max != 1500 {
		t.Errorf("2.4 max = %v", cs.Sections[1].Criteria[3].Max)
	}
}

func TestRefusals(t *testing.T) {
	base := "total: 10\nsections:\n  - {code: I, title: A, max: 10, criteria: [{code: '1.1', text: a, max: 10}]}\n"
	if _, err := Parse([]byte(base)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ src, want string }{
		{strings.Replace(base, "total: 10", "total: 11", 1), "khác tổng điểm chuẩn"},
		{base + "extra: 1\n", "trường không được hỗ trợ: \"extra\""},
		{"a: &x [1]\nb: *x\n", "tham chiếu YAML"},
		{"total: [", "sai cú pháp ở dòng 1"},
		{base + "  - {code: II, title: \"😀\", max: 1, criteria: []}\n", "U+1F600"},
		{strings.Repeat("#", MaxSize+1), "quá lớn"},
	} {
		_, err := Parse([]byte(c.src))
		var ve domain.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%.40q) = %v, want %q", c.src, err, c.want)
		}
	}
	var ve domain.ValidationError
	if _, err := Parse([]byte(strings.Replace(base, "max: 10}]", "max: 9}]", 1))); !errors.As(err, &ve) {
		t.Errorf("section sum: %v", err)
	}
	// Quoted text may hold & and *.
	if _, err := Parse([]byte(strings.Replace(base, "text: a", `text: "Đầu tư & *xúc tiến*"`, 1))); err != nil {
		t.Errorf("quoted & and *: %v", err)
	}
}

// FuzzParse feeds the criteria reader (YAML from the API) arbitrary bytes:
// no panic, no unbounded expansion, and a set it accepts is valid.
func FuzzParse(f *testing.F) {
	b, _ := templates.FS.ReadFile(DefaultFile)
	f.Add(b)
	f.Add([]byte("total: 10\nsections:\n  - {code: I, title: A, max: 10, criteria: [{code: '1.1', text: a, max: 10}]}\n"))
	f.Add([]byte("a: &x [1]\nb: *x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		cs, err := Parse(src)
		if err == nil {
			if verr := cs.Validate(); verr != nil {
				t.Fatalf("accepted an invalid set: %v", verr)
			}
		}
	})
}
