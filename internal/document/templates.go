package document

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/goccy/go-yaml"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// Templates is the parsed set of document templates: one file per kind,
// documents/{kind}.tmpl, plus documents/_mac-dinh.tmpl with the default
// narratives ({{define "mac-dinh:uu-diem"}} …).
type Templates struct {
	set     *template.Template
	legal   []LegalBasis
	Version string // hash of the sources, part of render cache keys
}

// LegalBasis is a law or decree documents cite, with the dates it is in
// force (templates/legal/can-cu.yaml): a document cites those in force on
// its own date.
type LegalBasis struct {
	ValidFrom string `yaml:"valid_from"`
	ValidTo   string `yaml:"valid_to"`
	Text      string `yaml:"text"`
}

// InForce reports whether the basis is in force on date (YYYY-MM-DD).
func (b LegalBasis) InForce(date string) bool {
	return (b.ValidFrom == "" || date >= b.ValidFrom) && (b.ValidTo == "" || date <= b.ValidTo)
}

// Funcs are the functions templates may call.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"esc":       Escape,
		"upper":     func(s string) string { return Escape(vn.Upper(s)) },
		"twoDigits": twoDigits,
		"trimDot":   func(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".;") },
		"dec": func(d any) string {
			switch v := d.(type) {
			case domain.Decimal:
				return domain.FormatDecimal(v)
			case *domain.Decimal:
				if v == nil {
					return "-"
				}
				return domain.FormatDecimal(*v)
			}
			return fmt.Sprint(d)
		},
		"int": func(d any) string {
			switch v := d.(type) {
			case int:
				return vn.GroupInt(int64(v))
			case int64:
				return vn.GroupInt(v)
			case *int64:
				if v == nil {
					return "-"
				}
				return vn.GroupInt(*v)
			}
			return fmt.Sprint(d)
		},
		"words": func(n int) string { return vn.Words(int64(n)) },
		// votes writes a count as minutes do: "11/11 phiếu đồng ý, đạt 100%".
		"votes": func(v domain.Vote) string {
			return fmt.Sprintf("%d/%d phiếu đồng ý, đạt %s", v.For, v.Voters, percent(voteShare(v)))
		},
		"roman": vn.Roman,
		"add":   func(a, b int) int { return a + b },
		// paras turns a free text into paragraphs, one per line.
		"paras": func(s string) string {
			var b strings.Builder
			for _, line := range strings.Split(s, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					b.WriteString("@p " + Escape(line) + "\n")
				}
			}
			return b.String()
		},
		// items turns a free text into list items, one per line.
		"items": func(s string) string {
			var b strings.Builder
			for _, line := range strings.Split(s, "\n") {
				if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-+•")); line != "" {
					b.WriteString("@li " + Escape(line) + "\n")
				}
			}
			return b.String()
		},
		// text turns a stored text into paragraphs and list items
		// (domain.NormalizeText); fill does too, leaving a dotted line to
		// write on by hand when nothing is written.
		"text": textMarkup,
		"fill": func(s string) string {
			if m := textMarkup(s); m != "" {
				return m
			}
			return "@p " + strings.Repeat("…", 30) + "\n"
		},
		"award": domain.AwardLabel,
		// blank is room to write by hand.
		"blank": func() string { return vn.Blank },
	}
}

// LoadTemplates parses every template under documents/ of fsys. An error
// names the file and line.
func LoadTemplates(fsys fs.FS) (*Templates, error) {
	names, err := fs.Glob(fsys, "documents/*.tmpl")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	set := template.New("").Funcs(Funcs()).Option("missingkey=error")
	var all bytes.Buffer
	for _, n := range names {
		src, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		all.WriteString(n)
		all.Write(src)
		if _, err := set.New(path.Base(n)).Parse(string(src)); err != nil {
			return nil, fmt.Errorf("mẫu văn bản %w", err)
		}
	}
	for _, k := range PDFKinds() {
		if set.Lookup(k+".tmpl") == nil {
			return nil, fmt.Errorf("thiếu mẫu văn bản documents/%s.tmpl", k)
		}
	}
	var legal []LegalBasis
	if src, err := fs.ReadFile(fsys, "legal/can-cu.yaml"); err == nil {
		if err := yaml.Unmarshal(src, &legal); err != nil {
			return nil, fmt.Errorf("căn cứ pháp lý legal/can-cu.yaml: %w", err)
		}
		all.Write(src)
	}
	return &Templates{set: set, legal: legal, Version: shortHash(all.Bytes())}, nil
}

// InForce lists the texts of the dated legal bases in force on date
// (YYYY-MM-DD), in the file's order.
func (t *Templates) InForce(date string) []string {
	var out []string
	for _, l := range t.legal {
		if l.InForce(date) {
			out = append(out, l.Text)
		}
	}
	return out
}

