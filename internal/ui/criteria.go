package ui

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// The bloc's criteria for a year: everyone of the year reads them; the
// secretariat edits them in a form (one row a criterion, blank rows to
// add, a row emptied to remove) or imports a workbook or YAML file, until
// marks are given against them (then the set is frozen). Every way ends in
// app.Years.AddCriteria, as the API does.

type criteriaData struct {
	Bloc, BlocName string
	Year           int
	Base           string
	Current        *domain.CriteriaSet
	Versions       int
	Form           criteriaForm
	CanEdit        bool   // the secretariat, on an open year, a set not frozen
	closed         string // why the year takes no change (closedNote), or ""
	Problem        string // why an import or a save was refused
	Errors         map[string]string
	Saved          string
}

// criteriaForm is the set as the form shows it: text as typed, each input
// named by the path the checks report ("sections[0].criteria[2].max"), so
// an error finds its field.
type criteriaForm struct {
	Title, Total, BonusCap, DeductionCap string
	Sections                             []sectionRow
	Bonus, Deductions                    []criterionRow
}

type sectionRow struct {
	Path, Code, Title, Max string
	Criteria               []criterionRow
	Edit                   bool
	Err                    map[string]string // by field: "code", "title", "max", "criteria"
}

type criterionRow struct {
	Path, Code, Text, Max, Step, Hint string
	Edit                              bool
	Err                               map[string]string // by field: "code", "text", "max", "step", "hint"
}

// prepare marks the rows editable or not and gives each its errors, so
// that one template draws a row either way.
func (d *criteriaData) prepare() {
	errs := func(path string) map[string]string {
		out := map[string]string{}
		for field, msg := range d.Errors {
			if rest, ok := strings.CutPrefix(field, path+"."); ok && !strings.Contains(rest, ".") {
				out[rest] = msg
			}
		}
		return out
	}
	mark := func(rows []criterionRow) {
		for i := range rows {
			rows[i].Edit, rows[i].Err = d.CanEdit, errs(rows[i].Path)
		}
	}
	for i := range d.Form.Sections {
		s := &d.Form.Sections[i]
		s.Edit, s.Err = d.CanEdit, errs(s.Path)
		mark(s.Criteria)
	}
	mark(d.Form.Bonus)
	mark(d.Form.Deductions)
}

// blankRows are the empty rows offered to add criteria: under each
// section, in bonus and deductions; one empty section with as many.
const blankRows = 2

// Criteria shows the year's criteria.
func (p *Pages) Criteria(c *gin.Context) {
	d, ok := p.criteriaData(c)
	if !ok {
		return
	}
	if c.Query("da") == "luu" {
		d.Saved = fmt.Sprintf("Đã lưu bảng tiêu chí (phiên bản %d).", d.Versions)
	}
	p.showCriteria(c, http.StatusOK, d)
}

func (p *Pages) criteriaData(c *gin.Context) (criteriaData, bool) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return criteriaData{}, false
	}
	ctx := c.Request.Context()
	d := criteriaData{Bloc: b.Slug, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year, Base: pageBase(b.Slug, year)}
	versions, err := p.c.Store.ListCriteria(ctx, b.Slug, year)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		p.fail(c, err)
		return d, false
	}
	d.Versions = len(versions)
	frozen := false
	if cs, err := p.c.Store.CurrentCriteria(ctx, b.Slug, year); err == nil {
		d.Current = &cs
		frozen = cs.Frozen
		d.Form = criteriaFormOf(cs)
	} else if !errors.Is(err, store.ErrNotFound) {
		p.fail(c, err)
		return d, false
	} else {
		d.Form = criteriaForm{Total: "100"}
	}
	d.closed = p.closedNote(c, b.Slug, year)
	d.CanEdit = !frozen && d.closed == "" &&
		p.may(c, domain.AccessWriteYear, domain.Scope{Bloc: b.Slug, Year: year})
	if d.CanEdit {
		d.Form.addBlankRows()
	}
	return d, true
}

func (p *Pages) showCriteria(c *gin.Context, status int, d criteriaData) {
	d.prepare()
	p.show(c, status, "criteria", view{Closed: d.closed, Title: "Bảng tiêu chí năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Bảng tiêu chí", ""}), Data: d})
}

