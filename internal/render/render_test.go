package render

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/pdftest"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

func demoService(t testing.TB) (*Service, *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return loadedService(t, st)
}

// reopenDemo reopens every year the demo closed after its conference,
// for a test that changes past years' data.
func reopenDemo(t testing.TB, st *sqlstore.Store) {
	t.Helper()
	if err := demo.ReopenAll(context.Background(), st); err != nil {
		t.Fatal(err)
	}
}

// demoStore is demoService over a store in a folder of its own that lives
// as long as the test binary (for results shared by several tests).
func demoStore(t testing.TB) (*Service, *sqlstore.Store) {
	t.Helper()
	dir, err := os.MkdirTemp("", "thidua-render-")
	if err != nil {
		t.Fatal(err)
	}
	sharedDirs = append(sharedDirs, dir)
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	return loadedService(t, st)
}

// sharedDirs are removed when the tests end.
var sharedDirs []string

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range sharedDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

func loadedService(t testing.TB, st *sqlstore.Store) (*Service, *sqlstore.Store) {
	ctx := context.Background()
	if err := demo.Load(ctx, st, templates.FS); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: st, Templates: templates.FS})
	if err != nil {
		t.Fatal(err)
	}
	return s, st
}

const (
	quocHieu = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	tieuNgu  = "Độc lập - Tự do - Hạnh phúc"
)

// TestEveryKindForEveryDemoBloc reads back each of the six kinds for each
// demo bloc and year (every member's mid-year report), as rendered once for
// all the tests (everyDocument).
func TestEveryKindForEveryDemoBloc(t *testing.T) {
	docs, _, _ := everyDocument(t)
	for _, d := range docs {
		bloc, year, kind, text := d.bloc, d.year, d.kind, d.text
		pdftest.CheckLayout(t, d.pdf, 20, 20, 30, 15)
		wants := []string{quocHieu, tieuNgu}
		if kind == "bang-tong-hop-diem" {
			// The summary is the appendix of the minutes, not a
			// document with a head and number of its own.
			wants = []string{"PHỤ LỤC", "(Kèm theo Biên bản họp bình xét thi đua, khen thưởng năm " + strconv.Itoa(year)}
			if strings.Contains(text, quocHieu) || strings.Contains(text, "Số:") || strings.Contains(text, "BTH") {
				t.Errorf("%s %d summary has a head or number of its own", bloc, year)
			}
		}
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("%s %d %s: %q missing", bloc, year, kind, want)
			}
		}
		if kind != "bao-cao-so-ket" && kind != "to-trinh-khen-thuong" {
			// Every member appears by name (the proposal names only those proposed).
			for _, m := range d.y.Members {
				if !strings.Contains(text, m.Name.Short) && !strings.Contains(text, m.Name.Full) && !strings.Contains(text, strings.ToUpper(m.Name.Short)) {
					t.Errorf("%s %d %s: member %q missing", bloc, year, kind, m.Name.Short)
				}
			}
		}
		if strings.ContainsRune(text, '\uFFFD') || strings.Contains(text, "<no value>") || strings.Contains(text, "ngày ngày") || strings.Contains(text, "ST T") {
			t.Errorf("%s %d %s: garbled text", bloc, year, kind)
		}
	}
}

func renderText(t *testing.T, s *Service, req Request) (string, File) {
	t.Helper()
	f, err := s.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	// Pages joined as one text, without the page numbers (from page 2,
	// drawn first on their page), so that a sentence reads across a break.
	var b strings.Builder
	for i, p := range pdftest.Pages(t, f.Data) {
		if i > 0 {
			p = strings.TrimPrefix(strings.TrimLeft(p, " \n"), strconv.Itoa(i+1)+"\n")
		}
		b.WriteString(p + " ")
	}
	return strings.Join(strings.Fields(b.String()), " "), f
}

