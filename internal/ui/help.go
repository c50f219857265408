package ui

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Help says, for each role, what it does in the year and where.
func (p *Pages) Help(c *gin.Context) {
	p.show(c, http.StatusOK, "help", view{Title: "Hướng dẫn sử dụng", Crumbs: []crumb{{"Việc của bạn", "/"}, {"Hướng dẫn", ""}}})
}
