package ui

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/internal/web"
)

type loginData struct {
	Username, Next, Error string
	// Notice says why the form is shown: signed out, or the session ended.
	Notice string
}

// Login shows the log-in form.
func (p *Pages) Login(c *gin.Context) {
	if web.Actor(c) != nil {
		c.Redirect(http.StatusSeeOther, safeNext(c.Query("tiep")))
		return
	}
	d := loginData{Next: safeNext(c.Query("tiep"))}
	switch {
	case c.Query("da-dang-xuat") == "1":
		d.Notice = "Bạn đã đăng xuất. Hẹn gặp lại."
	case c.Query("het-han") == "1":
		lim := p.c.Accounts.Limits()
		d.Notice = fmt.Sprintf("Phiên đăng nhập đã hết hạn (sau %s không dùng, hoặc %s kể từ khi đăng nhập). Vui lòng đăng nhập lại; sau đó bạn sẽ trở lại trang đang mở.",
			vn.Duration(lim.Idle), vn.Duration(lim.MaxLength))
	}
	p.show(c, http.StatusOK, "login", view{Title: "Đăng nhập", Data: d})
}

// LoginPost signs in and goes on to where the person was going.
func (p *Pages) LoginPost(c *gin.Context) {
	d := loginData{Username: c.PostForm("username"), Next: safeNext(c.PostForm("tiep"))}
	secret, _, err := p.c.Accounts.Login(c.Request.Context(), d.Username, c.PostForm("password"), c.ClientIP())
	var te app.ThrottledError
	switch {
	case errors.As(err, &te):
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		d.Error = te.Error() + "."
		p.show(c, http.StatusTooManyRequests, "login", view{Title: "Đăng nhập", Data: d})
		return
	case errors.Is(err, app.ErrBadLogin):
		d.Error = err.Error() + "."
		p.show(c, http.StatusUnauthorized, "login", view{Title: "Đăng nhập", Data: d})
		return
	case errors.Is(err, app.ErrDisabled):
		d.Error = err.Error() + "."
		p.show(c, http.StatusForbidden, "login", view{Title: "Đăng nhập", Data: d})
		return
	case err != nil:
		p.fail(c, err)
		return
	}
	web.SetSession(c, secret, 0, p.c.TrustProxy)
	c.Redirect(http.StatusSeeOther, d.Next)
}

// Logout ends the session and shows the log-in form.
func (p *Pages) Logout(c *gin.Context) {
	if v, err := c.Cookie(web.SessionCookie); err == nil && v != "" {
		if err := p.c.Accounts.Logout(c.Request.Context(), web.Actor(c), v, c.ClientIP()); err != nil {
			p.fail(c, err)
			return
		}
	}
	web.SetSession(c, "", -1, p.c.TrustProxy)
	c.Redirect(http.StatusSeeOther, "/dang-nhap?da-dang-xuat=1")
}
