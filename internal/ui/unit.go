package ui

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// sectionTotal is one line of a result: a section and its points.
type sectionTotal struct {
	Code, Title string
	Points, Max domain.Decimal
}

type unitData struct {
	Bloc, BlocName, Unit, UnitName  string
	Year                            int
	HasCriteria, CanUpload, CanMark bool
	MarksURL                        string
	Workbook, Report                string
	// Until is set for a member that left during the year (merged on 1
	// July): its half-year report only, no scoring.
	Until, MergedInto string
	MaxSize           string
	Uploads           []store.Upload
	UploadBase        string
	// The result of an upload just sent.
	Outcome  *app.Outcome
	Sections []sectionTotal
	Problem  string // the body could not be taken (no file, too large)
	// Honours are the awards the unit received this year; the form to
	// record one keeps what was typed and its errors.
	Honours    []domain.Honour
	CanHonour  bool
	HonourURL  string
	ChiTieuURL string
	HonourForm honourForm
	Flash      string
	// Texts are the board's texts of each period it writes for, with
	// where they stand and the page to write them.
	Texts []unitTextLink
	// Closed says the year is closed: nothing on the page can be sent.
	Closed string
	// Dues are what the board owes the bloc and by when.
	Dues []dueRow
	// Current is the unit's recorded sheet totalled (nil: none yet);
	// BlocMarked says the bloc has marked some line.
	Current    *domain.Result
	BlocMarked bool
}

// dueRow is one deadline of the board, with where it is done.
type dueRow struct {
	domain.Due
	DaysLeft int
	URL      string
}

// closedMessage is what a page says of a closed year ("" when open).
func closedMessage(s domain.YearState) string {
	if err := s.CheckOpen(); err != nil {
		return err.Error()
	}
	return ""
}

type unitTextLink struct {
	Label, URL string
	Text       domain.BoardText
}

// Unit is a board's page for a year: its workbook to download, the upload
// form, the history of its uploads, its own documents.
func (p *Pages) Unit(c *gin.Context) {
	d, ok := p.unitData(c)
	if !ok {
		return
	}
	switch {
	case c.Query("da-ghi") == "1":
		d.Flash = "Đã ghi khen thưởng."
	case c.Query("da-xoa") == "1":
		d.Flash = "Đã xóa khen thưởng."
	}
	p.showUnit(c, http.StatusOK, d)
}

func (p *Pages) unitData(c *gin.Context) (unitData, bool) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return unitData{}, false
	}
	ctx := c.Request.Context()
	bloc, unit := b.Slug, c.Param("unit")
	ms, err := p.c.Store.Members(ctx, bloc, year)
	if err != nil {
		p.fail(c, err)
		return unitData{}, false
	}
	var m *domain.Member
	for i := range ms {
		if ms[i].Unit == unit {
			m = &ms[i]
		}
	}
	if m == nil {
		p.fail(c, domain.NotFound("đơn vị thành viên năm "+itoa(year), unit))
		return unitData{}, false
	}
	ups, err := p.c.Scoring.Uploads(ctx, bloc, year, unit)
	if err != nil {
		p.fail(c, err)
		return unitData{}, false
	}
	cs, cerr := p.c.Store.CurrentCriteria(ctx, bloc, year)
	var current *domain.Result
	blocMarked := false
	if cerr == nil {
		sheets, err := p.c.Store.ListScores(ctx, cs.ID)
		if err != nil {
			p.fail(c, err)
			return unitData{}, false
		}
		for _, sh := range sheets {
			if sh.Unit == unit && sh.SubmittedAt != "" {
				r := domain.Compute(cs, sh)
				current = &r
				for _, sc := range sh.Scores {
					blocMarked = blocMarked || sc.Bloc != nil
				}
			}
		}
	}
	state, err := p.c.Store.YearState(ctx, bloc, year)
	if err != nil {
		p.fail(c, err)
		return unitData{}, false
	}
	open := !state.Closed()
	base := apiBase(bloc, year) + "/units/" + unit
	merged := ""
	if m.Until != "" {
		if u, err := p.c.Store.GetUnit(ctx, unit); err == nil && u.MergedInto != "" {
			if into, err := p.c.Store.GetUnit(ctx, u.MergedInto); err == nil {
				merged = into.Names.At(domain.YearEnd(year)).Full
			}
		}
	}
	all, err := p.years.Honours(ctx, bloc, year)
	if err != nil {
		p.fail(c, err)
		return unitData{}, false
	}
	var texts []unitTextLink
	for _, period := range []string{domain.PeriodH1, domain.PeriodYear} {
		if period == domain.PeriodYear && m.Until != "" {
			continue
		}
		t, err := p.c.Store.GetBoardText(ctx, bloc, year, unit, period)
		if err != nil {
			p.fail(c, err)
			return unitData{}, false
		}
		texts = append(texts, unitTextLink{Label: textPeriods[period], URL: pageBase(bloc, year) + "/don-vi/" + unit + "/bao-cao/" + period, Text: t})
	}
	dues, err := p.unitDues(ctx, bloc, year, *m, ups, texts)
	if err != nil {
		p.fail(c, err)
		return unitData{}, false
	}
	var honours []domain.Honour
	for _, h := range all {
		if h.Unit == unit {
			honours = append(honours, h)
		}
	}
	return unitData{Bloc: bloc, BlocName: b.Names.At(domain.YearEnd(year)).Full, Unit: unit, UnitName: m.Name.Full, Year: year, Until: m.Until, MergedInto: merged,
		Closed: closedMessage(state), Honours: honours, CanHonour: open && p.may(c, domain.AccessWriteUnit, domain.Scope{Bloc: bloc, Year: year, Unit: unit}),
		HonourURL: pageBase(bloc, year) + "/don-vi/" + unit + "/khen-thuong", ChiTieuURL: pageBase(bloc, year) + "/don-vi/" + unit + "/chi-tieu", HonourForm: honourForm{Period: defaultPeriod(m.Until)},
		HasCriteria: cerr == nil, CanUpload: open && p.may(c, domain.AccessWriteUnit, domain.Scope{Bloc: bloc, Year: year, Unit: unit}),
		CanMark: open && cerr == nil && p.may(c, domain.AccessWriteYear, domain.Scope{Bloc: bloc, Year: year}), MarksURL: pageBase(bloc, year) + "/don-vi/" + unit + "/diem-khoi",
		Workbook: base + "/phieu-cham-diem.xlsx", Report: base + "/documents/bao-cao-so-ket", MaxSize: sizeText(p.c.MaxUpload),
		Uploads: ups, UploadBase: base + "/uploads/", Texts: texts, Dues: dues, Current: current, BlocMarked: blocMarked}, true
}

