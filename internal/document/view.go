package document

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// View is what a template sees: names valid at the document's date, the
// year's roles, and the data tables the builders make (placed by name).
type View struct {
	Kind     string
	Year     int
	NextYear int
	Demo     bool
	DemoReal string // for demo data: what of it is real (Settings.DemoReal)

	Bloc       string // full name at the document date
	BlocShort  string
	Ministry   string // parent agency
	UnitParent string // a unit document's parent agency: "UBND tỉnh Khánh Hòa"
	Department string
	Issuer     []string // header lines of the issuing body
	DateYear   int      // the year an undated document will be signed in
	Number     string   // number in the year's series, or blank to fill by hand
	Place      string
	Date       string // YYYY-MM-DD or "" (blank, to fill by hand)
	DateText   string // "ngày 28 tháng 12 năm 2023" or blank form

	Leader, Deputy, Host Member
	NextLeader           Member // elected for next year (from the votes)
	NextDeputy           Member
	Unit                 Member // the unit of a unit document
	Members              []Member
	Regions              []Region // the members by region, when the bloc groups them in two or more
	NotSubmitted         []Member // members without a sheet counted (all of them while the year has no criteria)
	Submitted            int
	// Reporting is how many members sent the year's key figures: the
	// report speaks of the bloc's totals only with some, and compares
	// them with the year before only with all.
	Reporting int

	ConferenceTime  string
	ConferencePlace string
	Chairs, Guests  []domain.Person
	Movements       []domain.Movement
	// Honours are the awards the members themselves received in the year
	// (a year-end report lists them); UnitHonours the unit's of the first
	// half (its half-year report).
	Honours     []HonourLine
	UnitHonours []string
	// UnitLeaves is the day a unit document's board stops being a member
	// ("01/7/2025": merged into another), UnitMergedInto that board's name;
	// empty for a member of the whole year.
	UnitLeaves, UnitMergedInto string
	Totals                     domain.IndicatorTotals
	totalRows                  int // the rows summed in Totals (FiguresSentence)
	Narr                       map[string]string
	// Composed are the year-end report's fields drafted from the members'
	// texts (Compose); Sources says, once the template's defaults are
	// filled, where each narrative came from (SourceWritten …).
	Composed map[string]string
	Sources  map[string]string
	// Absorbed are the first-half figures of boards merged into a member
	// during the year, counted in Totals; PerimeterNote says how the year
	// before was compared when the members changed.
	Absorbed      []domain.Indicators
	PerimeterNote string
	// TextsIllustrative: the members' texts used are the demo's.
	TextsIllustrative bool

	// LegalBases are the laws and decrees in force on the document's date;
	// Guidance and Regulation what the bloc-year's settings cite.
	LegalBases           []string
	Guidance, Regulation string
	MinutesNumber        string // the minutes' number, for the documents that rest on them
	// The minutes: who presides (several are "Đồng chủ trì"), guests who do
	// not preside, who took the minutes, who was absent, when it ended.
	Presiding []domain.Person
	CoChairs  bool
	Present   int
	// PresentKnown: the attendance was recorded, or the votes tell it
	// (one ballot per unit present); else the count is left to write.
	PresentKnown bool
	Absent       []Member
	Attending    []Member // the members present: all but Absent
	Quorum       bool
	Minutes      domain.Minutes
	EndTime      string
	// Compared says how the key totals moved against the year before,
	// for the totals both years have; ComparedH1 how a unit's first half
	// moved against the same period of the year before.
	Compared   []string
	ComparedH1 []string
	// Achieved says how much of the year's plan the key totals reached
	// (every member that reported registered a plan); AchievedH1 how much
	// of its year's plan a unit reached in the first half.
	Achieved   []string
	AchievedH1 []string
	// UnitReportedH1: the unit of a unit document has entered its
	// first-half figures (its report shows them, or says they are to come).
	UnitReportedH1 bool
	// Changes say, from the data, what changed in the bloc since the year
	// before: members merged into another, a new parent ministry.
	Changes []string

	Flags, Merits []Award // what the conference decided (or the rule proposes)
	Voted         bool    // votes on the awards were recorded at the conference
	Proposals     []domain.Proposal
	Criteria      *domain.CriteriaSet

	d          *domain.YearData
	keep       *strings.Replacer   // joins the year's proper names (Build applies it to the whole text)
	blocks     map[string]placed   // tables made so far (see table)
	split      map[string][]placed // tables in parts (see parts)
	h1, h2, h3 int                 // heading numbers so far (see H1, H2, H3)
}

// H1 numbers the next top-level heading (I., II., …) and restarts the
// second level: a section left out for want of data leaves no gap.
func (v *View) H1() string {
	v.h1++
	v.h2, v.h3 = 0, 0
	return vn.Roman(v.h1) + "."
}

