package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// The secretariat's page of its member boards' accounts: who has one, who
// signed in, and making one for a board that has none (app.YearAccounts
// says over whom; the route, who).

// yearAccountsScope is a bloc-year with the accounts its secretariat
// manages.
type yearAccountsScope struct {
	*app.YearAccounts
	BlocName string
}

func (p *Pages) yearAccounts(c *gin.Context) (yearAccountsScope, bool) {
	b, year, ok := p.blocYear(c)
	if !ok {
		return yearAccountsScope{}, false
	}
	y, err := p.c.Accounts.ForYear(c.Request.Context(), b.Slug, year)
	if err != nil {
		p.fail(c, err)
		return yearAccountsScope{}, false
	}
	return yearAccountsScope{YearAccounts: y, BlocName: b.Names.At(domain.YearEnd(year)).Full}, true
}

type memberAccounts struct {
	Unit, Name string
	Users      []store.User
}

type yearAccountsData struct {
	Base, BlocName string
	Year           int
	Rows           []memberAccounts
	Units          []option
	Form           app.NewUser
	Unit           string
	Errors         map[string]string
	Without        int // members with no account
}

// YearAccounts lists the year's members with their accounts.
func (p *Pages) YearAccounts(c *gin.Context) {
	flash := ""
	if u := c.Query("da-tao"); u != "" {
		flash = "Đã tạo tài khoản " + u + ". Hãy báo tên đăng nhập và mật khẩu cho đơn vị qua một kênh riêng."
	}
	p.showYearAccounts(c, http.StatusOK, yearAccountsData{}, flash)
}

func (p *Pages) showYearAccounts(c *gin.Context, status int, d yearAccountsData, flash string) {
	y, ok := p.yearAccounts(c)
	if !ok {
		return
	}
	us, err := y.Users(c.Request.Context())
	if err != nil {
		p.fail(c, err)
		return
	}
	d.Base, d.BlocName, d.Year = pageBase(y.Bloc, y.Year)+"/tai-khoan", y.BlocName, y.Year
	d.Rows, d.Units, d.Without = nil, nil, 0
	for _, m := range y.Members {
		r := memberAccounts{Unit: m.Unit, Name: m.Name.Full}
		for _, u := range us {
			for _, g := range u.Grants {
				if g.Unit == m.Unit {
					r.Users = append(r.Users, u)
					break
				}
			}
		}
		if len(r.Users) == 0 {
			d.Without++
		}
		d.Rows = append(d.Rows, r)
		d.Units = append(d.Units, option{m.Unit, m.Name.Full})
	}
	p.show(c, status, "yearaccounts", view{Title: "Tài khoản các đơn vị năm " + itoa(y.Year), Flash: flash,
		Crumbs: yearCrumbs(y.Bloc, y.BlocName, y.Year, crumb{"Tài khoản các đơn vị", ""}), Data: d})
}

// YearAccountsPost makes an account for a member board.
func (p *Pages) YearAccountsPost(c *gin.Context) {
	y, ok := p.yearAccounts(c)
	if !ok {
		return
	}
	d := yearAccountsData{Form: app.NewUser{Username: c.PostForm("username"), Name: c.PostForm("name"), Email: c.PostForm("email"), Password: c.PostForm("password")}, Unit: c.PostForm("unit")}
	u, err := y.Create(c.Request.Context(), web.Actor(c), d.Form, d.Unit)
	fe, bad := fieldErrors(err)
	if ce, ok := conflict(err); ok {
		fe, bad = map[string]string{"username": ce.Message}, true
	}
	if bad {
		d.Errors, d.Form.Password = fe, ""
		p.showYearAccounts(c, http.StatusUnprocessableEntity, d, "")
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, pageBase(y.Bloc, y.Year)+"/tai-khoan?da-tao="+u.Username)
}
