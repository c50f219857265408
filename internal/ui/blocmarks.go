package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// markRow is one line of the form, laid out like the workbook.
type markRow struct {
	Code, Text, Kind string
	Section          bool // a section heading, not a line to mark
	Max, Step        domain.Decimal
	Self             *domain.Decimal
	Remark           string
	Value, Error     string // what is typed in the bloc's column
}

type blocMarksData struct {
	Bloc, BlocName, Unit, UnitName string
	Year                           int
	Rows                           []markRow
	Failed, Saved                  bool
	Total                          domain.Decimal
}

// BlocMarks is the secretariat's form for the marks the bloc agreed for a
// unit, beside the unit's own marks and remarks.
func (p *Pages) BlocMarks(c *gin.Context) {
	d, _, ok := p.blocMarksData(c)
	if !ok {
		return
	}
	d.Saved = c.Query("da-luu") == "1"
	p.showBlocMarks(c, http.StatusOK, d)
}

func (p *Pages) blocMarksData(c *gin.Context) (blocMarksData, map[string]domain.Score, bool) {
	year, ok := p.yearParam(c)
	if !ok {
		return blocMarksData{}, nil, false
	}
	ctx := c.Request.Context()
	d, err := store.LoadYear(ctx, p.c.Store, c.Param("bloc"), year)
	if err != nil {
		p.fail(c, err)
		return blocMarksData{}, nil, false
	}
	unit := c.Param("unit")
	m, ok := d.Member(unit)
	if !ok {
		p.fail(c, domain.NotFound("đơn vị thành viên năm "+itoa(year), unit))
		return blocMarksData{}, nil, false
	}
	if d.Criteria == nil {
		p.fail(c, domain.ConflictError{Code: "no_criteria", Message: "Khối chưa có bảng tiêu chí năm " + itoa(year) + "."})
		return blocMarksData{}, nil, false
	}
	by := map[string]domain.Score{}
	for _, s := range d.Sheets {
		if s.Unit == unit {
			by = s.ByCode()
		}
	}
	v := blocMarksData{Bloc: d.Bloc.Slug, BlocName: d.Bloc.Names.At(d.Date()).Full, Unit: unit, UnitName: m.Name.Full, Year: year}
	if r, ok := d.Result(unit); ok {
		v.Total = r.Total
	}
	section := ""
	for _, l := range d.Criteria.Lines() {
		if l.Kind == domain.LineCriterion && l.Section != section {
			section = l.Section
			for _, s := range d.Criteria.Sections {
				if s.Code == section {
					v.Rows = append(v.Rows, markRow{Code: s.Code, Text: s.Title, Section: true, Max: s.Max})
				}
			}
		}
		if l.Kind != domain.LineCriterion && (len(v.Rows) == 0 || v.Rows[len(v.Rows)-1].Kind != l.Kind) {
			title := map[string]string{domain.LineBonus: "Điểm thưởng", domain.LineDeduction: "Điểm trừ"}[l.Kind]
			v.Rows = append(v.Rows, markRow{Text: title, Section: true, Kind: l.Kind})
		}
		sc := by[l.Code]
		row := markRow{Code: l.Code, Text: l.Text, Kind: l.Kind, Max: l.Max, Step: l.StepOrDefault(), Self: sc.Self, Remark: sc.Remark}
		if sc.Bloc != nil {
			row.Value = domain.FormatDecimal(*sc.Bloc)
		}
		v.Rows = append(v.Rows, row)
	}
	return v, by, true
}

func (p *Pages) showBlocMarks(c *gin.Context, status int, d blocMarksData) {
	p.show(c, status, "blocmarks", view{Closed: p.closedNote(c, d.Bloc, d.Year), Title: "Điểm Khối chấm — " + d.UnitName,
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year,
			crumb{d.UnitName, pageBase(d.Bloc, d.Year) + "/don-vi/" + d.Unit}, crumb{"Điểm Khối chấm", ""}), Data: d})
}

// BlocMarksPost saves the bloc's marks; an empty cell sent is no mark, a
// cell not sent is left as it is; every error stands beside its line and
// what was typed stays.
func (p *Pages) BlocMarksPost(c *gin.Context) {
	d, _, ok := p.blocMarksData(c)
	if !ok {
		return
	}
	var patches []domain.ScorePatch
	for i := range d.Rows {
		r := &d.Rows[i]
		if r.Section {
			continue
		}
		v, sent := c.GetPostForm("diem-" + r.Code)
		if !sent {
			continue
		}
		r.Value = strings.TrimSpace(v)
		patch := domain.ScorePatch{Code: r.Code, Bloc: domain.DecimalPatch{Set: true}}
		if r.Value != "" {
			v, err := domain.ParseDecimalVN(r.Value)
			switch {
			case errors.Is(err, domain.ErrDecimalRange):
				r.Error, d.Failed = "“"+r.Value+"” quá lớn so với điểm chuẩn "+domain.FormatDecimal(r.Max), true
				continue
			case err != nil:
				r.Error, d.Failed = "“"+r.Value+"” không phải là số (ví dụ: 2,5)", true
				continue
			}
			patch.Bloc.Value = &v
		}
		patches = append(patches, patch)
	}
	t, err := p.c.Scoring.Target(c.Request.Context(), d.Bloc, d.Year, d.Unit)
	if err != nil {
		p.fail(c, err)
		return
	}
	if d.Failed {
		// The other rows' range errors too, at once: checked, not stored.
		_, err := domain.ApplyPatches(t.Criteria, nil, patches)
		if fe, ok := fieldErrors(err); ok {
			for i := range d.Rows {
				if m, bad := fe[d.Rows[i].Code]; bad && !d.Rows[i].Section && d.Rows[i].Error == "" {
					d.Rows[i].Error = m
				}
			}
		}
	} else {
		_, _, err = p.c.Scoring.PatchSheet(c.Request.Context(), t, patches)
		if fe, ok := fieldErrors(err); ok {
			for i := range d.Rows {
				if m, bad := fe[d.Rows[i].Code]; bad && !d.Rows[i].Section {
					d.Rows[i].Error, d.Failed = m, true
				}
			}
		} else if err != nil {
			p.fail(c, err)
			return
		}
	}
	if d.Failed {
		p.showBlocMarks(c, http.StatusUnprocessableEntity, d)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/don-vi/"+d.Unit+"/diem-khoi?da-luu=1")
}
