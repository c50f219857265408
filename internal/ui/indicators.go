package ui

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
)

// indicatorLabels name the key indicators on the form, in their order.
var indicatorLabels = map[string]string{
	"new_projects": "Số dự án mới", "capital_increase_projects": "Số dự án tăng vốn", "registered_capital": "Vốn đăng ký (tỷ đồng)",
	"fdi_capital": "Vốn FDI (triệu USD)", "export_import": "Kim ngạch xuất nhập khẩu (triệu USD)", "revenue": "Doanh thu (tỷ đồng)",
	"budget": "Nộp ngân sách nhà nước (tỷ đồng)", "workers": "Số lao động", "staff": "Số công chức, viên chức, người lao động của Ban",
}

// indicatorPeriods are the form's columns: the plan registered at the
// year's start, the first half, the whole year.
var indicatorPeriods = []struct{ Key, Label string }{
	{domain.PeriodPlan, "Kế hoạch năm"}, {domain.PeriodH1, "6 tháng đầu năm"}, {domain.PeriodYear, "Cả năm"},
}

type indicatorCell struct {
	Name, Label, Value, Error string
	Period                    string // the column's name, shown beside the input on a phone
	Disabled                  bool   // the year of a member that left during it
}

type indicatorRow struct {
	Key, Label string
	Cells      []indicatorCell
}

type indicatorsData struct {
	unitData
	Periods []struct{ Key, Label string }
	Rows    []indicatorRow
	Saved   bool
	Failed  bool
}

// Indicators is a board's key indicators of a year: its plan, its first
// half, its year, each figure in the Vietnamese way ("21.857,5"); the
// reports compare them (with the plan, the year before).
func (p *Pages) Indicators(c *gin.Context) {
	d, ok := p.indicatorsData(c, nil)
	if !ok {
		return
	}
	d.Saved = c.Query("da-luu") == "1"
	p.showIndicators(c, http.StatusOK, d)
}

func (p *Pages) indicatorsData(c *gin.Context, typed map[string]string) (indicatorsData, bool) {
	u, ok := p.unitData(c)
	if !ok {
		return indicatorsData{}, false
	}
	d := indicatorsData{unitData: u, Periods: indicatorPeriods}
	have := map[string]domain.Indicators{}
	for _, per := range indicatorPeriods {
		rows, err := p.c.Store.ListIndicators(c.Request.Context(), u.Bloc, u.Year, per.Key)
		if err != nil {
			p.fail(c, err)
			return d, false
		}
		for _, r := range rows {
			if r.Unit == u.Unit {
				have[per.Key] = r
			}
		}
	}
	var blank domain.Indicators
	for _, f := range blank.Fields() {
		row := indicatorRow{Key: f.Key, Label: indicatorLabels[f.Key]}
		for _, per := range indicatorPeriods {
			name := per.Key + "-" + f.Key
			cell := indicatorCell{Name: name, Label: row.Label + ", " + per.Label, Period: per.Label, Disabled: per.Key == domain.PeriodYear && u.Until != ""}
			if typed != nil {
				cell.Value = typed[name]
			} else if ind, ok := have[per.Key]; ok {
				if fv, ok := ind.Field(f.Key); ok && fv.Value() != nil {
					cell.Value = domain.FormatDecimal(*fv.Value())
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		d.Rows = append(d.Rows, row)
	}
	return d, true
}

func (p *Pages) showIndicators(c *gin.Context, status int, d indicatorsData) {
	p.show(c, status, "indicators", view{Closed: p.closedNote(c, d.Bloc, d.Year), Title: "Chỉ tiêu năm " + itoa(d.Year) + " — " + d.UnitName,
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{d.UnitName, pageBase(d.Bloc, d.Year) + "/don-vi/" + d.Unit}, crumb{"Chỉ tiêu", ""}), Data: d})
}

// IndicatorsPost saves every period that has a figure; each figure's error
// stands beside it and what was typed stays.
func (p *Pages) IndicatorsPost(c *gin.Context) {
	typed := map[string]string{}
	var blank domain.Indicators
	for _, per := range indicatorPeriods {
		for _, f := range blank.Fields() {
			typed[per.Key+"-"+f.Key] = c.PostForm(per.Key + "-" + f.Key)
		}
	}
	d, ok := p.indicatorsData(c, typed)
	if !ok {
		return
	}
	errs := map[string]string{}
	// Each period's figures the form sent: a cell sent empty clears its
	// figure, a cell not sent is kept.
	type change struct {
		key string
		val *domain.Decimal
	}
	changes := map[string][]change{}
	for _, per := range indicatorPeriods {
		if per.Key == domain.PeriodYear && d.Until != "" {
			continue // the form does not offer it
		}
		for _, f := range blank.Fields() {
			name := per.Key + "-" + f.Key
			s, sent := c.GetPostForm(name)
			if !sent {
				continue
			}
			s = strings.TrimSpace(s)
			ch := change{key: f.Key}
			if s != "" {
				v, err := domain.ParseDecimalVN(s)
				switch {
				case err != nil:
					errs[name] = "Không phải là số (ví dụ: 21.857,5)"
					continue
				case f.Int != nil && v%domain.DecimalScale != 0:
					errs[name] = "Phải là số nguyên"
					continue
				}
				ch.val = &v
			}
			changes[per.Key] = append(changes[per.Key], ch)
		}
	}
	if len(errs) == 0 {
		var periods []string
		for _, per := range indicatorPeriods {
			if len(changes[per.Key]) > 0 {
				periods = append(periods, per.Key)
			}
		}
		err := p.years.UpdateIndicatorsOf(c.Request.Context(), d.Bloc, d.Unit, d.Year, periods, func(ind *domain.Indicators) error {
			chs := changes[ind.Period]
			for _, f := range ind.Fields() {
				for _, ch := range chs {
					if ch.key == f.Key {
						f.SetOrClear(ch.val)
					}
				}
			}
			return nil
		})
		var ve domain.ValidationError
		if errorsAs(err, &ve) {
			for _, e := range ve {
				// "{period}.{field}" is the form's "{period}-{field}".
				errs[strings.Replace(e.Field, ".", "-", 1)] = e.Message
			}
		} else if err != nil {
			p.fail(c, err)
			return
		}
	}
	if len(errs) == 0 {
		c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/don-vi/"+d.Unit+"/chi-tieu?da-luu=1")
		return
	}
	for i := range d.Rows {
		for j := range d.Rows[i].Cells {
			d.Rows[i].Cells[j].Error = errs[d.Rows[i].Cells[j].Name]
		}
	}
	d.Failed = true
	p.showIndicators(c, http.StatusUnprocessableEntity, d)
}
