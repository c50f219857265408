package xlsx

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/thidua/thidua/internal/demo"
)

// BenchmarkScoringWorkbook generates one board's workbook (63 lines).
func BenchmarkScoringWorkbook(b *testing.B) {
	st := demoStore(b)
	d := year(b, st, demo.TayNguyen, 2023)
	for b.Loop() {
		if _, _, err := (Workbooks{}).Workbook(d, "phieu-cham-diem", "van-phong"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadScoring parses and validates a filled upload.
func BenchmarkReadScoring(b *testing.B) {
	st := demoStore(b)
	d := year(b, st, demo.TayNguyen, 2023)
	filled, _ := fill(b, generate(b, d, "van-phong"), *d.Criteria, nil)
	exp := expect(d, "van-phong")
	b.SetBytes(int64(len(filled)))
	for b.Loop() {
		if _, err := ReadScoring(filled, exp, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSummaryWorkbook writes the 11-member summary.
func BenchmarkSummaryWorkbook(b *testing.B) {
	st := demoStore(b)
	d := year(b, st, demo.TayNguyen, 2023)
	for b.Loop() {
		if _, _, err := (Workbooks{}).Workbook(d, "bang-tong-hop-diem", ""); err != nil {
			b.Fatal(err)
		}
	}
}

// bomb10MB is a zip of about 10 MB whose worksheet inflates to 10 GB.
var bomb10MB []byte

// BenchmarkZipBomb refuses a 10 MB zip bomb; it reports the extra heap the
// refusal allocates.
func BenchmarkZipBomb(b *testing.B) {
	if bomb10MB == nil {
		bomb10MB = zipBomb(b, 10<<30)
	}
	b.SetBytes(int64(len(bomb10MB)))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		if _, err := ReadScoring(bomb10MB, Expect{}, DefaultLimits); err == nil {
			b.Fatal("bomb accepted")
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MB-alloc/op")
}

// BenchmarkPreflight is the structural check alone on a filled upload:
// what reading the package once more costs every upload.
func BenchmarkPreflight(b *testing.B) {
	st := demoStore(b)
	d := year(b, st, demo.TayNguyen, 2023)
	filled, _ := fill(b, generate(b, d, "van-phong"), *d.Criteria, nil)
	b.SetBytes(int64(len(filled)))
	for b.Loop() {
		if _, err := preflight(filled, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// TestExportFilledWorkbook writes, when THIDUA_COMPARE_OUT names a
// folder, the filled workbook BenchmarkReadScoring reads, for the
// exceljs reading benchmark (bench/node/exceljs-read-bench.js).
func TestExportFilledWorkbook(t *testing.T) {
	out := os.Getenv("THIDUA_COMPARE_OUT")
	if out == "" {
		t.Skip("set THIDUA_COMPARE_OUT to write the comparison input")
	}
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2023)
	filled, _ := fill(t, generate(t, d, "van-phong"), *d.Criteria, nil)
	if err := os.WriteFile(filepath.Join(out, "phieu-da-dien.xlsx"), filled, 0o644); err != nil {
		t.Fatal(err)
	}
}
