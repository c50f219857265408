package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"sync"

	"codeberg.org/go-pdf/fpdf"
)

// Writing a kept font's seven objects.
//
// fpdf cuts and writes a UTF-8 font only inside Output, compressing the
// cut font and its 128 KB glyph map with two new zlib writers that
// allocate and zero 1.1 MB each: two thirds of the time a font took to
// keep, and most of what the first document after start-up costs more
// than the next. So the objects are written here, the way fpdf's putfonts
// writes them: the font cut as fpdf cuts it (cut.go, on font files read
// once; fpdf's own utf8FontFile.GenerateCutFont for a file that could not
// be), the streams compressed by the pass's reused writers
// (deflater.deflate).
//
// Written by hand: fpdf has no way to write a font but a whole document.
// The start-up check (FontSet.replayWorks) compares a document whose fonts
// were written here with one fpdf wrote itself, stream for stream once
// inflated, and turns keeping off if they differ; fontwrite_test.go
// compares every object with fpdf's for many sets of characters.

// toUnicode is the ToUnicode map fpdf gives every UTF-8 font (an identity
// map: character codes are the characters), copied from go-pdf/fpdf's
// utf8fontfile.go, where it is unexported.
const toUnicode = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"

// cidInfo is the CIDSystemInfo dictionary, the same for every font.
const cidInfo = "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0>>\nendobj\n"

// writtenBase is the number the written objects are given before a
// document renumbers them (fontObjects.renumbered): any number does.
const writtenBase = 1

// fontWriter writes fonts' objects; one per FontSet, shared by every
// document, safe for concurrent use.
type fontWriter struct {
	deflate *deflater
	// unicode is the ToUnicode map's object, deflated once.
	unicode []byte
	// maps holds 128 KB buffers for the glyph maps.
	maps sync.Pool // *[]byte
	// sources are the font files read once for cutting (cut.go), by
	// where their bytes are; read-only once the FontSet is made.
	sources map[*byte]*sourceFont
}

// learn reads each font of defs (a map of fontDefType) for cutting; a
// font it cannot read is cut by fpdf instead.
func (w *fontWriter) learn(defs reflect.Value) {
	if w.sources == nil {
		w.sources = map[*byte]*sourceFont{}
	}
	for it := defs.MapRange(); it.Next(); {
		def := reflect.New(it.Value().Type()).Elem()
		def.Set(it.Value())
		if s, err := readSource(def); err == nil {
			w.sources[fileKey(s.file)] = s
		}
	}
}

// cut returns def's font cut to the characters used, each character's
// glyph in the cut, and the largest character: by cut.go when the font
// file was read at start-up, by fpdf otherwise.
func (w *fontWriter) cut(def reflect.Value, used map[int]int) ([]byte, map[int]int, int, error) {
	if s := w.sources[fileKey(fontFileOf(def))]; s != nil {
		return s.cutFont(used)
	}
	return fpdfCut(unexported(def, "utf8File"), used)
}

func newFontWriter(d *deflater) (*fontWriter, error) {
	raw := []byte(strconv.Itoa(writtenBase+2) + " 0 obj\n<</Length " + strconv.Itoa(len(toUnicode)) + ">>\nstream\n" +
		toUnicode + "\nendstream\nendobj\n")
	var buf bytes.Buffer
	obj, ok := d.stream(&buf, raw, writtenBase+2)
	if !ok {
		return nil, errors.New("ToUnicode map not deflated")
	}
	body, _ := bytes.CutPrefix(obj, []byte(strconv.Itoa(writtenBase+2)+" 0 obj\n"))
	return &fontWriter{deflate: d, unicode: body}, nil
}

// write returns the seven objects of def (a fontDefType), cut to the
// characters its document used.
func (w *fontWriter) write(def reflect.Value) (*fontObjects, error) {
	// fpdf hands the cut its record of characters without the entry 0.
	used := unexported(def, "usedRunes").Interface().(map[int]int)
	runes := make(map[int]int, len(used))
	for k, v := range used {
		if k != 0 {
			runes[k] = v
		}
	}
	program, glyphs, last, err := w.cut(def, runes)
	if err != nil {
		return nil, err
	}
	o := &fontObjects{base: writtenBase}
	if err := dictionaries(o, def, used, last); err != nil {
		return nil, err
	}
	o.bodies[2] = w.unicode
	gmap, err := w.glyphMap(glyphs)
	if err != nil {
		return nil, err
	}
	o.bodies[5] = append(fmt.Appendf(nil, "<</Length %d/Filter /FlateDecode>>\nstream\n", len(gmap)), gmap...)
	o.bodies[5] = append(o.bodies[5], "\nendstream\nendobj\n"...)
	var zb bytes.Buffer
	if err := w.deflate.deflate(&zb, program); err != nil {
		return nil, err
	}
	o.bodies[6] = fmt.Appendf(make([]byte, 0, zb.Len()+96), "<</Length %d\n/Filter /FlateDecode\n/Length1 %d\n>>\nstream\n", zb.Len(), len(program))
	o.bodies[6] = append(o.bodies[6], zb.Bytes()...)
	o.bodies[6] = append(o.bodies[6], "\nendstream\nendobj\n"...)
	return o, nil
}