func TestReportContent(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	text, f := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2022, Kind: "bao-cao-tong-ket", Format: "pdf"})
	for _, want := range []string{
		"BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "BÁO CÁO", "Khánh Hòa, ngày 06 tháng 01 năm 2023", "Số: 01/BC-KTĐ",
		"61.803", "21.857", "397.701", "43.448", "936 công chức", "80 dự án", "130 dự án",
		"Tặng Cờ thi đua cho Ban Quản lý Khu kinh tế Vân Phong, Ban Quản lý Khu kinh tế tỉnh Kon Tum",
		"TM. KHỐI THI ĐUA", "KHỐI TRƯỞNG", "Nguyễn Trọng Hoàng", "Nơi nhận:", "Lưu: VT",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("2022 report lacks %q", want)
		}
	}
	if !strings.HasSuffix(f.Name, ".pdf") || !strings.Contains(f.Name, "Báo cáo tổng kết năm 2022") {
		t.Errorf("file name %q", f.Name)
	}
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bien-ban-binh-xet", Format: "pdf"})
	for _, want := range []string{"Quảng Ngãi, ngày 28 tháng 12 năm 2023", "BIÊN BẢN", "Hội trường khách sạn Cẩm Thành", "11/11 phiếu đồng ý, đạt 100%", "Khối trưởng năm 2024"} {
		if !strings.Contains(text, want) {
			t.Errorf("2023 minutes lack %q", want)
		}
	}
	// 2024: Phú Yên has not submitted: "Chưa nộp", never zero.
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2024, Kind: "bang-tong-hop-diem", Format: "pdf"})
	if !strings.Contains(text, "Chưa nộp") || !strings.Contains(text, "1 đơn vị chưa nộp (BQL KKT tỉnh Phú Yên)") {
		t.Errorf("2024 summary does not mark the missing sheet: %s", text)
	}
	// Names are those of the year: after the 2025 rename, 2023 still prints Thừa Thiên Huế.
	ctx := context.Background()
	if err := st.PutMembership(ctx, domain.Membership{Bloc: demo.BacTrung, Year: 2025, Unit: "thua-thien-hue"}); err != nil {
		t.Fatal(err)
	}
	text, _ = renderText(t, s, Request{Bloc: demo.BacTrung, Year: 2023, Kind: "giao-uoc-thi-dua", Format: "pdf"})
	if !strings.Contains(text, "THỪA THIÊN HUẾ") || strings.Contains(text, "THÀNH PHỐ HUẾ") {
		t.Errorf("2023 covenant uses later names")
	}
	text, _ = renderText(t, s, Request{Bloc: demo.BacTrung, Year: 2025, Kind: "giao-uoc-thi-dua", Format: "pdf"})
	if !strings.Contains(text, "THÀNH PHỐ HUẾ") || !strings.Contains(text, "BỘ TÀI CHÍNH") {
		t.Errorf("2025 covenant does not use 2025 names: %s", text)
	}
	// One board's mid-year report.
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-so-ket", Unit: "van-phong", Format: "pdf"})
	for _, want := range []string{"UBND TỈNH KHÁNH HÒA", "BAN QUẢN LÝ KHU KINH TẾ VÂN PHONG", "6 tháng đầu năm 2023", "Khánh Hòa, ngày"} {
		if !strings.Contains(text, want) {
			t.Errorf("so-ket lacks %q", want)
		}
	}
}

func TestRenderErrorsAndCache(t *testing.T) {
	s, st := demoService(t)
	reopenDemo(t, st)
	ctx := context.Background()
	for _, req := range []Request{
		{Bloc: demo.TayNguyen, Year: 2023, Kind: "khong-co", Format: "pdf"},
		{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "odt"},
		{Bloc: demo.TayNguyen, Year: 2023, Kind: "phieu-cham-diem", Unit: "van-phong", Format: "docx"},
		{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Unit: "van-phong", Format: "pdf"},
	} {
		if _, err := s.Render(ctx, req); err != ErrUnknownKind {
			t.Errorf("%+v: %v", req, err)
		}
	}
	if _, err := s.Render(ctx, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-so-ket", Unit: "bac-giang", Format: "pdf"}); err == nil {
		t.Error("a non-member's report rendered")
	}
	if _, err := s.Render(ctx, Request{Bloc: demo.TayNguyen, Year: 1999, Kind: "bao-cao-tong-ket", Format: "pdf"}); err == nil {
		t.Error("a year without members rendered")
	}
	req := Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "to-trinh-khen-thuong", Format: "pdf"}
	a, err := s.Render(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := s.Render(ctx, req)
	if a.ETag != b.ETag || &a.Data[0] != &b.Data[0] {
		t.Error("second render not served from the cache")
	}
	// A change of the data changes the ETag.
	if err := s.store.(*sqlstore.Store).PutNarrative(ctx, domain.Narrative{Bloc: demo.TayNguyen, Year: 2023, Key: domain.NarrDirections, Text: "Mới"}); err != nil {
		t.Fatal(err)
	}
	c, _ := s.Render(ctx, req)
	if c.ETag == a.ETag {
		t.Error("ETag unchanged after the data changed")
	}
}

