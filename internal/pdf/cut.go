package pdf

import (
	"encoding/binary"
	"errors"
	"reflect"
	"slices"
	"unsafe"
)

// Cutting a font to the characters a document draws.
//
// fpdf's cut (utf8FontFile.GenerateCutFont) reads the whole font again
// each time: its table directory, its character map into a map of every
// character, and its widths into a 512 KB table it allocates and zeroes —
// two thirds of the time a font took to write, and the largest part of
// what the first document after a start pays over the next. sourceFont
// keeps what that reading finds, once per font file, and cutFont does the
// rest of fpdf's cut on it.
//
// Written by hand, and byte for byte as fpdf does it (the same tables,
// glyph order, character map, checksums, down to the quirks of its PHP
// origin), so that a document is the same file whichever cut made it:
// TestCutAsFpdfCuts compares the two on many sets of characters, and the
// start-up check (FontSet.replayWorks) compares a document's font programs
// with those fpdf writes itself. Where fpdf's font is not as this file
// expects, the writer falls back to fpdf's cut.

// sourceFont is one font file as fpdf's cut sees it.
type sourceFont struct {
	file     []byte
	tables   map[string][2]int // tag → position, size
	loca     []int             // each glyph's offset in glyf, and the end
	glyphOf  map[int]int       // character → glyph, from fpdf's reading of cmap
	hMetrics int               // hhea.numberOfHMetrics
}

// fontFileOf returns the bytes fpdf reads a font's file from: the
// fileReader of def's utf8File.
func fontFileOf(def reflect.Value) []byte {
	file := unexported(def, "utf8File")
	if file.IsNil() {
		return nil
	}
	reader := unexported(file.Elem(), "fileReader")
	if reader.IsNil() {
		return nil
	}
	b, _ := unexported(reader.Elem(), "array").Interface().([]byte)
	return b
}

// fileKey identifies a font file by where its bytes are: every document's
// copy of a style shares the prototype's bytes.
func fileKey(b []byte) *byte { return unsafe.SliceData(b) }

// readSource has fpdf cut def's font once, for a single character, and
// keeps what fpdf read to do it.
func readSource(def reflect.Value) (*sourceFont, error) {
	tmp := withOwnFile(def)
	file := unexported(tmp, "utf8File")
	if _, _, _, err := fpdfCut(file, map[int]int{'A': 'A'}); err != nil {
		return nil, err
	}
	f := file.Elem()
	s := &sourceFont{file: fontFileOf(tmp), tables: map[string][2]int{}}
	descs := unexported(f, "tableDescriptions")
	for it := descs.MapRange(); it.Next(); {
		d := it.Value().Elem()
		s.tables[it.Key().String()] = [2]int{int(d.FieldByName("position").Int()), int(d.FieldByName("size").Int())}
	}
	var ok bool
	if s.loca, ok = unexported(f, "symbolPosition").Interface().([]int); !ok {
		return nil, errors.New("fpdf's glyph offsets are not as expected")
	}
	if s.glyphOf, ok = unexported(f, "charSymbolDictionary").Interface().(map[int]int); !ok {
		return nil, errors.New("fpdf's character map is not as expected")
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "post"} {
		t, ok := s.tables[tag]
		if !ok || t[0] < 0 || t[1] <= 0 || t[0]+t[1] > len(s.file) {
			return nil, errors.New("font table " + tag + " missing")
		}
	}
	if s.tables["head"][1] < 54 || s.tables["hhea"][1] < 36 || s.tables["maxp"][1] < 6 || s.tables["post"][1] < 16 {
		return nil, errors.New("font tables too short")
	}
	s.hMetrics = int(binary.BigEndian.Uint16(s.table("hhea")[34:]))
	glyf := s.tables["glyf"][1]
	for _, p := range s.loca {
		if p < 0 || p > glyf {
			return nil, errors.New("glyph offset outside glyf")
		}
	}
	if len(s.loca) < 2 || s.hMetrics < 1 || s.tables["hmtx"][1] < 4*s.hMetrics+2*(len(s.loca)-1-s.hMetrics) {
		return nil, errors.New("font metrics not as expected")
	}
	return s, nil
}

