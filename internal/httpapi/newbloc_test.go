package httpapi

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/pdftest"
)

// A bloc nobody has seen: four boards of the southern coast, made through
// the API alone as a new installation would be (no demo data of its own),
// with what a real year leaves behind — two boards wrote their texts, one
// sent nothing, one board's marks are missing, no vote was held yet. Its
// documents must read as this bloc's own: its names, its figures, nothing
// a default claims about a named unit, no placeholder shown as a finding.
func TestANewBlocReadsAsItsOwn(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	newBloc(t, ts)
	y := "/api/v1/blocs/ven-bien-nam/years/2024"

	docs := readDocs(t, ts, y, "", "kkt-kien-giang", "kkt-tra-vinh")
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	report := flat(docs["bao-cao-tong-ket"])

	// Its own names and figures.
	for _, want := range []string{"KHỐI THI ĐUA CÁC BAN QUẢN LÝ KHU KINH TẾ", "Kiên Giang", "Cà Mau", "Trà Vinh", "Bạc Liêu",
		"cảng Hòn Chông", "khu kinh tế Năm Căn", "1.250"} {
		if !strings.Contains(report, want) {
			t.Errorf("year-end report lacks %q", want)
		}
	}
	// What Kiên Giang wrote is in its mid-year report, by field.
	kg := flat(docs["so-ket-kkt-kien-giang"])
	for _, want := range []string{"cảng Hòn Chông", "xử lý nước thải tập trung"} {
		if !strings.Contains(kg, want) {
			t.Errorf("Kiên Giang's mid-year report lacks %q", want)
		}
	}
	// Trà Vinh wrote nothing: its mid-year report leaves room to write,
	// it states no finding about Trà Vinh.
	tv := flat(docs["so-ket-kkt-tra-vinh"])
	for _, bad := range []string{"đã bám sát", "cảng Hòn Chông", "Năm Căn"} {
		if strings.Contains(tv, bad) {
			t.Errorf("Trà Vinh's mid-year report says %q, which Trà Vinh never wrote", bad)
		}
	}
	// No vote was held: nothing proposed is said to be agreed, and the
	// minutes say the vote is still to be held; nobody "was elected".
	noEmptySlots(t, docs)
	if strings.Contains(report, "theo đề nghị của Khối") || strings.Contains(report, "Việc bình xét, đề nghị khen thưởng bảo đảm") {
		t.Error("the report speaks of the bloc's proposals; there are none")
	}
	if strings.Contains(report, " - dự án") || strings.Contains(report, "đạt - ") {
		t.Error("a figure nobody sent is written as '-' in a sentence")
	}
	if m := flat(docs["bien-ban-binh-xet"]); strings.Contains(m, "phiếu đồng ý, đạt") {
		t.Errorf("minutes report a vote that was not held")
	}
	// Bạc Liêu sent no marks: the summary says so, it is not ranked.
	if s := flat(docs["bang-tong-hop-diem"]); !strings.Contains(s, "chưa nộp") && !strings.Contains(s, "Chưa nộp") {
		t.Errorf("score summary does not say a board has not sent: %.400s", s)
	}
}

// A bloc-year with nothing but its members — no leader, no criteria, no
// figure, no text, no setting — still gives documents with room to write
// what is missing, never an empty slot between punctuation.
func TestABareBlocYearLeavesRoomNotGaps(t *testing.T) {
	pdftest.Need(t)
	ts := newTestServer(t)
	ts.want(ts.do("POST", "/api/v1/units", map[string]any{"slug": "kcn-hau-giang", "kind": "KCN",
		"names":    []map[string]any{{"full_name": "Ban Quản lý các khu công nghiệp tỉnh Hậu Giang"}},
		"province": []map[string]any{{"full_name": "Hậu Giang"}}}), 201)
	ts.want(ts.do("POST", "/api/v1/blocs", map[string]any{"slug": "khoi-trong",
		"names":  []map[string]any{{"full_name": "Khối thi đua thử nghiệm"}},
		"parent": []map[string]any{{"full_name": "Bộ Kế hoạch và Đầu tư"}}}), 201)
	y := "/api/v1/blocs/khoi-trong/years/2024"
	ts.want(ts.do("PUT", y+"/members/kcn-hau-giang", map[string]any{}), 200)
	docs := readDocs(t, ts, y, "trong-", "kcn-hau-giang")
	noEmptySlots(t, docs)
	// Decree 30's place-date line is there, with room for the place.
	for _, kind := range []string{"bao-cao-tong-ket", "bien-ban-binh-xet", "to-trinh-khen-thuong", "giao-uoc-thi-dua", "so-ket-kcn-hau-giang"} {
		if !strings.Contains(docs[kind], ", ngày") {
			t.Errorf("%s has no place-date line: %.300s", kind, docs[kind])
		}
	}
	if !strings.Contains(docs["so-ket-kcn-hau-giang"], "TRƯỞNG BAN") {
		t.Error("the board's report is signed without its head's title")
	}
}

