package dossier

import (
	"context"
	"runtime"
	"testing"

	"golang.org/x/sync/errgroup"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/testenv"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

// BenchmarkDemoYear builds the whole demo year 2023 — three blocs, every
// document, every member's mid-year report and workbook, the three ZIPs —
// as `thidua generate --all` does: a render service with no cache (each
// document made once), the blocs two at a time, the renders bounded by the
// number of CPUs. Target: under 2 s on this machine's 2 cores.
func BenchmarkDemoYear(b *testing.B) {
	e := testenv.Open(b, "", true)
	ctx := context.Background()
	blocs := []string{demo.TayNguyen, demo.TrungDu, demo.BacTrung}
	var files, bytes int
	for b.Loop() {
		rs, err := render.New(render.Config{Store: e.Store, Templates: templates.FS, Workbooks: xlsx.Workbooks{}, CacheSize: -1})
		if err != nil {
			b.Fatal(err)
		}
		bl := New(Config{Source: e.Store, Render: rs, Blobs: e.Blobs, Generator: "bench", Parallel: runtime.NumCPU()})
		files, bytes = 0, 0
		out := make([]*Dossier, len(blocs))
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(2)
		for i, slug := range blocs {
			g.Go(func() error {
				d, err := bl.Build(gctx, slug, 2023, nil)
				out[i] = d
				return err
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		for _, d := range out {
			files += len(d.Manifest.Files)
			bytes += len(d.ZIP)
		}
	}
	b.ReportMetric(float64(files), "files")
	b.ReportMetric(float64(bytes)/1e6, "MB-zip")
}