// withOwnFile returns a copy of def (a fontDefType) with its own copy of
// the parsed font file, which a cut may then change.
func withOwnFile(def reflect.Value) reflect.Value {
	tmp := reflect.New(def.Type()).Elem()
	tmp.Set(def)
	ownFile(tmp, unexported(tmp, "utf8File"))
	return tmp
}

// fpdfCut has fpdf cut file (a *utf8FontFile) to the characters used, as
// fpdf's putfonts does: the font program, each character's glyph in it
// and the largest character.
func fpdfCut(file reflect.Value, used map[int]int) ([]byte, map[int]int, int, error) {
	cut := file.MethodByName("GenerateCutFont")
	if !cut.IsValid() {
		return nil, nil, 0, errors.New("fpdf's utf8FontFile has no GenerateCutFont")
	}
	program, ok := cut.Call([]reflect.Value{reflect.ValueOf(used)})[0].Interface().([]byte)
	if !ok || len(program) == 0 {
		return nil, nil, 0, errors.New("fpdf did not cut the font")
	}
	glyphs, ok := file.Elem().FieldByName("CodeSymbolDictionary").Interface().(map[int]int)
	if !ok {
		return nil, nil, 0, errors.New("fpdf's cut has no glyph map")
	}
	return program, glyphs, int(file.Elem().FieldByName("LastRune").Int()), nil
}

// table returns a table's bytes (nil when the font has none).
func (s *sourceFont) table(tag string) []byte {
	t, ok := s.tables[tag]
	if !ok || t[1] == 0 {
		return nil
	}
	return s.file[t[0] : t[0]+t[1]]
}

// glyph returns glyph g's outline data.
func (s *sourceFont) glyph(g int) []byte {
	if g < 0 || g+1 >= len(s.loca) || s.loca[g+1] < s.loca[g] {
		return nil
	}
	return s.table("glyf")[s.loca[g]:s.loca[g+1]]
}

// Flags of a composite glyph's component records.
const (
	argWords  = 1 << 0
	hasScale  = 1 << 3
	moreComps = 1 << 5
	xyScale   = 1 << 6
	twoByTwo  = 1 << 7
)

// maxComponentDepth bounds how deep composite glyphs may nest (TrueType
// fonts nest two or three levels; a loop would not end).
const maxComponentDepth = 8

// components calls fn for each component record of composite glyph data,
// with the offset of the record's glyph index; false when data is cut
// short.
func components(data []byte, fn func(at int)) bool {
	if len(data) <= 2 || binary.BigEndian.Uint16(data)&0x8000 == 0 {
		return true // a simple glyph (or an empty one)
	}
	for at, flags := 10, moreComps; flags&moreComps != 0; {
		if at+4 > len(data) {
			return false
		}
		flags = int(binary.BigEndian.Uint16(data[at:]))
		fn(at + 2)
		at += 4
		switch {
		case flags&argWords != 0:
			at += 4
		default:
			at += 2
		}
		switch {
		case flags&hasScale != 0:
			at += 2
		case flags&xyScale != 0:
			at += 4
		case flags&twoByTwo != 0:
			at += 8
		}
	}
	return true
}

