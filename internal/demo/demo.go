// Package demo loads the three demonstration blocs into an empty store. The
// facts (blocs, members, leaders, conference dates and places, movements,
// awards and the 2022 totals of the Tây Nguyên – Duyên hải miền Trung bloc)
// come from the news reports in shared/seeds; every figure the reports do not
// give (per-unit indicators, scores, votes) is generated, deterministically,
// flagged Demo, and made to add up to the reported totals.
package demo

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// Bloc slugs of the demo data (DESIGN §5).
const (
	TayNguyen = "tay-nguyen-duyen-hai-mien-trung"
	TrungDu   = "trung-du-mien-nui-phia-bac"
	BacTrung  = "bac-trung-bo"
)

// Load writes the demo blocs into s. It is meant for an empty store; run on
// a filled one it updates the demo records in place.
func Load(ctx context.Context, s store.Store, templates fs.FS) error {
	cs, err := criteria.Load(templates, criteria.DefaultFile)
	if err != nil {
		return err
	}
	for _, b := range blocs() {
		if err := loadBloc(ctx, s, b, cs); err != nil {
			return fmt.Errorf("nạp dữ liệu mẫu khối %s: %w", b.bloc.Slug, err)
		}
	}
	return nil
}

// unitSpec is a member board as the seeds name it.
type unitSpec struct {
	slug, kind, full, short, province string
	head, title                       string
	weight                            int64 // share used to split bloc totals
	renamed                           *domain.NameVersion
	provinceLater                     *domain.NameVersion
	mergedInto, mergedOn              string
	region                            string // the bloc's grouping of its members
}

// yearSpec is what the seeds report of one year of a bloc.
type yearSpec struct {
	year                 int
	leader, deputy, host string
	date, time, place    string
	chairs, guests       []domain.Person
	flags, merits        []string // reported award decisions
	nextLeader           string
	nextDeputy           string
	movements            []domain.Movement
	totals               *totals // reported bloc totals, if any
	numbers              map[string]string
	guidance             string // the ministry's letter of the year, as the reports cite it
	rule                 domain.AwardRule
	narratives           map[string]string
	members              []string // nil: every unit of the bloc
	notSubmitted         []string // units with no score sheet yet
	discussion           string   // the minutes' summary of the debate, one point a line, as the reports tell it
	// sourced says which of the year's leader ("leader") and deputy
	// ("deputy") the bloc's published reports (the seeds) name; the
	// others are an illustration.
	sourced []string
	// planMet: the published report says the year's targets were met, so
	// the illustrative plans stay at or under what was achieved.
	planMet bool
}

func (y yearSpec) missing() []string { return y.notSubmitted }

// real says what of the year's demo data comes from the bloc's published
// reports (the seeds): the members' names always; the leader and the
// deputy when a report names them; the bloc's totals and the award
// decisions when the spec has them. Everything else is an illustration.
func (y yearSpec) real() string {
	parts := []string{"tên đơn vị"}
	if slices.Contains(y.sourced, "leader") {
		parts = append(parts, "Khối trưởng")
	}
	if slices.Contains(y.sourced, "deputy") {
		parts = append(parts, "Khối phó")
	}
	if y.totals != nil {
		parts = append(parts, "tổng toàn Khối")
	}
	if len(y.flags)+len(y.merits) > 0 {
		parts = append(parts, "danh sách đơn vị được khen thưởng")
	}
	return strings.Join(parts, ", ")
}

// totals are the reported key indicators of a whole bloc.
type totals struct {
	newProjects, increase       int64
	capital, exim, revenue, tax domain.Decimal
	staff                       int64
}

type blocSpec struct {
	bloc  domain.Bloc
	units []unitSpec
	years []yearSpec
}

