// Package dossier builds a bloc-year's year-end dossier — every document of
// DESIGN §4 for the bloc, each member's own documents and the exact bytes of
// its accepted upload, with a manifest and one ZIP of it all — and keeps
// each dossier as an immutable version in the archive (archive.go). The
// scheduler (package jobs), the HTTP API and `thidua generate` all call it.
package dossier

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// UploadKind is the manifest kind of a member's accepted upload.
const UploadKind = "ban-nop"

// Renderer renders the documents of a bloc-year loaded once
// (render.Service).
type Renderer interface {
	LoadYear(ctx context.Context, bloc string, year int) (*render.Year, error)
	RenderYear(ctx context.Context, y *render.Year, r render.Request) (render.File, error)
}

// Source is what a build reads: the year's data and the uploads' records.
type Source interface {
	store.Reader
	ListUploads(ctx context.Context, bloc string, year int, unit string) ([]store.Upload, error)
}

// Config is what a Builder is made of.
type Config struct {
	Source    Source
	Render    Renderer
	Blobs     blob.Store // where accepted uploads' bytes are read
	Generator string     // the generator's version, part of every fingerprint
	// Parallel bounds the renders running at once across every build of
	// this Builder, so a national run leaves room for web requests;
	// default 1.
	Parallel int
	Now      func() time.Time // default time.Now
}

// Builder builds dossiers. It is safe for concurrent use.
type Builder struct {
	c    Config
	pool *semaphore.Weighted
}

