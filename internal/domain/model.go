// Package domain holds the types and rules of the emulation-bloc field: blocs,
// units and their names over time, membership by year, year roles, key
// indicators, criteria sets, scores, ranking and award proposals. It does no
// I/O: the store fills these types, document builders read them.
package domain

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// DateLayout is how dates travel in JSON and in the store.
const DateLayout = "2006-01-02"

// NameVersion is one name of an organisation, valid from a date until the
// next version's ValidFrom. Institutions are renamed and merged (the planning
// ministry merged into Finance in 2025; many provinces merged in mid-2025):
// a 2023 document must print the 2023 name.
type NameVersion struct {
	ValidFrom string `json:"valid_from"` // YYYY-MM-DD; "" means since ever
	Full      string `json:"full_name"`
	Short     string `json:"short_name,omitempty"`
}

// NameHistory is a list of name versions.
type NameHistory []NameVersion

// At returns the version valid on date (YYYY-MM-DD). With no version valid
// then, it returns the earliest one so a document never prints an empty name;
// a version given without a short name is short by its full name (a header,
// a table column or a signature then names it, never leaves it blank).
func (h NameHistory) At(date string) NameVersion {
	if len(h) == 0 {
		return NameVersion{}
	}
	s := append(NameHistory(nil), h...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].ValidFrom < s[j].ValidFrom })
	best := s[0]
	for _, v := range s {
		if v.ValidFrom <= date {
			best = v
		}
	}
	if best.Short == "" {
		best.Short = best.Full
	}
	return best
}

// Latest is the newest version.
func (h NameHistory) Latest() NameVersion { return h.At("9999-12-31") }

// YearEnd is the date whose names a year's documents use by default: the
// last day of the year.
func YearEnd(year int) string {
	return time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).Format(DateLayout)
}

// Bloc is an emulation bloc (Khối thi đua).
type Bloc struct {
	Slug       string      `json:"slug"`
	Names      NameHistory `json:"names"`      // e.g. "Khối thi đua Ban Quản lý KCN, KKT, KCNC các tỉnh Tây Nguyên và Duyên hải miền Trung"
	Parent     NameHistory `json:"parent"`     // supervising ministry, header's first line: "Bộ Kế hoạch và Đầu tư"
	Department NameHistory `json:"department"` // ministry department that follows emulation work: "Vụ Tổ chức cán bộ"
}

// Unit is a member board (Ban Quản lý KCN / KKT / KCNC of one province).
type Unit struct {
	Slug       string      `json:"slug"`
	Kind       string      `json:"kind"` // KCN, KKT, KCNC or a mix such as "KKT, KCN"
	Names      NameHistory `json:"names"`
	Province   NameHistory `json:"province"`              // province name, also the place in "Khánh Hòa, ngày ..."
	MergedInto string      `json:"merged_into,omitempty"` // slug of the unit it was merged into
	MergedOn   string      `json:"merged_on,omitempty"`   // YYYY-MM-DD
}

// Membership says that a unit belongs to a bloc in a year, with who headed it
// and how many staff it had then.
type Membership struct {
	Bloc      string `json:"bloc"`
	Year      int    `json:"year"`
	Unit      string `json:"unit"`
	Order     int    `json:"order"`
	HeadName  string `json:"head_name,omitempty"`
	HeadTitle string `json:"head_title,omitempty"`
	Staff     *int64 `json:"staff,omitempty"` // CCVC; nil when not reported
	// Region is the part of the bloc the member belongs to, as the bloc
	// groups its members ("Tây Nguyên", "Duyên hải miền Trung"); empty
	// when the bloc does not group them.
	Region string `json:"region,omitempty" maxlen:"100"`
	// Until is the member's last day in the bloc when it left during the
	// year (a board merged into another on 1 July 2025 was a member until
	// 30 June): it has the documents of the half-year, not the year's.
	// Empty: a member the whole year.
	Until string `json:"until,omitempty" maxlen:"10"`
}

// Member is a membership joined with the unit's names valid in that year.
type Member struct {
	Membership
	Name     NameVersion `json:"name"`
	Province string      `json:"province"`
	Kind     string      `json:"kind"`
}

// Person is someone named in a document: a chair, a guest, a signer.
type Person struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// AwardRule says how a year's award proposals follow from the ranking.
type AwardRule struct {
	FlagQuota   int      `json:"flag_quota"`  // Cờ thi đua của Bộ
	MeritQuota  int      `json:"merit_quota"` // Bằng khen của Bộ trưởng
	FlagMin     Decimal  `json:"flag_min"`    // minimum total for a Flag
	MeritMin    Decimal  `json:"merit_min"`   // minimum total for a Certificate
	TieBreakers []string `json:"tie_breakers"`
	// QuotaFor is how many members the quotas were set for (0: not
	// said). When fewer are scored — a bloc shrunk by the 2025 mergers —
	// the quotas apply in proportion to the members scored (Scaled).
	QuotaFor int `json:"quota_for,omitempty"`
}

