package document

import (
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/domain"
)

// TestTablesReachTheModelAsValues: a data table is placed by name and
// reaches the document as a Table value — text with markup characters
// stays as it is, never parsed back — and a name no View made is an error.
func TestTablesReachTheModelAsValues(t *testing.T) {
	d := &domain.YearData{Year: 2023, Bloc: domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối thi đua", Short: "Khối"}}},
		Members: []domain.Member{
			{Membership: domain.Membership{Unit: "a"}, Name: domain.NameVersion{Full: "Ban **A** | một", Short: "Ban **A** | một"}},
			{Membership: domain.Membership{Unit: "b"}, Name: domain.NameVersion{Full: "Ban {B}", Short: "Ban {B}"}},
		}}
	v, err := NewView(d, "bao-cao-tong-ket", "")
	if err != nil {
		t.Fatal(err)
	}
	line := v.IndicatorTable()
	if line != "@block indicators\n" {
		t.Fatalf("placed as %q", line)
	}
	doc, err := ParseWith("@p Trước bảng.\n"+line, v.Blocks())
	if err != nil {
		t.Fatal(err)
	}
	tbl, ok := doc.Blocks[1].(Table)
	if !ok {
		t.Fatalf("block %T", doc.Blocks[1])
	}
	if got := PlainText(tbl.Rows[0][1].Runs); got != "Ban **A** | một" {
		t.Errorf("cell text %q", got)
	}
	if got := PlainText(tbl.Rows[1][2].Runs); got != "Chưa nộp" || tbl.Rows[1][2].ColSpan != 7 || !tbl.Rows[1][2].Italic {
		t.Errorf("a member without figures: %+v", tbl.Rows[1][2])
	}
	if tbl.TotalsRows != 1 || PlainText(tbl.Rows[2][0].Runs) != "Cộng 0/2 đơn vị đã gửi" || len(tbl.Header) != 2 || tbl.Header[0][2].ColSpan != 2 || tbl.Header[0][0].RowSpan != 2 {
		t.Errorf("table %+v", tbl)
	}
	if _, err := ParseWith("@block khong-co\n", v.Blocks()); err == nil || !strings.Contains(err.Error(), "khong-co") {
		t.Errorf("unknown block: %v", err)
	}
	// No data, no table: the sentence that says so, as markup.
	if got := v.RankingTable(); !strings.HasPrefix(got, "@p ") {
		t.Errorf("ranking without criteria placed as %q", got)
	}
}

// The bloc's changes say who joined and whether it grew or shrank: "còn"
// only when fewer.
func TestChangesJoinedAndCount(t *testing.T) {
	member := func(slug string) domain.Member {
		return domain.Member{Membership: domain.Membership{Unit: slug}, Name: domain.NameVersion{Full: "Ban " + slug}}
	}
	for _, c := range []struct {
		name          string
		before, now   []string
		want, wantNot []string
	}{
		{"grew", []string{"a", "b"}, []string{"a", "b", "c", "d"},
			[]string{"Ban c, Ban d gia nhập Khối từ năm 2024.", "từ 02 đơn vị năm 2023 tăng lên 04 đơn vị năm 2024"}, []string{"còn 04"}},
		{"shrank", []string{"a", "b", "c"}, []string{"a", "b"},
			[]string{"Ban c không còn là thành viên của Khối năm 2024.", "từ 03 đơn vị năm 2023 còn 02 đơn vị năm 2024"}, []string{"gia nhập"}},
		{"one in, one out", []string{"a", "b"}, []string{"a", "c"},
			[]string{"Ban b không còn là thành viên", "Ban c gia nhập Khối từ năm 2024."}, []string{"Số đơn vị"}},
		{"first year", nil, []string{"a", "b"}, nil, []string{"gia nhập", "Số đơn vị"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := &domain.YearData{Year: 2024, Units: map[string]domain.Unit{}}
			for _, s := range c.before {
				d.Previous = append(d.Previous, member(s))
			}
			for _, s := range c.now {
				d.Members = append(d.Members, member(s))
			}
			got := strings.Join(changes(d), " ")
			for _, w := range c.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, w := range c.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("%q has %q", got, w)
				}
			}
		})
	}
}

