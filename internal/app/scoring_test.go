package app

import (
	"context"
	"maps"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
	"github.com/thidua/thidua/templates"
)

// fixture is a real store with the demo blocs, a blob folder, and the
// scoring use cases over them.
type fixture struct {
	st      *sqlstore.Store
	blobs   *blob.Dir
	scoring *Scoring
	target  Target
	base    []byte // Đắk Lắk's 2023 workbook, every criterion marked 0
}

func newFixture(t testing.TB, parallel int) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := demo.Load(ctx, st, templates.FS); err != nil {
		t.Fatal(err)
	}
	if err := demo.ReopenAll(ctx, st); err != nil { // Tây Nguyên 2023 takes uploads again
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, blobs: blobs, scoring: NewScoring(ScoringConfig{Store: st, Blobs: blobs, Parallel: parallel})}
	if f.target, err = f.scoring.Target(ctx, demo.TayNguyen, 2023, "dak-lak"); err != nil {
		t.Fatal(err)
	}
	d, err := store.LoadYear(ctx, st, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	_, wb, err := xlsx.Workbooks{}.Workbook(d, "phieu-cham-diem", "dak-lak")
	if err != nil {
		t.Fatal(err)
	}
	f.base = markAll(t, wb)
	return f
}

// markAll gives every criterion of a generated workbook the mark 0.
func markAll(t testing.TB, wb []byte) []byte {
	t.Helper()
	b, err := xlsxtest.MarkAll(wb, xlsx.SheetMeta, xlsx.SheetScores, 0)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// submit stores data as a received upload and submits it.
func (f *fixture) submit(t testing.TB, data []byte) Outcome {
	ctx := context.Background()
	w, err := f.blobs.Create(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	ref, err := w.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.scoring.Submit(ctx, f.target, Submission{Filename: "phiếu.xlsx", Blob: ref})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *fixture) worst() map[string][]byte {
	l := xlsx.DefaultLimits
	return xlsxtest.Worst(f.base, xlsxtest.Bounds{MaxRow: l.MaxRow, MaxCol: l.MaxCol, MaxCells: l.MaxCells, MaxStrings: l.MaxStrings, MaxStyles: l.MaxStyles},
		xlsxtest.Sheets{Scores: xlsx.SheetScores, Indicators: xlsx.SheetIndicators, Meta: xlsx.SheetMeta})
}

// Five of the worst uploads of a class arriving at once cost no more than
// the reads allowed in parallel: the peak does not grow with the number of
// uploads.
func TestFiveWorstUploadsAtOnce(t *testing.T) {
	f := newFixture(t, runtime.NumCPU())
	if out := f.submit(t, f.base); out.Upload.Status != store.UploadAccepted {
		t.Fatalf("base workbook: %s %v", out.Upload.Status, out.Errors)
	}
	for name, data := range f.worst() {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			statuses := make([]string, 5)
			c := xlsxtest.Measure(func() {
				for i := range statuses {
					wg.Add(1)
					go func(i int) {
						defer wg.Done()
						statuses[i] = f.submit(t, data).Upload.Status
					}(i)
				}
				wg.Wait()
			})
			t.Logf("%s ×5: %v", name, c)
			for _, s := range statuses {
				if strings.HasSuffix(name, "refused") && s != store.UploadRejected {
					t.Errorf("status %s", s)
				}
			}
			if c.PeakExtra > 64<<20 {
				t.Errorf("peak extra heap %d MB for five at once", c.PeakExtra>>20)
			}
		})
	}
}

// BenchmarkWorstUploadFiveAtOnce submits five copies of each class's worst
// upload at once through the use case (blob store, SQLite, bounded reads).
func BenchmarkWorstUploadFiveAtOnce(b *testing.B) {
	f := newFixture(b, runtime.NumCPU())
	worst := f.worst()
	worst["valid workbook"] = f.base
	for _, name := range slices.Sorted(maps.Keys(worst)) {
		data := worst[name]
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				c := xlsxtest.Measure(func() {
					var wg sync.WaitGroup
					for range 5 {
						wg.Go(func() { f.submit(b, data) })
					}
					wg.Wait()
				})
				peak = max(peak, c.PeakExtra)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
