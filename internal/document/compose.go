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

// composed are the fields of the bloc's year-end report composed from
// the members' texts: every field a board writes but its directions
// (next year's directions are the bloc's own).
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
