package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"

	"github.com/thidua/thidua/fonts"
	"github.com/thidua/thidua/internal/vn"
)

// family is the font family name inside generated PDFs.
const family = "TimesVN"

// Styles are the four styles every document may use.
var Styles = []string{"", "B", "I", "BI"}

// FontSet is a parsed set of the four styles, shared by every document the
// process renders.
//
// go-pdf/fpdf parses a TrueType file each time a document registers it
// (about 2.4 ms and 1.5 MB per style, most of it hashing the 65 536-entry
// width table). FontSet registers the fonts once, in a prototype document,
// and copies the parsed definitions into each new document. fpdf keeps
// them in unexported fields, so the copy uses reflection; it is checked at
// start-up (and by the tests) and falls back to parsing per document if a
// future fpdf changes its layout. The fonts are first cut down to the
// Repertoire, which makes fpdf's per-document subsetting cheaper still; and
// a second time to vn.Core, the characters of ordinary Vietnamese text,
// which a document subsets from while it keeps to them (prepare): fpdf
// re-reads the whole font it subsets, and the smaller one saves a tenth of
// a short document's time.
type FontSet struct {
	files  map[string][]byte
	proto  reflect.Value // map[string]fontDefType of the prototype document
	core   reflect.Value // the same, of the fonts cut to vn.Core (may be invalid)
	cloned bool          // false: the fallback, parse per document
	widths map[string][]int
	cover  []uint64 // bit r set: every style draws rune r (BMP)
	inCore []uint64 // bit r set: r is in vn.Core
	// replay: fonts are written from kept objects (fontcache.go); off
	// when the start-up check of fpdf's output failed.
	replay bool
	kept   *fontCache
	writer *fontWriter // writes the kept fonts' objects (fontwrite.go)
}

// LoadFonts reads the four styles from dir ("Regular.ttf", "Bold.ttf",
// "Italic.ttf", "BoldItalic.ttf", or the Liberation Serif file names), or
// the embedded Liberation Serif when dir is "".
func LoadFonts(dir string) (*FontSet, error) {
	files := map[string][]byte{}
	for _, st := range Styles {
		var b []byte
		var err error
		if dir == "" {
			b, err = fs.ReadFile(fonts.FS, fonts.Files[st])
		} else {
			b, err = readStyle(dir, st)
		}
		if err != nil {
			return nil, err
		}
		files[st] = b
	}
	return NewFontSet(files)
}

func readStyle(dir, style string) ([]byte, error) {
	names := map[string][]string{
		"":   {"Regular.ttf", "regular.ttf", "times.ttf", fonts.Files[""]},
		"B":  {"Bold.ttf", "bold.ttf", "timesbd.ttf", fonts.Files["B"]},
		"I":  {"Italic.ttf", "italic.ttf", "timesi.ttf", fonts.Files["I"]},
		"BI": {"BoldItalic.ttf", "bolditalic.ttf", "timesbi.ttf", fonts.Files["BI"]},
	}[style]
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err == nil {
			return b, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return nil, fmt.Errorf("thư mục phông %s thiếu kiểu %q (một trong %v)", dir, style, names)
}

// Repertoire is what documents may contain (vn.Repertoire: input is
// checked against the same list). Fonts are cut down to it once per
// process: fpdf re-reads a font's tables for every document it subsets,
// and a font a third the size is read three times faster.
var Repertoire = vn.Repertoire

// fontFileRe finds the embedded font program fpdf writes for a UTF-8 font.
var fontFileRe = regexp.MustCompile(`<</Length (\d+)\n/Filter /FlateDecode\n/Length1 (\d+)\n>>\nstream\n`)

// cutTo returns the font reduced to the glyphs of set that it has, using
// fpdf's own subsetter on a throwaway document; on any surprise it returns
// the font as it was.
func cutTo(ttf []byte, set []struct{ Lo, Hi rune }) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("cut", "", ttf)
	p.AddPage()
	p.SetFont("cut", "", 10)
	var b strings.Builder
	for _, r := range set {
		for c := r.Lo; c <= r.Hi; c++ {
			b.WriteRune(c)
		}
	}
	p.Text(10, 10, b.String())
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		return ttf
	}
	m := fontFileRe.FindSubmatchIndex(out.Bytes())
	if m == nil {
		return ttf
	}
	n, _ := strconv.Atoi(string(out.Bytes()[m[2]:m[3]]))
	size, _ := strconv.Atoi(string(out.Bytes()[m[4]:m[5]]))
	if m[1]+n > out.Len() {
		return ttf
	}
	zr, err := zlib.NewReader(bytes.NewReader(out.Bytes()[m[1] : m[1]+n]))
	if err != nil {
		return ttf
	}
	cut, err := io.ReadAll(zr)
	if err != nil || len(cut) != size {
		return ttf
	}
	return cut
}

