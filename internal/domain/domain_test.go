package domain

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Decimal
		err  bool
	}{
		{"61803", Dec(61803), false}, {"21857.5", 21857500, false}, {"21.857,5", 21857500, false}, {"2,5", 2500, false},
		{"0.25", 250, false}, {"-3", -3000, false}, {"1.000.000", Dec(1000000), false}, {"2.5000", 2500, false},
		{"0.0001", 0, true}, {"abc", 0, true}, {"", 0, true}, {"1e3", 0, true}, {"--1", 0, true},
	} {
		got, err := ParseDecimal(c.in)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v, err=%v", c.in, got, err, c.want, c.err)
		}
		if err != nil && !errors.Is(err, ErrDecimal) {
			t.Errorf("ParseDecimal(%q) error %v does not wrap ErrDecimal", c.in, err)
		}
	}
	var d Decimal
	if err := json.Unmarshal([]byte(`0.1`), &d); err != nil || d != 100 {
		t.Fatal(d, err)
	}
	if err := json.Unmarshal([]byte(`1e2`), &d); err == nil {
		t.Fatal("exponent form accepted")
	}
	b, _ := json.Marshal(Decimal(21857500))
	if string(b) != "21857.5" {
		t.Errorf("marshal = %s", b)
	}
	if FormatDecimal(21857500) != "21.857,5" {
		t.Errorf("FormatDecimal = %s", FormatDecimal(21857500))
	}
}

func TestSumIndicatorsExactAndMissing(t *testing.T) {
	// 0.1 + 0.2 is not 0.3 in float64; in Decimal it is.
	a, b := Decimal(100), Decimal(200)
	n := int64(3)
	rows := []Indicators{{Revenue: &a, NewProjects: &n}, {Revenue: &b}}
	s := SumIndicators(rows)
	if *s.Revenue != 300 {
		t.Errorf("revenue total %v", s.Revenue)
	}
	if *s.NewProjects != 3 || s.Missing["new_projects"] != 1 {
		t.Errorf("new projects %v missing %v", *s.NewProjects, s.Missing)
	}
	if s.Budget != nil || s.Missing["budget"] != 2 {
		t.Errorf("unreported budget must stay nil, got %v", s.Budget)
	}
}

func testSet() CriteriaSet {
	return CriteriaSet{Total: Dec(10), BonusCap: Dec(2), DeductionCap: Dec(3),
		Sections: []Section{{Code: "I", Title: "A", Max: Dec(10), Criteria: []Criterion{
			{Code: "1.1", Text: "a", Max: Dec(6)}, {Code: "1.2", Text: "b", Max: Dec(4)}}}},
		Bonus:      []Criterion{{Code: "T1", Text: "t", Max: Dec(2)}, {Code: "T2", Text: "t", Max: Dec(2)}},
		Deductions: []Criterion{{Code: "TR1", Text: "d", Max: Dec(5), Step: Dec(1)}}}
}

func TestCriteriaValidate(t *testing.T) {
	cs := testSet()
	if err := cs.Validate(); err != nil {
		t.Fatal(err)
	}
	cs.Sections[0].Criteria[1].Max = Dec(3)
	cs.Sections[0].Criteria = append(cs.Sections[0].Criteria, Criterion{Code: "1.1", Text: "dup", Max: 2100})
	err := cs.Validate()
	var ve ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want ValidationError, got %v", err)
	}
	codes := map[string]bool{}
	for _, e := range ve {
		codes[e.Code] = true
	}
	for _, want := range []string{"criteria_duplicate", "criteria_step", "criteria_section_sum"} {
		if !codes[want] {
			t.Errorf("missing %s in %v", want, ve)
		}
	}
}

func mark(v int64) *Decimal { d := Decimal(v); return &d }

func TestComputeCapsAndRank(t *testing.T) {
	cs := testSet()
	sheets := []UnitScores{
		{Unit: "a", Scores: []Score{{Code: "1.1", Self: mark(6000)}, {Code: "1.2", Self: mark(4000), Bloc: mark(3000)}, {Code: "T1", Self: mark(2000)}, {Code: "T2", Self: mark(2000)}}},
		{Unit: "b", Scores: []Score{{Code: "1.1", Self: mark(6000)}, {Code: "1.2", Self: mark(4000)}, {Code: "TR1", Self: mark(5000)}, {Code: "T1", Self: mark(2000)}}},
		{Unit: "c", Scores: []Score{{Code: "1.1", Self: mark(5000)}, {Code: "1.2", Self: mark(4000)}, {Code: "T1", Self: mark(2000)}}},
	}
	// a: 6+3 (bloc overrides self) + min(4, cap 2) = 11; self total 6+4+2 = 12.
	r := Compute(cs, sheets[0])
	if r.Total != Dec(11) || r.SelfTotal != Dec(12) || r.Bonus != Dec(2) {
		t.Errorf("a = %+v", r)
	}
	// b: 10 + 2 - min(5, cap 3) = 9.
	if r := Compute(cs, sheets[1]); r.Total != Dec(9) || r.Deductions != Dec(3) {
		t.Errorf("b = %+v", r)
	}
	ranked := Rank(cs, []string{"b", "c", "a", "d"}, sheets, nil, []string{TieFewerDeductions})
	got := []string{}
	for _, r := range ranked {
		got = append(got, r.Unit)
	}
	// c totals 11 with no deductions; a totals 11 with none either: tie, same rank.
	if got[0] != "c" && got[0] != "a" || ranked[0].Rank != 1 || ranked[1].Rank != 1 || ranked[2].Unit != "b" || ranked[2].Rank != 3 {
		t.Errorf("ranking %v %+v", got, ranked)
	}
	if ranked[3].Unit != "d" || ranked[3].Submitted || ranked[3].Rank != 0 {
		t.Errorf("unit without a sheet must come last, unranked: %+v", ranked[3])
	}
}

