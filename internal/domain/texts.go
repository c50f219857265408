package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A board's texts: what each member writes of its half-year and its year,
// by the fields the bloc's reports are organised in. Its mid-year report
// is built from them, and the bloc's year-end report composes each field
// from the members' texts (document.Compose).

// Text fields, in the order the reports present them. The keys of the
// fields the bloc's year-end report has too (han-che, nguyen-nhan,
// phuong-huong, kien-nghi) are those of its narratives: the secretariat's
// text of a field replaces what is composed from the members'.
const (
	FieldInvestment  = "thu-hut-dau-tu"        // investment attraction
	FieldPlanning    = "quy-hoach-xay-dung"    // planning and construction in the zones
	FieldEnvironment = "moi-truong"            // environment
	FieldEnterprises = "doanh-nghiep-lao-dong" // enterprises and labour
	FieldReform      = "cai-cach-hanh-chinh"   // administrative reform and digitisation
	FieldParty       = "dang-doan-the"         // Party and mass organisations
	FieldEmulation   = "thi-dua"               // emulation and reward work: the movements it ran
	FieldWeaknesses  = NarrWeaknesses
	FieldCauses      = NarrCauses
	FieldTasks       = NarrDirections // the next half-year's tasks; next year's directions
	FieldProposals   = NarrProposals
)

// TextField is one field of a board's texts.
type TextField struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	// StateManagement marks the fields of "state management of the zones",
	// one section of the reports with a sub-heading per field.
	StateManagement bool `json:"state_management,omitempty"`
}

// TextFields are the fields a board writes, in the reports' order.
var TextFields = []TextField{
	{Key: FieldInvestment, Label: "Xúc tiến, thu hút đầu tư"},
	{Key: FieldPlanning, Label: "Quy hoạch, xây dựng", StateManagement: true},
	{Key: FieldEnvironment, Label: "Bảo vệ môi trường", StateManagement: true},
	{Key: FieldEnterprises, Label: "Doanh nghiệp và lao động", StateManagement: true},
	{Key: FieldReform, Label: "Cải cách hành chính, chuyển đổi số", StateManagement: true},
	{Key: FieldParty, Label: "Công tác Đảng, đoàn thể"},
	{Key: FieldEmulation, Label: "Công tác thi đua, khen thưởng"},
	{Key: FieldWeaknesses, Label: "Hạn chế"},
	{Key: FieldCauses, Label: "Nguyên nhân của hạn chế"},
	{Key: FieldTasks, Label: "Nhiệm vụ, phương hướng kỳ tới"},
	{Key: FieldProposals, Label: "Kiến nghị, đề xuất"},
}

// LookupTextField finds a field by its key.
func LookupTextField(key string) (TextField, bool) {
	for _, f := range TextFields {
		if f.Key == key {
			return f, true
		}
	}
	return TextField{}, false
}

// States of a board's texts of a period.
const (
	TextDraft    = "draft"    // written, not sent: the bloc does not use it yet
	TextSent     = "sent"     // sent to the bloc: its reports use it
	TextReturned = "returned" // returned by the secretariat with a comment
)

// MaxTextField bounds one field, in characters; MaxTextComment a
// secretariat's comment.
const (
	MaxTextField   = 20_000
	MaxTextComment = 2_000
)

