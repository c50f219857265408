package store

import (
	"context"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// Upload statuses.
const (
	UploadReceived = "received"
	UploadAccepted = "accepted"
	UploadRejected = "rejected"
)

// Upload is one workbook received from a board, kept exactly as received.
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

// Uploads keeps received workbooks and their outcome.
type Uploads interface {
	// SaveUpload stores the raw bytes and the upload record (status
	// "received") before anything is parsed.
	SaveUpload(ctx context.Context, u Upload, data []byte) (Upload, error)
	// AcceptUpload replaces the unit's scores (and indicators, when given)
	// and marks the upload accepted, all in one transaction.
	AcceptUpload(ctx context.Context, id int64, us domain.UnitScores, ind *domain.Indicators) error
	// RejectUpload records why an upload was refused.
	RejectUpload(ctx context.Context, id int64, errs []domain.FieldError) error
	ListUploads(ctx context.Context, bloc string, year int, unit string) ([]Upload, error)
	GetUpload(ctx context.Context, id int64) (Upload, []byte, error)
}