// dictionaries writes the font's four dictionaries into o (the Type0
// font, the CID font with its widths, the CID system info, the
// descriptor) as fpdf's putfonts writes them; used is fpdf's record of
// characters, last the largest.
func dictionaries(o *fontObjects, def reflect.Value, used map[int]int, last int) error {
	desc, ok := def.FieldByName("Desc").Interface().(fpdf.FontDescType)
	if !ok {
		return errors.New("fpdf's font has no descriptor")
	}
	cw, _ := def.FieldByName("Cw").Interface().([]int)
	name := "utf8" + def.FieldByName("Name").String()
	ref := func(k int) string { return strconv.Itoa(writtenBase+k) + " 0 R" }
	o.bodies[0] = []byte("<</Type /Font\n/Subtype /Type0\n/BaseFont /" + name + "\n/Encoding /Identity-H\n/DescendantFonts [" +
		ref(1) + "]\n/ToUnicode " + ref(2) + ">>\nendobj\n")
	var b bytes.Buffer
	b.WriteString("<</Type /Font\n/Subtype /CIDFontType2\n/BaseFont /" + name + "\n/CIDSystemInfo " + ref(3) +
		"\n/FontDescriptor " + ref(4) + "\n")
	if desc.MissingWidth != 0 {
		fmt.Fprintf(&b, "/DW %d\n", desc.MissingWidth)
	}
	b.WriteString("/W [")
	b.Write(widthArray(cw, used, last))
	b.WriteString(" ]\n/CIDToGIDMap " + ref(5) + ">>\nendobj\n")
	o.bodies[1] = b.Bytes()
	o.bodies[3] = []byte(cidInfo)
	o.bodies[4] = fmt.Appendf(nil, "<</Type /FontDescriptor /FontName /%s\n /Ascent %d /Descent %d /CapHeight %d /Flags %d"+
		"/FontBBox [%d %d %d %d]  /ItalicAngle %d /StemV %d /MissingWidth %d/FontFile2 %s>>\nendobj\n",
		name, desc.Ascent, desc.Descent, desc.CapHeight, (desc.Flags|fpdf.FontFlagSymbolic)&^fpdf.FontFlagNonsymbolic,
		desc.FontBBox.Xmin, desc.FontBBox.Ymin, desc.FontBBox.Xmax, desc.FontBBox.Ymax,
		desc.ItalicAngle, desc.StemV, desc.MissingWidth, ref(6))
	return nil
}

// glyphMap returns the deflated CIDToGIDMap: for every character code
// (two bytes each, 65 536 codes) the glyph the cut font draws it with.
func (w *fontWriter) glyphMap(glyphs map[int]int) ([]byte, error) {
	p, _ := w.maps.Get().(*[]byte)
	if p == nil {
		b := make([]byte, 2*0x10000)
		p = &b
	}
	defer w.maps.Put(p)
	m := *p
	clear(m)
	for code, glyph := range glyphs {
		if code == 0 {
			continue // fpdf leaves code 0 to glyph 0
		}
		if code < 0 || code >= 0x10000 || glyph < 0 || glyph >= 0x10000 {
			return nil, fmt.Errorf("character %d or glyph %d outside the map", code, glyph)
		}
		m[2*code], m[2*code+1] = byte(glyph>>8), byte(glyph)
	}
	var zb bytes.Buffer
	if err := w.deflate.deflate(&zb, m); err != nil {
		return nil, err
	}
	return zb.Bytes(), nil
}

// widthArray is the body of a CID font's /W array: the width of every
// character the font is given, in runs of consecutive codes — "c [w1 w2 …]"
// for a run, "c1 c2 w" for three or more codes of one width (or a code
// alone). It takes in the characters fpdf's own writer takes in: codes 1
// to last with a width, above 255 only those the document used; a width
// of 65535 is written 0.
//
// fpdf's writer groups them with another rule (a PHP port that grows with
// the square of a run's length); the widths given are the same, and that
// is what a reader uses (fontwrite_test.go checks it).
func widthArray(cw []int, used map[int]int, last int) []byte {
	var out []byte
	var run []int // widths of the current run of consecutive codes
	start := 0    // its first code
	flush := func() {
		for i := 0; i < len(run); {
			j := i
			for j < len(run) && run[j] == run[i] {
				j++
			}
			if j-i >= 3 || len(run) == 1 {
				out = fmt.Appendf(out, " %d %d %d", start+i, start+j-1, run[i])
				i = j
				continue
			}
			// A list up to the next stretch of three equal widths.
			k := i
			for k < len(run) {
				e := k
				for e < len(run) && run[e] == run[k] {
					e++
				}
				if e-k >= 3 {
					break
				}
				k = e
			}
			out = fmt.Appendf(out, " %d [", start+i)
			for _, width := range run[i:k] {
				out = fmt.Appendf(out, " %d", width)
			}
			out = append(out, " ]\n"...)
			i = k
		}
		run = run[:0]
	}
	for c := 1; c <= last && c < len(cw); c++ {
		width := cw[c]
		if width == 0 {
			continue
		}
		if width == 65535 {
			width = 0
		}
		if n, ok := used[c]; c > 255 && (!ok || n == 0) {
			continue
		}
		if len(run) > 0 && c != start+len(run) {
			flush()
		}
		if len(run) == 0 {
			start = c
		}
		run = append(run, width)
	}
	if len(run) > 0 {
		flush()
	}
	return out
}