// Scaled is the rule as it applies to scored members: when the quotas
// were set for more members than were scored, each quota in proportion,
// rounded half up (2 Flags and 3 Certificates set for 11 members are 1
// and 1 for 5 scored). changed says whether a quota moved.
func (r AwardRule) Scaled(scored int) (out AwardRule, changed bool) {
	out = r
	if r.QuotaFor <= 0 || scored <= 0 || scored >= r.QuotaFor {
		return out, false
	}
	scale := func(q int) int { return (2*q*scored + r.QuotaFor) / (2 * r.QuotaFor) }
	out.FlagQuota, out.MeritQuota = scale(r.FlagQuota), scale(r.MeritQuota)
	return out, out.FlagQuota != r.FlagQuota || out.MeritQuota != r.MeritQuota
}

// Tie-breakers understood by Rank, in the order configured.
const (
	TieFewerDeductions = "fewer_deductions"
	TieMoreBonus       = "more_bonus"
	TieVotes           = "votes"
)

// BlocYear holds a bloc's roles and settings for one year: leader and deputy,
// the year-end conference, document numbers, the award rule.
type BlocYear struct {
	Bloc           string `json:"bloc"`
	Year           int    `json:"year"`
	Leader         string `json:"leader,omitempty"` // unit slug, Khối trưởng
	Deputy         string `json:"deputy,omitempty"` // unit slug, Khối phó
	Host           string `json:"host,omitempty"`   // unit hosting the conference
	ConferenceDate string `json:"conference_date,omitempty"`
	// ExpectedDate is when the year-end conference is expected, while it
	// is not held yet: the documents are dated by it (the ministry and
	// names in force then). Empty: the year before's date, one year on.
	ExpectedDate    string            `json:"expected_conference_date,omitempty"`
	ConferenceTime  string            `json:"conference_time,omitempty"` // "8 giờ 00"
	ConferencePlace string            `json:"conference_place,omitempty"`
	Chairs          []Person          `json:"chairs,omitempty"`
	Guests          []Person          `json:"guests,omitempty"`
	DocNumbers      map[string]string `json:"doc_numbers,omitempty"` // document kind -> number, e.g. "05"
	// Guidance is the ministry's letter guiding the year's review, as
	// cited ("Công văn số 8041/BKHĐT-TĐKTTT ngày 08/11/2022 của Bộ Kế
	// hoạch và Đầu tư"); Regulation the bloc's own rules, as cited.
	Guidance   string `json:"guidance,omitempty"`
	Regulation string `json:"regulation,omitempty"`
	// Legal is the secretariat's choice of the legal bases its documents
	// cite, beyond the dated set in force on their date.
	Legal LegalChoice `json:"legal"`
	// Minutes is what the minutes of the year-end meeting record.
	Minutes Minutes `json:"minutes"`
	// Deadlines are when the members' reports of this year are due; the
	// covenant signed the year before states them.
	Deadlines Deadlines `json:"deadlines"`
	Awards    AwardRule `json:"award_rule"`
	Demo      bool      `json:"demo"`
	// DemoReal says, for demo data, what of the year is real and where it
	// comes from ("tổng toàn Khối theo Báo cáo tổng kết năm 2022 của
	// Khối"); the documents' note on illustrative figures quotes it.
	DemoReal string `json:"demo_real,omitempty"`
	// ElectionOnly marks next year's settings made only to hold the leader
	// and deputy elected at this year's conference: they do not open the
	// year (a year exists when someone opens it).
	ElectionOnly bool `json:"-"`
}

// LegalChoice changes, for one bloc-year, the legal bases its documents
// cite (templates/legal/can-cu.yaml gives those in force on each date):
// Removed are dated bases it does not cite, by their text; Added are acts
// it cites besides, as cited ("Quyết định số … của Bộ trưởng …").
type LegalChoice struct {
	Added   []string `json:"added,omitempty" maxlen:"500"`
	Removed []string `json:"removed,omitempty" maxlen:"500"`
}

// MaxLegalAdded bounds the acts a bloc-year adds.
const MaxLegalAdded = 10

