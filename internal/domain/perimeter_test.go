package domain

import (
	"slices"
	"testing"
)

// A year of mergers: B merged into A on 1 July, C left the bloc for
// another's board (X), D stayed. The year's totals take B's first half with
// A; the year before is compared over A, B and D, C said outside.
func TestPerimeterOfAYearOfMergers(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	m := func(unit, full, until string) Member {
		return Member{Membership: Membership{Unit: unit, Until: until}, Name: NameVersion{Full: full, Short: full}}
	}
	d := &YearData{Year: 2025,
		Members:        []Member{m("a", "A", ""), m("d", "D", "")},
		Left:           []Member{m("b", "B", "2025-06-30")},
		Previous:       []Member{m("a", "A", ""), m("b", "B", ""), m("c", "C", ""), m("d", "D", "")},
		Units:          map[string]Unit{"b": {Slug: "b", MergedInto: "a", MergedOn: "2025-07-01"}, "c": {Slug: "c", MergedInto: "x", MergedOn: "2025-07-01"}},
		H1:             []Indicators{{Unit: "b", NewProjects: n(3), Staff: n(50)}, {Unit: "a", NewProjects: n(1)}},
		PrevIndicators: []Indicators{{Unit: "a", NewProjects: n(4)}, {Unit: "b", NewProjects: n(5)}, {Unit: "c", NewProjects: n(9)}, {Unit: "d", NewProjects: n(1)}},
	}
	abs := d.Absorbed()
	if len(abs) != 1 || abs[0].Unit != "b" || *abs[0].NewProjects != 3 || abs[0].Staff != nil {
		t.Errorf("absorbed: %+v (flows of B's first half, not its staff)", abs)
	}
	if d.AbsorbedBy("c") != "" || d.AbsorbedBy("b") != "a" {
		t.Error("absorbers")
	}
	rows, outside := d.PrevPerimeter()
	var units []string
	for _, r := range rows {
		units = append(units, r.Unit)
	}
	if !slices.Equal(units, []string{"a", "b", "d"}) || !slices.Equal(outside, []string{"C"}) {
		t.Errorf("perimeter %v, outside %v", units, outside)
	}
	if !d.PerimeterChanged() || d.AbsorbedMissing() != 0 {
		t.Error("changed perimeter, nothing missing")
	}
	d.H1 = d.H1[1:]
	if d.AbsorbedMissing() != 1 {
		t.Error("B's first half missing is not counted")
	}
}
