package pdf

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/thidua/thidua/internal/vn"
)

// fpdfCutOf is fpdf's own cut of def's font, on a copy of its file.
func fpdfCutOf(t *testing.T, def reflect.Value, used map[int]int) ([]byte, map[int]int, int) {
	t.Helper()
	program, glyphs, last, err := fpdfCut(unexported(withOwnFile(def), "utf8File"), maps.Clone(used))
	if err != nil {
		t.Fatal(err)
	}
	glyphs = maps.Clone(glyphs)
	delete(glyphs, 0)
	return program, glyphs, last
}

// Our cut is fpdf's, byte for byte, for every style, both cuts of the
// font (vn.Core and the repertoire), and sets of characters from one to
// the whole repertoire — Vietnamese letters are composite glyphs, so
// their parts are found and renumbered on every one.
func TestCutAsFpdfCuts(t *testing.T) {
	fs := freshFonts(t)
	if len(fs.writer.sources) != 2*len(Styles) {
		t.Fatalf("%d font files read for cutting, want %d", len(fs.writer.sources), 2*len(Styles))
	}
	var repertoire, core []rune
	for _, g := range vn.Repertoire {
		for r := g.Lo; r <= g.Hi; r++ {
			if fs.Has(r) {
				repertoire = append(repertoire, r)
			}
		}
	}
	for _, g := range vn.Core {
		for r := g.Lo; r <= g.Hi; r++ {
			core = append(core, r)
		}
	}
	rng := rand.New(rand.NewPCG(6, 12))
	sets := [][]rune{{'A'}, {'ế'}, {'Ự', 'ự', 'ỹ'}, core, repertoire, {0x10FFF}}
	for range 60 {
		from := core
		if rng.IntN(3) == 0 {
			from = repertoire
		}
		n := 1 + rng.IntN(200)
		set := make([]rune, n)
		for i := range set {
			set[i] = from[rng.IntN(len(from))]
		}
		sets = append(sets, set)
	}
	for _, protos := range []reflect.Value{fs.proto, fs.core} {
		for it := protos.MapRange(); it.Next(); {
			def := reflect.New(it.Value().Type()).Elem()
			def.Set(it.Value())
			src := fs.writer.sources[fileKey(fontFileOf(def))]
			if src == nil {
				t.Fatalf("%s: font file not read for cutting", it.Key())
			}
			for i, set := range sets {
				used := map[int]int{}
				for r := range 32 {
					used[r] = 0 // fpdf's start: the first codes, not used
				}
				for _, r := range set {
					used[int(r)] = int(r)
				}
				delete(used, 0)
				want, wantGlyphs, wantLast := fpdfCutOf(t, def, used)
				got, glyphs, last, err := src.cutFont(used)
				if err != nil {
					t.Fatalf("%s set %d: %v", it.Key(), i, err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s set %d (%d characters): program differs from fpdf's (%d against %d bytes)%s",
						it.Key(), i, len(set), len(got), len(want), firstDiff(got, want))
				}
				if !maps.Equal(glyphs, wantGlyphs) || last != wantLast {
					t.Fatalf("%s set %d: glyphs %v last %d, fpdf %v last %d", it.Key(), i, glyphs, last, wantGlyphs, wantLast)
				}
			}
		}
	}
}

func firstDiff(a, b []byte) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf(", first at byte %d", i)
		}
	}
	return ""
}

// compositeGlyph is the data of a composite glyph made of parts.
func compositeGlyph(parts ...int) []byte {
	b := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0}
	for i, p := range parts {
		flags := 0
		if i < len(parts)-1 {
			flags = moreComps
		}
		b = append(b, byte(flags>>8), byte(flags), byte(p>>8), byte(p), 0, 0)
	}
	return b
}

// glyphSource is a font of the given glyphs, character 'A'+i drawn by
// glyph i.
func glyphSource(glyphs ...[]byte) *sourceFont {
	var glyf []byte
	loca := []int{0}
	of := map[int]int{}
	for i, g := range glyphs {
		glyf = append(glyf, g...)
		loca = append(loca, len(glyf))
		of['A'+i] = i
	}
	return &sourceFont{file: glyf, tables: map[string][2]int{"glyf": {0, len(glyf)}}, loca: loca, glyphOf: of, hMetrics: 1}
}

// Glyphs are ordered as fpdf orders them: those of the characters by
// number, then the parts of composites as found — fpdf also goes into a
// part it has already taken (here glyph 3, drawn for a character and a
// part of glyph 1), so glyph 3's part 6 comes before glyph 2's part 7.
// (Liberation Serif's composites do not nest; this is the case it does
// not show.)
func TestCutGlyphOrder(t *testing.T) {
	s := glyphSource(nil, compositeGlyph(3), compositeGlyph(7), compositeGlyph(6), nil, nil, []byte{0, 1}, []byte{0, 1})
	order, newID, codes, last, err := s.glyphOrder(map[int]int{'B': 'B', 'C': 'C', 'D': 'D', 1: 0})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 2, 3, 6, 7}; !slices.Equal(order, want) {
		t.Fatalf("order %v, want %v", order, want)
	}
	for i, g := range order {
		if newID[g] != i {
			t.Errorf("glyph %d numbered %d, want %d", g, newID[g], i)
		}
	}
	if want := map[int]int{'B': 1, 'C': 2, 'D': 3}; !maps.Equal(codes, want) || last != 'D' {
		t.Errorf("codes %v last %d, want %v last %d", codes, last, want, 'D')
	}
}

// A composite glyph whose parts nest without end, or whose record is
// cut short, is refused (the font is then cut by fpdf), not followed.
func TestCutRefusesBrokenComposites(t *testing.T) {
	for name, s := range map[string]*sourceFont{
		"loop":      glyphSource(nil, compositeGlyph(2), compositeGlyph(1)),
		"cut short": glyphSource(nil, compositeGlyph(0)[:12]),
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, _, err := s.cutFont(map[int]int{'B': 'B'}); err == nil {
				t.Fatal("accepted")
			}
		})
	}
}
