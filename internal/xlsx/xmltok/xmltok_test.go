package xmltok

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// transcript writes tokens one a line, adjacent character data joined and
// character data outside the root dropped, so that two readers' tokens
// compare as text.
type transcript struct {
	out  strings.Builder
	text []byte
}

func (tr *transcript) chars(b []byte, depth int) {
	if depth > 0 {
		tr.text = append(tr.text, b...)
	}
}

func (tr *transcript) flush() {
	if len(tr.text) > 0 {
		fmt.Fprintf(&tr.out, "text %q\n", tr.text)
		tr.text = tr.text[:0]
	}
}

func (tr *transcript) start(name string, attrs [][2]string) {
	tr.flush()
	fmt.Fprintf(&tr.out, "start %s", name)
	for _, a := range attrs {
		fmt.Fprintf(&tr.out, " %s=%q", a[0], a[1])
	}
	tr.out.WriteString("\n")
}

func (tr *transcript) end(name string) {
	tr.flush()
	fmt.Fprintf(&tr.out, "end %s\n", name)
}

func (tr *transcript) String() string {
	tr.flush()
	return tr.out.String()
}

// tokens renders what this tokenizer reads.
func tokens(b []byte) (string, error) {
	var t Tokenizer
	if err := t.Reset(b); err != nil {
		return "", err
	}
	var tr transcript
	for {
		k, err := t.Next()
		if err != nil {
			return "", err
		}
		switch k {
		case EOF:
			return tr.String(), nil
		case CharData:
			tr.chars(t.Text(), t.Depth())
		case StartElement:
			var attrs [][2]string
			for _, a := range t.attrs {
				v, _ := unescapeTo(nil, a.raw)
				attrs = append(attrs, [2]string{string(a.local), string(v)})
			}
			tr.start(string(t.Name()), attrs)
		case EndElement:
			tr.end(string(t.Name()))
		}
	}
}

// reference renders what encoding/xml reads, the same way.
func reference(b []byte) (string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "utf8") {
			return in, nil
		}
		return nil, ErrNotUTF8
	}
	var tr transcript
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return tr.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			tr.chars(t, depth)
		case xml.StartElement:
			depth++
			var attrs [][2]string
			for _, a := range t.Attr {
				attrs = append(attrs, [2]string{a.Name.Local, a.Value})
			}
			tr.start(t.Name.Local, attrs)
		case xml.EndElement:
			depth--
			tr.end(t.Name.Local)
		}
	}
}

// agree asserts the contract with encoding/xml: whatever this tokenizer
// reads, encoding/xml reads too, to the same tokens.
func agree(t *testing.T, in []byte) (string, error) {
	t.Helper()
	got, err := tokens(in)
	if err != nil {
		return "", err
	}
	want, rerr := reference(in)
	if rerr != nil {
		t.Fatalf("accepted what encoding/xml refuses (%v):\n%q", rerr, in)
	}
	if got != want {
		t.Fatalf("tokens differ from encoding/xml for %q:\n got:\n%s\nwant:\n%s", in, got, want)
	}
	return got, nil
}

