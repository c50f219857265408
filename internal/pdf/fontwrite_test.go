package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/thidua/thidua/internal/vn"
)

// fontHeads is how each of the seven objects begins, to check fpdf's.
var fontHeads = [7]string{
	"<</Type /Font\n/Subtype /Type0\n",
	"<</Type /Font\n/Subtype /CIDFontType2\n",
	"<</Filter /FlateDecode /Length ",
	"<</Registry (Adobe)",
	"<</Type /FontDescriptor ",
	"<</Length ",
	"<</Length ",
}

// fpdfObjects has fpdf write one font, def (a fontDefType), alone in a
// throwaway document, and returns its seven objects: what fontWriter must
// agree with. (This was how fonts were kept before fontwrite.go.)
func fpdfObjects(def reflect.Value, d *deflater) (*fontObjects, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(false)
	p.SetCatalogSort(true)
	fonts := unexported(reflect.ValueOf(p).Elem(), "fonts")
	key := reflect.ValueOf("f")
	fonts.SetMapIndex(key, def)
	p.AddPage()
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		return nil, err
	}
	base := int(fonts.MapIndex(key).FieldByName("N").Int())
	pdf := out.Bytes()
	x, ok := readXref(pdf)
	if !ok || base <= 0 || base+6 >= len(x.offsets) {
		return nil, errors.New("fpdf's font objects are not where expected")
	}
	o := &fontObjects{base: base}
	var buf bytes.Buffer
	for i := range 7 {
		obj := base + i
		raw := x.object(pdf, obj)
		if i == 2 {
			var ok bool
			if raw, ok = d.stream(&buf, raw, obj); !ok {
				return nil, errors.New("fpdf's ToUnicode map is not as expected")
			}
		}
		head := strconv.Itoa(obj) + " 0 obj\n"
		body, ok := bytes.CutPrefix(raw, []byte(head))
		if !ok || !bytes.HasPrefix(body, []byte(fontHeads[i])) || !bytes.HasSuffix(body, []byte("endobj\n")) {
			return nil, fmt.Errorf("fpdf's font object %d is not as expected", i)
		}
		o.bodies[i] = bytes.Clone(body)
	}
	return o, nil
}

// lengthRe finds a stream's compressed length, which depends on the writer.
var lengthRe = regexp.MustCompile(`/Length \d+`)

// inflatedObject is a stream object with its content inflated and its
// compressed length left out.
func inflatedObject(t *testing.T, obj string) string {
	t.Helper()
	i := strings.Index(obj, ">>\nstream\n")
	if i < 0 {
		t.Fatalf("not a stream: %.100q", obj)
	}
	data, ok := streamData([]byte(obj[:i]), []byte(obj[i+len(">>\nstream\n"):]))
	if !ok {
		t.Fatalf("stream does not inflate: %.100q", obj)
	}
	return lengthRe.ReplaceAllString(obj[:i], "/Length") + ">>\n" + string(data)
}

// preparedDef lays text out in style and returns the document's font
// definition as prepare leaves it for output: what the writer is given.
func preparedDef(t *testing.T, fs *FontSet, style, text string) reflect.Value {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(false)
	fs.install(p, style)
	p.AddPage()
	p.SetFont(family, style, 11)
	p.Text(10, 10, text)
	fs.prepare(p, false)
	v := unexported(reflect.ValueOf(p).Elem(), "fonts").MapIndex(reflect.ValueOf(strings.ToLower(family) + style))
	def := reflect.New(v.Type()).Elem()
	def.Set(v)
	return def
}

// widthsRe finds a CID font's /W array.
var widthsRe = regexp.MustCompile(`/W \[([^/]*) \]\n`)

// parseWidths reads a /W array body into the width of each code.
func parseWidths(t *testing.T, w string) map[int]int {
	t.Helper()
	f := strings.Fields(w)
	out := map[int]int{}
	num := func(s string) int {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("/W [%s]: %v", w, err)
		}
		return n
	}
	for i := 0; i < len(f); {
		c := num(f[i])
		if i+1 < len(f) && f[i+1] == "[" {
			i += 2
			for ; f[i] != "]"; i++ {
				out[c] = num(f[i])
				c++
			}
			i++
			continue
		}
		if i+2 >= len(f) {
			t.Fatalf("/W [%s]: cut short", w)
		}
		for hi, width := num(f[i+1]), num(f[i+2]); c <= hi; c++ {
			out[c] = width
		}
		i += 3
	}
	return out
}

// randomText draws n characters every style has, from the repertoire.
func randomText(fs *FontSet, rng *rand.Rand, n int) string {
	var all []rune
	for _, g := range vn.Repertoire {
		for r := g.Lo; r <= g.Hi; r++ {
			if fs.Has(r) {
				all = append(all, r)
			}
		}
	}
	var b strings.Builder
	for range n {
		b.WriteRune(all[rng.IntN(len(all))])
	}
	return b.String()
}

