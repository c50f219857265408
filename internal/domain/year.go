package domain

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/thidua/thidua/internal/vn"
)

// YearData is everything known of a bloc's year, as documents need it:
// the store fills it (store.LoadYear), Finish computes the ranking and the
// award proposals, document builders only read it.
type YearData struct {
	Bloc     Bloc
	Year     int
	Settings BlocYear
	State    YearState // its data version and whether it is closed
	Next     BlocYear  // next year's settings: the leader and deputy elected at this year's conference
	// PrevConference is the date of the year before's conference, which
	// dates an undated year one year on.
	PrevConference string
	Members        []Member
	Left           []Member        // members that left during the year (Until set): the half-year's documents only
	Previous       []Member        // the members of the year before, to tell what changed
	Units          map[string]Unit // every unit named by the year (members, leaders)
	Indicators     []Indicators    // whole year, members only
	PrevIndicators []Indicators    // the year before's figures of its members (compared over one perimeter: PrevPerimeter)
	H1             []Indicators    // first half-year
	PrevH1         []Indicators    // first half of the year before, to compare with the same period
	Plan           []Indicators    // the year's plan of each member that registered one
	Movements      []Movement
	Criteria       *CriteriaSet // nil when the year has none
	Sheets         []UnitScores
	Votes          []Vote
	Decisions      []AwardDecision
	Honours        []Honour // what the members themselves received in the year and its first half
	Narratives     map[string]string
	// Texts are what the boards wrote of the half-year and the year.
	Texts []BoardText

	Ranking   []Result   // computed by Finish
	Proposals []Proposal // computed by Finish
	// Rule is the award rule as applied: the year's, its quotas scaled to
	// the members scored when they were set for more (RuleScaled).
	Rule       AwardRule
	RuleScaled bool
	Scored     int // members whose sheet was scored
}

// Finish computes totals, ranking and award proposals from the loaded data.
func (d *YearData) Finish() {
	if d.Criteria == nil {
		return
	}
	slugs := make([]string, len(d.Members))
	for i, m := range d.Members {
		slugs[i] = m.Unit
	}
	votes := map[string]int{}
	for _, v := range d.Votes {
		if v.Subject == VoteFlag || v.Subject == VoteMerit {
			votes[v.Unit] += v.For
		}
	}
	d.Ranking = Rank(*d.Criteria, slugs, d.Sheets, votes, d.Settings.Awards.TieBreakers)
	d.Scored = 0
	for _, r := range d.Ranking {
		if r.Submitted {
			d.Scored++
		}
	}
	d.Rule, d.RuleScaled = d.Settings.Awards.Scaled(d.Scored)
	d.Proposals = Propose(d.Rule, d.Ranking)
}

// Date is the date of the year's documents, by which the names of the
// ministry, the bloc and its members are read: the conference date; while
// it is not held, the date expected (a year setting), else the year
// before's conference date one year on (Bắc Trung Bộ met on 02/3/2024 for
// 2023: its 2024 documents are dated March 2025, when the Ministry of
// Finance had taken the planning ministry's place); else the year's last
// day.
func (d *YearData) Date() string {
	switch {
	case d.Settings.ConferenceDate != "":
		return d.Settings.ConferenceDate
	case d.Settings.ExpectedDate != "":
		return d.Settings.ExpectedDate
	}
	if t, err := time.Parse(DateLayout, d.PrevConference); err == nil && t.Year() <= d.Year+1 {
		if next := t.AddDate(1, 0, 0); next.Year() >= d.Year {
			return next.Format(DateLayout)
		}
	}
	return YearEnd(d.Year)
}

// DateYear is the year the documents are dated in: the year after when
// the conference falls (or is expected) then.
func (d *YearData) DateYear() int {
	if t, err := time.Parse(DateLayout, d.Date()); err == nil {
		return t.Year()
	}
	return d.Year
}

// Member returns the member with that slug.
func (d *YearData) Member(slug string) (Member, bool) {
	for _, m := range d.Members {
		if m.Unit == slug {
			return m, true
		}
	}
	return Member{}, false
}

// MidYear is the last day of a year's first half, the date of the
// half-year's documents.
func MidYear(year int) string { return fmt.Sprintf("%d-06-30", year) }