func TestProposeQuotaAndTies(t *testing.T) {
	ranked := []Result{
		{Unit: "a", Submitted: true, Total: Dec(98), Rank: 1},
		{Unit: "b", Submitted: true, Total: Dec(97), Rank: 2},
		{Unit: "c", Submitted: true, Total: Dec(97), Rank: 2},
		{Unit: "d", Submitted: true, Total: Dec(90), Rank: 4},
		{Unit: "e", Submitted: true, Total: Dec(80), Rank: 5},
	}
	ps := Propose(AwardRule{FlagQuota: 2, MeritQuota: 3, FlagMin: Dec(95), MeritMin: Dec(85)}, ranked)
	kinds := map[string]string{}
	for _, p := range ps {
		kinds[p.Unit] = p.Kind
	}
	// b and c tie for the second Flag: neither gets it by chance, both go to Certificates.
	want := map[string]string{"a": AwardFlag, "b": AwardMerit, "c": AwardMerit, "d": AwardMerit}
	if len(kinds) != len(want) {
		t.Fatalf("proposals %+v", ps)
	}
	for u, k := range want {
		if kinds[u] != k {
			t.Errorf("%s: got %q want %q (%+v)", u, kinds[u], k, ps)
		}
	}
	if ps[0].Reason != "Xếp thứ 1, 98 điểm" {
		t.Errorf("reason %q", ps[0].Reason)
	}
}

func TestNameHistoryAt(t *testing.T) {
	h := NameHistory{{ValidFrom: "2025-07-01", Full: "new"}, {Full: "old"}}
	if h.At("2023-12-31").Full != "old" || h.At("2025-07-01").Full != "new" || h.Latest().Full != "new" {
		t.Errorf("At: %v %v", h.At("2023-12-31"), h.At("2025-07-01"))
	}
}

// A year's report deadlines are dates of that year (the year-end report
// up to March of the next); each error names its field.
func TestDeadlinesValidate(t *testing.T) {
	for _, c := range []struct {
		dl    Deadlines
		field string // "" when valid
	}{
		{Deadlines{}, ""},
		{Deadlines{MidYear: "2024-06-15", YearEnd: "2024-11-30"}, ""},
		{Deadlines{YearEnd: "2025-01-15"}, ""},
		{Deadlines{MidYear: "2023-06-15"}, "deadlines.mid_year"},
		{Deadlines{MidYear: "15/6/2024"}, "deadlines.mid_year"},
		{Deadlines{YearEnd: "2024-06-30"}, "deadlines.year_end"},
		{Deadlines{YearEnd: "2025-04-01"}, "deadlines.year_end"},
	} {
		err := BlocYear{Bloc: "b", Year: 2024, Deadlines: c.dl}.Validate()
		var ve ValidationError
		errors.As(err, &ve)
		switch {
		case c.field == "" && err != nil:
			t.Errorf("%+v: %v", c.dl, err)
		case c.field != "" && (len(ve) != 1 || ve[0].Field != c.field):
			t.Errorf("%+v: %v, want one error on %s", c.dl, err, c.field)
		}
	}
}