// NewFontSet parses the four styles once, cut to Repertoire and to
// vn.Core.
func NewFontSet(files map[string][]byte) (*FontSet, error) {
	full := files
	files, core := map[string][]byte{}, map[string][]byte{}
	for st, b := range full {
		files[st] = cutTo(b, Repertoire)
		core[st] = cutTo(b, vn.Core)
	}
	for _, st := range Styles {
		if len(files[st]) == 0 {
			return nil, fmt.Errorf("thiếu phông kiểu %q", st)
		}
	}
	fsx := &FontSet{files: files, widths: map[string][]int{}}
	proto, widths, err := prototype(files)
	if err != nil {
		return nil, err
	}
	fsx.proto, fsx.widths, fsx.cloned = proto, widths, true
	if cp, _, err := prototype(core); err == nil {
		fsx.core = cp
		fsx.inCore = make([]uint64, 0x10000/64)
		for _, g := range vn.Core {
			for r := g.Lo; r <= g.Hi; r++ {
				fsx.inCore[r/64] |= 1 << (r % 64)
			}
		}
	}
	fsx.cover = make([]uint64, 0x10000/64)
	for r := 0x20; r < 0x10000; r++ {
		all := true
		for _, w := range fsx.widths {
			if r >= len(w) || w[r] == 0 {
				all = false
				break
			}
		}
		if all {
			fsx.cover[r/64] |= 1 << (r % 64)
		}
	}
	fsx.kept = newFontCache()
	if fsx.writer, err = newFontWriter(&deflater{}); err == nil {
		fsx.writer.learn(fsx.proto)
		if fsx.core.IsValid() {
			fsx.writer.learn(fsx.core)
		}
		fsx.replay = fsx.replayWorks()
	}
	return fsx, nil
}

// prototype registers the four styles in a throwaway document and returns
// fpdf's parsed definitions (its unexported fonts map) and their width
// tables by style key, or an error when fpdf's internals are not as this
// file expects.
func prototype(files map[string][]byte) (reflect.Value, map[string][]int, error) {
	p := fpdf.New("P", "mm", "A4", "")
	for _, st := range Styles {
		p.AddUTF8FontFromBytes(family, st, files[st])
		if err := p.Error(); err != nil {
			return reflect.Value{}, nil, fmt.Errorf("phông kiểu %q: %w", st, err)
		}
	}
	// fpdf keeps its parsed fonts in unexported fields that the sharing
	// (and the glyph check, Has) rely on. If an fpdf upgrade changes
	// them, the service must not start and silently stop refusing missing
	// glyphs: it stops here, saying why.
	changed := func(what string) (reflect.Value, map[string][]int, error) {
		return reflect.Value{}, nil, fmt.Errorf("phông: go-pdf/fpdf đã đổi cấu trúc bên trong (%s); cần cập nhật internal/pdf/fonts.go cho phiên bản này", what)
	}
	fonts, err := func() (v reflect.Value, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		return unexported(reflect.ValueOf(p).Elem(), "fonts"), nil
	}()
	if err != nil || !fonts.IsValid() || fonts.Kind() != reflect.Map || fonts.Len() != len(Styles) {
		return changed("trường fonts")
	}
	widths := map[string][]int{}
	it := fonts.MapRange()
	for it.Next() {
		def := it.Value()
		if def.Kind() != reflect.Struct {
			return changed("fontDefType")
		}
		for _, name := range []string{"utf8File", "usedRunes", "Cw"} {
			if !def.FieldByName(name).IsValid() {
				return changed("trường " + name)
			}
		}
		if def.FieldByName("usedRunes").Type() != reflect.TypeOf(map[int]int(nil)) {
			return changed("kiểu của usedRunes")
		}
		file := def.FieldByName("utf8File")
		if file.Kind() != reflect.Pointer || file.Type().Elem().Kind() != reflect.Struct {
			return changed("kiểu của utf8File")
		}
		if _, ok := file.Type().Elem().FieldByName("fileReader"); !ok {
			return changed("trường utf8File.fileReader")
		}
		cw, ok := def.FieldByName("Cw").Interface().([]int)
		if !ok {
			return changed("kiểu của Cw")
		}
		widths[it.Key().String()] = cw
	}
	for _, st := range Styles {
		if !fonts.MapIndex(reflect.ValueOf(strings.ToLower(family) + st)).IsValid() {
			return changed("tên phông " + st)
		}
	}
	return fonts, widths, nil
}

