package store

import (
	"context"
	"fmt"
	"time"
)

// Run statuses of a dossier run.
const (
	RunQueued    = "queued"
	RunRunning   = "running"
	RunSucceeded = "succeeded"
	RunFailed    = "failed"
)

// Run triggers.
const (
	TriggerSchedule = "schedule" // the bloc's schedule fired
	TriggerCatchUp  = "catch-up" // a scheduled time passed while the service was down
	TriggerManual   = "manual"   // someone asked (API, page)
	TriggerRetry    = "retry"    // a failed attempt tried again
)

// DossierSchedule is when a bloc's year-end dossier is built.
type DossierSchedule struct {
	Bloc      string    `json:"bloc"`
	Cron      string    `json:"cron"`      // five fields: minute hour day month weekday
	TimeZone  string    `json:"time_zone"` // IANA name, default Asia/Ho_Chi_Minh
	Enabled   bool      `json:"enabled"`
	LastFired time.Time `json:"last_fired,omitzero"` // newest scheduled time handled
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by,omitempty"`
}

// DossierRun is one attempt at building a bloc-year's dossier.
type DossierRun struct {
	ID          int64     `json:"id"`
	Bloc        string    `json:"bloc"`
	Year        int       `json:"year"`
	Trigger     string    `json:"trigger"`
	Attempt     int       `json:"attempt"`
	Status      string    `json:"status"`
	Error       string    `json:"error,omitempty"`
	RequestedBy string    `json:"requested_by,omitempty"`
	Owner       string    `json:"-"`
	QueuedAt    time.Time `json:"queued_at"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	FinishedAt  time.Time `json:"finished_at,omitzero"`
	// Version is the dossier version the run produced or found unchanged.
	Version    int  `json:"version,omitempty"`
	NewVersion bool `json:"new_version"`
	Files      int  `json:"files"`
	Warnings   int  `json:"warnings"`
}

// Duration is how long a finished run took.
func (r DossierRun) Duration() time.Duration {
	if r.StartedAt.IsZero() || r.FinishedAt.IsZero() {
		return 0
	}
	return r.FinishedAt.Sub(r.StartedAt)
}

// DossierFile is one file of a dossier version, kept as a blob.
type DossierFile struct {
	Name   string `json:"name"` // path inside the ZIP, Vietnamese
	Kind   string `json:"kind"`
	Unit   string `json:"unit,omitempty"`
	Format string `json:"format"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Input  string `json:"input"` // fingerprint of what it was built from
}

// DossierVersion is one immutable, complete dossier of a bloc-year.
type DossierVersion struct {
	ID          int64         `json:"-"`
	Bloc        string        `json:"bloc"`
	Year        int           `json:"year"`
	Number      int           `json:"number"`
	Fingerprint string        `json:"fingerprint"`
	Generator   string        `json:"generator"`
	CreatedAt   time.Time     `json:"created_at"`
	RunID       int64         `json:"run_id,omitempty"`
	ZIPName     string        `json:"zip_name"`
	ZIPSHA256   string        `json:"zip_sha256"`
	ZIPSize     int64         `json:"zip_size"`
	Manifest    []byte        `json:"-"` // manifest.json as in the ZIP
	Files       []DossierFile `json:"files,omitempty"`
}

// Dossiers keeps schedules, runs, dossier versions and leases.
type Dossiers interface {
	// GetSchedule: NotFoundError when the bloc has none.
	GetSchedule(ctx context.Context, bloc string) (DossierSchedule, error)
	ListSchedules(ctx context.Context) ([]DossierSchedule, error)
	PutSchedule(ctx context.Context, s DossierSchedule) error
	// MarkFired records that the scheduled time at was handled; a time
	// older than the recorded one is ignored.
	MarkFired(ctx context.Context, bloc string, at time.Time) error

	CreateRun(ctx context.Context, r DossierRun) (DossierRun, error)
	// UpdateRun writes a run's status, times, error and outcome.
	UpdateRun(ctx context.Context, r DossierRun) error
	GetRun(ctx context.Context, id int64) (DossierRun, error)
	// ListRuns lists a bloc-year's runs, newest first, at most limit.
	ListRuns(ctx context.Context, bloc string, year int, limit int) ([]DossierRun, error)
	// AbandonRuns marks failed, with msg, every queued or running run
	// but those in keep whose bloc-year lease is not held by its owner
	// at now: runs of a process that stopped (or was killed) and whose
	// lease has expired.
	AbandonRuns(ctx context.Context, now time.Time, msg string, keep []int64) (int, error)

	// PublishVersion records a dossier whose blobs are all durable, in one
	// transaction: when the bloc-year's newest version has the same
	// fingerprint it is returned with created false; otherwise the next
	// number is taken.
	PublishVersion(ctx context.Context, v DossierVersion) (DossierVersion, bool, error)
	// LatestVersion: NotFoundError when the bloc-year has none.
	LatestVersion(ctx context.Context, bloc string, year int) (DossierVersion, error)
	// GetVersion returns a version with its files.
	GetVersion(ctx context.Context, bloc string, year, number int) (DossierVersion, error)
	// ListVersions lists a bloc-year's versions, newest first, without files.
	ListVersions(ctx context.Context, bloc string, year int) ([]DossierVersion, error)

	// AcquireLease takes the named lease for owner until now+ttl when it
	// is free, expired or already owner's; false when another holds it.
	AcquireLease(ctx context.Context, name, owner string, now time.Time, ttl time.Duration) (bool, error)
	// ReleaseLease gives the lease up if owner holds it.
	ReleaseLease(ctx context.Context, name, owner string) error
}

// DossierLease names the lease of a bloc-year's dossier runner (the SQL of
// AbandonRuns builds the same name).
func DossierLease(bloc string, year int) string { return fmt.Sprintf("dossier:%s:%d", bloc, year) }

// RunnerLease names the lease a live runner process renews: its queued
// runs, waiting for another replica's dossier lease, hold none of their
// own, and are alive as long as it is (the SQL of AbandonRuns builds the
// same name).
func RunnerLease(owner string) string { return "runner:" + owner }
