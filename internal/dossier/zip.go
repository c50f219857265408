package dossier

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"strings"

	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// ManifestName is the manifest's name inside the ZIP.
const ManifestName = "manifest.json"

// writeZIP packs the manifest and the files. Names are UTF-8 with the
// language-encoding flag set (archive/zip sets it for every non-ASCII
// name), which Windows Explorer, 7-Zip and Info-ZIP's unzip honour; PDFs
// and workbooks are stored, not deflated again (they are compressed
// already), which also makes the ZIP quick to write.
func writeZIP(m Manifest) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	when := m.CreatedAt.In(vn.Zone())
	mj, err := ManifestJSON(m)
	if err != nil {
		return nil, err
	}
	entries := append([]File{{DossierFile: store.DossierFile{Name: ManifestName}, Data: mj}}, m.Files...)
	for _, f := range entries {
		method := zip.Store
		if strings.HasSuffix(f.Name, ".json") {
			method = zip.Deflate
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method, Modified: when})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ManifestJSON is the manifest as written in the ZIP.
func ManifestJSON(m Manifest) ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
