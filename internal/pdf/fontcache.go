package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/thidua/thidua/internal/document"
)

// Font programs are kept between documents.
//
// For every font a document uses, go-pdf/fpdf cuts the font to the
// characters drawn and compresses the cut and a 128 KB glyph map, each with
// a new zlib writer that allocates and zeroes 1.1 MB: half of a report's
// rendering time, the same work again for every document that draws the
// same characters in the same style — and a bloc's documents, rebuilt after
// each change of its data, nearly always do.
//
// So each font is written once per set of characters, as fpdf writes it
// (fontwrite.go; cut as fpdf cuts, by cut.go; compressed with reused
// writers), and its seven objects are kept (fontCache, least recently
// used first out). The document being
// rendered gives fpdf the font as a "core" font, for which fpdf writes one
// small dictionary and nothing else; the pass after output (deflater.compress)
// writes the kept objects in its place: the Type0 dictionary where fpdf put
// the core font's, the six others after the last object, renumbered. A
// document is therefore the same bytes whether its fonts were in the cache
// or not, and the same on every replica.
//
// Written by hand: fpdf has no hook for it. Whatever is not as this file
// expects turns replaying off (FontSet.replay at start-up) or, for one
// document, renders it again the plain way (Renderer.Render).

// fontCacheSize bounds the kept fonts: one entry per style and set of
// characters, 20–60 KB each.
const fontCacheSize = 128

// fontObjects is one embedded UTF-8 font as fpdf writes it: the Type0
// font, its CID font, the ToUnicode map, the CID system info, the
// descriptor, the CID-to-glyph map and the font program, numbered base to
// base+6 where they were written. Each body is an
// object's bytes after "N 0 obj\n", "endobj\n" included; the ToUnicode map
// is deflated as the pass deflates the pages.
type fontObjects struct {
	base   int
	bodies [7][]byte
}

// hasRefs says which objects refer to the others (and none is a stream).
var hasRefs = [7]bool{0: true, 1: true, 4: true}

// coreHead is how fpdf begins the small dictionary of a core font.
const coreHead = "<</Type /Font\n/BaseFont /"

var refRe = regexp.MustCompile(`\b(\d+) 0 R\b`)

// renumbered returns object i's body with references to its siblings
// pointing at their numbers in another document: to[k] for object k.
func (o *fontObjects) renumbered(i int, to [7]int) []byte {
	if !hasRefs[i] {
		return o.bodies[i]
	}
	return refRe.ReplaceAllFunc(o.bodies[i], func(m []byte) []byte {
		n, err := strconv.Atoi(string(m[:len(m)-len(" 0 R")]))
		if err != nil || n < o.base || n > o.base+6 {
			return m
		}
		return []byte(strconv.Itoa(to[n-o.base]) + " 0 R")
	})
}

// fontCache keeps fonts' objects by style and characters drawn.
type fontCache struct {
	lru *lru.Cache[string, *fontObjects]
}

func newFontCache() *fontCache {
	c, _ := lru.New[string, *fontObjects](fontCacheSize) // only a size ≤ 0 fails
	return &fontCache{lru: c}
}

