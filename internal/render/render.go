// Package render turns a request for a document ("the 2023 year-end report
// of this bloc, as PDF") into bytes: it loads the year from the store,
// builds the document model from the templates, and hands it to the PDF (or
// XLSX) renderer. Rendered bytes are cached under a hash of everything that
// produced them, which is also the ETag.
package render

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/thidua/thidua/internal/criteria"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/docx"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/pdf"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// Request names one document.
type Request struct {
	Bloc   string
	Year   int
	Kind   string // bao-cao-tong-ket, bang-tong-hop-diem, ... (DESIGN §4)
	Unit   string // for one board's documents
	Format string // "pdf" or "xlsx"
}

// File is a rendered document.
type File struct {
	Name        string // Vietnamese file name, e.g. "Báo cáo tổng kết năm 2023.pdf"
	ContentType string
	ETag        string // hash of the content that produced it
	Data        []byte
}

// ErrUnknownKind is returned for a kind/format pair that does not exist.
var ErrUnknownKind = errors.New("không có loại văn bản này")

// Workbooks produces the XLSX documents; the xlsx package implements it.
type Workbooks interface {
	// Workbook renders kind ("phieu-cham-diem", "bang-tong-hop-diem") of a
	// year; unit is set for a unit's workbook.
	Workbook(d *domain.YearData, kind, unit string) (name string, data []byte, err error)
	// SummaryYears is the score summary of several years in one workbook.
	SummaryYears(ds []*domain.YearData) ([]byte, error)
	Version() string
}

// Config is what a Service is built from.
type Config struct {
	Store     store.Reader
	Templates fs.FS
	FontDir   string      // "" for the embedded Liberation Serif
	PDF       pdf.Options // margins and sizes within Decree 30
	Workbooks Workbooks   // nil: no XLSX documents
	CacheSize int64       // bytes of rendered documents kept; 0: 64 MB; < 0: none (a one-off run)
	Logger    *slog.Logger
	Metrics   Observer // nil: nothing observed
}

// Observer is told of cache hits and of the time each render takes
// (metrics.Metrics).
type Observer interface {
	CacheResult(hit bool)
	ObserveRender(kind, format string, d time.Duration)
}

// Service renders documents. It is safe for concurrent use.
type Service struct {
	store     store.Reader
	templates *document.Templates
	pdf       *pdf.Renderer
	docx      *docx.Renderer
	workbooks Workbooks
	cache     *lru
	index     versionIndex // version key -> content key
	log       *slog.Logger
	flight    singleflight.Group // one rendering per key at a time
	renders   atomic.Int64       // documents actually rendered (not cached)
	loads     atomic.Int64       // bloc-years loaded from the store
	obs       Observer
	// criteria is the templates' default criteria set, or why there is
	// none (a templates folder without criteria/mac-dinh.yaml).
	criteria    domain.CriteriaSet
	criteriaErr error
}

