// Package fuzz holds the fuzz target of the upload reader in a test binary
// of its own: the other xlsx tests link the SQLite store, whose transpiled
// C would be instrumented too and slow the fuzzer a hundredfold.
package fuzz

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

// FuzzReadScoring feeds the upload reader real generated and filled
// workbooks and the LibreOffice-saved fixtures, mutated. It must never
// panic or hang, and must answer either a valid upload or validation errors
// for people, never an internal error.
func FuzzReadScoring(f *testing.F) {
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
	f.Fuzz(func(t *testing.T, data []byte) {
		up, err := xlsx.ReadScoring(data, exp, xlsx.DefaultLimits)
		var ve domain.ValidationError
		if err != nil && !errors.As(err, &ve) {
			t.Fatalf("not a validation error: %v", err)
		}
		if err == nil && (up == nil || len(up.Scores) == 0) {
			t.Fatal("valid upload without scores")
		}
		if _, err := xlsx.ReadCriteria(data, xlsx.DefaultLimits); err != nil && !errors.As(err, &ve) {
			t.Fatalf("criteria import: not a validation error: %v", err)
		}
	})
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
