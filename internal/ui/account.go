package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

// One person's account page (administrator): name and e-mail, rights
// (with next year's secretariat in one click), password reset, disabling,
// lifting a log-in throttle, deleting.

type grantRow struct {
	Grant domain.Grant
	Label string
	// Next is the same secretariat a year on, when not yet granted.
	Next *domain.Grant
}

type accountData struct {
	User   store.User
	Base   string
	Rows   []grantRow
	Roles  []option
	Orgs   orgNames
	Grant  domain.Grant
	Name   string
	Email  string
	Errors map[string]string
	Self   bool
	Limits string // the log-in throttle, in words
	// Admin: the administrator's page (rights, deleting); otherwise a
	// bloc-year secretariat's page of one of its boards' accounts.
	Admin bool
	m     accountManager
	crumb []crumb
}

// accountManager is who manages an account: the administrator
// (app.Accounts: everyone) or a bloc-year's secretariat (app.YearAccounts:
// that year's member boards; anyone else is not found).
type accountManager interface {
	User(ctx context.Context, username string) (store.User, error)
	UpdateUser(ctx context.Context, act *domain.Actor, username, name, email string) (store.User, error)
	ResetPassword(ctx context.Context, act *domain.Actor, username, next, address string) error
	SetDisabled(ctx context.Context, act *domain.Actor, username string, disabled bool) (store.User, error)
	Unlock(ctx context.Context, act *domain.Actor, username string) error
}

// accountFlash is what a done action says, by the ?da= of its redirect.
var accountFlash = map[string]string{
	"sua":       "Đã lưu họ tên và thư điện tử.",
	"cap-quyen": "Đã cấp quyền.",
	"thu-hoi":   "Đã thu hồi quyền (và các mã truy cập làm theo quyền đó).",
	"mat-khau":  "Đã đặt mật khẩu mới; các phiên đăng nhập và mã truy cập cũ của người này đã kết thúc. Hãy báo mật khẩu cho người dùng qua một kênh riêng.",
	"khoa":      "Đã khoá tài khoản; các phiên đăng nhập và mã truy cập đã kết thúc.",
	"mo":        "Đã mở lại tài khoản.",
	"mo-khoa":   "Đã xoá các lần đăng nhập sai: người dùng có thể đăng nhập lại ngay.",
}

// Account shows one person's account.
func (p *Pages) Account(c *gin.Context) {
	d, ok := p.accountData(c)
	if !ok {
		return
	}
	d.Name, d.Email = d.User.Name, d.User.Email
	p.showAccount(c, http.StatusOK, d, accountFlash[c.Query("da")])
}

// accountScope is the manager, the pages' base and the crumbs of the
// route: under /khoi/{bloc}/{year}/tai-khoan the year's secretariat's,
// otherwise the administrator's.
func (p *Pages) accountScope(c *gin.Context) (accountManager, string, []crumb, bool) {
	if c.Param("bloc") == "" {
		return p.c.Accounts, accountsBase, []crumb{{"Việc của bạn", "/"}, {"Tài khoản", accountsBase}}, true
	}
	y, ok := p.yearAccounts(c)
	if !ok {
		return nil, "", nil, false
	}
	base := pageBase(y.Bloc, y.Year) + "/tai-khoan"
	return y.YearAccounts, base, yearCrumbs(y.Bloc, y.BlocName, y.Year, crumb{"Tài khoản các đơn vị", base}), true
}

func (p *Pages) accountData(c *gin.Context) (accountData, bool) {
	ctx := c.Request.Context()
	m, base, crumbs, ok := p.accountScope(c)
	if !ok {
		return accountData{}, false
	}
	u, err := m.User(ctx, c.Param("username"))
	if err != nil {
		p.fail(c, err)
		return accountData{}, false
	}
	orgs, err := p.orgNames(ctx)
	if err != nil {
		p.fail(c, err)
		return accountData{}, false
	}
	lim := p.c.Accounts.Limits()
	d := accountData{User: u, Base: base + "/" + u.Username, Roles: roleOptions, Orgs: orgs, Self: web.Actor(c).UserID == u.ID,
		Limits: fmt.Sprintf("Sau %d lần nhập sai mật khẩu, tài khoản phải chờ %s", lim.MaxFailures, vn.Duration(lim.Window)),
		Admin:  base == accountsBase, m: m, crumb: crumbs}
	for _, g := range u.Grants {
		r := grantRow{Grant: g, Label: orgs.grant(g)}
		if g.Role == domain.RoleSecretariat {
			next := domain.Grant{Role: g.Role, Bloc: g.Bloc, Year: g.Year + 1}
			if !slices.ContainsFunc(u.Grants, func(h domain.Grant) bool { return h.Role == next.Role && h.Bloc == next.Bloc && h.Year == next.Year }) {
				r.Next = &next
			}
		}
		d.Rows = append(d.Rows, r)
	}
	return d, true
}