// H2 numbers the next second-level heading (1., 2., …).
func (v *View) H2() string {
	v.h2++
	v.h3 = 0
	return strconv.Itoa(v.h2) + "."
}

// h3Letters are the Vietnamese alphabet's letters that number third-level
// headings (a), b), … đ), e) …).
var h3Letters = []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"}

// H3 numbers the next third-level heading (a), b), …).
func (v *View) H3() string {
	v.h3++
	return h3Letters[(v.h3-1)%len(h3Letters)] + ")"
}

// FieldText is one field of the reports with its text.
type FieldText struct {
	Key, Label, Text string
}

// StateFields are the written fields of state management of the zones
// (planning, environment, enterprises, reform), in order: each a
// sub-heading of the reports' section on it.
func (v *View) StateFields() []FieldText {
	var out []FieldText
	for _, f := range domain.TextFields {
		if f.StateManagement && strings.TrimSpace(v.Narr[f.Key]) != "" {
			out = append(out, FieldText{Key: f.Key, Label: f.Label, Text: v.Narr[f.Key]})
		}
	}
	return out
}

// table makes a data table on first use (a template pays only for the
// tables it places) and gives the template the line that places it: the
// table itself reaches the model as a value (Blocks), never as markup
// parsed back; when the data has none, the sentence that says so.
func (v *View) table(name string, build func() placed) string {
	t, ok := v.blocks[name]
	if !ok {
		if v.blocks == nil {
			v.blocks = map[string]placed{}
		}
		t = build()
		v.blocks[name] = t
	}
	if t.block == nil {
		return t.markup
	}
	return "@block " + name + "\n"
}

// parts places a table that comes in several parts, each a block of its
// own (name, name-2, …), and returns the markup of each.
func (v *View) parts(name string, build func() []placed) []string {
	var ps []placed
	if got, ok := v.split[name]; ok {
		ps = got
	} else {
		ps = build()
		if v.split == nil {
			v.split = map[string][]placed{}
		}
		v.split[name] = ps
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		n := name
		if i > 0 {
			n = fmt.Sprintf("%s-%d", name, i+1)
		}
		out[i] = v.table(n, func() placed { return p })
	}
	return out
}

// Blocks are the tables the template placed, by the name "@block" gives.
func (v *View) Blocks() map[string]Block {
	out := map[string]Block{}
	for name, p := range v.blocks {
		if p.block != nil {
			out[name] = p.block
		}
	}
	return out
}

// IndicatorTable places every member's key indicators with the bloc
// totals.
func (v *View) IndicatorTable() string {
	return v.table("indicators", func() placed { return indicatorTable(v.Members, v.d.Indicators, true, v.absorbedRows()) })
}

// H1Table is the first half-year indicators (of the unit, for a unit document).
func (v *View) H1Table() string {
	return v.table("h1", func() placed {
		if v.Unit.Slug != "" {
			return indicatorTable([]Member{v.Unit}, v.d.H1, false, nil)
		}
		return indicatorTable(v.Members, v.d.H1, true, nil)
	})
}

// RankingTable is totals and ranks in rank order.
func (v *View) RankingTable() string {
	return v.table("ranking", func() placed { return rankingTable(v.d, v) })
}

// SummaryTable is the score summary by section (landscape).
func (v *View) SummaryTable() string {
	return v.table("summary", func() placed { return summaryTable(v.d, v) })
}

// DetailTable is every criterion × every member that sent its marks
// (landscape), in parts when the bloc is too large for one page's width;
// the parts after the first are marked as continuing it.
func (v *View) DetailTable() string {
	var b strings.Builder
	for i, p := range v.parts("detail", func() []placed { return detailTable(v.d, v) }) {
		if i > 0 {
			b.WriteString("@pc __(tiếp theo)__\n")
		}
		b.WriteString(p)
	}
	return b.String()
}

// AwardTable lists the units proposed for awards.
func (v *View) AwardTable() string { return v.table("awards", func() placed { return awardTable(v) }) }

// VoteTable lists the vote counts.
func (v *View) VoteTable() string { return v.table("votes", func() placed { return voteTable(v) }) }

// CovenantSigns is the signature grid of every member's head.
func (v *View) CovenantSigns() string {
	return v.table("covenant", func() placed { return covenantSigns(v.Members) })
}

// Member is a unit as documents name it.
type Member struct {
	Region    string
	Slug      string
	Name      string // full name valid at the document date
	Short     string
	Province  string
	HeadName  string
	HeadTitle string
	Staff     *int64
	Total     string // "97,5" when ranked
	Rank      int
	Votes     domain.Vote
}