// readDocs downloads a bloc-year's documents and its units' mid-year
// reports as PDFs, checks their margins, and returns their text by kind
// ("so-ket-UNIT" for a unit's); with THIDUA_REVIEW set they are kept, their
// names starting with prefix.
func readDocs(t *testing.T, ts *testServer, y, prefix string, units ...string) map[string]string {
	t.Helper()
	paths := map[string]string{}
	for _, kind := range []string{"bao-cao-tong-ket", "bang-tong-hop-diem", "bien-ban-binh-xet", "to-trinh-khen-thuong", "giao-uoc-thi-dua"} {
		paths[kind] = y + "/documents/" + kind + ".pdf"
	}
	for _, u := range units {
		paths["so-ket-"+u] = y + "/units/" + u + "/documents/bao-cao-so-ket.pdf"
	}
	docs := map[string]string{}
	for name, path := range paths {
		r := ts.do("GET", path, nil)
		ts.want(r, 200)
		pdftest.CheckLayout(t, r.Body, 20, 20, 30, 15)
		docs[name] = textWithBlanks(t, r.Body)
		keep(t, prefix+name, r.Body)
	}
	return docs
}

// noEmptySlots fails on what an empty value leaves in a sentence: a dash
// or colon before punctuation, empty brackets, a comma after a space.
func noEmptySlots(t *testing.T, docs map[string]string) {
	t.Helper()
	for kind, text := range docs {
		flat := strings.Join(strings.Fields(text), " ")
		for _, bad := range []string{"Hội nghị đã bầu", "[U+", "<no value>", "%!", "NaN", "0001",
			"- ,", "- ;", "()", "( )", " )", "( ", "), (", " ,", " ;", ": .", ": ,", ", .", ", ;", "; .", "là .", "là ,"} {
			if i := strings.Index(flat, bad); i >= 0 {
				t.Errorf("%s contains %q: …%s…", kind, bad, flat[max(0, i-60):min(len(flat), i+60)])
			}
		}
	}
}