// glyphOrder is the cut's glyphs as fpdf orders them: the source glyphs
// of the characters used, in the source's order, then the parts of
// composite glyphs as found; newID numbers them so, codes gives each
// character its glyph in the cut, last is the largest character.
func (s *sourceFont) glyphOrder(used map[int]int) (order []int, newID, codes map[int]int, last int, err error) {
	// The glyphs of the characters, in the order of the source font,
	// numbered from 0 (.notdef)…
	chars := map[int]int{} // character → source glyph
	inSet := map[int]bool{0: true}
	for _, r := range used {
		if g, ok := s.glyphOf[r]; ok {
			inSet[g] = true
			chars[r] = g
		}
		last = max(last, r)
	}
	order = make([]int, 0, len(inSet)+16)
	for g := range inSet {
		order = append(order, g)
	}
	slices.Sort(order)
	newID = make(map[int]int, len(order)+16)
	for i, g := range order {
		newID[g] = i
	}
	codes = make(map[int]int, len(chars))
	for r, g := range chars {
		codes[r] = newID[g]
	}
	// …then the parts of composite glyphs, as found, depth first (fpdf
	// goes into a part it has already seen as well, which orders the
	// parts of parts).
	var visit func(g, depth int) error
	visit = func(g, depth int) error {
		if depth > maxComponentDepth {
			return errors.New("composite glyphs nested too deep")
		}
		data := s.glyph(g)
		var parts []int
		if !components(data, func(at int) { parts = append(parts, int(binary.BigEndian.Uint16(data[at:]))) }) {
			return errors.New("composite glyph cut short")
		}
		for _, c := range parts {
			if _, seen := newID[c]; !seen {
				newID[c] = len(order)
				order = append(order, c)
			}
			if err := visit(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, g := range slices.Clone(order) {
		if err := visit(g, 0); err != nil {
			return nil, nil, nil, 0, err
		}
	}
	delete(codes, 0)
	return order, newID, codes, last, nil
}

// cutFont is fpdf's GenerateCutFont on s for the characters used (fpdf's
// record: character → itself, or 0 for not used). It returns the font
// program, each character's glyph in it, and the largest character.
func (s *sourceFont) cutFont(used map[int]int) ([]byte, map[int]int, int, error) {
	order, newID, codes, last, err := s.glyphOrder(used)
	if err != nil {
		return nil, nil, 0, err
	}
	out := map[string][]byte{}
	for _, tag := range []string{"name", "cvt ", "fpgm", "prep", "gasp", "OS/2"} {
		if t := s.table(tag); t != nil {
			out[tag] = t
		}
	}
	post := make([]byte, 0, 32)
	post = append(post, 0, 3, 0, 0)
	post = append(post, s.table("post")[4:16]...)
	out["post"] = append(post, make([]byte, 16)...)
	out["cmap"] = cmapTable(codes, len(order))

	glyf, hmtx, loca, format, err := s.glyphTables(order, newID)
	if err != nil {
		return nil, nil, 0, err
	}
	out["glyf"], out["hmtx"], out["loca"] = glyf, hmtx, loca
	head := slices.Clone(s.table("head"))
	binary.BigEndian.PutUint16(head[50:], uint16(format))
	clear(head[8:12]) // checkSumAdjustment, set once the file is whole
	out["head"] = head
	hhea := slices.Clone(s.table("hhea"))
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(order)))
	out["hhea"] = hhea
	maxp := slices.Clone(s.table("maxp"))
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(order)))
	out["maxp"] = maxp
	return assemble(out), codes, last, nil
}

