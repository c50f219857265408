package store

import (
	"context"
	"errors"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// Upload statuses.
const (
	UploadReceived    = "received"    // bytes kept, not yet read
	UploadAccepted    = "accepted"    // its marks were recorded
	UploadRejected    = "rejected"    // refused, with its errors
	UploadSuperseded  = "superseded"  // valid, but a newer upload was already recorded
	UploadInterrupted = "interrupted" // the service stopped while reading it
)

// Errors of AcceptUpload.
var (
	// ErrSuperseded: an upload received after this one was already
	// accepted; the current marks stay the newer ones.
	ErrSuperseded = errors.New("đã có bản nộp mới hơn được ghi nhận")
	// ErrStaleCriteria: the criteria changed after the upload was read.
	ErrStaleCriteria = errors.New("bảng tiêu chí đã thay đổi")
)

// Upload is one workbook received from a board. Its exact bytes are kept
// in the blob store under SHA256, written before this record.
type Upload struct {
	ID         int64               `json:"id"`
	Bloc       string              `json:"bloc"`
	Year       int                 `json:"year"`
	Unit       string              `json:"unit"`
	SHA256     string              `json:"sha256"`
	Size       int64               `json:"size"`
	Filename   string              `json:"filename"`
	Uploader   string              `json:"uploader"`
	ReceivedAt time.Time           `json:"received_at"`
	Status     string              `json:"status"`
	Errors     []domain.FieldError `json:"errors"`
	SetID      int64               `json:"set_id,omitempty"`
}

// Uploads keeps the records of received workbooks and their outcome.
type Uploads interface {
	// SaveUpload records an upload whose bytes are already in the blob
	// store (status "received"); the order of ids is the order received.
	SaveUpload(ctx context.Context, u Upload) (Upload, error)
	// AcceptUpload, in one transaction: checks that setID is still the
	// bloc-year's current criteria (ErrStaleCriteria), that no upload of
	// the unit received after this one was accepted (ErrSuperseded, and
	// the upload is marked so), then replaces the unit's sheet with what
	// merge makes of the current one (nil when there is none), writes the
	// indicators when given and marks the upload accepted.
	AcceptUpload(ctx context.Context, id, setID int64, merge func(prev *domain.UnitScores) domain.UnitScores, ind *domain.Indicators) error
	// RejectUpload records why an upload was refused and keeps only the
	// unit's newest keep refused uploads (one per content); it returns the
	// SHA-256 of blobs no upload names any more.
	RejectUpload(ctx context.Context, id int64, errs []domain.FieldError, keep int) (orphans []string, err error)
	// MarkInterrupted marks the uploads still "received" that were
	// received before the given time as interrupted, with errs: a stop
	// cut them. Younger ones may be being read by a replica.
	MarkInterrupted(ctx context.Context, before time.Time, errs []domain.FieldError) (int, error)
	// ListUploads lists a unit's uploads of a year, newest first;
	// NotFoundError when the bloc or the unit does not exist.
	// ListYearUploads lists every upload of a bloc-year by unit, newest
	// first, in one read (the dashboard's).
	ListYearUploads(ctx context.Context, bloc string, year int) (map[string][]Upload, error)
	ListUploads(ctx context.Context, bloc string, year int, unit string) ([]Upload, error)
	GetUpload(ctx context.Context, id int64) (Upload, error)
	// LegacyBlobs lists blobs whose bytes are still in the database (from
	// before blobs moved to files); ClearLegacyBlob drops those bytes once
	// they are in the blob store.
	LegacyBlobs(ctx context.Context) ([]string, error)
	LegacyBlob(ctx context.Context, sha string) ([]byte, error)
	ClearLegacyBlob(ctx context.Context, sha string) error
}
