package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/web"
)

type passwordData struct {
	Errors map[string]string
	Done   bool
}

// Password shows the form to change one's password.
func (p *Pages) Password(c *gin.Context) {
	p.show(c, http.StatusOK, "password", view{Title: "Đổi mật khẩu", Data: passwordData{}})
}

// PasswordPost changes the password; every session ends, this one too.
func (p *Pages) PasswordPost(c *gin.Context) {
	d := passwordData{}
	if c.PostForm("new") != c.PostForm("again") {
		d.Errors = map[string]string{"again": "Hai lần nhập mật khẩu mới không giống nhau"}
		p.show(c, http.StatusUnprocessableEntity, "password", view{Title: "Đổi mật khẩu", Data: d})
		return
	}
	err := p.c.Accounts.ChangePassword(c.Request.Context(), web.Actor(c), c.PostForm("current"), c.PostForm("new"), c.ClientIP(), false)
	if fe, ok := fieldErrors(err); ok {
		d.Errors = fe
		p.show(c, http.StatusUnprocessableEntity, "password", view{Title: "Đổi mật khẩu", Data: d})
		return
	}
	if err != nil {
		p.fail(c, err)
		return
	}
	web.SetSession(c, "", -1, p.c.TrustProxy)
	p.show(c, http.StatusOK, "password", view{Title: "Đổi mật khẩu", Data: passwordData{Done: true}})
}
