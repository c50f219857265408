package demo

import (
	"hash/fnv"

	"github.com/thidua/thidua/internal/domain"
)

// noise returns a deterministic pseudo-random number in [lo, hi] for a key,
// so the demo data is the same on every machine and every run.
func noise(lo, hi int64, key ...any) int64 {
	h := fnv.New64a()
	for _, k := range key {
		h.Write([]byte(fmtAny(k)))
		h.Write([]byte{0})
	}
	if hi <= lo {
		return lo
	}
	// FNV's low bits mix poorly for keys that differ in a few bytes; the
	// finaliser of MurmurHash3 spreads every bit before the modulo.
	x := h.Sum64()
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return lo + int64(x%uint64(hi-lo+1))
}

func fmtAny(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return itoa(int64(x))
	case int64:
		return itoa(x)
	}
	return "?"
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}

// splitExact divides total among weights so that the parts add up to total
// exactly; the remainder of the integer division goes to the largest shares.
func splitExact(total int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	if sum == 0 {
		return out
	}
	var given int64
	for i, w := range weights {
		out[i] = total * w / sum
		given += out[i]
	}
	for i := 0; given < total; i = (i + 1) % len(out) {
		out[i]++
		given++
	}
	return out
}

// split gives each unit its share of a reported total, or a generated value
// in [lo, hi] when the total is not reported.
func split(t *totals, units []unitSpec, field func(*totals) int64, lo, hi int64) []int64 {
	if t != nil {
		return splitExact(field(t), weights(units))
	}
	out := make([]int64, len(units))
	for i, u := range units {
		out[i] = noise(lo, hi, u.slug, "staff")
	}
	return out
}

func weights(units []unitSpec) []int64 {
	w := make([]int64, len(units))
	for i, u := range units {
		w[i] = u.weight
	}
	return w
}

// fieldWeights are the units' sizes, each times a draw in [60, 140] % for
// one figure of one year.
func fieldWeights(units []unitSpec, year int, field string) []int64 {
	w := make([]int64, len(units))
	for i, u := range units {
		w[i] = u.weight * noise(60, 140, u.slug, year, field, "share")
	}
	return w
}

// splitDec splits a whole-number decimal total into whole-number parts.
func splitDec(total domain.Decimal, weights []int64) []domain.Decimal {
	parts := splitExact(int64(total)/domain.DecimalScale, weights)
	out := make([]domain.Decimal, len(parts))
	for i, p := range parts {
		out[i] = domain.Dec(p)
	}
	// Carry any fraction of the total on the first unit.
	out[0] += total % domain.DecimalScale
	return out
}

