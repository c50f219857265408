package document

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
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
	v.LegalBases = nil
	for _, l := range t.legal {
		if l.InForce(date) {
			v.LegalBases = append(v.LegalBases, l.Text)
		}
	}
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

// fillDefaults gives every narrative the secretariat has not written the
// default text of templates/documents/_mac-dinh.tmpl.
//
// A cause belongs to its shortcoming: when the shortcomings are written and
// their causes are not, no default cause is put under them (Bắc Trung Bộ
// 2023 printed a cause about emulation staff under a shortcoming about
// investment and land); the section then has no causes, to be written.
func (t *Templates) fillDefaults(v *View) error {
	written := map[string]bool{}
	for k, text := range v.Narr {
		written[k] = strings.TrimSpace(text) != ""
	}
	for _, k := range domain.NarrativeKeys {
		if strings.TrimSpace(v.Narr[k]) != "" {
			continue
		}
		if k == domain.NarrCauses && written[domain.NarrWeaknesses] {
			continue
		}
		def := t.set.Lookup("mac-dinh:" + k)
		if v.Unit.Slug != "" {
			// A board's report has defaults of its own.
			if u := t.set.Lookup("mac-dinh-don-vi:" + k); u != nil {
				def = u
			}
		}
		if def == nil {
			continue
		}
		var b bytes.Buffer
		if err := def.Execute(&b, v); err != nil {
			return fmt.Errorf("mẫu văn bản mặc định %s: %w", k, err)
		}
		v.Narr[k] = strings.TrimSpace(b.String())
	}
	return nil
}

// Defaults returns the default text of every narrative for a year's data:
// what documents print where the secretariat has written nothing (the
// pages show it beside the editor).
func (t *Templates) Defaults(d *domain.YearData) (map[string]string, error) {
	v, err := NewView(d, "bao-cao-tong-ket", "")
	if err != nil {
		return nil, err
	}
	v.Narr = map[string]string{}
	if err := t.fillDefaults(v); err != nil {
		return nil, err
	}
	return v.Narr, nil
}