func (p *Pages) showAccount(c *gin.Context, status int, d accountData, flash string) {
	title := d.User.Name
	if title == "" {
		title = d.User.Username
	}
	p.show(c, status, "account", view{Title: "Tài khoản " + title, Flash: flash,
		Crumbs: append(d.crumb, crumb{title, ""}), Data: d})
}

// accountAct runs one action of the account page: field errors are shown
// beside the form, a refusal as the page's message, success as a flash.
func (p *Pages) accountAct(c *gin.Context, what string, do func(d *accountData) error) {
	d, ok := p.accountData(c)
	if !ok {
		return
	}
	d.Name, d.Email = d.User.Name, d.User.Email
	err := do(&d)
	if fe, ok := fieldErrors(err); ok {
		d.Errors = fe
		p.showAccount(c, http.StatusUnprocessableEntity, d, "")
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, d.Base+"?da="+what)
}

// AccountPost saves the name and e-mail address.
func (p *Pages) AccountPost(c *gin.Context) {
	p.accountAct(c, "sua", func(d *accountData) error {
		d.Name, d.Email = c.PostForm("name"), c.PostForm("email")
		_, err := d.m.UpdateUser(c.Request.Context(), web.Actor(c), d.User.Username, d.Name, d.Email)
		return err
	})
}

// AccountGrantPost gives a right (administrator only).
func (p *Pages) AccountGrantPost(c *gin.Context) {
	p.accountAct(c, "cap-quyen", func(d *accountData) error {
		d.Grant = grantForm(c)
		_, err := p.c.Accounts.Grant(c.Request.Context(), web.Actor(c), d.User.Username, d.Grant)
		return err
	})
}

// AccountRevokePost takes a right away (administrator only).
func (p *Pages) AccountRevokePost(c *gin.Context) {
	p.accountAct(c, "thu-hoi", func(d *accountData) error {
		return p.c.Accounts.Revoke(c.Request.Context(), web.Actor(c), d.User.Username, grantForm(c))
	})
}

// AccountPasswordPost sets a new password (typed twice).
func (p *Pages) AccountPasswordPost(c *gin.Context) {
	p.accountAct(c, "mat-khau", func(d *accountData) error {
		if c.PostForm("password") != c.PostForm("again") {
			return domain.ValidationError{{Field: "again", Code: "mismatch", Message: "Hai lần nhập mật khẩu mới không giống nhau"}}
		}
		return d.m.ResetPassword(c.Request.Context(), web.Actor(c), d.User.Username, c.PostForm("password"), c.ClientIP())
	})
}

// AccountDisablePost and AccountEnablePost disable and enable a person.
func (p *Pages) AccountDisablePost(c *gin.Context) { p.setDisabled(c, true, "khoa") }
func (p *Pages) AccountEnablePost(c *gin.Context)  { p.setDisabled(c, false, "mo") }

func (p *Pages) setDisabled(c *gin.Context, disabled bool, what string) {
	p.accountAct(c, what, func(d *accountData) error {
		_, err := d.m.SetDisabled(c.Request.Context(), web.Actor(c), d.User.Username, disabled)
		return err
	})
}

// AccountUnlockPost lifts the log-in throttle.
func (p *Pages) AccountUnlockPost(c *gin.Context) {
	p.accountAct(c, "mo-khoa", func(d *accountData) error {
		return d.m.Unlock(c.Request.Context(), web.Actor(c), d.User.Username)
	})
}

// AccountDeletePost deletes a person, once the box saying so is ticked.
func (p *Pages) AccountDeletePost(c *gin.Context) {
	d, ok := p.accountData(c)
	if !ok {
		return
	}
	if c.PostForm("xac-nhan") != "1" {
		d.Name, d.Email = d.User.Name, d.User.Email
		d.Errors = map[string]string{"xac-nhan": "Hãy đánh dấu ô xác nhận để xoá tài khoản"}
		p.showAccount(c, http.StatusUnprocessableEntity, d, "")
		return
	}
	if err := p.c.Accounts.DeleteUser(c.Request.Context(), web.Actor(c), d.User.Username); err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, accountsBase+"?da-xoa="+url.QueryEscape(d.User.Username))
}
