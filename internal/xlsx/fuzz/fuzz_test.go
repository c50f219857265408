// Package fuzz holds the fuzz target of the upload reader in a test binary
// of its own: the other xlsx tests link the SQLite store, whose transpiled
// C would be instrumented too and slow the fuzzer a hundredfold.
package fuzz

import (
	"bytes"
	"errors"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
	"github.com/thidua/thidua/templates"
)

// FuzzReadScoring feeds the upload reader real generated and filled
// workbooks and the LibreOffice-saved fixtures, mutated. It must never
// panic or hang, and must answer either a valid upload or validation errors
// for people, never an internal error.
func FuzzReadScoring(f *testing.F) {
	exp, wb := base(f)
	f.Add(wb)
	// A filled copy: every mark at its maximum.
	x, _ := excelize.OpenReader(bytes.NewReader(wb))
	for r := 9; r < 90; r++ {
		if v, _ := x.GetCellValue(xlsx.SheetScores, "C"+itoa(r)); v != "" {
			x.SetCellFormula(xlsx.SheetScores, "D"+itoa(r), "")
			x.SetCellValue(xlsx.SheetScores, "D"+itoa(r), 1)
		}
	}
	var buf bytes.Buffer
	x.Write(&buf)
	f.Add(buf.Bytes())
	for _, name := range []string{"../testdata/libreoffice-filled.xlsx", "../testdata/libreoffice-filled-norecalc.xlsx"} {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data, exp) })
}

// FuzzSheetXML mutates the XML of the scoring sheet's rows inside an
// otherwise valid package, where byte-level mutations of the zip rarely
// reach (they break its checksums): every spelling of rows, cells and
// references the mutator can find goes through the same bounds.
func FuzzSheetXML(f *testing.F) {
	exp, wb := base(f)
	for _, seed := range []string{
		`<row r="86"><c r="D86"><v>1</v></c></row>`,
		`<row r="6000"><c r="a6000"><v>1</v></c></row>`,
		`<row r='86'><c r='$A$86' t='s'><v>0</v></c></row>`,
		"<row\n r=\"86\"><c r=\"A+86\"><f>SUM(D9:D80)</f></c></row>",
		`<row><c><v>1</v></c><c><v>2</v></c></row>`,
		`<row r="&#56;6"><c r="&#65;86" t="inlineStr"><is><t>ư</t></is></c></row>`,
		`<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="86"><x:c r="XFD86"/></x:row>`,
	} {
		f.Add([]byte(seed))
	}
	in := xlsxtest.NewInjector(wb, xlsx.SheetScores)
	f.Fuzz(func(t *testing.T, rows []byte) {
		check(t, in.Rows(string(rows)), exp)
	})
}

// maxMallocs bounds the allocations of reading one input: a generated
// workbook with its rows changed takes about 12,700 with both readers
// (110,000 when excelize read the sheets; THIDUA_FUZZ_LOG=1 prints each);
// the limits of xlsx.DefaultLimits keep the worst far below this.
const maxMallocs = 1_500_000

// check reads one input and asserts the reader's contract: a valid upload
// or validation errors for people, never an internal error or a panic,
// within one second and 64 MB allocated (the goal is 50 MB of peak heap;
// what is allocated bounds it from above).
func check(t *testing.T, data []byte, exp xlsx.Expect) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	up, err := xlsx.ReadScoring(data, exp, xlsx.DefaultLimits)
	_, cerr := xlsx.ReadCriteria(data, xlsx.DefaultLimits)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	var ve domain.ValidationError
	if err != nil && !errors.As(err, &ve) {
		t.Fatalf("not a validation error: %v", err)
	}
	if err == nil && (up == nil || len(up.Scores) == 0) {
		t.Fatal("valid upload without scores")
	}
	if cerr != nil && !errors.As(cerr, &ve) {
		t.Fatalf("criteria import: not a validation error: %v", cerr)
	}
	// What bounds the reader is measured in what does not depend on the
	// machine's load: bytes allocated and allocations made (a count of
	// work). The clock only catches a reader that hangs: its limit is
	// generous, since a loaded machine (the race detector, parallel
	// packages) made 0.06 s inputs exceed one second.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Fatalf("reading allocated %d MB > 64 MB", alloc>>20)
	}
	if n := after.Mallocs - before.Mallocs; n > maxMallocs {
		t.Fatalf("reading made %d allocations > %d", n, maxMallocs)
	}
	if limit := 10 * time.Second * raceSlowdown; took > limit {
		t.Fatalf("reading took %v > %v", took, limit)
	}
	if os.Getenv("THIDUA_FUZZ_LOG") != "" {
		t.Logf("%d bytes: %v, %d KB, %d allocations", len(data), took, (after.TotalAlloc-before.TotalAlloc)>>10, after.Mallocs-before.Mallocs)
	}
}

// base is the default criteria and a board's workbook generated from them.
func base(f *testing.F) (xlsx.Expect, []byte) {
	cs, err := criteria.Load(templates.FS, criteria.DefaultFile)
	if err != nil {
		f.Fatal(err)
	}
	cs.ID, cs.Version, cs.Bloc, cs.Year = 3, 1, "tay-nguyen-duyen-hai-mien-trung", 2024
	exp := xlsx.Expect{Bloc: cs.Bloc, Unit: "phu-yen", UnitName: "Ban Quản lý Khu kinh tế tỉnh Phú Yên", Year: 2024, Criteria: cs}
	wb, err := xlsx.ScoringWorkbook(xlsx.ScoringInput{Bloc: cs.Bloc, BlocName: "Khối thi đua", Unit: "phu-yen", UnitName: exp.UnitName, Province: "Phú Yên", Year: 2024, Criteria: cs})
	if err != nil {
		f.Fatal(err)
	}
	return exp, wb
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
