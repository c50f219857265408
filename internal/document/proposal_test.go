package document

import (
	"testing"

	"github.com/thidua/thidua/internal/domain"
)

func TestAchievements(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	d := func(v domain.Decimal) *domain.Decimal { return &v }
	for _, c := range []struct {
		name string
		ind  *domain.Indicators
		want string
	}{
		{"none", nil, ""},
		{"nothing reported", &domain.Indicators{}, ""},
		{"projects and capital, budget", &domain.Indicators{NewProjects: n(12), RegisteredCapital: d(domain.Dec(13350)), Budget: d(domain.Dec(9807)), ExportImport: d(domain.Dec(2609))},
			"12 dự án mới, vốn đăng ký 13.350 tỷ đồng; nộp ngân sách 9.807 tỷ đồng"},
		{"capital alone, jobs", &domain.Indicators{NewProjects: n(0), RegisteredCapital: d(domain.Dec(21857) + domain.DecimalScale/2), Workers: n(61803)},
			"Vốn đăng ký 21.857,5 tỷ đồng; 61.803 lao động có việc làm"},
		{"projects alone, trade", &domain.Indicators{NewProjects: n(3), ExportImport: d(domain.Dec(15))},
			"3 dự án mới; kim ngạch xuất nhập khẩu 15 triệu USD"},
		{"zeros say nothing", &domain.Indicators{NewProjects: n(0), Budget: d(0), Workers: n(0)}, ""},
	} {
		if got := achievements(c.ind); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
