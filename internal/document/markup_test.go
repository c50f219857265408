package document

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParseDocument(t *testing.T) {
	src := `@parent BỘ KẾ HOẠCH VÀ ĐẦU TƯ
@issuer KHỐI THI ĐUA
@issuer TÂY NGUYÊN
@number Số: 05/BC-KTĐ
@place ` + norm.NFD.String("Quảng Ngãi") + `
@date 2023-12-28
@landscape
@kind BÁO CÁO
@subject Tổng kết năm 2023
@h1 I. TÌNH HÌNH
Một đoạn **đậm** và __nghiêng__, có dấu \* sao và \| gạch.
@li một
@li hai
@li2 con
@table widths=1,2 align=C,R totals=1
@hr | {rs=2} A | B |
@hr | C |
@tr | 1 | {b,cs=1} x\|y |
@tr | {cs=2} Tổng |
@endtable
@signers cols=2
@signer TM. KHỐI | KHỐI TRƯỞNG | Nguyễn Văn A
@signer-line BQL KKT
@recipient - Lưu: VT.
@endsigners
`
	doc, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	h := doc.Header
	if h.Issuer != "KHỐI THI ĐUA\nTÂY NGUYÊN" || h.Place != "Quảng Ngãi" || h.Date.Day() != 28 || !h.Landscap {
		t.Errorf("header %+v", h)
	}
	if len(doc.Blocks) != 7 {
		t.Fatalf("%d blocks: %#v", len(doc.Blocks), doc.Blocks)
	}
	title := doc.Blocks[0].(Title)
	if title.Kind != "BÁO CÁO" || len(title.Subject) != 1 {
		t.Errorf("title %+v", title)
	}
	p := doc.Blocks[2].(Paragraph)
	if len(p.Runs) != 5 || !p.Runs[1].Bold || !p.Runs[3].Italic || p.Runs[4].Text != ", có dấu * sao và | gạch." {
		t.Errorf("runs %+v", p.Runs)
	}
	if l := doc.Blocks[3].(List); len(l.Items) != 2 || l.Bullet != "-" {
		t.Errorf("list %+v", l)
	}
	tb := doc.Blocks[5].(Table)
	if len(tb.Header) != 2 || len(tb.Rows) != 2 || tb.Header[0][0].RowSpan != 2 || tb.Rows[1][0].ColSpan != 2 || PlainText(tb.Rows[0][1].Runs) != "x|y" || !tb.Rows[0][1].Bold {
		t.Errorf("table %+v", tb)
	}
	sg := doc.Blocks[6].(Signatures)
	if sg.Columns != 2 || sg.Signers[0].Lines[0] != "BQL KKT" || sg.Recipients[0] != "- Lưu: VT." {
		t.Errorf("signatures %+v", sg)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"@bogus x", "chỉ thị không rõ"},
		{"@date 28/12/2023", "YYYY-MM-DD"},
		{"@table widths=1,2\n@tr | a | b | c |\n@endtable", "3 cột"},
		{"@table widths=1\n@tr | a |", "thiếu @endtable"},
		{"@table\n@endtable", "widths"},
		{"@tr | a |", "ngoài khối"},
		{"@signers\n@signer a | b\n@endsigners", "3 phần"},
		{"@signers\n@endsigners", "chưa có người ký"},
		{"@subject x", "@kind"},
		{"@table widths=1\n@tr | {rs=2} a |\n@endtable", "gộp dòng"},
		{"@table widths=1\n@hr | {rs=3} a |\n@endtable", "vượt"},
		{"@table widths=1\n@tr | {zz} a |\n@endtable", "thuộc tính"},
	} {
		_, err := Parse(c.src)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) || se.Line == 0 {
			t.Errorf("Parse(%q) = %v, want %q", c.src, err, c.want)
		}
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{"a*b", "**x**", "__y__", "a|b", "{b} x", `c:\path`, "@start", "dòng\nmới"} {
		doc, err := Parse("@p " + Escape(s))
		if err != nil {
			t.Fatal(err)
		}
		got := PlainText(doc.Blocks[0].(Paragraph).Runs)
		want := strings.ReplaceAll(s, "\n", " ")
		if got != want {
			t.Errorf("Escape round trip %q -> %q", s, got)
		}
	}
}

// FuzzParse checks the markup parser never panics and that what it
// returns is NFC.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"@kind BÁO CÁO\n@subject x\n@p **a** __b__",
		"@table widths=1,2\n@hr | {rs=2,cs=2} a |\n@tr | {cs=9} b |\n@endtable",
		"@signers cols=3\n@signer a | b | c\n@signer-line d\n@endsigners",
		"@li a\n@li2 b\n@landscape\n@space 12\n@ps 11 x",
		"\\@p \\*\\* {x}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		doc, err := Parse(src)
		if err != nil {
			return
		}
		for _, b := range doc.Blocks {
			if p, ok := b.(Paragraph); ok {
				if s := PlainText(p.Runs); !norm.NFC.IsNormalString(s) {
					t.Errorf("not NFC: %q", s)
				}
			}
		}
	})
}
