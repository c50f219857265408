package ui

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

// scheduleForm is the schedule as people set it: a day, a month and a time
// each year (what a bloc needs), in a zone.
type scheduleForm struct {
	Day, Month, Hour, Minute string
	TimeZone                 string
	Enabled                  bool
	// Custom is the stored expression when it is not a yearly date (set
	// through the API): the form replaces it.
	Custom string
	Errors map[string]string
}

type dossierData struct {
	Bloc, BlocName string
	Year           int
	Base, API      string
	CanRun         bool // the year's secretariat, admin
	CanSchedule    bool // the bloc's secretariats, admin
	Schedule       scheduleForm
	Next           time.Time
	Runs           []store.DossierRun
	Versions       []store.DossierVersion
	Latest         *versionView
	Zones          []string
	Flash          string
	Failed         bool
}

// versionView is the newest version with its files and warnings.
type versionView struct {
	store.DossierVersion
	Warnings []dossier.Warning
}

// zones offered on the form: Vietnam's first; a bloc abroad is not a case.
var zones = []string{vn.ZoneName, "UTC"}

// Dossier is the year-end dossier of a bloc-year: its schedule, the button
// to build it now, the runs and the versions to download.
func (p *Pages) Dossier(c *gin.Context) {
	d, ok := p.dossierData(c)
	if !ok {
		return
	}
	switch {
	case c.Query("da-luu") == "1":
		d.Flash = "Đã lưu lịch lập hồ sơ."
	case c.Query("da-yeu-cau") == "1":
		d.Flash = "Đã bắt đầu lập hồ sơ. Tải lại trang sau ít giây để xem kết quả."
	}
	p.showDossier(c, http.StatusOK, d)
}

func (p *Pages) dossierData(c *gin.Context) (dossierData, bool) {
	if p.c.Dossiers == nil {
		p.Error(c, http.StatusServiceUnavailable, "Chức năng lập hồ sơ cuối năm chưa được bật.")
		return dossierData{}, false
	}
	b, year, ok := p.blocYear(c)
	if !ok {
		return dossierData{}, false
	}
	ctx := c.Request.Context()
	d := dossierData{Bloc: b.Slug, BlocName: b.Names.At(fmt.Sprintf("%d-12-31", year)).Full, Year: year, Base: pageBase(b.Slug, year), API: apiBase(b.Slug, year),
		CanRun: p.may(c, domain.AccessWriteYear, domain.Scope{Bloc: b.Slug, Year: year}), CanSchedule: p.may(c, domain.AccessWriteBloc, domain.Scope{Bloc: b.Slug}), Zones: zones}
	sc, next, err := p.c.Dossiers.Schedule(ctx, b.Slug)
	if err != nil {
		p.fail(c, err)
		return d, false
	}
	d.Schedule, d.Next = formOf(sc), next
	if d.Runs, err = p.c.Dossiers.Runs(ctx, b.Slug, year); err != nil {
		p.fail(c, err)
		return d, false
	}
	if len(d.Runs) > 20 {
		d.Runs = d.Runs[:20]
	}
	if d.Versions, err = p.c.Dossiers.Versions(ctx, b.Slug, year); err != nil {
		p.fail(c, err)
		return d, false
	}
	if len(d.Versions) > 0 {
		v, err := p.c.Dossiers.Version(ctx, b.Slug, year, 0)
		if err != nil {
			p.fail(c, err)
			return d, false
		}
		lv := &versionView{DossierVersion: v}
		var m dossier.Manifest
		if err := json.Unmarshal(v.Manifest, &m); err == nil {
			lv.Warnings = m.Warnings
		}
		d.Latest = lv
	}
	return d, true
}

// formOf shows a stored schedule in the form's fields.
func formOf(sc store.DossierSchedule) scheduleForm {
	f := scheduleForm{TimeZone: sc.TimeZone, Enabled: sc.Enabled}
	parts := strings.Fields(sc.Cron)
	simple := len(parts) == 5 && parts[4] == "*"
	for _, p := range parts[:min(4, len(parts))] {
		if _, err := strconv.Atoi(p); err != nil {
			simple = false
		}
	}
	if simple {
		f.Minute, f.Hour, f.Day, f.Month = parts[0], parts[1], parts[2], parts[3]
	} else {
		f.Custom = sc.Cron
		f.Minute, f.Hour, f.Day, f.Month = "0", "8", "20", "12"
	}
	return f
}

func (p *Pages) showDossier(c *gin.Context, status int, d dossierData) {
	p.show(c, status, "dossier", view{Title: "Hồ sơ cuối năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Hồ sơ cuối năm", ""}), Data: d})
}

// DossierSchedulePost saves the schedule: each field's error beside it,
// what was typed kept.
func (p *Pages) DossierSchedulePost(c *gin.Context) {
	d, ok := p.dossierData(c)
	if !ok {
		return
	}
	f := scheduleForm{Day: strings.TrimSpace(c.PostForm("ngay")), Month: strings.TrimSpace(c.PostForm("thang")),
		Hour: strings.TrimSpace(c.PostForm("gio")), Minute: strings.TrimSpace(c.PostForm("phut")),
		TimeZone: c.PostForm("mui-gio"), Enabled: c.PostForm("bat") == "1", Errors: map[string]string{}}
	check := func(field, v string, lo, hi int, what string) {
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			f.Errors[field] = fmt.Sprintf("%s là số từ %d đến %d", what, lo, hi)
		}
	}
	check("ngay", f.Day, 1, 31, "Ngày")
	check("thang", f.Month, 1, 12, "Tháng")
	check("gio", f.Hour, 0, 23, "Giờ")
	check("phut", f.Minute, 0, 59, "Phút")
	if len(f.Errors) == 0 {
		cron := strings.Join([]string{f.Minute, f.Hour, f.Day, f.Month, "*"}, " ")
		_, err := p.c.Dossiers.SetSchedule(c.Request.Context(), store.DossierSchedule{Bloc: d.Bloc, Cron: cron, TimeZone: f.TimeZone, Enabled: f.Enabled}, web.Actor(c).Username)
		var ve domain.ValidationError
		switch {
		case errorsAs(err, &ve):
			for _, e := range ve {
				field := map[string]string{"cron": "ngay", "time_zone": "mui-gio"}[e.Field]
				f.Errors[field] = e.Message
			}
		case err != nil:
			p.fail(c, err)
			return
		default:
			c.Redirect(http.StatusSeeOther, d.Base+"/ho-so?da-luu=1")
			return
		}
	}
	d.Schedule, d.Failed = f, true
	p.showDossier(c, http.StatusUnprocessableEntity, d)
}

// DossierRunPost builds the dossier now, in the background.
func (p *Pages) DossierRunPost(c *gin.Context) {
	if p.c.Dossiers == nil {
		p.Error(c, http.StatusServiceUnavailable, "Chức năng lập hồ sơ cuối năm chưa được bật.")
		return
	}
	b, year, ok := p.blocYear(c)
	if !ok {
		return
	}
	if _, err := p.c.Dossiers.Trigger(c.Request.Context(), b.Slug, year, web.Actor(c).Username); err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(b.Slug, year)+"/ho-so?da-yeu-cau=1")
}
