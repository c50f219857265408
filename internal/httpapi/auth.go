package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/web"
)

// SessionCookie names the cookie that holds a session's secret.
const SessionCookie = web.SessionCookie

// actor is who makes the request; nil when nobody is signed in.
func actor(c *gin.Context) *domain.Actor { return web.Actor(c) }

// authenticate finds the actor of a request: an API token sent as
// "Authorization: Bearer", else the session cookie. A token that is not
// valid is a 401 at once (a script should know); a stale cookie is only
// no session.
func (s *Server) authenticate() gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx := c.Request.Context()
		if h := c.GetHeader("Authorization"); h != "" {
			secret, ok := strings.CutPrefix(h, "Bearer ")
			act, err := s.accounts.Token(ctx, strings.TrimSpace(secret))
			if err != nil {
				s.fail(c, err)
				return
			}
			if !ok || act == nil {
				abort(c, http.StatusUnauthorized, apiError{Code: "bad_token", Message: "Mã truy cập không hợp lệ hoặc đã bị thu hồi"})
				return
			}
			web.SetActor(c, act)
			c.Next()
			return
		}
		if v, err := c.Cookie(SessionCookie); err == nil && v != "" {
			act, err := s.accounts.Session(ctx, v)
			if err != nil {
				s.fail(c, err)
				return
			}
			if act != nil {
				web.SetActor(c, act)
			}
		}
		c.Next()
	}
}

// authorize is the one authorisation point: it decides from the route's
// access, the actor's grants and the bloc, year and unit named in the
// path — never from whether they exist — then records the action in the
// audit log once the handler has answered.
func (s *Server) authorize(access domain.Access, action string, page bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		act := actor(c)
		if access != domain.AccessPublic && act == nil {
			if page {
				s.pages.Unauthenticated(c)
				return
			}
			abort(c, http.StatusUnauthorized, apiError{Code: "unauthenticated", Message: "Vui lòng đăng nhập"})
			return
		}
		year, _ := strconv.Atoi(c.Param("year"))
		sc := domain.Scope{Bloc: c.Param("bloc"), Year: year, Unit: c.Param("unit")}
		ok, err := act.Allowed(access, sc, func(unit string, year int) (string, error) {
			return s.store.MemberOf(c.Request.Context(), unit, year)
		})
		if err != nil {
			s.fail(c, err)
			return
		}
		if !ok {
			const msg = "Tài khoản của bạn không có quyền thực hiện việc này"
			if page {
				s.pages.Error(c, http.StatusForbidden, msg+".")
			} else {
				abort(c, http.StatusForbidden, apiError{Code: "forbidden", Message: msg})
			}
			// A signed-in person's attempt at what is not theirs is kept.
			if action != "" {
				s.record(c, action, sc)
			}
			return
		}
		c.Next()
		if action != "" {
			s.record(c, action, sc)
		}
	}
}

// record writes one audit entry for the request that was just answered.
// A download's entry goes to the batching queue (a read changes nothing:
// it is kept within a second, not in the request's time); a 304 is not
// recorded (the client already had the file the 200 before recorded).
func (s *Server) record(c *gin.Context, action string, sc domain.Scope) {
	st := c.Writer.Status()
	if st == http.StatusNotModified {
		return
	}
	e := store.AuditEntry{Actor: actor(c).Username, Action: action, Bloc: sc.Bloc, Year: sc.Year, Unit: sc.Unit,
		Target: c.Param("file") + c.Param("key") + c.Param("id"), Address: c.ClientIP(), At: time.Now()}
	switch {
	case st >= 400:
		e.Outcome = "refused " + strconv.Itoa(st)
	case c.GetString("outcome") != "":
		e.Outcome = c.GetString("outcome")
	}
	if s.readAudit != nil && s.reads[action] && st < 400 {
		s.readAudit.Add(e)
		return
	}
	// The action is done: its entry is written even when the client has
	// already gone (the request's context is cancelled then).
	ctx := context.WithoutCancel(c.Request.Context())
	if err := s.store.RecordAudit(ctx, e); err != nil {
		s.log.ErrorContext(c.Request.Context(), "audit not recorded", "action", action, "err", err)
	}
}

// setSession sets or clears the session cookie: HttpOnly, SameSite=Lax,
// Secure when the request came over TLS (directly or, with a trusted
// proxy, as the proxy says).
func (s *Server) setSession(c *gin.Context, secret string, maxAge int) {
	web.SetSession(c, secret, maxAge, s.trustProxy)
}

