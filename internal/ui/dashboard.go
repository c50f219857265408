package ui

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// memberRow is one member on the secretariat's dashboard.
type memberRow struct {
	Unit, Name  string
	Status      string // "da-nop", "tu-choi", "chua-nop"
	When        time.Time
	Version     int64 // the upload's number
	Errors      int
	Total, Self domain.Decimal
	Rank        int
	Award       string
	URL         string
	// CanOpen: the viewer may open the member's page (a board only its
	// own: no link that would answer 403).
	CanOpen bool
	// Stale: the bloc's marks were entered before the board's newest
	// accepted upload, whose self marks they may no longer fit.
	Stale bool
}

type download struct{ Label, URL string }

type dashboardData struct {
	Bloc, BlocName string
	Year           int
	Private        bool // the status of every member (secretariat, viewer, admin)
	CanWrite       bool
	HasCriteria    bool
	Members        []memberRow
	Submitted      int
	Proposals      []domain.Proposal
	Names          map[string]string
	Downloads      []download
	Base           string
	// Left are the members that left during the year (merged on 1 July):
	// their pages and half-year reports.
	Left []leftRow
	// Texts: how many members sent their texts of each period, and how
	// many sections of each bloc document still print default text.
	TextsH1, TextsYear, TextsOf int
	Defaults                    map[string]int
	// Closing the year: its state, who may close and reopen it, what a
	// refused attempt said.
	State domain.YearState
	// ClosedBy and ReopenedBy name who did it ("Nguyễn Văn A (thuky-…)").
	ClosedBy, ReopenedBy string
	ConferenceDate       string
	IsAdmin              bool
	// Dues are the year's deadlines with who has not sent (secretariat,
	// viewer, admin), when reminders are on.
	Dues []app.DueSummary
	// Stale counts members whose bloc marks predate their newest upload.
	Stale int
	// Next is the year after; NextOpen says it is open already.
	Next                    int
	NextOpen                bool
	Flash                   string
	CloseError, ReopenError string
	Reason                  string
}

// leftRow is a member that left during the year.
type leftRow struct {
	Name, Until, URL, Report string
}

// blocDocs are the bloc's documents to download, from the registry of
// kinds: every format of every bloc-scoped kind.
func blocDocs() []download {
	var out []download
	for _, k := range document.AllKinds() {
		if k.Scope != document.ScopeBloc {
			continue
		}
		for _, f := range k.Formats {
			label := map[string]string{document.FormatPDF: "PDF", document.FormatDOCX: "Word, để sửa", document.FormatXLSX: "Excel"}[f]
			out = append(out, download{k.Title + " (" + label + ")", k.Slug + "." + f})
		}
	}
	return out
}

// Dashboard is a bloc-year at a glance: who has submitted, the ranking and
// proposed awards, every document to download; for a board, the bloc's
// published documents.
func (p *Pages) Dashboard(c *gin.Context) {
	var d dashboardData
	d.Flash = map[string]string{"khoa-so": "Đã khoá sổ năm: từ nay dữ liệu của năm không thay đổi được nữa; các văn bản vẫn tải được.",
		"mo-lai": "Đã mở lại năm. Nhớ khoá sổ lại khi đã sửa xong.", "nhac-han": reminderFlash(c),
		"mo-nam-sau": openedFlash(c),
		"tieu-chi":   "Đã dùng bảng tiêu chí mặc định cho năm này."}[c.Query("da")]
	p.showDashboard(c, http.StatusOK, d)
}

// personName labels a username by the person's name, as the audit page
// does; an account since deleted keeps its username.
func (p *Pages) personName(ctx context.Context, username string) string {
	if username == "" {
		return ""
	}
	u, err := p.c.Store.GetUser(ctx, username)
	if err != nil {
		return username
	}
	return personLabel(u.Name, u.Username)
}

// openedFlash says which year was opened, on the page of the year before
// it (the secretariat has no right over it until granted).
func openedFlash(c *gin.Context) string {
	next := "sau"
	if y, err := strconv.Atoi(c.Param("year")); err == nil {
		next = strconv.Itoa(y + 1)
	}
	return "Đã mở năm " + next + ". Quản trị hệ thống cấp quyền thư ký Khối của năm " + next + " cho người sẽ làm thư ký Khối năm đó."
}

