package domain

import (
	"fmt"
	"sort"
)

// Score is one unit's marks on one line of the criteria set. Self is the
// board's own mark, Bloc the mark agreed by the bloc; either may be missing.
type Score struct {
	Code   string   `json:"code"`
	Self   *Decimal `json:"self"`
	Bloc   *Decimal `json:"bloc"`
	Remark string   `json:"remark,omitempty" maxlen:"4000"`
}

// Effective is the mark that counts: the bloc's when given, else the self mark.
func (s Score) Effective() (Decimal, bool) {
	if s.Bloc != nil {
		return *s.Bloc, true
	}
	if s.Self != nil {
		return *s.Self, true
	}
	return 0, false
}

// UnitScores is one unit's sheet for a year against one criteria set.
type UnitScores struct {
	Bloc        string  `json:"bloc"`
	Year        int     `json:"year"`
	Unit        string  `json:"unit"`
	SetID       int64   `json:"set_id"`
	Scores      []Score `json:"scores"`
	SubmittedAt string  `json:"submitted_at,omitempty"`
	// MarkedAt is when the bloc last changed the sheet's marks (RFC 3339;
	// empty: never). An upload keeps it.
	MarkedAt string `json:"marked_at,omitempty"`
	Demo     bool   `json:"demo"`
}

// ByCode indexes the scores.
func (u UnitScores) ByCode() map[string]Score {
	m := make(map[string]Score, len(u.Scores))
	for _, s := range u.Scores {
		m[s.Code] = s
	}
	return m
}

