package document

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// The builders below make the data tables as values of the model (Table,
// Signatures); a template places one with the line the View gives it
// ("@block NAME"), or, when there is no data, the sentence that says so.

// placed is what a builder gives a template: a block of the model, or
// markup for the want of one.
type placed struct {
	block  Block
	markup string
}

// plain is data text on one line, NFC, trimmed.
func plain(s string) string {
	return vn.NFC(strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)))
}

// text is a cell of plain text as the data gives it.
func text(s string) Cell {
	if s = plain(s); s == "" {
		return Cell{}
	}
	return Cell{Runs: []Run{{Text: s}}}
}

func texts(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = text(s)
	}
	return out
}

func (c Cell) cols(n int) Cell   { c.ColSpan = n; return c }
func (c Cell) rows(n int) Cell   { c.RowSpan = n; return c }
func (c Cell) centred() Cell     { c.Align = AlignCenter; return c }
func (c Cell) italic() Cell      { c.Italic = true; return c }
func (c Cell) bold(b bool) Cell  { c.Bold = c.Bold || b; return c }
func notSubmitted(span int) Cell { return text("Chưa nộp").cols(span).centred().italic() }

// newTable starts a table: relative column widths, alignments ("C,L,R"),
// font size.
func newTable(widths []float64, aligns string, size float64) *Table {
	t := &Table{Widths: widths, FontSize: size}
	for _, a := range strings.Split(aligns, ",") {
		al, _ := alignOf(strings.ToLower(a))
		t.Aligns = append(t.Aligns, al)
	}
	return t
}

func nums(ws ...float64) []float64 { return ws }

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
// absorbedRow is the first half of a board merged into a member during
// the year, a row of the year's table after the members'.
type absorbedRow struct {
	Label   string
	Figures domain.Indicators
}

