package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// loadTexts gives every member of a demo bloc-year the texts a board
// sends — its half-year review and, for the members at the year's end, its
// year's achievements — so that the reports composed from them can be
// seen. They are an illustration (domain.BoardText.Illustrative, which
// the documents say): built from the board's own illustrative figures and
// from sentences picked per board, never from the published reports.
func loadTexts(ctx context.Context, s store.Store, bloc string, year int) error {
	ms, err := s.Members(ctx, bloc, year)
	if err != nil {
		return err
	}
	figs := map[string]map[string]domain.Indicators{}
	for _, p := range []string{domain.PeriodH1, domain.PeriodYear} {
		rows, err := s.ListIndicators(ctx, bloc, year, p)
		if err != nil {
			return err
		}
		figs[p] = map[string]domain.Indicators{}
		for _, r := range rows {
			figs[p][r.Unit] = r
		}
	}
	units, err := s.ListUnits(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		// The boards this one takes in during the year, and when.
		var takes []string
		on := ""
		for _, u := range units {
			if u.MergedInto == m.Unit && strings.HasPrefix(u.MergedOn, fmt.Sprint(year)+"-") {
				takes, on = append(takes, u.Names.At(domain.MidYear(year)).Full), u.MergedOn
			}
		}
		for _, p := range []string{domain.PeriodH1, domain.PeriodYear} {
			if p == domain.PeriodYear && m.Until != "" {
				continue
			}
			w := textWriter{unit: m.Unit, year: year, period: p, ind: figs[p][m.Unit], until: m.Until, takes: takes, takesOn: on}
			sent := time.Date(year, 7, 5, 9, 0, 0, 0, vn.Zone())
			if p == domain.PeriodYear {
				sent = time.Date(year, 12, 5, 9, 0, 0, 0, vn.Zone())
			}
			fields := w.fields()
			err := s.UpdateBoardText(ctx, bloc, year, m.Unit, p, func(t *domain.BoardText) error {
				t.Fields, t.State, t.Illustrative = fields, domain.TextSent, true
				t.UpdatedAt, t.UpdatedBy, t.SentAt, t.SentBy = sent, "demo", sent, "demo"
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// textWriter writes one board's illustrative texts of a period.
type textWriter struct {
	unit, period string
	year         int
	ind          domain.Indicators
	until        string // the last day of a member that left during the year
	// takes are the boards merged into this one during the year, from
	// takesOn: its second half begins with taking them over.
	takes   []string
	takesOn string
}

// pick chooses one of options, the same each run, differing by board,
// year, period and field.
func (w textWriter) pick(field string, options ...string) string {
	return options[noise(0, int64(len(options))-1, w.unit, w.year, w.period, field)]
}

func (w textWriter) n(field string, lo, hi int64) string {
	return vn.GroupInt(noise(lo, hi, w.unit, w.year, w.period, field))
}

func (w textWriter) span() string {
	if w.period == domain.PeriodH1 {
		return "6 tháng đầu năm " + fmt.Sprint(w.year)
	}
	return "năm " + fmt.Sprint(w.year)
}

func (w textWriter) fields() map[string]string {
	f := map[string]string{
		domain.FieldInvestment:  w.investment(),
		domain.FieldPlanning:    w.planning(),
		domain.FieldEnvironment: w.environment(),
		domain.FieldEnterprises: w.enterprises(),
		domain.FieldReform:      w.reform(),
		domain.FieldParty: w.pick("party",
			"Chi bộ, công đoàn, chi đoàn thanh niên hoạt động nền nếp; 100% đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
			"Tổ chức học tập, quán triệt các nghị quyết của Đảng cho toàn thể cán bộ, đảng viên; công đoàn phát động phong trào “Xanh - Sạch - Đẹp, bảo đảm an toàn vệ sinh lao động”.",
			"Duy trì sinh hoạt chi bộ định kỳ và chuyên đề; đoàn thanh niên tổ chức hoạt động tình nguyện hỗ trợ công nhân trong các khu công nghiệp."),
		domain.FieldEmulation: w.emulation(),
	}
	weak, cause := w.weakness()
	f[domain.FieldWeaknesses], f[domain.FieldCauses] = weak, cause
	f[domain.FieldTasks] = w.tasks()
	f[domain.FieldProposals] = w.pick("proposals",
		"- Đề nghị Bộ sớm ban hành hướng dẫn thống nhất về chế độ báo cáo thống kê khu công nghiệp, khu kinh tế trên hệ thống thông tin quốc gia.",
		"- Đề nghị Khối tổ chức đoàn trao đổi kinh nghiệm về xúc tiến đầu tư và chuyển đổi số giữa các Ban Quản lý.",
		"- Đề nghị Bộ tham mưu tháo gỡ vướng mắc về thủ tục chuyển đổi mục đích sử dụng đất rừng, đất lúa cho các dự án hạ tầng khu công nghiệp.",
		"- Đề nghị Bộ quan tâm bố trí vốn ngân sách trung ương hỗ trợ đầu tư hạ tầng khu kinh tế.")
	for k, v := range f {
		f[k] = domain.NormalizeText(v)
	}
	return f
}

func (w textWriter) investment() string {
	var lines []string
	var parts []string
	if w.ind.NewProjects != nil {
		parts = append(parts, "cấp mới "+vn.GroupInt(*w.ind.NewProjects)+" dự án")
	}
	if w.ind.CapitalIncreaseProjects != nil {
		parts = append(parts, "điều chỉnh tăng vốn "+vn.GroupInt(*w.ind.CapitalIncreaseProjects)+" dự án")
	}
	if w.ind.RegisteredCapital != nil {
		parts = append(parts, "tổng vốn đăng ký "+domain.FormatDecimal(*w.ind.RegisteredCapital)+" tỷ đồng")
	}
	if len(parts) > 0 {
		lines = append(lines, "Trong "+w.span()+", Ban đã "+strings.Join(parts, ", ")+".")
	}
	lines = append(lines, w.pick("invest",
		"- Tổ chức "+w.n("trips", 2, 6)+" đoàn xúc tiến đầu tư tại Hàn Quốc, Nhật Bản và Đài Loan (Trung Quốc); tiếp và làm việc với "+w.n("visits", 15, 60)+" lượt nhà đầu tư đến tìm hiểu cơ hội đầu tư.",
		"- Phối hợp với các sở, ngành rà soát quỹ đất sạch, cập nhật danh mục dự án kêu gọi đầu tư; hỗ trợ nhà đầu tư từ khâu khảo sát đến khi được cấp giấy chứng nhận đăng ký đầu tư.",
		"- Thực hiện cơ chế “một cửa, tại chỗ”, rút ngắn thời gian cấp giấy chứng nhận đăng ký đầu tư còn "+w.n("days", 3, 8)+" ngày làm việc.",
		"- Chủ động tiếp cận các tập đoàn có công nghệ cao, thân thiện môi trường; ký "+w.n("mou", 2, 7)+" biên bản ghi nhớ đầu tư."))
	return strings.Join(lines, "\n")
}

func (w textWriter) planning() string {
	return w.pick("planning",
		"- Hoàn thành điều chỉnh quy hoạch phân khu xây dựng "+w.n("zones", 1, 3)+" khu công nghiệp; thẩm định "+w.n("designs", 8, 40)+" hồ sơ thiết kế cơ sở, cấp "+w.n("permits", 10, 60)+" giấy phép xây dựng.",
		"- Kiểm tra việc tuân thủ quy hoạch, giấy phép xây dựng tại "+w.n("checks", 10, 35)+" công trình; không phát sinh trường hợp xây dựng sai phép.",
		"- Đôn đốc chủ đầu tư hạ tầng đẩy nhanh tiến độ bồi thường, giải phóng mặt bằng; tỷ lệ lấp đầy các khu công nghiệp đạt "+w.n("fill", 55, 92)+"%.")
}

func (w textWriter) environment() string {
	return w.pick("env",
		"- Kiểm tra công tác bảo vệ môi trường tại "+w.n("envchecks", 8, 40)+" doanh nghiệp; 100% khu công nghiệp đang hoạt động có nhà máy xử lý nước thải tập trung đạt chuẩn.",
		"- Lắp đặt hệ thống quan trắc nước thải tự động, truyền số liệu liên tục về Sở Tài nguyên và Môi trường; hướng dẫn doanh nghiệp lập hồ sơ cấp giấy phép môi trường.",
		"- Phối hợp với lực lượng cảnh sát môi trường kiểm tra, nhắc nhở "+w.n("warn", 2, 9)+" doanh nghiệp chưa thực hiện đầy đủ quan trắc định kỳ.")
}

func (w textWriter) enterprises() string {
	s := ""
	if w.ind.Workers != nil {
		s = "Các doanh nghiệp trong khu giải quyết việc làm cho " + vn.GroupInt(*w.ind.Workers) + " lao động.\n"
	}
	return s + w.pick("labour",
		"- Tổ chức đối thoại với doanh nghiệp, tháo gỡ "+w.n("issues", 5, 25)+" kiến nghị về thủ tục đầu tư, lao động; không xảy ra tranh chấp lao động tập thể, đình công.",
		"- Tiếp nhận "+w.n("rules", 10, 60)+" bộ nội quy lao động, thỏa ước lao động tập thể; phối hợp đào tạo nghề cho người lao động theo nhu cầu doanh nghiệp.",
		"- Hỗ trợ doanh nghiệp tuyển dụng, tổ chức "+w.n("fairs", 2, 6)+" phiên giao dịch việc làm; vận động xây dựng nhà ở xã hội cho công nhân.")
}

func (w textWriter) reform() string {
	return w.pick("reform",
		"- Tiếp nhận, giải quyết "+w.n("files", 150, 900)+" hồ sơ thủ tục hành chính, 100% đúng và trước hạn; "+w.n("online", 70, 98)+"% hồ sơ nộp trực tuyến.",
		"- Đưa toàn bộ thủ tục hành chính thuộc thẩm quyền lên Cổng dịch vụ công trực tuyến toàn trình; số hóa kết quả giải quyết thủ tục hành chính.",
		"- Triển khai phần mềm quản lý văn bản và hồ sơ công việc, chữ ký số cho 100% lãnh đạo và công chức; Chỉ số cải cách hành chính xếp thứ "+w.n("rank", 1, 8)+" trong các sở, ngành của tỉnh.")
}

func (w textWriter) emulation() string {
	return w.pick("emul",
		"Ban phát động phong trào thi đua theo chuyên đề “Cải cách hành chính, nâng cao chất lượng phục vụ nhà đầu tư”; "+w.n("reg", 90, 100)+"% công chức, viên chức đăng ký thi đua.",
		"Tổ chức ký kết giao ước thi đua giữa các phòng, đơn vị trực thuộc; kịp thời biểu dương "+w.n("praise", 3, 12)+" tập thể, cá nhân có thành tích tiêu biểu.",
		"Gắn phong trào thi đua với việc thực hiện nhiệm vụ chính trị; đề xuất khen thưởng đột xuất "+w.n("sudden", 1, 5)+" tập thể, cá nhân có thành tích trong xúc tiến đầu tư.")
}

// weakness picks a shortcoming with its own cause: a cause belongs to
// the shortcoming it explains.
func (w textWriter) weakness() (string, string) {
	pairs := [][2]string{
		{"- Tiến độ giải phóng mặt bằng một số khu công nghiệp còn chậm, chưa có quỹ đất sạch đón nhà đầu tư lớn.",
			"- Vướng mắc về thủ tục chuyển đổi đất, giá đất bồi thường; một số hộ dân chưa đồng thuận."},
		{"- Một số doanh nghiệp chậm lập hồ sơ môi trường, quan trắc chưa đầy đủ.",
			"- Quy định mới của Luật Bảo vệ môi trường thay đổi nhiều; doanh nghiệp nhỏ còn hạn chế về nguồn lực."},
		{"- Thu hút đầu tư chưa đồng đều giữa các khu; suất đầu tư còn thấp.",
			"- Hạ tầng giao thông kết nối, nguồn nhân lực chất lượng cao còn hạn chế; cạnh tranh thu hút đầu tư giữa các địa phương ngày càng lớn."},
		{"- Việc chia sẻ dữ liệu giữa các phần mềm chuyên ngành chưa thông suốt.",
			"- Hạ tầng công nghệ thông tin chưa đồng bộ; cán bộ công nghệ thông tin còn kiêm nhiệm."},
	}
	p := pairs[noise(0, int64(len(pairs))-1, w.unit, w.year, w.period, "weak")]
	return p[0], p[1]
}

func (w textWriter) tasks() string {
	if t, err := time.Parse(domain.DateLayout, w.until); err == nil {
		return "- Bàn giao nguyên trạng hồ sơ dự án, hồ sơ thi đua, khen thưởng cho đơn vị tiếp nhận từ ngày " + vn.TextDate(t.AddDate(0, 0, 1)) + "; bảo đảm không gián đoạn giải quyết thủ tục cho nhà đầu tư.\n" +
			"- Gửi Khối kết quả thi đua 6 tháng đầu năm " + fmt.Sprint(w.year) + " để tổng hợp vào kết quả cả năm."
	}
	takeover := ""
	if t, err := time.Parse(domain.DateLayout, w.takesOn); err == nil && len(w.takes) > 0 && w.period == domain.PeriodH1 {
		takeover = "- Tiếp nhận nguyên trạng các khu, hồ sơ dự án, tổ chức bộ máy và công chức của " + strings.Join(w.takes, ", ") + " từ ngày " + vn.TextDate(t) +
			"; bảo đảm thông suốt việc giải quyết thủ tục cho nhà đầu tư.\n"
	}
	next := "6 tháng cuối năm"
	if w.period == domain.PeriodYear {
		next = "năm " + fmt.Sprint(w.year+1)
	}
	return takeover + "- Tập trung thu hút các dự án công nghệ cao, công nghiệp hỗ trợ trong " + next + ".\n" + w.pick("tasks",
		"- Đẩy nhanh giải phóng mặt bằng, hoàn thiện hạ tầng kỹ thuật các khu công nghiệp.",
		"- Tiếp tục cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh cấp tỉnh.",
		"- Tăng cường kiểm tra, giám sát môi trường; hỗ trợ doanh nghiệp tháo gỡ khó khăn.")
}

// lessons are a bloc-year's illustrative lessons learned, as a
// secretariat would write them (the documents' note says the demo's texts
// are an illustration).
func lessons(bloc string, year int) string {
	all := []string{
		"Thủ trưởng các đơn vị trực tiếp chỉ đạo, gắn phong trào thi đua với nhiệm vụ chính trị thì phong trào mới thực chất, hiệu quả.",
		"Tiêu chí chấm điểm cụ thể, công khai từ đầu năm giúp các đơn vị chủ động phấn đấu và việc bình xét cuối năm khách quan.",
		"Trao đổi kinh nghiệm giữa các Ban Quản lý về xúc tiến đầu tư, cải cách hành chính giúp các đơn vị học hỏi, nhân rộng cách làm hay.",
		"Khen thưởng kịp thời, đúng người, đúng thành tích tạo động lực cho tập thể, cá nhân.",
		"Chế độ thông tin, báo cáo đúng hạn giữa các thành viên là điều kiện để Khối tổng hợp, đánh giá chính xác.",
	}
	i := noise(0, int64(len(all))-1, bloc, year, "lessons")
	j := (i + 1 + noise(0, int64(len(all))-2, bloc, year, "lessons2")) % int64(len(all))
	return "- " + all[i] + "\n- " + all[j]
}
