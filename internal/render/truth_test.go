package render

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/pdftest"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
	"github.com/thidua/thidua/templates"
)

// docCase is one rendered document of the demo, read back.
type docCase struct {
	bloc, kind, unit string
	year             int
	text             string // words joined by single spaces
	lines            []string
	words            []pdftest.Word
	pdf              []byte
	y                *domain.YearData // the bloc-year's data, loaded once for every document of it
}

// rendered is every document of the demo, rendered and read back once for
// all the tests that look at them (none changes the store).
var rendered struct {
	once sync.Once
	docs []docCase
	s    *Service
	st   store.Store
}

// everyDocument renders every kind of every demo bloc-year (the mid-year
// report of every member) and reads each back, once per test binary.
func everyDocument(t *testing.T) ([]docCase, *Service, store.Store) {
	pdftest.Need(t)
	rendered.once.Do(func() {
		rendered.docs, rendered.s, rendered.st = renderAll(t)
	})
	if rendered.docs == nil {
		t.Fatal("rendering the demo documents failed")
	}
	return rendered.docs, rendered.s, rendered.st
}

func renderAll(t *testing.T) ([]docCase, *Service, store.Store) {
	s, st := demoStore(t)
	ctx := context.Background()
	// A year just opened, as a secretariat starts one: a leader and the
	// members, and nothing yet — no criteria, no sheets, no figures, no
	// conference. Its documents must say so, not what the demo years say.
	openYear(t, st, domain.BlocYear{Bloc: demo.BacTrung, Year: 2026, Leader: "thanh-hoa", Deputy: "nghe-an", Host: "thanh-hoa"},
		"thanh-hoa", "nghe-an", "ha-tinh", "quang-tri", "thua-thien-hue")
	// And a year under way: criteria set, no sheet in yet, one member's
	// figures (the North, 2026).
	openYear(t, st, domain.BlocYear{Bloc: demo.TrungDu, Year: 2026, Leader: "phu-tho", Deputy: "bac-giang", Host: "phu-tho"},
		"bac-giang", "thai-nguyen", "tuyen-quang", "yen-bai", "phu-tho")
	defaultCriteria(t, st, demo.TrungDu, 2026)
	n, capital := int64(4), domain.Dec(1250)
	if err := st.PutIndicators(ctx, domain.Indicators{Unit: "phu-tho", Year: 2026, Period: domain.PeriodYear, NewProjects: &n, CapitalIncreaseProjects: &n,
		RegisteredCapital: &capital, FDICapital: &capital, ExportImport: &capital, Revenue: &capital, Budget: &capital}); err != nil {
		t.Fatal(err)
	}
	var out []docCase
	for _, bloc := range []string{demo.TayNguyen, demo.TrungDu, demo.BacTrung} {
		years, err := st.ListYears(ctx, bloc)
		if err != nil {
			t.Fatal(err)
		}
		for _, year := range years {
			yd, err := store.LoadYear(ctx, st, bloc, year)
			if err != nil {
				t.Fatal(err)
			}
			for _, kind := range document.PDFKinds() {
				units := []string{""}
				if kind == "bao-cao-so-ket" {
					units = nil
					// members, and boards that left during the year
					// (merged on 1 July: their first half is reported)
					for _, m := range append(append([]domain.Member{}, yd.Members...), yd.Left...) {
						units = append(units, m.Unit)
					}
				}
				for _, u := range units {
					f, err := s.Render(ctx, Request{Bloc: bloc, Year: year, Kind: kind, Unit: u, Format: "pdf"})
					if err != nil {
						t.Fatalf("%s %d %s %s: %v", bloc, year, kind, u, err)
					}
					raw := pdftest.Text(t, f.Data)
					out = append(out, docCase{bloc: bloc, kind: kind, unit: u, year: year, pdf: f.Data, y: yd,
						text: strings.Join(strings.Fields(raw), " "), lines: strings.Split(raw, "\n"), words: pdftest.Words(t, f.Data)})
				}
			}
		}
	}
	return out, s, st
}

// What the documents say is true of their data, in every bloc and year: no
// default text speaks of what the data does not have.
func TestDocumentsTrueToTheirData(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		name := d.bloc + " " + strconv.Itoa(d.year) + " " + d.kind + " " + d.unit
		yd := d.y
		// Members without a sheet counted: those the ranking marks, or all
		// of them while the year has no criteria to score against.
		notSubmitted, submitted := len(yd.Members), 0
		for _, r := range yd.Ranking {
			if r.Submitted {
				notSubmitted--
				submitted++
			}
		}
		reporting := map[string]bool{}
		for _, ind := range yd.Indicators {
			reporting[ind.Unit] = true
		}
		awards := len(yd.Awarded(domain.AwardFlag)) + len(yd.Awarded(domain.AwardMerit))
		// Nothing announced "như sau:" / "sau:" without what it announces,
		// and no result spoken of that the data does not have.
		if len(reporting) == 0 && strings.Contains(d.text, " - dự án") {
			t.Errorf("%s: key figures printed as dashes while no member sent any", name)
		}
		if submitted == 0 && (strings.Contains(d.text, "kết quả xếp hạng như sau") || strings.Contains(d.text, "kết quả chấm điểm của Khối như sau")) {
			t.Errorf("%s: a ranking announced while no sheet is counted", name)
		}
		if awards == 0 && (strings.Contains(d.text, "thống nhất đề nghị khen thưởng như sau") || strings.Contains(d.text, "khen thưởng các đơn vị nêu trên") || strings.Contains(d.text, "Khối thi đua thống nhất đề nghị Bộ trưởng")) {
			t.Errorf("%s: proposes awards the data does not have", name)
		}
		switch d.kind {
		case "bao-cao-tong-ket":
			if members := len(yd.Members); len(reporting) < members && strings.Contains(d.text, "Toàn Khối") {
				t.Errorf("%s: a 'Toàn Khối' total from %d of %d members", name, len(reporting), members)
			}
			if strings.Contains(d.text, "Chưa ghi nhận phong trào") {
				t.Errorf("%s: a list of movements that says there is none", name)
			}
			if i := strings.Index(d.text, "phong trào thi đua sau:"); i >= 0 && !strings.HasPrefix(d.text[i+len("phong trào thi đua sau:"):], " - “") {
				t.Errorf("%s: 'sau:' with no movement after it", name)
			}
			// The report is presented to the conference, before its vote:
			// it proposes next year's leader, it cannot say who was elected.
			if strings.Contains(d.text, "đã bầu") {
				t.Errorf("%s: the report tells an election the conference has not held yet", name)
			}
			if notSubmitted > 0 && strings.Contains(d.text, "bảng tự chấm điểm cho Khối đầy đủ") {
				t.Errorf("%s: says every unit sent its sheet while %d did not", name, notSubmitted)
			}
			if notSubmitted == 0 && strings.Contains(d.text, "chưa gửi bảng tự chấm điểm") {
				t.Errorf("%s: says a unit is late while all sent theirs", name)
			}
		case "bien-ban-binh-xet":
			elected := strings.Contains(d.text, "và bầu Khối trưởng, Khối phó năm "+strconv.Itoa(d.year+1))
			if elected != strings.Contains(d.text, "làm Khối trưởng năm "+strconv.Itoa(d.year+1)) {
				t.Errorf("%s: the title and the body disagree on the election", name)
			}
			// Who chairs is said, or left to write by hand.
			if !strings.Contains(d.text, "chủ trì: ") && !strings.Contains(d.text, "Chủ trì: ") {
				t.Errorf("%s: the minutes do not say who chaired", name)
			}
			// Attendance is what was recorded (or what the ballots tell);
			// nothing recorded leaves room to write it.
			voted := false
			for _, vt := range yd.Votes {
				voted = voted || vt.Voters > 0
			}
			if !yd.Settings.Minutes.AttendanceRecorded && len(yd.Settings.Minutes.Absent) == 0 && !voted {
				n := len(yd.Members)
				if strings.Contains(d.text, fmt.Sprintf("Hội nghị có %d/%d", n, n)) {
					t.Errorf("%s: asserts %d/%d present with no attendance recorded", name, n, n)
				}
			}
			if strings.Contains(d.text, "chưa bầu") {
				t.Errorf("%s: 'chưa bầu' in the minutes", name)
			}
			if yd.Next.Leader != "" && !elected {
				t.Errorf("%s: next year's leader %s is in the data but not in the minutes", name, yd.Next.Leader)
			}
			awardVotes := 0
			for _, v := range yd.Votes {
				if v.Subject == domain.AwardFlag || v.Subject == domain.AwardMerit {
					awardVotes++
				}
			}
			if (awardVotes > 0) != strings.Contains(d.text, "tiến hành bình xét bằng hình thức") {
				t.Errorf("%s: a vote on awards said held with %d such votes recorded", name, awardVotes)
			}
		case "bao-cao-so-ket":
			if strings.Contains(d.text, "năm "+strconv.Itoa(d.year+1)) {
				t.Errorf("%s: a mid-year report speaking of the next year", name)
			}
			for _, bloc := range []string{"ở một số đơn vị", "gửi Khối còn chậm", "các đơn vị trong Khối", "Các đơn vị trong Khối"} {
				if strings.Contains(d.text, bloc) {
					t.Errorf("%s: a board's own report in the bloc's words (%q)", name, bloc)
				}
			}
		}
	}
}

