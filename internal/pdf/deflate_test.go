package pdf

import (
	"bytes"
	"compress/zlib"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/pdftest"
)

// rawAndFinal renders src twice: as fpdf writes it (pages not compressed,
// every width kept) and as Render returns it.
func rawAndFinal(t *testing.T, src string) (raw, final []byte) {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(testFonts, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p, _, _, err := r.fit(doc)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	final, _, err = r.Render(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), final
}

var streamRe = regexp.MustCompile(`(?s)\n(\d+) 0 obj\n<<([^>]*)>>\nstream\n`)

// streams maps object number to dictionary and decoded data.
func streams(t *testing.T, pdf []byte) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	for _, m := range streamRe.FindAllSubmatchIndex(pdf, -1) {
		obj, dict := string(pdf[m[2]:m[3]]), string(pdf[m[4]:m[5]])
		lm := regexp.MustCompile(`/Length (\d+)`).FindStringSubmatch(dict)
		n, _ := strconv.Atoi(lm[1])
		data := pdf[m[1] : m[1]+n]
		if bytes.Contains([]byte(dict), []byte("/FlateDecode")) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("object %s: %v", obj, err)
			}
			if data, err = io.ReadAll(zr); err != nil {
				t.Fatalf("object %s: %v", obj, err)
			}
		}
		out[obj] = [2]string{dict, string(data)}
	}
	return out
}

// The passes after fpdf (pages deflated with reused writers, widths of
// unused characters left out) change nothing a reader sees: same pages as
// pixels, same text, a sound cross-reference table, every stream
// compressed and each page's content the same once inflated.
func TestOutputPassesChangeNothingVisible(t *testing.T) {
	pdftest.Need(t)
	for name, src := range map[string]string{
		"table":  longTable(),
		"styles": head + "@p Chữ thường, **chữ đậm**, *chữ nghiêng* và ***đậm nghiêng***: Đắk Lắk, Thừa Thiên Huế, 21.857,5 tỷ đồng – “ngoặc”…\n@signers\n@signer TM. KHỐI THI ĐUA | KHỐI TRƯỞNG | Nguyễn Văn A\n@recipient - Lưu: VT.\n@endsigners\n",
		"short":  head + "@p A\n",
	} {
		t.Run(name, func(t *testing.T) {
			raw, final := rawAndFinal(t, src)
			if len(final) >= len(raw) {
				t.Errorf("final %d bytes, not smaller than fpdf's %d", len(final), len(raw))
			}
			if _, ok := readXref(final); !ok {
				t.Fatal("the final file's cross-reference table does not point at its objects")
			}
			if c := pdftest.Complaints(t, final); c != "" {
				t.Errorf("poppler complains: %s", c)
			}
			before, after := streams(t, raw), streams(t, final)
			if len(before) != len(after) {
				t.Fatalf("%d streams, was %d", len(after), len(before))
			}
			// The fonts' objects move (fontcache.go): compare the streams
			// as a whole, font programs apart.
			contents := func(s map[string][2]string) []string {
				var out []string
				for _, x := range s {
					if !bytes.Contains([]byte(x[0]), []byte("Length1")) {
						out = append(out, x[1])
					}
				}
				slices.Sort(out)
				return out
			}
			for obj, a := range after {
				if !bytes.Contains([]byte(a[0]), []byte("/FlateDecode")) {
					t.Errorf("object %s left uncompressed: %s", obj, a[0])
				}
			}
			if !slices.Equal(contents(before), contents(after)) {
				t.Error("a stream's content changed")
			}
			pdftest.SameLook(t, raw, final)
		})
	}
}

