package blob

import (
	"context"
	"fmt"
	"io"
)

// Journal remembers the blobs this installation is about to store before
// any record names them. A blob can only be proved an orphan of our own
// unfinished write when it was noted here first: a sweep that deleted
// "whatever no record names" would destroy every file of a data folder
// whose database was lost or replaced.
type Journal interface {
	// NotePending records (or refreshes) sha as being written now.
	NotePending(ctx context.Context, sha string) error
}

// Journaled is a Store whose every blob is noted in J before it becomes
// visible (the record that will name it is written after).
type Journaled struct {
	Store
	J Journal
}

// Create starts a blob whose Commit notes it in the journal first.
func (s Journaled) Create(ctx context.Context) (Writer, error) {
	w, err := s.Store.Create(ctx)
	if err != nil {
		return nil, err
	}
	return journaledWriter{Writer: w, j: s.J}, nil
}

type journaledWriter struct {
	Writer
	j Journal
}

func (w journaledWriter) Commit(ctx context.Context) (Ref, error) {
	ref := w.Sum()
	// The note must outlive a client that went away: the blob it guards
	// is about to exist whatever the request's context says.
	if err := w.j.NotePending(context.WithoutCancel(ctx), ref.SHA256); err != nil {
		w.Abort()
		return ref, fmt.Errorf("ghi nhận tệp sắp lưu %s: %w", ref.SHA256, err)
	}
	return w.Writer.Commit(ctx)
}

// Copy stores r's bytes as one blob.
func Copy(ctx context.Context, s Store, r io.Reader) (Ref, error) {
	w, err := s.Create(ctx)
	if err != nil {
		return Ref{}, err
	}
	if _, err := io.Copy(w, r); err != nil {
		w.Abort()
		return Ref{}, err
	}
	return w.Commit(ctx)
}
