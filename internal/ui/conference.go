package ui

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// docNumber is one document whose number the secretariat sets.
type docNumber struct{ Kind, Label, Value string }

type conferenceData struct {
	Bloc, BlocName string
	Year           int
	Y              domain.BlocYear
	Next           domain.BlocYear // next year's leader and deputy, elected at this conference
	Members        []domain.Member
	Numbers        []docNumber
	Errors         map[string]string
	Saved          bool
}

var numbered = []docNumber{
	{Kind: "bao-cao-tong-ket", Label: "Báo cáo tổng kết (BC)"},
	{Kind: "bien-ban-binh-xet", Label: "Biên bản bình xét (BB)"},
	{Kind: "to-trinh-khen-thuong", Label: "Tờ trình khen thưởng (TTr)"},
	{Kind: "giao-uoc-thi-dua", Label: "Giao ước thi đua"},
}

// Conference is the secretariat's form for the year-end conference: date,
// time, place, host, the leader and deputy elected, document numbers.
func (p *Pages) Conference(c *gin.Context) {
	d, ok := p.conferenceData(c)
	if !ok {
		return
	}
	d.Saved = c.Query("da-luu") == "1"
	p.showConference(c, http.StatusOK, d)
}

func (p *Pages) conferenceData(c *gin.Context) (conferenceData, bool) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return conferenceData{}, false
	}
	ctx := c.Request.Context()
	bloc := b.Slug
	y, err := p.c.Store.GetYear(ctx, bloc, year)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		p.fail(c, err)
		return conferenceData{}, false
	}
	ms, err := p.c.Store.Members(ctx, bloc, year)
	if err != nil {
		p.fail(c, err)
		return conferenceData{}, false
	}
	next, err := p.c.Store.GetYear(ctx, bloc, year+1)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		p.fail(c, err)
		return conferenceData{}, false
	}
	next.Bloc, next.Year = bloc, year+1
	d := conferenceData{Bloc: bloc, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year, Y: y, Next: next, Members: ms}
	for _, n := range numbered {
		n.Value = y.DocNumbers[n.Kind]
		d.Numbers = append(d.Numbers, n)
	}
	return d, true
}

func (p *Pages) showConference(c *gin.Context, status int, d conferenceData) {
	p.show(c, status, "conference", view{Title: "Hội nghị tổng kết năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Hội nghị", ""}), Data: d})
}

// ConferencePost saves the form; every error is shown beside its field and
// what was typed is kept.
func (p *Pages) ConferencePost(c *gin.Context) {
	d, ok := p.conferenceData(c)
	if !ok {
		return
	}
	y := d.Y
	y.Bloc, y.Year = d.Bloc, d.Year
	f := func(k string) string { return strings.TrimSpace(c.PostForm(k)) }
	y.ConferenceDate, y.ConferenceTime, y.ConferencePlace = f("conference_date"), f("conference_time"), f("conference_place")
	y.Host, y.Leader, y.Deputy = f("host"), f("leader"), f("deputy")
	y.Guidance, y.Regulation = f("guidance"), f("regulation")
	y.Minutes.EndTime, y.Minutes.VoteMethod = f("end_time"), f("vote_method")
	y.Minutes.Secretary = domain.Person{Name: f("secretary_name"), Title: f("secretary_title")}
	y.Deadlines = domain.Deadlines{MidYear: f("deadline_mid"), YearEnd: f("deadline_end")}
	if y.DocNumbers == nil {
		y.DocNumbers = map[string]string{}
	}
	for i, n := range numbered {
		y.DocNumbers[n.Kind] = f("so-" + n.Kind)
		d.Numbers[i].Value = y.DocNumbers[n.Kind]
	}
	d.Y = y
	next := d.Next
	elected := next.Leader != f("next_leader") || next.Deputy != f("next_deputy")
	next.Leader, next.Deputy = f("next_leader"), f("next_deputy")
	d.Next = next
	for _, tp := range vn.Prepare(&y) {
		if d.Errors == nil {
			d.Errors = map[string]string{}
		}
		d.Errors[tp.Path] = tp.Message()
	}
	if d.Errors == nil {
		err := p.years.Put(c.Request.Context(), y)
		if fe, ok := fieldErrors(err); ok {
			d.Errors = fe
		} else if err != nil {
			p.fail(c, err)
			return
		}
	}
	if d.Errors == nil && elected {
		err := p.years.Put(c.Request.Context(), next)
		if fe, ok := fieldErrors(err); ok {
			d.Errors = map[string]string{}
			for k, m := range fe {
				d.Errors["next_"+k] = m
			}
		} else if err != nil {
			p.fail(c, err)
			return
		}
	}
	if d.Errors != nil {
		p.showConference(c, http.StatusUnprocessableEntity, d)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(d.Bloc, d.Year)+"/hoi-nghi?da-luu=1")
}
