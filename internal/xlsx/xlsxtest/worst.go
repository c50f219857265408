package xlsxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Bounds are the reader's limits the worst cases are built against (the
// fields of xlsx.Limits this package needs; it cannot import xlsx, whose
// own tests use it).
type Bounds struct {
	MaxRow, MaxCol, MaxCells, MaxStrings, MaxStyles int
}

// Sheets names the scoring workbook's sheets: scores, indicators, hidden.
type Sheets struct{ Scores, Indicators, Meta string }

// Worst returns, for each class of hostile upload, the costliest file for
// the reader within the upload cap: either past a limit (it must be
// refused at once: names end in "refused") or the largest file the limits
// let through to the workbook library. base is a real filled workbook.
func Worst(base []byte, b Bounds, sh Sheets) map[string][]byte {
	all := []string{sh.Scores, sh.Indicators, sh.Meta}
	return map[string][]byte{
		"far cell, refused":               InjectRows(base, sh.Scores, `<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>`),
		"extent at the limit":             Padded(base, all, b.MaxRow, b.MaxCol, b.MaxCells),
		"many rows without number":        InjectRows(base, sh.Scores, strings.Repeat(`<row><c><v>1</v></c></row>`, b.MaxRow-90)),
		"shared strings at the limit":     ManyStrings(base, b.MaxStrings-400, 150),
		"shared strings 600 000, refused": ManyStrings(base, 600000, 1),
		"styles at the limit":             ManyStyles(base, b.MaxStyles-100),
		"styles 40 000, refused":          ManyStyles(base, 40000),
		"dense cells at the limit":        Dense(Dense(base, sh.Scores, 100, b.MaxRow-100, b.MaxCol), sh.Indicators, 100, (b.MaxCells-1000)/b.MaxCol-(b.MaxRow-100), b.MaxCol),
		"dense 5 000 × 200, refused":      Dense(base, sh.Scores, 100, 5000, 200),
		"duplicate entry, refused":        Edit(base, nil, Parts(base)[len(Parts(base))-1]),
		"entity expansion, refused":       Replace(base, "xl/sharedStrings.xml", func(s string) string { return `<!DOCTYPE s [<!ENTITY a "aaaa">]>` + s }),
		"zip bomb 64 MB, refused":         Bomb(64 << 20),
	}
}

// Bomb is a zip whose worksheet inflates to size bytes of spaces.
func Bomb(size int) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate})
	chunk := bytes.Repeat([]byte{' '}, 1<<20)
	for n := 0; n < size; n += len(chunk) {
		w.Write(chunk)
	}
	zw.Close()
	return b.Bytes()
}

// Cost is what a call cost: wall time, bytes allocated, and the peak of
// live heap above what it was before, sampled every 100 µs.
type Cost struct {
	Took      time.Duration
	Alloc     uint64
	PeakExtra uint64
}

func (c Cost) String() string {
	return fmt.Sprintf("%v, %.1f MB allocated, peak +%.1f MB", c.Took.Round(100*time.Microsecond), float64(c.Alloc)/(1<<20), float64(c.PeakExtra)/(1<<20))
}

// Measure runs fn once and reports its cost.
func Measure(fn func()) Cost {
	runtime.GC()
	const heap = "/memory/classes/heap/objects:bytes"
	sample := []metrics.Sample{{Name: heap}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s := []metrics.Sample{{Name: heap}}
		tick := time.NewTicker(100 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak.Load() {
				peak.Store(v - base)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	fn()
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	close(stop)
	wg.Wait()
	return Cost{Took: took, Alloc: after.TotalAlloc - before.TotalAlloc, PeakExtra: peak.Load()}
}