// showDashboard builds and shows the dashboard; extra carries the flash
// and the errors of a refused close or reopen.
func (p *Pages) showDashboard(c *gin.Context, status int, extra dashboardData) {
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	bloc := c.Param("bloc")
	d, defaults, err := p.year(ctx, bloc, year)
	if err != nil {
		p.fail(c, err)
		return
	}
	sc := domain.Scope{Bloc: bloc, Year: year}
	v := dashboardData{Bloc: bloc, BlocName: d.Bloc.Names.At(d.Date()).Full, Year: year, Private: p.may(c, domain.AccessReadPrivate, sc),
		CanWrite: p.may(c, domain.AccessWriteYear, sc), HasCriteria: d.Criteria != nil, Proposals: d.Proposals, Names: map[string]string{},
		Base: pageBase(bloc, year), State: d.State, ConferenceDate: d.Settings.ConferenceDate, IsAdmin: p.may(c, domain.AccessAdmin, sc),
		Flash: extra.Flash, CloseError: extra.CloseError, ReopenError: extra.ReopenError, Reason: extra.Reason}
	v.Next = year + 1
	if v.CanWrite {
		// Who closed and reopened the year, by name (one read each, only
		// where the page says it).
		v.ClosedBy, v.ReopenedBy = p.personName(ctx, d.State.ClosedBy), p.personName(ctx, d.State.ReopenedBy)
	}
	if v.CanWrite {
		years, err := p.c.Store.ListYears(ctx, bloc)
		if err != nil {
			p.fail(c, err)
			return
		}
		v.NextOpen = slices.Contains(years, year+1)
	}
	for _, dl := range blocDocs() {
		v.Downloads = append(v.Downloads, download{dl.Label, apiBase(bloc, year) + "/documents/" + dl.URL})
	}
	sheets := map[string]domain.UnitScores{}
	for _, s := range d.Sheets {
		sheets[s.Unit] = s
	}
	awards := map[string]string{}
	for _, pr := range d.Proposals {
		awards[pr.Unit] = domain.AwardLabel(pr.Kind)
	}
	var uploads map[string][]store.Upload
	if v.Private {
		if uploads, err = p.c.Scoring.YearUploads(ctx, bloc, year); err != nil {
			p.fail(c, err)
			return
		}
	}
	for _, m := range d.Members {
		v.Names[m.Unit] = m.Name.Full
		row := memberRow{Unit: m.Unit, Name: m.Name.Full, Status: "chua-nop", Award: awards[m.Unit], URL: pageBase(bloc, year) + "/don-vi/" + m.Unit,
			CanOpen: v.Private || p.may(c, domain.AccessReadUnit, domain.Scope{Bloc: bloc, Year: year, Unit: m.Unit})}
		if r, ok := d.Result(m.Unit); ok && r.Submitted {
			row.Total, row.Self, row.Rank = r.Total, r.SelfTotal, r.Rank
		}
		if v.Private {
			ups := uploads[m.Unit]
			if sh, ok := sheets[m.Unit]; ok {
				row.Status = "da-nop"
				row.When, _ = time.Parse(time.RFC3339, sh.SubmittedAt)
			}
			for _, u := range ups {
				if u.Status == store.UploadAccepted {
					row.Version, row.When = u.ID, u.ReceivedAt
					if marked, err := time.Parse(time.RFC3339, sheets[m.Unit].MarkedAt); err == nil && u.ReceivedAt.After(marked) {
						row.Stale = true
						v.Stale++
					}
					break
				}
			}
			if row.Status == "chua-nop" && len(ups) > 0 && ups[0].Status == store.UploadRejected {
				row.Status, row.When, row.Errors = "tu-choi", ups[0].ReceivedAt, len(ups[0].Errors)
			}
			if row.Status == "da-nop" {
				v.Submitted++
			}
		}
		v.Members = append(v.Members, row)
	}
	if v.Private {
		v.TextsH1, v.TextsYear, v.TextsOf = len(d.SentTexts(domain.PeriodH1)), len(d.SentTexts(domain.PeriodYear)), len(d.Members)
		v.Defaults = defaults
		if p.c.Reminders != nil {
			if v.Dues, err = p.c.Reminders.OverviewOf(ctx, d); err != nil {
				p.fail(c, err)
				return
			}
		}
	}
	for _, m := range d.Left {
		v.Left = append(v.Left, leftRow{Name: m.Name.Full, Until: m.Until, URL: pageBase(bloc, year) + "/don-vi/" + m.Unit,
			Report: apiBase(bloc, year) + "/units/" + m.Unit + "/documents/bao-cao-so-ket.pdf"})
	}
	p.show(c, status, "dashboard", view{Title: v.BlocName + " — năm " + itoa(year),
		Crumbs: []crumb{{"Việc của bạn", "/"}, {v.BlocName + ", năm " + itoa(year), ""}}, Data: v})
}

