package httpapi

import "github.com/gin-gonic/gin"

// routes declares the whole HTTP surface in one place.
//
// Accounts and roles are a later issue: when they come, the single
// authorisation point is a middleware installed on the groups below, and each
// route states here who may call it.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)

	v1 := r.Group("/api/v1")
	// Downloads answer HEAD too (size, type, ETag without the body).
	download := func(g *gin.RouterGroup, path string, h gin.HandlerFunc) {
		g.GET(path, h)
		g.HEAD(path, h)
	}

	v1.GET("/units", s.listUnits)
	v1.POST("/units", s.createUnit)
	v1.GET("/units/:unit", s.getUnit)
	v1.PUT("/units/:unit", s.putUnit)

	v1.GET("/blocs", s.listBlocs)
	v1.POST("/blocs", s.createBloc)
	v1.GET("/blocs/:bloc", s.getBloc) // ?year=YYYY adds that year's members
	v1.PUT("/blocs/:bloc", s.putBloc)
	v1.GET("/blocs/:bloc/years", s.requireBloc, s.listYears)
	// Several years' score summaries in one workbook: ?from=YYYY&to=YYYY.
	download(v1.Group("", s.requireBloc), "/blocs/:bloc/documents/bang-tong-hop-diem.xlsx", s.getMultiYearSummary)

	// Everything of a bloc-year needs the bloc: an unknown one is a 404
	// for every route below, never an empty list.
	y := v1.Group("/blocs/:bloc/years/:year", s.requireBloc)
	y.GET("", s.getYear)
	y.PUT("", s.putYear)
	y.GET("/members", s.listMembers)
	y.PUT("/members/:unit", s.putMember)
	y.DELETE("/members/:unit", s.deleteMember)
	y.GET("/indicators", s.listIndicators) // ?period=year|h1
	y.PUT("/units/:unit/indicators/:period", s.putIndicators)
	y.GET("/movements", s.listMovements)
	y.POST("/movements", s.addMovement)
	y.GET("/criteria", s.getCriteria)
	y.POST("/criteria", s.addCriteria) // JSON or YAML body
	y.GET("/criteria/versions", s.listCriteria)
	y.GET("/scores", s.listScores)
	y.GET("/units/:unit/scores", s.getUnitScores)
	y.PUT("/units/:unit/scores", s.putUnitScores)
	y.GET("/ranking", s.getRanking)
	y.GET("/awards", s.listAwards)
	y.PUT("/awards", s.putAwards)
	y.GET("/votes", s.listVotes)
	y.PUT("/votes", s.putVote)
	y.GET("/narratives", s.listNarratives)
	y.PUT("/narratives/:key", s.putNarrative)

	// Documents: {kind}.pdf for every kind, bang-tong-hop-diem.xlsx.
	download(y, "/documents/:file", s.getDocument)
	// One board's documents and its scoring workbook.
	download(y, "/units/:unit/documents/:file", s.getUnitDocument)
	download(y, "/units/:unit/phieu-cham-diem.xlsx", s.getScoringWorkbook)
	y.POST("/units/:unit/phieu-cham-diem", s.uploadScoringWorkbook)
	y.GET("/units/:unit/uploads", s.listUploads)
	download(y, "/units/:unit/uploads/:id", s.getUpload) // the exact bytes received
}