// unexported returns a settable view of a struct's unexported field.
func unexported(v reflect.Value, name string) reflect.Value {
	f := v.FieldByName(name)
	if !f.IsValid() {
		return f
	}
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
}

// Shared reports whether documents reuse the parsed fonts (the fast path).
func (fs *FontSet) Shared() bool { return fs.cloned }

// install gives a document one style, when it first uses it: fpdf embeds
// (and subsets) every registered font, used or not, so a document that never
// sets bold italic does not pay for it.
func (fs *FontSet) install(p *fpdf.Fpdf, style string) {
	if !fs.cloned {
		p.AddUTF8FontFromBytes(family, style, fs.files[style])
		return
	}
	key := reflect.ValueOf(strings.ToLower(family) + style)
	src := fs.proto.MapIndex(key)
	if !src.IsValid() {
		p.AddUTF8FontFromBytes(family, style, fs.files[style])
		return
	}
	dst := unexported(reflect.ValueOf(p).Elem(), "fonts")
	def := reflect.New(src.Type()).Elem()
	// A document starts with the font cut to vn.Core, measured with the
	// full font's widths (the same for every character the two share);
	// prepare gives it the full font if it used more.
	if fs.core.IsValid() {
		if c := fs.core.MapIndex(key); c.IsValid() {
			def.Set(c)
			def.FieldByName("Cw").Set(src.FieldByName("Cw"))
		} else {
			def.Set(src)
		}
	} else {
		def.Set(src)
	}
	// Each document marks the runes it uses and subsets the font on
	// output, which moves a read cursor: give it its own copies.
	used := unexported(def, "usedRunes")
	orig := used.Interface().(map[int]int)
	m := make(map[int]int, len(orig)+256)
	for k, v := range orig {
		m[k] = v
	}
	used.Set(reflect.ValueOf(m))
	ownFile(def, unexported(def, "utf8File"))
	dst.SetMapIndex(key, def)
}

// ownFile gives def its own copy of the parsed font file src: subsetting
// moves the file's read cursor.
func ownFile(def, src reflect.Value) {
	file := unexported(def, "utf8File")
	nf := reflect.New(src.Type().Elem())
	nf.Elem().Set(src.Elem())
	reader := unexported(nf.Elem(), "fileReader")
	nr := reflect.New(reader.Type().Elem())
	nr.Elem().Set(reader.Elem())
	reader.Set(nr)
	file.Set(nf)
}

// Has reports whether every style can draw r.
func (fs *FontSet) Has(r rune) bool {
	if r < 0x20 || r >= 0x10000 {
		return false
	}
	if fs.cover == nil {
		return true // fallback path: no width table to ask
	}
	return fs.cover[r/64]&(1<<(r%64)) != 0
}

// fingerprint identifies the font files, for cache keys.
func (fs *FontSet) fingerprint() string {
	var b bytes.Buffer
	for _, st := range Styles {
		fmt.Fprintf(&b, "%s:%d;", st, len(fs.files[st]))
	}
	return b.String()
}

