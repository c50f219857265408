// Package app is the application layer: the rules of each use case, called
// alike by the JSON API, the pages and the scheduler. It reads and writes
// through the store and the blob store, and answers with domain values and
// typed errors (domain.ValidationError, domain.NotFoundError,
// domain.ConflictError) that the callers turn into what their clients see.
package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/xlsx"
)

// ScoringConfig is what the scoring use cases are built from.
type ScoringConfig struct {
	Store  store.Store
	Blobs  blob.Store
	Logger *slog.Logger
	// Limits bound what reading one workbook may cost.
	Limits xlsx.Limits
	// Parallel is how many uploads are read at once (default: the number
	// of CPUs); more wait their turn, so that concurrent uploads cannot
	// multiply the peak memory.
	Parallel int
	// KeepRejected is how many refused uploads of a unit are kept, newest
	// first (default 10).
	KeepRejected int
	// Metrics counts outcomes (metrics.Metrics); nil counts nothing.
	Metrics UploadObserver
	// Wait is how long an upload waits for a reader (default a minute).
	Wait time.Duration
	// StaleAfter is when an upload still "received" was cut by a stop
	// (default 10 minutes: far beyond Wait and a reader's time limit).
	// Younger ones may be in another replica's hands.
	StaleAfter time.Duration
}

// UploadObserver is told what became of each upload: accepted, rejected,
// superseded or error.
type UploadObserver interface{ UploadOutcome(outcome string) }

// Scoring is the boards' self-scoring: the target of an upload, the upload
// itself, its history.
type Scoring struct {
	st    store.Store
	bl    blob.Store
	log   *slog.Logger
	lim   xlsx.Limits
	keep  int
	stale time.Duration
	sem   chan struct{}
	obs   UploadObserver
	wait  time.Duration
}

// NewScoring builds the scoring use cases.
func NewScoring(c ScoringConfig) *Scoring {
	s := &Scoring{st: c.Store, bl: c.Blobs, log: c.Logger, lim: c.Limits, keep: c.KeepRejected, obs: c.Metrics}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.lim == (xlsx.Limits{}) {
		s.lim = xlsx.DefaultLimits
	}
	if s.keep <= 0 {
		s.keep = 10
	}
	n := c.Parallel
	if n <= 0 {
		n = runtime.NumCPU()
	}
	s.sem = make(chan struct{}, n)
	s.wait = c.Wait
	if s.wait <= 0 {
		s.wait = time.Minute
	}
	s.stale = c.StaleAfter
	if s.stale <= 0 {
		s.stale = 10 * time.Minute
	}
	return s
}

// Target is a unit's scoring sheet of a bloc-year, ready to receive an
// upload.
type Target struct {
	Bloc, Unit string
	UnitName   string
	Year       int
	Criteria   domain.CriteriaSet
}

// Target checks that the unit is a member of the bloc that year and that
// the year has criteria: answered before an upload's bytes are read.
func (s *Scoring) Target(ctx context.Context, bloc string, year int, unit string) (Target, error) {
	d, err := store.LoadYear(ctx, s.st, bloc, year)
	if err != nil {
		return Target{}, err
	}
	m, ok := d.Member(unit)
	if !ok {
		return Target{}, domain.NotFound(fmt.Sprintf("đơn vị thành viên năm %d", year), unit)
	}
	if err := d.State.CheckOpen(); err != nil {
		return Target{}, err
	}
	if d.Criteria == nil {
		return Target{}, domain.ConflictError{Code: "no_criteria", Message: fmt.Sprintf("Khối chưa có bảng tiêu chí năm %d nên chưa nhận phiếu chấm điểm", year)}
	}
	return Target{Bloc: bloc, Unit: unit, UnitName: m.Name.Full, Year: year, Criteria: *d.Criteria}, nil
}

// Submission is one received workbook: its bytes are already in the blob
// store.
type Submission struct {
	Filename string
	Uploader string
	Blob     blob.Ref
}

// Outcome is what became of an upload.
type Outcome struct {
	Upload     store.Upload
	Sheet      domain.UnitScores
	Indicators *domain.Indicators
	Result     domain.Result
	// Errors are why it was refused (Upload.Status "rejected").
	Errors domain.ValidationError
}

// Errors of Submit.
var (
	// ErrBusy: the upload waited for a reader longer than Wait; it is
	// recorded as refused for that reason.
	ErrBusy = errors.New("hệ thống đang bận đọc các phiếu khác")
)

