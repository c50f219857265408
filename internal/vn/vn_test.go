package vn

import (
	"slices"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

func TestGroup(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"61803", "61.803"}, {"21857.5", "21.857,5"}, {"397701", "397.701"}, {"0.25", "0,25"},
		{"-1234567.125", "-1.234.567,125"}, {"100", "100"}, {"1000", "1.000"},
	} {
		if got := GroupDecimal(c.in); got != c.want {
			t.Errorf("GroupDecimal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := GroupInt(-43448); got != "-43.448" {
		t.Errorf("GroupInt = %q", got)
	}
}

func TestDate(t *testing.T) {
	for _, c := range []struct {
		d    time.Time
		want string
	}{
		{time.Date(2023, 12, 28, 0, 0, 0, 0, time.UTC), "ngày 28 tháng 12 năm 2023"},
		{time.Date(2024, 1, 5, 0, 0, 0, 0, time.UTC), "ngày 05 tháng 01 năm 2024"},
		{time.Date(2024, 2, 9, 0, 0, 0, 0, time.UTC), "ngày 09 tháng 02 năm 2024"},
		{time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), "ngày 02 tháng 3 năm 2024"},
	} {
		if got := Date(c.d); got != c.want {
			t.Errorf("Date(%v) = %q, want %q", c.d, got, c.want)
		}
	}
	if got := PlaceDate("Quảng Ngãi", time.Date(2023, 12, 28, 0, 0, 0, 0, time.UTC), 2023); got != "Quảng Ngãi, ngày 28 tháng 12 năm 2023" {
		t.Errorf("PlaceDate = %q", got)
	}
}

