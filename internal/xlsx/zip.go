package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/xuri/excelize/v2"
)

// Workbooks are small and made on request: their parts are compressed at
// flate's best speed, with compressors reused across workbooks (a new one
// costs about 1 MB of tables). The files come out a few per cent larger.
var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

type pooledFlate struct{ *flate.Writer }

func (p pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	return err
}

func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw := flatePool.Get().(*flate.Writer)
		fw.Reset(out)
		return pooledFlate{fw}, nil
	})
	return &coreProps{Writer: zw}
}

// coreProps writes docProps/core.xml with the cp: prefix that the
// package's schema examples use and that some readers require (exceljs
// cannot open a workbook whose core properties are in the default
// namespace, as excelize writes them). excelize has no option for it:
// the part is buffered when excelize creates it and written, prefixed,
// when the next part starts or the archive closes.
type coreProps struct {
	*zip.Writer
	pending *bytes.Buffer
}

const corePart = "docProps/core.xml"

func (z *coreProps) Create(name string) (io.Writer, error) {
	if err := z.flush(); err != nil {
		return nil, err
	}
	if name == corePart {
		z.pending = new(bytes.Buffer)
		return z.pending, nil
	}
	return z.Writer.Create(name)
}

func (z *coreProps) AddFS(fsys fs.FS) error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.AddFS(fsys)
}

func (z *coreProps) Close() error {
	if err := z.flush(); err != nil {
		return err
	}
	return z.Writer.Close()
}

func (z *coreProps) flush() error {
	if z.pending == nil {
		return nil
	}
	w, err := z.Writer.Create(corePart)
	if err != nil {
		return err
	}
	_, err = w.Write(prefixCore(z.pending.Bytes()))
	z.pending = nil
	return err
}

// coreElements are the core properties of the package's own namespace
// (ECMA-376 part 2, §11); the others are Dublin Core's, already prefixed.
var coreElements = []string{"coreProperties", "category", "contentStatus", "keywords", "lastModifiedBy", "lastPrinted", "revision", "version"}

// prefixCore puts the cp: prefix on the default-namespace elements of a
// core properties part.
func prefixCore(b []byte) []byte {
	s := strings.Replace(string(b), `xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`,
		`xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"`, 1)
	for _, e := range coreElements {
		for _, end := range []string{">", " ", "/"} {
			s = strings.ReplaceAll(s, "<"+e+end, "<cp:"+e+end)
			s = strings.ReplaceAll(s, "</"+e+">", "</cp:"+e+">")
		}
	}
	return []byte(s)
}
