package httpapi

import (
	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/ui"
)

// Who may call what: every route below states its access (domain.Access),
// enforced by one middleware (authorize), and, for what people do that
// matters later, the action the audit log records.
const (
	public      = domain.AccessPublic
	signedIn    = domain.AccessSignedIn
	readYear    = domain.AccessReadYear    // members of the bloc that year too
	readPrivate = domain.AccessReadPrivate // viewer, secretariat, admin
	writeYear   = domain.AccessWriteYear   // secretariat, admin
	readUnit    = domain.AccessReadUnit    // the unit itself too
	writeUnit   = domain.AccessWriteUnit   // the unit itself too
	readBloc    = domain.AccessReadBloc    // the bloc's secretariats, viewer, admin
	writeBloc   = domain.AccessWriteBloc   // the bloc's secretariats, admin
	readAll     = domain.AccessReadAll     // viewer, admin
	adminOnly   = domain.AccessAdmin
)

// routes declares the whole HTTP surface in one place.
func (s *Server) routes(r *gin.Engine) {
	r.NoRoute(s.noRoute)
	r.NoMethod(s.noMethod)
	s.handle(&r.RouterGroup, "GET", "/healthz", public, "", s.healthz)
	// Prometheus: scraped with a viewer's API token (Authorization: Bearer).
	s.handle(&r.RouterGroup, "GET", "/metrics", readAll, "", s.serveMetrics)

	v1 := r.Group("/api/v1")
	s.handle(v1, "POST", "/login", public, "", s.login)
	s.handle(v1, "POST", "/logout", public, "", s.logout)
	s.handle(v1, "GET", "/me", signedIn, "", s.me)
	s.handle(v1, "POST", "/me/password", signedIn, "", s.changePassword)
	s.handle(v1, "GET", "/tokens", signedIn, "", s.listTokens)
	s.handle(v1, "POST", "/tokens", signedIn, "", s.createToken)
	s.handle(v1, "DELETE", "/tokens/:id", signedIn, "", s.revokeToken)
	s.handle(v1, "GET", "/users", adminOnly, "", s.listUsers)
	s.handle(v1, "POST", "/users", adminOnly, "", s.createUser)
	s.handle(v1, "POST", "/users/:username/grants", adminOnly, "", s.addGrant)
	s.handle(v1, "DELETE", "/users/:username/grants", adminOnly, "", s.removeGrant)
	s.handle(v1, "POST", "/users/:username/password", adminOnly, "", s.resetPassword)
	s.handle(v1, "GET", "/users/:username", adminOnly, "", s.getUser)
	s.handle(v1, "PATCH", "/users/:username", adminOnly, "", s.patchUser)
	s.handle(v1, "DELETE", "/users/:username", adminOnly, "", s.deleteUser)
	s.handle(v1, "POST", "/users/:username/disable", adminOnly, "", s.setDisabled(true))
	s.handle(v1, "POST", "/users/:username/enable", adminOnly, "", s.setDisabled(false))
	s.handle(v1, "POST", "/users/:username/unlock", adminOnly, "", s.unlockUser)
	s.handle(v1, "GET", "/audit", adminOnly, "", s.listAudit)
	s.handle(v1, "GET", "/audit.csv", adminOnly, "", s.auditCSV)

	s.handle(v1, "GET", "/units", signedIn, "", s.listUnits)
	s.handle(v1, "POST", "/units", adminOnly, "unit_create", s.createUnit)
	s.handle(v1, "GET", "/units/:unit", signedIn, "", s.getUnit)
	s.handle(v1, "PUT", "/units/:unit", adminOnly, "unit_put", s.putUnit)

	s.handle(v1, "GET", "/dossiers", readAll, "", s.dossierOverview) // ?year=YYYY: every bloc's year-end dossier (the ministry)
	s.handle(v1, "GET", "/blocs", signedIn, "", s.listBlocs)
	s.handle(v1, "POST", "/blocs", adminOnly, "bloc_create", s.createBloc)
	s.handle(v1, "GET", "/blocs/:bloc", signedIn, "", s.getBloc) // ?year=YYYY adds that year's members
	s.handle(v1, "PUT", "/blocs/:bloc", adminOnly, "bloc_put", s.putBloc)
	b := v1.Group("/blocs/:bloc")
	s.handle(b, "GET", "/years", signedIn, "", s.requireBloc, s.listYears)
	// Several years' score summaries in one workbook: ?from=YYYY&to=YYYY.
	s.download(b, "/documents/bang-tong-hop-diem.xlsx", readBloc, "document_download", s.requireBloc, s.getMultiYearSummary)
	// When the year-end dossier is built: a cron expression and a zone.
	s.handle(b, "GET", "/dossier/schedule", readBloc, "", s.requireBloc, s.getSchedule)
	s.handle(b, "PUT", "/dossier/schedule", writeBloc, "dossier_schedule_put", s.requireBloc, s.putSchedule)

	// Everything of a bloc-year needs the bloc: an unknown one is a 404
	// (once the caller may know), never an empty list.
	y := v1.Group("/blocs/:bloc/years/:year")
	s.handle(y, "GET", "", readYear, "", s.requireBloc, s.getYear)
	s.handle(y, "PUT", "", writeYear, "year_put", s.requireBloc, s.putYear)
	// Closing the year after its conference: every write of its data is
	// then refused (409 year_closed); only an administrator reopens it.
	s.handle(y, "GET", "/state", readYear, "", s.requireBloc, s.getYearState)
	s.handle(y, "POST", "/close", writeYear, "year_close", s.requireBloc, s.closeYear)
	s.handle(y, "GET", "/reminders", readPrivate, "", s.requireBloc, s.listDues)
	s.handle(y, "POST", "/open-next", writeYear, "year_open", s.requireBloc, s.openNextYear)
	s.handle(y, "POST", "/reminders", writeYear, "", s.requireBloc, s.sendReminders) // audited per board by the use case
	s.handle(y, "POST", "/reopen", adminOnly, "year_reopen", s.requireBloc, s.reopenYear)
	s.handle(y, "GET", "/members", readYear, "", s.requireBloc, s.listMembers)
	s.handle(y, "PUT", "/members/:unit", writeYear, "member_put", s.requireBloc, s.putMember)
	s.handle(y, "DELETE", "/members/:unit", writeYear, "member_delete", s.requireBloc, s.deleteMember)
	s.handle(y, "GET", "/indicators", readYear, "", s.requireBloc, s.listIndicators) // ?period=year|h1
	s.handle(y, "PUT", "/units/:unit/indicators/:period", writeUnit, "indicators_put", s.requireBloc, s.putIndicators)
	s.handle(y, "GET", "/movements", readYear, "", s.requireBloc, s.listMovements)
	s.handle(y, "POST", "/movements", writeYear, "movement_add", s.requireBloc, s.addMovement)
	s.handle(y, "GET", "/criteria", readYear, "", s.requireBloc, s.getCriteria)
	s.handle(y, "POST", "/criteria", writeYear, "criteria_add", s.requireBloc, s.addCriteria) // JSON, YAML or workbook body
	s.handle(y, "GET", "/criteria/versions", readYear, "", s.requireBloc, s.listCriteria)
	s.handle(y, "GET", "/scores", readPrivate, "", s.requireBloc, s.listScores)
	s.handle(y, "GET", "/units/:unit/scores", readUnit, "", s.requireBloc, s.getUnitScores)
	s.handle(y, "PUT", "/units/:unit/scores", writeYear, "scores_put", s.requireBloc, s.putUnitScores) // the bloc's marks
	s.handle(y, "GET", "/ranking", readYear, "", s.requireBloc, s.getRanking)
	s.handle(y, "GET", "/awards", readYear, "", s.requireBloc, s.listAwards)
	s.handle(y, "PUT", "/awards", writeYear, "awards_put", s.requireBloc, s.putAwards)
	s.handle(y, "GET", "/votes", readYear, "", s.requireBloc, s.listVotes)
	s.handle(y, "PUT", "/votes", writeYear, "vote_put", s.requireBloc, s.putVote)
	s.handle(y, "GET", "/honours", readYear, "", s.requireBloc, s.listHonours) // awards the members themselves received
	s.handle(y, "POST", "/units/:unit/honours", writeUnit, "honour_add", s.requireBloc, s.addHonour)
	s.handle(y, "DELETE", "/units/:unit/honours/:id", writeUnit, "honour_delete", s.requireBloc, s.deleteHonour)
	// What each board writes of its half-year (h1) and its year (year).
	s.handle(y, "GET", "/texts/:period", readPrivate, "", s.requireBloc, s.listBoardTexts)
	s.handle(y, "GET", "/units/:unit/texts/:period", readUnit, "", s.requireBloc, s.getBoardText)
	s.handle(y, "PUT", "/units/:unit/texts/:period", writeUnit, "texts_put", s.requireBloc, s.putBoardText)
	s.handle(y, "POST", "/units/:unit/texts/:period/return", writeYear, "texts_return", s.requireBloc, s.returnBoardText)
	s.handle(y, "GET", "/narratives", readYear, "", s.requireBloc, s.listNarratives)
	s.handle(y, "PUT", "/narratives/:key", writeYear, "narrative_put", s.requireBloc, s.putNarrative)
	s.handle(y, "GET", "/audit", writeYear, "", s.requireBloc, s.listAudit)
	s.handle(y, "GET", "/audit.csv", writeYear, "", s.requireBloc, s.auditCSV)

	// Documents: {kind}.pdf for every kind, bang-tong-hop-diem.xlsx.
	s.download(y, "/documents/:file", readYear, "document_download", s.requireBloc, s.getDocument)
	// One board's documents, its scoring workbook, its uploads.
	s.download(y, "/units/:unit/documents/:file", readUnit, "document_download", s.requireBloc, s.getUnitDocument)
	s.download(y, "/units/:unit/phieu-cham-diem.xlsx", readUnit, "workbook_download", s.requireBloc, s.getScoringWorkbook)
	s.handle(y, "POST", "/units/:unit/phieu-cham-diem", writeUnit, "upload", s.requireBloc, s.uploadScoringWorkbook)
	s.handle(y, "GET", "/units/:unit/uploads", readUnit, "", s.requireBloc, s.listUploads)
	s.download(y, "/units/:unit/uploads/:id", readUnit, "upload_download", s.requireBloc, s.getUpload) // the exact bytes received

	// The year-end dossier: run it now, follow its runs, read and
	// download its versions (every member's documents and uploads are in
	// it, so members do not read it; the ministry does).
	s.handle(y, "POST", "/dossier/runs", writeYear, "dossier_run", s.requireBloc, s.triggerRun)
	s.handle(y, "GET", "/dossier/runs", readPrivate, "", s.requireBloc, s.listRuns)
	s.handle(y, "GET", "/dossier/runs/:id", readPrivate, "", s.requireBloc, s.getRun)
	s.handle(y, "GET", "/dossier/versions", readPrivate, "", s.requireBloc, s.listVersions)
	s.handle(y, "GET", "/dossier/versions/:version", readPrivate, "", s.requireBloc, s.getVersion) // a number or "latest"
	s.download(y, "/dossier/versions/:version/zip", readPrivate, "dossier_download", s.requireBloc, s.getVersionZIP)
	s.download(y, "/dossier/versions/:version/files/:sha256", readPrivate, "dossier_download", s.requireBloc, s.getVersionFile)

	// Pages (internal/ui), in Vietnamese, for people in a browser.
	p := s.pages
	root := &r.RouterGroup
	s.page(root, "GET", "/static/*filepath", public, "", func(c *gin.Context) { c.FileFromFS(c.Param("filepath"), ui.Static()) })
	s.page(root, "GET", "/dang-nhap", public, "", p.Login)
	s.page(root, "POST", "/dang-nhap", public, "", p.LoginPost)
	s.page(root, "POST", "/dang-xuat", public, "", p.Logout)
	s.page(root, "GET", "/huong-dan", public, "", p.Help)
	s.page(root, "GET", "/quen-mat-khau", public, "", p.Forgot)
	s.page(root, "POST", "/quen-mat-khau", public, "", p.ForgotPost)
	s.page(root, "GET", "/dat-lai-mat-khau", public, "", p.ResetLink)
	s.page(root, "POST", "/dat-lai-mat-khau", public, "", p.ResetLinkPost)
	s.page(root, "GET", "/", signedIn, "", p.Home)
	s.page(root, "GET", "/doi-mat-khau", signedIn, "", p.Password)
	s.page(root, "GET", "/ho-so/:year", readAll, "", p.DossierOverview)
	s.page(root, "POST", "/doi-mat-khau", signedIn, "", p.PasswordPost)
	acc := r.Group("/quan-tri/tai-khoan")
	s.page(acc, "GET", "", adminOnly, "", p.Accounts)
	s.page(acc, "POST", "", adminOnly, "", p.AccountsPost)
	s.page(acc, "GET", "/:username", adminOnly, "", p.Account)
	s.page(acc, "POST", "/:username", adminOnly, "", p.AccountPost)
	s.page(acc, "POST", "/:username/quyen", adminOnly, "", p.AccountGrantPost)
	s.page(acc, "POST", "/:username/quyen/thu-hoi", adminOnly, "", p.AccountRevokePost)
	s.page(acc, "POST", "/:username/mat-khau", adminOnly, "", p.AccountPasswordPost)
	s.page(acc, "POST", "/:username/khoa", adminOnly, "", p.AccountDisablePost)
	s.page(acc, "POST", "/:username/mo", adminOnly, "", p.AccountEnablePost)
	s.page(acc, "POST", "/:username/mo-khoa-dang-nhap", adminOnly, "", p.AccountUnlockPost)
	s.page(acc, "POST", "/:username/xoa", adminOnly, "", p.AccountDeletePost)
	k := r.Group("/khoi/:bloc/:year")
	s.page(k, "GET", "", readYear, "", p.Dashboard)
	s.page(k, "GET", "/don-vi/:unit", readUnit, "", p.Unit)
	s.page(k, "POST", "/don-vi/:unit", writeUnit, "upload", p.Upload)
	s.page(k, "GET", "/don-vi/:unit/chi-tieu", readUnit, "", p.Indicators)
	s.page(k, "POST", "/don-vi/:unit/chi-tieu", writeUnit, "indicators_put", p.IndicatorsPost)
	s.page(k, "POST", "/don-vi/:unit/khen-thuong", writeUnit, "honour_add", p.HonourPost)
	s.page(k, "GET", "/don-vi/:unit/bao-cao/:period", readUnit, "", p.Texts)
	s.page(k, "POST", "/don-vi/:unit/bao-cao/:period", writeUnit, "texts_put", p.TextsPost)
	s.page(k, "POST", "/don-vi/:unit/bao-cao/:period/tra-lai", writeYear, "texts_return", p.TextsReturn)
	s.page(k, "GET", "/bao-cao-don-vi", readPrivate, "", p.TextList)
	s.page(k, "POST", "/don-vi/:unit/khen-thuong/:id/xoa", writeUnit, "honour_delete", p.HonourDelete)
	s.page(k, "POST", "/khoa-so", writeYear, "year_close", p.ClosePost)
	s.page(k, "POST", "/nhac-han", writeYear, "", p.RemindPost)
	s.page(k, "GET", "/mo-nam-sau", writeYear, "", p.OpenNext)
	s.page(k, "POST", "/mo-nam-sau", writeYear, "year_open", p.OpenNextPost)
	s.page(k, "POST", "/tieu-chi-mac-dinh", writeYear, "criteria_add", p.DefaultCriteriaPost)
	s.page(k, "GET", "/tieu-chi", readYear, "", p.Criteria)
	s.page(k, "POST", "/tieu-chi", writeYear, "criteria_add", p.CriteriaPost)
	s.page(k, "POST", "/tieu-chi/nhap", writeYear, "criteria_add", p.CriteriaImport)
	s.page(k, "POST", "/mo-lai", adminOnly, "year_reopen", p.ReopenPost)
	s.page(k, "GET", "/hoi-nghi", writeYear, "", p.Conference)
	s.page(k, "POST", "/hoi-nghi", writeYear, "year_put", p.ConferencePost)
	s.page(k, "GET", "/loi-van", writeYear, "", p.Narratives)
	s.page(k, "POST", "/loi-van", writeYear, "narrative_put", p.NarrativesPost)
	s.page(k, "GET", "/nhat-ky", writeYear, "", p.Audit)
	s.page(k, "GET", "/ho-so", readPrivate, "", p.Dossier)
	s.page(k, "POST", "/ho-so/lap", writeYear, "dossier_run", p.DossierRunPost)
	s.page(k, "POST", "/ho-so/lich", writeBloc, "dossier_schedule_put", p.DossierSchedulePost)
	s.page(k, "GET", "/tai-khoan", writeYear, "", p.YearAccounts)
	s.page(k, "POST", "/tai-khoan", writeYear, "", p.YearAccountsPost)
	s.page(k, "GET", "/tai-khoan/:username", writeYear, "", p.Account)
	s.page(k, "POST", "/tai-khoan/:username", writeYear, "", p.AccountPost)
	s.page(k, "POST", "/tai-khoan/:username/mat-khau", writeYear, "", p.AccountPasswordPost)
	s.page(k, "POST", "/tai-khoan/:username/khoa", writeYear, "", p.AccountDisablePost)
	s.page(k, "POST", "/tai-khoan/:username/mo", writeYear, "", p.AccountEnablePost)
	s.page(k, "POST", "/tai-khoan/:username/mo-khoa-dang-nhap", writeYear, "", p.AccountUnlockPost)
	s.page(k, "GET", "/bo-phieu", writeYear, "", p.Votes)
	s.page(k, "POST", "/bo-phieu", writeYear, "vote_put", p.VotesPost)
	s.page(k, "GET", "/don-vi/:unit/diem-khoi", writeYear, "", p.BlocMarks)
	s.page(k, "POST", "/don-vi/:unit/diem-khoi", writeYear, "scores_put", p.BlocMarksPost)
}