// New builds a Service: fonts are parsed and every template is parsed now,
// so a broken template stops the start-up with its file and line.
func New(c Config) (*Service, error) {
	tm, err := document.LoadTemplates(c.Templates)
	if err != nil {
		return nil, err
	}
	fonts, err := pdf.LoadFonts(c.FontDir)
	if err != nil {
		return nil, err
	}
	r, err := pdf.New(fonts, c.PDF)
	if err != nil {
		return nil, err
	}
	size := c.CacheSize
	switch {
	case size == 0:
		size = 64 << 20
	case size < 0:
		size = 0 // nothing fits: every document is rendered once and forgotten
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dx, err := docx.New(docx.Options{Page: c.PDF.Page(), Measure: fonts.Width})
	if err != nil {
		return nil, err
	}
	def, derr := criteria.Load(c.Templates, criteria.DefaultFile)
	return &Service{store: c.Store, templates: tm, pdf: r, docx: dx, workbooks: c.Workbooks, cache: newLRU(size), index: versionIndex{max: 20000}, log: log, obs: c.Metrics,
		criteria: def, criteriaErr: derr}, nil
}

// DefaultCriteria is a copy of the templates' default criteria set, for a
// year that starts from it.
func (s *Service) DefaultCriteria() (domain.CriteriaSet, error) {
	if s.criteriaErr != nil {
		return domain.CriteriaSet{}, fmt.Errorf("bảng tiêu chí mặc định: %w", s.criteriaErr)
	}
	var cs domain.CriteriaSet
	b, err := json.Marshal(s.criteria)
	if err == nil {
		err = json.Unmarshal(b, &cs)
	}
	return cs, err
}

// Loads is how many bloc-years were loaded from the store (tests see
// that an unchanged document costs none).
func (s *Service) Loads() int64 { return s.loads.Load() }

// Templates returns the parsed templates.
func (s *Service) Templates() *document.Templates { return s.templates }

// Year is a bloc-year loaded once for several documents (a dossier): its
// data and the hash of it that every document's cache key starts from.
type Year struct {
	d    *domain.YearData
	hash []byte
}

// LoadYear loads a bloc-year and hashes it.
func (s *Service) LoadYear(ctx context.Context, bloc string, year int) (*Year, error) {
	s.loads.Add(1)
	d, err := store.LoadYear(ctx, s.store, bloc, year)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	if err := json.NewEncoder(h).Encode(d); err != nil {
		return nil, err
	}
	return &Year{d: d, hash: h.Sum(nil)}, nil
}

// Data is the loaded year; callers only read it.
func (y *Year) Data() *domain.YearData { return y.d }

// check refuses a kind/format/unit combination the registry does not have.
func (s *Service) check(r Request) (document.Kind, error) {
	k, ok := document.LookupKind(r.Kind)
	if !ok || !k.Has(r.Format) || (r.Format == document.FormatXLSX && s.workbooks == nil) {
		return k, ErrUnknownKind
	}
	unitKind := k.Scope == document.ScopeUnit
	if unitKind && r.Unit == "" {
		return k, domain.NotFound("văn bản "+r.Kind+" của đơn vị", "")
	}
	if !unitKind && r.Unit != "" {
		return k, ErrUnknownKind
	}
	return k, nil
}

// Render produces one document. An unchanged one costs one indexed read:
// the request's version key (its bloc-year's data versions, the
// templates', the renderer's) finds the content key of the file last made
// for it, and the file in the cache; only otherwise is the year loaded.
func (s *Service) Render(ctx context.Context, r Request) (File, error) {
	if _, err := s.check(r); err != nil {
		return File{}, err
	}
	vkey, err := s.versionKey(ctx, r)
	if err != nil {
		return File{}, err
	}
	if key, ok := s.index.get(vkey); ok {
		if f, ok := s.cache.get(key); ok {
			s.observeCache(true)
			return f, nil
		}
	}
	y, err := s.LoadYear(ctx, r.Bloc, r.Year)
	if err != nil {
		return File{}, err
	}
	f, err := s.RenderYear(ctx, y, r)
	if err == nil {
		s.index.put(vkey, f.ETag)
	}
	return f, err
}

// ETag is the ETag of the document a request would get, when it is known
// without loading anything (the same version key was answered before):
// a client's If-None-Match is answered 304 at the cost of one read. The
// ETag itself is derived from the content (the year's data and what
// renders it), so that every replica gives the same one.
func (s *Service) ETag(ctx context.Context, r Request) (string, bool, error) {
	if _, err := s.check(r); err != nil {
		return "", false, err
	}
	vkey, err := s.versionKey(ctx, r)
	if err != nil {
		return "", false, err
	}
	key, ok := s.index.get(vkey)
	return key, ok, nil
}

// versionKey names a request at the present versions of its data.
func (s *Service) versionKey(ctx context.Context, r Request) (string, error) {
	v, err := s.store.DataVersion(ctx, r.Bloc, r.Year)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s|%s|%s|%d|%s|%s|%s|%s", r.Kind, r.Format, r.Bloc, r.Year, r.Unit, s.templates.Version, s.fingerprint(r.Format), v), nil
}

// versionIndex maps version keys to content keys. It is bounded by being
// forgotten whole when full: an entry costs a hundred bytes, and one
// forgotten costs one load of its year.
type versionIndex struct {
	mu  sync.Mutex
	max int
	m   map[string]string
}

func (x *versionIndex) get(vkey string) (string, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	k, ok := x.m[vkey]
	return k, ok
}

func (x *versionIndex) put(vkey, key string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.m == nil || len(x.m) >= x.max {
		x.m = make(map[string]string, 64)
	}
	x.m[vkey] = key
}

// RenderYear produces one document of a year already loaded: a dossier
// loads its bloc-year once for all its files. y is only read (documents of
// one year render side by side).
func (s *Service) RenderYear(ctx context.Context, y *Year, r Request) (File, error) {
	k, err := s.check(r)
	if err != nil {
		return File{}, err
	}
	if y.d.Bloc.Slug != r.Bloc || y.d.Year != r.Year {
		return File{}, fmt.Errorf("năm đã nạp là %s %d, không phải %s %d", y.d.Bloc.Slug, y.d.Year, r.Bloc, r.Year)
	}
	d := y.d
	if r.Unit != "" {
		member := d.Member
		if k.MidYear {
			member = d.HalfYearMember
		}
		if _, ok := member(r.Unit); !ok {
			return File{}, domain.NotFound(fmt.Sprintf("thành viên năm %d", r.Year), r.Unit)
		}
	}
	if r.Format == "xlsx" && d.Criteria == nil {
		return File{}, domain.NotFoundError{Entity: "bảng tiêu chí", Key: r.Bloc, Message: fmt.Sprintf("Khối chưa có bảng tiêu chí năm %d", r.Year)}
	}
	key, err := s.key(r, y.hash)
	if err != nil {
		return File{}, err
	}
	return s.cached(key, r.Kind, r.Format, func() (File, error) {
		switch r.Format {
		case document.FormatPDF, document.FormatDOCX:
			return s.renderDocument(d, r)
		default:
			name, data, err := s.workbooks.Workbook(d, r.Kind, r.Unit)
			return File{Name: name, Data: data, ContentType: xlsxType}, err
		}
	})
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// cached answers from the cache, or renders once however many ask at the
// same time (a bloc's members all opening the year-end report), and keeps
// the result under key, which is also its ETag.
func (s *Service) cached(key, kind, format string, render func() (File, error)) (File, error) {
	if f, ok := s.cache.get(key); ok {
		s.observeCache(true)
		return f, nil
	}
	s.observeCache(false)
	v, err, _ := s.flight.Do(key, func() (any, error) {
		if f, ok := s.cache.get(key); ok {
			return f, nil
		}
		s.renders.Add(1)
		start := time.Now()
		f, err := render()
		if err != nil {
			return File{}, err
		}
		if s.obs != nil {
			s.obs.ObserveRender(kind, format, time.Since(start))
		}
		f.ETag = key
		s.cache.put(key, f)
		return f, nil
	})
	if err != nil {
		return File{}, err
	}
	return v.(File), nil
}

// RenderYears is the score summary of several years of a bloc in one
// workbook (a sheet of scores and one of indicators per year), for the
// years from..to that have data; NotFoundError when none has.
func (s *Service) RenderYears(ctx context.Context, bloc string, from, to int) (File, error) {
	if s.workbooks == nil {
		return File{}, ErrUnknownKind
	}
	years, err := s.store.ListYears(ctx, bloc)
	if err != nil {
		return File{}, err
	}
	var ds []*domain.YearData
	for _, y := range years {
		if y < from || y > to {
			continue
		}
		d, err := store.LoadYear(ctx, s.store, bloc, y)
		if errors.Is(err, domain.ErrNotFound) {
			continue // a year with settings but no members yet
		}
		if err != nil {
			return File{}, err
		}
		ds = append(ds, d)
	}
	if len(ds) == 0 {
		return File{}, domain.NotFoundError{Entity: "năm", Key: bloc, Message: "Khối không có năm nào có dữ liệu trong khoảng đã chọn"}
	}
	h := sha256.New()
	fmt.Fprintf(h, "years|%s|%d|%d|%s|", bloc, from, to, s.fingerprint(document.FormatXLSX))
	if err := json.NewEncoder(h).Encode(ds); err != nil {
		return File{}, err
	}
	key := hex.EncodeToString(h.Sum(nil)[:16])
	return s.cached(key, "bang-tong-hop-diem-nhieu-nam", document.FormatXLSX, func() (File, error) {
		data, err := s.workbooks.SummaryYears(ds)
		name := vn.NFC(fmt.Sprintf("Bảng tổng hợp điểm %d-%d - %s.xlsx", ds[0].Year, ds[len(ds)-1].Year, ds[0].Bloc.Names.Latest().Short))
		return File{Name: name, Data: data, ContentType: xlsxType}, err
	})
}

func (s *Service) observeCache(hit bool) {
	if s.obs != nil {
		s.obs.CacheResult(hit)
	}
}

// BuildDocument builds the document model of a PDF kind.
func (s *Service) BuildDocument(d *domain.YearData, kind, unit string) (*document.Document, error) {
	v, err := document.NewView(d, kind, unit)
	if err != nil {
		return nil, err
	}
	return s.templates.Build(kind, v)
}

// renderDocument builds the document model once and writes it as PDF or
// as DOCX: both formats carry the same content.
func (s *Service) renderDocument(d *domain.YearData, r Request) (File, error) {
	doc, err := s.BuildDocument(d, r.Kind, r.Unit)
	if err != nil {
		return File{}, err
	}
	f := File{ContentType: "application/pdf"}
	if r.Format == document.FormatDOCX {
		f.ContentType = docx.ContentType
		// A document the PDF sets tighter to keep to its pages (a proposal
		// on one page) is set the same in Word.
		tight, terr := s.pdf.Tight(doc)
		switch {
		case terr != nil:
			err = terr
		case tight:
			f.Data, err = s.docx.RenderWith(doc, s.pdf.Tighter())
		default:
			f.Data, err = s.docx.Render(doc)
		}
	} else {
		var substituted []string
		f.Data, substituted, err = s.pdf.Render(doc)
		if len(substituted) > 0 {
			s.log.Warn("characters the font lacks were printed as [U+XXXX]", "kind", r.Kind, "bloc", r.Bloc, "year", r.Year, "where", substituted)
		}
	}
	if err != nil {
		return File{}, fmt.Errorf("%s năm %d: %w", r.Kind, r.Year, err)
	}
	name := doc.Meta.FileName
	if name == "" {
		name = r.Kind
	}
	f.Name = vn.NFC(name + " - " + d.Bloc.Names.At(d.Date()).Short + "." + r.Format)
	return f, nil
}

// fingerprint identifies what renders a format, for cache keys: a PDF's
// renderer and fonts; a DOCX's writer and the font metrics it measures
// with; a workbook's generator.
func (s *Service) fingerprint(format string) string {
	switch format {
	case document.FormatPDF:
		return s.pdf.Fingerprint()
	case document.FormatDOCX:
		return s.docx.Fingerprint() + "|" + s.pdf.Fingerprint()
	case document.FormatXLSX:
		if s.workbooks != nil {
			return s.workbooks.Version()
		}
	}
	return ""
}

// key hashes everything that shapes the output: the request, the data (the
// year's by its hash, and a unit document's own texts), the templates, the
// renderer and its fonts and options.
func (s *Service) key(r Request, data []byte) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%s|%d|%s|%s|%s|%x|", r.Kind, r.Format, r.Bloc, r.Year, r.Unit, s.templates.Version, s.fingerprint(r.Format), data)
	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}

// lru is a byte-bounded least-recently-used cache of rendered files.
type lru struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order *list.List
	items map[string]*list.Element
}

type entry struct {
	key  string
	file File
}

func newLRU(max int64) *lru {
	return &lru{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *lru) get(key string) (File, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry).file, true
	}
	return File{}, false
}

func (c *lru) put(key string, f File) {
	n := int64(len(f.Data))
	if n > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; ok {
		return
	}
	c.items[key] = c.order.PushFront(&entry{key: key, file: f})
	c.size += n
	for c.size > c.max {
		e := c.order.Back()
		c.order.Remove(e)
		old := e.Value.(*entry)
		delete(c.items, old.key)
		c.size -= int64(len(old.file.Data))
	}
}
