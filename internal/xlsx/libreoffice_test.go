package xlsx

import (
	"os"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/domain"
)

// The fixtures were made by generating the 2024 workbook of Phú Yên (demo
// bloc Tây Nguyên – Duyên hải miền Trung), filling it in LibreOffice Calc
// and saving it from there as .xlsx (testdata/fill_in_libreoffice.py). The
// "norecalc" one was saved with automatic calculation off: its cached
// subtotals are stale (0), and must not matter. If the demo data or the
// default criteria change, make them again with that script.
func TestLibreOfficeWorkbooksUpload(t *testing.T) {
	st := demoStore(t)
	d := year(t, st, demo.TayNguyen, 2024)
	exp := expect(d, "phu-yen")
	// What the script typed.
	var want domain.Decimal
	n := 0
	for _, s := range d.Criteria.Sections {
		for _, c := range s.Criteria {
			want += c.Max
			if n%3 == 0 {
				want -= domain.DefaultStep
			}
			n++
		}
	}
	want += domain.Dec(1) - domain.Decimal(500)
	for _, name := range []string{"testdata/libreoffice-filled.xlsx", "testdata/libreoffice-filled-norecalc.xlsx"} {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		up, err := ReadScoring(data, exp, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v (make the fixture again if the demo criteria changed)", name, err)
		}
		r := domain.Compute(*d.Criteria, domain.UnitScores{Unit: "phu-yen", Scores: up.Scores})
		if r.SelfTotal != want {
			t.Errorf("%s: total %s, want %s", name, domain.FormatDecimal(r.SelfTotal), domain.FormatDecimal(want))
		}
		if up.Scores[0].Remark != "Đã thực hiện, minh chứng kèm theo (1.1)" {
			t.Errorf("%s: remark %q", name, up.Scores[0].Remark)
		}
		if up.Indicators == nil || *up.Indicators.NewProjects != 5 || up.Indicators.RegisteredCapital.String() != "2345.5" {
			t.Errorf("%s: indicators %+v", name, up.Indicators)
		}
	}
}