// New makes a Builder.
func New(c Config) *Builder {
	if c.Parallel < 1 {
		c.Parallel = 1
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return &Builder{c: c, pool: semaphore.NewWeighted(int64(c.Parallel))}
}

// Generator is the builder's generator version.
func (b *Builder) Generator() string { return b.c.Generator }

// File is one file of a dossier: what the archive records of it, and its
// bytes.
type File struct {
	store.DossierFile
	Data []byte `json:"-"`
}

// Warning is something a reader of the dossier must know: a member that has
// not submitted, a document the data does not allow yet.
type Warning struct {
	Code    string `json:"code"`
	Unit    string `json:"unit,omitempty"`
	Kind    string `json:"kind,omitempty"`
	Message string `json:"message"`
}

// Manifest describes a dossier; it is manifest.json inside the ZIP.
type Manifest struct {
	Bloc        string    `json:"bloc"`
	BlocName    string    `json:"bloc_name"`
	Year        int       `json:"year"`
	Generator   string    `json:"generator"`
	Fingerprint string    `json:"fingerprint"`
	CreatedAt   time.Time `json:"created_at"`
	Files       []File    `json:"files"`
	Warnings    []Warning `json:"warnings"`
}

// Dossier is a built dossier, in memory.
type Dossier struct {
	Manifest Manifest
	ZIPName  string
	ZIP      []byte
}

// Progress is told how many of the dossier's files are done; calls come one
// at a time, in increasing order.
type Progress func(done, total int)

// job is one file to make.
type job struct {
	kind, format, unit string
	upload             *store.Upload
}

// Build makes a bloc-year's dossier. Missing data never stops it: a member
// that has not submitted, or a document the year cannot have yet, becomes
// a warning. Errors are those of the store, the blobs or a renderer.
func (b *Builder) Build(ctx context.Context, bloc string, year int, progress Progress) (*Dossier, error) {
	y, err := b.c.Render.LoadYear(ctx, bloc, year) // once for every file
	if err != nil {
		return nil, err
	}
	d := y.Data()
	jobs, warnings, err := b.plan(ctx, d)
	if err != nil {
		return nil, err
	}
	files := make([]*File, len(jobs))
	warned := make([]*Warning, len(jobs))
	var (
		mu   sync.Mutex // progress is called by one goroutine at a time
		done int
	)
	if progress != nil {
		progress(0, len(jobs))
	}
	g, gctx := errgroup.WithContext(ctx)
	for i, j := range jobs {
		g.Go(func() error {
			f, w, err := b.make(gctx, y, j)
			if err != nil {
				return err
			}
			files[i], warned[i] = f, w
			if progress != nil {
				mu.Lock()
				done++
				progress(done, len(jobs))
				mu.Unlock()
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	m := Manifest{Bloc: d.Bloc.Slug, BlocName: d.Bloc.Names.At(d.Date()).Full, Year: year, Generator: b.c.Generator,
		Files: []File{}, Warnings: warnings}
	names := map[string]bool{}
	for i, f := range files {
		if w := warned[i]; w != nil {
			m.Warnings = append(m.Warnings, *w)
		}
		if f == nil {
			continue
		}
		f.Name = unique(names, f.Name)
		m.Files = append(m.Files, *f)
	}
	m.Fingerprint = fingerprint(m)
	m.CreatedAt = b.c.Now().UTC().Truncate(time.Second)
	short := d.Bloc.Names.At(d.Date()).Short
	out := &Dossier{Manifest: m, ZIPName: vn.NFC(fmt.Sprintf("Hồ sơ thi đua năm %d - %s.zip", year, safeName(short)))}
	if out.ZIP, err = writeZIP(m); err != nil {
		return nil, err
	}
	return out, nil
}

// Count is how many files a bloc-year's dossier will have, for a progress
// bar that knows its end before the first build starts.
func (b *Builder) Count(ctx context.Context, bloc string, year int) (int, error) {
	d, err := store.LoadYear(ctx, b.c.Source, bloc, year)
	if err != nil {
		return 0, err
	}
	jobs, _, err := b.plan(ctx, d)
	return len(jobs), err
}

// plan lists the files of the dossier, in the registry's order, and the
// warnings known before rendering.
func (b *Builder) plan(ctx context.Context, d *domain.YearData) ([]job, []Warning, error) {
	var jobs []job
	warnings := []Warning{}
	kinds := document.AllKinds()
	for _, k := range kinds {
		if k.Scope != document.ScopeBloc {
			continue
		}
		for _, f := range dossierFormats(k) {
			jobs = append(jobs, job{kind: k.Slug, format: f})
		}
	}
	if len(d.Members) == 0 {
		warnings = append(warnings, Warning{Code: "no_members", Message: fmt.Sprintf("Khối chưa có thành viên năm %d", d.Year)})
	}
	if d.Criteria == nil {
		warnings = append(warnings, Warning{Code: "no_criteria", Message: fmt.Sprintf("Khối chưa có bảng tiêu chí năm %d: không có bảng chấm điểm", d.Year)})
	}
	for _, mem := range d.Members {
		for _, k := range kinds {
			if k.Scope != document.ScopeUnit {
				continue
			}
			for _, f := range dossierFormats(k) {
				jobs = append(jobs, job{kind: k.Slug, format: f, unit: mem.Unit})
			}
		}
		if r, ok := d.Result(mem.Unit); d.Criteria != nil && (!ok || !r.Submitted) {
			warnings = append(warnings, Warning{Code: "not_submitted", Unit: mem.Unit,
				Message: fmt.Sprintf("%s chưa nộp phiếu chấm điểm: các văn bản ghi “Chưa nộp”", mem.Name.Full)})
		}
		ups, err := b.c.Source.ListUploads(ctx, d.Bloc.Slug, d.Year, mem.Unit)
		if err != nil {
			return nil, nil, err
		}
		for i := range ups { // newest first: the accepted one that counts
			if ups[i].Status == store.UploadAccepted {
				jobs = append(jobs, job{kind: UploadKind, format: document.FormatXLSX, unit: mem.Unit, upload: &ups[i]})
				break
			}
		}
	}
	// Members that left during the year (merged on 1 July) have the
	// half-year's documents.
	for _, mem := range d.Left {
		if _, ok := d.HalfYearMember(mem.Unit); !ok {
			continue
		}
		for _, k := range kinds {
			if k.Scope == document.ScopeUnit && k.MidYear {
				for _, f := range dossierFormats(k) {
					jobs = append(jobs, job{kind: k.Slug, format: f, unit: mem.Unit})
				}
			}
		}
	}
	return jobs, warnings, nil
}

// dossierFormats are the formats of a kind that go into the dossier: the
// PDFs to sign and file, and the workbooks. The Word files, for editing
// before signing, are downloaded one at a time.
func dossierFormats(k document.Kind) []string {
	var out []string
	for _, f := range k.Formats {
		if f != document.FormatDOCX {
			out = append(out, f)
		}
	}
	return out
}

// make produces one file; a document the data does not allow is a warning.
func (b *Builder) make(ctx context.Context, y *render.Year, j job) (*File, *Warning, error) {
	d := y.Data()
	if err := b.pool.Acquire(ctx, 1); err != nil {
		return nil, nil, err
	}
	defer b.pool.Release(1)
	if j.upload != nil {
		return b.upload(ctx, d, j)
	}
	rf, err := b.c.Render.RenderYear(ctx, y, render.Request{Bloc: d.Bloc.Slug, Year: d.Year, Kind: j.kind, Unit: j.unit, Format: j.format})
	var nf domain.NotFoundError
	if errors.As(err, &nf) {
		msg := nf.Message
		if msg == "" {
			msg = nf.Error()
		}
		return nil, &Warning{Code: "document_missing", Unit: j.unit, Kind: j.kind, Message: fmt.Sprintf("Không lập được %s (%s): %s", title(j.kind), j.format, msg)}, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s %s: %w", j.kind, j.unit, j.format, err)
	}
	name := shortName(d, j.unit, rf.Name)
	if j.unit != "" {
		name = unitFolder(d, j.unit) + "/" + name
	}
	sum := sha256.Sum256(rf.Data)
	return &File{DossierFile: store.DossierFile{Name: vn.NFC(name), Kind: j.kind, Unit: j.unit, Format: j.format, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(rf.Data)), Input: rf.ETag}, Data: rf.Data}, nil, nil
}

// maxUploadRead bounds the bytes read back for an accepted upload (they
// were bounded when received).
const maxUploadRead = 64 << 20

// upload reads a member's accepted upload, exactly as received.
func (b *Builder) upload(ctx context.Context, d *domain.YearData, j job) (*File, *Warning, error) {
	u := j.upload
	rc, err := b.c.Blobs.Open(ctx, u.SHA256)
	if err != nil {
		return nil, nil, fmt.Errorf("bản nộp %d của %s: %w", u.ID, u.Unit, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxUploadRead))
	if err != nil {
		return nil, nil, fmt.Errorf("bản nộp %d của %s: %w", u.ID, u.Unit, err)
	}
	sum := sha256.Sum256(data)
	if got := hex.EncodeToString(sum[:]); got != u.SHA256 {
		return nil, nil, fmt.Errorf("bản nộp %d của %s: nội dung không khớp SHA-256 đã ghi (%s)", u.ID, u.Unit, got)
	}
	name := fmt.Sprintf("%s/Phiếu chấm điểm đã nộp ngày %s.xlsx", unitFolder(d, j.unit), u.ReceivedAt.In(vn.Zone()).Format("02-01-2006"))
	return &File{DossierFile: store.DossierFile{Name: vn.NFC(name), Kind: UploadKind, Unit: j.unit, Format: j.format, SHA256: u.SHA256,
		Size: int64(len(data)), Input: u.SHA256}, Data: data}, nil, nil
}

// shortName is a document's name inside the ZIP: the ZIP's own name says
// the bloc, and a member's folder the member, so neither is repeated. Paths
// stay short enough to unpack under Windows' 260-character limit (a test
// bounds them).
func shortName(d *domain.YearData, unit, name string) string {
	ext := ""
	if dot := strings.LastIndex(name, "."); dot > 0 {
		name, ext = name[:dot], name[dot:]
	}
	name = strings.TrimSuffix(name, " - "+d.Bloc.Names.At(d.Date()).Short)
	if unit != "" {
		// "Báo cáo sơ kết 6 tháng năm 2023 - BQL KKT tỉnh Phú Yên": the
		// title is before the first dash (titles have none), the member
		// after it, by the name of the document's own date.
		name, _, _ = strings.Cut(name, " - ")
	}
	return safeName(name + ext)
}

// unitFolder is a member's folder in the ZIP: "Đơn vị/03. Đắk Lắk", numbered
// in the bloc's order so that the folders list as the documents do.
func unitFolder(d *domain.YearData, unit string) string {
	for i, m := range append(append([]domain.Member{}, d.Members...), d.Left...) {
		if m.Unit == unit {
			return fmt.Sprintf("Đơn vị/%02d. %s", i+1, safeName(m.Name.Short))
		}
	}
	return "Đơn vị/" + safeName(unit)
}

// safeName makes a file name that every system accepts: no path
// separators, none of Windows' reserved characters, no control characters,
// no leading or trailing dots and spaces.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, strings.ContainsRune(`/\:*?"<>|`, r):
			return '-'
		}
		return r
	}, vn.NFC(s))
	s = strings.Trim(s, " .")
	if s == "" {
		s = "-"
	}
	return s
}