func TestTemplateErrorsNameFileAndLine(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, k := range document.PDFKinds() {
		fsys["documents/"+k+".tmpl"] = &fstest.MapFile{Data: []byte("@kind X\n")}
	}
	fsys["documents/bao-cao-tong-ket.tmpl"] = &fstest.MapFile{Data: []byte("@kind BÁO CÁO\n@p ok\n@p {{.Year\n")}
	_, err := New(Config{Templates: fsys})
	if err == nil || !strings.Contains(err.Error(), "bao-cao-tong-ket.tmpl:3") {
		t.Fatalf("err = %v", err)
	}
	delete(fsys, "documents/giao-uoc-thi-dua.tmpl")
	fsys["documents/bao-cao-tong-ket.tmpl"] = &fstest.MapFile{Data: []byte("@kind X\n")}
	if _, err := New(Config{Templates: fsys}); err == nil || !strings.Contains(err.Error(), "giao-uoc-thi-dua.tmpl") {
		t.Fatalf("missing template: %v", err)
	}
}

func TestTemplatesOverriddenFromDisk(t *testing.T) {
	pdftest.Need(t)
	_, st := demoService(t)
	dir := t.TempDir()
	if err := os.CopyFS(dir, templates.FS); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "documents", "to-trinh-khen-thuong.tmpl")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), "Kính gửi:", "Kính gửi đồng chí:", 1)), 0o644)
	s, err := New(Config{Store: st, Templates: os.DirFS(dir)})
	if err != nil {
		t.Fatal(err)
	}
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "to-trinh-khen-thuong", Format: "pdf"})
	if !strings.Contains(text, "Kính gửi đồng chí:") {
		t.Error("template from disk not used")
	}
	info := pdftest.Info(t, mustRender(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "to-trinh-khen-thuong", Format: "pdf"}))
	if info["Title"] != "Tờ trình đề nghị khen thưởng năm 2023" || !strings.Contains(info["Author"], "Khối thi đua") || !strings.Contains(info["CreationDate"], "2023") {
		t.Errorf("PDF info %v", info)
	}
}

func mustRender(t *testing.T, s *Service, req Request) []byte {
	t.Helper()
	f, err := s.Render(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return f.Data
}

func TestConcurrentRequestsShareOneRendering(t *testing.T) {
	s, _ := demoService(t)
	req := Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"}
	var wg sync.WaitGroup
	etags := make([]string, 8)
	for i := range etags {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			f, err := s.Render(context.Background(), req)
			if err != nil {
				t.Error(err)
				return
			}
			etags[i] = f.ETag
		}(i)
	}
	wg.Wait()
	for _, e := range etags {
		if e != etags[0] {
			t.Fatalf("different ETags %v", etags)
		}
	}
	if n := s.renders.Load(); n != 1 {
		t.Errorf("%d renderings for 8 simultaneous requests of one document", n)
	}
}

