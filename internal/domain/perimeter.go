package domain

import "slices"

// A year in which members merged (the 2025 reorganisation: boards merged
// on 1 July into the board of the province they joined) is told
// like-for-like: the merged boards' first half counts with the board that
// absorbed them, and the year before is taken over the same perimeter.

// AbsorbedBy returns the member of the year's end that a member which
// left during the year merged into ("" when it merged outside the bloc or
// simply left).
func (d *YearData) AbsorbedBy(unit string) string {
	into := d.Units[unit].MergedInto
	if into == "" {
		return ""
	}
	if _, ok := d.Member(into); ok {
		return into
	}
	return ""
}

// Absorbed are the first-half figures of the members that left during the
// year by merging into a member of the year's end, flows only: the
// absorber's year covers their zones from the merger on, and counts their
// staff and workers (stocks) already.
func (d *YearData) Absorbed() []Indicators {
	var out []Indicators
	// In the order of their absorbers among the members.
	left := slices.Clone(d.Left)
	pos := map[string]int{}
	for i, m := range d.Members {
		pos[m.Unit] = i
	}
	slices.SortStableFunc(left, func(a, b Member) int { return pos[d.AbsorbedBy(a.Unit)] - pos[d.AbsorbedBy(b.Unit)] })
	for _, m := range left {
		if d.AbsorbedBy(m.Unit) == "" {
			continue
		}
		for _, r := range d.H1 {
			if r.Unit == m.Unit {
				r.Staff, r.Workers = nil, nil
				out = append(out, r)
			}
		}
	}
	return out
}

// AbsorbedMissing counts the members merged into another whose first half
// is not reported: the year's totals then miss part of the perimeter.
func (d *YearData) AbsorbedMissing() int {
	have := map[string]bool{}
	for _, r := range d.Absorbed() {
		have[r.Unit] = true
	}
	n := 0
	for _, m := range d.Left {
		if d.AbsorbedBy(m.Unit) != "" && !have[m.Unit] {
			n++
		}
	}
	return n
}

// PrevPerimeter returns the year before's figures over this year's
// perimeter — the units that are members now or merged into one since —
// and the names of the year before's members outside it (they left the
// bloc, or merged into a board of another bloc).
func (d *YearData) PrevPerimeter() (rows []Indicators, outside []string) {
	in := map[string]bool{}
	for _, m := range d.Members {
		in[m.Unit] = true
	}
	within := func(unit string) bool {
		for seen := 0; unit != "" && seen < 8; seen++ { // a chain of mergers, bounded
			if in[unit] {
				return true
			}
			u := d.Units[unit]
			if u.MergedInto == "" || u.MergedOn > YearEnd(d.Year) {
				return false
			}
			unit = u.MergedInto
		}
		return false
	}
	for _, m := range d.Previous {
		if !within(m.Unit) {
			outside = append(outside, m.Name.Full)
		}
	}
	for _, r := range d.PrevIndicators {
		if within(r.Unit) {
			rows = append(rows, r)
		}
	}
	return rows, outside
}

// PerimeterChanged reports whether this year's members are not last
// year's: some merged or left, or joined.
func (d *YearData) PerimeterChanged() bool {
	was := map[string]bool{}
	for _, m := range d.Previous {
		was[m.Unit] = true
	}
	if len(d.Previous) != len(d.Members) {
		return len(d.Previous) > 0
	}
	for _, m := range d.Members {
		if !was[m.Unit] {
			return true
		}
	}
	return false
}
