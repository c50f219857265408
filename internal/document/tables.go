package document

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// The builders below write the data tables as markup; templates place them.

func cell(s string) string { return " " + Escape(s) + " |" }

func decOr(d *domain.Decimal) string {
	if d == nil {
		return "-"
	}
	return domain.FormatDecimal(*d)
}

func intOr(n *int64) string {
	if n == nil {
		return "-"
	}
	return vn.GroupInt(*n)
}

// indicatorTable lists every member's key indicators with exact totals. A
// member with no report says "Chưa nộp", never zero; a figure not reported
// is "-".
func indicatorTable(members []Member, rows []domain.Indicators, totals bool) string {
	by := map[string]domain.Indicators{}
	for _, r := range rows {
		by[r.Unit] = r
	}
	var b strings.Builder
	t := 0
	if totals {
		t = 1
	}
	fmt.Fprintf(&b, "@table widths=8,30,10,10,14,13,14,15,13 align=C,L,R,R,R,R,R,R,R size=10 totals=%d\n", t)
	b.WriteString("@hr | {rs=2} STT | {rs=2} Đơn vị | {cs=2} Số dự án | {cs=2} Vốn đăng ký | {rs=2} Kim ngạch XNK (triệu USD) | {rs=2} Doanh thu (tỷ đồng) | {rs=2} Nộp NSNN (tỷ đồng) |\n")
	b.WriteString("@hr | Mới | Tăng vốn | Tổng (tỷ đồng) | FDI (triệu USD) |\n")
	var reported []domain.Indicators
	for i, m := range members {
		fmt.Fprintf(&b, "@tr |%s%s", cell(fmt.Sprint(i+1)), cell(m.Short))
		r, ok := by[m.Slug]
		if !ok {
			b.WriteString(" {cs=7,c,i} Chưa nộp |\n")
			continue
		}
		reported = append(reported, r)
		for _, s := range []string{intOr(r.NewProjects), intOr(r.CapitalIncreaseProjects), decOr(r.RegisteredCapital), decOr(r.FDICapital), decOr(r.ExportImport), decOr(r.Revenue), decOr(r.Budget)} {
			b.WriteString(cell(s))
		}
		b.WriteString("\n")
	}
	if totals {
		s := domain.SumIndicators(reported)
		fmt.Fprintf(&b, "@tr | {cs=2,c} Toàn Khối |")
		for _, c := range []string{intOr(s.NewProjects), intOr(s.CapitalIncreaseProjects), decOr(s.RegisteredCapital), decOr(s.FDICapital), decOr(s.ExportImport), decOr(s.Revenue), decOr(s.Budget)} {
			b.WriteString(cell(c))
		}
		b.WriteString("\n")
	}
	b.WriteString("@endtable\n")
	return b.String()
}

// byUnit indexes the members by slug.
func (v *View) byUnit() map[string]Member {
	m := make(map[string]Member, len(v.Members))
	for _, mb := range v.Members {
		m[mb.Slug] = mb
	}
	return m
}

// rankingTable lists totals and ranks in rank order; members that have not
// submitted come last as "Chưa nộp".
func rankingTable(d *domain.YearData, v *View) string {
	if d.Criteria == nil {
		return "@p __Chưa có bảng tiêu chí chấm điểm cho năm " + fmt.Sprint(d.Year) + ".__\n"
	}
	names := v.byUnit()
	var b strings.Builder
	b.WriteString("@table widths=9,44,14,12,12,14,14,12 align=C,L,R,R,R,R,R,C size=11\n")
	b.WriteString("@hr | STT | Đơn vị | Điểm các tiêu chí | Điểm thưởng | Điểm trừ | Tổng điểm Khối chấm | Tổng điểm tự chấm | Xếp hạng |\n")
	for i, r := range d.Ranking {
		fmt.Fprintf(&b, "@tr |%s%s", cell(fmt.Sprint(i+1)), cell(names[r.Unit].Short))
		if !r.Submitted {
			b.WriteString(" {cs=6,c,i} Chưa nộp |\n")
			continue
		}
		for _, s := range []string{domain.FormatDecimal(r.Criteria), domain.FormatDecimal(r.Bonus), domain.FormatDecimal(r.Deductions), domain.FormatDecimal(r.Total), domain.FormatDecimal(r.SelfTotal), fmt.Sprint(r.Rank)} {
			b.WriteString(cell(s))
		}
		b.WriteString("\n")
	}
	b.WriteString("@endtable\n")
	return b.String()
}