// Deadlines are the dates a year's reports are due to the bloc
// (YYYY-MM-DD, empty when the bloc has not set one).
type Deadlines struct {
	MidYear string `json:"mid_year,omitempty"` // báo cáo sơ kết 6 tháng
	YearEnd string `json:"year_end,omitempty"` // báo cáo tổng kết năm và bảng tự chấm điểm
}

// Minutes is what the year-end meeting's minutes record besides the
// settings: when it ended, who took the minutes, who was absent, how the
// votes were taken and counted, what was discussed.
type Minutes struct {
	EndTime   string   `json:"end_time,omitempty"` // "11 giờ 30"
	Secretary Person   `json:"secretary"`
	Absent    []string `json:"absent,omitempty"` // units not represented
	// AttendanceRecorded says the attendance was taken: Absent is then
	// every unit not represented (none when empty). Without it the minutes
	// leave the count to write by hand, unless the votes tell it.
	AttendanceRecorded bool     `json:"attendance_recorded,omitempty"`
	VoteMethod         string   `json:"vote_method,omitempty"` // "bỏ phiếu kín", "biểu quyết giơ tay"
	Counters           []Person `json:"counters,omitempty"`    // the vote-counting committee
	Discussion         string   `json:"discussion,omitempty" maxlen:"20000"`
}

// Indicator periods.
const (
	PeriodYear = "year" // whole year
	PeriodH1   = "h1"   // first half-year
	PeriodPlan = "plan" // the year's plan, registered at its start
)

// ValidPeriod reports whether p is an indicator period.
func ValidPeriod(p string) bool { return p == PeriodYear || p == PeriodH1 || p == PeriodPlan }

// PeriodMessage says which periods there are.
const PeriodMessage = "Kỳ phải là year (cả năm), h1 (6 tháng đầu năm) hoặc plan (kế hoạch năm)"

// Indicators are a unit's key indicators for a period. A nil field was not
// reported, which is not the same as zero.
type Indicators struct {
	Unit                    string   `json:"unit"`
	Year                    int      `json:"year"`
	Period                  string   `json:"period"`
	NewProjects             *int64   `json:"new_projects"`
	CapitalIncreaseProjects *int64   `json:"capital_increase_projects"`
	RegisteredCapital       *Decimal `json:"registered_capital"` // tỷ đồng
	FDICapital              *Decimal `json:"fdi_capital"`        // triệu USD
	ExportImport            *Decimal `json:"export_import"`      // triệu USD
	Revenue                 *Decimal `json:"revenue"`            // tỷ đồng
	Budget                  *Decimal `json:"budget"`             // tỷ đồng
	Workers                 *int64   `json:"workers"`
	Staff                   *int64   `json:"staff"`
	Demo                    bool     `json:"demo"` // illustrative values, not reported
}

// IndicatorField is one key indicator, by its JSON key: exactly one of Int
// and Dec points into the Indicators it was taken from.
type IndicatorField struct {
	Key string
	Int **int64
	Dec **Decimal
	Max Decimal // the largest realistic value of one unit's report
}

// Value is the field as a Decimal (counts are whole), nil when unreported.
func (f IndicatorField) Value() *Decimal {
	if f.Int != nil {
		if *f.Int == nil {
			return nil
		}
		n := **f.Int
		if n > int64(MaxDecimal/DecimalScale) || n < -int64(MaxDecimal/DecimalScale) {
			d := MaxDecimal + 1 // beyond every bound; only old unbounded data
			return &d
		}
		d := Dec(n)
		return &d
	}
	return *f.Dec
}

// Clear makes the field unreported.
func (f IndicatorField) Clear() {
	if f.Int != nil {
		*f.Int = nil
		return
	}
	*f.Dec = nil
}

// Set stores v, whole for a count (the caller checks it is whole).
func (f IndicatorField) Set(v Decimal) {
	if f.Int != nil {
		n := int64(v / DecimalScale)
		*f.Int = &n
		return
	}
	*f.Dec = &v
}

// SetOrClear sets the indicator to *v, or clears it (unreported) when v
// is nil.
func (f IndicatorField) SetOrClear(v *Decimal) {
	switch {
	case v != nil:
		f.Set(*v)
	case f.Int != nil:
		*f.Int = nil
	default:
		*f.Dec = nil
	}
}

