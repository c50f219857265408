package ui

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
)

// honourForm is the form that records an award the unit received, as typed.
type honourForm struct {
	Period, Form, Recipient, Decision string
	Errors                            map[string]string
}

// defaultPeriod is the period a new award is for: the first half for a
// member that left in June, else the year.
func defaultPeriod(until string) string {
	if until != "" {
		return domain.PeriodH1
	}
	return domain.PeriodYear
}

// HonourPost records an award the unit received (on the unit's page): the
// year-end report lists it, the half-year report too when it is of the
// first half.
func (p *Pages) HonourPost(c *gin.Context) {
	d, ok := p.unitData(c)
	if !ok {
		return
	}
	f := honourForm{Period: c.PostForm("ky"), Form: strings.TrimSpace(c.PostForm("hinh-thuc")),
		Recipient: strings.TrimSpace(c.PostForm("nguoi-nhan")), Decision: strings.TrimSpace(c.PostForm("quyet-dinh")), Errors: map[string]string{}}
	h := domain.Honour{Bloc: d.Bloc, Year: d.Year, Unit: d.Unit, Period: f.Period, Form: f.Form, Recipient: f.Recipient, Decision: f.Decision}
	for name, v := range map[string]string{"hinh-thuc": f.Form, "nguoi-nhan": f.Recipient, "quyet-dinh": f.Decision} {
		if len([]rune(v)) > 300 {
			f.Errors[name] = "Tối đa 300 ký tự"
		}
	}
	if len(f.Errors) == 0 {
		_, err := p.years.AddHonour(c.Request.Context(), h)
		var ve domain.ValidationError
		switch {
		case errorsAs(err, &ve):
			for _, e := range ve {
				f.Errors[map[string]string{"period": "ky", "form": "hinh-thuc", "recipient": "nguoi-nhan", "decision": "quyet-dinh"}[e.Field]] = e.Message
			}
		case err != nil:
			p.fail(c, err)
			return
		default:
			c.Redirect(http.StatusSeeOther, d.HonourURL[:strings.LastIndex(d.HonourURL, "/")]+"?da-ghi=1#khen-thuong")
			return
		}
	}
	d.HonourForm = f
	p.showUnit(c, http.StatusUnprocessableEntity, d)
}

// HonourDelete removes one of the unit's awards.
func (p *Pages) HonourDelete(c *gin.Context) {
	d, ok := p.unitData(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		p.fail(c, domain.NotFound("khen thưởng", c.Param("id")))
		return
	}
	if c.PostForm("xac-nhan") != "1" { // the page asks first; a bare POST deletes nothing
		p.Error(c, http.StatusUnprocessableEntity, "Chưa xoá: hãy bấm “Xoá” rồi “Xoá hẳn khen thưởng này” để xác nhận.")
		return
	}
	if err := p.years.DeleteHonour(c.Request.Context(), d.Bloc, d.Year, d.Unit, id); err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, d.HonourURL[:strings.LastIndex(d.HonourURL, "/")]+"?da-xoa=1#khen-thuong")
}