// glyphTables writes the glyf, hmtx and loca tables of the glyphs in
// order, the parts of composites renumbered by newID, and says which loca
// format (0: short) it used.
func (s *sourceFont) glyphTables(order []int, newID map[int]int) (glyf, hmtx, loca []byte, format int, err error) {
	offsets := make([]int, 0, len(order)+1)
	hm := s.table("hmtx")
	for _, g := range order {
		if g < s.hMetrics {
			hmtx = append(hmtx, hm[4*g:4*g+4]...)
		} else {
			hmtx = append(hmtx, hm[4*(s.hMetrics-1):4*(s.hMetrics-1)+2]...)
			at := 2*s.hMetrics + 2*g
			if at+2 > len(hm) {
				return nil, nil, nil, 0, errors.New("glyph beyond hmtx")
			}
			hmtx = append(hmtx, hm[at:at+2]...)
		}
		offsets = append(offsets, len(glyf))
		start := len(glyf)
		glyf = append(glyf, s.glyph(g)...)
		components(glyf[start:], func(at int) {
			c := int(binary.BigEndian.Uint16(glyf[start+at:]))
			binary.BigEndian.PutUint16(glyf[start+at:], uint16(newID[c]))
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	offsets = append(offsets, len(glyf))
	if (len(glyf)+1)>>1 > 0xFFFF {
		format = 1
		for _, o := range offsets {
			loca = binary.BigEndian.AppendUint32(loca, uint32(o))
		}
	} else {
		for _, o := range offsets {
			loca = binary.BigEndian.AppendUint16(loca, uint16(o/2))
		}
	}
	return glyf, hmtx, loca, format, nil
}

// cmapTable is the character map fpdf gives a cut font: a Windows
// Unicode subtable of format 4, one segment per run of characters whose
// glyphs follow one another (its length field as fpdf computes it).
func cmapTable(codes map[int]int, glyphs int) []byte {
	keys := make([]int, 0, len(codes))
	for r := range codes {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	var starts []int
	runs := map[int][]int{}
	prevC, prevG, cur := -2, -1, 0
	for _, c := range keys {
		g := codes[c]
		if c == prevC+1 && g == prevG+1 {
			runs[cur] = append(runs[cur], g)
		} else {
			cur = c
			starts = append(starts, c)
			runs[cur] = []int{g}
		}
		prevC, prevG = c, g
	}
	seg := len(starts) + 1
	search, selector := 1, 0
	for search*2 <= seg {
		search *= 2
		selector++
	}
	search *= 2
	v := []int{0, 1, 3, 1, 0, 12, 4, 16 + 8*seg + glyphs + 1, 0, seg * 2, search, selector, seg*2 - search}
	for _, st := range starts {
		v = append(v, st+len(runs[st])-1)
	}
	v = append(v, 0xFFFF, 0)
	v = append(v, starts...)
	v = append(v, 0xFFFF)
	for _, st := range starts {
		v = append(v, -(st - runs[st][0]))
	}
	v = append(v, 1)
	for range seg {
		v = append(v, 0)
	}
	for _, st := range starts {
		v = append(v, runs[st]...)
	}
	v = append(v, 0)
	out := make([]byte, 0, 2*len(v))
	for _, n := range v {
		out = binary.BigEndian.AppendUint16(out, uint16(n))
	}
	return out
}

// assemble writes the tables as a TrueType file, in fpdf's order (tags
// sorted) with fpdf's checksums.
func assemble(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	size, sel := 1, 0
	for size*2 <= n {
		size *= 2
		sel++
	}
	size *= 16
	total := 12 + 16*n
	for _, t := range tags {
		total += (len(tables[t]) + 3) &^ 3
	}
	out := make([]byte, 0, total)
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = binary.BigEndian.AppendUint16(out, uint16(size))
	out = binary.BigEndian.AppendUint16(out, uint16(sel))
	out = binary.BigEndian.AppendUint16(out, uint16(n*16-size))
	offset, head := 12+16*n, 0
	for _, t := range tags {
		if t == "head" {
			head = offset
		}
		out = append(out, t...)
		hi, lo := checksum(tables[t])
		out = binary.BigEndian.AppendUint16(out, uint16(hi))
		out = binary.BigEndian.AppendUint16(out, uint16(lo))
		out = binary.BigEndian.AppendUint32(out, uint32(offset))
		out = binary.BigEndian.AppendUint32(out, uint32(len(tables[t])))
		offset += (len(tables[t]) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	// checkSumAdjustment: 0xB1B0AFBA less the file's sum, subtracted in
	// halves with fpdf's borrow (which adds to the minuend's high half).
	hi, lo := checksum(out)
	xh, xl := 0xB1B0, 0xAFBA
	if lo > xl {
		xl += 1 << 16
		xh++
	}
	al := xl - lo
	if hi > xh {
		xh += 1 << 16
	}
	ah := (xh - hi) & 0xFFFF
	if head > 0 {
		binary.BigEndian.PutUint16(out[head+8:], uint16(ah))
		binary.BigEndian.PutUint16(out[head+10:], uint16(al))
	}
	return out
}

// checksum is a TrueType table checksum in two 16-bit halves, summed as
// fpdf sums them (data padded with zeros to whole words).
func checksum(data []byte) (hi, lo int) {
	word := func(i int) int {
		if i < len(data) {
			return int(data[i])
		}
		return 0
	}
	for i := 0; i < len(data); i += 4 {
		hi += word(i)<<8 + word(i+1)
		lo += word(i+2)<<8 + word(i+3)
		hi += lo >> 16
		lo &= 0xFFFF
		hi &= 0xFFFF
	}
	return hi, lo
}
