package ui

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

// workLink is one place a person works.
type workLink struct {
	Label, Note, URL string
	Year             int
}

// Home sends each person to their own work: the secretariat to its
// bloc-years, a board to its own sheet each year, viewers and admins to
// every bloc-year; newest first.
func (p *Pages) Home(c *gin.Context) {
	ctx := c.Request.Context()
	act := web.Actor(c)
	blocs, err := p.c.Store.ListBlocs(ctx)
	if err != nil {
		p.fail(c, err)
		return
	}
	var links []workLink
	for _, b := range blocs {
		years, err := p.c.Store.ListYears(ctx, b.Slug)
		if err != nil {
			p.fail(c, err)
			return
		}
		for _, y := range years {
			sc := domain.Scope{Bloc: b.Slug, Year: y}
			name := b.Names.At(domain.YearEnd(y)).Full
			if p.may(c, domain.AccessReadPrivate, sc) {
				note := "Xem"
				if p.may(c, domain.AccessWriteYear, sc) {
					note = "Thư ký Khối"
				}
				links = append(links, workLink{Label: fmt.Sprintf("%s — năm %d", name, y), Note: note, URL: pageBase(b.Slug, y), Year: y})
			}
			for _, g := range act.Grants {
				if g.Role != domain.RoleBoard {
					continue
				}
				if bloc, err := p.c.Store.MemberOf(ctx, g.Unit, y); err == nil && bloc == b.Slug {
					u, err := p.c.Store.GetUnit(ctx, g.Unit)
					if err != nil {
						p.fail(c, err)
						return
					}
					note, err := p.boardNote(ctx, b.Slug, y, g.Unit)
					if err != nil {
						p.fail(c, err)
						return
					}
					links = append(links, workLink{Label: fmt.Sprintf("%s — năm %d", u.Names.At(domain.YearEnd(y)).Full, y),
						Note: "Phiếu chấm điểm và báo cáo của đơn vị, " + name + note, URL: pageBase(b.Slug, y) + "/don-vi/" + g.Unit, Year: y})
				}
			}
		}
	}
	slices.SortStableFunc(links, func(a, b workLink) int { return b.Year - a.Year })
	// The ministry (and the administrator) follow every bloc's dossier.
	if p.c.Dossiers != nil && p.may(c, domain.AccessReadAll, domain.Scope{}) && len(links) > 0 {
		y := links[0].Year
		links = append([]workLink{{Label: fmt.Sprintf("Hồ sơ cuối năm %d của các Khối", y), Note: "Tình hình lập hồ sơ của mọi Khối, tải tệp ZIP", URL: fmt.Sprintf("/ho-so/%d", y), Year: y}}, links...)
	}
	if act.Has(domain.RoleAdmin) {
		links = append([]workLink{{Label: "Tài khoản", Note: "Tạo tài khoản, cấp quyền, đặt lại mật khẩu, khoá hoặc xoá", URL: accountsBase}}, links...)
	}
	p.show(c, http.StatusOK, "home", view{Title: "Việc của bạn", Data: links})
}

// boardNote says what a board still owes in a year and the nearest
// deadline ("" when nothing, or the year is closed).
func (p *Pages) boardNote(ctx context.Context, bloc string, year int, unit string) (string, error) {
	state, err := p.c.Store.YearState(ctx, bloc, year)
	if err != nil || state.Closed() {
		return "", err
	}
	ms, err := p.c.Store.Members(ctx, bloc, year)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(ms, func(m domain.Member) bool { return m.Unit == unit })
	if i < 0 {
		return "", nil
	}
	ups, err := p.c.Scoring.Uploads(ctx, bloc, year, unit)
	if err != nil {
		return "", err
	}
	var texts []unitTextLink
	for _, period := range []string{domain.PeriodH1, domain.PeriodYear} {
		t, err := p.c.Store.GetBoardText(ctx, bloc, year, unit, period)
		if err != nil {
			return "", err
		}
		texts = append(texts, unitTextLink{Text: t})
	}
	dues, err := p.unitDues(ctx, bloc, year, ms[i], ups, texts)
	if err != nil {
		return "", err
	}
	var owed []string
	for _, d := range dues {
		if !d.Done {
			owed = append(owed, vn.LowerFirst(d.Label)+" (hạn "+shortDate(d.Date)+", "+daysLabel(d.DaysLeft)+")")
		}
	}
	if len(owed) == 0 {
		return "", nil
	}
	return ". Còn phải gửi: " + strings.Join(owed, "; "), nil
}

// shortDate is a YYYY-MM-DD date as people write it.
func shortDate(s string) string {
	t, err := time.Parse(domain.DateLayout, s)
	if err != nil {
		return s
	}
	return vn.ShortDate(t)
}
