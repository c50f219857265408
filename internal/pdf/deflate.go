package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// deflater compresses the streams go-pdf/fpdf writes without a filter:
// each page's content and each font's ToUnicode map.
//
// Written by hand because fpdf cannot do it cheaply: it compresses every
// stream with a zlib writer of its own, and a new one allocates and zeroes
// about 1.1 MB. For a short document those writers were a third of the
// rendering time (the covenant: three pages, three fonts, nine writers).
// Pages are therefore laid out with fpdf's page compression off and
// deflated here with writers that are reused. The font programs and
// their glyph maps, which fpdf compresses itself, are not written per
// document at all when a FontSet keeps them (fontcache.go): fpdf writes a
// small placeholder dictionary and this pass writes the kept objects in.
//
// The pass reads fpdf's own output: a classic cross-reference table whose
// entries give each object's offset. It rewrites only objects that are
// exactly "N 0 obj\n<</Length L>>\nstream\n…\nendstream\nendobj\n" and
// moves the offsets after them; on anything else it returns the file
// unchanged, which is still a valid, only larger, PDF.
type deflater struct {
	pool sync.Pool // *zlib.Writer
}

// compress returns pdf with its unfiltered streams deflated and the fonts
// kept between documents written in (fontcache.go: fonts gives them by the
// number of the core-font dictionary fpdf wrote in their place). When pdf
// is not laid out as fpdf writes it, it comes back unchanged if there are
// no fonts to write in (still a valid, only larger, PDF) and ok is false
// otherwise.
func (d *deflater) compress(pdf []byte, fonts map[int]*fontObjects) (out []byte, ok bool) {
	x, ok := readXref(pdf)
	if !ok {
		return pdf, len(fonts) == 0
	}
	places := place(fonts, len(x.offsets))
	at := make(map[int]fontPlacement, len(places))
	for _, f := range places {
		at[f.core] = f
	}
	out = make([]byte, 0, len(pdf)+len(places)*48<<10)
	out = append(out, pdf[:x.offsets[x.order[0]]]...)
	moved := make([]int, len(x.offsets)+6*len(places))
	var buf bytes.Buffer
	for i, obj := range x.order {
		start := x.offsets[obj]
		end := x.start
		if i+1 < len(x.order) {
			end = x.offsets[x.order[i+1]]
		}
		moved[obj] = len(out)
		if f, ok := at[obj]; ok {
			head := strconv.Itoa(obj) + " 0 obj\n"
			if !bytes.HasPrefix(pdf[start:end], []byte(head+coreHead)) {
				return nil, false
			}
			out = append(out, head...)
			out = append(out, f.objs.renumbered(0, f.numbers())...)
			continue
		}
		body, ok := d.stream(&buf, pdf[start:end], obj)
		if !ok {
			body = pdf[start:end]
		}
		out = append(out, body...)
	}
	for _, f := range places {
		to := f.numbers()
		for k := 1; k < 7; k++ {
			moved[to[k]] = len(out)
			out = strconv.AppendInt(out, int64(to[k]), 10)
			out = append(out, " 0 obj\n"...)
			out = append(out, f.objs.renumbered(k, to)...)
		}
	}
	trailer := pdf[x.trailer:x.startxref]
	if len(places) > 0 {
		size := []byte("trailer\n<<\n/Size " + strconv.Itoa(len(x.offsets)) + "\n")
		if !bytes.HasPrefix(trailer, size) {
			return nil, false
		}
		trailer = append([]byte("trailer\n<<\n/Size "+strconv.Itoa(len(moved))+"\n"), trailer[len(size):]...)
	}
	xrefAt := len(out)
	out = append(out, "xref\n0 "...)
	out = strconv.AppendInt(out, int64(len(moved)), 10)
	out = append(out, "\n0000000000 65535 f \n"...)
	for obj := 1; obj < len(moved); obj++ {
		out = fmt.Appendf(out, "%010d 00000 n \n", moved[obj])
	}
	out = append(out, trailer...)
	out = append(out, "startxref\n"...)
	out = strconv.AppendInt(out, int64(xrefAt), 10)
	out = append(out, "\n%%EOF\n"...)
	return out, true
}

