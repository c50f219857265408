package pdftest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// NeedOffice skips the test when LibreOffice is missing on a developer's
// machine, and fails it in CI, where .ci/run installs
// libreoffice-writer-nogui. It also fails when the font LibreOffice will
// use for Times New Roman lacks Vietnamese letters (the old Liberation
// fonts of Debian's fonts-liberation do): the conversions would then not
// be what a person sees, and the tests comparing them would fail for a
// reason that is not theirs.
func NeedOffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			needVietnameseSerif(t)
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("LibreOffice (soffice) is missing: install libreoffice-writer-nogui")
	}
	t.Skip("LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
	return ""
}

// vietnameseLetters are letters only a font made for Vietnamese has
// (ạ ệ ờ ự Đ), as fontconfig writes a charset.
const vietnameseLetters = "1ea1 1ec7 1edd 1ef1 110"

// needVietnameseSerif fails the test when fontconfig gives Times New Roman
// a font without Vietnamese letters.
func needVietnameseSerif(t testing.TB) {
	t.Helper()
	out, err := exec.Command("fc-match", "--format=%{family[0]}", "Times New Roman").Output()
	if err != nil {
		t.Fatalf("fc-match (fontconfig) did not answer: %v", err)
	}
	family := strings.TrimSpace(string(out))
	list, err := exec.Command("fc-list", family+":charset="+vietnameseLetters, "file").Output()
	if err != nil {
		t.Fatalf("fc-list: %v", err)
	}
	if strings.TrimSpace(string(list)) == "" {
		t.Fatalf("LibreOffice would set Times New Roman in %q, which has no Vietnamese letters (ạ, ệ, ờ, ự, Đ): install fonts-liberation2", family)
	}
}

// Office converts documents (name → bytes, e.g. "bao-cao.docx") to PDF with
// LibreOffice headless, in one run with a profile of its own, and returns
// the PDFs by the same names with ".pdf". Under load LibreOffice has been
// seen to exit without making a PDF: the conversion is tried again, with
// a fresh profile, up to three times, and each retry says why.
func Office(t testing.TB, docs map[string][]byte) map[string][]byte {
	t.Helper()
	soffice := NeedOffice(t)
	var last string
	for try := 1; try <= 3; try++ {
		res, why := convert(t, soffice, docs)
		if why == "" {
			return res
		}
		last = why
		t.Logf("LibreOffice, try %d of 3: %s; trying again with a fresh profile", try, why)
	}
	t.Fatalf("LibreOffice made no PDF in three tries: %s", last)
	return nil
}

// convert runs one conversion; why says what went wrong, "" when nothing.
func convert(t testing.TB, soffice string, docs map[string][]byte) (map[string][]byte, string) {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	os.MkdirAll(in, 0o755)
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out}
	for name, b := range docs {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if o, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("soffice: %v: %s", err, o)
	}
	res := map[string][]byte{}
	for name := range docs {
		pdf := strings.TrimSuffix(name, filepath.Ext(name)) + ".pdf"
		b, err := os.ReadFile(filepath.Join(out, pdf))
		if err != nil || len(b) == 0 {
			return nil, fmt.Sprintf("no PDF of %s (%v)", name, err)
		}
		res[pdf] = b
	}
	return res, ""
}