// HalfYearMember returns a member of the first half-year: one of the
// whole year, or one that left on or after the half-year's last day.
func (d *YearData) HalfYearMember(slug string) (Member, bool) {
	if m, ok := d.Member(slug); ok {
		return m, true
	}
	for _, m := range d.Left {
		if m.Unit == slug && m.Until >= MidYear(d.Year) {
			return m, true
		}
	}
	return Member{}, false
}

// UnitNameAt is a unit's name valid on date.
func (d *YearData) UnitNameAt(slug, date string) NameVersion {
	if u, ok := d.Units[slug]; ok {
		return u.Names.At(date)
	}
	return NameVersion{Full: slug, Short: slug}
}

// ProvinceAt is a unit's province on date.
func (d *YearData) ProvinceAt(slug, date string) string {
	if u, ok := d.Units[slug]; ok {
		return u.Province.At(date).Full
	}
	return ""
}

// UnitName is a unit's name valid at the year's document date.
func (d *YearData) UnitName(slug string) NameVersion {
	if u, ok := d.Units[slug]; ok {
		return u.Names.At(d.Date())
	}
	return NameVersion{Full: slug, Short: slug}
}

// Province is a unit's province valid at the year's document date.
func (d *YearData) Province(slug string) string {
	if u, ok := d.Units[slug]; ok {
		return u.Province.At(d.Date()).Full
	}
	return ""
}

// Result returns a unit's computed result.
func (d *YearData) Result(slug string) (Result, bool) {
	for _, r := range d.Ranking {
		if r.Unit == slug {
			return r, true
		}
	}
	return Result{}, false
}

// Awarded returns the award decisions of a kind: the recorded decisions when
// the conference has decided, else the rule's proposals.
func (d *YearData) Awarded(kind string) []string {
	var out []string
	if len(d.Decisions) > 0 {
		for _, a := range d.Decisions {
			if _, member := d.Member(a.Unit); a.Kind == kind && member {
				out = append(out, a.Unit)
			}
		}
		rank := func(u string) int {
			if r, ok := d.Result(u); ok && r.Rank > 0 {
				return r.Rank
			}
			return 1 << 30
		}
		sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
		return out
	}
	for _, p := range d.Proposals {
		if p.Kind == kind {
			out = append(out, p.Unit)
		}
	}
	return out
}

// ProperNames are the names no line may break inside: every province the
// year's units have been in (a half-year report of a board merged in July
// prints its old province, which the year's end no longer has), bare and
// with "tỉnh", "thành phố" or "TP." before it, the zones and places named
// inside the units' names (vn.NamesIn), the regions bloc names carry, and
// the people the year's documents name (heads, chairs, guests, secretary),
// and, in capitals, the compound terms of the field (vn.FieldTerms).
// Documents and workbooks keep them together (vn.Keeper), longest first,
// so that "Thừa Thiên Huế" is joined before "Huế".
func (d *YearData) ProperNames() []string {
	names := append([]string(nil), vn.Regions...)
	for _, t := range vn.FieldTerms {
		names = append(names, vn.Upper(t)) // in capitals only: headers, titles, signatures
	}
	for _, u := range d.Units {
		for _, p := range u.Province {
			if bare := vn.BareProvince(p.Full); bare != "" {
				// With its kind: a line breaks before "tỉnh" or "thành
				// phố", never between it and the name ("BQL KKT" / "TỈNH
				// GIA LAI", not "BQL KKT TỈNH" / "GIA LAI"). The data may
				// give the name with its kind or without.
				names = append(names, p.Full, bare, "tỉnh "+bare, "thành phố "+bare, "Tỉnh "+bare, "Thành phố "+bare, "TP. "+bare)
			}
		}
		// Zones and places inside a unit's names ("Vân Phong", "Dung
		// Quất"): "Khu kinh tế Vân" / "Phong" was seen in a table.
		for _, n := range u.Names {
			names = append(names, vn.NamesIn(n.Full)...)
			names = append(names, vn.NamesIn(n.Short)...)
		}
	}
	for _, m := range d.Members {
		if m.Region != "" {
			names = append(names, m.Region) // the bloc's own regions
		}
		names = append(names, m.HeadName)
	}
	// People: "Nguyễn Trọng" / "Hoàng" is no better than "Kon" / "Tum".
	people := append(append([]Person{d.Settings.Minutes.Secretary}, d.Settings.Chairs...), d.Settings.Guests...)
	for _, p := range append(people, d.Settings.Minutes.Counters...) {
		names = append(names, p.Name)
	}
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	return slices.Compact(names) // a name given bare is listed twice, side by side
}