func loadBloc(ctx context.Context, s store.Store, b blocSpec, base domain.CriteriaSet) error {
	if err := s.PutBloc(ctx, b.bloc); err != nil {
		return err
	}
	for _, u := range b.units {
		names := domain.NameHistory{{Full: u.full, Short: u.short}}
		if u.renamed != nil {
			names = append(names, *u.renamed)
		}
		prov := domain.NameHistory{{Full: u.province}}
		if u.provinceLater != nil {
			prov = append(prov, *u.provinceLater)
		}
		if err := s.PutUnit(ctx, domain.Unit{Slug: u.slug, Kind: u.kind, Names: names, Province: prov}); err != nil {
			return err
		}
	}
	for _, u := range b.units { // second pass: merge targets exist now
		if u.mergedInto == "" {
			continue
		}
		cur, err := s.GetUnit(ctx, u.slug)
		if err != nil {
			return err
		}
		cur.MergedInto, cur.MergedOn = u.mergedInto, u.mergedOn
		if err := s.PutUnit(ctx, cur); err != nil {
			return err
		}
	}
	for _, y := range b.years {
		if err := loadYear(ctx, s, b, y, base); err != nil {
			return fmt.Errorf("năm %d: %w", y.year, err)
		}
	}
	return closeHeld(ctx, s, b)
}

// closeHeld closes the years whose conference was held, as their
// secretariat would have that afternoon: a late workbook cannot change
// them. The others stay open.
func closeHeld(ctx context.Context, s store.Store, b blocSpec) error {
	for _, y := range b.years {
		if y.date == "" {
			continue
		}
		held, err := time.ParseInLocation(domain.DateLayout, y.date, vn.Zone())
		if err != nil {
			return fmt.Errorf("năm %d: %w", y.year, err)
		}
		settings, err := s.GetYear(ctx, b.bloc.Slug, y.year)
		if err != nil {
			return fmt.Errorf("năm %d: %w", y.year, err)
		}
		err = s.UpdateYearState(ctx, b.bloc.Slug, y.year, func(st *domain.YearState) error {
			return st.Close(settings, "thuky-"+b.bloc.Slug, held.Add(17*time.Hour))
		})
		if err != nil {
			return fmt.Errorf("khoá sổ năm %d: %w", y.year, err)
		}
	}
	return nil
}

// loadLeft keeps, as members until the day before, the boards merged into
// another during the year (1 July 2025): they reported on the first half
// under their own names, and their half-year figures are generated.
func loadLeft(ctx context.Context, s store.Store, b blocSpec, y yearSpec, members []unitSpec) error {
	in := map[string]bool{}
	for _, u := range members {
		in[u.slug] = true
	}
	order := len(members)
	for _, u := range b.units {
		if in[u.slug] || u.mergedOn == "" || !strings.HasPrefix(u.mergedOn, fmt.Sprint(y.year)+"-") {
			continue
		}
		on, err := time.Parse(domain.DateLayout, u.mergedOn)
		if err != nil {
			return err
		}
		order++
		st := noise(40, 120, u.slug, y.year, "staff")
		m := domain.Membership{Bloc: b.bloc.Slug, Year: y.year, Unit: u.slug, Order: order, HeadName: u.head, HeadTitle: u.title, Staff: &st,
			Region: u.region, Until: on.AddDate(0, 0, -1).Format(domain.DateLayout)}
		if err := s.PutMembership(ctx, m); err != nil {
			return err
		}
		half := y
		half.totals = nil // the bloc's totals are the members' at the year's end
		for _, ind := range indicators(half, []unitSpec{u}, []int64{st}) {
			if ind.Period == domain.PeriodYear { // it left before the year's end
				continue
			}
			if err := s.PutIndicators(ctx, ind); err != nil {
				return err
			}
		}
	}
	return nil
}