// handle registers a JSON route behind the authorisation middleware and
// keeps its access in s.access, where the role × route test reads it.
func (s *Server) handle(g *gin.RouterGroup, method, path string, access domain.Access, action string, h ...gin.HandlerFunc) {
	s.register(g, method, path, access, action, false, h...)
}

// page registers a page: the same authorisation, answered in HTML (the
// log-in page for nobody, an error page for no right).
func (s *Server) page(g *gin.RouterGroup, method, path string, access domain.Access, action string, h ...gin.HandlerFunc) {
	if method == "POST" {
		h = append([]gin.HandlerFunc{s.pages.RequireForm}, h...)
	}
	s.register(g, method, path, access, action, true, h...)
}

func (s *Server) register(g *gin.RouterGroup, method, path string, access domain.Access, action string, page bool, h ...gin.HandlerFunc) {
	full := joinRoute(g.BasePath(), path)
	s.access[method+" "+full] = access
	if action != "" {
		s.actions[action] = true
	}
	g.Handle(method, path, append([]gin.HandlerFunc{s.authorize(access, action, page)}, h...)...)
}

// download registers GET and HEAD (size, type, ETag without the body).
func (s *Server) download(g *gin.RouterGroup, path string, access domain.Access, action string, h ...gin.HandlerFunc) {
	if action != "" {
		s.reads[action] = true
	}
	s.handle(g, "GET", path, access, action, h...)
	s.handle(g, "HEAD", path, access, "", h...)
}

func joinRoute(base, path string) string {
	if path == "" {
		return base
	}
	if base == "/" {
		return path
	}
	return base + path
}