func indicatorTable(members []Member, rows []domain.Indicators, totals bool, absorbed []absorbedRow) placed {
	by := map[string]domain.Indicators{}
	for _, r := range rows {
		by[r.Unit] = r
	}
	t := newTable(nums(8, 30, 10, 10, 14, 13, 14, 15, 13), "C,L,R,R,R,R,R,R,R", 10)
	t.Header = [][]Cell{
		{text("STT").rows(2), text("Đơn vị").rows(2), text("Số dự án").cols(2), text("Vốn đăng ký").cols(2), text("Kim ngạch XNK (triệu USD)").rows(2),
			text("Doanh thu (tỷ đồng)").rows(2), text("Nộp NSNN (tỷ đồng)").rows(2)},
		texts("Mới", "Tăng vốn", "Tổng (tỷ đồng)", "FDI (triệu USD)"),
	}
	figures := func(r domain.Indicators) []Cell {
		return texts(intOr(r.NewProjects), intOr(r.CapitalIncreaseProjects), decOr(r.RegisteredCapital), decOr(r.FDICapital), decOr(r.ExportImport), decOr(r.Revenue), decOr(r.Budget))
	}
	var reported []domain.Indicators
	for i, m := range members {
		row := texts(fmt.Sprint(i+1), m.Short)
		r, ok := by[m.Slug]
		if !ok {
			t.Rows = append(t.Rows, append(row, notSubmitted(7)))
			continue
		}
		reported = append(reported, r)
		t.Rows = append(t.Rows, append(row, figures(r)...))
	}
	complete := len(reported)
	for i, a := range absorbed {
		reported = append(reported, a.Figures)
		t.Rows = append(t.Rows, append(texts(fmt.Sprint(len(members)+i+1), a.Label), figures(a.Figures)...))
	}
	if totals {
		t.Rows = append(t.Rows, append([]Cell{text(domain.TotalsLabel(complete, len(members))).cols(2).centred()}, figures(domain.SumIndicators(reported).Indicators)...))
		t.TotalsRows = 1
	}
	return placed{block: *t}
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
func rankingTable(d *domain.YearData, v *View) placed {
	if d.Criteria == nil {
		return placed{markup: "@p __Chưa có bảng tiêu chí chấm điểm cho năm " + fmt.Sprint(d.Year) + ".__\n"}
	}
	names := v.byUnit()
	t := newTable(nums(9, 44, 14, 12, 12, 14, 14, 12), "C,L,R,R,R,R,R,C", 11)
	t.Header = [][]Cell{texts("STT", "Đơn vị", "Điểm các tiêu chí", "Điểm thưởng", "Điểm trừ", "Tổng điểm Khối chấm", "Tổng điểm tự chấm", "Xếp hạng")}
	for i, r := range d.Ranking {
		row := texts(fmt.Sprint(i+1), names[r.Unit].Short)
		if !r.Submitted {
			t.Rows = append(t.Rows, append(row, notSubmitted(6)))
			continue
		}
		t.Rows = append(t.Rows, append(row, texts(domain.FormatDecimal(r.Criteria), domain.FormatDecimal(r.Bonus), domain.FormatDecimal(r.Deductions),
			domain.FormatDecimal(r.Total), domain.FormatDecimal(r.SelfTotal), fmt.Sprint(r.Rank))...))
	}
	return placed{block: *t}
}

// summaryTable is the landscape score summary: section totals per member,
// self and bloc, then bonus, deductions, totals, rank and proposed award.
func summaryTable(d *domain.YearData, v *View) placed {
	cs := d.Criteria
	if cs == nil {
		return placed{markup: "@p __Chưa có bảng tiêu chí chấm điểm.__\n"}
	}
	names := v.byUnit()
	award := map[string]string{}
	for _, a := range append(append([]Award{}, v.Flags...), v.Merits...) {
		award[a.Slug] = domain.AwardLabel(a.Kind)
	}
	n := len(cs.Sections)
	widths := nums(9, 34)
	aligns := "C,L"
	for range cs.Sections {
		widths = append(widths, 11, 11)
		aligns += ",R,R"
	}
	widths = append(widths, 12, 11, 12, 12, 10, 16)
	t := newTable(widths, aligns+",R,R,R,R,C,C", 10)
	top := []Cell{text("STT").rows(2), text("Đơn vị").rows(2)}
	var second []Cell
	for _, s := range cs.Sections {
		top = append(top, text(fmt.Sprintf("Mục %s (%s điểm)", s.Code, domain.FormatDecimal(s.Max))).cols(2))
		second = append(second, texts("Tự chấm", "Khối chấm")...)
	}
	top = append(top, text("Điểm thưởng").rows(2), text("Điểm trừ").rows(2), text("Tổng điểm").cols(2), text("Xếp hạng").rows(2), text("Đề nghị khen thưởng").rows(2))
	t.Header = [][]Cell{top, append(second, texts("Tự chấm", "Khối chấm")...)}
	sheets := map[string]domain.UnitScores{}
	for _, s := range d.Sheets {
		sheets[s.Unit] = s
	}
	for i, r := range d.Ranking {
		row := texts(fmt.Sprint(i+1), names[r.Unit].Short)
		if !r.Submitted {
			t.Rows = append(t.Rows, append(row, notSubmitted(2*n+6)))
			continue
		}
		self := domain.SelfBySection(cs, sheets[r.Unit])
		for _, s := range cs.Sections {
			row = append(row, texts(domain.FormatDecimal(self[s.Code]), domain.FormatDecimal(r.SectionTotal[s.Code]))...)
		}
		t.Rows = append(t.Rows, append(row, texts(domain.FormatDecimal(r.Bonus), domain.FormatDecimal(r.Deductions), domain.FormatDecimal(r.SelfTotal),
			domain.FormatDecimal(r.Total), fmt.Sprint(r.Rank), award[r.Unit])...))
	}
	return placed{block: *t}
}

// detailPartUnits is how many unit columns one part of the criteria matrix
// holds: on A4 landscape, with the code, the criterion's text (at least
// 34 mm) and its maximum, 18 mm a unit ("Quảng Ngãi", "Khánh Hòa" on one
// line at 8 pt) leaves room for eleven.
const detailPartUnits = 11

// detailTable is every criterion (rows) × every member that sent its
// sheet (columns, by province): the bloc's mark, with the self mark in
// brackets where they differ. A member without a sheet has no column (the sentence under the table names
// them); a bloc too large for one page's width gets the matrix in parts of
// balanced size, each with the criteria repeated, as a secretariat splits
// a wide table by hand.
func detailTable(d *domain.YearData, v *View) []placed {
	cs := d.Criteria
	if cs == nil || len(v.Members) == 0 {
		return nil
	}
	sheets := map[string]map[string]domain.Score{}
	for _, s := range d.Sheets {
		sheets[s.Unit] = s.ByCode()
	}
	var sent []Member // as View.NotSubmitted counts them: marks in
	for _, m := range v.Members {
		if r, ok := d.Result(m.Slug); ok && r.Submitted {
			sent = append(sent, m)
		}
	}
	if len(sent) == 0 {
		return []placed{{markup: "@p __Chưa có đơn vị nào gửi bảng tự chấm điểm; bảng chi tiết theo tiêu chí sẽ có khi các đơn vị gửi.__\n"}}
	}
	parts := (len(sent) + detailPartUnits - 1) / detailPartUnits
	per := (len(sent) + parts - 1) / parts
	var out []placed
	for i := 0; i < len(sent); i += per {
		out = append(out, placed{block: detailPart(d, cs, v, sheets, sent[i:min(i+per, len(sent))])})
	}
	return out
}

// detailPart is the matrix for some of the members.
func detailPart(d *domain.YearData, cs *domain.CriteriaSet, v *View, sheets map[string]map[string]domain.Score, members []Member) Table {
	results := map[string]domain.Result{}
	for _, r := range d.Ranking {
		results[r.Unit] = r
	}
	// The unit columns take what a province's name needs on one line
	// ("Quảng Ngãi", "Khánh Hòa") and not much more, however few the
	// members; the criterion's text takes the rest.
	unit := min(max(190/len(members), 18), 26)
	textW := max(252-7-10-unit*len(members), 34)
	widths := nums(7, float64(textW), 10)
	aligns := "C,L,R"
	for range members {
		widths = append(widths, float64(unit))
		aligns += ",R"
	}
	t := newTable(widths, aligns, 8)
	t.TotalsRows = 1
	t.Header = [][]Cell{{text("Mã").rows(2), text("Nội dung tiêu chí").rows(2), text("Điểm chuẩn").rows(2),
		text("Điểm Khối chấm (điểm tự chấm nếu khác)").cols(len(members))}, nil}
	// Columns are named by province, short and familiar; after the 2025
	// mergers two boards can share one, and then their short names are used.
	count := map[string]int{}
	for _, m := range v.Members {
		count[m.Province]++
	}
	for _, m := range members {
		label := strings.ReplaceAll(m.Province, " ", "\u00a0") // a province is never split
		if count[m.Province] > 1 || label == "" {
			label = m.Short
		}
		t.Header[1] = append(t.Header[1], text(label))
	}
	mark := func(m Member, code string) string {
		sc, ok := sheets[m.Slug][code]
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
	row := func(code, title string, max domain.Decimal, bold bool, val func(Member) string) {
		r := []Cell{text(code).bold(bold), text(title).bold(bold), text(domain.FormatDecimal(max)).bold(bold)}
		for _, m := range members {
			r = append(r, text(val(m)).bold(bold))
		}
		t.Rows = append(t.Rows, r)
	}
	for _, s := range cs.Sections {
		row(s.Code, s.Title, s.Max, true, func(m Member) string {
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
	row("", "Tổng điểm", cs.Total, true, func(m Member) string { return domain.FormatDecimal(results[m.Slug].Total) })
	return *t
}

func awardTable(v *View) placed {
	if len(v.Flags)+len(v.Merits) == 0 {
		if v.NoAwardRule() {
			return placed{markup: fmt.Sprintf("@p __Năm %d Khối chưa quy định số lượng, mức điểm đề nghị Cờ thi đua, Bằng khen; chưa có đơn vị được đề nghị khen thưởng.__\n", v.Year)}
		}
		return placed{markup: "@p __Khối chưa có đơn vị đủ điều kiện đề nghị khen thưởng.__\n"}
	}
	ind := map[string]*domain.Indicators{}
	for i := range v.d.Indicators {
		ind[v.d.Indicators[i].Unit] = &v.d.Indicators[i]
	}
	t := newTable(nums(9, 46, 20, 14, 12, 58), "C,L,C,R,C,L", 10)
	t.Header = [][]Cell{texts("STT", "Tên đơn vị", "Hình thức đề nghị", "Tổng điểm", "Xếp hạng", "Thành tích chủ yếu")}
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
		t.Rows = append(t.Rows, texts(fmt.Sprint(i), a.Name, domain.AwardLabel(a.Kind), a.Total, rank, what))
	}
	return placed{block: *t}
}

// voteShare is the share of votes in favour, in per cent, to two decimals
// (cut, not rounded: 2/3 is 66,66 %); the caller checks there were voters.
func voteShare(v domain.Vote) domain.Decimal {
	return domain.Decimal(int64(v.For) * 100 * domain.DecimalScale / int64(v.Voters) / 10 * 10)
}

// percent writes a share as documents do: "83,33%".
func percent(d domain.Decimal) string { return vn.GroupDecimal(d.String()) + "%" }

// voteTable is the minutes' table of the vote on awards: each proposed
// unit, the award, the votes in favour and their share.
func voteTable(v *View) placed {
	t := newTable(nums(11, 58, 28, 30, 18), "C,L,C,C,R", 11)
	t.Header = [][]Cell{texts("STT", "Tên đơn vị", "Nội dung", "Số phiếu đồng ý", "Tỷ lệ")}
	i := 0
	add := func(m Member, what string) {
		i++
		ratio, count := "-", "-"
		if m.Votes.Voters > 0 {
			count = fmt.Sprintf("%d/%d", m.Votes.For, m.Votes.Voters)
			ratio = percent(voteShare(m.Votes))
		}
		t.Rows = append(t.Rows, texts(fmt.Sprint(i), m.Short, what, count, ratio))
	}
	for _, a := range v.Flags {
		add(a.Member, "Cờ thi đua")
	}
	for _, a := range v.Merits {
		add(a.Member, "Bằng khen")
	}
	// The election of next year's leader and deputy has a section of its
	// own, with its votes.
	if i == 0 {
		return placed{markup: "@p __Chưa có kết quả bỏ phiếu.__\n"}
	}
	return placed{block: *t}
}

// covenantSigns is the signature grid of a covenant: every member's head.
func covenantSigns(ms []Member) placed {
	s := Signatures{Columns: 3}
	for _, m := range ms {
		s.Signers = append(s.Signers, Signer{Prefix: plain(vn.Upper(m.Short)), Title: plain(vn.Upper(m.HeadTitle)), Name: plain(m.HeadName)})
	}
	return placed{block: s}
}
