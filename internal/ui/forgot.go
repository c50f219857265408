package ui

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// A forgotten password: the form that asks for a link by e-mail, and the
// page the link opens to set a new password (app.Accounts says how).

type forgotData struct {
	Login string
	Error string
	Sent  bool
	TTL   string
}

// Forgot shows the form asking for a link.
func (p *Pages) Forgot(c *gin.Context) {
	p.show(c, http.StatusOK, "forgot", view{Title: "Quên mật khẩu", Data: forgotData{}})
}

// ForgotPost asks for a link; the answer is the same whatever matched.
func (p *Pages) ForgotPost(c *gin.Context) {
	d := forgotData{Login: c.PostForm("login")}
	err := p.c.Accounts.ForgotPassword(c.Request.Context(), d.Login, c.ClientIP())
	if fe, ok := fieldErrors(err); ok {
		d.Error = fe["login"]
		p.show(c, http.StatusUnprocessableEntity, "forgot", view{Title: "Quên mật khẩu", Data: d})
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	d.Sent, d.TTL = true, vn.Duration(app.ResetTTL)
	p.show(c, http.StatusOK, "forgot", view{Title: "Quên mật khẩu", Data: d})
}

type resetLinkData struct {
	Secret, Username string
	Errors           map[string]string
	Done             bool
}

// ResetLink shows the form to set a new password, while the link works.
func (p *Pages) ResetLink(c *gin.Context) {
	secret := c.Query("ma")
	u, err := p.c.Accounts.ResetUser(c.Request.Context(), secret)
	if err != nil {
		p.linkGone(c, err)
		return
	}
	p.show(c, http.StatusOK, "resetlink", view{Title: "Đặt mật khẩu mới", Data: resetLinkData{Secret: secret, Username: u.Username}})
}

// ResetLinkPost sets the new password (typed twice) and spends the link.
func (p *Pages) ResetLinkPost(c *gin.Context) {
	d := resetLinkData{Secret: c.PostForm("ma")}
	u, err := p.c.Accounts.ResetUser(c.Request.Context(), d.Secret)
	if err != nil {
		p.linkGone(c, err)
		return
	}
	d.Username = u.Username
	if c.PostForm("password") != c.PostForm("again") {
		err = domain.ValidationError{{Field: "again", Code: "mismatch", Message: "Hai lần nhập mật khẩu mới không giống nhau"}}
	} else {
		err = p.c.Accounts.ResetWithLink(c.Request.Context(), d.Secret, c.PostForm("password"), c.ClientIP())
	}
	if fe, ok := fieldErrors(err); ok {
		d.Errors = fe
		p.show(c, http.StatusUnprocessableEntity, "resetlink", view{Title: "Đặt mật khẩu mới", Data: d})
		return
	}
	if err != nil {
		p.linkGone(c, err)
		return
	}
	p.show(c, http.StatusOK, "resetlink", view{Title: "Đặt mật khẩu mới", Data: resetLinkData{Done: true, Username: d.Username}})
}

// linkGone says a link no longer works, and how to get another.
func (p *Pages) linkGone(c *gin.Context, err error) {
	if errors.Is(err, domain.ErrNotFound) {
		p.show(c, http.StatusNotFound, "forgot", view{Title: "Quên mật khẩu", Data: forgotData{Error: err.Error() + ". Bạn có thể xin một liên kết mới dưới đây."}})
		return
	}
	p.fail(c, err)
}
