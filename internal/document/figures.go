package document

import (
	"fmt"
	"strings"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/vn"
)

// FiguresSentence is what the members' key figures add up to, in the
// words of a report: "thu hút 22 dự án đầu tư mới … với tổng vốn đăng ký
// 2.275,5 tỷ đồng; doanh thu đạt …". A figure nobody sent is left out of
// the sentence (a "-" inside a sentence reads as a typing slip); a figure
// only some sent says whose it is, so a partial sum never reads as the
// bloc's. The table below the sentence still shows every figure.
func (v *View) FiguresSentence() string {
	t := v.Totals
	rows := v.totalRows
	part := func(key string) string {
		if miss := t.Missing[key]; miss > 0 && miss < rows {
			return fmt.Sprintf(" (số liệu của %d/%d đơn vị)", rows-miss, rows)
		}
		return ""
	}
	count := func(n *int64) string { return vn.GroupInt(*n) }
	money := func(d *domain.Decimal) string { return domain.FormatDecimal(*d) }

	var clauses []string
	var projects []string
	if t.NewProjects != nil {
		projects = append(projects, "thu hút "+count(t.NewProjects)+" dự án đầu tư mới"+part("new_projects"))
	}
	if t.CapitalIncreaseProjects != nil {
		projects = append(projects, "điều chỉnh tăng vốn cho "+count(t.CapitalIncreaseProjects)+" dự án"+part("capital_increase_projects"))
	}
	p := strings.Join(projects, " và ")
	if t.RegisteredCapital != nil {
		capital := "tổng vốn đăng ký " + money(t.RegisteredCapital) + " tỷ đồng" + part("registered_capital")
		if p != "" {
			p += " với " + capital
		} else {
			p = capital
		}
	}
	if p != "" {
		clauses = append(clauses, p)
	}
	if t.FDICapital != nil {
		clauses = append(clauses, "vốn đầu tư nước ngoài đăng ký "+money(t.FDICapital)+" triệu USD"+part("fdi_capital"))
	}
	if t.ExportImport != nil {
		clauses = append(clauses, "kim ngạch xuất nhập khẩu đạt "+money(t.ExportImport)+" triệu USD"+part("export_import"))
	}
	if t.Revenue != nil {
		clauses = append(clauses, "doanh thu đạt "+money(t.Revenue)+" tỷ đồng"+part("revenue"))
	}
	if t.Budget != nil {
		clauses = append(clauses, "nộp ngân sách nhà nước "+money(t.Budget)+" tỷ đồng"+part("budget"))
	}
	if len(clauses) == 0 {
		return "các đơn vị trong Khối chưa gửi số liệu thu hút đầu tư, sản xuất kinh doanh"
	}
	return "các đơn vị trong Khối " + strings.Join(clauses, "; ")
}
