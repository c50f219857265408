package document

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// Where a narrative of a document comes from.
const (
	SourceWritten = "written" // the secretariat wrote it
	SourceMembers = "members" // composed from the members' texts and figures
	SourceDefault = "default" // the template's default text
)

// composed are the fields of the bloc's year-end report composed item by
// item from the members' texts, each named by its members: every field a
// board writes but its directions, which the bloc takes up as its own
// (directions).
func composed(key string) bool {
	_, ok := domain.LookupTextField(key)
	return ok && key != domain.FieldTasks
}

// Compose drafts each field of the bloc's year-end report from what the
// members sent of their year (domain.YearData.SentTexts): where figures
// measure the field, the strongest results named by unit with their
// numbers; then one item per member that wrote the field, in the members'
// order (members that sent the same words share one). The result is text as stored (domain.NormalizeText), which the
// secretariat may take and edit; a field nobody wrote and no figure
// measures is absent.
func Compose(d *domain.YearData) map[string]string {
	names := map[string]string{}
	for _, m := range d.Members {
		names[m.Unit] = m.Name.Short
	}
	out := map[string]string{}
	if s := directions(d); s != "" {
		out[domain.NarrDirections] = s
	}
	if s := strengths(d); s != "" {
		out[domain.NarrStrengths] = s
	}
	for _, f := range domain.TextFields {
		if !composed(f.Key) {
			continue
		}
		var lines []string
		if lead := leadSentence(d, f.Key, names); lead != "" {
			lines = append(lines, lead)
		}
		// Members that sent the same words share one item.
		var order []string
		who := map[string][]string{}
		for _, t := range d.SentTexts(domain.PeriodYear) {
			if s := joinText(t.Field(f.Key)); s != "" {
				if who[s] == nil {
					order = append(order, s)
				}
				who[s] = append(who[s], names[t.Unit])
			}
		}
		for _, s := range order {
			lines = append(lines, "- "+strings.Join(who[s], ", ")+": "+s)
		}
		if len(lines) > 0 {
			out[f.Key] = strings.Join(lines, "\n")
		}
	}
	return out
}

// joinText makes one item of a member's text: its paragraphs and list
// items one after another, each a sentence.
func joinText(s string) string {
	var parts []string
	for _, l := range domain.TextLines(s) {
		if t := strings.TrimRight(l.Text, " .;:,"); t != "" {
			parts = append(parts, t+".")
		}
	}
	return strings.Join(parts, " ")
}

// leadSentence names the members with the strongest figures of a field:
// investment by registered capital, enterprises and labour by workers.
// It needs at least two members' figures (one is no comparison).
func leadSentence(d *domain.YearData, field string, names map[string]string) string {
	type fig struct {
		unit string
		key  domain.Decimal
		text string
	}
	var figs []fig
	for _, ind := range d.Indicators {
		if _, member := names[ind.Unit]; !member {
			continue
		}
		switch field {
		case domain.FieldInvestment:
			if ind.RegisteredCapital == nil || *ind.RegisteredCapital <= 0 {
				continue
			}
			t := domain.FormatDecimal(*ind.RegisteredCapital) + " tỷ đồng vốn đăng ký"
			if ind.NewProjects != nil {
				t = vn.GroupInt(*ind.NewProjects) + " dự án mới, " + t
			}
			figs = append(figs, fig{ind.Unit, *ind.RegisteredCapital, t})
		case domain.FieldEnterprises:
			if ind.Workers == nil || *ind.Workers <= 0 {
				continue
			}
			figs = append(figs, fig{ind.Unit, domain.Decimal(*ind.Workers * domain.DecimalScale), vn.GroupInt(*ind.Workers) + " lao động"})
		}
	}
	if len(figs) < 2 {
		return ""
	}
	slices.SortStableFunc(figs, func(a, b fig) int { return cmp.Compare(b.key, a.key) })
	figs = figs[:min(3, len(figs))]
	var named []string
	for _, f := range figs {
		named = append(named, fmt.Sprintf("%s (%s)", names[f.unit], f.text))
	}
	switch field {
	case domain.FieldInvestment:
		return "Dẫn đầu Khối về thu hút đầu tư năm " + fmt.Sprint(d.Year) + " là " + strings.Join(named, "; ") + "."
	default:
		return "Các đơn vị có số lao động làm việc tại các khu lớn nhất: " + strings.Join(named, "; ") + "."
	}
}

