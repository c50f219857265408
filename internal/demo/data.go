package demo

import "github.com/thidua/thidua/internal/domain"

// Names that changed in 2025: the planning ministry merged into the Ministry
// of Finance (1 March 2025), provinces merged (1 July 2025). Documents of
// earlier years keep the earlier names.
const (
	mergerMinistry  = "2025-03-01"
	mergerProvinces = "2025-07-01"
)

var ministry = domain.NameHistory{
	{Full: "Bộ Kế hoạch và Đầu tư", Short: "Bộ KHĐT"},
	{ValidFrom: mergerMinistry, Full: "Bộ Tài chính", Short: "Bộ TC"},
}

var department = domain.NameHistory{
	{Full: "Vụ Tổ chức cán bộ", Short: "Vụ TCCB"},
	{ValidFrom: mergerMinistry, Full: "Vụ Tổ chức cán bộ", Short: "Vụ TCCB"},
}

func later(date, full, short string) *domain.NameVersion {
	return &domain.NameVersion{ValidFrom: date, Full: full, Short: short}
}

var (
	chuHuong = domain.Person{Name: "Bùi Thị Thu Hương", Title: "Phó Vụ trưởng Vụ Tổ chức cán bộ, Bộ Kế hoạch và Đầu tư"}
)

var ministryMovements2022 = []domain.Movement{
	{Name: "Đoàn kết kỷ cương, chủ động thích ứng, đổi mới sáng tạo, phục hồi phát triển, thi đua hoàn thành xuất sắc nhiệm vụ năm 2022", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc", LaunchedBy: "Thủ tướng Chính phủ"},
	{Name: "Toàn ngành Kế hoạch và Đầu tư đoàn kết, tiên phong gương mẫu, chủ động, sáng tạo, đồng hành cùng Chính phủ chủ động chiến thắng dịch bệnh, thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội", Period: "giai đoạn 2021 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Cán bộ, công chức, viên chức ngành Kế hoạch và Đầu tư thi đua thực hiện văn hóa công sở", Period: "giai đoạn 2019 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
}

var ministryMovements2023 = []domain.Movement{
	{Name: "Đoàn kết, kỷ cương, bản lĩnh, linh hoạt, đổi mới sáng tạo, tập trung hoàn thành xuất sắc nhiệm vụ chính trị năm 2023", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Ngành Kế hoạch, Đầu tư và Thống kê đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí", Period: "giai đoạn 2022 - 2030", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Toàn ngành Kế hoạch và Đầu tư đoàn kết, tiên phong gương mẫu, chủ động sáng tạo, đồng hành cùng Chính phủ chủ động chiến thắng dịch bệnh, thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội giai đoạn 2021 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", Period: "giai đoạn 2019 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Cả nước chung sức xây dựng nông thôn mới", LaunchedBy: "Thủ tướng Chính phủ"},
	{Name: "Vì người nghèo - Không để ai bị bỏ lại phía sau", LaunchedBy: "Thủ tướng Chính phủ"},
	{Name: "Đẩy mạnh cải cách hành chính, chuyển đổi số", LaunchedBy: "Khối thi đua"},
}

var movements2024 = []domain.Movement{
	{Name: "Đoàn kết, kỷ cương, đổi mới sáng tạo, tăng tốc bứt phá, thi đua hoàn thành xuất sắc nhiệm vụ năm 2024", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", Period: "giai đoạn 2019 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Đẩy mạnh cải cách hành chính, chuyển đổi số", LaunchedBy: "Khối thi đua"},
}

// movements2025 are the movements of periods that run through 2025; the
// demo knows of none launched that year.
var movements2025 = []domain.Movement{
	{Name: "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở", Period: "giai đoạn 2019 - 2025", LaunchedBy: "Bộ trưởng Bộ Kế hoạch và Đầu tư"},
	{Name: "Đẩy mạnh cải cách hành chính, chuyển đổi số", LaunchedBy: "Khối thi đua"},
}

func blocs() []blocSpec {
	return []blocSpec{tayNguyen(), trungDu(), bacTrung()}
}

func tayNguyen() blocSpec {
	units := []unitSpec{
		{slug: "dak-lak", kind: "KCN", full: "Ban Quản lý các khu công nghiệp tỉnh Đắk Lắk", short: "BQL các KCN tỉnh Đắk Lắk", province: "Đắk Lắk", title: "Trưởng ban", weight: 6},
		{slug: "gia-lai", kind: "KKT", full: "Ban Quản lý Khu kinh tế tỉnh Gia Lai", short: "BQL KKT tỉnh Gia Lai", province: "Gia Lai", title: "Trưởng ban", weight: 5},
		{slug: "kon-tum", kind: "KKT", full: "Ban Quản lý Khu kinh tế tỉnh Kon Tum", short: "BQL KKT tỉnh Kon Tum", province: "Kon Tum", title: "Trưởng ban", weight: 3,
			provinceLater: later(mergerProvinces, "Quảng Ngãi", ""), mergedInto: "dung-quat", mergedOn: mergerProvinces},
		{slug: "lam-dong", kind: "KCN", full: "Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng", short: "BQL các KCN tỉnh Lâm Đồng", province: "Lâm Đồng", head: "Võ Văn Phương", title: "Trưởng ban", weight: 4},
		{slug: "dak-nong", kind: "KCN", full: "Ban Quản lý các khu công nghiệp tỉnh Đắk Nông", short: "BQL các KCN tỉnh Đắk Nông", province: "Đắk Nông", title: "Trưởng ban", weight: 3,
			provinceLater: later(mergerProvinces, "Lâm Đồng", ""), mergedInto: "lam-dong", mergedOn: mergerProvinces},
		{slug: "da-nang", kind: "KCNC, KCN", full: "Ban Quản lý các Khu công nghệ cao và các khu công nghiệp Đà Nẵng", short: "BQL các KCNC và các KCN Đà Nẵng", province: "Đà Nẵng", title: "Trưởng ban", weight: 14},
		{slug: "quang-nam", kind: "KKT, KCN", full: "Ban Quản lý các khu kinh tế và khu công nghiệp tỉnh Quảng Nam", short: "BQL các KKT và KCN tỉnh Quảng Nam", province: "Quảng Nam", title: "Trưởng ban", weight: 16,
			provinceLater: later(mergerProvinces, "Đà Nẵng", ""), mergedInto: "da-nang", mergedOn: mergerProvinces},
		{slug: "dung-quat", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp Quảng Ngãi", short: "BQL KKT Dung Quất và các KCN Quảng Ngãi", province: "Quảng Ngãi", head: "Hà Hoàng Việt Phương", title: "Trưởng ban", weight: 20,
			renamed: later(mergerProvinces, "Ban Quản lý Khu kinh tế Dung Quất và các khu công nghiệp tỉnh Quảng Ngãi", "BQL KKT Dung Quất và các KCN tỉnh Quảng Ngãi")},
		{slug: "binh-dinh", kind: "KKT", full: "Ban Quản lý Khu kinh tế tỉnh Bình Định", short: "BQL KKT tỉnh Bình Định", province: "Bình Định", title: "Trưởng ban", weight: 9,
			provinceLater: later(mergerProvinces, "Gia Lai", ""), mergedInto: "gia-lai", mergedOn: mergerProvinces},
		{slug: "phu-yen", kind: "KKT", full: "Ban Quản lý Khu kinh tế tỉnh Phú Yên", short: "BQL KKT tỉnh Phú Yên", province: "Phú Yên", title: "Trưởng ban", weight: 4,
			provinceLater: later(mergerProvinces, "Đắk Lắk", ""), mergedInto: "dak-lak", mergedOn: mergerProvinces},
		{slug: "van-phong", kind: "KKT", full: "Ban Quản lý Khu kinh tế Vân Phong", short: "BQL KKT Vân Phong", province: "Khánh Hòa", head: "Nguyễn Trọng Hoàng", title: "Trưởng ban", weight: 16},
	}
	// The bloc groups its members by region, as its name says.
	for i := range units {
		units[i].region = "Duyên hải miền Trung"
		if contains([]string{"dak-lak", "gia-lai", "kon-tum", "lam-dong", "dak-nong"}, units[i].slug) {
			units[i].region = "Tây Nguyên"
		}
	}
	all := make([]string, len(units))
	for i, u := range units {
		all[i] = u.slug
	}
	rule := domain.AwardRule{FlagQuota: 2, MeritQuota: 3, FlagMin: domain.Dec(90), MeritMin: domain.Dec(85), TieBreakers: []string{domain.TieFewerDeductions, domain.TieVotes}, QuotaFor: 11}
	return blocSpec{
		bloc: domain.Bloc{Slug: TayNguyen,
			Names: domain.NameHistory{{Full: "Khối thi đua Ban Quản lý KCN, KKT, KCNC các tỉnh Tây Nguyên và Duyên hải miền Trung",
				Short: "Khối thi đua các BQL KCN, KKT, KCNC Tây Nguyên và Duyên hải miền Trung"}},
			Parent: ministry, Department: department},
		units: units,
		years: []yearSpec{
			{year: 2022, leader: "van-phong", deputy: "lam-dong", host: "van-phong", planMet: true,
				date: "2023-01-06", time: "8 giờ 00", place: "thành phố Nha Trang, tỉnh Khánh Hòa",
				chairs: []domain.Person{{Name: "Nguyễn Trọng Hoàng", Title: "Trưởng Ban Quản lý Khu kinh tế Vân Phong"}, chuHuong,
					{Name: "Lê Hữu Hoàng", Title: "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch thường trực UBND tỉnh Khánh Hòa"},
					{Name: "Võ Văn Phương", Title: "Trưởng Ban Quản lý các khu công nghiệp tỉnh Lâm Đồng"}},
				guests: []domain.Person{{Name: "Lê Hữu Hoàng", Title: "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch thường trực UBND tỉnh Khánh Hòa"}, chuHuong},
				flags:  []string{"van-phong", "kon-tum"}, merits: []string{"binh-dinh", "dung-quat", "dak-nong"},
				nextLeader: "van-phong", nextDeputy: "dung-quat",
				movements: ministryMovements2022,
				guidance:  "Văn bản số 8041/BKHĐT-TĐKTTT ngày 08/11/2022 của Bộ Kế hoạch và Đầu tư về việc tổng kết công tác thi đua, khen thưởng năm 2022 và đăng ký thi đua năm 2023",
				totals:    &totals{newProjects: 80, increase: 130, capital: domain.Dec(61803), exim: domain.Dec(21857), revenue: domain.Dec(397701), tax: domain.Dec(43448), staff: 936},
				numbers:   map[string]string{"bao-cao-tong-ket": "01", "bien-ban-binh-xet": "02", "to-trinh-khen-thuong": "03", "giao-uoc-thi-dua": "04", "bang-tong-hop-diem": "05"},
				rule:      rule,
				narratives: map[string]string{
					domain.NarrSituation: "Trong năm 2022, nền kinh tế trong nước mở cửa trong trạng thái bình thường mới, dịch bệnh Covid-19 cơ bản được kiểm soát; các doanh nghiệp đã thích ứng và linh hoạt trong việc chỉ đạo, điều hành nhằm bảo đảm sản xuất, kinh doanh ổn định, từng bước phục hồi. Tuy tình hình thu hút đầu tư còn gặp nhiều khó khăn do thay đổi của các cơ chế, chính sách, được sự quan tâm lãnh đạo, chỉ đạo của Bộ Kế hoạch và Đầu tư, Tỉnh ủy, UBND các địa phương, các đơn vị thành viên Khối thi đua đã phấn đấu hoàn thành tốt nhiệm vụ được giao.",
					domain.NarrStrengths: "Công tác thi đua, khen thưởng được các đơn vị trong Khối quan tâm thực hiện và có bước chuyển biến tích cực; các phong trào thi đua được tổ chức phong phú cả về nội dung và hình thức, gắn với chương trình, kế hoạch công tác của từng lĩnh vực.\nCông tác xây dựng và nhân rộng điển hình tiên tiến được quan tâm; các tập thể, cá nhân có thành tích xuất sắc được biểu dương, khen thưởng kịp thời.",
				}},
			{year: 2023, leader: "van-phong", deputy: "dung-quat", host: "dung-quat", sourced: []string{"leader", "deputy"},
				date: "2023-12-28", time: "8 giờ 00", place: "Hội trường khách sạn Cẩm Thành, thành phố Quảng Ngãi",
				chairs: []domain.Person{{Name: "Nguyễn Trọng Hoàng", Title: "Trưởng Ban Quản lý KKT Vân Phong, Khối trưởng"},
					{Name: "Hà Hoàng Việt Phương", Title: "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi, Khối phó"}},
				guests: []domain.Person{{Name: "Trần Hoàng Tuấn", Title: "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch thường trực UBND tỉnh Quảng Ngãi"}},
				flags:  []string{"dung-quat", "gia-lai"}, merits: []string{"binh-dinh", "van-phong", "dak-lak"},
				nextLeader: "dung-quat", nextDeputy: "kon-tum",
				movements: ministryMovements2023,
				discussion: "Đại diện lãnh đạo các đơn vị chia sẻ những kết quả nổi bật của đơn vị mình; đánh giá những thuận lợi, khó khăn, vướng mắc và đề ra giải pháp đẩy mạnh phong trào thi đua năm 2024 của Khối.\n" +
					"Đồng chí Nguyễn Trọng Hoàng, Trưởng Ban Quản lý KKT Vân Phong, chia sẻ kinh nghiệm trình Quốc hội ban hành Nghị quyết số 55/2022/QH15 ngày 16/6/2022 về thí điểm một số cơ chế, chính sách đặc thù phát triển tỉnh Khánh Hòa.\n" +
					"Đồng chí Lương Trọng Nguyên, Phó Trưởng Ban Quản lý KKT Dung Quất và các KCN Quảng Ngãi, báo cáo việc thực hiện các quy hoạch phân khu sau khi điều chỉnh quy hoạch chung KKT Dung Quất đến năm 2045 được phê duyệt.",
				numbers: map[string]string{"bao-cao-tong-ket": "05", "bien-ban-binh-xet": "06", "to-trinh-khen-thuong": "07", "giao-uoc-thi-dua": "08", "bang-tong-hop-diem": "09"},
				rule:    rule,
				narratives: map[string]string{
					domain.NarrSituation: "Trong điều kiện còn nhiều khó khăn, với sự nỗ lực vượt bậc, các đơn vị trong Khối thi đua đã tận dụng tốt các cơ hội, thời cơ, khắc phục những hạn chế, vượt qua thách thức, tổ chức đẩy mạnh các phong trào thi đua yêu nước, góp phần thực hiện thắng lợi các mục tiêu, chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội, quốc phòng - an ninh năm 2023.",
				}},
			{year: 2024, leader: "dung-quat", deputy: "kon-tum", host: "kon-tum", sourced: []string{"leader", "deputy"},
				numbers:   map[string]string{"bao-cao-tong-ket": "01", "bien-ban-binh-xet": "02", "to-trinh-khen-thuong": "03", "giao-uoc-thi-dua": "04", "bang-tong-hop-diem": "05"},
				movements: movements2024, rule: rule, notSubmitted: []string{"phu-yen"}},
			{year: 2025, leader: "dung-quat", deputy: "gia-lai", host: "dung-quat",
				// After the mergers of 1 July 2025 a merged board is one member.
				members: without(all, "kon-tum", "dak-nong", "binh-dinh", "phu-yen", "quang-nam"), rule: rule, notSubmitted: []string{"dak-lak"},
				movements: movements2025},
		},
	}
}

func without(list []string, drop ...string) []string {
	var out []string
	for _, s := range list {
		if !contains(drop, s) {
			out = append(out, s)
		}
	}
	return out
}

func trungDu() blocSpec {
	u := func(slug, prov string, weight int64) unitSpec {
		return unitSpec{slug: slug, kind: "KCN", full: "Ban Quản lý các khu công nghiệp tỉnh " + prov, short: "BQL các KCN tỉnh " + prov, province: prov, title: "Trưởng ban", weight: weight}
	}
	units := []unitSpec{u("hoa-binh", "Hòa Bình", 3), u("bac-kan", "Bắc Kạn", 1), u("bac-giang", "Bắc Giang", 20),
		u("thai-nguyen", "Thái Nguyên", 18), u("tuyen-quang", "Tuyên Quang", 3), u("yen-bai", "Yên Bái", 2), u("phu-tho", "Phú Thọ", 6)}
	units[1].head = "Hoàng Văn Khởi"
	// 1 July 2025: Hòa Bình (with Vĩnh Phúc) joined Phú Thọ and Bắc Kạn
	// joined Thái Nguyên, whose boards took theirs in; Bắc Giang joined
	// Bắc Ninh and Yên Bái joined Lào Cai, the merged provinces' boards
	// carrying on these members under the new provinces' names (Hà Giang,
	// which joined Tuyên Quang, had no board in the bloc).
	units[0].provinceLater, units[0].mergedInto, units[0].mergedOn = later(mergerProvinces, "Phú Thọ", ""), "phu-tho", mergerProvinces
	units[1].provinceLater, units[1].mergedInto, units[1].mergedOn = later(mergerProvinces, "Thái Nguyên", ""), "thai-nguyen", mergerProvinces
	units[2].provinceLater = later(mergerProvinces, "Bắc Ninh", "")
	units[2].renamed = later(mergerProvinces, "Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh", "BQL các KCN tỉnh Bắc Ninh")
	units[5].provinceLater = later(mergerProvinces, "Lào Cai", "")
	units[5].renamed = later(mergerProvinces, "Ban Quản lý Khu kinh tế tỉnh Lào Cai", "BQL KKT tỉnh Lào Cai")
	all := make([]string, len(units))
	for i, u := range units {
		all[i] = u.slug
	}
	rule := domain.AwardRule{FlagQuota: 1, MeritQuota: 2, FlagMin: domain.Dec(90), MeritMin: domain.Dec(85), TieBreakers: []string{domain.TieFewerDeductions}, QuotaFor: 7}
	return blocSpec{
		bloc: domain.Bloc{Slug: TrungDu,
			Names: domain.NameHistory{{Full: "Khối thi đua Ban Quản lý các khu công nghiệp các tỉnh Trung du và Miền núi phía Bắc",
				Short: "Khối thi đua các BQL KCN Trung du và Miền núi phía Bắc"}},
			Parent: ministry, Department: department},
		units: units,
		years: []yearSpec{
			{year: 2022, leader: "bac-giang", deputy: "thai-nguyen", host: "bac-giang", rule: rule, movements: ministryMovements2022,
				numbers: map[string]string{"bao-cao-tong-ket": "01"}},
			{year: 2023, leader: "thai-nguyen", deputy: "bac-giang", host: "thai-nguyen", sourced: []string{"leader"},
				date: "2024-01-04", time: "8 giờ 00", place: "Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên",
				guests: []domain.Person{chuHuong},
				flags:  []string{"tuyen-quang"}, merits: []string{"bac-giang", "thai-nguyen"},
				nextLeader: "tuyen-quang", movements: ministryMovements2023, rule: rule,
				numbers: map[string]string{"bao-cao-tong-ket": "12", "bien-ban-binh-xet": "13", "to-trinh-khen-thuong": "14", "giao-uoc-thi-dua": "15"},
				narratives: map[string]string{
					domain.NarrSituation:   "Ngay từ đầu năm, các đơn vị trong Khối thi đua đã quan tâm chỉ đạo, triển khai các phong trào thi đua yêu nước bám sát nhiệm vụ chính trị được giao, gắn với tiếp tục đẩy mạnh tuyên truyền, triển khai Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục đổi mới công tác thi đua, khen thưởng.",
					domain.NarrCommitments: "Đoàn kết, nỗ lực vượt qua mọi khó khăn, thách thức, hoàn thành xuất sắc các nhiệm vụ, mục tiêu, kế hoạch đã đề ra trong năm 2024, góp phần đẩy mạnh sự nghiệp công nghiệp hóa, hiện đại hóa của cả nước.",
				}},
			{year: 2024, leader: "tuyen-quang", deputy: "thai-nguyen", host: "tuyen-quang", sourced: []string{"leader"}, rule: rule, movements: movements2024,
				nextLeader: "phu-tho", nextDeputy: "bac-giang"},
			{year: 2025, leader: "phu-tho", deputy: "bac-giang", host: "phu-tho",
				// Hòa Bình and Bắc Kạn report on the first half, then are one
				// member with Phú Thọ and Thái Nguyên.
				members: without(all, "hoa-binh", "bac-kan"), rule: rule, notSubmitted: []string{"tuyen-quang"}, movements: movements2025},
		},
	}
}

func bacTrung() blocSpec {
	units := []unitSpec{
		{slug: "thanh-hoa", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế Nghi Sơn và các khu công nghiệp tỉnh Thanh Hóa", short: "BQL KKT Nghi Sơn và các KCN Thanh Hóa", province: "Thanh Hóa", title: "Trưởng ban", weight: 18},
		{slug: "nghe-an", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế Đông Nam Nghệ An", short: "BQL KKT Đông Nam Nghệ An", province: "Nghệ An", head: "Lê Tiến Trị", title: "Trưởng ban", weight: 14},
		{slug: "ha-tinh", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế tỉnh Hà Tĩnh", short: "BQL KKT tỉnh Hà Tĩnh", province: "Hà Tĩnh", title: "Trưởng ban", weight: 12},
		{slug: "quang-binh", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế tỉnh Quảng Bình", short: "BQL KKT tỉnh Quảng Bình", province: "Quảng Bình", title: "Trưởng ban", weight: 4,
			provinceLater: later(mergerProvinces, "Quảng Trị", ""), mergedInto: "quang-tri", mergedOn: mergerProvinces},
		{slug: "quang-tri", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế tỉnh Quảng Trị", short: "BQL KKT tỉnh Quảng Trị", province: "Quảng Trị", head: "Phạm Ngọc Minh", title: "Trưởng ban", weight: 3},
		{slug: "thua-thien-hue", kind: "KKT, KCN", full: "Ban Quản lý Khu kinh tế, công nghiệp tỉnh Thừa Thiên Huế", short: "BQL KKT, CN tỉnh Thừa Thiên Huế", province: "Thừa Thiên Huế", title: "Trưởng ban", weight: 5,
			renamed:       later("2025-01-01", "Ban Quản lý Khu kinh tế, công nghiệp thành phố Huế", "BQL KKT, CN thành phố Huế"),
			provinceLater: later("2025-01-01", "Huế", "")},
	}
	rule := domain.AwardRule{FlagQuota: 1, MeritQuota: 2, FlagMin: domain.Dec(90), MeritMin: domain.Dec(85), TieBreakers: []string{domain.TieFewerDeductions}, QuotaFor: 6}
	return blocSpec{
		bloc: domain.Bloc{Slug: BacTrung,
			Names:  domain.NameHistory{{Full: "Khối thi đua Ban Quản lý KKT, KCN các tỉnh Bắc Trung Bộ", Short: "Khối thi đua các BQL KKT, KCN Bắc Trung Bộ"}},
			Parent: ministry, Department: department},
		units: units,
		years: []yearSpec{
			{year: 2023, leader: "nghe-an", deputy: "quang-tri", host: "nghe-an", sourced: []string{"leader"},
				date: "2024-03-02", time: "8 giờ 00", place: "thành phố Vinh, tỉnh Nghệ An",
				chairs: []domain.Person{{Name: "Phạm Ngọc Minh", Title: "Tỉnh ủy viên, Trưởng ban Ban Quản lý Khu kinh tế tỉnh Quảng Trị"},
					{Name: "Lê Tiến Trị", Title: "Tỉnh ủy viên, Trưởng ban Ban Quản lý Khu kinh tế Đông Nam Nghệ An"}},
				guests:     []domain.Person{chuHuong, {Name: "Trần Quốc Trung", Title: "Phó Vụ trưởng Vụ Quản lý các khu kinh tế, Bộ Kế hoạch và Đầu tư"}},
				nextLeader: "quang-tri", movements: ministryMovements2023, rule: rule,
				discussion: "Đại diện Ban Quản lý KKT, KCN các tỉnh nêu một số hạn chế, khó khăn trong thu hút các nhà đầu tư hạ tầng KCN; vướng mắc trong điều chỉnh, thông qua quy hoạch tích hợp theo Luật Quy hoạch và Luật Bảo vệ môi trường; công tác thu hồi đất, giải phóng mặt bằng đầu tư hạ tầng các KCN.\n" +
					"Các đại biểu góp ý, thống nhất nhiệm vụ công tác thi đua năm 2024, trọng tâm là tăng cường xúc tiến đầu tư; phối hợp với chính quyền địa phương đẩy nhanh bồi thường, giải phóng mặt bằng; triển khai hiệu quả Nghị định số 35/2022/NĐ-CP của Chính phủ về quản lý KCN, KKT.",
				numbers: map[string]string{"bao-cao-tong-ket": "03", "bien-ban-binh-xet": "04", "to-trinh-khen-thuong": "05", "giao-uoc-thi-dua": "06"},
				narratives: map[string]string{
					domain.NarrWeaknesses:  "Còn khó khăn trong thu hút các nhà đầu tư hạ tầng KCN; vướng mắc trong điều chỉnh, thông qua quy hoạch tích hợp theo Luật Quy hoạch và Luật Bảo vệ môi trường; công tác thu hồi đất, giải phóng mặt bằng đầu tư hạ tầng các KCN còn chậm; công tác quản lý đầu tư, đất đai, xây dựng và môi trường còn một số khó khăn.",
					domain.NarrDirections:  "Tăng cường công tác xúc tiến đầu tư; phối hợp cùng chính quyền địa phương đẩy nhanh công tác bồi thường, giải phóng mặt bằng các dự án đầu tư trong các KKT, KCN, đặc biệt là các dự án lớn, trọng điểm; tiếp tục triển khai hiệu quả Nghị định số 35/2022/NĐ-CP của Chính phủ về quản lý KCN, KKT.",
					domain.NarrCommitments: "Đối với công tác quản lý nhà nước, quản lý dự án, từng Ban Quản lý xây dựng chương trình, kế hoạch cụ thể để tập trung lãnh đạo, chỉ đạo triển khai phát triển các KCN, KKT; tiếp tục huy động nguồn lực để hoàn thiện xây dựng hạ tầng các KCN, KKT.\nTháo gỡ khó khăn, vướng mắc để các dự án đầu tư triển khai đúng tiến độ; xây dựng đơn vị vững mạnh, nội bộ đoàn kết, thực hiện tốt văn minh công sở, thực hành tiết kiệm, chống lãng phí, không gây phiền hà, sách nhiễu trong thực thi công vụ.\nCông tác Đảng, đoàn thể quần chúng không ngừng được củng cố, phối hợp chặt chẽ để đạt danh hiệu trong sạch, vững mạnh; đẩy mạnh hoạt động văn hóa, thể thao, công tác từ thiện và hoạt động xã hội; nâng cao hiệu quả công tác bảo đảm an toàn lao động, trật tự tại công sở.",
				}},
			{year: 2024, leader: "quang-tri", deputy: "nghe-an", host: "quang-tri", sourced: []string{"leader"}, rule: rule, movements: movements2024,
				nextLeader: "ha-tinh", nextDeputy: "thanh-hoa"},
			// Quảng Bình joined Quảng Trị on 1 July 2025: its board reports
			// on the first half, then is one member with Quảng Trị's.
			{year: 2025, leader: "ha-tinh", deputy: "thanh-hoa", host: "ha-tinh",
				members: []string{"thanh-hoa", "nghe-an", "ha-tinh", "quang-tri", "thua-thien-hue"}, rule: rule, movements: movements2025},
		},
	}
}
