package httpapi

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
)

// getScoringWorkbook serves a board's self-scoring workbook.
func (s *Server) getScoringWorkbook(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	s.sendRendered(c, render.Request{Bloc: c.Param("bloc"), Year: year, Kind: "phieu-cham-diem", Unit: c.Param("unit"), Format: "xlsx"})
}

// uploadScoringWorkbook takes a filled workbook back (issue: Excel scoring).
func (s *Server) uploadScoringWorkbook(c *gin.Context) {
	abort(c, http.StatusNotImplemented, apiError{Code: "not_implemented", Message: "Chức năng nộp bảng tự chấm điểm đang được xây dựng"})
}

func (s *Server) listUploads(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	ups, err := s.store.ListUploads(c, c.Param("bloc"), year, c.Param("unit"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if ups == nil {
		ups = []store.Upload{}
	}
	c.JSON(http.StatusOK, gin.H{"uploads": ups})
}

// getUpload returns the exact bytes of an upload.
func (s *Server) getUpload(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không có bản nộp " + c.Param("id")})
		return
	}
	u, data, err := s.store.GetUpload(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if u.Bloc != c.Param("bloc") || u.Year != year || u.Unit != c.Param("unit") {
		abort(c, http.StatusNotFound, apiError{Code: codeNotFound, Message: "Không có bản nộp " + c.Param("id")})
		return
	}
	c.Header("Content-Disposition", contentDisposition(u.Filename))
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data)
}