// LegalBases are the bases a document of date cites: those in force then,
// but those the bloc-year removed, then those it added.
func (t *Templates) LegalBases(date string, choice domain.LegalChoice) []string {
	var out []string
	for _, l := range t.InForce(date) {
		if !slices.Contains(choice.Removed, l) {
			out = append(out, l)
		}
	}
	for _, a := range choice.Added {
		if a = strings.TrimRight(strings.TrimSpace(a), ";."); a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// Build executes the kind's template over the view and parses the markup.
func (t *Templates) Build(kind string, v *View) (*Document, error) {
	tmpl := t.set.Lookup(kind + ".tmpl")
	if tmpl == nil {
		return nil, fmt.Errorf("không có mẫu văn bản %q", kind)
	}
	if err := t.fillDefaults(v); err != nil {
		return nil, err
	}
	// The laws in force on the document's date: the conference's, or the
	// date expected for it (YearData.Date); a board's mid-year report, the
	// year's end.
	date := v.d.Date()
	if v.Unit.Slug != "" {
		date = domain.YearEnd(v.Year)
	}
	v.LegalBases = t.LegalBases(date, v.d.Settings.Legal)
	var b bytes.Buffer
	if err := tmpl.Execute(&b, v); err != nil {
		return nil, fmt.Errorf("mẫu văn bản %w", err)
	}
	// Proper names are kept whole wherever the text comes from: a
	// chair's title, a narrative, a movement ("Trưởng Ban Quản lý KKT
	// Vân" / "Phong" was seen in the minutes).
	src := b.String()
	if v.keep != nil {
		src = v.keep.Replace(src)
	}
	doc, err := ParseWith(src, v.Blocks())
	if err != nil {
		return nil, fmt.Errorf("mẫu văn bản documents/%s.tmpl sinh sai cú pháp, %w", kind, err)
	}
	return doc, nil
}

// fillDefaults gives every narrative the secretariat has not written its
// text: for the bloc's year-end report, the draft composed from the
// members' texts (Compose); else the default of
// templates/documents/_mac-dinh.tmpl. v.Sources records which.
//
// A cause belongs to its shortcoming: when the shortcomings are written and
// their causes are not, no default cause is put under them (Bắc Trung Bộ
// 2023 printed a cause about emulation staff under a shortcoming about
// investment and land); the section then has no causes, to be written.
// Likewise the general sentence on state management stands only when no
// field of that section is written.
//
// A board's own report (v.Unit set) has only the defaults written for a
// board (mac-dinh-don-vi:…), none that would state a finding about it.
func (t *Templates) fillDefaults(v *View) error {
	v.Sources = map[string]string{}
	for k, text := range v.Narr {
		if strings.TrimSpace(text) != "" {
			v.Sources[k] = SourceWritten
		}
	}
	for k, text := range v.Composed {
		// The members' causes explain their own shortcomings, not those
		// the secretariat wrote.
		if k == domain.NarrCauses && v.Sources[domain.NarrWeaknesses] == SourceWritten {
			continue
		}
		if v.Sources[k] == "" && strings.TrimSpace(text) != "" {
			v.Narr[k], v.Sources[k] = text, SourceMembers
		}
	}
	for _, k := range domain.NarrativeKeys {
		if v.Sources[k] != "" || t.skipDefault(v, k) {
			continue
		}
		name := "mac-dinh:" + k
		if v.Unit.Slug != "" {
			name = "mac-dinh-don-vi:" + k
		}
		def := t.set.Lookup(name)
		if def == nil {
			continue
		}
		var b bytes.Buffer
		if err := def.Execute(&b, v); err != nil {
			return fmt.Errorf("mẫu văn bản mặc định %s: %w", k, err)
		}
		if s := strings.TrimSpace(b.String()); s != "" {
			v.Narr[k], v.Sources[k] = s, SourceDefault
		}
	}
	return nil
}

// skipDefault tells the narratives whose default would not belong: a
// cause under shortcomings written without one, the general sentence on
// state management beside fields of it that are written.
func (t *Templates) skipDefault(v *View, key string) bool {
	switch key {
	case domain.NarrCauses:
		return v.Sources[domain.NarrWeaknesses] == SourceWritten || v.Sources[domain.NarrWeaknesses] == SourceMembers
	case domain.NarrStateManagement:
		for _, f := range domain.TextFields {
			if f.StateManagement && v.Sources[f.Key] != "" {
				return true
			}
		}
	}
	return false
}

// Defaults returns, for every narrative of the bloc's year-end report
// and covenant, what documents print where the secretariat has written
// nothing: the draft composed from the members' texts, else the
// template's default (the editor shows it beside each text, to take and
// edit), and where each came from.
func (t *Templates) Defaults(d *domain.YearData) (texts, sources map[string]string, err error) {
	v, err := NewView(d, "bao-cao-tong-ket", "")
	if err != nil {
		return nil, nil, err
	}
	v.Narr = map[string]string{}
	if err := t.fillDefaults(v); err != nil {
		return nil, nil, err
	}
	return v.Narr, v.Sources, nil
}

// DefaultSections counts, for each document kind of a year that has
// narratives, the sections printed with the template's default text: what
// the dashboard tells the secretariat is still to be written. A board's
// mid-year report counts the boards that have written nothing of their
// half-year.
func (t *Templates) DefaultSections(d *domain.YearData) (map[string]int, error) {
	out := map[string]int{}
	for _, k := range AllKinds() {
		if k.Scope == ScopeUnit {
			continue
		}
		if len(k.Narratives) == 0 {
			continue
		}
		v, err := NewView(d, k.Slug, "")
		if err != nil {
			return nil, err
		}
		if err := t.fillDefaults(v); err != nil {
			return nil, err
		}
		for _, key := range k.Narratives {
			if v.Sources[key] == SourceDefault {
				out[k.Slug]++
			}
		}
	}
	return out, nil
}