func TestWords(t *testing.T) {
	for n, want := range map[int64]string{
		0: "không", 5: "năm", 10: "mười", 11: "mười một", 15: "mười lăm", 21: "hai mươi mốt", 24: "hai mươi tư",
		25: "hai mươi lăm", 105: "một trăm linh năm", 110: "một trăm mười", 1000: "một nghìn",
		1005: "một nghìn không trăm linh năm", 2024: "hai nghìn không trăm hai mươi tư",
		1_000_000: "một triệu", 1_000_000_000: "một tỷ",
	} {
		if got := Words(n); got != want {
			t.Errorf("Words(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestTextRules(t *testing.T) {
	nfd := norm.NFD.String("Quảng Ngãi")
	if nfd == "Quảng Ngãi" {
		t.Fatal("test input is not NFD")
	}
	if NFC(nfd) != "Quảng Ngãi" {
		t.Errorf("NFC(NFD) = %q", NFC(nfd))
	}
	if got := Upper("Độc lập - Tự do - Hạnh phúc"); got != "ĐỘC LẬP - TỰ DO - HẠNH PHÚC" {
		t.Errorf("Upper = %q", got)
	}
	if got := Slug("Ban Quản lý KKT Dung Quất & các KCN Quảng Ngãi"); got != "ban-quan-ly-kkt-dung-quat-cac-kcn-quang-ngai" {
		t.Errorf("Slug = %q", got)
	}
	if got := Roman(14); got != "XIV" {
		t.Errorf("Roman(14) = %q", got)
	}
	type inner struct{ S []string }
	v := struct {
		A string
		M map[string]string
		P *inner
	}{A: " " + nfd + " ", M: map[string]string{nfd: nfd}, P: &inner{S: []string{nfd}}}
	NormalizeAll(&v)
	if v.A != "Quảng Ngãi" || v.M["Quảng Ngãi"] != "Quảng Ngãi" || v.P.S[0] != "Quảng Ngãi" {
		t.Errorf("NormalizeAll left %+v", v)
	}
}

func TestFromLegacy(t *testing.T) {
	for _, c := range []struct{ in, font, want string }{
		{"B¸t X¸t", ".VnTime", "Bát Xát"},
		{"B¶o Th¾ng", ".VnTime", "Bảo Thắng"},
		{"M\u00adêng Kh\u00ad¬ng", ".VnTime", "Mường Khương"},
		{"Qu¶ng Ng·i", ".VnTime", "Quảng Ngãi"},
		{"§µ N½ng", ".VnTime", "Đà Nẵng"},
		{"qu¶ng ng·i", ".VnTimeH", "QUẢNG NGÃI"},
		{"Xin chaøo caùc baïn", "VNI-Times", "Xin chào các bạn"},
		{"Quaûng Ngaõi", "VNI-Times", "Quảng Ngãi"},
		{"Ñaø Naüng", "VNI-Times", "Đà Nẵng"},
		{"tröôøng", "VNI-Times", "trường"},
		{"QUAÛNG NGAÕI", "VNI-Helve", "QUẢNG NGÃI"},
		{"Hoàn thành", "Times New Roman", "Hoàn thành"},
	} {
		if got := FromLegacy(c.in, c.font); got != c.want {
			t.Errorf("FromLegacy(%q, %q) = %q, want %q", c.in, c.font, got, c.want)
		}
	}
}

// The shortcut NFC takes (a string of starters is NFC as it stands) never
// says so of a string norm would change: every BMP character alone, then
// followed by every combining mark and by the characters around it.
func TestStartersOnlyAgreesWithNorm(t *testing.T) {
	check := func(s string) {
		t.Helper()
		if startersOnly(s) && !norm.NFC.IsNormalString(s) {
			t.Fatalf("%q (% x): taken as NFC, norm disagrees", s, s)
		}
		if got := NFC(s); !norm.NFC.IsNormalString(got) {
			t.Fatalf("NFC(%q) = %q is not NFC", s, got)
		}
	}
	var marks []rune
	for r := rune(0); r <= 0xFFFF; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		check(string(r))
		if !startersOnly(string(r)) {
			marks = append(marks, r)
		}
	}
	for _, base := range []rune{'a', 'A', 'ư', 'Ư', 'ơ', 'ê', 'â', 'ă', 'ế', 'ệ', 'ự', 'Đ', 'y', 'ý', 'ỹ', '가', 'ᄀ'} {
		for _, m := range marks {
			check(string(base) + string(m))
			check("Quảng Ng" + string(base) + string(m) + "i")
		}
	}
	for _, s := range []string{"", "Quảng Ngãi", "Qua\u0309ng Nga\u0303i", "\xff\xfe", "a\xcc", "𝔄 Đắk Lắk", "ĐẮK LẮK"} {
		check(s)
	}
	if !startersOnly("Ban Quản lý các khu công nghiệp tỉnh Đắk Lắk – “Khối” 61.803,5") {
		t.Error("Vietnamese text in NFC should take the shortcut")
	}
}

func BenchmarkNFC(b *testing.B) {
	s := "Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp tỉnh Quảng Ngãi đã hoàn thành xuất sắc nhiệm vụ"
	b.Run("shortcut", func(b *testing.B) {
		for b.Loop() {
			NFC(s)
		}
	})
	b.Run("norm", func(b *testing.B) {
		for b.Loop() {
			norm.NFC.IsNormalString(s)
		}
	})
}

func TestNamesIn(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Ban Quản lý Khu kinh tế Vân Phong", []string{"Vân Phong"}},
		{"BQL KKT Dung Quất và các KCN Quảng Ngãi", []string{"Dung Quất", "Quảng Ngãi"}},
		{"Ban Quản lý Khu kinh tế Đông Nam Nghệ An", []string{"Đông Nam Nghệ An"}},
		{"Ban Quản lý Khu kinh tế, công nghiệp tỉnh Thừa Thiên Huế", []string{"Thừa Thiên Huế"}},
		{"Ban Quản lý các Khu công nghệ cao và các khu công nghiệp Đà Nẵng", []string{"Đà Nẵng"}},
		{"BQL KKT tỉnh Gia Lai", []string{"Gia Lai"}},
		{"Ban Quản lý Khu kinh tế tỉnh Huế", nil},                              // one word: nothing to keep together
		{"BQL KCN TỈNH BẮC NINH", nil},                                         // capitals only: acronyms, not a name's case
		{"Ban Quản lý Các Khu Chế Xuất Và Công Nghiệp Thành Phố Cần Thơ", nil}, // Title Case throughout: no name to tell
	} {
		if got := NamesIn(c.in); !slices.Equal(got, c.want) {
			t.Errorf("NamesIn(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFoldAndCompare(t *testing.T) {
	for in, want := range map[string]string{"Nguyễn Thị Hoà": "nguyen thi hoa", "Đắk Lắk": "dak lak", "ĐỒNG NAI": "dong nai"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if cmp := Order(); cmp("Đồng Nai", "Dung Quất") <= 0 || cmp("Ăn", "Âu") >= 0 || cmp("Bình", "An") <= 0 {
		t.Error("Vietnamese order: d before đ, ă before â, a before b")
	}
}

func TestDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{15 * time.Minute: "15 phút", 2 * time.Hour: "2 giờ", 90 * time.Minute: "1 giờ 30 phút", 72 * time.Hour: "3 ngày", time.Second: "dưới 1 phút"} {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