// unique keeps two files from having one name (it cannot happen with the
// registry's names, but a ZIP with two equal names loses one in Explorer).
func unique(seen map[string]bool, name string) string {
	n := name
	for i := 2; seen[strings.ToLower(n)]; i++ {
		ext := ""
		if dot := strings.LastIndex(name, "."); dot > strings.LastIndex(name, "/") {
			ext = name[dot:]
		}
		n = fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(name, ext), i, ext)
	}
	seen[strings.ToLower(n)] = true
	return n
}

func title(kind string) string {
	if k, ok := document.LookupKind(kind); ok {
		return strings.ToLower(k.Title[:1]) + k.Title[1:]
	}
	return kind
}

// fingerprint hashes every input of the dossier: the generator, and each
// file's name, kind, unit, format and input fingerprint (the render
// service's hash of data, templates, fonts and renderer; an upload's
// SHA-256), and the warnings. Equal fingerprints mean an equal dossier.
func fingerprint(m Manifest) string {
	h := sha256.New()
	fmt.Fprintf(h, "thidua-dossier|%s|%s|%d\n", m.Generator, m.Bloc, m.Year)
	for _, f := range m.Files {
		fmt.Fprintf(h, "f|%s|%s|%s|%s|%s\n", f.Name, f.Kind, f.Unit, f.Format, f.Input)
	}
	ws := make([]string, len(m.Warnings))
	for i, w := range m.Warnings {
		ws[i] = w.Code + "|" + w.Unit + "|" + w.Kind + "|" + w.Message
	}
	sort.Strings(ws)
	for _, w := range ws {
		fmt.Fprintf(h, "w|%s\n", w)
	}
	return hex.EncodeToString(h.Sum(nil))
}
