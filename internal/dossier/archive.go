package dossier

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// Publish keeps a built dossier as a version of the archive: every file and
// the ZIP are written as blobs (each synced and renamed into place by the
// blob store) and only then is the version's row written, in one
// transaction. A crash or a cancellation before that leaves blobs nobody
// names, never a version that looks complete but is not. A dossier whose
// fingerprint equals the newest version's makes no new version: that one
// is returned with created false.
func Publish(ctx context.Context, st store.Dossiers, blobs blob.Store, d *Dossier, runID int64) (v store.DossierVersion, created bool, err error) {
	m := d.Manifest
	latest, err := st.LatestVersion(ctx, m.Bloc, m.Year)
	switch {
	case err == nil && latest.Fingerprint == m.Fingerprint:
		return latest, false, nil
	case err != nil && !errors.Is(err, domain.ErrNotFound):
		return v, false, err
	}
	v = store.DossierVersion{Bloc: m.Bloc, Year: m.Year, Fingerprint: m.Fingerprint, Generator: m.Generator, CreatedAt: m.CreatedAt,
		RunID: runID, ZIPName: d.ZIPName}
	for _, f := range m.Files {
		if err := put(ctx, blobs, f.SHA256, f.Data); err != nil {
			return v, false, fmt.Errorf("lưu %s: %w", f.Name, err)
		}
		v.Files = append(v.Files, f.DossierFile)
	}
	ref, err := putNew(ctx, blobs, d.ZIP)
	if err != nil {
		return v, false, fmt.Errorf("lưu %s: %w", d.ZIPName, err)
	}
	v.ZIPSHA256, v.ZIPSize = ref.SHA256, ref.Size
	if v.Manifest, err = ManifestJSON(m); err != nil {
		return v, false, err
	}
	if err := ctx.Err(); err != nil { // cancelled: publish nothing
		return v, false, err
	}
	return st.PublishVersion(ctx, v)
}

// put stores data under sha unless the blob store has it already (a
// member's upload, a document unchanged since the last version).
func put(ctx context.Context, blobs blob.Store, sha string, data []byte) error {
	if rc, err := blobs.Open(ctx, sha); err == nil {
		rc.Close()
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	ref, err := putNew(ctx, blobs, data)
	if err != nil {
		return err
	}
	if ref.SHA256 != sha {
		return fmt.Errorf("SHA-256 %s thay vì %s", ref.SHA256, sha)
	}
	return nil
}

func putNew(ctx context.Context, blobs blob.Store, data []byte) (blob.Ref, error) {
	if err := ctx.Err(); err != nil {
		return blob.Ref{}, err
	}
	return blob.Copy(ctx, blobs, bytes.NewReader(data))
}