// Submit records an upload, reads it and accepts or refuses it: its record
// is written (status "received") before anything is derived from its
// bytes; then, at most Parallel at a time, the workbook is read against
// the criteria; the marks replace the unit's own in one transaction that
// re-reads the criteria version and keeps the bloc's marks, unless an
// upload received later was already accepted (Upload.Status "superseded").
// A refused upload is kept with its errors (Outcome.Errors).
func (s *Scoring) Submit(ctx context.Context, t Target, sub Submission) (Outcome, error) {
	out, err := s.submit(ctx, t, sub)
	if s.obs != nil {
		outcome := out.Upload.Status
		if err != nil {
			outcome = "error"
		}
		s.obs.UploadOutcome(outcome)
	}
	return out, err
}

// Once the bytes are in, the work is finished whatever the client does:
// a client that disconnects right after sending must not leave its upload
// "received" until the next restart. Waiting for a reader is bounded by
// Wait instead; an upload that waited too long is recorded as refused
// because the service was busy, never left half done.
func (s *Scoring) submit(ctx context.Context, t Target, sub Submission) (Outcome, error) {
	ctx = context.WithoutCancel(ctx)
	up, err := s.st.SaveUpload(ctx, store.Upload{Bloc: t.Bloc, Year: t.Year, Unit: t.Unit, SHA256: sub.Blob.SHA256, Size: sub.Blob.Size, Filename: sub.Filename, Uploader: sub.Uploader})
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Upload: up}
	wait := time.NewTimer(s.wait)
	select {
	case s.sem <- struct{}{}:
		wait.Stop()
	case <-wait.C:
		if _, err := s.reject(ctx, out, domain.ValidationError{{Field: "file", Code: "busy",
			Message: "Hệ thống đang bận đọc các phiếu khác nên chưa đọc phiếu này. Vui lòng gửi lại sau ít phút."}}); err != nil {
			return out, err
		}
		return out, ErrBusy
	}
	parsed, err := s.read(ctx, t, sub.Blob)
	<-s.sem
	var ve domain.ValidationError
	if errors.As(err, &ve) {
		return s.reject(ctx, out, ve)
	}
	if err != nil {
		return out, err
	}
	merge := func(prev *domain.UnitScores) domain.UnitScores {
		us := domain.UnitScores{Scores: parsed.Scores}
		if prev != nil {
			us.Scores = domain.KeepBlocMarks(*prev, parsed.Scores)
		}
		return us
	}
	err = s.st.AcceptUpload(ctx, up.ID, t.Criteria.ID, merge, parsed.Indicators)
	var ce domain.ConflictError
	switch {
	case errors.As(err, &ce) && ce.Code == domain.CodeYearClosed:
		// Closed while this upload was read: kept, refused, and why.
		return s.reject(ctx, out, domain.ValidationError{{Field: "file", Code: ce.Code, Message: ce.Message}})
	case errors.Is(err, store.ErrStaleCriteria):
		return s.reject(ctx, out, domain.ValidationError{{Field: "file", Code: xlsx.ErrCodeWrongTarget,
			Message: "Khối vừa cập nhật bảng tiêu chí trong lúc phiếu được gửi lên. Vui lòng tải phiếu mới từ hệ thống và chép điểm sang."}})
	case errors.Is(err, store.ErrSuperseded):
		out.Upload.Status = store.UploadSuperseded
		return out, nil
	case err != nil:
		return out, err
	}
	out.Upload.Status = store.UploadAccepted
	out.Sheet = domain.UnitScores{Bloc: t.Bloc, Year: t.Year, Unit: t.Unit, SetID: t.Criteria.ID, Scores: parsed.Scores}
	out.Indicators = parsed.Indicators
	out.Result = domain.Compute(t.Criteria, out.Sheet)
	return out, nil
}

// read reads a stored upload's bytes (at most the upload cap) and the
// workbook in them.
func (s *Scoring) read(ctx context.Context, t Target, ref blob.Ref) (*xlsx.Upload, error) {
	rc, err := s.bl.Open(ctx, ref.SHA256)
	if err != nil {
		return nil, fmt.Errorf("đọc tệp đã lưu %s: %w", ref.SHA256, err)
	}
	var buf bytes.Buffer
	buf.Grow(int(ref.Size))
	_, err = io.Copy(&buf, io.LimitReader(rc, ref.Size+1))
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("đọc tệp đã lưu %s: %w", ref.SHA256, err)
	}
	return xlsx.ReadScoring(buf.Bytes(), xlsx.Expect{Bloc: t.Bloc, Unit: t.Unit, UnitName: t.UnitName, Year: t.Year, Criteria: t.Criteria}, s.lim)
}