// Fields lists the key indicators in their usual order, so that every
// reader and writer of them (API, workbooks, documents) walks one list.
func (ind *Indicators) Fields() []IndicatorField {
	return []IndicatorField{
		{Key: "new_projects", Int: &ind.NewProjects, Max: Dec(maxCount)},
		{Key: "capital_increase_projects", Int: &ind.CapitalIncreaseProjects, Max: Dec(maxCount)},
		{Key: "registered_capital", Dec: &ind.RegisteredCapital, Max: Dec(maxMoney)},
		{Key: "fdi_capital", Dec: &ind.FDICapital, Max: Dec(maxMoney)},
		{Key: "export_import", Dec: &ind.ExportImport, Max: Dec(maxMoney)},
		{Key: "revenue", Dec: &ind.Revenue, Max: Dec(maxMoney)},
		{Key: "budget", Dec: &ind.Budget, Max: Dec(maxMoney)},
		{Key: "workers", Int: &ind.Workers, Max: Dec(maxPeople)},
		{Key: "staff", Int: &ind.Staff, Max: Dec(maxStaff)},
	}
}

// Realistic bounds of one unit's key indicators: a hundred times the
// largest figures of the seeds' reports (a province's zones count
// thousands of projects, hundreds of thousands of workers, money in the
// hundreds of thousands of tỷ đồng).
const (
	maxCount  = 100_000     // projects
	maxMoney  = 100_000_000 // tỷ đồng, triệu USD
	maxPeople = 100_000_000 // workers
	maxStaff  = MaxStaff    // civil servants of a board
)

// MaxStaff bounds the staff (CCVC) of one board.
const MaxStaff = 100_000

// CheckIndicators reports every field that is negative, beyond its
// realistic bound, or not whole for a count; fields are the JSON keys.
func (ind *Indicators) Check() ValidationError {
	var errs ValidationError
	for _, f := range ind.Fields() {
		v := f.Value()
		switch {
		case v == nil:
		case *v < 0:
			errs = append(errs, FieldError{Field: f.Key, Code: "negative", Message: "Không được là số âm"})
		case *v > f.Max:
			errs = append(errs, FieldError{Field: f.Key, Code: "too_large", Message: "Giá trị vượt mức tối đa có thể có (" + FormatDecimal(f.Max) + ")"})
		}
	}
	return errs
}

// Field returns the indicator with that key.
func (ind *Indicators) Field(key string) (IndicatorField, bool) {
	for _, f := range ind.Fields() {
		if f.Key == key {
			return f, true
		}
	}
	return IndicatorField{}, false
}

// IndicatorTotals sums indicators exactly; a field is nil when no unit
// reported it, and Missing counts the units that did not report it.
type IndicatorTotals struct {
	Indicators
	Missing  map[string]int  `json:"missing"`
	Overflow map[string]bool `json:"overflow,omitempty"` // totals too large to hold, left unreported
}

// TotalsLabel names the totals row of the key indicators: the bloc's own
// ("Toàn Khối") only when every member sent its figures, else whose they
// are ("Cộng 1/5 đơn vị đã gửi"). The report and the summary workbook
// both print it.
func TotalsLabel(reported, members int) string {
	if reported < members {
		return fmt.Sprintf("Cộng %d/%d đơn vị đã gửi", reported, members)
	}
	return "Toàn Khối"
}

// SumIndicators adds up a bloc's indicators, field by field, exactly.
func SumIndicators(rows []Indicators) IndicatorTotals {
	t := IndicatorTotals{Missing: map[string]int{}}
	totals := t.Fields()
	for i := range rows {
		for j, f := range rows[i].Fields() {
			dst := totals[j]
			ok := true
			switch {
			case f.Int != nil && *f.Int != nil:
				if *dst.Int == nil {
					*dst.Int = new(int64)
				}
				**dst.Int, ok = addInt(**dst.Int, **f.Int)
			case f.Dec != nil && *f.Dec != nil:
				if *dst.Dec == nil {
					*dst.Dec = new(Decimal)
				}
				**dst.Dec, ok = (**dst.Dec).Add(**f.Dec)
			default:
				t.Missing[f.Key]++
			}
			if !ok || t.Overflow[f.Key] {
				// Only data stored before input was bounded can get here:
				// the total is left unreported rather than wrong.
				if t.Overflow == nil {
					t.Overflow = map[string]bool{}
				}
				t.Overflow[f.Key] = true
				dst.Clear()
			}
		}
		t.Demo = t.Demo || rows[i].Demo
	}
	return t
}

// addInt returns a+b, and false when the sum overflows.
func addInt(a, b int64) (int64, bool) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, false
	}
	return s, true
}

// Movement is an emulation movement (phong trào thi đua) run in a year.
type Movement struct {
	ID         int64  `json:"id"`
	Bloc       string `json:"bloc"`
	Year       int    `json:"year"`
	Name       string `json:"name"`
	Period     string `json:"period,omitempty"`      // "giai đoạn 2019 - 2025"
	LaunchedBy string `json:"launched_by,omitempty"` // "Bộ trưởng Bộ Kế hoạch và Đầu tư"
	// Results is what the bloc's members achieved in the movement, as the
	// year-end report states it; empty when not recorded.
	Results string `json:"results,omitempty" maxlen:"4000"`
}