// stream returns object obj, whose bytes are raw, with its stream deflated,
// or false when it is not an unfiltered stream as fpdf writes one.
func (d *deflater) stream(buf *bytes.Buffer, raw []byte, obj int) ([]byte, bool) {
	head := strconv.Itoa(obj) + " 0 obj\n<</Length "
	if !bytes.HasPrefix(raw, []byte(head)) {
		return nil, false
	}
	rest := raw[len(head):]
	n := bytes.IndexByte(rest, '>')
	if n <= 0 || n > 10 {
		return nil, false
	}
	length, err := strconv.Atoi(string(rest[:n]))
	if err != nil || length < 0 {
		return nil, false
	}
	rest = rest[n:]
	const open, tail = ">>\nstream\n", "\nendstream\nendobj\n"
	if !bytes.HasPrefix(rest, []byte(open)) || len(rest) != len(open)+length+len(tail) ||
		string(rest[len(open)+length:]) != tail {
		return nil, false
	}
	data := rest[len(open) : len(open)+length]

	buf.Reset()
	if d.deflate(buf, data) != nil {
		return nil, false
	}
	out := make([]byte, 0, buf.Len()+64)
	out = append(out, strconv.Itoa(obj)...)
	out = append(out, " 0 obj\n<</Filter /FlateDecode /Length "...)
	out = strconv.AppendInt(out, int64(buf.Len()), 10)
	out = append(out, open...)
	out = append(out, buf.Bytes()...)
	out = append(out, tail...)
	return out, true
}

// deflate appends data to buf in zlib's format, at the level fpdf uses
// (BestSpeed), with a writer that is reused. The writer is
// klauspost/compress's: at that level it is 1.5 times as fast as the
// standard library's on a page and 3 times on a font program, for the
// same size within 2 % (BENCHMARKS.md, "The first document after a
// start").
func (d *deflater) deflate(buf *bytes.Buffer, data []byte) error {
	zw, _ := d.pool.Get().(*zlib.Writer)
	if zw == nil {
		// BestSpeed, as fpdf compresses: a level higher saves a few
		// hundred bytes a page for three times the time.
		zw, _ = zlib.NewWriterLevel(buf, zlib.BestSpeed)
	} else {
		zw.Reset(buf)
	}
	_, werr := zw.Write(data)
	cerr := zw.Close()
	d.pool.Put(zw)
	return errors.Join(werr, cerr)
}

// xref is fpdf's cross-reference table as read back.
type xref struct {
	offsets   []int // by object number; offsets[0] unused
	order     []int // object numbers by offset
	start     int   // where "xref" begins
	trailer   int   // where "trailer" begins
	startxref int   // where "startxref" begins
}

// object returns object obj's bytes, up to the next object.
func (x xref) object(pdf []byte, obj int) []byte {
	start, end := x.offsets[obj], x.start
	for _, o := range x.order {
		if off := x.offsets[o]; off > start && off < end {
			end = off
		}
	}
	return pdf[start:end]
}

// readXref reads the table fpdf writes at the end of a file: "xref\n0 N\n",
// the free entry, N-1 entries of 20 bytes, "trailer", "startxref\nO\n%%EOF".
// It checks that every offset points at its object and that the objects
// lie in order after one another, as fpdf writes them.
func readXref(pdf []byte) (xref, bool) {
	var x xref
	x.startxref = bytes.LastIndex(pdf, []byte("startxref\n"))
	if x.startxref < 0 {
		return x, false
	}
	at := bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(pdf[x.startxref+len("startxref\n"):]), []byte("%%EOF")))
	start, err := strconv.Atoi(string(at))
	if err != nil || start <= 0 || start >= x.startxref {
		return x, false
	}
	x.start = start
	tab := pdf[start:x.startxref]
	if !bytes.HasPrefix(tab, []byte("xref\n0 ")) {
		return x, false
	}
	tab = tab[len("xref\n0 "):]
	nl := bytes.IndexByte(tab, '\n')
	if nl <= 0 {
		return x, false
	}
	count, err := strconv.Atoi(string(tab[:nl]))
	if err != nil || count < 2 || count > len(pdf)/20 {
		return x, false
	}
	tab = tab[nl+1:]
	const entry = 20
	if len(tab) < count*entry || string(tab[:entry]) != "0000000000 65535 f \n" {
		return x, false
	}
	x.trailer = start + len("xref\n0 ") + nl + 1 + count*entry
	if !bytes.HasPrefix(pdf[x.trailer:], []byte("trailer\n")) {
		return x, false
	}
	x.offsets = make([]int, count)
	x.order = make([]int, 0, count-1)
	for obj := 1; obj < count; obj++ {
		e := tab[obj*entry : (obj+1)*entry]
		if string(e[10:]) != " 00000 n \n" {
			return x, false
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || off <= 0 || off >= start {
			return x, false
		}
		if !bytes.HasPrefix(pdf[off:], []byte(strconv.Itoa(obj)+" 0 obj\n")) {
			return x, false
		}
		x.offsets[obj] = off
		x.order = append(x.order, obj)
	}
	// fpdf writes the pages' root (object 1) after the pages: order by
	// offset, and require the objects to tile the body without gaps.
	slices.SortFunc(x.order, func(a, b int) int { return x.offsets[a] - x.offsets[b] })
	for i, obj := range x.order {
		end := start
		if i+1 < len(x.order) {
			end = x.offsets[x.order[i+1]]
		}
		if end <= x.offsets[obj] || !bytes.HasSuffix(pdf[x.offsets[obj]:end], []byte("endobj\n")) {
			return x, false
		}
	}
	return x, true
}