// A document is dated where its signer is: the leader's province for the
// bloc's documents, the board's for its own; the minutes where the meeting
// was held.
func TestPlaceOfSigning(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		yd := d.y
		var want string
		switch {
		case d.kind == "bang-tong-hop-diem":
			continue // an appendix: dated by the minutes it is attached to
		case d.unit != "":
			want = yd.Province(d.unit)
			if k, _ := document.LookupKind(d.kind); k.MidYear {
				// where the board was at the half-year's end: Bắc Giang's
				// board reports on its first half of 2025 from Bắc Giang,
				// though Bắc Ninh's by the year's end
				want = yd.ProvinceAt(d.unit, domain.MidYear(d.year))
			}
		case d.kind == "bien-ban-binh-xet" && yd.Settings.Host != "":
			want = yd.Province(yd.Settings.Host)
		default:
			want = yd.Province(yd.Settings.Leader)
		}
		if want == "" {
			continue
		}
		if !strings.Contains(d.text, want+", ngày") {
			t.Errorf("%s %d %s %s: not dated at %q", d.bloc, d.year, d.kind, d.unit, want)
		}
	}
}

// A number or date not set yet is room to write by hand, as wide as a few
// characters; a set one is printed.
func TestBlanksToFillByHand(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		yd := d.y
		name := d.bloc + " " + strconv.Itoa(d.year) + " " + d.kind + " " + d.unit
		if d.unit != "" || yd.Settings.DocNumbers[d.kind] == "" {
			sym := map[string]string{"bao-cao-tong-ket": "/BC-KTĐ", "bien-ban-binh-xet": "/BB-KTĐ", "to-trinh-khen-thuong": "/TTr-KTĐ", "bao-cao-so-ket": "/BC-BQL"}[d.kind]
			if sym != "" {
				if gap, ok := pdftest.Gap(d.words, "Số:", sym); !ok || gap < 15 {
					t.Errorf("%s: unset number: gap %.1f pt (found %v)", name, gap, ok)
				}
			}
		}
		if d.kind != "bang-tong-hop-diem" && (d.unit != "" || yd.Settings.ConferenceDate == "") {
			if gap, ok := pdftest.Gap(d.words, "ngày", "tháng"); !ok || gap < 15 {
				t.Errorf("%s: unset date: gap %.1f pt (found %v)", name, gap, ok)
			}
		}
		if d.kind == "bien-ban-binh-xet" && yd.Settings.ConferenceTime == "" {
			if gap, ok := pdftest.Gap(d.words, "gian:", "giờ"); !ok || gap < 15 {
				t.Errorf("%s: unset hour: gap %.1f pt (found %v)", name, gap, ok)
			}
		}
	}
}

// A proposal cites the laws in force on its date: the 2003 law and Decree
// 91/2017 until the end of 2023, Law 06/2022/QH15 and Decree 98/2023 from
// 2024, and Decree 152/2025 beside it from 1 July 2025; with the
// ministry's guidance letter and the minutes it rests on where the data
// has them.
func TestLegalBasesOfTheirDate(t *testing.T) {
	pdftest.Need(t)
	s, _ := demoService(t)
	old := []string{"Luật Thi đua, khen thưởng năm 2003", "Nghị định số 91/2017/NĐ-CP"}
	current := []string{"Luật Thi đua, khen thưởng số 06/2022/QH15", "Nghị định số 98/2023/NĐ-CP"}
	const d152 = "Nghị định số 152/2025/NĐ-CP"
	for _, c := range []struct {
		bloc        string
		year        int
		cite, avoid []string
	}{
		{demo.TayNguyen, 2022, append([]string{"8041/BKHĐT-TĐKTTT", "Biên bản họp bình xét thi đua, khen thưởng năm 2022 số 02/BB-KTĐ"}, old...), current},
		{demo.TayNguyen, 2023, old, append(current, d152)}, // dated 28/12/2023
		{demo.TrungDu, 2023, current, old},                 // dated 04/01/2024
		{demo.TayNguyen, 2024, current, append(old, d152)},
		{demo.BacTrung, 2024, current, append(old, d152)}, // dated March 2025: before 1 July
		{demo.TayNguyen, 2025, append(current, d152), old},
	} {
		text, _ := renderText(t, s, Request{Bloc: c.bloc, Year: c.year, Kind: "to-trinh-khen-thuong", Format: "pdf"})
		for _, w := range c.cite {
			if !strings.Contains(text, w) {
				t.Errorf("%s %d proposal does not cite %q", c.bloc, c.year, w)
			}
		}
		for _, w := range c.avoid {
			if strings.Contains(text, w) {
				t.Errorf("%s %d proposal cites %q, not in force on its date", c.bloc, c.year, w)
			}
		}
	}
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2022, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if !strings.Contains(text, "Thực hiện Văn bản số 8041/BKHĐT-TĐKTTT ngày 08/11/2022") {
		t.Error("the 2022 report does not answer the guidance letter")
	}
}