// A city's board is headed by the city's people's committee, however the
// data names the city, and its name keeps the city's name whole, written
// out or shortened ("TP. Hồ Chí Minh").
func TestCityMember(t *testing.T) {
	for _, province := range []string{"Thành phố Hồ Chí Minh", "Hồ Chí Minh", "TP. Hồ Chí Minh"} {
		d := &domain.YearData{Year: 2026, Bloc: domain.Bloc{Slug: "k", Names: domain.NameHistory{{Full: "Khối thi đua", Short: "Khối"}}},
			Units: map[string]domain.Unit{"hcm": {Slug: "hcm", Province: domain.NameHistory{{Full: province}},
				Names: domain.NameHistory{{Full: "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh", Short: "BQL các KCX và CN TP. Hồ Chí Minh"}}}},
			Members: []domain.Member{{Membership: domain.Membership{Unit: "hcm"},
				Name: domain.NameVersion{Full: "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh", Short: "BQL các KCX và CN TP. Hồ Chí Minh"}}}}
		v, err := NewView(d, "bao-cao-so-ket", "hcm")
		if err != nil {
			t.Fatal(err)
		}
		if v.UnitParent != "UBND thành phố Hồ Chí Minh" {
			t.Errorf("%s: headed by %q", province, v.UnitParent)
		}
		if !strings.Contains(v.Unit.Short, "TP.\u00a0Hồ\u00a0Chí\u00a0Minh") || !strings.Contains(v.Unit.Name, "Thành\u00a0phố\u00a0Hồ\u00a0Chí\u00a0Minh") {
			t.Errorf("%s: names not kept whole: %q, %q", province, v.Unit.Short, v.Unit.Name)
		}
	}
}

// A key total of nil is said in words, never "đạt 0%" or "giảm 100%".
func TestNilTotalsInWords(t *testing.T) {
	zero, ten := int64(0), int64(10)
	d0, d5 := domain.Dec(0), domain.Dec(5)
	now := []domain.Indicators{{Unit: "a", NewProjects: &zero, RegisteredCapital: &d0}}
	plan := []domain.Indicators{{Unit: "a", NewProjects: &ten, RegisteredCapital: &d5}}
	for _, got := range [][]string{achieved(now, plan), compareUnit("a", now, plan)} {
		text := strings.Join(got, "; ")
		if strings.Contains(text, "0%") || strings.Contains(text, "100%") || !strings.Contains(text, "chưa thu hút được dự án mới") || !strings.Contains(text, "chưa có vốn đăng ký mới") {
			t.Errorf("%q", text)
		}
	}
}

// With co-chairs the bloc leader's signs as chair, wherever the data lists
// them.
func TestChairIsTheLeaders(t *testing.T) {
	leader := Member{Name: "Ban Quản lý Khu kinh tế Vân Phong", Short: "BQL KKT Vân Phong", HeadName: "Lê Văn Dài"}
	for _, tc := range []struct {
		presiding []domain.Person
		want      string
	}{
		{[]domain.Person{{Name: "Nguyễn Văn A", Title: "Phó Vụ trưởng Vụ Thi đua"}, {Name: "Lê Văn Dài", Title: "Trưởng ban"}}, "Lê Văn Dài"},
		{[]domain.Person{{Name: "Nguyễn Văn A", Title: "Vụ Thi đua"}, {Name: "Trần B", Title: "Phó Trưởng ban BQL KKT Vân Phong"}}, "Trần B"},
		{[]domain.Person{{Name: "Nguyễn Văn A", Title: "Vụ Thi đua"}, {Name: "Trần C", Title: "Trưởng ban, Khối trưởng"}}, "Trần C"},
		{[]domain.Person{{Name: "Nguyễn Văn A", Title: "Vụ Thi đua"}, {Name: "Trần D", Title: "Trưởng ban"}}, "Nguyễn Văn A"},
	} {
		v := &View{Presiding: tc.presiding, Leader: leader}
		if got := v.Chair(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.presiding, got, tc.want)
		}
	}
}
