// Package render turns a request for a document ("the 2023 year-end report
// of this bloc, as PDF") into bytes: it loads the year from the store, builds
// the document model from the templates, and hands it to the PDF or XLSX
// renderer. Rendered bytes are cached by a hash of the content that produced
// them, which is also the ETag.
package render

import (
	"context"
	"errors"
	"io/fs"

	"github.com/thidua/thidua/internal/store"
)

// Request names one document.
type Request struct {
	Bloc   string
	Year   int
	Kind   string // bao-cao-tong-ket, bang-tong-hop-diem, ... (DESIGN §4)
	Unit   string // for one board's documents
	Format string // "pdf" or "xlsx"
}

// File is a rendered document.
type File struct {
	Name        string // Vietnamese file name, e.g. "Báo cáo tổng kết năm 2023.pdf"
	ContentType string
	ETag        string // hash of the content that produced it
	Data        []byte
}

// ErrUnknownKind is returned for a kind/format pair that does not exist.
var ErrUnknownKind = errors.New("không có loại văn bản này")

// Service renders documents.
type Service struct{}

// Render produces one document.
func (s *Service) Render(ctx context.Context, r Request) (File, error) {
	return File{}, ErrUnknownKind
}

// Config is what a Service is built from.
type Config struct {
	Store     store.Reader
	Templates fs.FS
	FontDir   string
}

// New builds a Service.
func New(c Config) (*Service, error) {
	return &Service{}, nil
}