// ValidateScores checks every mark against the set: known code, not
// negative, not above the maximum, a multiple of the step. All errors are
// returned together; field names are the criterion codes.
func ValidateScores(cs CriteriaSet, scores []Score) error {
	lines := map[string]Line{}
	for _, l := range cs.Lines() {
		lines[l.Code] = l
	}
	var errs ValidationError
	seen := map[string]bool{}
	for _, s := range scores {
		l, ok := lines[s.Code]
		if !ok {
			errs = append(errs, FieldError{Field: s.Code, Code: "score_unknown_criterion", Message: fmt.Sprintf("Không có tiêu chí mã %s trong bảng tiêu chí", s.Code)})
			continue
		}
		if seen[s.Code] {
			errs = append(errs, FieldError{Field: s.Code, Code: "score_duplicate", Message: fmt.Sprintf("Tiêu chí %s được chấm hai lần", s.Code)})
		}
		seen[s.Code] = true
		for _, v := range []*Decimal{s.Self, s.Bloc} {
			if v == nil {
				continue
			}
			if fe, bad := CheckMark(l.Criterion, *v); bad {
				fe.Field = s.Code
				errs = append(errs, fe)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// CheckMark tells whether v is an acceptable mark for c, and why not.
func CheckMark(c Criterion, v Decimal) (FieldError, bool) {
	switch {
	case v < 0:
		return FieldError{Code: "score_negative", Message: fmt.Sprintf("điểm %s là số âm", FormatDecimal(v))}, true
	case v > c.Max:
		return FieldError{Code: "score_above_max", Message: fmt.Sprintf("điểm %s vượt điểm chuẩn %s", FormatDecimal(v), FormatDecimal(c.Max))}, true
	case !v.MultipleOf(c.StepOrDefault()):
		return FieldError{Code: "score_step", Message: fmt.Sprintf("điểm %s không phải bội số của %s", FormatDecimal(v), FormatDecimal(c.StepOrDefault()))}, true
	}
	return FieldError{}, false
}

// Result is a unit's computed outcome for the year.
type Result struct {
	Unit         string             `json:"unit"`
	Submitted    bool               `json:"submitted"`
	SectionTotal map[string]Decimal `json:"section_totals"`
	Criteria     Decimal            `json:"criteria"`   // sum of criteria marks
	Bonus        Decimal            `json:"bonus"`      // capped
	Deductions   Decimal            `json:"deductions"` // capped
	Total        Decimal            `json:"total"`
	SelfTotal    Decimal            `json:"self_total"` // same computation on self marks only
	Votes        int                `json:"votes"`
	Rank         int                `json:"rank"` // 0 when not submitted
}

// Compute totals one unit's marks: the criteria sum, plus bonus up to its
// cap, minus deductions up to their cap, all exact.
func Compute(cs CriteriaSet, us UnitScores) Result {
	r := Result{Unit: us.Unit, SectionTotal: map[string]Decimal{}}
	by := us.ByCode()
	var selfCrit, selfBonus, selfDed Decimal
	for _, l := range cs.Lines() {
		s, ok := by[l.Code]
		if !ok {
			continue
		}
		if v, ok := s.Effective(); ok {
			r.Submitted = true
			switch l.Kind {
			case LineCriterion:
				r.Criteria += v
				r.SectionTotal[l.Section] += v
			case LineBonus:
				r.Bonus += v
			case LineDeduction:
				r.Deductions += v
			}
		}
		if s.Self != nil {
			switch l.Kind {
			case LineCriterion:
				selfCrit += *s.Self
			case LineBonus:
				selfBonus += *s.Self
			case LineDeduction:
				selfDed += *s.Self
			}
		}
	}
	capBonus := func(b Decimal) Decimal {
		if cs.BonusCap > 0 {
			return Min(b, cs.BonusCap)
		}
		return b
	}
	capDed := func(d Decimal) Decimal {
		if cs.DeductionCap > 0 {
			return Min(d, cs.DeductionCap)
		}
		return d
	}
	r.Bonus, r.Deductions = capBonus(r.Bonus), capDed(r.Deductions)
	r.Total = r.Criteria + r.Bonus - r.Deductions
	r.SelfTotal = selfCrit + capBonus(selfBonus) - capDed(selfDed)
	return r
}

// Rank computes every member's result and ranks them: by total, then by the
// configured tie-breakers; units that did not submit come last, unranked.
// Units equal on every key share a rank (1, 1, 3).
func Rank(cs CriteriaSet, members []string, sheets []UnitScores, votes map[string]int, tie []string) []Result {
	bySlug := map[string]UnitScores{}
	for _, s := range sheets {
		bySlug[s.Unit] = s
	}
	out := make([]Result, 0, len(members))
	for _, m := range members {
		r := Compute(cs, bySlug[m])
		r.Unit = m
		r.Votes = votes[m]
		out = append(out, r)
	}
	less := func(a, b Result) int { // <0 when a ranks before b
		if a.Total != b.Total {
			if a.Total > b.Total {
				return -1
			}
			return 1
		}
		for _, t := range tie {
			switch t {
			case TieFewerDeductions:
				if a.Deductions != b.Deductions {
					if a.Deductions < b.Deductions {
						return -1
					}
					return 1
				}
			case TieMoreBonus:
				if a.Bonus != b.Bonus {
					if a.Bonus > b.Bonus {
						return -1
					}
					return 1
				}
			case TieVotes:
				if a.Votes != b.Votes {
					if a.Votes > b.Votes {
						return -1
					}
					return 1
				}
			}
		}
		return 0
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := out[order[i]], out[order[j]]
		if a.Submitted != b.Submitted {
			return a.Submitted
		}
		if !a.Submitted {
			return false
		}
		return less(a, b) < 0
	})
	ranked := make([]Result, len(out))
	for pos, idx := range order {
		r := out[idx]
		if r.Submitted {
			r.Rank = pos + 1
			if pos > 0 && ranked[pos-1].Submitted && less(ranked[pos-1], r) == 0 {
				r.Rank = ranked[pos-1].Rank
			}
		}
		ranked[pos] = r
	}
	return ranked
}

// Proposal is an award the rule proposes for a unit, with its reason.
type Proposal struct {
	Unit   string  `json:"unit"`
	Kind   string  `json:"kind"`
	Rank   int     `json:"rank"`
	Total  Decimal `json:"total"`
	Reason string  `json:"reason"` // "Xếp thứ 1, 97,5 điểm"
}

// Propose applies the award rule to a ranking: Flags to the top units that
// reach FlagMin, up to the quota; Certificates to the next ones that reach
// MeritMin. A unit gets one award at most. A tie at the edge of a quota is
// not broken by chance: units sharing the last rank all enter or none does.
func Propose(rule AwardRule, ranked []Result) []Proposal {
	var out []Proposal
	taken := map[string]bool{}
	pick := func(kind string, quota int, min Decimal) {
		if quota <= 0 {
			return
		}
		n := 0
		for i, r := range ranked {
			if !r.Submitted || taken[r.Unit] || r.Total < min {
				continue
			}
			if n >= quota {
				break
			}
			// Count the whole group sharing this rank; skip it if it overflows.
			group := 0
			for _, q := range ranked[i:] {
				if q.Rank == r.Rank && !taken[q.Unit] {
					group++
				}
			}
			if n+group > quota && group > 1 {
				break
			}
			taken[r.Unit] = true
			n++
			out = append(out, Proposal{Unit: r.Unit, Kind: kind, Rank: r.Rank, Total: r.Total,
				Reason: fmt.Sprintf("Xếp thứ %d, %s điểm", r.Rank, FormatDecimal(r.Total))})
		}
	}
	pick(AwardFlag, rule.FlagQuota, rule.FlagMin)
	pick(AwardMerit, rule.MeritQuota, rule.MeritMin)
	return out
}

// SelfBySection sums a sheet's self marks per section.
func SelfBySection(cs *CriteriaSet, us UnitScores) map[string]Decimal {
	by := us.ByCode()
	out := map[string]Decimal{}
	for _, l := range cs.Lines() {
		if l.Kind == LineCriterion && by[l.Code].Self != nil {
			out[l.Section] += *by[l.Code].Self
		}
	}
	return out
}

// KeepBlocMarks returns a board's new marks with the bloc's agreed marks
// of its previous sheet kept: the board's workbook carries only its own.
func KeepBlocMarks(prev UnitScores, scores []Score) []Score {
	old := prev.ByCode()
	out := make([]Score, len(scores))
	for i, s := range scores {
		s.Bloc = old[s.Code].Bloc
		out[i] = s
	}
	return out
}
