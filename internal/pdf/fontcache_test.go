package pdf

import (
	"bytes"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/pdftest"
)

// freshFonts is a font set of its own: its kept fonts start empty.
func freshFonts(t *testing.T) *FontSet {
	t.Helper()
	fs, err := LoadFonts("")
	if err != nil {
		t.Fatal(err)
	}
	if !fs.replay {
		t.Fatal("the start-up check turned kept fonts off: fpdf no longer writes fonts as fontcache.go expects")
	}
	return fs
}

func renderWith(t *testing.T, fs *FontSet, src string, replay bool) []byte {
	t.Helper()
	doc, err := document.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, subst, err := r.render(doc, replay)
	if err != nil || len(subst) > 0 {
		t.Fatal(err, subst)
	}
	return b
}

// A document is the same bytes whether its fonts were kept or not (so its
// ETag is the same on a replica that just started), and it shows the same
// pages, text and fonts as one whose fonts fpdf wrote itself.
func TestKeptFontsChangeNothing(t *testing.T) {
	pdftest.Need(t)
	for name, src := range map[string]string{
		"core only": head + "@p Chữ thường, **chữ đậm**, *nghiêng* và ***đậm nghiêng***: Đắk Lắk, 21.857,5 tỷ đồng – “ngoặc”… ₫\n",
		"beyond":    head + "@p Chỉ số ≤ 5 → đạt; **Δ đậm ≥ 3**, α, β, ½, €.\n",
		"table":     longTable(),
	} {
		t.Run(name, func(t *testing.T) {
			fs := freshFonts(t)
			cold := renderWith(t, fs, src, true)
			if fs.kept.lru.Len() == 0 {
				t.Fatal("no font kept")
			}
			warm := renderWith(t, fs, src, true)
			if !bytes.Equal(cold, warm) {
				t.Fatal("a document differs once its fonts are kept")
			}
			if again := renderWith(t, freshFonts(t), src, true); !bytes.Equal(again, cold) {
				t.Fatal("a document differs between two processes")
			}
			plain := renderWith(t, fs, src, false)
			if bytes.Equal(plain, warm) {
				t.Fatal("the plain way gave the same bytes: nothing was replayed")
			}
			if _, ok := readXref(warm); !ok {
				t.Fatal("cross-reference table does not point at the objects")
			}
			if c := pdftest.Complaints(t, warm); c != "" {
				t.Errorf("poppler complains: %s", c)
			}
			if a, b := pdftest.Fonts(t, plain), pdftest.Fonts(t, warm); !reflect.DeepEqual(a, b) {
				t.Errorf("fonts differ: %v, was %v", b, a)
			}
			pdftest.SameLook(t, plain, warm)
		})
	}
}

// A font is kept per set of characters: a document drawing one more
// character is not given another's font, and the kept fonts stay bounded.
func TestKeptFontsPerCharactersAndBounded(t *testing.T) {
	fs := freshFonts(t)
	a := renderWith(t, fs, head+"@p Khối thi đua\n", true)
	n := fs.kept.lru.Len()
	b := renderWith(t, fs, head+"@p Khối thi đua Ž\n", true)
	if fs.kept.lru.Len() != n+1 {
		t.Errorf("kept %d fonts, want %d: one more character is another font", fs.kept.lru.Len(), n+1)
	}
	if bytes.Equal(a, b) {
		t.Fatal("two documents, one file")
	}
	for i := range fontCacheSize + 20 {
		renderWith(t, fs, head+fmt.Sprintf("@p Điểm %c\n", rune(0x100+i)), true)
	}
	if got := fs.kept.lru.Len(); got > fontCacheSize {
		t.Errorf("%d fonts kept, bound %d", got, fontCacheSize)
	}
}

// Should the pass after output not find fpdf's file as it expects, a
// document with kept fonts is not returned half written.
func TestKeptFontsNeedTheFileAsExpected(t *testing.T) {
	o := &fontObjects{base: 3}
	d := &deflater{}
	for name, in := range map[string][]byte{
		"garbage": []byte("%PDF-1.3\nstartxref\n5\n%%EOF\n"),
		"empty":   {},
	} {
		if _, ok := d.compress(in, map[int]*fontObjects{3: o}); ok {
			t.Errorf("%s: accepted", name)
		}
	}
	// A font's dictionary that is not fpdf's core-font one.
	plain := renderWith(t, testFonts, head+"@p A\n", false)
	x, _ := readXref(plain)
	if _, ok := d.compress(plain, map[int]*fontObjects{x.order[0]: o}); ok {
		t.Error("wrote a font over another object")
	}
}

// Documents rendered at once by a process that has kept no font yet
// write their fonts side by side (run with -race) and get the bytes a
// document rendered alone gets.
func TestKeptFontsWrittenConcurrently(t *testing.T) {
	srcs := []string{
		longTable(),
		head + "@p Chỉ số ≤ 5 → đạt; **Δ đậm ≥ 3**, α, β, ½, €.\n",
		head + "@p Khối thi đua *nghiêng* và ***đậm nghiêng***\n",
	}
	alone := make([][]byte, len(srcs))
	for i, src := range srcs {
		alone[i] = renderWith(t, freshFonts(t), src, true)
	}
	fs := freshFonts(t)
	var wg sync.WaitGroup
	for g := range 12 {
		wg.Go(func() {
			i := g % len(srcs)
			doc, err := document.Parse(srcs[i])
			if err != nil {
				t.Error(err)
				return
			}
			r, err := New(fs, Options{})
			if err != nil {
				t.Error(err)
				return
			}
			b, _, err := r.render(doc, true)
			if err != nil || !bytes.Equal(b, alone[i]) {
				t.Errorf("document %d rendered alongside others differs (%v)", i, err)
			}
		})
	}
	wg.Wait()
}
