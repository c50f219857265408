package main

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/dossier"
)

// TestGenerateAllDemo: `thidua generate --all --demo --year 2023 --out DIR`
// builds the three demo blocs' dossiers; every SHA-256 in each manifest
// matches its file, unpacked and in the ZIP.
func TestGenerateAllDemo(t *testing.T) {
	out := t.TempDir()
	logf, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	if err := run(context.Background(), []string{"generate", "--all", "--demo", "--year", "2023", "--out", out, "--log-level", "error"}, os.Stdout, logf); err != nil {
		t.Fatal(err)
	}
	progress, _ := os.ReadFile(logf.Name())
	// Not a terminal: plain lines, one per bloc and a last one.
	if !strings.Contains(string(progress), "xong 3/3 khối") || strings.Contains(string(progress), "\r") {
		t.Errorf("progress lines:\n%s", progress)
	}
	zips, _ := filepath.Glob(filepath.Join(out, "*.zip"))
	if len(zips) != 3 {
		t.Fatalf("%d ZIPs: %v", len(zips), zips)
	}
	for _, slug := range []string{"tay-nguyen-duyen-hai-mien-trung", "trung-du-mien-nui-phia-bac", "bac-trung-bo"} {
		raw, err := os.ReadFile(filepath.Join(out, slug, dossier.ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		var m dossier.Manifest
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if m.Bloc != slug || m.Year != 2023 || len(m.Files) < 10 || m.Generator == "" || len(m.Fingerprint) != 64 {
			t.Errorf("%s: manifest %+v", slug, m)
		}
		inZIP := zipOf(t, zips, slug)
		for _, f := range m.Files {
			b, err := os.ReadFile(filepath.Join(out, slug, filepath.FromSlash(f.Name)))
			if err != nil {
				t.Fatal(err)
			}
			if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(b)) != f.Size {
				t.Errorf("%s/%s: SHA-256 differs from the manifest", slug, f.Name)
			}
			zf, ok := inZIP[f.Name]
			if !ok {
				t.Errorf("%s: %s not in the ZIP", slug, f.Name)
				continue
			}
			rc, _ := zf.Open()
			zb, _ := io.ReadAll(rc)
			rc.Close()
			if sum := sha256.Sum256(zb); hex.EncodeToString(sum[:]) != f.SHA256 {
				t.Errorf("%s: %s in the ZIP differs from the manifest", slug, f.Name)
			}
		}
	}
}

func TestGenerateRefusesWhatItCannotDo(t *testing.T) {
	for _, args := range [][]string{
		{"generate", "--demo", "--year", "2023", "--out", t.TempDir()},
		{"generate", "--all", "--bloc", "bac-trung-bo", "--demo", "--year", "2023", "--out", t.TempDir()},
		{"generate", "--bloc", "bac-trung-bo", "--demo", "--year", "2019", "--out", t.TempDir()},
	} {
		if err := run(context.Background(), append(args, "--log-level", "error"), os.Stdout, os.Stderr); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// zipOf finds the ZIP whose manifest names the bloc, and lists its entries.
func zipOf(t *testing.T, zips []string, slug string) map[string]*zip.File {
	t.Helper()
	for _, z := range zips {
		zr, err := zip.OpenReader(z)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { zr.Close() })
		entries := map[string]*zip.File{}
		for _, f := range zr.File {
			entries[f.Name] = f
		}
		mf, ok := entries[dossier.ManifestName]
		if !ok {
			t.Fatalf("%s: no manifest", z)
		}
		rc, _ := mf.Open()
		var m dossier.Manifest
		err = json.NewDecoder(rc).Decode(&m)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if m.Bloc == slug {
			if !strings.HasPrefix(filepath.Base(z), "Hồ sơ thi đua năm 2023 - ") {
				t.Errorf("ZIP name %s", filepath.Base(z))
			}
			return entries
		}
	}
	t.Fatalf("no ZIP of %s", slug)
	return nil
}