// textWithBlanks is a PDF's words in reading order, with "▁" glued where
// a line leaves a wide gap: the room a form leaves to write by hand
// ("giờ▁, ngày"), which an empty value ("là .") is not.
func textWithBlanks(t *testing.T, pdf []byte) string {
	t.Helper()
	var b strings.Builder
	var prev pdftest.Word
	for i, w := range pdftest.Words(t, pdf) {
		switch {
		case i == 0:
		case w.Page == prev.Page && abs(w.YMin-prev.YMin) < 2 && w.XMin-prev.XMax > 12:
			b.WriteString("▁")
		default:
			b.WriteString(" ")
		}
		b.WriteString(w.Text)
		prev = w
	}
	return b.String()
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// keep writes a document for a person to look at when THIDUA_REVIEW names
// a folder (go test -run TestANewBloc with THIDUA_REVIEW=/tmp/review).
func keep(t *testing.T, name string, pdf []byte) {
	dir := os.Getenv("THIDUA_REVIEW")
	if dir == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// newBloc makes the bloc, its boards, its year, criteria, marks, figures
// and texts through the API, as an administrator and then the boards.
func newBloc(t *testing.T, ts *testServer) {
	t.Helper()
	type unit struct{ slug, kind, name, short, province, head string }
	units := []unit{
		{"kkt-kien-giang", "KKT", "Ban Quản lý Khu kinh tế tỉnh Kiên Giang", "BQL KKT tỉnh Kiên Giang", "Kiên Giang", "Trần Văn Hải"},
		{"kkt-ca-mau", "KKT", "Ban Quản lý Khu kinh tế tỉnh Cà Mau", "BQL KKT tỉnh Cà Mau", "Cà Mau", "Lê Thị Ngọc Hân"},
		{"kcn-bac-lieu", "KCN", "Ban Quản lý các khu công nghiệp tỉnh Bạc Liêu", "BQL các KCN tỉnh Bạc Liêu", "Bạc Liêu", "Huỳnh Minh Tâm"},
		{"kkt-tra-vinh", "KKT", "Ban Quản lý Khu kinh tế tỉnh Trà Vinh", "BQL KKT tỉnh Trà Vinh", "Trà Vinh", "Thạch Sô Phol"},
	}
	for _, u := range units {
		ts.want(ts.do("POST", "/api/v1/units", map[string]any{"slug": u.slug, "kind": u.kind,
			"names":    []map[string]any{{"full_name": u.name, "short_name": u.short}},
			"province": []map[string]any{{"full_name": u.province}}}), 201)
	}
	ts.want(ts.do("POST", "/api/v1/blocs", map[string]any{"slug": "ven-bien-nam",
		"names":  []map[string]any{{"full_name": "Khối thi đua các Ban Quản lý khu kinh tế ven biển phía Nam"}},
		"parent": []map[string]any{{"full_name": "Bộ Kế hoạch và Đầu tư"}}}), 201)
	y := "/api/v1/blocs/ven-bien-nam/years/2024"
	for i, u := range units {
		ts.want(ts.do("PUT", y+"/members/"+u.slug, map[string]any{"head_name": u.head, "head_title": "Trưởng ban", "staff": 30 + 7*i}), 200)
	}
	ts.want(ts.do("PUT", y, map[string]any{"leader": "kkt-kien-giang", "deputy": "kkt-ca-mau"}), 200)
	criteria, err := os.ReadFile("../../templates/criteria/mac-dinh.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ts.want(ts.do("POST", y+"/criteria", string(criteria), "Content-Type", "application/yaml"), 201)

	// Marks: three boards; Bạc Liêu sends none.
	r := ts.do("GET", y+"/criteria", nil)
	ts.want(r, 200)
	type line struct {
		code string
		max  float64
	}
	var lines []line
	for _, s := range r.JSON["criteria"].(map[string]any)["sections"].([]any) {
		for _, c := range s.(map[string]any)["criteria"].([]any) {
			m := c.(map[string]any)
			max, _ := m["max"].(float64)
			lines = append(lines, line{m["code"].(string), max})
		}
	}
	for i, u := range []string{"kkt-kien-giang", "kkt-ca-mau", "kkt-tra-vinh"} {
		var scores []map[string]any
		for j, l := range lines {
			scores = append(scores, map[string]any{"code": l.code, "self": l.max - float64((i+j)%3)*0.25})
		}
		ts.want(ts.do("PUT", y+"/units/"+u+"/scores", map[string]any{"scores": scores}), 200)
	}
	// Figures, exact and in Vietnamese grouping once printed.
	figures := map[string]map[string]any{
		"kkt-kien-giang": {"new_projects": 12, "registered_capital": "1250", "workers": 8400},
		"kkt-ca-mau":     {"new_projects": 5, "registered_capital": "610,5", "workers": 3100},
		"kcn-bac-lieu":   {"new_projects": 2, "registered_capital": "95", "workers": 1200},
		"kkt-tra-vinh":   {"new_projects": 3, "registered_capital": "320", "workers": 2600},
	}
	for u, f := range figures {
		ts.want(ts.do("PUT", y+"/units/"+u+"/indicators/year", f), 200)
	}
	// Texts: Kiên Giang and Cà Mau write theirs and send them; Trà Vinh
	// writes a draft it never sends; Bạc Liêu writes nothing.
	texts := map[string]map[string]string{
		"kkt-kien-giang": {
			"thu-hut-dau-tu": "Thu hút 12 dự án mới, trong đó dự án cảng Hòn Chông mở rộng với vốn đăng ký 1.250 tỷ đồng.",
			"moi-truong":     "Đưa vào vận hành nhà máy xử lý nước thải tập trung khu công nghiệp Thạnh Lộc.",
			"han-che":        "Giải phóng mặt bằng khu công nghiệp Thạnh Lộc giai đoạn 2 còn chậm.",
			"nguyen-nhan":    "Đơn giá bồi thường chưa được phê duyệt kịp thời.",
		},
		"kkt-ca-mau": {
			"thu-hut-dau-tu":        "Hoàn thành quy hoạch chung khu kinh tế Năm Căn; thu hút 5 dự án mới.",
			"doanh-nghiep-lao-dong": "Tổ chức đối thoại với 40 doanh nghiệp về nhà ở cho người lao động.",
		},
	}
	for u, fields := range texts {
		ts.want(ts.do("PUT", y+"/units/"+u+"/texts/year", map[string]any{"fields": fields, "send": true}), 200)
		ts.want(ts.do("PUT", y+"/units/"+u+"/texts/h1", map[string]any{"fields": fields, "send": true}), 200)
	}
	ts.want(ts.do("PUT", y+"/units/kkt-tra-vinh/texts/year", map[string]any{"fields": map[string]string{"thu-hut-dau-tu": "Nháp chưa gửi."}}), 200)
}

// The new bloc's workbooks: the summary and a board's scoring workbook
// name the bloc and its boards, and no cell holds an empty slot.
func TestANewBlocsWorkbooks(t *testing.T) {
	ts := newTestServer(t)
	newBloc(t, ts)
	y := "/api/v1/blocs/ven-bien-nam/years/2024"
	for _, path := range []string{y + "/documents/bang-tong-hop-diem.xlsx", y + "/units/kcn-bac-lieu/phieu-cham-diem.xlsx"} {
		r := ts.do("GET", path, nil)
		ts.want(r, 200)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		var all strings.Builder
		for _, sheet := range f.GetSheetList() {
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows {
				for _, cell := range row {
					all.WriteString(cell + "\n")
				}
			}
		}
		if dir := os.Getenv("THIDUA_REVIEW"); dir != "" {
			os.WriteFile(filepath.Join(dir, filepath.Base(path)+".txt"), []byte(all.String()), 0o644)
		}
		text := all.String()
		for _, want := range []string{"ven biển phía Nam", "Bạc Liêu"} {
			if !strings.Contains(strings.ToLower(text), strings.ToLower(want)) {
				t.Errorf("%s lacks %q", path, want)
			}
		}
		noEmptySlots(t, map[string]string{path: text})
	}
}
