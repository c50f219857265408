package xlsx

import (
	"fmt"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// Workbooks renders the XLSX documents of a year; it is the render
// service's XLSX back end.
type Workbooks struct{}

// Version identifies the generator, for render cache keys.
func (Workbooks) Version() string { return Version }

// SummaryYears renders the score summary of several years.
func (Workbooks) SummaryYears(ds []*domain.YearData) ([]byte, error) { return SummaryWorkbookYears(ds) }

// Workbook renders "phieu-cham-diem" (for unit) or "bang-tong-hop-diem".
func (Workbooks) Workbook(d *domain.YearData, kind, unit string) (string, []byte, error) {
	if d.Criteria == nil {
		return "", nil, fmt.Errorf("khối chưa có bảng tiêu chí năm %d", d.Year)
	}
	date := d.Date()
	switch kind {
	case "phieu-cham-diem":
		m, ok := d.Member(unit)
		if !ok {
			return "", nil, fmt.Errorf("đơn vị %s không là thành viên năm %d", unit, d.Year)
		}
		in := ScoringInput{Bloc: d.Bloc.Slug, BlocName: d.Bloc.Names.At(date).Full, Unit: unit, UnitName: m.Name.Full,
			Province: d.Province(unit), Names: d.ProperNames(), HeadName: m.HeadName, HeadTitle: m.HeadTitle, Year: d.Year, Criteria: *d.Criteria}
		if due, err := time.Parse(domain.DateLayout, d.Settings.Deadlines.YearEnd); err == nil {
			in.SignYear = due.Year()
		}
		for i := range d.Indicators {
			if d.Indicators[i].Unit == unit {
				in.Indicators = &d.Indicators[i]
			}
		}
		b, err := ScoringWorkbook(in)
		return fmt.Sprintf("Phiếu chấm điểm năm %d - %s.xlsx", d.Year, m.Name.Short), b, err
	case "bang-tong-hop-diem":
		b, err := SummaryWorkbook(d)
		return fmt.Sprintf("Bảng tổng hợp điểm năm %d - %s.xlsx", d.Year, d.Bloc.Names.At(date).Short), b, err
	}
	return "", nil, fmt.Errorf("không có bảng tính loại %q", kind)
}