func loadYear(ctx context.Context, s store.Store, b blocSpec, y yearSpec, base domain.CriteriaSet) error {
	units := b.units
	if y.members != nil {
		by := map[string]unitSpec{}
		for _, u := range b.units {
			by[u.slug] = u
		}
		units = nil
		for _, slug := range y.members {
			units = append(units, by[slug])
		}
	}
	staff := split(y.totals, units, func(t *totals) int64 { return t.staff }, 40, 120)
	if y.totals == nil || y.totals.staff == 0 {
		// A board that took another in on 1 July took its staff too
		// (loadLeft gives the merged board the same figure).
		for i, u := range units {
			for _, o := range b.units {
				if o.mergedInto == u.slug && strings.HasPrefix(o.mergedOn, fmt.Sprint(y.year)+"-") {
					staff[i] += noise(40, 120, o.slug, y.year, "staff")
				}
			}
		}
	}
	for i, u := range units {
		st := staff[i]
		m := domain.Membership{Bloc: b.bloc.Slug, Year: y.year, Unit: u.slug, Order: i + 1, HeadName: u.head, HeadTitle: u.title, Staff: &st, Region: u.region}
		if err := s.PutMembership(ctx, m); err != nil {
			return err
		}
	}
	if err := loadLeft(ctx, s, b, y, units); err != nil {
		return err
	}
	by := domain.BlocYear{Bloc: b.bloc.Slug, Year: y.year, Leader: y.leader, Deputy: y.deputy, Host: y.host, Guidance: y.guidance,
		ConferenceDate: y.date, ConferenceTime: y.time, ConferencePlace: y.place, Chairs: y.chairs, Guests: y.guests,
		DocNumbers: y.numbers, Awards: y.rule, Demo: true, Minutes: domain.Minutes{Discussion: y.discussion},
		Deadlines: domain.Deadlines{MidYear: fmt.Sprintf("%d-06-15", y.year), YearEnd: fmt.Sprintf("%d-11-30", y.year)},
		DemoReal:  y.real()}
	if err := s.PutYear(ctx, by); err != nil {
		return err
	}
	for _, m := range y.movements {
		m.Bloc, m.Year = b.bloc.Slug, y.year
		if _, err := s.AddMovement(ctx, m); err != nil {
			return err
		}
	}
	for _, ind := range indicators(y, units, staff) {
		if err := s.PutIndicators(ctx, ind); err != nil {
			return err
		}
	}
	for k, text := range y.narratives {
		if err := s.PutNarrative(ctx, domain.Narrative{Bloc: b.bloc.Slug, Year: y.year, Key: k, Text: text}); err != nil {
			return err
		}
	}
	if y.narratives[domain.NarrLessons] == "" {
		if err := s.PutNarrative(ctx, domain.Narrative{Bloc: b.bloc.Slug, Year: y.year, Key: domain.NarrLessons, Text: lessons(b.bloc.Slug, y.year)}); err != nil {
			return err
		}
	}
	cs := base
	cs.Bloc, cs.Year = b.bloc.Slug, y.year
	cs, err := s.AddCriteria(ctx, cs)
	if err != nil {
		return err
	}
	for _, sheet := range scores(cs, y, units) {
		if err := s.PutScores(ctx, sheet); err != nil {
			return err
		}
	}
	var ds []domain.AwardDecision
	for _, u := range y.flags {
		ds = append(ds, domain.AwardDecision{Unit: u, Kind: domain.AwardFlag, Source: "reported"})
	}
	for _, u := range y.merits {
		ds = append(ds, domain.AwardDecision{Unit: u, Kind: domain.AwardMerit, Source: "reported"})
	}
	if err := s.PutAwardDecisions(ctx, b.bloc.Slug, y.year, ds); err != nil {
		return err
	}
	if err := s.PutVotes(ctx, b.bloc.Slug, y.year, votes(b.bloc.Slug, y, len(units))); err != nil {
		return err
	}
	return loadTexts(ctx, s, b.bloc.Slug, y.year)
}

// ReopenAll reopens every year Load closed after its conference: for
// tests that change past years' data, as an administrator would first.
func ReopenAll(ctx context.Context, s store.Store) error {
	blocs, err := s.ListBlocs(ctx)
	if err != nil {
		return err
	}
	for _, b := range blocs {
		years, err := s.ListYears(ctx, b.Slug)
		if err != nil {
			return err
		}
		for _, y := range years {
			st, err := s.YearState(ctx, b.Slug, y)
			if err != nil {
				return err
			}
			if !st.Closed() {
				continue
			}
			err = s.UpdateYearState(ctx, b.Slug, y, func(st *domain.YearState) error {
				return st.Reopen("admin", "Mở lại để thử thay đổi dữ liệu năm đã khoá sổ", time.Now())
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}