// Region is a group of the bloc's members, as the bloc groups them.
type Region struct {
	Name    string
	Members []Member
}

// regions groups the members by their region, in the order the regions
// first appear; nil unless there are two or more regions and every member
// has one.
func regions(ms []Member, of func(Member) string) []Region {
	var out []Region
	at := map[string]int{}
	for _, m := range ms {
		r := of(m)
		if r == "" {
			return nil
		}
		i, ok := at[r]
		if !ok {
			i = len(out)
			at[r] = i
			out = append(out, Region{Name: r})
		}
		out[i].Members = append(out[i].Members, m)
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// Award is a unit proposed for an award with its reason.
type Award struct {
	Member
	Kind   string
	Reason string
}

// unknownPlace stands for a place not known yet in the place-date line.
const unknownPlace = "…………"

// NewView prepares the view of a year for a document kind; unit is set for
// unit documents.
func NewView(d *domain.YearData, kind, unit string) (*View, error) {
	v := &View{Kind: kind, Year: d.Year, NextYear: d.Year + 1, Demo: d.Settings.Demo, DemoReal: d.Settings.DemoReal, Narr: map[string]string{}, d: d}
	date := d.Date()
	bn := d.Bloc.Names.At(date)
	keep := vn.Keeper(d.ProperNames())
	v.keep = keep
	v.Bloc, v.BlocShort = keep.Replace(bn.Full), keep.Replace(bn.Short)
	v.Ministry = d.Bloc.Parent.At(date).Full
	v.Department = d.Bloc.Department.At(date).Full
	v.Issuer = splitIssuer(keep.Replace(vn.Upper(bn.Short)))
	v.Number = d.Settings.DocNumbers[kind]
	if v.Number == "" {
		v.Number = vn.Blank
	}
	v.Date = d.Settings.ConferenceDate
	if v.Date != "" {
		t, err := time.Parse(domain.DateLayout, v.Date)
		if err != nil {
			return nil, fmt.Errorf("ngày hội nghị %q: %w", v.Date, err)
		}
		v.DateText = vn.Date(t)
	} else {
		v.DateText = vn.BlankDate(d.DateYear())
	}
	v.DateYear = d.DateYear()
	v.Guidance, v.Regulation, v.MinutesNumber = d.Settings.Guidance, d.Settings.Regulation, d.Settings.DocNumbers["bien-ban-binh-xet"]
	v.ConferenceTime, v.ConferencePlace = d.Settings.ConferenceTime, d.Settings.ConferencePlace
	if v.ConferenceTime == "" {
		v.ConferenceTime = vn.Blank + "giờ" + vn.Blank
	}
	v.Chairs, v.Guests, v.Movements = d.Settings.Chairs, d.Settings.Guests, d.Movements
	for k, t := range d.Narratives {
		v.Narr[k] = t
	}
	if kind == "bao-cao-tong-ket" {
		v.Composed = Compose(d)
		for _, t := range d.SentTexts(domain.PeriodYear) {
			v.TextsIllustrative = v.TextsIllustrative || t.Illustrative
		}
	}
	v.Criteria = d.Criteria
	v.Proposals = d.Proposals

	byUnit := map[string]Member{}
	for _, m := range d.Members {
		mv := member(d, m, keep)
		if r, ok := d.Result(m.Unit); ok && r.Submitted {
			mv.Total, mv.Rank = domain.FormatDecimal(r.Total), r.Rank
			v.Submitted++
		} else {
			v.NotSubmitted = append(v.NotSubmitted, mv)
		}
		byUnit[m.Unit] = mv
		v.Members = append(v.Members, mv)
	}
	v.Regions = regions(v.Members, func(m Member) string { return keep.Replace(m.Region) })
	look := func(slug string) Member {
		if m, ok := byUnit[slug]; ok {
			return m
		}
		if slug == "" {
			return Member{}
		}
		n := d.UnitName(slug)
		return Member{Slug: slug, Name: keep.Replace(n.Full), Short: keep.Replace(n.Short), Province: d.Province(slug)}
	}
	v.Leader, v.Deputy, v.Host = look(d.Settings.Leader), look(d.Settings.Deputy), look(d.Settings.Host)
	for _, vt := range d.Votes {
		switch vt.Subject {
		case domain.VoteLeader:
			if vt.For > v.NextLeader.Votes.For {
				v.NextLeader = look(vt.Unit)
				v.NextLeader.Votes = vt
			}
		case domain.VoteDeputy:
			if vt.For > v.NextDeputy.Votes.For {
				v.NextDeputy = look(vt.Unit)
				v.NextDeputy.Votes = vt
			}
		}
	}
	// The place of a document is where its signer is: the leader's
	// province; the minutes are made where the meeting is held.
	// Without votes recorded, the leader and deputy elected are those the
	// next year's settings name.
	if v.NextLeader.Slug == "" && d.Next.Leader != "" {
		v.NextLeader = look(d.Next.Leader)
	}
	if v.NextDeputy.Slug == "" && d.Next.Deputy != "" {
		v.NextDeputy = look(d.Next.Deputy)
	}
	v.Place = v.Leader.Province
	if kind == "bien-ban-binh-xet" && v.Host.Province != "" || v.Place == "" {
		v.Place = v.Host.Province
	}
	if v.Place == "" {
		// No leader or host yet: the place-date line Decree 30 requires
		// keeps room for the place, to be written by hand.
		v.Place = unknownPlace
	}
	if unit != "" {
		m, ok := byUnit[unit]
		if k, _ := LookupKind(kind); k.MidYear {
			// A half-year's document: its member may have left since
			// (merged on 1 July), and it is written in the names of the
			// half-year's last day — the board's, its province's.
			dm, found := d.HalfYearMember(unit)
			ok = found
			if t, err := time.Parse(domain.DateLayout, dm.Until); err == nil && found {
				next := t.AddDate(0, 0, 1)
				v.UnitLeaves = vn.TextDate(next)
				if into := d.Units[unit].MergedInto; into != "" {
					v.UnitMergedInto = keep.Replace(d.UnitNameAt(into, domain.YearEnd(d.Year)).Full)
				}
			}
			mid := domain.MidYear(d.Year)
			n := d.UnitNameAt(unit, mid)
			m = member(d, dm, keep)
			m.Name, m.Short, m.Province = keep.Replace(n.Full), keep.Replace(n.Short), d.ProvinceAt(unit, mid)
		}
		if !ok {
			return nil, fmt.Errorf("đơn vị %s không là thành viên của Khối năm %d", unit, d.Year)
		}
		v.Unit = m
		v.Place = m.Province
		v.Issuer = splitIssuer(keep.Replace(vn.Upper(m.Name)))
		v.UnitParent = "UBND " + vn.ProvinceWithKind(m.Province)
		v.Date, v.DateText, v.DateYear = "", vn.BlankDate(d.Year), d.Year
		v.Number = vn.Blank
		// A board's report speaks for the board: the bloc's texts are not
		// its own; its own are what it wrote of the half-year.
		bt := d.BoardText(unit, domain.PeriodH1)
		v.Narr = map[string]string{}
		for k, t := range bt.Fields {
			v.Narr[k] = t
		}
		v.TextsIllustrative = bt.Illustrative
	}
	reasons := map[string]string{}
	for _, p := range d.Proposals {
		reasons[p.Unit] = p.Reason
	}
	for _, kind := range []string{domain.AwardFlag, domain.AwardMerit} {
		for _, u := range d.Awarded(kind) {
			a := Award{Member: look(u), Kind: kind, Reason: reasons[u]}
			if a.Reason == "" && a.Rank > 0 {
				a.Reason = fmt.Sprintf("Xếp thứ %d, %s điểm", a.Rank, a.Total)
			}
			for _, vt := range d.Votes {
				if vt.Unit == u && vt.Subject == kind {
					a.Votes = vt
				}
			}
			// The minutes speak of a vote on awards only when one was
			// recorded: a table of dashes under "đã tiến hành bỏ
			// phiếu" says the opposite of itself.
			v.Voted = v.Voted || a.Votes.Voters > 0
			if kind == domain.AwardFlag {
				v.Flags = append(v.Flags, a)
			} else {
				v.Merits = append(v.Merits, a)
			}
		}
	}
	// The year's totals count the first half of the boards merged into a
	// member with it (like-for-like with the year before).
	v.Absorbed = d.Absorbed()
	v.Totals = domain.SumIndicators(append(slices.Clone(d.Indicators), v.Absorbed...))
	v.totalRows = len(d.Indicators) + len(v.Absorbed)
	v.Changes = changes(d) // their names are kept whole with the rest of the text (Build)
	reporting := map[string]bool{}
	for _, ind := range d.Indicators {
		reporting[ind.Unit] = true
	}
	for _, m := range d.Members {
		if reporting[m.Unit] {
			v.Reporting++
		}
	}
	// A part of the bloc is no measure of the whole; the year before is
	// taken over this year's perimeter, and a change of it is said.
	if prev, outside := d.PrevPerimeter(); v.Reporting == len(d.Members) && d.AbsorbedMissing() == 0 && len(prev) > 0 {
		t := domain.SumIndicators(prev)
		v.Compared = compare(v.Totals, &t)
		if len(v.Compared) > 0 && d.PerimeterChanged() {
			v.PerimeterNote = perimeterNote(d, len(v.Absorbed), outside)
		}
	}
	v.Achieved = achievedAll(d.Indicators, d.Plan)
	if unit != "" {
		v.ComparedH1 = compareUnit(unit, d.H1, d.PrevH1)
		v.UnitReportedH1 = len(pick(unit, d.H1)) > 0
		v.AchievedH1 = achieved(pick(unit, d.H1), pick(unit, d.Plan))
	}
	v.honours(d, look, unit)
	v.minutes(d, look)
	return v, nil
}

// HonourLine is one award a member received, as a report words it.
type HonourLine struct {
	Member Member
	Text   string // "Bằng khen của Thủ tướng Chính phủ tặng ông …, Phó Trưởng ban (Quyết định số …)"
}

// honourText words an honour: the award, to whom when not the board, and
// the decision.
func honourText(h domain.Honour) string {
	s := strings.TrimSpace(h.Form)
	if r := strings.TrimSpace(h.Recipient); r != "" {
		s += " tặng " + r
	}
	if dec := strings.TrimSpace(h.Decision); dec != "" {
		s += " (" + dec + ")"
	}
	return s
}

// honours orders the year's honours by the members' order (those that
// left during the year after them), and picks a unit's of the half-year.
func (v *View) honours(d *domain.YearData, look func(string) Member, unit string) {
	order := map[string]int{}
	for i, m := range append(append([]domain.Member{}, d.Members...), d.Left...) {
		order[m.Unit] = i + 1
	}
	hs := slices.Clone(d.Honours)
	slices.SortStableFunc(hs, func(a, b domain.Honour) int { return order[a.Unit] - order[b.Unit] })
	for _, h := range hs {
		if unit != "" {
			if h.Unit == unit && h.Period == domain.PeriodH1 {
				v.UnitHonours = append(v.UnitHonours, honourText(h))
			}
			continue
		}
		m := look(h.Unit)
		if _, left := order[h.Unit]; left {
			n := d.UnitNameAt(h.Unit, domain.MidYear(d.Year))
			if _, member := d.Member(h.Unit); !member {
				m.Short = n.Short // a board that left: its own name
			}
		}
		v.Honours = append(v.Honours, HonourLine{Member: m, Text: honourText(h)})
	}
}

// minutes prepares what the minutes say of the meeting itself.
func (v *View) minutes(d *domain.YearData, look func(string) Member) {
	v.Minutes = d.Settings.Minutes
	v.Presiding = d.Settings.Chairs
	if len(v.Presiding) == 0 && v.Leader.HeadName != "" {
		v.Presiding = []domain.Person{{Name: v.Leader.HeadName, Title: strings.TrimSpace(v.Leader.HeadTitle + " " + v.Leader.Name + ", Khối trưởng")}}
	}
	v.CoChairs = len(v.Presiding) > 1
	presides := map[string]bool{}
	for _, p := range v.Presiding {
		presides[p.Name] = true
	}
	v.Guests = nil
	for _, g := range d.Settings.Guests {
		if !presides[g.Name] { // each person once
			v.Guests = append(v.Guests, g)
		}
	}
	for _, u := range v.Minutes.Absent {
		v.Absent = append(v.Absent, look(u))
	}
	absent := map[string]bool{}
	for _, m := range v.Absent {
		absent[m.Slug] = true
	}
	for _, m := range v.Members {
		if !absent[m.Slug] {
			v.Attending = append(v.Attending, m)
		}
	}
	v.Present = len(v.Members) - len(v.Absent)
	v.PresentKnown = v.Minutes.AttendanceRecorded || len(v.Absent) > 0
	if !v.PresentKnown {
		// Nothing recorded: the ballots say how many units were present
		// (one per unit), else the minutes leave room for the count.
		voters := 0
		for _, vt := range d.Votes {
			voters = max(voters, vt.Voters)
		}
		if voters > 0 && voters <= len(v.Members) {
			v.Present, v.PresentKnown = voters, true
		}
	}
	v.Quorum = v.PresentKnown && v.Present*2 > len(v.Members)
	v.EndTime = v.Minutes.EndTime
	if v.EndTime == "" {
		v.EndTime = vn.Blank + "giờ" + vn.Blank
	}
}

// Chair is who signs the minutes as chair: with co-chairs, the bloc
// leader's — the one the data names as its head, or whose title names the
// leader board or "Khối trưởng" — else the first presiding person.
func (v *View) Chair() string {
	if len(v.Presiding) == 0 {
		return ""
	}
	for _, p := range v.Presiding {
		if leads(p, v.Leader) {
			return p.Name
		}
	}
	return v.Presiding[0].Name
}

// leads tells whether p speaks for the leader board.
func leads(p domain.Person, leader Member) bool {
	plain := func(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
	title := plain(p.Title)
	switch {
	case leader.HeadName != "" && p.Name == leader.HeadName:
		return true
	case strings.Contains(title, "Khối trưởng"):
		return true
	case leader.Name != "" && strings.Contains(title, plain(leader.Name)), leader.Short != "" && strings.Contains(title, plain(leader.Short)):
		return true
	}
	return false
}

// compare writes how each key total moved from the year before: "vốn
// đăng ký tăng 12,3%". Only totals both years have, and no unit missing.
func compare(now domain.IndicatorTotals, prev *domain.IndicatorTotals) []string {
	if prev == nil {
		return nil
	}
	var out []string
	pf := prev.Fields()
	for i, f := range now.Fields() {
		label, ok := comparedLabels[f.Key]
		a, b := pf[i].Value(), f.Value()
		if !ok || a == nil || b == nil || *a <= 0 || now.Missing[f.Key] > 0 || prev.Missing[f.Key] > 0 {
			continue
		}
		if *b == 0 { // not "giảm 100%"
			out = append(out, noneYet[f.Key])
			continue
		}
		pm := perMille(int64(*b)-int64(*a), int64(*a))
		word := "tăng"
		if pm < 0 {
			word, pm = "giảm", -pm
		}
		if pm == 0 {
			out = append(out, label+" tương đương")
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %s%%", label, word, domain.FormatDecimal(domain.Decimal(pm*100))))
	}
	return out
}

// compareUnit compares one unit's figures of a period with the same
// period of the year before, when both were reported.
func compareUnit(unit string, now, prev []domain.Indicators) []string {
	n, p := pick(unit, now), pick(unit, prev)
	if n == nil || p == nil {
		return nil
	}
	pt := domain.SumIndicators(p)
	return compare(domain.SumIndicators(n), &pt)
}

// pick is a unit's row of a period, as a list of one (or none).
func pick(unit string, rows []domain.Indicators) []domain.Indicators {
	for _, r := range rows {
		if r.Unit == unit {
			return []domain.Indicators{r}
		}
	}
	return nil
}

// achievedAll is how much of the year's plan the bloc's totals reached;
// nothing unless every member that reported figures registered a plan
// (totals of two different sets of members say nothing).
func achievedAll(actual, plan []domain.Indicators) []string {
	if len(actual) == 0 {
		return nil
	}
	for _, a := range actual {
		if pick(a.Unit, plan) == nil {
			return nil
		}
	}
	var planned []domain.Indicators
	for _, a := range actual {
		planned = append(planned, pick(a.Unit, plan)...)
	}
	return achieved(actual, planned)
}

// achieved writes, for each key total both have, the share of the plan
// reached: "vốn đăng ký đạt 104,2%" (per mille, exact, rounded half away
// from zero).
func achieved(actual, plan []domain.Indicators) []string {
	if len(actual) == 0 || len(plan) == 0 {
		return nil
	}
	now, goal := domain.SumIndicators(actual), domain.SumIndicators(plan)
	var out []string
	gf := goal.Fields()
	for i, f := range now.Fields() {
		label, ok := comparedLabels[f.Key]
		b, a := f.Value(), gf[i].Value()
		if !ok || a == nil || b == nil || *a <= 0 || now.Missing[f.Key] > 0 || goal.Missing[f.Key] > 0 {
			continue
		}
		if *b == 0 { // not "đạt 0%"
			out = append(out, noneYet[f.Key])
			continue
		}
		pm := perMille(int64(*b), int64(*a))
		out = append(out, fmt.Sprintf("%s đạt %s%%", label, domain.FormatDecimal(domain.Decimal(pm*100))))
	}
	return out
}

// noneYet says in words that a key total is nil, where a share or a fall
// would read "đạt 0%" or "giảm 100%".
var noneYet = map[string]string{"new_projects": "chưa thu hút được dự án mới", "registered_capital": "chưa có vốn đăng ký mới",
	"export_import": "chưa có kim ngạch xuất nhập khẩu", "revenue": "chưa có doanh thu", "budget": "chưa có khoản nộp ngân sách"}

// comparedLabels name the key totals the reports compare (with the year
// before, with the plan).
var comparedLabels = map[string]string{"new_projects": "số dự án mới", "registered_capital": "vốn đăng ký",
	"export_import": "kim ngạch xuất nhập khẩu", "revenue": "doanh thu", "budget": "nộp ngân sách"}

// perMille is num/den in thousandths, exact, rounded half away from zero.
func perMille(num, den int64) int64 {
	num *= 1000
	pm := num / den
	if r := num % den; 2*abs(r) >= den {
		pm += sign(num)
	}
	return pm
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

func sign(n int64) int64 {
	if n < 0 {
		return -1
	}
	return 1
}

// changes lists, in words, what changed in the bloc since the year before,
// as the data shows it, in the order it happened: the parent ministry
// renamed or merged, members merged into other members, members renamed;
// then members gone, members new to the bloc, and the new count.
func changes(d *domain.YearData) []string {
	var dated []change
	year := strconv.Itoa(d.Year)
	if was, is := d.Bloc.Parent.At(domain.YearEnd(d.Year-1)).Full, d.Bloc.Parent.At(d.Date()).Full; len(d.Previous) > 0 && was != is {
		on := ""
		for _, n := range d.Bloc.Parent {
			if n.Full == is && n.ValidFrom != "" {
				on = n.ValidFrom
			}
		}
		dated = append(dated, change{on, "Khối thi đua thuộc " + is + " (trước đây là " + was + ")."})
	}
	now := map[string]bool{}
	for _, m := range d.Members {
		now[m.Unit] = true
	}
	into := map[string][]string{}
	var gone []string
	for _, m := range d.Previous {
		if now[m.Unit] {
			continue
		}
		u := d.Units[m.Unit]
		if u.MergedInto != "" && now[u.MergedInto] && strings.HasPrefix(u.MergedOn, year) {
			into[u.MergedInto] = append(into[u.MergedInto], m.Name.Full)
			continue
		}
		gone = append(gone, m.Name.Full)
	}
	// Mergers of one date are one sentence, a clause for each board that
	// took others in (five repeated sentences read as a list pasted in).
	var dates []string
	clauses := map[string][]string{}
	for _, m := range d.Members {
		names := into[m.Unit]
		if len(names) == 0 {
			continue
		}
		on := ""
		for _, p := range d.Previous {
			if u := d.Units[p.Unit]; u.MergedInto == m.Unit && u.MergedOn != "" {
				on = u.MergedOn
			}
		}
		if clauses[on] == nil {
			dates = append(dates, on)
		}
		clauses[on] = append(clauses[on], strings.Join(names, ", ")+" hợp nhất vào "+d.UnitName(m.Unit).Full)
	}
	for _, on := range dates {
		dated = append(dated, change{on, "thực hiện sắp xếp đơn vị hành chính, " + strings.Join(clauses[on], "; ") + "."})
	}
	dated = append(dated, renamed(d)...)
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].on < dated[j].on })
	var out []string
	for _, c := range dated {
		out = append(out, c.String())
	}
	if len(gone) > 0 {
		out = append(out, strings.Join(gone, ", ")+" không còn là thành viên của Khối năm "+year+".")
	}
	if len(d.Previous) > 0 {
		before := map[string]bool{}
		for _, m := range d.Previous {
			before[m.Unit] = true
		}
		var joined []string
		for _, m := range d.Members {
			if !before[m.Unit] {
				joined = append(joined, m.Name.Full)
			}
		}
		if len(joined) > 0 {
			out = append(out, strings.Join(joined, ", ")+" gia nhập Khối từ năm "+year+".")
		}
	}
	if n, was := len(d.Members), len(d.Previous); was > 0 && was != n {
		verb := "còn" // fewer
		if n > was {
			verb = "tăng lên"
		}
		out = append(out, fmt.Sprintf("Số đơn vị thành viên của Khối từ %s đơn vị năm %d %s %s đơn vị năm %s.", twoDigits(was), d.Year-1, verb, twoDigits(n), year))
	}
	return out
}

// change is one dated change of the bloc (on: YYYY-MM-DD, or "" when the
// data has no date).
type change struct{ on, text string }

// String is the sentence: "Từ ngày 01/7/2025, …" when dated.
func (c change) String() string {
	if t, err := time.Parse(domain.DateLayout, c.on); err == nil {
		return "Từ ngày " + vn.TextDate(t) + ", " + c.text
	}
	return vn.UpperFirst(c.text)
}

// renamed says which members of the year before carry another name now:
// a board whose province changed (merged into another, or Thừa Thiên Huế
// become the city of Huế) "trở thành" the new province's board; others
// "đổi tên thành".
func renamed(d *domain.YearData) []change {
	before := domain.YearEnd(d.Year - 1)
	was := map[string]bool{}
	for _, m := range d.Previous {
		was[m.Unit] = true
	}
	var out []change
	for _, m := range d.Members {
		u, ok := d.Units[m.Unit]
		if !ok || !was[m.Unit] {
			continue
		}
		old, now := u.Names.At(before), u.Names.At(d.Date())
		if old.Full == now.Full {
			continue
		}
		verb := " đổi tên thành "
		if u.Province.At(before).Full != u.Province.At(d.Date()).Full {
			verb = " trở thành "
		}
		out = append(out, change{now.ValidFrom, old.Full + verb + now.Full + "."})
	}
	return out
}

func member(d *domain.YearData, m domain.Member, keep *strings.Replacer) Member {
	title := m.HeadTitle
	if title == "" {
		title = defaultHeadTitle
	}
	return Member{Slug: m.Unit, Name: keep.Replace(m.Name.Full), Short: keep.Replace(m.Name.Short), Province: d.Province(m.Unit),
		HeadName: m.HeadName, HeadTitle: title, Staff: m.Staff, Region: m.Region}
}

// defaultHeadTitle is the title of a board's head when none was recorded:
// every member is a management board (Ban Quản lý), headed by its Trưởng ban.
const defaultHeadTitle = "Trưởng ban"

func filter(ms []Member, unit string) []Member {
	if unit == "" {
		return ms
	}
	for _, m := range ms {
		if m.Slug == unit {
			return []Member{m}
		}
	}
	return nil
}

// splitIssuer breaks a long issuing-body name into header lines of at
// most about 28 characters, at word boundaries (proper names joined by
// non-breaking spaces stay whole), balanced so that the last line — the
// one the short rule sits under — is not a lone word.
func splitIssuer(s string) []string {
	// Words end at ordinary spaces: a name or term joined with
	// non-breaking spaces is one word (strings.Fields would split it).
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' })
	if len(words) == 0 {
		return nil
	}
	width := func(ws []string) int { return len([]rune(strings.Join(ws, " "))) }
	n := 1
	for cur := 0; ; n++ { // the greedy count of lines
		l := 0
		for cur < len(words) && (l == 0 || l+1+len([]rune(words[cur])) <= 28) {
			if l > 0 {
				l++
			}
			l += len([]rune(words[cur]))
			cur++
		}
		if cur >= len(words) {
			break
		}
	}
	// Among the splits into n lines, the one whose longest line is
	// shortest; of those, the one with fewest lines ending on a word that
	// joins a phrase ("… VÀ" / "KHU CÔNG NGHIỆP"): a line breaks at the
	// joins of the phrase, before "VÀ" or "TỈNH", not after them.
	best, bestW, bestBad := []string(nil), 1<<30, 1<<30
	var try func(start, lines int, acc []string, widest, bad int)
	try = func(start, lines int, acc []string, widest, bad int) {
		if lines == 1 {
			w := max(widest, width(words[start:]))
			if w < bestW || w == bestW && bad < bestBad {
				best, bestW, bestBad = append(append([]string(nil), acc...), strings.Join(words[start:], " ")), w, bad
			}
			return
		}
		for end := start + 1; end <= len(words)-lines+1; end++ {
			w := width(words[start:end])
			if w > bestW {
				break
			}
			b := bad
			if joiningWord[words[end-1]] {
				b++
			}
			try(end, lines-1, append(acc, strings.Join(words[start:end], " ")), max(widest, w), b)
		}
	}
	try(0, n, nil, 0, 0)
	return best
}

// joiningWord are the words a header line should not end on: they join
// what follows to what comes before.
var joiningWord = map[string]bool{"VÀ": true, "CÁC": true, "CỦA": true, "VỀ": true, "VỚI": true, "TỈNH": true, "THÀNH": true, "-": true, "–": true}

func shortHash(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}

// perimeterNote says how the year is compared with the one before when
// the members changed: the merged boards' first half counted with their
// absorbers, the year before's members outside the perimeter left out.
func perimeterNote(d *domain.YearData, absorbed int, outside []string) string {
	var parts []string
	if absorbed > 0 {
		parts = append(parts, fmt.Sprintf("số liệu năm %d gồm kết quả 6 tháng đầu năm của %s đơn vị đã hợp nhất vào đơn vị thành viên, tính cùng đơn vị tiếp nhận", d.Year, twoDigits(absorbed)))
	}
	s := fmt.Sprintf("so sánh với năm %d trên cùng phạm vi các khu công nghiệp, khu kinh tế", d.Year-1)
	if len(outside) > 0 {
		s += fmt.Sprintf(", không tính %s", strings.Join(outside, ", "))
	}
	parts = append(parts, s)
	return vn.UpperFirst(strings.Join(parts, "; ")) + "."
}

// absorbedRows are the table rows of the boards merged into a member
// during the year: their first half, named with their absorber.
func (v *View) absorbedRows() []absorbedRow {
	var out []absorbedRow
	for _, r := range v.Absorbed {
		n := v.d.UnitNameAt(r.Unit, domain.MidYear(v.Year))
		into := v.d.UnitName(v.d.AbsorbedBy(r.Unit))
		out = append(out, absorbedRow{Label: v.keep.Replace(n.Short) + " (6 tháng đầu năm, hợp nhất vào " + v.keep.Replace(into.Short) + ")", Figures: r})
	}
	return out
}