// After the mergers of 2025 a merged board appears once, under the board
// it joined; a board whose province joined another carries the new
// province's name; the 2025 report says why the bloc is smaller, who was
// renamed and that the ministry changed; 2024 says nothing of the kind.
func TestMergersOf2025(t *testing.T) {
	pdftest.Need(t)
	s, _ := demoService(t)
	for _, c := range []struct {
		bloc       string
		say        []string
		gone, kept []string // provinces without a row of their own in 2025; with one
	}{
		{demo.TayNguyen, []string{
			"Khối thi đua gồm 06 đơn vị thành viên",
			"Ban Quản lý Khu kinh tế tỉnh Phú Yên hợp nhất vào Ban Quản lý các khu công nghiệp tỉnh Đắk Lắk",
			"Ban Quản lý Khu kinh tế tỉnh Bình Định hợp nhất vào Ban Quản lý Khu kinh tế tỉnh Gia Lai",
			"Ban Quản lý các khu kinh tế và khu công nghiệp tỉnh Quảng Nam hợp nhất vào Ban Quản lý các Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
			"từ 11 đơn vị năm 2024 còn 06 đơn vị năm 2025",
		}, []string{"Phú Yên", "Bình Định", "Quảng Nam", "Kon Tum", "Đắk Nông"}, []string{"Đắk Lắk", "Gia Lai", "Quảng Ngãi"}},
		{demo.TrungDu, []string{
			"Khối thi đua gồm 05 đơn vị thành viên",
			"Ban Quản lý các khu công nghiệp tỉnh Hòa Bình hợp nhất vào Ban Quản lý các khu công nghiệp tỉnh Phú Thọ",
			"Ban Quản lý các khu công nghiệp tỉnh Bắc Kạn hợp nhất vào Ban Quản lý các khu công nghiệp tỉnh Thái Nguyên",
			"Từ ngày 01/7/2025, Ban Quản lý các khu công nghiệp tỉnh Bắc Giang trở thành Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh.",
			"Từ ngày 01/7/2025, Ban Quản lý các khu công nghiệp tỉnh Yên Bái trở thành Ban Quản lý Khu kinh tế tỉnh Lào Cai.",
			"Khối phó là Ban Quản lý các khu công nghiệp tỉnh Bắc Ninh",
			"từ 07 đơn vị năm 2024 còn 05 đơn vị năm 2025",
		}, []string{"Hòa Bình", "Bắc Kạn", "Bắc Giang", "Yên Bái"}, []string{"Bắc Ninh", "Lào Cai", "Phú Thọ", "Thái Nguyên", "Tuyên Quang"}},
		{demo.BacTrung, []string{
			"Khối thi đua gồm 05 đơn vị thành viên",
			"Ban Quản lý Khu kinh tế tỉnh Quảng Bình hợp nhất vào Ban Quản lý Khu kinh tế tỉnh Quảng Trị",
			"Từ ngày 01/01/2025, Ban Quản lý Khu kinh tế, công nghiệp tỉnh Thừa Thiên Huế trở thành Ban Quản lý Khu kinh tế, công nghiệp thành phố Huế.",
			"từ 06 đơn vị năm 2024 còn 05 đơn vị năm 2025",
		}, []string{"Quảng Bình", "Thừa Thiên Huế"}, []string{"Quảng Trị", "thành phố Huế"}},
	} {
		text, _ := renderText(t, s, Request{Bloc: c.bloc, Year: 2025, Kind: "bao-cao-tong-ket", Format: "pdf"})
		for _, want := range append(c.say, "Từ ngày 01/3/2025, Khối thi đua thuộc Bộ Tài chính (trước đây là Bộ Kế hoạch và Đầu tư).") {
			if !strings.Contains(text, want) {
				t.Errorf("%s: 2025 report lacks %q", c.bloc, want)
			}
		}
		// The mergers of 1 July are one sentence, not one each.
		if n := strings.Count(text, "thực hiện sắp xếp đơn vị hành chính"); n != 1 {
			t.Errorf("%s: the mergers of 1 July told in %d sentences", c.bloc, n)
		}
		// Told in the order it happened.
		var last time.Time
		for _, m := range regexp.MustCompile(`Từ ngày (\d\d/\d\d?/2025),`).FindAllStringSubmatch(text, -1) {
			on, _ := time.Parse("02/1/2006", m[1])
			if on.Before(last) {
				t.Errorf("%s: the changes of 2025 are not in the order they happened (%s after %s)", c.bloc, m[1], last.Format("02/01/2006"))
			}
			last = on
		}
		// The merged boards are not rows of their own any more.
		i := strings.Index(text, "Kết quả của từng đơn vị như sau:")
		if i < 0 {
			t.Fatalf("%s: no indicator table in the 2025 report", c.bloc)
		}
		table := text[i:]
		if j := strings.Index(table, "Toàn Khối"); j > 0 {
			table = table[:j]
		}
		// They are rows of their first half, counted with their absorber.
		for _, gone := range c.gone {
			if strings.Count(table, gone) != strings.Count(table, gone+" (6 tháng đầu năm, hợp nhất vào") {
				t.Errorf("%s: 2025 indicator table has %s as a member, or not its first half", c.bloc, gone)
			}
		}
		for _, kept := range c.kept {
			if !strings.Contains(table, kept) {
				t.Errorf("%s: 2025 indicator table has no row for %s", c.bloc, kept)
			}
		}
		text, _ = renderText(t, s, Request{Bloc: c.bloc, Year: 2024, Kind: "bao-cao-tong-ket", Format: "pdf"})
		// The 2024 report is dated by its conference (expected one year
		// after the 2023 one: March 2025 for Bắc Trung Bộ): it may tell the
		// changes up to then, never the mergers of 1 July 2025.
		if strings.Contains(text, "01/7/2025") || strings.Contains(text, "hợp nhất vào") {
			t.Errorf("%s: the 2024 report speaks of changes that came after its date", c.bloc)
		}
	}
}

// Type codes are Decree 30's (Appendix III) or none; column heads say
// "điểm" in full.
func TestDecree30Codes(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		for _, bad := range []string{"/GƯ-", "/BTH-", " đ)", "(đ)"} {
			if strings.Contains(d.text, bad) {
				t.Errorf("%s %d %s %s: %q", d.bloc, d.year, d.kind, d.unit, bad)
			}
		}
	}
}

// The minutes name each person once (a chair is not a guest too), call
// several chairs "Đồng chủ trì", say who was absent and whether the
// meeting had its quorum, and are signed by the chair and the secretary,
// with no "TM." stack.
func TestMinutesComplete(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	reopenDemo(t, st)
	ctx := context.Background()
	y, err := st.GetYear(ctx, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	y.Minutes.Absent = []string{"kon-tum"}
	y.Minutes.EndTime = "11 giờ 30"
	y.Minutes.Secretary.Name, y.Minutes.Secretary.Title = "Nguyễn Thị Lan", "Chuyên viên Ban Quản lý KKT Vân Phong"
	y.Minutes.VoteMethod = "bỏ phiếu kín"
	y.Minutes.Counters = []domain.Person{{Name: "Trần Văn Bình"}, {Name: "Lê Thị Hoa"}}
	if err := st.PutYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bien-ban-binh-xet", Format: "pdf"})
	for _, want := range []string{
		"Đồng chủ trì: Nguyễn Trọng Hoàng", "Đồng chủ trì: Hà Hoàng Việt Phương",
		"Khách mời: Trần Hoàng Tuấn",
		"10/11 đơn vị thành viên Khối thi đua; vắng mặt: Ban Quản lý Khu kinh tế tỉnh Kon Tum",
		"bảo đảm quá bán", "Thư ký: Nguyễn Thị Lan - Chuyên viên",
		"bằng hình thức bỏ phiếu kín; Ban kiểm phiếu gồm: Trần Văn Bình, Lê Thị Hoa",
		"kết thúc lúc 11 giờ 30", "THƯ KÝ", "CHỦ TRÌ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("minutes lack %q", want)
		}
	}
	if strings.Contains(text, "TM. KHỐI") {
		t.Error("the minutes are signed with a TM. stack")
	}
	// The vote table says who got how many votes; a list under it saying
	// the same again is what a secretary would strike out.
	if strings.Contains(text, "phiếu đồng ý (") {
		t.Error("the vote results are told twice, in the table and in a list")
	}
	// Each person once in the attendance: nobody presides and is a guest
	// too (the discussion after it may name them again).
	attendance := text
	if i := strings.Index(text, "Thư ký:"); i > 0 {
		attendance = text[:i]
	}
	for _, p := range y.Chairs {
		if n := strings.Count(attendance, p.Name); n != 1 {
			t.Errorf("%s named %d times", p.Name, n)
		}
	}
}

