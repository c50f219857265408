// Package metrics is what the service tells Prometheus (/metrics, text
// format, through client_golang): dossier runs by outcome, render time by
// kind and format, upload outcomes, HTTP request time by route pattern and
// status, render cache hits. One Metrics is made per process and handed to
// the parts that observe (no global registry).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors. A nil *Metrics observes nothing, so parts
// built without one (tests, the command line) need no checks.
type Metrics struct {
	reg         *prometheus.Registry
	runs        *prometheus.CounterVec
	runDuration prometheus.Histogram
	render      *prometheus.HistogramVec
	uploads     *prometheus.CounterVec
	http        *prometheus.HistogramVec
	cache       *prometheus.CounterVec
	faults      *prometheus.CounterVec
	auditLost   prometheus.Counter
}

// New makes the collectors, with Go's and the process's own.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "thidua_dossier_runs_total",
			Help: "Year-end dossier runs finished, by outcome (succeeded, failed, cancelled)."}, []string{"outcome"}),
		runDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "thidua_dossier_run_duration_seconds",
			Help: "Time a dossier run took, from start to its record.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 12)}),
		render: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "thidua_render_duration_seconds",
			Help:    "Time to render a document that was not cached, by kind and format.",
			Buckets: prometheus.ExponentialBuckets(0.002, 2, 12)}, []string{"kind", "format"}),
		uploads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "thidua_uploads_total",
			Help: "Scoring workbook uploads by outcome (accepted, rejected, superseded, error)."}, []string{"outcome"}),
		http: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "thidua_http_request_duration_seconds",
			Help:    "HTTP request time by route pattern, method and status.",
			Buckets: prometheus.DefBuckets}, []string{"route", "method", "status"}),
		cache: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "thidua_render_cache_total",
			Help: "Document requests answered from the render cache (hit) or rendered (miss)."}, []string{"result"}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "thidua_storage_faults_total",
			Help: "Requests and runs that failed on the server's storage, by kind (no_space, read_only, corrupt)."}, []string{"kind"}),
		auditLost: prometheus.NewCounter(prometheus.CounterOpts{Name: "thidua_audit_dropped_total",
			Help: "Read entries of the audit log (downloads) dropped because the queue to its writer was full."}),
	}
	m.reg.MustRegister(m.runs, m.runDuration, m.render, m.uploads, m.http, m.cache, m.faults, m.auditLost,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// RunFinished counts a dossier run.
func (m *Metrics) RunFinished(outcome string, d time.Duration) {
	if m == nil {
		return
	}
	m.runs.WithLabelValues(outcome).Inc()
	m.runDuration.Observe(d.Seconds())
}

// ObserveRender records the time of one render.
func (m *Metrics) ObserveRender(kind, format string, d time.Duration) {
	if m == nil {
		return
	}
	m.render.WithLabelValues(kind, format).Observe(d.Seconds())
}

// CacheResult counts a render cache hit or miss.
func (m *Metrics) CacheResult(hit bool) {
	if m == nil {
		return
	}
	r := "miss"
	if hit {
		r = "hit"
	}
	m.cache.WithLabelValues(r).Inc()
}

// UploadOutcome counts an upload by what became of it.
func (m *Metrics) UploadOutcome(outcome string) {
	if m == nil {
		return
	}
	m.uploads.WithLabelValues(outcome).Inc()
}

// ObserveHTTP records one request; route is the pattern ("/api/v1/blocs/:bloc"),
// never the path, so that the number of series stays bounded.
func (m *Metrics) ObserveHTTP(route, method string, status int, d time.Duration) {
	if m == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	m.http.WithLabelValues(route, method, strconv.Itoa(status)).Observe(d.Seconds())
}

// StorageFault counts a failure on the server's storage (package fault).
func (m *Metrics) StorageFault(kind string) {
	if m == nil {
		return
	}
	m.faults.WithLabelValues(kind).Inc()
}

// AuditDropped counts a read entry the audit queue had no room for.
func (m *Metrics) AuditDropped() {
	if m == nil {
		return
	}
	m.auditLost.Inc()
}