// BoardText is one board's texts of a period (PeriodH1: its mid-year
// review; PeriodYear: its year's achievements) and where they stand.
type BoardText struct {
	Bloc   string            `json:"bloc"`
	Year   int               `json:"year"`
	Unit   string            `json:"unit"`
	Period string            `json:"period"`
	Fields map[string]string `json:"fields" maxlen:"20000"`
	State  string            `json:"state,omitempty"`
	// Illustrative marks texts the demo wrote for a board: documents say
	// they are an illustration.
	Illustrative bool      `json:"illustrative,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	UpdatedBy    string    `json:"updated_by,omitempty"`
	SentAt       time.Time `json:"sent_at,omitzero"`
	SentBy       string    `json:"sent_by,omitempty"`
	// Comment is the secretariat's, when it returned the texts.
	Comment    string    `json:"comment,omitempty" maxlen:"2000"`
	ReturnedAt time.Time `json:"returned_at,omitzero"`
	ReturnedBy string    `json:"returned_by,omitempty"`
}

// Written reports whether any field has text.
func (t BoardText) Written() bool {
	for _, s := range t.Fields {
		if strings.TrimSpace(s) != "" {
			return true
		}
	}
	return false
}

// Field is one field's text ("" when not written).
func (t BoardText) Field(key string) string { return t.Fields[key] }

// ValidTextPeriod reports whether p names a period boards write texts for.
func ValidTextPeriod(p string) bool { return p == PeriodH1 || p == PeriodYear }

// TextPatch changes the fields it names: a field given "" is cleared, a
// field not given is kept. Send sends the texts to the bloc once saved.
type TextPatch struct {
	Fields map[string]string `json:"fields" maxlen:"20000"`
	Send   bool              `json:"send,omitempty"`
}

// Apply checks the patch and applies it to t by who at now: the fields it
// names are replaced; with Send the texts are sent (they must hold
// something); without it, texts changed after being sent or returned are
// a draft again, to be sent again.
func (t *BoardText) Apply(p TextPatch, who string, now time.Time) error {
	var c checker
	for k, s := range p.Fields {
		if _, ok := LookupTextField(k); !ok {
			c.add("fields."+k, "unknown_field", "Phần báo cáo %q không có; các phần: %s", k, textFieldKeys())
			continue
		}
		if utf8.RuneCountInString(s) > MaxTextField {
			c.add("fields."+k, "too_long", "Nội dung quá dài (tối đa 20.000 ký tự)")
		}
	}
	if err := c.result(); err != nil {
		return err
	}
	if t.Fields == nil {
		t.Fields = map[string]string{}
	}
	changed := false
	for k, s := range p.Fields {
		s = NormalizeText(s)
		if t.Fields[k] == s {
			continue
		}
		changed = true
		if s == "" {
			delete(t.Fields, k)
		} else {
			t.Fields[k] = s
		}
	}
	if changed {
		t.UpdatedAt, t.UpdatedBy, t.Illustrative = now, who, false
	}
	switch {
	case p.Send:
		if !t.Written() {
			return ValidationError{{Field: "fields", Code: "empty", Message: "Chưa có nội dung nào để gửi Khối"}}
		}
		t.State, t.SentAt, t.SentBy = TextSent, now, who
	case changed || t.State == "":
		t.State = TextDraft
	}
	return nil
}

// Return sends the texts back to their board with a comment; only texts
// sent can be returned.
func (t *BoardText) Return(comment, who string, now time.Time) error {
	comment = strings.TrimSpace(comment)
	var c checker
	switch {
	case t.State != TextSent:
		return ConflictError{Code: "not_sent", Message: "Đơn vị chưa gửi nội dung này (hoặc đã được trả lại), không trả lại được"}
	case comment == "":
		c.add("comment", "required", "Ghi rõ lý do trả lại để đơn vị sửa")
	case utf8.RuneCountInString(comment) > MaxTextComment:
		c.add("comment", "too_long", "Ý kiến quá dài (tối đa 2.000 ký tự)")
	}
	if err := c.result(); err != nil {
		return err
	}
	t.State, t.Comment, t.ReturnedAt, t.ReturnedBy = TextReturned, comment, now, who
	return nil
}

func textFieldKeys() string {
	keys := make([]string, len(TextFields))
	for i, f := range TextFields {
		keys[i] = f.Key
	}
	return strings.Join(keys, ", ")
}

// bulletMarks start a list item in text pasted from a word processor or
// typed by hand (vn.Clean has already read Word's private-use bullets as
// the bullets they show).
var bulletMarks = []string{"-", "–", "—", "+", "*", "•", "◦", "▪", "▫", "●", "○", "■", "□", "►", "➢", "❖", "✓", "·"}

// NormalizeText gives a free text its stored form: one paragraph per
// line, list items as "- text", blank lines and spaces collapsed, Word's
// bullets and tabs read as what they mean. What was pasted from a Word
// document keeps its paragraphs and bullet lists.
func NormalizeText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n", "\v", "\n", "\f", "\n").Replace(s)
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(strings.ReplaceAll(line, "\u00a0", " ")), " ")
		if line == "" {
			continue
		}
		if item, ok := cutBullet(line); ok {
			if item != "" {
				out = append(out, "- "+item)
			}
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// cutBullet returns a line's text without its bullet, when it has one:
// a mark followed by a space ("- ", "• ") or a tab.
func cutBullet(line string) (string, bool) {
	for _, m := range bulletMarks {
		if rest, ok := strings.CutPrefix(line, m); ok {
			if rest == "" || rest[0] == ' ' {
				return strings.TrimSpace(rest), true
			}
		}
	}
	return line, false
}

// TextLines splits a stored text into its lines, each a paragraph or a
// list item.
func TextLines(s string) (lines []TextLine) {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if item, ok := strings.CutPrefix(l, "- "); ok {
			lines = append(lines, TextLine{Text: item, Item: true})
		} else {
			lines = append(lines, TextLine{Text: l})
		}
	}
	return lines
}

// TextLine is one paragraph or list item of a text.
type TextLine struct {
	Text string
	Item bool
}

// BoardText returns a unit's texts of a period (empty, no state, when it
// wrote none).
func (d *YearData) BoardText(unit, period string) BoardText {
	for _, t := range d.Texts {
		if t.Unit == unit && t.Period == period {
			return t
		}
	}
	return BoardText{Bloc: d.Bloc.Slug, Year: d.Year, Unit: unit, Period: period, Fields: map[string]string{}}
}

// SentTexts are the texts of a period that the year's members sent to the
// bloc, in the members' order: what the bloc's reports are composed from
// (a draft or a text returned is not the board's word yet).
func (d *YearData) SentTexts(period string) []BoardText {
	var out []BoardText
	for _, m := range d.Members {
		if t := d.BoardText(m.Unit, period); t.State == TextSent && t.Written() {
			out = append(out, t)
		}
	}
	return out
}