// textMarkup turns a stored text into markup: a list item per "- " line, a
// paragraph per other line.
func textMarkup(s string) string {
	var b strings.Builder
	for _, l := range domain.TextLines(s) {
		if l.Item {
			b.WriteString("@li " + Escape(l.Text) + "\n")
		} else {
			b.WriteString("@p " + Escape(l.Text) + "\n")
		}
	}
	return b.String()
}

// directions are next year's directions the members sent, as the bloc's
// own: each distinct item once, unnamed, in the members' order.
func directions(d *domain.YearData) string {
	var items []string
	seen := map[string]bool{}
	for _, t := range d.SentTexts(domain.PeriodYear) {
		for _, l := range domain.TextLines(t.Field(domain.FieldTasks)) {
			it := strings.TrimRight(l.Text, " .;")
			if key := strings.ToLower(it); it != "" && !seen[key] {
				seen[key] = true
				items = append(items, "- "+it+".")
			}
		}
	}
	return strings.Join(items, "\n")
}

// strengths states what the year's data shows of the bloc's emulation
// work — movements run, members' reports and sheets sent, honours
// received — once the members have sent their texts (the plan's shares,
// some under 100%, stay in section II: they are no strength); a
// year whose data shows fewer than three of these keeps its default.
func strengths(d *domain.YearData) string {
	sent := len(d.SentTexts(domain.PeriodYear))
	if sent == 0 {
		return ""
	}
	var lines []string
	if n := len(d.Movements); n > 0 {
		lines = append(lines, fmt.Sprintf("- Các đơn vị trong Khối đã tổ chức, hưởng ứng %s phong trào thi đua, gắn với nhiệm vụ chuyên môn của từng đơn vị.", vn.Words(int64(n))))
	}
	lines = append(lines, fmt.Sprintf("- %d/%d đơn vị gửi Khối báo cáo kết quả năm %d theo từng lĩnh vực công tác.", sent, len(d.Members), d.Year))
	if d.Criteria != nil && d.Scored > 0 {
		lines = append(lines, fmt.Sprintf("- %d/%d đơn vị gửi bảng tự chấm điểm thi đua; Khối chấm điểm, xếp hạng theo bảng tiêu chí năm %d.", d.Scored, len(d.Members), d.Year))
	}
	if h := honourCount(d); h != "" {
		lines = append(lines, "- Các đơn vị được cấp trên khen thưởng "+h+".")
	}
	if len(lines) < 3 {
		return ""
	}
	return strings.Join(lines, "\n")
}

// honourCount says the honours the members received in the year by form,
// the most frequent first: "05 lượt (02 Bằng khen của Thủ tướng Chính
// phủ, …)".
func honourCount(d *domain.YearData) string {
	count := map[string]int{}
	var forms []string
	for _, h := range d.Honours {
		f := strings.TrimSpace(h.Form)
		if f == "" {
			continue
		}
		if count[f] == 0 {
			forms = append(forms, f)
		}
		count[f]++
	}
	if len(forms) == 0 {
		return ""
	}
	slices.SortStableFunc(forms, func(a, b string) int { return cmp.Compare(count[b], count[a]) })
	total := 0
	var parts []string
	for _, f := range forms {
		total += count[f]
		parts = append(parts, twoDigits(count[f])+" "+f)
	}
	return twoDigits(total) + " lượt (" + strings.Join(parts, ", ") + ")"
}