func TestParseDecimalVNReadsWhatFormatDecimalWrites(t *testing.T) {
	for _, d := range []Decimal{0, Dec(4123), Dec(61803), 21857500, 2500, Dec(1000000), 1, Dec(999)} {
		got, err := ParseDecimalVN(FormatDecimal(d))
		if err != nil || got != d {
			t.Errorf("%s: %v %v, want %v", FormatDecimal(d), got, err, d)
		}
	}
	for in, want := range map[string]Decimal{"9.5": 9500, "97.75": 97750, "0,25": 250, "21.857,5": 21857500, "1.234.567": Dec(1234567), "12.34": 12340} {
		if got, err := ParseDecimalVN(in); err != nil || got != want {
			t.Errorf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"mười", "1,2,3", ""} {
		if _, err := ParseDecimalVN(bad); err == nil {
			t.Errorf("%q read", bad)
		}
	}
}

// The names no line may break inside include the zones inside units' names
// and the people the documents name.
func TestProperNamesOfAYear(t *testing.T) {
	d := &YearData{
		Units: map[string]Unit{"van-phong": {Slug: "van-phong",
			Names:    NameHistory{{Full: "Ban Quản lý Khu kinh tế Vân Phong", Short: "BQL KKT Vân Phong"}},
			Province: NameHistory{{Full: "Khánh Hòa"}}}},
		Members:  []Member{{Membership: Membership{Unit: "van-phong", HeadName: "Nguyễn Trọng Hoàng"}}},
		Settings: BlocYear{Chairs: []Person{{Name: "Hà Hoàng Việt Phương"}}, Guests: []Person{{Name: "Trần Hoàng Tuấn"}}},
	}
	names := d.ProperNames()
	for _, want := range []string{"Vân Phong", "Khánh Hòa", "tỉnh Khánh Hòa", "Nguyễn Trọng Hoàng", "Hà Hoàng Việt Phương", "Trần Hoàng Tuấn", "Tây Nguyên"} {
		if !slices.Contains(names, want) {
			t.Errorf("ProperNames lacks %q: %q", want, names)
		}
	}
}

func TestAwardRuleScaled(t *testing.T) {
	r := AwardRule{FlagQuota: 2, MeritQuota: 3, QuotaFor: 11}
	for _, tc := range []struct {
		scored, flags, merits int
		changed               bool
	}{
		{11, 2, 3, false}, {12, 2, 3, false}, {5, 1, 1, true}, {6, 1, 2, true}, {8, 1, 2, true}, {9, 2, 2, true}, {1, 0, 0, true}, {0, 2, 3, false},
	} {
		got, changed := r.Scaled(tc.scored)
		if got.FlagQuota != tc.flags || got.MeritQuota != tc.merits || changed != tc.changed {
			t.Errorf("%d scored: %d flags, %d merits, changed %v; want %d, %d, %v", tc.scored, got.FlagQuota, got.MeritQuota, changed, tc.flags, tc.merits, tc.changed)
		}
	}
	if got, changed := (AwardRule{FlagQuota: 2, MeritQuota: 3}).Scaled(5); changed || got.FlagQuota != 2 {
		t.Error("a rule that does not say whom it was set for is applied as it is")
	}
}

// An undated year is dated by its expected conference, else the year
// before's conference one year on, else its last day.
func TestYearDate(t *testing.T) {
	for _, tc := range []struct {
		conf, expected, prev string
		want                 string
		year                 int
	}{
		{"2025-01-10", "2025-02-01", "2024-03-02", "2025-01-10", 2025},
		{"", "2025-02-01", "2024-03-02", "2025-02-01", 2025},
		{"", "", "2024-03-02", "2025-03-02", 2025},
		{"", "", "2023-12-28", "2024-12-28", 2024},
		{"", "", "", "2024-12-31", 2024},
		{"", "", "2019-03-02", "2024-12-31", 2024}, // a date of long ago says nothing
	} {
		d := YearData{Year: 2024, Settings: BlocYear{ConferenceDate: tc.conf, ExpectedDate: tc.expected}, PrevConference: tc.prev}
		if got := d.Date(); got != tc.want || d.DateYear() != tc.year {
			t.Errorf("%+v: %s (%d), want %s (%d)", tc, got, d.DateYear(), tc.want, tc.year)
		}
	}
}

func TestDuesAndDaysLeft(t *testing.T) {
	d := YearData{Year: 2024,
		Settings: BlocYear{Deadlines: Deadlines{MidYear: "2024-06-15", YearEnd: "2024-11-30"}},
		Members:  []Member{{Membership: Membership{Unit: "a"}}},
		Left:     []Member{{Membership: Membership{Unit: "b", Until: "2024-06-30"}}},
		Sheets:   []UnitScores{{Unit: "a", SubmittedAt: "2024-11-20T08:00:00Z"}},
		Texts:    []BoardText{{Unit: "a", Period: PeriodH1, State: TextSent, Fields: map[string]string{"x": "y"}}, {Unit: "a", Period: PeriodYear, State: TextDraft}},
	}
	got := map[string]bool{}
	for _, due := range d.Dues("a") {
		got[due.Key] = due.Done
	}
	if len(got) != 3 || !got[DueMidYear] || !got[DueWorkbook] || got[DueYearEnd] {
		t.Errorf("a member's dues: %v", got)
	}
	if b := d.Dues("b"); len(b) != 1 || b[0].Key != DueMidYear || b[0].Done {
		t.Errorf("a board that left owes the half-year only: %+v", b)
	}
	if d.Dues("c") != nil {
		t.Error("a stranger owes something")
	}
	d.Settings.Deadlines = Deadlines{}
	if len(d.Dues("a")) != 0 {
		t.Error("dues without deadlines")
	}
	// 23:30 on the 29th in Vietnam is 16:30 UTC.
	now := time.Date(2024, 11, 29, 16, 30, 0, 0, time.UTC)
	for date, want := range map[string]int{"2024-11-30": 1, "2024-11-29": 0, "2024-11-28": -1, "2024-12-06": 7} {
		if got := DaysLeft(date, now); got != want {
			t.Errorf("DaysLeft(%s) = %d, want %d", date, got, want)
		}
	}
}