// summaryTable is the landscape score summary: section totals per member,
// self and bloc, then bonus, deductions, totals, rank and proposed award.
func summaryTable(d *domain.YearData, v *View) string {
	cs := d.Criteria
	if cs == nil {
		return "@p __Chưa có bảng tiêu chí chấm điểm.__\n"
	}
	names := v.byUnit()
	award := map[string]string{}
	for _, a := range append(append([]Award{}, v.Flags...), v.Merits...) {
		award[a.Slug] = domain.AwardLabel(a.Kind)
	}
	n := len(cs.Sections)
	widths := []string{"9", "34"}
	aligns := []string{"C", "L"}
	for range cs.Sections {
		widths = append(widths, "11", "11")
		aligns = append(aligns, "R", "R")
	}
	widths = append(widths, "12", "11", "12", "12", "10", "16")
	aligns = append(aligns, "R", "R", "R", "R", "C", "C")
	var b strings.Builder
	fmt.Fprintf(&b, "@table widths=%s align=%s size=10\n", strings.Join(widths, ","), strings.Join(aligns, ","))
	b.WriteString("@hr | {rs=2} STT | {rs=2} Đơn vị |")
	for _, s := range cs.Sections {
		b.WriteString(" {cs=2}" + cell(fmt.Sprintf("Mục %s (%s điểm)", s.Code, domain.FormatDecimal(s.Max))))
	}
	b.WriteString(" {rs=2} Điểm thưởng | {rs=2} Điểm trừ | {cs=2} Tổng điểm | {rs=2} Xếp hạng | {rs=2} Đề nghị khen thưởng |\n@hr |")
	for range cs.Sections {
		b.WriteString(" Tự chấm | Khối chấm |")
	}
	b.WriteString(" Tự chấm | Khối chấm |\n")
	sheets := map[string]domain.UnitScores{}
	for _, s := range d.Sheets {
		sheets[s.Unit] = s
	}
	for i, r := range d.Ranking {
		fmt.Fprintf(&b, "@tr |%s%s", cell(fmt.Sprint(i+1)), cell(names[r.Unit].Short))
		if !r.Submitted {
			fmt.Fprintf(&b, " {cs=%d,c,i} Chưa nộp |\n", 2*n+6)
			continue
		}
		self := domain.SelfBySection(cs, sheets[r.Unit])
		for _, s := range cs.Sections {
			b.WriteString(cell(domain.FormatDecimal(self[s.Code])) + cell(domain.FormatDecimal(r.SectionTotal[s.Code])))
		}
		for _, s := range []string{domain.FormatDecimal(r.Bonus), domain.FormatDecimal(r.Deductions), domain.FormatDecimal(r.SelfTotal), domain.FormatDecimal(r.Total), fmt.Sprint(r.Rank), award[r.Unit]} {
			b.WriteString(cell(s))
		}
		b.WriteString("\n")
	}
	b.WriteString("@endtable\n")
	return b.String()
}

