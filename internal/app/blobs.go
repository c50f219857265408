package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/store"
)

// SweepBlobs removes, at start-up, the blobs no record names that are
// older than age — the files of a dossier run or an upload a stop cut
// before its record was written — and what the blob folder left
// half-written. age leaves alone what another replica is writing now.
func SweepBlobs(ctx context.Context, st store.BlobRefs, blobs blob.Store, age time.Duration, log *slog.Logger) (int, error) {
	removed := 0
	if d, ok := blobs.(*blob.Dir); ok {
		n, err := d.CleanTemp(age)
		if err != nil {
			return 0, err
		}
		removed += n
	}
	lister, ok := blobs.(blob.Lister)
	if !ok {
		return removed, nil
	}
	refs, err := st.ReferencedBlobs(ctx)
	if err != nil {
		return removed, err
	}
	var orphans []string
	err = lister.List(ctx, func(sha string, written time.Time) error {
		if !refs[sha] && time.Since(written) > age {
			orphans = append(orphans, sha)
		}
		return nil
	})
	if err != nil {
		return removed, err
	}
	for _, sha := range orphans {
		if err := blobs.Delete(ctx, sha); err != nil {
			return removed, err
		}
		removed++
	}
	if removed > 0 && log != nil {
		log.InfoContext(ctx, "blobs no record names removed", "count", removed)
	}
	return removed, nil
}
