package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store"
)

// SweepBlobs removes, at start-up before any request, what this
// installation can prove is an orphan of its own unfinished writes: the
// half-written files of the blob folder's temporary area, and the blobs
// noted as pending (blob.Journal) that no record names a day (age) after
// they were noted — a dossier run or an upload a stop cut before its
// record. A blob that was never noted is never deleted, whatever the
// database says of it: a lost or replaced database must not take the
// stored uploads and dossiers with it. age leaves alone what another
// replica is writing now.
func SweepBlobs(ctx context.Context, st store.BlobRefs, blobs blob.Store, age time.Duration, log *slog.Logger) (int, error) {
	removed := 0
	if d, ok := blobs.(interface {
		CleanTemp(time.Duration) (int, error)
	}); ok {
		n, err := d.CleanTemp(age)
		if err != nil {
			return 0, err
		}
		removed += n
	}
	pending, err := st.PendingBlobs(ctx)
	if err != nil {
		return removed, err
	}
	if len(pending) == 0 {
		return removed, nil
	}
	refs, err := st.ReferencedBlobs(ctx)
	if err != nil {
		return removed, err
	}
	now := time.Now()
	cutoff := now.Add(-age)
	var named, orphans []string
	for _, p := range pending {
		switch {
		case refs[p.SHA256]:
			named = append(named, p.SHA256)
		case p.NotedAt.Before(cutoff):
			orphans = append(orphans, p.SHA256)
		}
	}
	if err := st.ForgetPending(ctx, named, now); err != nil {
		return removed, err
	}
	// The file first, then its note: a stop in between leaves a note of
	// an absent file, which the next sweep forgets.
	for _, sha := range orphans {
		if err := blobs.Delete(ctx, sha); err != nil {
			return removed, err
		}
		removed++
	}
	if err := st.ForgetPending(ctx, orphans, cutoff); err != nil {
		return removed, err
	}
	if removed > 0 && log != nil {
		log.InfoContext(ctx, "unfinished writes removed", "count", removed)
	}
	return removed, nil
}