// detailTable is every criterion (rows) × every member (columns, by
// province): the bloc's mark, with the self mark in brackets where they
// differ.
func detailTable(d *domain.YearData, v *View) string {
	cs := d.Criteria
	if cs == nil || len(v.Members) == 0 {
		return ""
	}
	sheets := map[string]map[string]domain.Score{}
	for _, s := range d.Sheets {
		sheets[s.Unit] = s.ByCode()
	}
	results := map[string]domain.Result{}
	for _, r := range d.Ranking {
		results[r.Unit] = r
	}
	// The unit columns take what a province's name needs on one line
	// ("Quảng Ngãi", "Khánh Hòa"); the criterion's text takes the rest.
	unit := max(190/len(v.Members), 18)
	text := max(252-7-10-unit*len(v.Members), 34)
	widths := []string{"7", fmt.Sprint(text), "10"}
	aligns := []string{"C", "L", "R"}
	unitW := fmt.Sprint(unit)
	for range v.Members {
		widths = append(widths, unitW)
		aligns = append(aligns, "R")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "@table widths=%s align=%s size=8 totals=1\n", strings.Join(widths, ","), strings.Join(aligns, ","))
	fmt.Fprintf(&b, "@hr | {rs=2} Mã | {rs=2} Nội dung tiêu chí | {rs=2} Điểm chuẩn | {cs=%d} Điểm Khối chấm (điểm tự chấm nếu khác) |\n@hr |", len(v.Members))
	// Columns are named by province, short and familiar; after the 2025
	// mergers two boards can share one, and then their short names are used.
	count := map[string]int{}
	for _, m := range v.Members {
		count[m.Province]++
	}
	for _, m := range v.Members {
		label := strings.ReplaceAll(m.Province, " ", "\u00a0") // a province is never split
		if count[m.Province] > 1 || label == "" {
			label = m.Short
		}
		b.WriteString(cell(label))
	}
	b.WriteString("\n")
	mark := func(m Member, code string) string {
		s, ok := sheets[m.Slug]
		if !ok {
			return "Chưa nộp"
		}
		sc, ok := s[code]
		if !ok {
			return "-"
		}
		eff, ok := sc.Effective()
		if !ok {
			return "-"
		}
		out := domain.FormatDecimal(eff)
		if sc.Self != nil && sc.Bloc != nil && *sc.Self != *sc.Bloc {
			out += " (" + domain.FormatDecimal(*sc.Self) + ")"
		}
		return out
	}
	row := func(code, text string, max domain.Decimal, bold bool, val func(Member) string) {
		attr := ""
		if bold {
			attr = "{b} "
		}
		fmt.Fprintf(&b, "@tr | %s%s | %s%s | %s%s |", attr, Escape(code), attr, Escape(text), attr, domain.FormatDecimal(max))
		for _, m := range v.Members {
			b.WriteString(" " + attr + Escape(val(m)) + " |")
		}
		b.WriteString("\n")
	}
	for _, s := range cs.Sections {
		row(s.Code, s.Title, s.Max, true, func(m Member) string {
			if _, ok := sheets[m.Slug]; !ok {
				return "Chưa nộp"
			}
			return domain.FormatDecimal(results[m.Slug].SectionTotal[s.Code])
		})
		for _, c := range s.Criteria {
			row(c.Code, c.Text, c.Max, false, func(m Member) string { return mark(m, c.Code) })
		}
	}
	if len(cs.Bonus) > 0 {
		row("", "Điểm thưởng (tối đa "+domain.FormatDecimal(cs.BonusCap)+")", cs.BonusCap, true, func(m Member) string { return domain.FormatDecimal(results[m.Slug].Bonus) })
		for _, c := range cs.Bonus {
			row(c.Code, c.Text, c.Max, false, func(m Member) string { return mark(m, c.Code) })
		}
	}
	if len(cs.Deductions) > 0 {
		row("", "Điểm trừ (tối đa "+domain.FormatDecimal(cs.DeductionCap)+")", cs.DeductionCap, true, func(m Member) string { return domain.FormatDecimal(results[m.Slug].Deductions) })
		for _, c := range cs.Deductions {
			row(c.Code, c.Text, c.Max, false, func(m Member) string { return mark(m, c.Code) })
		}
	}
	row("", "Tổng điểm", cs.Total, true, func(m Member) string {
		if !results[m.Slug].Submitted {
			return "Chưa nộp"
		}
		return domain.FormatDecimal(results[m.Slug].Total)
	})
	b.WriteString("@endtable\n")
	return b.String()
}