// indicators generates each unit's key indicators for the year (and the
// first half-year), adding up to the reported totals where there are some.
func indicators(y yearSpec, units []unitSpec, staff []int64) []domain.Indicators {
	n := len(units)
	newP, incP := make([]int64, n), make([]int64, n)
	capital, exim, revenue, tax := make([]domain.Decimal, n), make([]domain.Decimal, n), make([]domain.Decimal, n), make([]domain.Decimal, n)
	if t := y.totals; t != nil {
		// Each figure split by the unit's size times its own draw, so that
		// a unit strong in trade need not be strong in projects: rows
		// differ from one another and still add up to the published totals.
		w := func(field string) []int64 { return fieldWeights(units, y.year, field) }
		newP, incP = splitExact(t.newProjects, w("new")), splitExact(t.increase, w("inc"))
		capital, exim, revenue, tax = splitDec(t.capital, w("cap")), splitDec(t.exim, w("exim")), splitDec(t.revenue, w("rev")), splitDec(t.tax, w("tax"))
	} else {
		for i, u := range units {
			w := u.weight
			newP[i] = noise(2, 4+w/2, u.slug, y.year, "new")
			incP[i] = noise(3, 6+w/2, u.slug, y.year, "inc")
			capital[i] = domain.Dec(noise(300*w, 700*w, u.slug, y.year, "cap"))
			exim[i] = domain.Dec(noise(100*w, 250*w, u.slug, y.year, "exim"))
			revenue[i] = domain.Dec(noise(2000*w, 4500*w, u.slug, y.year, "rev"))
			tax[i] = domain.Dec(noise(200*w, 500*w, u.slug, y.year, "tax"))
		}
	}
	var out []domain.Indicators
	for i, u := range units {
		fdi := domain.Dec(noise(20*u.weight, 90*u.weight, u.slug, y.year, "fdi")) + domain.Decimal(noise(0, 9, u.slug, y.year, "fdi-frac")*100)
		workers := noise(3000*u.weight, 6000*u.weight, u.slug, y.year, "workers")
		st := staff[i]
		full := domain.Indicators{Unit: u.slug, Year: y.year, Period: domain.PeriodYear,
			NewProjects: ptr(newP[i]), CapitalIncreaseProjects: ptr(incP[i]),
			RegisteredCapital: ptr(capital[i]), FDICapital: ptr(fdi), ExportImport: ptr(exim[i]),
			Revenue: ptr(revenue[i]), Budget: ptr(tax[i]), Workers: ptr(workers), Staff: ptr(st), Demo: true}
		half := domain.Indicators{Unit: u.slug, Year: y.year, Period: domain.PeriodH1,
			NewProjects: ptr(newP[i] * 4 / 10), CapitalIncreaseProjects: ptr(incP[i] * 45 / 100),
			RegisteredCapital: ptr(capital[i] * 42 / 100), FDICapital: ptr(fdi * 4 / 10 / 100 * 100), ExportImport: ptr(exim[i] * 47 / 100),
			Revenue: ptr(revenue[i] * 46 / 100), Budget: ptr(tax[i] * 44 / 100), Workers: ptr(workers * 97 / 100), Staff: ptr(st), Demo: true}
		half.RegisteredCapital = ptr(*half.RegisteredCapital / domain.DecimalScale * domain.DecimalScale)
		half.ExportImport = ptr(*half.ExportImport / domain.DecimalScale * domain.DecimalScale)
		half.Revenue = ptr(*half.Revenue / domain.DecimalScale * domain.DecimalScale)
		half.Budget = ptr(*half.Budget / domain.DecimalScale * domain.DecimalScale)
		// The plan registered at the start of the year: round figures
		// near what was then achieved, some above, some below.
		plan := func(v domain.Decimal, key string) *domain.Decimal {
			hi := int64(112)
			if y.planMet {
				hi = 100 // the report says the targets were met
			}
			p := v * domain.Decimal(noise(90, hi, u.slug, y.year, "plan", key)) / 100
			return ptr(max(p/domain.DecimalScale, 1) * domain.DecimalScale)
		}
		planInt := func(n int64, key string) *int64 {
			hi := int64(115)
			if y.planMet {
				hi = 100
			}
			return ptr(max(n*noise(85, hi, u.slug, y.year, "plan", key)/100, 1))
		}
		target := domain.Indicators{Unit: u.slug, Year: y.year, Period: domain.PeriodPlan,
			NewProjects: planInt(newP[i], "new"), CapitalIncreaseProjects: planInt(incP[i], "inc"),
			RegisteredCapital: plan(capital[i], "cap"), ExportImport: plan(exim[i], "exim"), Revenue: plan(revenue[i], "rev"), Budget: plan(tax[i], "tax"), Demo: true}
		out = append(out, full, half, target)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// ranking orders the units for generated scores: the reported Flag units
// first, then the Certificate units, then the rest in a fixed pseudo-random
// order.
func ranking(y yearSpec, units []unitSpec) []string {
	var order []string
	seen := map[string]bool{}
	for _, s := range append(append([]string{}, y.flags...), y.merits...) {
		order = append(order, s)
		seen[s] = true
	}
	rest := make([]unitSpec, 0, len(units))
	for _, u := range units {
		if !seen[u.slug] {
			rest = append(rest, u)
		}
	}
	for i := 1; i < len(rest); i++ { // insertion sort by a stable hash
		for j := i; j > 0 && noise(0, 1<<30, rest[j].slug, y.year) > noise(0, 1<<30, rest[j-1].slug, y.year); j-- {
			rest[j], rest[j-1] = rest[j-1], rest[j]
		}
	}
	for _, u := range rest {
		order = append(order, u.slug)
	}
	return order
}

// scores generates every unit's sheet so that the ranking follows ranking():
// the first totals between 96,5 and 99,25 and each next one falls by a
// quarter point to a point and a half, the figures drawn per bloc, year and
// rank, so that no two blocs or years share a ladder; each total is reached
// by taking quarter points off pseudo-randomly chosen criteria. The host
// earns a bonus point; the last unit a late-report deduction. Units listed
// in missing get no sheet.
func scores(cs domain.CriteriaSet, y yearSpec, units []unitSpec) []domain.UnitScores {
	order := ranking(y, units)
	var crit []domain.Criterion
	for _, s := range cs.Sections {
		crit = append(crit, s.Criteria...)
	}
	var out []domain.UnitScores
	target := domain.Decimal(noise(386, 397, cs.Bloc, y.year, "top") * 250) // 96,5 … 99,25
	for k, slug := range order {
		if k > 0 {
			target -= domain.Decimal(noise(1, 6, cs.Bloc, y.year, k, "gap") * 250) // 0,25 … 1,5
		}
		if contains(y.missing(), slug) {
			continue
		}
		var bonus, ded domain.Decimal
		var extra []domain.Score
		if slug == y.host && len(cs.Bonus) > 2 {
			bonus = domain.Dec(1)
			extra = append(extra, domain.Score{Code: cs.Bonus[2].Code, Self: ptr(bonus), Bloc: ptr(bonus), Remark: "Đăng cai Hội nghị tổng kết của Khối"})
		}
		if k == len(order)-1 && len(cs.Deductions) > 0 {
			ded = domain.Decimal(500)
			extra = append(extra, domain.Score{Code: cs.Deductions[0].Code, Self: ptr(ded), Bloc: ptr(ded), Remark: "Gửi báo cáo 6 tháng chậm hạn"})
		}
		marks := make([]domain.Decimal, len(crit))
		var sum domain.Decimal
		for i, c := range crit {
			marks[i] = c.Max
			sum += c.Max
		}
		need := sum - (target - bonus + ded)
		for step := int64(0); need > 0; step++ {
			i := int(noise(0, int64(len(crit)-1), slug, y.year, step))
			if marks[i] >= crit[i].StepOrDefault()+crit[i].Max/2 {
				marks[i] -= domain.DefaultStep
				need -= domain.DefaultStep
			}
		}
		sheet := domain.UnitScores{Bloc: cs.Bloc, Year: y.year, Unit: slug, SetID: cs.ID, Demo: true}
		selfUp := int(noise(0, int64(len(crit)-1), slug, y.year, "self"))
		for i, c := range crit {
			bloc := marks[i]
			self := bloc
			if i == selfUp && bloc+domain.DefaultStep <= c.Max {
				self = bloc + domain.DefaultStep // the board claimed a quarter point the bloc did not agree
			}
			sc := domain.Score{Code: c.Code, Self: ptr(self), Bloc: ptr(bloc)}
			if self != bloc {
				sc.Remark = "Khối chấm lại theo minh chứng"
			}
			sheet.Scores = append(sheet.Scores, sc)
		}
		sheet.Scores = append(sheet.Scores, extra...)
		out = append(out, sheet)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// votes generates the conference's vote counts: unanimous for the reported
// awards and for next year's leader and deputy, as the reports say ("100%
// thống nhất").
func votes(bloc string, y yearSpec, voters int) []domain.Vote {
	var out []domain.Vote
	add := func(subject, unit string) {
		if unit != "" {
			out = append(out, domain.Vote{Bloc: bloc, Year: y.year, Subject: subject, Unit: unit, For: voters, Voters: voters})
		}
	}
	for _, u := range y.flags {
		add(domain.VoteFlag, u)
	}
	for _, u := range y.merits {
		add(domain.VoteMerit, u)
	}
	add(domain.VoteLeader, y.nextLeader)
	add(domain.VoteDeputy, y.nextDeputy)
	return out
}
