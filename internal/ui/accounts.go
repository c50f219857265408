package ui

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

// The administrator's account pages: every person, their rights, state
// and last sign-in; creating, editing, granting, resetting, disabling,
// unlocking and deleting. The rules are app.Accounts', the same the
// command line and the JSON API call.

const accountsBase = "/quan-tri/tai-khoan"

// option is one choice of a select.
type option struct{ Value, Label string }

// orgNames names blocs and units for people (never their slugs).
type orgNames struct {
	blocs, units map[string]string
	Blocs, Units []option
}

func (p *Pages) orgNames(ctx context.Context) (orgNames, error) {
	o := orgNames{blocs: map[string]string{}, units: map[string]string{}}
	bs, err := p.c.Store.ListBlocs(ctx)
	if err != nil {
		return o, err
	}
	for _, b := range bs {
		name := b.Names.Latest().Short
		if name == "" {
			name = b.Names.Latest().Full
		}
		o.blocs[b.Slug] = name
		o.Blocs = append(o.Blocs, option{b.Slug, name})
	}
	us, err := p.c.Store.ListUnits(ctx)
	if err != nil {
		return o, err
	}
	for _, u := range us {
		name := u.Names.Latest().Full
		o.units[u.Slug] = name
		o.Units = append(o.Units, option{u.Slug, name})
	}
	cmp := vn.Order()
	byLabel := func(a, b option) int { return cmp(a.Label, b.Label) }
	slices.SortFunc(o.Blocs, byLabel)
	slices.SortFunc(o.Units, byLabel)
	return o, nil
}

// grant says a right in words, with names.
func (o orgNames) grant(g domain.Grant) string {
	name := func(m map[string]string, slug string) string {
		if n := m[slug]; n != "" {
			return n
		}
		return slug
	}
	switch g.Role {
	case domain.RoleSecretariat:
		return "Thư ký " + name(o.blocs, g.Bloc) + ", năm " + strconv.Itoa(g.Year)
	case domain.RoleBoard:
		return "Đơn vị: " + name(o.units, g.Unit)
	case domain.RoleAdmin:
		return "Quản trị hệ thống"
	case domain.RoleViewer:
		return "Xem mọi Khối (Bộ)"
	}
	return g.Role
}

var roleOptions = []option{
	{domain.RoleBoard, "Đơn vị (Ban Quản lý)"},
	{domain.RoleSecretariat, "Thư ký Khối (một năm)"},
	{domain.RoleViewer, "Xem mọi Khối (Bộ)"},
	{domain.RoleAdmin, "Quản trị hệ thống"},
}

type accountRow struct {
	User   store.User
	Grants []string
	URL    string
}

type accountsData struct {
	Rows    []accountRow
	Query   string
	Form    app.NewUser
	Grant   domain.Grant
	Errors  map[string]string
	Roles   []option
	Orgs    orgNames
	Created string
}

// Accounts lists every person, filtered by a word of their name, user
// name, e-mail or rights; with the form to create one.
func (p *Pages) Accounts(c *gin.Context) {
	d := accountsData{Query: strings.TrimSpace(c.Query("q")), Created: c.Query("da-tao")}
	p.showAccounts(c, http.StatusOK, d)
}

func (p *Pages) showAccounts(c *gin.Context, status int, d accountsData) {
	ctx := c.Request.Context()
	orgs, err := p.orgNames(ctx)
	if err != nil {
		p.fail(c, err)
		return
	}
	us, err := p.c.Accounts.Users(ctx)
	if err != nil {
		p.fail(c, err)
		return
	}
	q := vn.Fold(d.Query)
	for _, u := range us {
		r := accountRow{User: u, URL: accountsBase + "/" + u.Username}
		for _, g := range u.Grants {
			r.Grants = append(r.Grants, orgs.grant(g))
		}
		if q != "" && !strings.Contains(vn.Fold(u.Username+" "+u.Name+" "+u.Email+" "+strings.Join(r.Grants, " ")), q) {
			continue
		}
		d.Rows = append(d.Rows, r)
	}
	d.Roles, d.Orgs = roleOptions, orgs
	flash := ""
	if d.Created != "" {
		flash = "Đã tạo tài khoản " + d.Created + ". Hãy báo tên đăng nhập và mật khẩu cho người dùng qua một kênh riêng."
	} else if del := c.Query("da-xoa"); del != "" && status == http.StatusOK {
		flash = "Đã xoá tài khoản " + del + "; nhật ký vẫn giữ các việc người này đã làm."
	}
	p.show(c, status, "accounts", view{Title: "Tài khoản", Flash: flash,
		Crumbs: []crumb{{"Việc của bạn", "/"}, {"Tài khoản", ""}}, Data: d})
}

// grantForm reads a right from a form: role, bloc, year, unit (only those
// the role uses).
func grantForm(c *gin.Context) domain.Grant {
	g := domain.Grant{Role: c.PostForm("role")}
	switch g.Role {
	case domain.RoleSecretariat:
		g.Bloc = c.PostForm("bloc")
		g.Year, _ = strconv.Atoi(strings.TrimSpace(c.PostForm("year")))
	case domain.RoleBoard:
		g.Unit = c.PostForm("unit")
	}
	return g
}

// AccountsPost creates a person with one right.
func (p *Pages) AccountsPost(c *gin.Context) {
	d := accountsData{Form: app.NewUser{Username: c.PostForm("username"), Name: c.PostForm("name"), Email: c.PostForm("email"), Password: c.PostForm("password")}}
	d.Grant = grantForm(c)
	if d.Grant.Role != "" {
		d.Form.Grants = []domain.Grant{d.Grant}
	}
	u, err := p.c.Accounts.CreateUser(c.Request.Context(), web.Actor(c), d.Form)
	if fe, ok := fieldErrors(err); ok {
		d.Errors = fe
		d.Form.Password = ""
		p.showAccounts(c, http.StatusUnprocessableEntity, d)
		return
	}
	if ce, ok := conflict(err); ok {
		d.Errors = map[string]string{"username": ce.Message}
		d.Form.Password = ""
		p.showAccounts(c, http.StatusConflict, d)
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, accountsBase+"?da-tao="+u.Username)
}

// conflict is err as a ConflictError.
func conflict(err error) (domain.ConflictError, bool) {
	var ce domain.ConflictError
	return ce, errorsAs(err, &ce)
}