// CriteriaPost saves the edited form as the year's newest version.
func (p *Pages) CriteriaPost(c *gin.Context) {
	d, ok := p.criteriaData(c)
	if !ok {
		return
	}
	form, typed, errs := criteriaFromForm(c.Request.PostForm)
	d.Form = typed
	var saved domain.CriteriaSet
	var err error
	if len(errs) == 0 {
		saved, err = p.years.AddCriteria(c.Request.Context(), d.Bloc, d.Year, form.set)
		if fe, ok := fieldErrors(err); ok {
			errs = form.formPaths(fe)
		}
	}
	if len(errs) > 0 {
		d.Errors, d.Problem = errs, "Chưa lưu được: xem các ô có lỗi bên dưới (những gì đã nhập vẫn được giữ)."
		p.showCriteria(c, http.StatusUnprocessableEntity, d)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/tieu-chi?da=luu#v%d", d.Base, saved.Version))
}

// maxCriteriaFile bounds an imported criteria file, as the API does.
const maxCriteriaFile = 1 << 20

// CriteriaImport stores a criteria file (workbook or YAML) as the year's
// newest version; the file is kept as received before it is read.
func (p *Pages) CriteriaImport(c *gin.Context) {
	d, ok := p.criteriaData(c)
	if !ok {
		return
	}
	refuse := func(status int, msg string) {
		d.Problem = msg
		p.showCriteria(c, status, d)
	}
	name, ref, err := web.ReceiveUpload(c, p.c.Blobs, maxCriteriaFile)
	var ue *web.UploadError
	if errors.As(err, &ue) {
		refuse(ue.Status, ue.Message)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	rc, err := p.c.Blobs.Open(c.Request.Context(), ref.SHA256)
	if err != nil {
		p.fail(c, err)
		return
	}
	data, err := io.ReadAll(io.LimitReader(rc, maxCriteriaFile+1))
	rc.Close()
	if err != nil {
		p.fail(c, err)
		return
	}
	cs, err := app.ParseCriteria(data, app.IsWorkbook(name, data))
	if err == nil {
		cs, err = p.years.AddCriteria(c.Request.Context(), d.Bloc, d.Year, cs)
	}
	if msg, ok := problemOf(err); ok {
		refuse(http.StatusUnprocessableEntity, "Tệp "+name+" chưa nhập được: "+msg)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("%s/tieu-chi?da=luu#v%d", d.Base, cs.Version))
}

// problemOf says a refused criteria set in one paragraph: each problem
// with where it is ("sections[0].max: …" as "Mục 1: …").
func problemOf(err error) (string, bool) {
	var ve domain.ValidationError
	if !errors.As(err, &ve) {
		return "", false
	}
	var parts []string
	for i, e := range ve {
		if i == 8 {
			parts = append(parts, fmt.Sprintf("và %d lỗi khác", len(ve)-i))
			break
		}
		parts = append(parts, e.Message)
	}
	return strings.Join(parts, "; ") + ".", true
}

// criteriaFormOf shows a stored set in the form.
func criteriaFormOf(cs domain.CriteriaSet) criteriaForm {
	f := criteriaForm{Title: cs.Title, Total: domain.FormatDecimal(cs.Total), BonusCap: decOrEmpty(cs.BonusCap), DeductionCap: decOrEmpty(cs.DeductionCap)}
	for _, s := range cs.Sections {
		row := sectionRow{Code: s.Code, Title: s.Title, Max: domain.FormatDecimal(s.Max)}
		for _, cr := range s.Criteria {
			row.Criteria = append(row.Criteria, rowOf(cr))
		}
		f.Sections = append(f.Sections, row)
	}
	for _, cr := range cs.Bonus {
		f.Bonus = append(f.Bonus, rowOf(cr))
	}
	for _, cr := range cs.Deductions {
		f.Deductions = append(f.Deductions, rowOf(cr))
	}
	f.number()
	return f
}

func rowOf(c domain.Criterion) criterionRow {
	return criterionRow{Code: c.Code, Text: c.Text, Max: domain.FormatDecimal(c.Max), Step: decOrEmpty(c.Step), Hint: c.Hint}
}

func decOrEmpty(d domain.Decimal) string {
	if d == 0 {
		return ""
	}
	return domain.FormatDecimal(d)
}

// addBlankRows offers rows to add: under each section, in bonus and
// deductions, and one empty section.
func (f *criteriaForm) addBlankRows() {
	for i := range f.Sections {
		f.Sections[i].Criteria = append(f.Sections[i].Criteria, make([]criterionRow, blankRows)...)
	}
	f.Sections = append(f.Sections, sectionRow{Criteria: make([]criterionRow, blankRows+1)})
	f.Bonus = append(f.Bonus, make([]criterionRow, blankRows)...)
	f.Deductions = append(f.Deductions, make([]criterionRow, blankRows)...)
	f.number()
}

// number names every row by its place in the form.
func (f *criteriaForm) number() {
	for i := range f.Sections {
		s := &f.Sections[i]
		s.Path = fmt.Sprintf("sections[%d]", i)
		for j := range s.Criteria {
			s.Criteria[j].Path = fmt.Sprintf("%s.criteria[%d]", s.Path, j)
		}
	}
	for i := range f.Bonus {
		f.Bonus[i].Path = fmt.Sprintf("bonus[%d]", i)
	}
	for i := range f.Deductions {
		f.Deductions[i].Path = fmt.Sprintf("deductions[%d]", i)
	}
}

// parsedCriteria is a set read from the form, with where each of its
// parts was typed: the form keeps blank rows the set leaves out, so the
// checks' paths ("sections[1]") are mapped back to the form's.
type parsedCriteria struct {
	set   domain.CriteriaSet
	paths map[string]string // the set's path → the form's
}

// formPaths moves the checks' errors to the form's fields.
func (pc parsedCriteria) formPaths(errs map[string]string) map[string]string {
	out := map[string]string{}
	for field, msg := range errs {
		to := field
		// The longest prefix the set knows ("sections[0].criteria[1]"
		// before "sections[0]").
		best := ""
		for set, form := range pc.paths {
			if (field == set || strings.HasPrefix(field, set+".")) && len(set) > len(best) {
				best, to = set, form+strings.TrimPrefix(field, set)
			}
		}
		if out[to] == "" {
			out[to] = msg
		}
	}
	return out
}

// criteriaFromForm reads the form: rows left blank are dropped, a number
// that is not one is an error on its field. The loops stop at the set's
// own limits, whatever the form claims.
func criteriaFromForm(f url.Values) (parsedCriteria, criteriaForm, map[string]string) {
	pc := parsedCriteria{paths: map[string]string{}}
	errs := map[string]string{}
	typed := criteriaForm{Title: f.Get("title"), Total: f.Get("total"), BonusCap: f.Get("bonus_cap"), DeductionCap: f.Get("deduction_cap")}
	num := func(field, v string, required bool) domain.Decimal {
		v = strings.TrimSpace(v)
		if v == "" {
			if required {
				errs[field] = "Cần nhập điểm"
			}
			return 0
		}
		d, err := domain.ParseDecimalVN(v)
		if err != nil {
			errs[field] = "Không phải là số (ví dụ 2 hoặc 0,5)"
		}
		return d
	}
	cs := &pc.set
	cs.Title = strings.TrimSpace(typed.Title)
	cs.Total = num("total", typed.Total, true)
	cs.BonusCap = num("bonus_cap", typed.BonusCap, false)
	cs.DeductionCap = num("deduction_cap", typed.DeductionCap, false)
	row := func(path string) (criterionRow, domain.Criterion, bool) {
		r := criterionRow{Path: path, Code: f.Get(path + ".code"), Text: f.Get(path + ".text"), Max: f.Get(path + ".max"), Step: f.Get(path + ".step"), Hint: f.Get(path + ".hint")}
		if strings.TrimSpace(r.Code+r.Text+r.Max+r.Step+r.Hint) == "" {
			return r, domain.Criterion{}, false
		}
		return r, domain.Criterion{Code: strings.TrimSpace(r.Code), Text: r.Text, Hint: r.Hint,
			Max: num(path+".max", r.Max, true), Step: num(path+".step", r.Step, false)}, true
	}
	for i := 0; i < domain.MaxCriteriaSections+blankRows && f.Has(fmt.Sprintf("sections[%d].code", i)); i++ {
		path := fmt.Sprintf("sections[%d]", i)
		sr := sectionRow{Path: path, Code: f.Get(path + ".code"), Title: f.Get(path + ".title"), Max: f.Get(path + ".max")}
		s := domain.Section{Code: strings.TrimSpace(sr.Code), Title: sr.Title}
		setPath := fmt.Sprintf("sections[%d]", len(cs.Sections))
		for j := 0; j < domain.MaxCriteriaLines+blankRows && f.Has(fmt.Sprintf("%s.criteria[%d].code", path, j)); j++ {
			r, c, ok := row(fmt.Sprintf("%s.criteria[%d]", path, j))
			sr.Criteria = append(sr.Criteria, r)
			if ok {
				pc.paths[fmt.Sprintf("%s.criteria[%d]", setPath, len(s.Criteria))] = r.Path
				s.Criteria = append(s.Criteria, c)
			}
		}
		typed.Sections = append(typed.Sections, sr)
		if strings.TrimSpace(sr.Code+sr.Title+sr.Max) == "" && len(s.Criteria) == 0 {
			continue // a blank section
		}
		s.Max = num(path+".max", sr.Max, true)
		pc.paths[setPath] = path
		cs.Sections = append(cs.Sections, s)
	}
	for _, list := range []struct {
		name  string
		rows  *[]criterionRow
		items *[]domain.Criterion
	}{{"bonus", &typed.Bonus, &cs.Bonus}, {"deductions", &typed.Deductions, &cs.Deductions}} {
		for i := 0; i < domain.MaxCriteriaLines+blankRows && f.Has(fmt.Sprintf("%s[%d].code", list.name, i)); i++ {
			r, c, ok := row(fmt.Sprintf("%s[%d]", list.name, i))
			*list.rows = append(*list.rows, r)
			if ok {
				pc.paths[fmt.Sprintf("%s[%d]", list.name, len(*list.items))] = r.Path
				*list.items = append(*list.items, c)
			}
		}
	}
	return pc, typed, errs
}
