package ui

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// The criteria form's reader takes what any signed-in secretariat posts:
// whatever the keys and values, it returns without a panic, quickly, and
// keeps no more rows than the set's own limits allow.
func FuzzCriteriaForm(f *testing.F) {
	f.Add("total=100&sections[0].code=I&sections[0].title=A&sections[0].max=100&sections[0].criteria[0].code=1.1&sections[0].criteria[0].text=B&sections[0].criteria[0].max=100")
	f.Add("total=1,5&sections[0].code=&sections[0].criteria[0].code=&sections[0].criteria[0].max=x&bonus[0].code=T1&bonus[0].max=9999999999999999999")
	f.Add("sections[1].code=II&sections[0].criteria[5].code=1&deductions[0].code=TR&deductions[0].step=0,25")
	f.Add(strings.Repeat("sections[0].criteria[0].code=1&", 50))
	f.Fuzz(func(t *testing.T, body string) {
		v, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		start := time.Now()
		pc, typed, _ := criteriaFromForm(v)
		if d := time.Since(start); d > time.Second {
			t.Fatalf("%v to read %d bytes", d, len(body))
		}
		lines := len(pc.set.Bonus) + len(pc.set.Deductions)
		for _, s := range pc.set.Sections {
			lines += len(s.Criteria)
		}
		if len(pc.set.Sections) > 42 || lines > 3*(400+2)*42 || len(typed.Sections) > 42 {
			t.Fatalf("%d sections, %d lines kept", len(pc.set.Sections), lines)
		}
	})
}

// A form with every row typed where the checks will find it: an error on
// the set's second section lands on the form's third (a blank one
// between), and on a criterion moved up by a blank row.
func TestCriteriaFormErrorsFindTheirFields(t *testing.T) {
	v := url.Values{}
	set := func(k, val string) { v.Set(k, val) }
	set("total", "10")
	set("sections[0].code", "I")
	set("sections[0].title", "A")
	set("sections[0].max", "5")
	set("sections[0].criteria[0].code", "")
	set("sections[0].criteria[1].code", "1.1")
	set("sections[0].criteria[1].text", "a")
	set("sections[0].criteria[1].max", "năm")
	set("sections[1].code", "") // a blank section
	set("sections[2].code", "II")
	set("sections[2].title", "B")
	set("sections[2].max", "5")
	set("sections[2].criteria[0].code", "2.1")
	set("sections[2].criteria[0].text", "b")
	set("sections[2].criteria[0].max", "4")
	pc, _, errs := criteriaFromForm(v)
	if errs["sections[0].criteria[1].max"] == "" {
		t.Errorf("a mark that is not a number: errors %v", errs)
	}
	if len(pc.set.Sections) != 2 || len(pc.set.Sections[0].Criteria) != 1 {
		t.Fatalf("kept %+v", pc.set.Sections)
	}
	// The checks speak of the set: its second section, its first criterion.
	got := pc.formPaths(map[string]string{"sections[1].max": "x", "sections[0].criteria[0].text": "y"})
	if got["sections[2].max"] != "x" || got["sections[0].criteria[1].text"] != "y" {
		t.Errorf("errors moved to %v", got)
	}
}