func TestTokens(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n" + `<a x="1"><b/>hi</a>`,
			"start a x=\"1\"\nstart b\nend b\ntext \"hi\"\nend a\n"},
		{"\xEF\xBB\xBF<a/>", "start a\nend a\n"},
		{`<x:c xmlns:x="u" r='A1' t="s"><x:v>3</x:v></x:c>`,
			"start c x=\"u\" r=\"A1\" t=\"s\"\nstart v\ntext \"3\"\nend v\nend c\n"},
		{`<t xml:space="preserve"> a &amp; b &lt;&#273;&#x1B0;&quot;&apos;&gt; </t>`,
			"start t space=\"preserve\"\ntext \" a & b <đư\\\"'> \"\nend t\n"},
		{"<t>a\r\nb\rc<![CDATA[<d>\r\n]]><!-- x --><?pi x?>e</t>",
			"start t\ntext \"a\\nb\\nc<d>\\ne\"\nend t\n"},
		{`<a b="&#13;&#10;x&amp;y"/>`, "start a b=\"\\r\\nx&y\"\nend a\n"},
		{"<a >\n<b\n c = 'd' />\n</a >", "start a\ntext \"\\n\"\nstart b c=\"d\"\nend b\ntext \"\\n\"\nend a\n"},
	} {
		got, err := agree(t, []byte(tc.in))
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q:\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestRefused(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{`<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>`, ErrDirective},
		{`<a><!ENTITY e "x"></a>`, ErrDirective},
		{`<?xml version="1.0" encoding="UTF-16"?><a/>`, ErrNotUTF8},
		{`<?xml version="1.0" encoding='windows-1258'?><a/>`, ErrNotUTF8},
		{"\xFF\xFE<\x00a\x00/\x00>\x00", ErrNotUTF8},
		{`<?xml version="1.1"?><a/>`, ErrSyntax},
		{"", ErrSyntax},
		{"  ", ErrSyntax},
		{"<a>", ErrSyntax},
		{"<a></b>", ErrSyntax},
		{"<a><b></a></b>", ErrSyntax},
		{"<a/><b/>", ErrSyntax},
		{"<a/>x", ErrSyntax},
		{"x<a/>", ErrSyntax},
		{`<a b=1/>`, ErrSyntax},
		{`<a b="1/>`, ErrSyntax},
		{`<a b="<"/>`, ErrSyntax},
		{`<a b="1"c="2"/>`, ErrSyntax},
		{`<a b/>`, ErrSyntax},
		{`<a>&nbsp;</a>`, ErrSyntax},
		{`<a>&#0;</a>`, ErrSyntax},
		{`<a>&#xD800;</a>`, ErrSyntax},
		{`<a>&#x110000;</a>`, ErrSyntax},
		{`<a>& b</a>`, ErrSyntax},
		{`<a>&amp</a>`, ErrSyntax},
		{`<a b="&bogus;"/>`, ErrSyntax},
		{"<a>\x01</a>", ErrSyntax},
		{"<a>\xC3</a>", ErrSyntax},
		{"<a>\uFFFE</a>", ErrSyntax},
		{"<a><!-- a -- b --></a>", ErrSyntax},
		{"<a><!-- a ---></a>", ErrSyntax},
		{"<a><![CDATA[x</a>", ErrSyntax},
		{"<a><?pi</a>", ErrSyntax},
		{"<1a/>", ErrSyntax},
		{"<a:b:c/>", ErrSyntax},
		{"<a:/>", ErrSyntax},
		{"<đ/>", ErrSyntax},
		{"< a/>", ErrSyntax},
		{"<a/ >", ErrSyntax},
		{"<a></a", ErrSyntax},
		{"<a>", ErrSyntax},
		{`<a><?xml version="1.0"?></a>`, ErrSyntax},
	} {
		_, err := tokens([]byte(tc.in))
		if !errors.Is(err, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.in, err, tc.want)
		}
	}
}

// TestNoAllocations: reading a part allocates nothing per token once the
// tokenizer's buffers have grown.
func TestNoAllocations(t *testing.T) {
	part := []byte(strings.Repeat(`<row r="9"><c r="D9" s="3" t="s"><v>12</v></c><c r="E9" t="inlineStr"><is><t>a &amp; b</t></is></c></row>`, 50))
	part = append(append([]byte(`<?xml version="1.0"?><sheetData>`), part...), "</sheetData>"...)
	var tk Tokenizer
	read := func() {
		if err := tk.Reset(part); err != nil {
			t.Fatal(err)
		}
		for {
			k, err := tk.Next()
			if err != nil {
				t.Fatal(err)
			}
			if k == EOF {
				return
			}
		}
	}
	read()
	if n := testing.AllocsPerRun(20, read); n != 0 {
		t.Errorf("%v allocations per part, want 0", n)
	}
}

// FuzzTokens: on any input the tokenizer ends without a panic, in time
// and memory linear in the input, and whatever it reads encoding/xml reads
// to the same tokens.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		`<sst><si><r><rPr><rFont val="VNI-Times"/></rPr><t xml:space="preserve">Ñaït </t></r></si></sst>`,
		`<a b='&#x41;&lt;'><![CDATA[x]]><!--c--><?p q?>&amp;</a>`,
		"<a>\r\n</a>",
		`<!DOCTYPE a><a/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, err := agree(t, in)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		_ = err
		// agree also runs encoding/xml and renders both: the bounds are
		// on the whole, generous per byte, and catch a quadratic path.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > uint64(64*len(in)+1<<20) {
			t.Fatalf("%d bytes allocated for %d bytes of input", alloc, len(in))
		}
		if took > 2*time.Second {
			t.Fatalf("took %v for %d bytes", took, len(in))
		}
	})
}