// Narrative keys: the free-text parts of the year's documents.
const (
	NarrSituation   = "tinh-hinh"    // general situation
	NarrStrengths   = "uu-diem"      // strengths
	NarrWeaknesses  = "han-che"      // shortcomings
	NarrCauses      = "nguyen-nhan"  // causes of the shortcomings
	NarrLessons     = "bai-hoc"      // lessons learned
	NarrDirections  = "phuong-huong" // next year's directions
	NarrCommitments = "cam-ket"      // covenant commitments
	NarrProposals   = "kien-nghi"    // recommendations to the ministry
	// NarrStateManagement opens the section on state management of the
	// zones; its default stands alone only when no field of it is written.
	NarrStateManagement = "quan-ly-nha-nuoc"
)

// NarrativeKeys lists the keys a narrative of the bloc may have, in the
// year-end report's order: the fields the members write (TextFields) are
// among them, the secretariat's text replacing what is composed from the
// members'.
var NarrativeKeys = []string{NarrSituation, FieldInvestment, NarrStateManagement, FieldPlanning, FieldEnvironment, FieldEnterprises, FieldReform, FieldParty,
	FieldEmulation, NarrStrengths, NarrWeaknesses, NarrCauses, NarrLessons, NarrDirections, NarrProposals, NarrCommitments}

// Narrative is one free-text part of the bloc's documents, written or
// accepted by the secretariat. Unit is always empty: a board's own texts
// are BoardText.
type Narrative struct {
	Bloc string `json:"bloc"`
	Year int    `json:"year"`
	Unit string `json:"unit,omitempty"`
	Key  string `json:"key"`
	Text string `json:"text" maxlen:"100000"`
}

// MaxNarrative bounds a narrative, in characters (the maxlen tag above).
const MaxNarrative = 100_000

// Vote subjects.
const (
	VoteFlag   = "co-thi-dua"
	VoteMerit  = "bang-khen"
	VoteLeader = "khoi-truong"
	VoteDeputy = "khoi-pho"
)

// Vote is the count of a vote at the conference for one unit on one subject.
type Vote struct {
	Bloc    string `json:"bloc"`
	Year    int    `json:"year"`
	Subject string `json:"subject"`
	Unit    string `json:"unit"`
	For     int    `json:"for"`
	Against int    `json:"against"`
	Voters  int    `json:"voters"`
}

// Award kinds.
const (
	AwardFlag  = "co-thi-dua"
	AwardMerit = "bang-khen"
)

// AwardLabel is how documents name an award kind.
func AwardLabel(kind string) string {
	switch kind {
	case AwardFlag:
		return "Cờ thi đua"
	case AwardMerit:
		return "Bằng khen"
	}
	return kind
}

// AwardDecision records what the conference decided (or reported), which
// can differ from what the rule proposes.
type AwardDecision struct {
	Bloc   string `json:"bloc"`
	Year   int    `json:"year"`
	Unit   string `json:"unit"`
	Kind   string `json:"kind"`
	Source string `json:"source"` // "reported" (from a real record) or "decided"
}

// Honour is an award a member itself received (not one the bloc proposes):
// "Bằng khen của Thủ tướng Chính phủ" to the board, or to some of its
// people, in the year or its first half.
type Honour struct {
	ID        int64  `json:"id"`
	Bloc      string `json:"bloc"`
	Year      int    `json:"year"`
	Unit      string `json:"unit"`
	Period    string `json:"period"`                           // year or h1
	Form      string `json:"form" maxlen:"300"`                // the award: "Bằng khen của Thủ tướng Chính phủ"
	Recipient string `json:"recipient,omitempty" maxlen:"300"` // empty: the board itself
	Decision  string `json:"decision,omitempty" maxlen:"300"`  // "Quyết định số 123/QĐ-TTg ngày 01/3/2024"
}

// Validate checks an honour's own fields.
func (h Honour) Validate() error {
	var c checker
	if h.Period != PeriodYear && h.Period != PeriodH1 {
		c.add("period", "period", "Kỳ phải là %q (cả năm) hoặc %q (6 tháng đầu năm)", PeriodYear, PeriodH1)
	}
	if strings.TrimSpace(h.Form) == "" {
		c.add("form", "required", "Cần ghi hình thức khen thưởng (ví dụ: Bằng khen của Thủ tướng Chính phủ)")
	}
	return c.result()
}