func awardTable(v *View) string {
	if len(v.Flags)+len(v.Merits) == 0 {
		return "@p __Khối chưa có đơn vị đủ điều kiện đề nghị khen thưởng.__\n"
	}
	var b strings.Builder
	ind := map[string]*domain.Indicators{}
	for i := range v.d.Indicators {
		ind[v.d.Indicators[i].Unit] = &v.d.Indicators[i]
	}
	b.WriteString("@table widths=9,46,20,14,12,58 align=C,L,C,R,C,L size=10\n")
	b.WriteString("@hr | STT | Tên đơn vị | Hình thức đề nghị | Tổng điểm | Xếp hạng | Thành tích chủ yếu |\n")
	i := 0
	for _, a := range append(append([]Award{}, v.Flags...), v.Merits...) {
		i++
		rank := ""
		if a.Rank > 0 {
			rank = fmt.Sprint(a.Rank)
		}
		what := achievements(ind[a.Slug])
		if what == "" {
			what = a.Reason
		}
		fmt.Fprintf(&b, "@tr |%s%s%s%s%s%s\n", cell(fmt.Sprint(i)), cell(a.Name), cell(domain.AwardLabel(a.Kind)), cell(a.Total), cell(rank), cell(what))
	}
	b.WriteString("@endtable\n")
	return b.String()
}

// voteShare is the share of votes in favour, in per cent, to two decimals
// (cut, not rounded: 2/3 is 66,66 %); the caller checks there were voters.
func voteShare(v domain.Vote) domain.Decimal {
	return domain.Decimal(int64(v.For) * 100 * domain.DecimalScale / int64(v.Voters) / 10 * 10)
}

// percent writes a share as documents do: "83,33%".
func percent(d domain.Decimal) string { return vn.GroupDecimal(d.String()) + "%" }

func voteTable(v *View) string {
	var b strings.Builder
	b.WriteString("@table widths=11,58,28,30,18 align=C,L,C,C,R size=11\n")
	b.WriteString("@hr | STT | Tên đơn vị | Nội dung | Số phiếu đồng ý | Tỷ lệ |\n")
	i := 0
	add := func(m Member, what string) {
		i++
		ratio, count := "-", "-"
		if m.Votes.Voters > 0 {
			count = fmt.Sprintf("%d/%d", m.Votes.For, m.Votes.Voters)
			ratio = percent(voteShare(m.Votes))
		}
		fmt.Fprintf(&b, "@tr |%s%s%s%s%s\n", cell(fmt.Sprint(i)), cell(m.Short), cell(what), cell(count), cell(ratio))
	}
	for _, a := range v.Flags {
		add(a.Member, "Cờ thi đua")
	}
	for _, a := range v.Merits {
		add(a.Member, "Bằng khen")
	}
	if v.NextLeader.Slug != "" {
		add(v.NextLeader, fmt.Sprintf("Khối trưởng năm %d", v.NextYear))
	}
	if v.NextDeputy.Slug != "" {
		add(v.NextDeputy, fmt.Sprintf("Khối phó năm %d", v.NextYear))
	}
	if i == 0 {
		return "@p __Chưa có kết quả bỏ phiếu.__\n"
	}
	b.WriteString("@endtable\n")
	return b.String()
}

// covenantSigns is the signature grid of a covenant: every member's head.
func covenantSigns(ms []Member) string {
	var b strings.Builder
	b.WriteString("@signers cols=3\n")
	for _, m := range ms {
		title := m.HeadTitle
		if title == "" {
			title = "Trưởng ban"
		}
		fmt.Fprintf(&b, "@signer %s | %s | %s\n", Escape(vn.Upper(m.Short)), Escape(vn.Upper(title)), Escape(m.HeadName))
	}
	b.WriteString("@endsigners\n")
	return b.String()
}