// No line breaks inside a proper name: a province ("KON TUM", "Đắk Lắk",
// "THỪA THIÊN HUẾ"), a zone ("Vân Phong"), a region ("MIỀN NÚI PHÍA
// BẮC") or a term of the field ("KHU KINH TẾ", "Ban Quản lý"), in
// headers, tables or text.
func TestProperNamesWhole(t *testing.T) {
	docs, _, st := everyDocument(t)
	ctx := context.Background()
	units, _ := st.ListUnits(ctx)
	names := append([]string(nil), vn.Regions...)
	for _, u := range units {
		for _, p := range u.Province {
			// a line breaks before "tỉnh" or "thành phố", not after it
			names = append(names, p.Full, "tỉnh "+p.Full, "thành phố "+p.Full)
		}
		// zones named in the units' names: "Vân Phong", "Dung Quất"
		for _, n := range u.Names {
			names = append(names, vn.NamesIn(n.Full)...)
		}
	}
	for _, d := range docs { // and the people the minutes name
		for _, p := range append(append([]domain.Person{}, d.y.Settings.Chairs...), d.y.Settings.Guests...) {
			names = append(names, p.Name)
		}
	}
	fold := func(s string) string { return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "\u00a0", " ")) }
	capitals := func(s string) bool { return strings.ContainsFunc(s, unicode.IsLetter) && vn.Upper(s) == s }
	for _, d := range docs {
		for i := 0; i+1 < len(d.lines); i++ {
			end, next := fold(d.lines[i]), fold(d.lines[i+1])
			all := names
			if capitals(d.lines[i]) && capitals(d.lines[i+1]) { // headers, titles, signatures
				all = append(all[:len(all):len(all)], vn.FieldTerms...)
			}
			for _, n := range all {
				// Every place the name could be cut: between its words, or
				// inside a word when a narrow cell breaks it by letters.
				rs := []rune(strings.ToLower(n))
				for k := 1; k < len(rs); k++ {
					head, tail := strings.TrimSpace(string(rs[:k])), strings.TrimSpace(string(rs[k:]))
					if head == "" || tail == "" {
						continue
					}
					if (head == "tỉnh" || head == "thành phố") && next == tail {
						// "TỈNH THỪA THIÊN HUẾ" wider than a signature
						// column: the name whole on its own line is the
						// most the column allows
						continue
					}
					if (end == head || strings.HasSuffix(end, " "+head)) && strings.HasPrefix(next, tail) {
						t.Errorf("%s %d %s %s: %q broken across lines: %q / %q", d.bloc, d.year, d.kind, d.unit, n, d.lines[i], d.lines[i+1])
					}
				}
			}
		}
	}
}

// The report compares the key totals with the year before when both years
// have them, and names next year's leader and deputy when they are known.
func TestReportComparesWithTheYearBefore(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	ctx := context.Background()
	sum := func(year int) domain.IndicatorTotals {
		rows, err := st.ListIndicators(ctx, demo.TayNguyen, year, domain.PeriodYear)
		if err != nil {
			t.Fatal(err)
		}
		return domain.SumIndicators(rows)
	}
	prev, now := sum(2022), sum(2023)
	a, b := prev.RegisteredCapital.Float(), now.RegisteredCapital.Float()
	pct := math.Round(math.Abs(b-a)/a*1000) / 10
	word := "tăng"
	if b < a {
		word = "giảm"
	}
	want := fmt.Sprintf("vốn đăng ký %s %s%%", word, strings.Replace(strconv.FormatFloat(pct, 'f', -1, 64), ".", ",", 1))
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if !strings.Contains(text, "so với năm 2022, ") || !strings.Contains(text, want) {
		t.Errorf("2023 report lacks %q", want)
	}
	if !strings.Contains(text, "làm Khối trưởng") || !strings.Contains(text, "KIẾN NGHỊ, ĐỀ XUẤT") {
		t.Error("2023 report lacks next year's leader or the recommendations")
	}
	// 2022 has no year before in the data: no comparison.
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2022, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if strings.Contains(text, "so với năm 2021") {
		t.Error("2022 report compares with a year the data does not have")
	}
}

// The covenant's signature grid: rows of three, the last row centred on
// the text block.
func TestCovenantLastRowCentred(t *testing.T) {
	pdftest.Need(t)
	s, _ := demoService(t)
	f, err := s.Render(context.Background(), Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "giao-uoc-thi-dua", Format: "pdf"})
	if err != nil {
		t.Fatal(err)
	}
	words := pdftest.Words(t, f.Data)
	// The "BAN" of each signer's "TRƯỞNG BAN", by row (rows differ by
	// more than a signature's height).
	var bans []pdftest.Word
	for _, w := range words {
		if w.Text == "BAN" {
			bans = append(bans, w)
		}
	}
	if len(bans) != 11 {
		t.Fatalf("%d signers' titles, want 11", len(bans))
	}
	// Each signer's centre: the middle of its "TRƯỞNG BAN" line.
	mid := func(ban pdftest.Word) float64 {
		for _, w := range words {
			if w.Text == "TRƯỞNG" && w.Page == ban.Page && math.Abs(w.YMin-ban.YMin) < 1 && w.XMax <= ban.XMin && ban.XMin-w.XMax < 10 {
				return (w.XMin + ban.XMax) / 2
			}
		}
		return ban.XMin
	}
	last := bans[len(bans)-2:] // 11 members: rows of 3, the last of 2
	centre := (mid(last[0]) + mid(last[1])) / 2
	text := (30 + (210 - 15)) / 2 * 72 / 25.4 // the text block's centre, pt
	if math.Abs(centre-text) > 12 {
		t.Errorf("the last row is centred at %.0f pt, the text block at %.0f pt", centre, text)
	}
}

