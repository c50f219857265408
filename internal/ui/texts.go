package ui

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

// textPeriods name the periods a board writes for, as its pages say them.
var textPeriods = map[string]string{
	domain.PeriodH1:   "Báo cáo sơ kết 6 tháng đầu năm",
	domain.PeriodYear: "Báo cáo kết quả cả năm",
}

type textField struct {
	Key, Label, Text, Error string
}

type textsData struct {
	unitData
	Period, PeriodLabel string
	Text                domain.BoardText
	Fields              []textField
	CanWrite, CanReturn bool
	ReturnError         string
	Comment             string
	Flash, Problem      string
	Preview             string
}

// Texts is a board's page for what it sends the bloc of a period: its
// mid-year review, or its year's achievements, by the fields the reports
// are organised in; the bloc's reports are built from it once sent.
func (p *Pages) Texts(c *gin.Context) {
	d, ok := p.textsData(c, nil)
	if !ok {
		return
	}
	switch c.Query("da") {
	case "luu":
		d.Flash = "Đã lưu bản nháp. Khối chưa dùng nội dung này cho đến khi đơn vị bấm “Gửi Khối”."
	case "gui":
		d.Flash = "Đã gửi Khối. Báo cáo của Khối dùng nội dung này; đơn vị vẫn sửa và gửi lại được."
	case "tra-lai":
		d.Flash = "Đã trả lại cho đơn vị kèm ý kiến."
	}
	p.showTexts(c, http.StatusOK, d)
}

func (p *Pages) textsData(c *gin.Context, typed map[string]string) (textsData, bool) {
	u, ok := p.unitData(c)
	if !ok {
		return textsData{}, false
	}
	k := app.TextKey{Bloc: u.Bloc, Year: u.Year, Unit: u.Unit, Period: c.Param("period")}
	t, err := p.years.BoardText(c.Request.Context(), k)
	if err != nil {
		p.fail(c, err)
		return textsData{}, false
	}
	d := textsData{unitData: u, Period: k.Period, PeriodLabel: textPeriods[k.Period], Text: t,
		CanWrite:  u.Closed == "" && p.may(c, domain.AccessWriteUnit, domain.Scope{Bloc: u.Bloc, Year: u.Year, Unit: u.Unit}),
		CanReturn: u.Closed == "" && p.may(c, domain.AccessWriteYear, domain.Scope{Bloc: u.Bloc, Year: u.Year}) && t.State == domain.TextSent}
	if k.Period == domain.PeriodH1 {
		d.Preview = u.Report + ".pdf"
	} else {
		d.Preview = apiBase(u.Bloc, u.Year) + "/documents/bao-cao-tong-ket.pdf"
	}
	for _, f := range domain.TextFields {
		tf := textField{Key: f.Key, Label: f.Label, Text: t.Field(f.Key)}
		if typed != nil {
			tf.Text = typed[f.Key]
		}
		d.Fields = append(d.Fields, tf)
	}
	return d, true
}

func (p *Pages) showTexts(c *gin.Context, status int, d textsData) {
	p.show(c, status, "texts", view{Title: d.PeriodLabel + " " + itoa(d.Year) + " — " + d.UnitName,
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{d.UnitName, pageBase(d.Bloc, d.Year) + "/don-vi/" + d.Unit}, crumb{d.PeriodLabel, ""}), Data: d})
}

// TextsPost saves what the form sent, field by field, as a draft or sent
// to the bloc ("gui"); what was typed stays beside its error.
func (p *Pages) TextsPost(c *gin.Context) {
	patch := domain.TextPatch{Fields: map[string]string{}, Send: c.PostForm("gui") != ""}
	for _, f := range domain.TextFields {
		if s, sent := c.GetPostForm(f.Key); sent {
			patch.Fields[f.Key] = s
		}
	}
	problems := vn.Prepare(&patch)
	d, ok := p.textsData(c, patch.Fields)
	if !ok {
		return
	}
	failed := false
	for _, pr := range problems {
		for i := range d.Fields {
			if pr.Path == "fields."+d.Fields[i].Key {
				d.Fields[i].Error, failed = pr.Message(), true
			}
		}
	}
	if failed {
		d.Problem = "Chưa lưu: xem các phần có lỗi bên dưới (nội dung đã nhập vẫn được giữ)."
		p.showTexts(c, http.StatusUnprocessableEntity, d)
		return
	}
	k := app.TextKey{Bloc: d.Bloc, Year: d.Year, Unit: d.Unit, Period: d.Period}
	if _, err := p.years.WriteBoardText(c.Request.Context(), k, patch, web.Actor(c).Username); err != nil {
		if fe, ok := fieldErrors(err); ok {
			for i := range d.Fields {
				d.Fields[i].Error = fe["fields."+d.Fields[i].Key]
			}
			d.Problem = "Chưa lưu: " + firstMessage(fe)
			p.showTexts(c, http.StatusUnprocessableEntity, d)
			return
		}
		p.fail(c, err)
		return
	}
	done := "luu"
	if patch.Send {
		done = "gui"
	}
	c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/don-vi/"+d.Unit+"/bao-cao/"+d.Period+"?da="+done)
}

// TextsReturn is the secretariat sending a board's texts back with its
// comment.
func (p *Pages) TextsReturn(c *gin.Context) {
	d, ok := p.textsData(c, nil)
	if !ok {
		return
	}
	d.Comment = vn.Clean(c.PostForm("y-kien"))
	k := app.TextKey{Bloc: d.Bloc, Year: d.Year, Unit: d.Unit, Period: d.Period}
	_, err := p.years.ReturnBoardText(c.Request.Context(), k, d.Comment, web.Actor(c).Username)
	var ce domain.ConflictError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/don-vi/"+d.Unit+"/bao-cao/"+d.Period+"?da=tra-lai")
	case errors.As(err, &ce):
		d.ReturnError = ce.Message
		p.showTexts(c, http.StatusConflict, d)
	default:
		if fe, ok := fieldErrors(err); ok {
			d.ReturnError = fe["comment"]
			p.showTexts(c, http.StatusUnprocessableEntity, d)
			return
		}
		p.fail(c, err)
	}
}

func firstMessage(fe map[string]string) string {
	for _, f := range append([]domain.TextField{{Key: "fields"}}, domain.TextFields...) {
		if m := fe["fields."+f.Key]; m != "" {
			return m
		}
		if m := fe[f.Key]; m != "" {
			return m
		}
	}
	for _, m := range fe {
		return m
	}
	return ""
}