// unitDues are the board's deadlines, from what the page has read: a
// workbook is sent when an upload was accepted, texts when sent.
func (p *Pages) unitDues(ctx context.Context, bloc string, year int, m domain.Member, ups []store.Upload, texts []unitTextLink) ([]dueRow, error) {
	settings, err := p.c.Store.GetYear(ctx, bloc, year)
	if err != nil {
		return nil, err
	}
	d := domain.YearData{Year: year, Settings: settings, Members: []domain.Member{m}}
	for _, u := range ups {
		if u.Status == store.UploadAccepted {
			d.Sheets = []domain.UnitScores{{Unit: m.Unit, SubmittedAt: u.ReceivedAt.Format(time.RFC3339)}}
		}
	}
	for _, t := range texts {
		d.Texts = append(d.Texts, t.Text)
	}
	now := time.Now()
	var out []dueRow
	for _, due := range d.Dues(m.Unit) {
		out = append(out, dueRow{Due: due, DaysLeft: domain.DaysLeft(due.Date, now), URL: pageBase(bloc, year) + "/don-vi/" + m.Unit + due.Page})
	}
	return out, nil
}

func (p *Pages) showUnit(c *gin.Context, status int, d unitData) {
	crumbs := []crumb{{"Việc của bạn", "/"}}
	if p.may(c, domain.AccessReadYear, domain.Scope{Bloc: d.Bloc, Year: d.Year}) {
		crumbs = append(crumbs, crumb{d.BlocName + ", năm " + itoa(d.Year), pageBase(d.Bloc, d.Year)})
	}
	crumbs = append(crumbs, crumb{d.UnitName, ""})
	p.show(c, status, "unit", view{Title: d.UnitName + " — năm " + itoa(d.Year), Crumbs: crumbs, Data: d})
}

// Upload takes a filled workbook from the form and shows what became of
// it: the totals by section, or every error with its cell.
func (p *Pages) Upload(c *gin.Context) {
	ctx := c.Request.Context()
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	t, err := p.c.Scoring.Target(ctx, c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		p.fail(c, err)
		return
	}
	name, ref, rerr := web.ReceiveUpload(c, p.c.Blobs, p.c.MaxUpload)
	d, ok := p.unitData(c)
	if !ok {
		return
	}
	var ue *web.UploadError
	if errors.As(rerr, &ue) {
		d.Problem = ue.Message
		p.showUnit(c, ue.Status, d)
		return
	}
	if rerr != nil {
		p.fail(c, rerr)
		return
	}
	out, err := p.c.Scoring.Submit(ctx, t, app.Submission{Filename: name, Uploader: web.Actor(c).Username, Blob: ref})
	if errors.Is(err, app.ErrBusy) {
		d.Problem = "Hệ thống đang bận đọc các phiếu khác. Tệp đã được lưu; vui lòng gửi lại sau ít phút."
		p.showUnit(c, http.StatusServiceUnavailable, d)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Set("outcome", out.Upload.Status)
	d.Outcome = &out
	for _, s := range t.Criteria.Sections {
		d.Sections = append(d.Sections, sectionTotal{Code: s.Code, Title: s.Title, Points: out.Result.SectionTotal[s.Code], Max: s.Max})
	}
	if d, ok = p.refreshUploads(c, d); !ok {
		return
	}
	status := http.StatusOK
	if out.Upload.Status == store.UploadRejected {
		status = http.StatusUnprocessableEntity
	}
	p.showUnit(c, status, d)
}

func (p *Pages) refreshUploads(c *gin.Context, d unitData) (unitData, bool) {
	// Read again whole: the uploads, and what depends on the one just
	// sent (the deadlines owed, the current marks).
	fresh, ok := p.unitData(c)
	if !ok {
		return d, false
	}
	fresh.Outcome, fresh.Sections, fresh.Problem = d.Outcome, d.Sections, d.Problem
	return fresh, true
}
