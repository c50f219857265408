package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"golang.org/x/sync/errgroup"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/vn"
)

// generatorVersion names this build in dossier manifests and fingerprints
// (a new build may set documents differently, so its dossiers are new
// versions): the module version of a release, else the commit it was built
// from, else — built without VCS stamping (-buildvcs=false) — a hash of
// the executable itself.
func generatorVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			return "thidua/" + v
		}
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if rev != "" {
			if len(rev) > 12 {
				rev = rev[:12]
			}
			if dirty {
				rev += "-dirty"
			}
			return "thidua/" + rev
		}
	}
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err == nil {
				return "thidua/bin-" + hex.EncodeToString(h.Sum(nil))[:12]
			}
		}
	}
	return "thidua/dev"
}

// generateCmd builds year-end dossiers without a server: for each bloc,
// DIR/<ZIP name> and the same files unpacked under DIR/<bloc slug>/.
func generateCmd(ctx context.Context, args []string, stdout, stderr *os.File) error {
	fs := flag.NewFlagSet("generate", flag.ContinueOnError)
	var c common
	c.register(fs)
	bloc := fs.String("bloc", "", "mã khối")
	all := fs.Bool("all", false, "mọi khối có dữ liệu năm đó")
	year := fs.Int("year", 0, "năm")
	out := fs.String("out", "", "thư mục kết quả")
	parallel := fs.Int("render-parallel", runtime.NumCPU(), "số văn bản tạo cùng lúc")
	copies := fs.Int("demo-copies", 0, "thêm N bản sao của các khối mẫu (cùng --demo), để đo ở quy mô cả nước: 7 cho 10 khối, 70 ban")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if (*bloc == "") == !*all || *year == 0 || *out == "" {
		return errors.New("cần --bloc SLUG hoặc --all, cùng --year và --out")
	}
	log := c.logger(stderr)
	if *copies > 0 && !c.demo {
		return errors.New("--demo-copies chỉ dùng cùng --demo")
	}
	st, done, err := c.commandStore(ctx, fs, log)
	if err != nil {
		return err
	}
	defer done()
	if *copies > 0 {
		if err := demo.LoadCopies(ctx, st, c.templatesFS(), *copies); err != nil {
			return err
		}
	}
	rs, err := c.renderer(st, log, nil, -1) // each document is made once: no cache
	if err != nil {
		return err
	}
	blobs, err := c.openBlobs(ctx)
	if err != nil {
		return err
	}
	slugs, err := blocsOfYear(ctx, st, *bloc, *year)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	b := dossier.New(dossier.Config{Source: st, Render: rs, Blobs: blobs, Generator: generatorVersion(), Parallel: *parallel})
	p := newProgress(stderr, len(slugs))
	for _, slug := range slugs {
		n, err := b.Count(ctx, slug, *year)
		if err != nil {
			return fmt.Errorf("%s: %w", slug, err)
		}
		p.total[slug] = n
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(2) // blocs side by side; the builder bounds the renders
	for _, slug := range slugs {
		g.Go(func() error {
			start := time.Now()
			d, err := b.Build(gctx, slug, *year, p.track(slug))
			if err != nil {
				return fmt.Errorf("%s: %w", slug, err)
			}
			if err := writeDossier(*out, slug, d); err != nil {
				return fmt.Errorf("%s: %w", slug, err)
			}
			p.done(slug, d, time.Since(start))
			return nil
		})
	}
	err = g.Wait()
	p.finish()
	return err
}

// blocsOfYear is the one bloc asked for, or every bloc with that year.
func blocsOfYear(ctx context.Context, st store.Store, bloc string, year int) ([]string, error) {
	var slugs []string
	if bloc != "" {
		slugs = []string{bloc}
	} else {
		bs, err := st.ListBlocs(ctx)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			slugs = append(slugs, b.Slug)
		}
	}
	var out []string
	for _, s := range slugs {
		years, err := st.ListYears(ctx, s)
		if err != nil {
			return nil, err
		}
		for _, y := range years {
			if y == year {
				out = append(out, s)
			}
		}
		if bloc != "" && len(out) == 0 {
			return nil, fmt.Errorf("khối %s không có dữ liệu năm %d", bloc, year)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("không khối nào có dữ liệu năm %d", year)
	}
	return out, nil
}

// writeDossier writes the ZIP and the unpacked files, each under a
// temporary name renamed into place.
func writeDossier(dir, slug string, d *dossier.Dossier) error {
	if err := writeFile(filepath.Join(dir, d.ZIPName), d.ZIP); err != nil {
		return err
	}
	mj, err := dossier.ManifestJSON(d.Manifest)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, slug, dossier.ManifestName), mj); err != nil {
		return err
	}
	for _, f := range d.Manifest.Files {
		if err := writeFile(filepath.Join(dir, slug, filepath.FromSlash(f.Name)), f.Data); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// progress shows documents done of all on a terminal (one line redrawn),
// and a plain line per finished bloc otherwise (a log, CI).
type progress struct {
	w        io.Writer
	tty      bool
	start    time.Time
	blocs    int
	mu       sync.Mutex
	doneOf   map[string]int
	total    map[string]int
	finished int
}

func newProgress(w *os.File, blocs int) *progress {
	return &progress{w: w, tty: isatty.IsTerminal(w.Fd()) || isatty.IsCygwinTerminal(w.Fd()), start: time.Now(), blocs: blocs,
		doneOf: map[string]int{}, total: map[string]int{}}
}

func (p *progress) track(slug string) dossier.Progress {
	return func(done, total int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.doneOf[slug], p.total[slug] = done, total
		if p.tty {
			p.draw()
		}
	}
}

func (p *progress) draw() {
	done, total := 0, 0
	for s := range p.total {
		done, total = done+p.doneOf[s], total+p.total[s]
	}
	const width = 30
	fill := 0
	if total > 0 {
		fill = width * done / total
	}
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d văn bản · %d/%d khối · %s ", strings.Repeat("#", fill), strings.Repeat(".", width-fill),
		done, total, p.finished, p.blocs, seconds(time.Since(p.start)))
}

func (p *progress) done(slug string, d *dossier.Dossier, took time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished++
	line := fmt.Sprintf("%s năm %d: %d tệp, %s, %d cảnh báo, %s", slug, d.Manifest.Year, len(d.Manifest.Files), d.ZIPName,
		len(d.Manifest.Warnings), seconds(took))
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s\n", line)
		p.draw()
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "xong %d/%d khối trong %s\n", p.finished, p.blocs, seconds(time.Since(p.start)))
}

// seconds prints a duration the Vietnamese way: "1,25 giây".
func seconds(d time.Duration) string {
	return vn.GroupDecimal(strconv.FormatFloat(d.Seconds(), 'f', 2, 64)) + " giây"
}