// ClosePost closes the year after its conference.
func (p *Pages) ClosePost(c *gin.Context) {
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	bloc := c.Param("bloc")
	err := p.years.Close(c.Request.Context(), bloc, year, web.Actor(c).Username, time.Now())
	var ce domain.ConflictError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, pageBase(bloc, year)+"?da=khoa-so#khoa-so")
	case errors.As(err, &ce):
		p.showDashboard(c, http.StatusConflict, dashboardData{CloseError: ce.Message})
	default:
		p.fail(c, err)
	}
}

// ReopenPost reopens a closed year (an administrator), with the reason.
func (p *Pages) ReopenPost(c *gin.Context) {
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	bloc, reason := c.Param("bloc"), c.PostForm("ly-do")
	err := p.years.Reopen(c.Request.Context(), bloc, year, web.Actor(c).Username, reason, time.Now())
	var ce domain.ConflictError
	switch {
	case err == nil:
		c.Redirect(http.StatusSeeOther, pageBase(bloc, year)+"?da=mo-lai#khoa-so")
	case errors.As(err, &ce):
		p.showDashboard(c, http.StatusConflict, dashboardData{ReopenError: ce.Message, Reason: reason})
	default:
		if fe, ok := fieldErrors(err); ok {
			p.showDashboard(c, http.StatusUnprocessableEntity, dashboardData{ReopenError: fe["reason"], Reason: reason})
			return
		}
		p.fail(c, err)
	}
}

// RemindPost reminds the boards that have not sent what a deadline asks.
func (p *Pages) RemindPost(c *gin.Context) {
	year, ok := p.yearParam(c)
	if !ok {
		return
	}
	if p.c.Reminders == nil {
		p.Error(c, http.StatusServiceUnavailable, "Hệ thống chưa bật nhắc hạn.")
		return
	}
	bloc := c.Param("bloc")
	res, err := p.c.Reminders.Send(c.Request.Context(), web.Actor(c), bloc, year, c.PostForm("han"))
	if err != nil {
		p.fail(c, err)
		return
	}
	q := url.Values{"da": {"nhac-han"}, "gui": {itoa(res.Sent)}, "truoc": {itoa(res.Already)}}
	for _, n := range res.NoAddress {
		q.Add("thieu", n)
	}
	c.Redirect(http.StatusSeeOther, pageBase(bloc, year)+"?"+q.Encode()+"#han-gui")
}

// reminderFlash says what a sending did, from its redirect's query.
func reminderFlash(c *gin.Context) string {
	msg := "Đã gửi thư nhắc hạn tới " + c.Query("gui") + " đơn vị."
	if n := c.Query("truoc"); n != "" && n != "0" {
		msg += " " + n + " đơn vị đã được nhắc hạn này trước đó, không gửi lại."
	}
	if miss := c.QueryArray("thieu"); len(miss) > 0 {
		msg += " Chưa gửi được tới " + strings.Join(miss, ", ") + ": tài khoản của đơn vị chưa có địa chỉ thư điện tử (thêm ở trang Tài khoản các đơn vị)."
	}
	return msg
}