// TestMergedBoardsHaveTheirHalfYear: boards merged into others on 1 July
// 2025 were members until 30 June: each has its mid-year report, headed by
// its own province's committee and its own name, with its own figures; it
// has no scoring workbook for the year, and the year's documents list the
// members at the year's end.
func TestMergedBoardsHaveTheirHalfYear(t *testing.T) {
	pdftest.Need(t)
	_, st := demoStore(t)
	s, err := New(Config{Store: st, Templates: templates.FS, Workbooks: xlsx.Workbooks{}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct{ bloc, unit, committee, board, place string }{
		{demo.TayNguyen, "phu-yen", "UBND TỈNH PHÚ YÊN", "KINH TẾ TỈNH PHÚ YÊN", "Phú Yên, ngày"},
		{demo.TayNguyen, "kon-tum", "UBND TỈNH KON TUM", "TỈNH KON TUM", "Kon Tum, ngày"},
		{demo.TayNguyen, "quang-nam", "UBND TỈNH QUẢNG NAM", "TỈNH QUẢNG NAM", "Quảng Nam, ngày"},
		{demo.TrungDu, "hoa-binh", "UBND TỈNH HÒA BÌNH", "TỈNH HÒA BÌNH", "Hòa Bình, ngày"},
		{demo.TrungDu, "bac-kan", "UBND TỈNH BẮC KẠN", "TỈNH BẮC KẠN", "Bắc Kạn, ngày"},
		{demo.BacTrung, "quang-binh", "UBND TỈNH QUẢNG BÌNH", "TỈNH QUẢNG BÌNH", "Quảng Bình, ngày"},
	} {
		f, err := s.Render(ctx, Request{Bloc: c.bloc, Year: 2025, Kind: "bao-cao-so-ket", Unit: c.unit, Format: "pdf"})
		if err != nil {
			t.Fatalf("%s: %v", c.unit, err)
		}
		page := strings.Join(strings.Fields(pdftest.Pages(t, f.Data)[0]), " ")
		for _, want := range []string{c.committee, c.board, c.place, "6 tháng đầu năm 2025"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: first page lacks %q:\n%.600s", c.unit, want, page)
			}
		}
		all := strings.Join(strings.Fields(pdftest.Text(t, f.Data)), " ")
		if !strings.Contains(all, "NHIỆM VỤ ĐẾN KHI SÁP NHẬP") || !strings.Contains(all, "từ ngày 01/7/2025") || strings.Contains(all, "6 THÁNG CUỐI NĂM") {
			t.Errorf("%s: its tasks should be the handover of 1 July, not a second half it does not have", c.unit)
		}
		for _, wrong := range []string{"ĐẮK LẮK", "QUẢNG NGÃI", "ĐÀ NẴNG", "PHÚ THỌ", "THÁI NGUYÊN", "QUẢNG TRỊ"} {
			if strings.Contains(page, "UBND TỈNH "+wrong) || strings.Contains(page, "UBND THÀNH PHỐ "+wrong) {
				t.Errorf("%s: headed by the committee it merged into (%s)", c.unit, wrong)
			}
		}
		if _, err := s.Render(ctx, Request{Bloc: c.bloc, Year: 2025, Kind: "phieu-cham-diem", Unit: c.unit, Format: "xlsx"}); !errors.Is(err, domain.ErrNotFound) {
			t.Errorf("%s: a scoring workbook of 2025: %v", c.unit, err)
		}
	}
	// A board whose province joined another on 1 July reports on its
	// first half under its name of then, from where it was then, and is
	// scored for the year under its new name.
	f, err := s.Render(ctx, Request{Bloc: demo.TrungDu, Year: 2025, Kind: "bao-cao-so-ket", Unit: "bac-giang", Format: "pdf"})
	if err != nil {
		t.Fatal(err)
	}
	page := strings.Join(strings.Fields(pdftest.Pages(t, f.Data)[0]), " ")
	for _, want := range []string{"UBND TỈNH BẮC GIANG", "TỈNH BẮC GIANG", "Bắc Giang, ngày"} {
		if !strings.Contains(page, want) {
			t.Errorf("bac-giang: first page lacks %q:\n%.600s", want, page)
		}
	}
	if strings.Contains(page, "BẮC NINH") {
		t.Errorf("bac-giang: its first-half report is headed by the province it joined later:\n%.600s", page)
	}
	wb, err := s.Render(ctx, Request{Bloc: demo.TrungDu, Year: 2025, Kind: "phieu-cham-diem", Unit: "bac-giang", Format: "xlsx"})
	if err != nil {
		t.Fatal(err)
	}
	if x, err := excelize.OpenReader(bytes.NewReader(wb.Data)); err != nil {
		t.Fatal(err)
	} else {
		rows, _ := x.GetRows(x.GetSheetName(0))
		var head string
		for _, r := range rows[:min(len(rows), 8)] {
			head += strings.Join(r, " ") + " "
		}
		if !strings.Contains(head, "Bắc Ninh") && !strings.Contains(head, "BẮC NINH") {
			t.Errorf("bac-giang: the 2025 scoring workbook does not carry its name of the year's end: %q", head)
		}
	}
	// A board merged in 2025 has no report of 2026's first half, and one
	// that never was a member none of 2025's.
	if _, err := s.Render(ctx, Request{Bloc: demo.TayNguyen, Year: 2025, Kind: "bao-cao-so-ket", Unit: "nghe-an", Format: "pdf"}); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("a non-member's half-year report: %v", err)
	}
	rep, err := s.Render(ctx, Request{Bloc: demo.TayNguyen, Year: 2025, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if err != nil {
		t.Fatal(err)
	}
	if text := pdftest.Text(t, rep.Data); strings.Contains(text, "BQL KKT tỉnh Phú Yên") && !strings.Contains(text, "hợp nhất vào") {
		t.Error("the year-end report lists Phú Yên's board as a member without saying it merged")
	}
}

// TestReportsComparedWithThePlan: the year-end report says how much of the
// year's plan the bloc reached, the half-year report how much of its own
// plan a board reached in six months — computed from the stored figures,
// exactly; and nothing when a member registered no plan.
func TestReportsComparedWithThePlan(t *testing.T) {
	pdftest.Need(t)
	s, st := demoService(t)
	reopenDemo(t, st)
	ctx := context.Background()
	sum := func(period string) domain.IndicatorTotals {
		rows, err := st.ListIndicators(ctx, demo.TayNguyen, 2023, period)
		if err != nil {
			t.Fatal(err)
		}
		return domain.SumIndicators(rows)
	}
	share := func(num, den domain.Decimal) string {
		pm := int64(num) * 1000 / int64(den)
		if r := int64(num) * 1000 % int64(den); 2*r >= int64(den) {
			pm++
		}
		return domain.FormatDecimal(domain.Decimal(pm * 100))
	}
	actual, plan := sum(domain.PeriodYear), sum(domain.PeriodPlan)
	want := "so với kế hoạch năm, số dự án mới đạt " + share(domain.Decimal(*actual.NewProjects), domain.Decimal(*plan.NewProjects)) +
		"%, vốn đăng ký đạt " + share(*actual.RegisteredCapital, *plan.RegisteredCapital) + "%"
	text, _ := renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if !strings.Contains(text, want) {
		t.Errorf("the report lacks %q", want)
	}
	h1, _ := st.ListIndicators(ctx, demo.TayNguyen, 2023, domain.PeriodH1)
	plans, _ := st.ListIndicators(ctx, demo.TayNguyen, 2023, domain.PeriodPlan)
	var a, p domain.Indicators
	for _, r := range h1 {
		if r.Unit == "dak-lak" {
			a = r
		}
	}
	for _, r := range plans {
		if r.Unit == "dak-lak" {
			p = r
		}
	}
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-so-ket", Unit: "dak-lak", Format: "pdf"})
	if w := "So với kế hoạch năm 2023: số dự án mới đạt " + share(domain.Decimal(*a.NewProjects), domain.Decimal(*p.NewProjects)) + "%"; !strings.Contains(text, w) {
		t.Errorf("the half-year report lacks %q", w)
	}
	// One member's plan without figures: the bloc's totals are not
	// compared with a plan that is not whole.
	if err := st.PutIndicators(ctx, domain.Indicators{Unit: "dak-lak", Year: 2023, Period: domain.PeriodPlan}); err != nil {
		t.Fatal(err)
	}
	text, _ = renderText(t, s, Request{Bloc: demo.TayNguyen, Year: 2023, Kind: "bao-cao-tong-ket", Format: "pdf"})
	if strings.Contains(text, "so với kế hoạch năm") {
		t.Error("compared with a plan that a member did not register")
	}
}
