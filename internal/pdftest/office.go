package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// NeedOffice skips the test when LibreOffice is missing on a developer's
// machine, and fails it in CI, where .ci/run installs
// libreoffice-writer-nogui.
func NeedOffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("LibreOffice (soffice) is missing: install libreoffice-writer-nogui")
	}
	t.Skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
	return ""
}

// Office converts documents (name → bytes, e.g. "bao-cao.docx") to PDF with
// LibreOffice headless, in one run with a profile of its own, and returns
// the PDFs by the same names with ".pdf".
func Office(t testing.TB, docs map[string][]byte) map[string][]byte {
	t.Helper()
	soffice := NeedOffice(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	os.MkdirAll(in, 0o755)
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--convert-to", "pdf", "--outdir", out}
	for name, b := range docs {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	if o, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, o)
	}
	res := map[string][]byte{}
	for name := range docs {
		pdf := strings.TrimSuffix(name, filepath.Ext(name)) + ".pdf"
		b, err := os.ReadFile(filepath.Join(out, pdf))
		if err != nil {
			t.Fatalf("LibreOffice made no PDF of %s: %v", name, err)
		}
		res[pdf] = b
	}
	return res
}