// fontKey names a font's output: its style key, which cut of the font it
// subsets from, and fpdf's record of the characters used (every entry,
// since fpdf reads the whole map).
func fontKey(style string, core bool, used map[int]int) string {
	keys := make([]int, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.Grow(len(style) + 2 + len(keys)*4)
	b.WriteString(style)
	if core {
		b.WriteString("|c|")
	} else {
		b.WriteString("|f|")
	}
	var tmp [2 * binary.MaxVarintLen64]byte
	for _, k := range keys {
		n := binary.PutUvarint(tmp[:], uint64(k))
		n += binary.PutUvarint(tmp[n:], uint64(used[k]))
		b.Write(tmp[:n])
	}
	return b.String()
}

// replayed is a document's fonts that the pass after output writes from
// the cache, by the font map key fpdf files them under.
type replayed map[string]*fontObjects

// byObject returns the fonts by the number fpdf gave their core-font
// dictionary in p's output.
func (rp replayed) byObject(p *fpdf.Fpdf) map[int]*fontObjects {
	if len(rp) == 0 {
		return nil
	}
	fonts := unexported(reflect.ValueOf(p).Elem(), "fonts")
	out := make(map[int]*fontObjects, len(rp))
	for k, o := range rp {
		if v := fonts.MapIndex(reflect.ValueOf(k)); v.IsValid() {
			out[int(v.FieldByName("N").Int())] = o
		}
	}
	return out
}

// fontPlacement is where the pass puts one replayed font: its Type0
// dictionary at core (the number of fpdf's core-font dictionary), the
// six others at first, first+1, …
type fontPlacement struct {
	core, first int
	objs        *fontObjects
}

// numbers maps the font's seven objects to their numbers in the output.
func (f fontPlacement) numbers() [7]int {
	to := [7]int{f.core}
	for k := 1; k < 7; k++ {
		to[k] = f.first + k - 1
	}
	return to
}

// place gives each replayed font its numbers after the count objects fpdf
// wrote, in the order of their dictionaries (so the same fonts give the
// same bytes).
func place(fonts map[int]*fontObjects, count int) []fontPlacement {
	cores := make([]int, 0, len(fonts))
	for n := range fonts {
		cores = append(cores, n)
	}
	slices.Sort(cores)
	out := make([]fontPlacement, len(cores))
	for i, n := range cores {
		out[i] = fontPlacement{core: n, first: count + 6*i, objs: fonts[n]}
	}
	return out
}

// probeSource is the document replayWorks renders both ways: two styles,
// letters of the core cut and one beyond it (the full cut).
const probeSource = "@p Thử **Đắk Lắk** *nghiêng* ½\n"

// renderProbe renders probeSource, with kept fonts or without.
func (r *Renderer) renderProbe(replay bool) ([]byte, error) {
	doc, err := document.Parse(probeSource)
	if err != nil {
		return nil, err
	}
	b, _, err := r.render(doc, replay)
	return b, err
}

// probeAgrees reports whether two renderings of one document hold the
// same streams (pages, maps and font programs, byte for byte once
// inflated: fpdf compresses its fonts with another zlib writer than
// ours) and the same number of objects: all that differs is where the
// font objects stand and how their streams are compressed.
func probeAgrees(plain, kept []byte) bool {
	streams := func(pdf []byte) ([]string, bool) {
		x, ok := readXref(pdf)
		if !ok {
			return nil, false
		}
		var out []string
		for _, obj := range x.order {
			raw := x.object(pdf, obj)
			if i := bytes.Index(raw, []byte(">>\nstream\n")); i >= 0 {
				data, ok := streamData(raw[:i], raw[i+len(">>\nstream\n"):])
				if !ok {
					return nil, false
				}
				out = append(out, string(data))
			}
		}
		slices.Sort(out)
		return out, true
	}
	a, ok1 := streams(plain)
	b, ok2 := streams(kept)
	return ok1 && ok2 && len(a) > 0 && slices.Equal(a, b) &&
		bytes.Count(plain, []byte(" 0 obj\n")) == bytes.Count(kept, []byte(" 0 obj\n")) &&
		!bytes.Equal(plain, kept)
}

// streamData returns a stream's content, inflated when its dictionary
// says FlateDecode; rest is what follows "stream\n".
func streamData(dict, rest []byte) ([]byte, bool) {
	end := bytes.LastIndex(rest, []byte("\nendstream"))
	if end < 0 {
		return nil, false
	}
	data := rest[:end]
	if !bytes.Contains(dict, []byte("/FlateDecode")) {
		return data, true
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, false
	}
	out, err := io.ReadAll(zr)
	return out, err == nil
}