func (s *Server) login(c *gin.Context) {
	var body struct {
		Username string `json:"username"`
		Password string `json:"password" maxlen:"200"`
	}
	if !bindJSON(c, &body) {
		return
	}
	secret, act, err := s.accounts.Login(c.Request.Context(), body.Username, body.Password, c.ClientIP())
	var te app.ThrottledError
	switch {
	case errors.As(err, &te):
		c.Header("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())+1))
		abort(c, http.StatusTooManyRequests, apiError{Code: "login_throttled", Message: te.Error()})
		return
	case errors.Is(err, app.ErrBadLogin):
		abort(c, http.StatusUnauthorized, apiError{Code: "bad_login", Message: err.Error()})
		return
	case errors.Is(err, app.ErrDisabled):
		abort(c, http.StatusForbidden, apiError{Code: "account_disabled", Message: err.Error()})
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.setSession(c, secret, 0)
	c.JSON(http.StatusOK, gin.H{"user": act})
}

func (s *Server) logout(c *gin.Context) {
	if v, err := c.Cookie(SessionCookie); err == nil && v != "" {
		if err := s.accounts.Logout(c.Request.Context(), actor(c), v, c.ClientIP()); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.setSession(c, "", -1)
	c.Status(http.StatusNoContent)
}

func (s *Server) me(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"user": actor(c)})
}

func (s *Server) changePassword(c *gin.Context) {
	var body struct {
		Current string `json:"current" maxlen:"200"`
		New     string `json:"new" maxlen:"200"`
		// KeepTokens keeps the API tokens working; by default a password
		// change revokes them with the sessions.
		KeepTokens bool `json:"keep_tokens"`
	}
	if !bindJSON(c, &body) {
		return
	}
	if err := s.accounts.ChangePassword(c.Request.Context(), actor(c), body.Current, body.New, c.ClientIP(), body.KeepTokens); err != nil {
		s.fail(c, err)
		return
	}
	s.setSession(c, "", -1)
	c.JSON(http.StatusOK, gin.H{"message": "Đã đổi mật khẩu. Vui lòng đăng nhập lại."})
}

func (s *Server) listTokens(c *gin.Context) {
	ts, err := s.accounts.Tokens(c.Request.Context(), actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"tokens": ts})
}

func (s *Server) createToken(c *gin.Context) {
	var body struct {
		GrantID int64  `json:"grant_id"`
		Name    string `json:"name"`
	}
	if !bindJSON(c, &body) {
		return
	}
	tk, secret, err := s.accounts.CreateToken(c.Request.Context(), actor(c), body.GrantID, body.Name)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"token": tk, "secret": secret, "message": "Mã truy cập chỉ hiện một lần này; hãy lưu lại."})
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.NotFound("mã truy cập", c.Param("id")))
		return
	}
	if err := s.accounts.RevokeToken(c.Request.Context(), actor(c), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) listUsers(c *gin.Context) {
	us, err := s.accounts.Users(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"users": us})
}

func (s *Server) createUser(c *gin.Context) {
	var body app.NewUser
	if !bindJSON(c, &body) {
		return
	}
	u, err := s.accounts.CreateUser(c.Request.Context(), actor(c), body)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"user": u})
}

func (s *Server) addGrant(c *gin.Context) {
	var g domain.Grant
	if !bindJSON(c, &g) {
		return
	}
	g, err := s.accounts.Grant(c.Request.Context(), actor(c), c.Param("username"), g)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"grant": g})
}

func (s *Server) removeGrant(c *gin.Context) {
	var g domain.Grant
	if !bindJSON(c, &g) {
		return
	}
	if err := s.accounts.Revoke(c.Request.Context(), actor(c), c.Param("username"), g); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) resetPassword(c *gin.Context) {
	var body struct {
		Password string `json:"password" maxlen:"200"`
	}
	if !bindJSON(c, &body) {
		return
	}
	if err := s.accounts.ResetPassword(c.Request.Context(), actor(c), c.Param("username"), body.Password, c.ClientIP()); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) getUser(c *gin.Context) {
	u, err := s.accounts.User(c.Request.Context(), c.Param("username"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": u})
}

// patchUser changes a person's name and e-mail address; a field not sent
// keeps its value.
func (s *Server) patchUser(c *gin.Context) {
	var body struct {
		Name  *string `json:"name"`
		Email *string `json:"email"`
	}
	if !bindJSON(c, &body) {
		return
	}
	ctx := c.Request.Context()
	u, err := s.accounts.User(ctx, c.Param("username"))
	if err != nil {
		s.fail(c, err)
		return
	}
	name, email := u.Name, u.Email
	if body.Name != nil {
		name = *body.Name
	}
	if body.Email != nil {
		email = *body.Email
	}
	if u, err = s.accounts.UpdateUser(ctx, actor(c), u.Username, name, email); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"user": u})
}

// setDisabled is POST …/disable or …/enable.
func (s *Server) setDisabled(disabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		u, err := s.accounts.SetDisabled(c.Request.Context(), actor(c), c.Param("username"), disabled)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"user": u})
	}
}

func (s *Server) unlockUser(c *gin.Context) {
	if err := s.accounts.Unlock(c.Request.Context(), actor(c), c.Param("username")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) deleteUser(c *gin.Context) {
	if err := s.accounts.DeleteUser(c.Request.Context(), actor(c), c.Param("username")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