// A proposal names each proposed unit with its score, rank and a summary
// of its achievements taken from its indicators, checks the proposals
// against the bloc's rule with the rule's own figures, and lists what it
// sends with it (one page: TestProposalOnePage).
func TestProposalComplete(t *testing.T) {
	docs, _, _ := everyDocument(t)
	seen := 0
	for _, d := range docs {
		if d.kind != "to-trinh-khen-thuong" {
			continue
		}
		y := d.y
		name := fmt.Sprintf("%s %d", d.bloc, d.year)
		flags, merits := y.Awarded(domain.AwardFlag), y.Awarded(domain.AwardMerit)
		n := len(flags) + len(merits)
		if n == 0 {
			continue
		}
		seen++
		for _, w := range []string{"Thành tích chủ yếu", "Hồ sơ kèm theo: Biên bản họp bình xét thi đua, khen thưởng năm " + strconv.Itoa(d.year),
			fmt.Sprintf("báo cáo thành tích của %02d đơn vị được đề nghị", n)} {
			if !strings.Contains(d.text, w) {
				t.Errorf("%s: proposal lacks %q", name, w)
			}
		}
		if y.Settings.DocNumbers["bien-ban-binh-xet"] != "" && !strings.Contains(d.text, "số "+y.Settings.DocNumbers["bien-ban-binh-xet"]+"/BB-KTĐ") {
			t.Errorf("%s: attachments do not give the minutes' number", name)
		}
		rule := y.Rule // as applied: scaled to the members scored
		if y.RuleScaled && !strings.Contains(d.text, fmt.Sprintf("năm %d Khối có %02d đơn vị được chấm điểm nên số lượng được áp dụng theo tỷ lệ", d.year, y.Scored)) {
			t.Errorf("%s: quotas applied in proportion without saying so", name)
		}
		if y.RuleScaled && len(flags) > rule.FlagQuota || len(merits) > rule.MeritQuota {
			t.Errorf("%s: %d Flags, %d Certificates proposed beyond the scaled quotas %d and %d", name, len(flags), len(merits), rule.FlagQuota, rule.MeritQuota)
		}
		if rule.FlagQuota > 0 && len(flags) > 0 && !strings.Contains(d.text, fmt.Sprintf("Cờ thi đua %02d/%02d", len(flags), rule.FlagQuota)) {
			t.Errorf("%s: quota check lacks Cờ thi đua %d/%d", name, len(flags), rule.FlagQuota)
		}
		if rule.MeritQuota > 0 && len(merits) > 0 && !strings.Contains(d.text, fmt.Sprintf("Bằng khen %02d/%02d", len(merits), rule.MeritQuota)) {
			t.Errorf("%s: quota check lacks Bằng khen %d/%d", name, len(merits), rule.MeritQuota)
		}
		if rule.FlagMin > 0 && len(flags) > 0 && !strings.Contains(d.text, "Cờ thi đua từ "+domain.FormatDecimal(rule.FlagMin)+" điểm") {
			t.Errorf("%s: the flag minimum is not checked", name)
		}
		if strings.Contains(d.text, "từ 100% phiếu") {
			t.Errorf("%s: 'từ 100%% phiếu đồng ý trở lên' for a unanimous vote", name)
		}
		// Each unit's own figures, as reported.
		ind := map[string]domain.Indicators{}
		for _, r := range y.Indicators {
			ind[r.Unit] = r
		}
		for _, u := range append(append([]string{}, flags...), merits...) {
			r, ok := ind[u]
			if !ok || r.NewProjects == nil || r.RegisteredCapital == nil || *r.NewProjects == 0 {
				continue
			}
			w := fmt.Sprintf("%s dự án mới, vốn đăng ký %s tỷ đồng", vn.GroupInt(*r.NewProjects), domain.FormatDecimal(*r.RegisteredCapital))
			if !strings.Contains(d.text, w) {
				t.Errorf("%s: %s's achievements lack %q", name, u, w)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no proposal with proposed units in the demo")
	}
}

// A covenant states the dates its year's reports are due when next year's
// settings have them, and names the movements that go on into its year,
// not those that ended.
func TestCovenantDeadlinesAndMovements(t *testing.T) {
	dated := 0
	eachOf(t, "giao-uoc-thi-dua", func(d docCase, y *domain.YearData, name string) {
		for _, s := range []string{y.Next.Deadlines.MidYear, y.Next.Deadlines.YearEnd} {
			if s == "" {
				continue
			}
			dt, _ := time.Parse(domain.DateLayout, s)
			w := "trước ngày " + vn.TextDate(dt)
			if !strings.Contains(d.text, w) {
				t.Errorf("%s: covenant lacks the deadline %q", name, w)
			}
			dated++
		}
		// As many copies as signers, written with two digits as official
		// counts are ("lập thành 05 bản"), and as many signatures.
		if w := fmt.Sprintf("lập thành %02d bản", len(y.Members)); !strings.Contains(d.text, w) {
			t.Errorf("%s: covenant lacks %q", name, w)
		}
		if n := len(signerRows(d.words)); n == 0 {
			t.Errorf("%s: covenant without signers", name)
		}
		// Without deadlines set, the dates are left to write by hand, in
		// the covenant's year.
		if y.Next.Deadlines == (domain.Deadlines{}) {
			if regexp.MustCompile(`trước ngày \d`).MatchString(d.text) {
				t.Errorf("%s: covenant states a deadline the data does not have", name)
			}
			if strings.Count(d.text, "/"+strconv.Itoa(d.year+1)+".")+strings.Count(d.text, "/"+strconv.Itoa(d.year+1)+";") != 2 {
				t.Errorf("%s: covenant without room for its two deadlines in %d", name, d.year+1)
			}
		}
		for _, m := range y.Movements {
			in := strings.Contains(d.text, strings.Join(strings.Fields(m.Name), " "))
			ended := strings.Contains(m.Period, strconv.Itoa(d.year)) && !strings.Contains(m.Period, strconv.Itoa(d.year+1)) && strings.HasSuffix(strings.TrimSpace(m.Period), strconv.Itoa(d.year)) ||
				strings.HasSuffix(m.Name, "năm "+strconv.Itoa(d.year))
			if ended && in {
				t.Errorf("%s: covenant for %d names the movement %q that ended in %d", name, d.year+1, m.Name, d.year)
			}
			if !ended && m.Period == "" && !strings.Contains(m.Name, "năm ") && !in {
				t.Errorf("%s: covenant does not name the running movement %q", name, m.Name)
			}
		}
	})
	if dated == 0 {
		t.Error("no covenant of the demo states a deadline: the test shows nothing")
	}
}

// No list marker stands at a page foot without its text, in any document
// of the demo: the lowest line of each page is more than a marker.
func TestListMarkerKeptWithItsText(t *testing.T) {
	docs, _, _ := everyDocument(t)
	checked := 0
	for _, d := range docs {
		lowest := map[int][]pdftest.Word{} // page -> words of its lowest line
		for _, w := range d.words {
			cur := lowest[w.Page]
			switch {
			case len(cur) == 0 || w.YMin > cur[0].YMin+1:
				lowest[w.Page] = []pdftest.Word{w}
			case math.Abs(w.YMin-cur[0].YMin) <= 1:
				lowest[w.Page] = append(cur, w)
			}
		}
		for page, ws := range lowest {
			checked++
			if len(ws) == 1 && (ws[0].Text == "-" || ws[0].Text == "+" || ws[0].Text == "•") {
				t.Errorf("%s %d %s %s: page %d ends with a list marker alone", d.bloc, d.year, d.kind, d.unit, page)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no page checked")
	}
}

// A board's mid-year report compares its first half with the same period
// of the year before when both were reported (and only then), ends with
// its recommendations, and is not sent to its own board as leader.
func TestMidYearReportComparesAndRecommends(t *testing.T) {
	compared := 0
	eachOf(t, "bao-cao-so-ket", func(d docCase, y *domain.YearData, name string) {
		has := func(rows []domain.Indicators) bool {
			for _, r := range rows {
				if r.Unit == d.unit {
					return true
				}
			}
			return false
		}
		said := strings.Contains(d.text, fmt.Sprintf("So với cùng kỳ năm %d:", d.year-1))
		if both := has(y.H1) && has(y.PrevH1); both != said {
			t.Errorf("%s: compared with the same period %v, data of both halves %v", name, said, both)
		} else if said {
			compared++
		}
		// Recommendations are the board's own: printed when it wrote
		// some, never made up.
		own := y.BoardText(d.unit, domain.PeriodH1).Field(domain.FieldProposals)
		if printed := strings.Contains(d.text, "KIẾN NGHỊ, ĐỀ XUẤT"); printed != (own != "") {
			t.Errorf("%s: recommendations printed %v, written %v", name, printed, own != "")
		}
		if y.Settings.Leader == d.unit && strings.Contains(d.text, "- Khối trưởng Khối thi đua (") {
			t.Errorf("%s: the leader's own report is sent to itself", name)
		}
	})
	if compared == 0 {
		t.Error("no mid-year report of the demo compares with the same period: the test shows nothing")
	}
}

// eachOf calls f with every demo document of a kind and its year's data.
func eachOf(t *testing.T, kind string, f func(d docCase, y *domain.YearData, name string)) {
	t.Helper()
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		if d.kind == kind {
			f(d, d.y, strings.TrimSpace(fmt.Sprintf("%s %d %s", d.bloc, d.year, d.unit)))
		}
	}
}

// A year-end report says what caused its shortcomings and the lessons
// learned, and ends with its recommendations to the ministry.
func TestReportCausesLessonsRecommendations(t *testing.T) {
	eachOf(t, "bao-cao-tong-ket", func(d docCase, y *domain.YearData, name string) {
		for _, w := range []string{"Hạn chế", "Bài học kinh nghiệm", "KIẾN NGHỊ, ĐỀ XUẤT"} {
			if !strings.Contains(d.text, w) {
				t.Errorf("%s: report lacks %q", name, w)
			}
		}
		// Causes: the ones written, or the defaults under default
		// shortcomings; never a default cause under written shortcomings.
		ownWeak, ownCause := y.Narratives[domain.NarrWeaknesses] != "", y.Narratives[domain.NarrCauses] != ""
		if hasCause := strings.Contains(d.text, "Nguyên nhân"); hasCause != (ownCause || !ownWeak) {
			t.Errorf("%s: causes printed %v, written shortcomings %v, written causes %v", name, hasCause, ownWeak, ownCause)
		}
		// A secretariat's own text replaces the default.
		if own := y.Narratives[domain.NarrLessons]; own != "" && !strings.Contains(d.text, strings.Join(strings.Fields(own), " ")[:20]) {
			t.Errorf("%s: the bloc's own lessons are not printed", name)
		}
	})
}

// A movement's recorded results follow its name in the year-end report;
// a movement without results is named alone.
func TestReportMovementResults(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	reopenDemo(t, st)
	ctx := context.Background()
	m := domain.Movement{Bloc: demo.TayNguyen, Year: 2023, Name: "Thi đua cải cách hành chính", Results: "11/11 đơn vị triển khai; rút ngắn 30% thời gian giải quyết thủ tục."}
	if _, err := st.AddMovement(ctx, m); err != nil {
		t.Fatal(err)
	}
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if !strings.Contains(text, "“Thi đua cải cách hành chính”: 11/11 đơn vị triển khai; rút ngắn 30% thời gian giải quyết thủ tục.") {
		t.Errorf("the movement's results are not printed after its name:\n%s", text)
	}
}

// A signature block never stands alone on a page: at least two lines of
// the body are above it on its page, in every demo document that has a
// distribution list, or a preparer's signature (the score summary, whose
// closing line and signers stood on a page of their own in 4 of 11).
func TestSignatureCarriesTwoBodyLines(t *testing.T) {
	docs, _, _ := everyDocument(t)
	checked := 0
	for _, d := range docs {
		var at *pdftest.Word
		for i, w := range d.words {
			if i+1 < len(d.words) && (w.Text == "Nơi" && d.words[i+1].Text == "nhận:" || w.Text == "NGƯỜI" && d.words[i+1].Text == "LẬP") {
				at = &d.words[i]
			}
		}
		if at == nil {
			continue
		}
		checked++
		lines := map[int]bool{} // body lines above, by rounded top
		for _, w := range d.words {
			if w.Page == at.Page && w.YMax < at.YMin-1 && w.YMin > 15*72/25.4 { // below the page number (in the top margin)
				lines[int(w.YMin/3)] = true
			}
		}
		if len(lines) < 2 {
			t.Errorf("%s %d %s %s: the signature stands on page %d with %d body line(s) above it", d.bloc, d.year, d.kind, d.unit, at.Page, len(lines))
		}
	}
	if checked == 0 {
		t.Fatal("no document with a distribution list")
	}
}

// No paragraph leaves its first line alone at the foot of a page: the
// last line of a portrait page never starts at the first-line indent
// when the next page starts with a line at the margin (the paragraph's
// second line). Seen: the proposal's "Hồ sơ kèm theo: …" with its first
// line on page 1 and the rest, carried with the signature, on page 2.
func TestNoParagraphOrphan(t *testing.T) {
	docs, _, _ := everyDocument(t)
	const pt = 72 / 25.4
	left, indent := 30*pt, (30+12.7)*pt
	for _, d := range docs {
		// the text lines of each page, top to bottom, by their first word
		type line struct{ x, y float64 }
		pages := map[int][]line{}
		for _, w := range d.words {
			if w.PageW > w.PageH || w.YMin < 20*pt-1 { // landscape pages; the page number in the top margin
				continue
			}
			ls := pages[w.Page]
			if n := len(ls); n > 0 && math.Abs(ls[n-1].y-w.YMin) < 2 {
				ls[n-1].x = min(ls[n-1].x, w.XMin)
				continue
			}
			pages[w.Page] = append(ls, line{w.XMin, w.YMin})
		}
		for p := 1; pages[p+1] != nil; p++ {
			foot, top := pages[p], pages[p+1]
			if len(foot) == 0 || len(top) == 0 {
				continue
			}
			last, first := foot[len(foot)-1], top[0]
			if math.Abs(last.x-indent) < 0.5 && math.Abs(first.x-left) < 0.5 {
				t.Errorf("%s %d %s %s: page %d ends with a paragraph's first line alone", d.bloc, d.year, d.kind, d.unit, p)
			}
		}
	}
}

// No heading ends a page: "II. NHIỆM VỤ ĐẾN KHI SÁP NHẬP" stood at the
// foot of a half-year report's first page, its three-line first item on
// the next. The last line of every portrait page but the last is not a
// numbered heading.
func TestNoHeadingEndsAPage(t *testing.T) {
	docs, _, _ := everyDocument(t)
	heading := regexp.MustCompile(`^(?:[IVX]+|\d{1,2})\.\s+\p{Lu}`)
	for _, d := range docs {
		pages := pdftest.Pages(t, d.pdf)
		for p, text := range pages[:max(len(pages)-1, 0)] {
			lines := strings.Split(strings.TrimSpace(text), "\n")
			last := strings.TrimSpace(lines[len(lines)-1])
			if heading.MatchString(last) && !strings.Contains(last, "  ") { // a table row has wide gaps
				t.Errorf("%s %d %s %s: page %d ends with the heading %q", d.bloc, d.year, d.kind, d.unit, p+1, last)
			}
		}
	}
}

// The demo's generated figures vary between blocs, years and units: no two
// bloc-years share a score ladder, and a unit's shares of the bloc's
// figures differ from one figure to another (so rows are not copies of
// one another scaled). The note on illustrative figures says exactly what
// is real, and appears on demo data only.
func TestDemoDataVariesAndSaysWhatIsReal(t *testing.T) {
	docs, _, _ := everyDocument(t)
	ctx := context.Background()
	ladders := map[string]string{}
	for _, d := range docs {
		if d.kind != "bao-cao-tong-ket" || !d.y.Settings.Demo {
			continue // a year opened by hand (2026) is nobody's demo data
		}
		y := d.y
		name := fmt.Sprintf("%s %d", d.bloc, d.year)
		var ladder []string
		for _, r := range y.Ranking {
			if r.Submitted {
				ladder = append(ladder, domain.FormatDecimal(r.Total))
			}
		}
		key := strings.Join(ladder[:min(3, len(ladder))], " / ")
		if other, ok := ladders[key]; ok {
			t.Errorf("%s and %s share the score ladder %s", name, other, key)
		}
		ladders[key] = name
		// Shares of new projects and of the budget differ for some unit.
		var p, b int64
		for _, r := range y.Indicators {
			p += *r.NewProjects
			b += int64(*r.Budget)
		}
		proportional := true
		for _, r := range y.Indicators {
			if *r.NewProjects*b != int64(*r.Budget)*p {
				proportional = false
			}
		}
		if proportional && len(y.Indicators) > 1 {
			t.Errorf("%s: every unit has the same share of every figure", name)
		}
		note := d.text[strings.Index(d.text, "Ghi chú: dữ liệu mẫu"):]
		realTotals := strings.Contains(y.Settings.DemoReal, "tổng toàn Khối")
		if said := strings.Contains(note[:min(len(note), 220)], "tổng toàn Khối"); said != realTotals {
			t.Errorf("%s: the note says the totals are real: %v; the data: %v", name, said, realTotals)
		}
	}
	// Not demo data: no note.
	s, st2 := demoService(t)
	reopenDemo(t, st2)
	y, err := st2.GetYear(ctx, demo.TayNguyen, 2022)
	if err != nil {
		t.Fatal(err)
	}
	y.Demo, y.DemoReal = false, ""
	if err := st2.PutYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	// The boards' texts become their own too.
	texts, err := st2.ListBoardTexts(ctx, demo.TayNguyen, 2022)
	if err != nil {
		t.Fatal(err)
	}
	for _, bt := range texts {
		if err := st2.UpdateBoardText(ctx, demo.TayNguyen, 2022, bt.Unit, bt.Period, func(t *domain.BoardText) error { t.Illustrative = false; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2022, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if strings.Contains(text, "dữ liệu mẫu") || strings.Contains(text, "minh họa") {
		t.Error("a bloc's own data carries the demo note")
	}
}

// Where the bloc groups its members by region, the year-end report lists
// them by region with their number; where it does not, it says nothing of
// regions.
func TestReportMembersByRegion(t *testing.T) {
	listed := 0
	eachOf(t, "bao-cao-tong-ket", func(d docCase, y *domain.YearData, name string) {
		count := map[string]int{}
		for _, m := range y.Members {
			count[m.Region]++
		}
		said := strings.Contains(d.text, "Các đơn vị thành viên gồm ")
		if want := len(count) >= 2 && count[""] == 0; said != want {
			t.Errorf("%s: members listed by region %v, want %v", name, said, want)
		}
		if !said {
			return
		}
		listed++
		for r, n := range count {
			if w := fmt.Sprintf("%02d đơn vị khu vực %s (", n, r); !strings.Contains(d.text, w) {
				t.Errorf("%s: lacks %q", name, w)
			}
		}
	})
	if listed == 0 {
		t.Error("no demo report lists its members by region")
	}
}

// No word of a table is cut between letters: the appendix's matrix has a
// whole code for every criterion ("1.10", not "1.1" over "0") and its
// header's "Điểm chuẩn", in every bloc-year with criteria; a column too
// narrow for its widest word takes room from the others.
func TestTableWordsWhole(t *testing.T) {
	eachOf(t, "bang-tong-hop-diem", func(d docCase, y *domain.YearData, name string) {
		if y.Criteria == nil || len(y.Sheets) == 0 {
			return
		}
		words := map[string]bool{}
		for _, w := range d.words {
			words[w.Text] = true
		}
		for _, l := range y.Criteria.Lines() {
			if !words[l.Code] {
				t.Errorf("%s: criterion code %q not whole", name, l.Code)
			}
		}
		if !words["chuẩn"] {
			t.Errorf("%s: 'Điểm chuẩn' cut", name)
		}
	})
}

// signerRows counts, page by page, the rows of a covenant's signature grid
// from the lines that hold a signer's "TRƯỞNG BAN": within a row they lie
// at most a few title lines apart (titles of two to four lines), between
// rows the room to sign (26 mm) and more.
func signerRows(words []pdftest.Word) map[int]int {
	ys := map[int][]float64{}
	for i, w := range words {
		if w.Text == "BAN" && i > 0 && words[i-1].Text == "TRƯỞNG" {
			ys[w.Page] = append(ys[w.Page], w.YMin)
		}
	}
	out := map[int]int{}
	for p, list := range ys {
		slices.Sort(list)
		out[p] = 1
		for i := 1; i < len(list); i++ {
			if list[i]-list[i-1] > 60 {
				out[p]++
			}
		}
	}
	return out
}

// The last row of signers never goes over to a page alone, as a table's
// last row does not: the row before goes with it (an 11-member covenant
// had two signatures alone on its third page). In the PDF of every demo
// covenant, and in the Word file as LibreOffice lays it out.
func TestCovenantLastRowNotAlone(t *testing.T) {
	check := func(name string, words []pdftest.Word) {
		rows := signerRows(words)
		last, total := 0, 0
		for p, n := range rows {
			last = max(last, p)
			total += n
		}
		if total >= 3 && rows[last] < 2 {
			t.Errorf("%s: the last row of signers alone on page %d (%v)", name, last, rows)
		}
	}
	eachOf(t, "giao-uoc-thi-dua", func(d docCase, y *domain.YearData, name string) { check(name, d.words) })

	s, _ := demoService(t)
	f, err := s.Render(context.Background(), Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "giao-uoc-thi-dua", Format: "docx"})
	if err != nil {
		t.Fatal(err)
	}
	out := pdftest.Office(t, map[string][]byte{"giao-uoc.docx": f.Data})
	words := pdftest.Words(t, out["giao-uoc.pdf"])
	if rows := signerRows(words); len(rows) < 2 {
		t.Fatalf("Word file: signers on %d page(s), the case needs them over two", len(rows))
	}
	check("Word file, Tây Nguyên 2023", words)
}

// A year whose award rule is not set (no quota for Flags or
// Certificates, as a bloc created through the API starts) proposes nobody,
// and its documents say why — not that no unit qualified.
func TestNoAwardRuleSaidAsSuch(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	ctx := context.Background()
	openYear(t, st, domain.BlocYear{Bloc: demo.TayNguyen, Year: 2026, Leader: "van-phong", Deputy: "dak-lak", Host: "van-phong"},
		"van-phong", "dak-lak", "gia-lai")
	set := defaultCriteria(t, st, demo.TayNguyen, 2026)
	mark := domain.Dec(3)
	if err := st.PutScores(ctx, domain.UnitScores{Bloc: demo.TayNguyen, Year: 2026, Unit: "dak-lak", SetID: set.ID,
		Scores: []domain.Score{{Code: set.Lines()[0].Code, Bloc: &mark}}}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"bao-cao-tong-ket", "bien-ban-binh-xet", "to-trinh-khen-thuong"} {
		f, err := s.Render(ctx, Request{Bloc: demo.TayNguyen, Year: 2026, Kind: kind, Format: "pdf"})
		if err != nil {
			t.Fatal(kind, err)
		}
		text := strings.Join(strings.Fields(pdftest.Text(t, f.Data)), " ")
		if !strings.Contains(text, "chưa quy định số lượng, mức điểm đề nghị Cờ thi đua, Bằng khen") || strings.Contains(text, "đủ điều kiện đề nghị") {
			t.Errorf("%s does not say the award rule is missing:\n%s", kind, text)
		}
	}
}

// openYear opens a bloc-year as a secretariat starts one: its settings and
// its members, in order, nothing else.
func openYear(t *testing.T, st store.Store, y domain.BlocYear, units ...string) {
	t.Helper()
	ctx := context.Background()
	if err := st.PutYear(ctx, y); err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		if err := st.PutMembership(ctx, domain.Membership{Bloc: y.Bloc, Year: y.Year, Unit: u, Order: i + 1}); err != nil {
			t.Fatal(err)
		}
	}
}

// defaultCriteria gives a bloc-year the default criteria and returns them
// as stored.
func defaultCriteria(t *testing.T, st store.Store, bloc string, year int) domain.CriteriaSet {
	t.Helper()
	cs, err := criteria.Load(templates.FS, criteria.DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	cs.Bloc, cs.Year = bloc, year
	set, err := st.AddCriteria(context.Background(), cs)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// No document says a nil figure as a share: "đạt 0%", "giảm 100%".
func TestNoZeroShares(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		for _, bad := range []string{" đạt 0%", "giảm 100%"} {
			if strings.Contains(strings.ReplaceAll(d.text, "\u00a0", " "), bad) {
				t.Errorf("%s %d %s %s: %q", d.bloc, d.year, d.kind, d.unit, bad)
			}
		}
	}
}

// A written shortcoming gets the cause written for it, never a default
// cause about something else.
func TestCauseFollowsItsShortcoming(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	reopenDemo(t, st)
	ctx := context.Background()
	put := func(key, text string) {
		if err := st.PutNarrative(ctx, domain.Narrative{Bloc: demo.TrungDu, Year: 2023, Key: key, Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	put(domain.NarrWeaknesses, "Thu hút đầu tư vào các khu công nghiệp còn chậm do vướng mắc giải phóng mặt bằng.")
	put(domain.NarrCauses, "")
	text, _ := renderText(t, s, Request{Bloc: demo.TrungDu, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if strings.Contains(text, "Nguyên nhân") {
		t.Error("a default cause under a written shortcoming")
	}
	put(domain.NarrCauses, "Quỹ đất sạch chưa được bàn giao đúng tiến độ.")
	text, _ = renderText(t, s, Request{Bloc: demo.TrungDu, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if !strings.Contains(text, "Quỹ đất sạch chưa được bàn giao") {
		t.Error("the written cause is missing")
	}
}

// A proposal is one page: the list of units and their achievements is its
// attached list ("có danh sách kèm theo"), on a page of its own after the
// signature.
func TestProposalOnePage(t *testing.T) {
	n := 0
	eachOf(t, "to-trinh-khen-thuong", func(d docCase, y *domain.YearData, name string) {
		if len(y.Awarded(domain.AwardFlag))+len(y.Awarded(domain.AwardMerit)) == 0 {
			return
		}
		n++
		pages := pdftest.Pages(t, d.pdf)
		first := ""
		if len(pages) > 0 {
			first = strings.Join(strings.Fields(pages[0]), " ")
		}
		if len(pages) < 2 || !strings.Contains(first, "Lưu: VT") || !strings.Contains(first, "(có danh sách kèm theo)") {
			t.Errorf("%s: the proposal does not end on its first page", name)
		}
		if !strings.Contains(pages[len(pages)-1], "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG") && !strings.Contains(strings.Join(pages[1:], ""), "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG") {
			t.Errorf("%s: no attached list", name)
		}
	})
	if n == 0 {
		t.Error("no demo proposal proposes anyone: the test shows nothing")
	}
}

// The covenant's signature grid: in each row the titles stand on one line,
// whatever the length of each unit's name (they are 'TRƯỞNG BAN' in the
// demo), and the names on one line.
func TestCovenantRowsAligned(t *testing.T) {
	n := 0
	eachOf(t, "giao-uoc-thi-dua", func(d docCase, y *domain.YearData, name string) {
		byPage := map[int][]float64{}
		for _, w := range d.words {
			if w.Text == "TRƯỞNG" {
				byPage[w.Page] = append(byPage[w.Page], w.YMin)
			}
		}
		for page, ys := range byPage {
			slices.Sort(ys)
			// Titles of one row lie within a unit name's height of each
			// other; rows are a signature's room apart.
			for i := 1; i < len(ys); i++ {
				if gap := ys[i] - ys[i-1]; gap > 0.5 && gap < 40 {
					t.Errorf("%s page %d: titles of one row at %.1f and %.1f", name, page, ys[i-1], ys[i])
				}
			}
			n++
		}
	})
	if n == 0 {
		t.Error("no covenant signature grid read")
	}
}

// The score summary, PDF and workbook alike, is certified: whoever drew
// it up, and the bloc leader.
func TestSummaryCertified(t *testing.T) {
	eachOf(t, "bang-tong-hop-diem", func(d docCase, y *domain.YearData, name string) {
		for _, w := range []string{"NGƯỜI LẬP BIỂU", "TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG"} {
			if !strings.Contains(d.text, w) {
				t.Errorf("%s: the summary lacks %q", name, w)
			}
		}
	})
}

// Over every demo bloc-year, where the members sent their texts, the
// year-end report prints no default text: each section is the
// secretariat's, or composed from the members' texts and figures.
func TestYearEndReportsAreTheBlocsOwn(t *testing.T) {
	s, st := demoService(t)
	ctx := context.Background()
	blocs, err := st.ListBlocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, b := range blocs {
		years, err := st.ListYears(ctx, b.Slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, year := range years {
			y, err := s.LoadYear(ctx, b.Slug, year)
			if err != nil {
				continue // a year without members has no report
			}
			if len(y.Data().SentTexts(domain.PeriodYear)) == 0 {
				continue
			}
			n, err := s.Templates().DefaultSections(y.Data())
			if err != nil {
				t.Fatal(err)
			}
			if n["bao-cao-tong-ket"] != 0 {
				t.Errorf("%s %d: %d sections of the year-end report are default text", b.Slug, year, n["bao-cao-tong-ket"])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no demo bloc-year has members' texts: the test shows nothing")
	}
	t.Logf("%d bloc-years checked", checked)
	// And as printed: no sentence of the defaults (templates/documents/
	// _mac-dinh.tmpl) in a report of a year whose members sent texts.
	defaults := []string{"đã quan tâm lãnh đạo, chỉ đạo công tác thi đua", "Tiếp tục đổi mới nội dung, hình thức tổ chức",
		"là yếu tố quyết định thành công", "bối cảnh còn nhiều khó khăn, thách thức đan xen", "tiếp tục thực hiện tốt chức năng quản lý nhà nước",
		"Công tác phát hiện, bồi dưỡng, nhân rộng các điển hình", "chưa bố trí cán bộ chuyên trách", "tiếp tục quan tâm hướng dẫn nghiệp vụ"}
	eachOf(t, "bao-cao-tong-ket", func(d docCase, y *domain.YearData, name string) {
		if len(y.SentTexts(domain.PeriodYear)) == 0 {
			return
		}
		for _, def := range defaults {
			if strings.Contains(d.text, def) {
				t.Errorf("%s: default text %q", name, def)
			}
		}
	})
}
