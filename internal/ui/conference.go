package ui

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
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
	// Current are the members at the year's end: the host of its
	// December conference and next year's leader and deputy are among them.
	Current []domain.Member
	Numbers []docNumber
	Errors  map[string]string
	Saved   bool
	// NextNew: next year is not opened; the election is kept in its
	// settings without opening it.
	NextNew bool
	// Bases are the dated legal bases in force on the documents' date,
	// each with whether the bloc-year cites it; Added those it adds.
	Bases    []legalBase
	Added    string
	BaseDate string
}

type legalBase struct {
	Text  string
	Cited bool
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
	nextNew := errors.Is(err, domain.ErrNotFound)
	next.Bloc, next.Year = bloc, year+1
	d := conferenceData{Bloc: bloc, BlocName: b.Names.At(domain.YearEnd(year)).Full, Year: year, Y: y, Next: next, Members: ms, NextNew: nextNew || next.ElectionOnly}
	for _, m := range ms {
		if m.Until == "" {
			d.Current = append(d.Current, m)
		}
	}
	prev, err := p.c.Store.GetYear(ctx, bloc, year-1)
	if err != nil && !errors.Is(err, domain.ErrNotFound) {
		p.fail(c, err)
		return conferenceData{}, false
	}
	yd := domain.YearData{Year: year, Settings: y, PrevConference: prev.ConferenceDate}
	d.BaseDate = yd.Date()
	d.setBases(p.c.Render.Templates().InForce(d.BaseDate))
	for _, n := range numbered {
		n.Value = y.DocNumbers[n.Kind]
		d.Numbers = append(d.Numbers, n)
	}
	return d, true
}

func (p *Pages) showConference(c *gin.Context, status int, d conferenceData) {
	p.show(c, status, "conference", view{Closed: p.closedNote(c, d.Bloc, d.Year), Title: "Hội nghị tổng kết năm " + itoa(d.Year),
		Crumbs: yearCrumbs(d.Bloc, d.BlocName, d.Year, crumb{"Hội nghị", ""}), Data: d})
}

// ConferencePost saves the form; every error is shown beside its field and
// what was typed is kept. Only the fields the form sent change (a field
// absent is kept, never cleared), this year and next year's election in
// one transaction.
func (p *Pages) ConferencePost(c *gin.Context) {
	d, ok := p.conferenceData(c)
	if !ok {
		return
	}
	apply := func(y, next *domain.BlocYear) {
		set(c, "conference_date", &y.ConferenceDate)
		set(c, "expected_conference_date", &y.ExpectedDate)
		set(c, "conference_time", &y.ConferenceTime)
		set(c, "conference_place", &y.ConferencePlace)
		set(c, "host", &y.Host)
		set(c, "leader", &y.Leader)
		set(c, "deputy", &y.Deputy)
		set(c, "guidance", &y.Guidance)
		set(c, "regulation", &y.Regulation)
		set(c, "end_time", &y.Minutes.EndTime)
		set(c, "vote_method", &y.Minutes.VoteMethod)
		set(c, "secretary_name", &y.Minutes.Secretary.Name)
		set(c, "secretary_title", &y.Minutes.Secretary.Title)
		set(c, "deadline_mid", &y.Deadlines.MidYear)
		set(c, "deadline_end", &y.Deadlines.YearEnd)
		for _, n := range numbered {
			if v, ok := c.GetPostForm("so-" + n.Kind); ok {
				if y.DocNumbers == nil {
					y.DocNumbers = map[string]string{}
				}
				y.DocNumbers[n.Kind] = strings.TrimSpace(v)
			}
		}
		set(c, "next_leader", &next.Leader)
		set(c, "next_deputy", &next.Deputy)
		// The legal bases, when the form showed them: a dated basis
		// unticked is not cited; each line of "other" is an act added.
		if c.PostForm("legal_shown") == "1" {
			y.Legal = domain.LegalChoice{}
			cited := c.PostFormArray("legal_cited")
			for _, b := range d.Bases {
				if !slices.Contains(cited, b.Text) {
					y.Legal.Removed = append(y.Legal.Removed, b.Text)
				}
			}
			for _, l := range strings.Split(c.PostForm("legal_added"), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					y.Legal.Added = append(y.Legal.Added, l)
				}
			}
		}
	}
	// What was typed, shown again if anything is refused.
	y, next, stored := d.Y, d.Next, d.Next
	apply(&y, &next)
	d.Y, d.Next = y, next
	d.setBases(d.baseTexts())
	for i := range d.Numbers {
		d.Numbers[i].Value = y.DocNumbers[d.Numbers[i].Kind]
	}
	// Shown again as it would be stored; its problems are the use case's
	// to report, with every other error of the form at once.
	vn.Prepare(&y)
	d.Y = y
	if d.Errors == nil {
		elected := stored.Leader != next.Leader || stored.Deputy != next.Deputy
		years := []int{d.Year}
		if elected {
			years = append(years, d.Year+1)
		}
		err := p.years.Update(c.Request.Context(), d.Bloc, years, func(ys []*domain.BlocYear) error {
			var nx domain.BlocYear
			if len(ys) > 1 {
				apply(ys[0], ys[1])
				ys[1].ElectionOnly = d.NextNew
				if err := p.years.CheckElection(c.Request.Context(), d.Bloc, d.Year, ys[1].Leader, ys[1].Deputy); err != nil {
					return err
				}
			} else {
				apply(ys[0], &nx)
			}
			vn.Prepare(ys[0])
			return nil
		})
		var yi app.YearInvalid
		prefix := ""
		if errors.As(err, &yi) && yi.Year != d.Year {
			prefix = "next_"
		}
		if fe, ok := fieldErrors(err); ok {
			d.Errors = map[string]string{}
			for k, m := range fe {
				d.Errors[prefix+k] = m
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

// set puts the trimmed value of form field k in *dst when the form sent
// the field; a field absent keeps what *dst holds (never "clear it": an
// empty field sent is how a person clears one).
func set(c *gin.Context, k string, dst *string) {
	if v, ok := c.GetPostForm(k); ok {
		*dst = strings.TrimSpace(v)
	}
}

// setBases marks which of the dated bases in force the year cites, and
// what it adds.
func (d *conferenceData) setBases(inForce []string) {
	d.Bases = nil
	for _, t := range inForce {
		d.Bases = append(d.Bases, legalBase{Text: t, Cited: !slices.Contains(d.Y.Legal.Removed, t)})
	}
	d.Added = strings.Join(d.Y.Legal.Added, "\n")
}

func (d *conferenceData) baseTexts() []string {
	out := make([]string, len(d.Bases))
	for i, b := range d.Bases {
		out[i] = b.Text
	}
	return out
}