// The writer gives a font the objects fpdf gives it: the same bytes, but
// for the width array, which says the same widths grouped another way, and
// the streams, the same once inflated (another zlib writer).
func TestFontObjectsAsFpdfWritesThem(t *testing.T) {
	fs := freshFonts(t)
	rng := rand.New(rand.NewPCG(20, 12))
	texts := []string{
		"Khối thi đua",
		"Chữ thường, đậm, nghiêng: Đắk Lắk, 21.857,5 tỷ đồng – “ngoặc”… ₫",
		"Chỉ số ≤ 5 → đạt; Δ ≥ 3, α, β, ½, €.",
		"aaaa bbbb 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ", // long runs, equal widths
		"iiiiljt.,;:!|'", // narrow glyphs side by side
		randomText(fs, rng, 2000),
	}
	for range 20 {
		texts = append(texts, randomText(fs, rng, 1+rng.IntN(120)))
	}
	d := &deflater{}
	for i, text := range texts {
		for _, style := range Styles {
			def := preparedDef(t, fs, style, text)
			want, err := fpdfObjects(def, d)
			if err != nil {
				t.Fatal(err)
			}
			got, err := fs.writer.write(preparedDef(t, fs, style, text))
			if err != nil {
				t.Fatal(err)
			}
			to := [7]int{}
			for k := range to {
				to[k] = 40 + k
			}
			for k := range 7 {
				a, b := string(want.renumbered(k, to)), string(got.renumbered(k, to))
				if k == 1 {
					wa, wb := widthsRe.FindStringSubmatch(a), widthsRe.FindStringSubmatch(b)
					if wa == nil || wb == nil {
						t.Fatalf("text %d %q: no /W in\n%s\n%s", i, style, a, b)
					}
					if ma, mb := parseWidths(t, wa[1]), parseWidths(t, wb[1]); !reflect.DeepEqual(ma, mb) {
						t.Errorf("text %d %q: widths %v, fpdf %v", i, style, mb, ma)
					}
					a, b = strings.Replace(a, wa[0], "", 1), strings.Replace(b, wb[0], "", 1)
				}
				if k == 2 || k == 5 || k == 6 {
					a, b = inflatedObject(t, a), inflatedObject(t, b)
				}
				if a != b {
					t.Errorf("text %d style %q object %d:\n got %.300q\nwant %.300q", i, style, k, b, a)
				}
			}
		}
	}
}

// Widths are grouped into lists and ranges that a reader reads back to
// the same widths.
func TestWidthArray(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cw    map[int]int
		last  int
		want  string
		check map[int]int
	}{
		{name: "one code", cw: map[int]int{65: 722}, last: 65, want: " 65 65 722"},
		{name: "a run", cw: map[int]int{65: 722, 66: 667, 67: 667}, last: 67, want: " 65 [ 722 667 667 ]\n"},
		{name: "three equal", cw: map[int]int{48: 500, 49: 500, 50: 500}, last: 50, want: " 48 50 500"},
		{name: "list then range", cw: map[int]int{47: 278, 48: 500, 49: 500, 50: 500, 51: 500}, last: 51, want: " 47 [ 278 ]\n 48 51 500"},
		{name: "gap", cw: map[int]int{32: 250, 34: 408}, last: 34, want: " 32 32 250 34 34 408"},
		{name: "no width", cw: map[int]int{32: 250, 33: 65535}, last: 33, want: " 32 [ 250 0 ]\n"},
		{name: "unused above 255 left out", cw: map[int]int{300: 500}, last: 300, want: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cw := make([]int, tc.last+1)
			used := map[int]int{}
			for c, w := range tc.cw {
				cw[c] = w
				if tc.name != "unused above 255 left out" {
					used[c] = c
				}
			}
			got := string(widthArray(cw, used, tc.last))
			if got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
			back := parseWidths(t, got)
			for c, w := range tc.cw {
				if w == 65535 {
					w = 0
				}
				if _, ok := used[c]; (ok || c <= 255) && back[c] != w {
					t.Errorf("code %d: %d, want %d", c, back[c], w)
				}
			}
		})
	}
}

// A font whose file was not read for cutting is cut by fpdf, to the same
// objects.
func TestFontWriterFallsBackToFpdfsCut(t *testing.T) {
	fs := freshFonts(t)
	bare, err := newFontWriter(&deflater{})
	if err != nil {
		t.Fatal(err)
	}
	for _, style := range Styles {
		text := "Đắk Lắk, Quảng Ngãi: 21.857,5 – ½ Δ"
		a, err := fs.writer.write(preparedDef(t, fs, style, text))
		if err != nil {
			t.Fatal(err)
		}
		b, err := bare.write(preparedDef(t, fs, style, text))
		if err != nil {
			t.Fatal(err)
		}
		for k := range 7 {
			if !bytes.Equal(a.bodies[k], b.bodies[k]) {
				t.Errorf("style %q object %d differs between the two cuts", style, k)
			}
		}
	}
}
