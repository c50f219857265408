package httpapi

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// The year-end dossier (package jobs): a bloc's schedule, runs, versions,
// and the download of a version's ZIP or of one of its files.

func (s *Server) dossiersReady(c *gin.Context) bool {
	if s.dossiers == nil {
		abort(c, http.StatusServiceUnavailable, apiError{Code: "dossier_unavailable", Message: "Chức năng lập hồ sơ cuối năm chưa được bật"})
		return false
	}
	return true
}

// scheduleView is a schedule as the API shows it.
type scheduleView struct {
	store.DossierSchedule
	NextRun time.Time `json:"next_run,omitzero"`
}

func (s *Server) getSchedule(c *gin.Context) {
	if !s.dossiersReady(c) {
		return
	}
	sc, next, err := s.dossiers.Schedule(c.Request.Context(), c.Param("bloc"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, scheduleView{sc, next})
}

func (s *Server) putSchedule(c *gin.Context) {
	if !s.dossiersReady(c) {
		return
	}
	var body struct {
		Cron     string `json:"cron" maxlen:"100"`
		TimeZone string `json:"time_zone" maxlen:"64"`
		Enabled  *bool  `json:"enabled"`
	}
	if !bindJSON(c, &body) {
		return
	}
	var ck checks
	ck.required("cron", body.Cron)
	if body.Enabled == nil {
		ck.add("enabled", "required", "Cần cho biết lịch có bật hay không (enabled: true hoặc false)")
	}
	if !ck.ok(c) {
		return
	}
	ctx := c.Request.Context()
	sc, err := s.dossiers.SetSchedule(ctx, store.DossierSchedule{Bloc: c.Param("bloc"), Cron: body.Cron, TimeZone: body.TimeZone, Enabled: *body.Enabled}, actor(c).Username)
	if err != nil {
		s.fail(c, err)
		return
	}
	_, next, err := s.dossiers.Schedule(ctx, sc.Bloc)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, scheduleView{sc, next})
}

// triggerRun queues a run now; the answer is 202 with the run to follow.
func (s *Server) triggerRun(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.dossiersReady(c) {
		return
	}
	run, err := s.dossiers.Trigger(c.Request.Context(), c.Param("bloc"), year, actor(c).Username)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", c.Request.URL.Path+"/"+strconv.FormatInt(run.ID, 10))
	c.JSON(http.StatusAccepted, runView(run))
}

// runJSON adds the duration in seconds.
type runJSON struct {
	store.DossierRun
	DurationSeconds float64 `json:"duration_seconds"`
}

func runView(r store.DossierRun) runJSON { return runJSON{r, r.Duration().Seconds()} }

func (s *Server) listRuns(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.dossiersReady(c) {
		return
	}
	runs, err := s.dossiers.Runs(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]runJSON, len(runs))
	for i, r := range runs {
		out[i] = runView(r)
	}
	c.JSON(http.StatusOK, gin.H{"runs": out})
}

func (s *Server) getRun(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.dossiersReady(c) {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.NotFound("lượt lập hồ sơ", c.Param("id")))
		return
	}
	run, err := s.dossiers.Run(c.Request.Context(), c.Param("bloc"), year, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, runView(run))
}

func (s *Server) listVersions(c *gin.Context) {
	year, ok := yearParam(c)
	if !ok || !s.dossiersReady(c) {
		return
	}
	vs, err := s.dossiers.Versions(c.Request.Context(), c.Param("bloc"), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"versions": vs})
}

// version reads the :version parameter ("latest" or a number).
func (s *Server) version(c *gin.Context) (store.DossierVersion, bool) {
	year, ok := yearParam(c)
	if !ok || !s.dossiersReady(c) {
		return store.DossierVersion{}, false
	}
	n := 0
	if p := c.Param("version"); p != "latest" {
		var err error
		if n, err = strconv.Atoi(p); err != nil || n < 1 {
			s.fail(c, domain.NotFoundError{Entity: "phiên bản hồ sơ", Key: p, Message: "Phiên bản hồ sơ là một số (1, 2, …) hoặc \"latest\""})
			return store.DossierVersion{}, false
		}
	}
	v, err := s.dossiers.Version(c.Request.Context(), c.Param("bloc"), year, n)
	if err != nil {
		s.fail(c, err)
		return v, false
	}
	return v, true
}

// getVersion returns a version, its files and its manifest.
func (s *Server) getVersion(c *gin.Context) {
	v, ok := s.version(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"version": v, "manifest": jsonRaw(v.Manifest)})
}

// getVersionZIP serves a version's ZIP.
func (s *Server) getVersionZIP(c *gin.Context) {
	v, ok := s.version(c)
	if !ok {
		return
	}
	s.sendBlob(c, v.ZIPSHA256, v.ZIPSize, v.ZIPName, "application/zip")
}

// getVersionFile serves one file of a version, named by its SHA-256.
func (s *Server) getVersionFile(c *gin.Context) {
	v, ok := s.version(c)
	if !ok {
		return
	}
	sha := strings.ToLower(c.Param("sha256"))
	for _, f := range v.Files {
		if f.SHA256 == sha {
			name := f.Name[strings.LastIndex(f.Name, "/")+1:]
			s.sendBlob(c, f.SHA256, f.Size, name, contentType(f.Format))
			return
		}
	}
	s.fail(c, domain.NotFoundError{Entity: "tệp hồ sơ", Key: sha, Message: "Phiên bản hồ sơ này không có tệp đó"})
}

func contentType(format string) string {
	switch format {
	case "pdf":
		return "application/pdf"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// sendBlob serves an archived file: its SHA-256 is its ETag, and the file
// never changes under it.
func (s *Server) sendBlob(c *gin.Context, sha string, size int64, name, ctype string) {
	etag := `"` + sha + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, max-age=31536000, immutable")
	if match := c.GetHeader("If-None-Match"); match != "" && etagMatches(match, etag) {
		c.Status(http.StatusNotModified)
		return
	}
	rc, err := s.dossiers.Open(c.Request.Context(), sha)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer rc.Close()
	c.Header("Content-Disposition", contentDisposition(name))
	c.Header("X-Content-SHA256", sha)
	c.DataFromReader(http.StatusOK, size, ctype, io.LimitReader(rc, size), nil)
}

// jsonRaw passes stored JSON through as it is.
type jsonRaw []byte

func (j jsonRaw) MarshalJSON() ([]byte, error) {
	if len(j) == 0 {
		return []byte("null"), nil
	}
	return j, nil
}

// dossierOverview is every bloc's dossier of a year (?year=YYYY, default
// this year), for the ministry.
func (s *Server) dossierOverview(c *gin.Context) {
	if !s.dossiersReady(c) {
		return
	}
	year := time.Now().Year()
	if q := c.Query("year"); q != "" {
		n, err := strconv.Atoi(q)
		if err != nil || n < 2000 || n > 2100 {
			invalid(c, domain.FieldError{Field: "year", Code: "invalid_year", Message: "Năm phải từ 2000 đến 2100"})
			return
		}
		year = n
	}
	all, err := s.dossiers.Overview(c.Request.Context(), year)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"year": year, "blocs": all})
}