// Width is the width of text in millimetres, set in style ("", "B", "I",
// "BI") at size points, from the fonts' own advance widths. Liberation
// Serif has the metrics of Times New Roman, so the DOCX renderer sizes its
// rules and shrinks long header lines with it exactly as Word will set them.
func (fs *FontSet) Width(style string, size float64, text string) float64 {
	cw := fs.widths[strings.ToLower(family)+style]
	if cw == nil {
		cw = fs.widths[strings.ToLower(family)]
	}
	units := 0
	for _, r := range text {
		if int(r) < len(cw) && cw[r] > 0 {
			units += cw[r]
		} else {
			units += 500 // a character without a width: half an em
		}
	}
	return float64(units) * size / 1000 * ptMM
}

// prepare readies a laid-out document's fonts for output. A font that
// drew a character outside vn.Core gets the font cut to Repertoire to
// subset from (it was given the one cut to vn.Core). And each font's width
// table is cut to the characters used: fpdf writes the width array (/W)
// from that table and takes in every Latin-1 character the font has, used
// or not, grouping them with a search that grows with the square of a
// run's length — a tenth of a short document's time for widths no reader
// needs. Layout is over by then, so nothing else reads the table.
//
// With replay on, each font's objects then come from the kept fonts
// (fontcache.go), written by fpdf once per style and set of characters;
// the document gives fpdf the font as a core font instead, and the pass
// after output writes the kept objects in its place.
func (fs *FontSet) prepare(p *fpdf.Fpdf, replay bool) replayed {
	if !fs.cloned {
		return nil
	}
	var out replayed
	fonts := unexported(reflect.ValueOf(p).Elem(), "fonts")
	it := fonts.MapRange()
	for it.Next() {
		def := reflect.New(it.Value().Type()).Elem()
		def.Set(it.Value())
		used := unexported(def, "usedRunes").Interface().(map[int]int)
		cw := def.FieldByName("Cw").Interface().([]int)
		last, core := 0, true
		for _, r := range used {
			last = max(last, r)
			// fpdf marks a used character with itself, and starts every
			// font with the first codes marked 0 (not used).
			if r > 0 && (r >= len(fs.inCore)*64 || fs.inCore[r/64]&(1<<(r%64)) == 0) {
				core = false
			}
		}
		if !core && fs.core.IsValid() {
			if src := fs.proto.MapIndex(it.Key()); src.IsValid() {
				full := reflect.New(src.Type()).Elem()
				full.Set(src)
				ownFile(def, unexported(full, "utf8File"))
			}
		}
		if last < len(cw) {
			trimmed := make([]int, last+1)
			for _, r := range used {
				if r > 0 {
					trimmed[r] = cw[r]
				}
			}
			def.FieldByName("Cw").Set(reflect.ValueOf(trimmed))
		}
		if replay && fs.replay {
			key := fontKey(it.Key().String(), core && fs.core.IsValid(), used)
			if o := fs.objects(key, def); o != nil {
				if out == nil {
					out = replayed{}
				}
				out[it.Key().String()] = o
				def.FieldByName("Tp").SetString("Core")
			}
		}
		fonts.SetMapIndex(it.Key(), def)
	}
	return out
}

// objects returns the font's objects from the kept fonts, writing them
// on a miss; nil when that fails (the font is then written the plain way).
func (fs *FontSet) objects(key string, def reflect.Value) *fontObjects {
	if o, ok := fs.kept.lru.Get(key); ok {
		return o
	}
	o, err := fs.writer.write(def)
	if err != nil {
		return nil
	}
	fs.kept.lru.Add(key, o)
	return o
}

// ForgetKept drops the fonts kept between documents: the next document
// writes its fonts the slow way again, as the first one after start-up
// does. Benchmarks use it to measure that first document.
func (fs *FontSet) ForgetKept() {
	if fs.kept != nil {
		fs.kept.lru.Purge()
	}
}

// replayWorks checks once, at start-up, that fpdf writes a font as
// fontcache.go expects, and that a document whose font is written in from
// the kept objects has the text and the fonts of one written the plain way.
func (fs *FontSet) replayWorks() bool {
	r, err := New(fs, Options{})
	if err != nil {
		return false
	}
	plain, err := r.renderProbe(false)
	if err != nil {
		return false
	}
	fs.replay = true
	kept, err := r.renderProbe(true)
	fs.replay = false
	fs.kept.lru.Purge()
	return err == nil && probeAgrees(plain, kept)
}
