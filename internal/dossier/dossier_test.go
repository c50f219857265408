package dossier

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testenv"
)

type fixture struct {
	st    *sqlstore.Store
	blobs blob.Store
	b     *Builder
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	e := testenv.Open(t, "", true)
	testenv.ReopenDemo(t, e.Store) // the tests change past years' data
	b := New(Config{Source: e.Store, Render: e.Render, Blobs: e.Blobs, Generator: "test-1", Parallel: 2})
	return fixture{st: e.Store, blobs: e.Blobs, b: b}
}

// readZIP returns the entries of a ZIP by name, checking each header.
func readZIP(t *testing.T, data []byte) (map[string][]byte, []*zip.File) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out, zr.File
}

func TestBuildTayNguyen2023(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	var calls, last, total int
	d, err := f.b.Build(ctx, demo.TayNguyen, 2023, func(done, n int) { calls++; last, total = done, n })
	if err != nil {
		t.Fatal(err)
	}
	m := d.Manifest
	// 5 bloc PDFs + the summary workbook; 11 members × (mid-year report,
	// scoring workbook).
	if len(m.Files) != 6+11*2 {
		for _, f := range m.Files {
			t.Log(f.Name)
		}
		t.Fatalf("%d files, want %d", len(m.Files), 6+11*2)
	}
	if last != total || total != len(m.Files) || calls != total+1 {
		t.Errorf("progress: %d calls, last %d/%d", calls, last, total)
	}
	entries, headers := readZIP(t, d.ZIP)
	var mf Manifest
	if err := json.Unmarshal(entries[ManifestName], &mf); err != nil {
		t.Fatal(err)
	}
	if mf.Fingerprint != m.Fingerprint || len(mf.Files) != len(m.Files) || mf.Generator != "test-1" {
		t.Errorf("manifest in the ZIP differs: %+v", mf)
	}
	for _, file := range mf.Files {
		b, ok := entries[file.Name]
		if !ok {
			t.Errorf("%s: in the manifest, not in the ZIP", file.Name)
			continue
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != file.SHA256 || int64(len(b)) != file.Size {
			t.Errorf("%s: SHA-256 or size differs from the manifest", file.Name)
		}
		// Unpacked in a Downloads folder under the ZIP's name, a path
		// stays under Windows' 260 characters.
		if n := len([]rune(file.Name)) + len([]rune(d.ZIPName)); n > 200 { // 60 left for C:\Users\…\Downloads\
			t.Errorf("%s: %d characters with the ZIP's name", file.Name, n)
		}
		if strings.Contains(file.Name, "Khối thi đua") {
			t.Errorf("%s: the bloc's name repeated inside its ZIP", file.Name)
		}
		if file.Input == "" || file.Kind == "" || file.Format == "" {
			t.Errorf("%s: incomplete entry %+v", file.Name, file)
		}
	}
	for _, h := range headers {
		if h.Name != ManifestName && h.Flags&0x800 == 0 {
			t.Errorf("%q: UTF-8 flag not set", h.Name)
		}
	}
	for _, want := range []string{"Báo cáo tổng kết năm 2023.pdf", "Bảng tổng hợp điểm năm 2023.xlsx", "Giao ước thi đua năm 2024.pdf", "Đơn vị/01. ", "/Phiếu chấm điểm năm 2023.xlsx", "/Báo cáo sơ kết 6 tháng năm 2023.pdf"} {
		found := false
		for name := range entries {
			found = found || strings.Contains(name, want)
		}
		if !found {
			t.Errorf("no file named like %q", want)
		}
	}
	if !strings.HasPrefix(d.ZIPName, "Hồ sơ thi đua năm 2023 - ") {
		t.Errorf("ZIP name %q", d.ZIPName)
	}
	// unzip lists the Vietnamese names as they are.
	if _, err := exec.LookPath("unzip"); err == nil {
		p := filepath.Join(t.TempDir(), "hs.zip")
		os.WriteFile(p, d.ZIP, 0o644)
		out, err := exec.Command("unzip", "-l", p).CombinedOutput()
		if err != nil {
			t.Fatalf("unzip: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), "Đơn vị/01. ") || !strings.Contains(string(out), "Báo cáo tổng kết năm 2023") {
			t.Errorf("unzip -l does not show the names:\n%s", out)
		}
	} else if os.Getenv("CI") != "" {
		t.Fatal("unzip is missing (.ci/run installs it)")
	}

	again, err := f.b.Build(ctx, demo.TayNguyen, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.Manifest.Fingerprint != m.Fingerprint {
		t.Error("the same inputs gave another fingerprint")
	}
}

func TestNotSubmittedIsAWarning(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d0, err := f.b.Build(ctx, demo.TayNguyen, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Drop one member's sheet: the dossier is still built, says so.
	cs, err := f.st.CurrentCriteria(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := f.st.ListScores(ctx, cs.ID)
	if err != nil || len(sheets) == 0 {
		t.Fatal(err, len(sheets))
	}
	unit := sheets[0].Unit
	if err := f.st.PutScores(ctx, domain.UnitScores{Bloc: demo.TayNguyen, Year: 2023, Unit: unit, SetID: cs.ID}); err != nil {
		t.Fatal(err)
	}
	d, err := f.b.Build(ctx, demo.TayNguyen, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Manifest.Fingerprint == d0.Manifest.Fingerprint {
		t.Error("fingerprint unchanged after the data changed")
	}
	found := false
	for _, w := range d.Manifest.Warnings {
		found = found || (w.Code == "not_submitted" && w.Unit == unit)
	}
	if !found {
		t.Errorf("no not_submitted warning for %s: %+v", unit, d.Manifest.Warnings)
	}
}

func TestPublishKeepsVersions(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	d, err := f.b.Build(ctx, demo.BacTrung, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	v1, created, err := Publish(ctx, f.st, f.blobs, d, 0)
	if err != nil || !created || v1.Number != 1 {
		t.Fatalf("first publish: %v created=%v number=%d", err, created, v1.Number)
	}
	same, err := f.b.Build(ctx, demo.BacTrung, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, created, err := Publish(ctx, f.st, f.blobs, same, 0)
	if err != nil || created || v.Number != 1 {
		t.Fatalf("unchanged rerun: %v created=%v number=%d", err, created, v.Number)
	}
	if err := f.st.PutNarrative(ctx, domain.Narrative{Bloc: demo.BacTrung, Year: 2023, Key: "uu-diem", Text: "Các đơn vị hoàn thành tốt nhiệm vụ được giao."}); err != nil {
		t.Fatal(err)
	}
	changed, err := f.b.Build(ctx, demo.BacTrung, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	v2, created, err := Publish(ctx, f.st, f.blobs, changed, 0)
	if err != nil || !created || v2.Number != 2 {
		t.Fatalf("changed rerun: %v created=%v number=%d", err, created, v2.Number)
	}
	for _, v := range []int{1, 2} {
		got, err := f.st.GetVersion(ctx, demo.BacTrung, 2023, v)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.blobs.Open(ctx, got.ZIPSHA256)
		if err != nil {
			t.Fatalf("version %d: ZIP blob: %v", v, err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		entries, _ := readZIP(t, b)
		for _, file := range got.Files {
			if _, ok := entries[file.Name]; !ok {
				t.Errorf("version %d: %s not in its ZIP", v, file.Name)
			}
			if rc, err := f.blobs.Open(ctx, file.SHA256); err != nil {
				t.Errorf("version %d: %s: %v", v, file.Name, err)
			} else {
				rc.Close()
			}
		}
	}
}

func TestCancelledBuildPublishesNothing(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	_, err := f.b.Build(ctx, demo.TayNguyen, 2023, func(done, total int) {
		if done == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: %v", err)
	}
	if vs, err := f.st.ListVersions(context.Background(), demo.TayNguyen, 2023); err != nil || len(vs) != 0 {
		t.Fatalf("versions after a cancelled build: %v %v", vs, err)
	}
}

// TestMergedBoardsInThe2025Dossier: the boards merged on 1 July 2025 have
// their half-year reports in the dossier, and no workbook of the year.
func TestMergedBoardsInThe2025Dossier(t *testing.T) {
	f := newFixture(t)
	d, err := f.b.Build(context.Background(), demo.TayNguyen, 2025, nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string][]string{}
	for _, file := range d.Manifest.Files {
		kinds[file.Unit] = append(kinds[file.Unit], file.Kind)
	}
	for _, u := range []string{"phu-yen", "binh-dinh", "quang-nam", "kon-tum", "dak-nong"} {
		if got := strings.Join(kinds[u], ","); got != "bao-cao-so-ket" {
			t.Errorf("%s: %q, want its half-year report only", u, got)
		}
	}
	if got := strings.Join(kinds["dak-lak"], ","); got != "bao-cao-so-ket,phieu-cham-diem" {
		t.Errorf("dak-lak: %q", got)
	}
}

// TestVersionCanRepeatAnOlderOne: a change made, then undone — the third
// dossier has the first one's content, and is version 3 (not an error).
func TestVersionCanRepeatAnOlderOne(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	publish := func() int {
		d, err := f.b.Build(ctx, demo.BacTrung, 2023, nil)
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := Publish(ctx, f.st, f.blobs, d, 0)
		if err != nil {
			t.Fatal(err)
		}
		return v.Number
	}
	narr := func(text string) {
		if err := f.st.PutNarrative(ctx, domain.Narrative{Bloc: demo.BacTrung, Year: 2023, Key: "uu-diem", Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	narr("Các đơn vị hoàn thành tốt nhiệm vụ.")
	a := publish()
	narr("Một câu khác.")
	b := publish()
	narr("Các đơn vị hoàn thành tốt nhiệm vụ.")
	c := publish()
	if a != 1 || b != 2 || c != 3 {
		t.Errorf("versions %d, %d, %d; want 1, 2, 3", a, b, c)
	}
}