// A file not laid out as fpdf writes it comes back unchanged (still a
// valid PDF, only larger), never damaged.
func TestDeflaterLeavesWhatItDoesNotKnow(t *testing.T) {
	raw, _ := rawAndFinal(t, longTable())
	// nudge returns b with the number at i (digits, then a non-digit) one
	// less, written in as many characters, so nothing else moves.
	nudge := func(b []byte, i int) []byte {
		c := bytes.Clone(b)
		j := i
		for j < len(c) && c[j] >= '0' && c[j] <= '9' {
			j++
		}
		n, _ := strconv.Atoi(string(c[i:j]))
		s := strconv.Itoa(n - 1)
		for len(s) < j-i {
			s = "0" + s
		}
		copy(c[i:j], s)
		return c
	}
	xrefAt := bytes.LastIndex(raw, []byte("\nxref\n0 ")) + 1
	firstEntry := xrefAt + bytes.IndexByte(raw[xrefAt+len("xref\n"):], '\n') + len("xref\n") + 1 + 20
	stream := regexp.MustCompile(`<</Length \d+>>`).FindIndex(raw)[0] + len("<</Length ")
	for name, in := range map[string][]byte{
		"empty":        {},
		"truncated":    raw[:len(raw)/2],
		"no startxref": bytes.ReplaceAll(raw, []byte("startxref"), []byte("startxrex")),
		"offset moved": nudge(raw, firstEntry),
		"garbage":      []byte("%PDF-1.3\nstartxref\n5\n%%EOF\n"),
	} {
		d := &deflater{}
		if got, ok := d.compress(in, nil); !ok || !bytes.Equal(got, in) {
			t.Errorf("%s: changed", name)
		}
	}
	// A stream whose length does not match is left as it is; the others
	// are still compressed.
	badLength := nudge(raw, stream)
	d := &deflater{}
	got, _ := d.compress(badLength, nil)
	if bytes.Equal(got, badLength) {
		t.Fatal("nothing compressed")
	}
	if _, ok := readXref(got); !ok {
		t.Error("cross-reference table damaged")
	}
	if n := len(regexp.MustCompile(`<</Length \d+>>`).FindAll(got, -1)); n != 1 {
		t.Errorf("%d streams left uncompressed, want the one with the wrong length", n)
	}
}

// A document is subset from the fonts cut to vn.Core while it keeps to
// them, and from the fonts cut to the whole repertoire once it uses more
// (in any style): either way its pages look as they do when every document
// takes the whole repertoire's fonts.
func TestCoreFontsLookTheSame(t *testing.T) {
	pdftest.Need(t)
	if !testFonts.core.IsValid() {
		t.Fatal("no fonts cut to vn.Core")
	}
	whole := *testFonts
	whole.core = reflect.Value{}
	for name, src := range map[string]string{
		"core only":        head + "@p Chữ thường, **chữ đậm**, *nghiêng*: Đắk Lắk, Thừa Thiên Huế, 21.857,5 tỷ đồng – “ngoặc”… ₫\n",
		"beyond, regular":  head + "@p Chỉ số ≤ 5 → đạt; α, β, ½, €, ™ và Đắk Lắk.\n",
		"beyond, one bold": head + "@p Bình thường, **Δ đậm ≥ 3**, *nghiêng*.\n",
	} {
		t.Run(name, func(t *testing.T) {
			doc, err := document.Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			var pages [2][][]byte
			var texts [2]string
			for i, fs := range []*FontSet{testFonts, &whole} {
				r, err := New(fs, Options{})
				if err != nil {
					t.Fatal(err)
				}
				b, subst, err := r.Render(doc)
				if err != nil || len(subst) > 0 {
					t.Fatal(err, subst)
				}
				pages[i], texts[i] = pdftest.Images(t, b, 60), pdftest.Text(t, b)
			}
			if texts[0] != texts[1] {
				t.Errorf("text differs:\n%s\n%s", texts[0], texts[1])
			}
			for p := range pages[1] {
				if p >= len(pages[0]) || !bytes.Equal(pages[0][p], pages[1][p]) {
					t.Errorf("page %d looks different", p+1)
				}
			}
		})
	}
}