func (s *Scoring) reject(ctx context.Context, out Outcome, ve domain.ValidationError) (Outcome, error) {
	orphans, err := s.st.RejectUpload(ctx, out.Upload.ID, ve, s.keep)
	if err != nil {
		return out, err
	}
	// After the rows that named them are gone: a crash in between leaves
	// a file nobody names, never a name without its file.
	for _, sha := range orphans {
		if err := s.bl.Delete(ctx, sha); err != nil {
			s.log.WarnContext(ctx, "blob not deleted", "sha256", sha, "err", err)
		}
	}
	out.Upload.Status, out.Upload.Errors, out.Errors = store.UploadRejected, ve, ve
	return out, nil
}

// Uploads lists a unit's uploads of a year, newest first.
func (s *Scoring) Uploads(ctx context.Context, bloc string, year int, unit string) ([]store.Upload, error) {
	return s.st.ListUploads(ctx, bloc, year, unit)
}

// YearUploads lists a bloc-year's uploads by unit, newest first.
func (s *Scoring) YearUploads(ctx context.Context, bloc string, year int) (map[string][]store.Upload, error) {
	return s.st.ListYearUploads(ctx, bloc, year)
}

// OpenUpload returns an upload of the unit and its exact bytes.
func (s *Scoring) OpenUpload(ctx context.Context, bloc string, year int, unit string, id int64) (store.Upload, io.ReadCloser, error) {
	u, err := s.st.GetUpload(ctx, id)
	if err != nil {
		return u, nil, err
	}
	if u.Bloc != bloc || u.Year != year || u.Unit != unit {
		return u, nil, domain.NotFound("bản nộp", fmt.Sprint(id))
	}
	rc, err := s.bl.Open(ctx, u.SHA256)
	if err != nil {
		return u, nil, fmt.Errorf("mở tệp đã lưu của bản nộp %d: %w", id, err)
	}
	return u, rc, nil
}

// Recover runs at start-up, before requests: uploads cut by a stop are
// marked interrupted (MarkInterrupted), and bytes still kept in the
// database (from before blobs moved to files) are moved to the blob store.
func (s *Scoring) Recover(ctx context.Context) error {
	if _, err := s.MarkInterrupted(ctx); err != nil {
		return err
	}
	shas, err := s.st.LegacyBlobs(ctx)
	if err != nil {
		return err
	}
	for _, sha := range shas {
		data, err := s.st.LegacyBlob(ctx, sha)
		if err != nil {
			return err
		}
		ref, err := blob.Copy(ctx, s.bl, bytes.NewReader(data))
		if err != nil {
			return err
		}
		if ref.SHA256 != sha {
			return fmt.Errorf("tệp %s trong cơ sở dữ liệu không khớp mã của nó (%s)", sha, ref.SHA256)
		}
		if err := s.st.ClearLegacyBlob(ctx, sha); err != nil {
			return err
		}
	}
	return nil
}

// MarkInterrupted marks interrupted the uploads left "received" for
// longer than StaleAfter: a stop cut them, here or on another replica.
// The service runs it at start and every minute, so that what a stopped
// replica left is told to its board even if that replica never returns.
func (s *Scoring) MarkInterrupted(ctx context.Context) (int, error) {
	n, err := s.st.MarkInterrupted(ctx, time.Now().Add(-s.stale), domain.ValidationError{{Field: "file", Code: "upload_interrupted",
		Message: "Việc đọc phiếu bị gián đoạn vì hệ thống dừng lại; phiếu chưa được ghi nhận. Vui lòng gửi lại."}})
	if n > 0 {
		s.log.WarnContext(ctx, "uploads interrupted by a stop", "count", n)
	}
	return n, err
}

// PatchSheet changes what the patches name of a member's sheet and
// nothing else (domain.ScorePatch), each mark checked against the year's
// current criteria; the sheet is read and written in one transaction, so
// an upload arriving meanwhile is not undone. The JSON API's PUT and the
// bloc-marks page both come here.
func (s *Scoring) PatchSheet(ctx context.Context, t Target, patches []domain.ScorePatch) (domain.UnitScores, domain.Result, error) {
	var us domain.UnitScores
	err := s.st.UpdateSheet(ctx, t.Criteria.ID, t.Unit, func(prev *domain.UnitScores) (domain.UnitScores, error) {
		scores, err := domain.ApplyPatches(t.Criteria, prev, patches)
		us = domain.UnitScores{Scores: scores, MarkedAt: time.Now().UTC().Format(time.RFC3339Nano)}
		return us, err
	})
	us.Bloc, us.Year, us.Unit, us.SetID = t.Bloc, t.Year, t.Unit, t.Criteria.ID
	if err != nil {
		return us, domain.Result{}, err
	}
	return us, domain.Compute(t.Criteria, us), nil
}
