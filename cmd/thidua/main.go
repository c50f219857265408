// Command thidua is the service and the command line of the product:
//
//	thidua serve  [--addr 127.0.0.1:8080] [--data DIR] [--demo] [--templates DIR]
//	thidua render --demo --bloc SLUG --year YYYY --kind SLUG [--unit SLUG] --out FILE
//	thidua generate (--bloc SLUG | --all) [--demo] --year YYYY --out DIR
//	thidua backup  [--data DIR] --out DIR
//	thidua restore --from DIR --data DIR
//	thidua migrate-store --from DIR --to postgres://… [--to-blobs s3://…]
//
// Every flag has an environment variable (THIDUA_ADDR, THIDUA_DATA, …); a
// flag given on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/document"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/httpapi"
	"github.com/thidua/thidua/internal/jobs"
	"github.com/thidua/thidua/internal/mail"
	"github.com/thidua/thidua/internal/metrics"
	"github.com/thidua/thidua/internal/pdf"
	"github.com/thidua/thidua/internal/render"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/templates"
)

func main() {
	raiseProcs()
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) { // -h, --help: the options were printed
			return
		}
		fmt.Fprintln(os.Stderr, "thidua:", err)
		os.Exit(1)
	}
}

const usage = `thidua — văn bản và bảng chấm điểm của Khối thi đua

  thidua serve  [--addr 127.0.0.1:8080] [--data DIR] [--demo] [--templates DIR]
  thidua render [--demo | --data DIR] --bloc SLUG --year YYYY --kind SLUG [--unit SLUG] --out FILE
  thidua generate (--bloc SLUG | --all) [--demo | --data DIR] --year YYYY --out DIR   (hồ sơ cuối năm: mọi văn bản, ZIP và manifest.json mỗi khối)
  thidua user add --role ROLE --username NAME [--bloc SLUG --year YYYY | --unit SLUG] [--name "Họ tên"] [--email ĐỊA-CHỈ]   (mật khẩu từ đầu vào chuẩn)
  thidua user edit --username NAME --name "Họ tên" --email ĐỊA-CHỈ
  thidua user disable|enable|unlock|delete --username NAME
  thidua user grant|revoke --username NAME --role ROLE [--bloc SLUG --year YYYY | --unit SLUG]
  thidua user passwd --username NAME   (mật khẩu mới từ đầu vào chuẩn)
  thidua user list
  thidua backup  [--data DIR] --out THƯ_MỤC   (sao lưu khi dịch vụ đang chạy: cơ sở dữ liệu, mọi tệp đã lưu, manifest.json có SHA-256)
  thidua restore --from THƯ_MỤC --data THƯ_MỤC_MỚI   (khôi phục vào thư mục trống, kiểm mọi mã SHA-256)
  thidua migrate-store --from THƯ_MỤC --to postgres://… [--to-blobs s3://…]   (chép cả cài đặt sang PostgreSQL và kho S3 khi dịch vụ đã dừng; kiểm số dòng và mã băm)
`

func run(ctx context.Context, args []string, stdout, stderr *os.File) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("thiếu lệnh (serve, render, generate, user, backup, restore hoặc migrate-store)")
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stderr)
	case "render":
		return renderCmd(ctx, args[1:], stderr)
	case "generate":
		return generateCmd(ctx, args[1:], stdout, stderr)
	case "user":
		return userCmd(ctx, args[1:], os.Stdin, stdout, stderr)
	case "backup":
		return backupCmd(ctx, args[1:], stdout)
	case "restore":
		return restoreCmd(ctx, args[1:], stdout)
	case "migrate-store":
		return migrateStoreCmd(ctx, args[1:], stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("lệnh không rõ %q\n%s", args[0], usage)
}

// env returns the environment variable or a default.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envBool(name string) bool {
	b, _ := strconv.ParseBool(os.Getenv(name))
	return b
}

// common holds the flags serve and render share.
type common struct {
	data      string
	database  string // "" (the SQLite file in data) or postgres://…
	blobs     string // "" (the folder data/blobs) or s3://…
	demo      bool
	templates string
	fonts     string
	logLevel  string
	margins   string
	strict    bool
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", env("THIDUA_DATA", "data"), "thư mục dữ liệu (chứa thidua.db) [THIDUA_DATA]")
	fs.StringVar(&c.database, "database", env("THIDUA_DATABASE", ""), "cơ sở dữ liệu PostgreSQL postgres://người-dùng:mật-khẩu@máy:cổng/tên?sslmode=… cho nhiều bản dịch vụ cùng chạy; để trống: tệp SQLite thidua.db trong --data [THIDUA_DATABASE]")
	fs.StringVar(&c.blobs, "blobs", env("THIDUA_BLOBS", ""), "kho tệp S3 s3://bucket?endpoint=máy:cổng&region=vùng (khoá từ AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); để trống: thư mục blobs trong --data [THIDUA_BLOBS]")
	fs.BoolVar(&c.demo, "demo", envBool("THIDUA_DEMO"), "nạp dữ liệu mẫu vào kho trống [THIDUA_DEMO]")
	fs.StringVar(&c.templates, "templates", env("THIDUA_TEMPLATES", ""), "thư mục mẫu văn bản thay cho mẫu nhúng sẵn [THIDUA_TEMPLATES]")
	fs.StringVar(&c.fonts, "fonts", env("THIDUA_FONTS", ""), "thư mục phông TTF thay cho Liberation Serif (Regular/Bold/Italic/BoldItalic) [THIDUA_FONTS]")
	fs.StringVar(&c.logLevel, "log-level", env("THIDUA_LOG_LEVEL", "info"), "mức nhật ký: debug, info, warn, error [THIDUA_LOG_LEVEL]")
	fs.StringVar(&c.margins, "pdf-margins", env("THIDUA_PDF_MARGINS", "20,20,30,15"), "lề PDF theo mm: trên,dưới,trái,phải (trong khoảng Nghị định 30) [THIDUA_PDF_MARGINS]")
	fs.BoolVar(&c.strict, "pdf-strict", envBool("THIDUA_PDF_STRICT"), "báo lỗi khi văn bản có ký tự phông không có, thay vì in dấu [U+XXXX] và ghi nhật ký [THIDUA_PDF_STRICT]")
}

func (c *common) logger(w *os.File) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// templatesFS is the embedded templates, or the folder that overrides them.
func (c *common) templatesFS() fs.FS {
	if c.templates != "" {
		return os.DirFS(c.templates)
	}
	return templates.FS
}

// openStore opens the store (the SQLite file in the data folder, or the
// PostgreSQL database --database names) and loads the demo blocs into it
// when asked and when it is empty.
func (c *common) openStore(ctx context.Context, log *slog.Logger) (store.Store, error) {
	if err := os.MkdirAll(c.data, 0o750); err != nil {
		return nil, fmt.Errorf("tạo thư mục dữ liệu: %w", err)
	}
	var st store.Store
	var err error
	if c.database != "" {
		if !strings.HasPrefix(c.database, "postgres://") && !strings.HasPrefix(c.database, "postgresql://") {
			return nil, errors.New("--database: chỉ nhận địa chỉ PostgreSQL postgres://…; để trống để dùng tệp SQLite trong --data")
		}
		st, err = sqlstore.OpenPostgres(ctx, c.database)
	} else {
		if err := checkBeforeOpen(ctx, c.data); err != nil {
			return nil, err
		}
		st, err = sqlstore.OpenSQLite(ctx, filepath.Join(c.data, "thidua.db"))
	}
	if err != nil {
		return nil, err
	}
	empty, err := st.Empty(ctx)
	if err == nil && c.blobs == "" {
		err = checkAfterOpen(ctx, c.data, empty)
	}
	if err != nil {
		st.Close()
		return nil, err
	}
	if c.demo && empty {
		// Replicas started together with --demo take turns: the first
		// loads, the others find the store no longer empty.
		err := withLease(ctx, st, "demo", func() error {
			if empty, err := st.Empty(ctx); err != nil || !empty {
				return err
			}
			start := time.Now()
			if err := demo.Load(ctx, st, c.templatesFS()); err != nil {
				return err
			}
			log.Info("demo data loaded", "duration", time.Since(start))
			return nil
		})
		if err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// withLease runs fn while this process holds the named lease, waiting
// (up to 5 minutes) while another replica holds it.
func withLease(ctx context.Context, st store.Store, name string, fn func() error) error {
	owner := fmt.Sprintf("start-%d-%s", os.Getpid(), auth.Secret("")[:8])
	deadline := time.Now().Add(5 * time.Minute)
	for {
		ok, err := st.AcquireLease(ctx, name, owner, time.Now(), 5*time.Minute)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("một bản dịch vụ khác giữ việc %q quá 5 phút", name)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	defer st.ReleaseLease(context.WithoutCancel(ctx), name, owner)
	return fn()
}

func (c *common) renderer(st store.Store, log *slog.Logger, obs *metrics.Metrics, cache int64) (*render.Service, error) {
	var m [4]float64
	parts := strings.Split(c.margins, ",")
	if len(parts) != 4 {
		return nil, fmt.Errorf("--pdf-margins cần 4 số: trên,dưới,trái,phải")
	}
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("--pdf-margins: %q không phải là số", p)
		}
		m[i] = v
	}
	opt := pdf.Options{Margins: pdf.Margins{Top: m[0], Bottom: m[1], Left: m[2], Right: m[3]}, Strict: c.strict}
	return render.New(render.Config{Store: st, Templates: c.templatesFS(), FontDir: c.fonts, PDF: opt, Workbooks: xlsx.Workbooks{}, Logger: log, Metrics: obs, CacheSize: cache})
}

func serve(ctx context.Context, args []string, stderr *os.File) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var c common
	c.register(fs)
	// Until accounts exist, the service answers only on this machine by
	// default; --addr :8080 opens it to the network on purpose.
	addr := fs.String("addr", env("THIDUA_ADDR", "127.0.0.1:8080"), "địa chỉ lắng nghe; :8080 để mở cho mạng [THIDUA_ADDR]")
	maxUpload := fs.Int64("max-upload", envInt("THIDUA_MAX_UPLOAD", 5<<20), "dung lượng tối đa một tệp nộp, byte [THIDUA_MAX_UPLOAD]")
	parallel := fs.Int("upload-parallel", int(envInt("THIDUA_UPLOAD_PARALLEL", 0)), "số phiếu đọc cùng lúc (mặc định: số CPU) [THIDUA_UPLOAD_PARALLEL]")
	keepRejected := fs.Int("keep-rejected", int(envInt("THIDUA_KEEP_REJECTED", 10)), "số bản nộp bị từ chối giữ lại cho mỗi đơn vị [THIDUA_KEEP_REJECTED]")
	renderParallel := fs.Int("render-parallel", int(envInt("THIDUA_RENDER_PARALLEL", int64(runtime.NumCPU()))), "số văn bản hồ sơ cuối năm tạo cùng lúc, để phần còn lại cho người dùng web [THIDUA_RENDER_PARALLEL]")
	hashParallel := fs.Int("hash-parallel", int(envInt("THIDUA_HASH_PARALLEL", int64(runtime.NumCPU()))), "số mật khẩu băm cùng lúc (mỗi lần ~19 MiB); quá số này lượt đăng nhập chờ tối đa 3 giây rồi được báo bận [THIDUA_HASH_PARALLEL]")
	smtp := fs.String("smtp", env("THIDUA_SMTP", ""), "máy chủ thư: smtp://tên:mật-khẩu@máy:cổng?tls=none|starttls|tls; để trống: thư được ghi vào thư mục outbox trong thư mục dữ liệu [THIDUA_SMTP]")
	mailFrom := fs.String("mail-from", env("THIDUA_MAIL_FROM", "thidua@localhost"), "địa chỉ người gửi của thư nhắc hạn và thư đặt lại mật khẩu [THIDUA_MAIL_FROM]")
	publicURL := fs.String("public-url", env("THIDUA_PUBLIC_URL", ""), "địa chỉ người dùng mở hệ thống, cho các liên kết trong thư (mặc định http:// và --addr) [THIDUA_PUBLIC_URL]")
	remindDays := fs.Int("remind-days", int(envInt("THIDUA_REMIND_DAYS", 7)), "hệ thống tự gửi thư nhắc các đơn vị chưa gửi, lúc 8 giờ mỗi ngày, từ số ngày này trước mỗi hạn gửi (số âm: không tự nhắc) [THIDUA_REMIND_DAYS]")
	trusted := fs.String("trusted-proxies", env("THIDUA_TRUSTED_PROXIES", ""), "địa chỉ các proxy ngược được tin (X-Forwarded-For, X-Forwarded-Proto), cách nhau bằng dấu phẩy [THIDUA_TRUSTED_PROXIES]")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log := c.logger(stderr)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	st, err := c.openStore(ctx, log)
	if err != nil {
		return err
	}
	defer st.Close()
	m := metrics.New()
	rs, err := c.renderer(st, log, m, 0)
	if err != nil {
		return err
	}
	dir, err := c.openBlobs(ctx)
	if err != nil {
		return err
	}
	// Every blob is noted before it is stored: the sweep below deletes
	// only those, never what it merely does not find named.
	blobs := blob.Journaled{Store: dir, J: st}
	scoring := app.NewScoring(app.ScoringConfig{Store: st, Blobs: blobs, Logger: log, Parallel: *parallel, KeepRejected: *keepRejected, Metrics: m})
	if err := scoring.Recover(ctx); err != nil {
		return err
	}
	// Files a stop left half-written or unnamed (a dossier run or an
	// upload cut short), a day old: nothing in flight is that old.
	if _, err := app.SweepBlobs(ctx, st, dir, 24*time.Hour, log); err != nil {
		return err
	}
	sender, err := mail.New(mail.Config{SMTP: *smtp, From: *mailFrom, Outbox: filepath.Join(c.data, "outbox")})
	if err != nil {
		return err
	}
	log.Info("mail", "to", sender.Describe())
	if *publicURL == "" {
		*publicURL = "http://" + *addr
	}
	accounts, err := app.NewAccounts(app.AccountsConfig{Store: st, Logger: log, HashParallel: *hashParallel, Mail: sender, PublicURL: *publicURL})
	if err != nil {
		return err
	}
	defer accounts.Wait() // messages still leaving, before the store closes
	if c.demo {
		if err := withLease(ctx, st, "demo", func() error { return demoAccounts(ctx, st, accounts, stderr) }); err != nil {
			return err
		}
	}
	// The year-end dossier on each bloc's schedule (package jobs).
	builder := dossier.New(dossier.Config{Source: st, Render: rs, Blobs: blobs, Generator: generatorVersion(), Parallel: *renderParallel})
	runner, err := jobs.New(jobs.Config{Store: st, Builder: builder, Blobs: blobs, Logger: log, Metrics: m})
	if err != nil {
		return err
	}
	if c.demo {
		if err := demoSchedules(ctx, st, runner); err != nil {
			return err
		}
	}
	// Reminders of deadlines: by the secretariat's click, and every
	// morning for the deadlines coming (each board once per deadline,
	// however many replicas wake).
	reminders := app.NewReminders(app.RemindersConfig{Store: st, Mail: sender, PublicURL: *publicURL, Logger: log, DaysBefore: *remindDays})
	if err := runner.Daily("reminders", 8, 0, func(ctx context.Context) {
		n, err := reminders.Auto(ctx)
		log.Info("reminders sent", "boards", n, "err", err)
	}); err != nil {
		return err
	}
	// Uploads a stop cut, on any replica, are told to their boards.
	if err := runner.Every("uploads-interrupted", time.Minute, func(ctx context.Context) {
		if _, err := scoring.MarkInterrupted(ctx); err != nil && ctx.Err() == nil {
			log.Error("interrupted uploads not marked", "err", err)
		}
	}); err != nil {
		return err
	}
	if err := runner.Start(ctx); err != nil {
		return err
	}
	defer runner.Stop()
	// Downloads are audited in batches, off the request; what is queued
	// is written before the store closes.
	readAudit := app.NewAuditQueue(app.AuditQueueConfig{Store: st, Logger: log, Dropped: m.AuditDropped})
	defer readAudit.Close()
	var proxies []string
	if *trusted != "" {
		proxies = strings.Split(*trusted, ",")
	}
	srv := &http.Server{
		Addr:              *addr,
		Handler:           httpapi.NewServer(httpapi.Deps{Store: st, Blobs: blobs, Scoring: scoring, Accounts: accounts, Reminders: reminders, ReadAudit: readAudit, TrustedProxies: proxies, Render: rs, Dossiers: runner, Metrics: m, Logger: log, MaxUpload: *maxUpload}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	return serveUntilDone(ctx, srv, log)
}

// serveUntilDone runs srv until ctx ends (SIGTERM, SIGINT), then lets the
// requests in flight finish (up to 30 s) before returning, so the caller
// closes the store only when no handler uses it.
func serveUntilDone(ctx context.Context, srv *http.Server, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() {
		log.Info("listening", "addr", srv.Addr)
		errc <- srv.ListenAndServe()
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("dừng máy chủ: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// storedBlobs is where files are kept: the folder or a bucket.
type storedBlobs interface {
	blob.Store
	blob.Lister
}

// openBlobs opens the folder data/blobs, or the bucket --blobs names.
func (c *common) openBlobs(ctx context.Context) (storedBlobs, error) {
	if c.blobs == "" {
		return blob.NewDir(filepath.Join(c.data, "blobs"))
	}
	return blob.OpenBucket(ctx, c.blobs, filepath.Join(c.data, "tmp"))
}

func envInt(name string, def int64) int64 {
	if v, err := strconv.ParseInt(os.Getenv(name), 10, 64); err == nil {
		return v
	}
	return def
}

func renderCmd(ctx context.Context, args []string, stderr *os.File) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	var c common
	c.register(fs)
	bloc := fs.String("bloc", "", "mã khối")
	year := fs.Int("year", 0, "năm")
	kind := fs.String("kind", "", "loại văn bản: bao-cao-tong-ket, bang-tong-hop-diem, bien-ban-binh-xet, to-trinh-khen-thuong, giao-uoc-thi-dua, bao-cao-so-ket, phieu-cham-diem")
	unit := fs.String("unit", "", "mã đơn vị (bao-cao-so-ket, phieu-cham-diem)")
	out := fs.String("out", "", "tệp kết quả (.pdf, .docx hoặc .xlsx)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *bloc == "" || *year == 0 || *kind == "" || *out == "" {
		return errors.New("cần --bloc, --year, --kind và --out")
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if !document.KnownFormat(format) {
		return fmt.Errorf("tệp kết quả phải có đuôi .pdf, .docx hoặc .xlsx: %s", *out)
	}
	log := c.logger(stderr)
	st, done, err := c.commandStore(ctx, fs, log)
	if err != nil {
		return err
	}
	defer done()
	rs, err := c.renderer(st, log, nil, -1)
	if err != nil {
		return err
	}
	f, err := rs.Render(ctx, render.Request{Bloc: *bloc, Year: *year, Kind: *kind, Unit: *unit, Format: format})
	if err != nil {
		return err
	}
	return writeFile(*out, f.Data)
}

// commandStore opens the store of a one-off command: with --demo and no
// data folder named, a fresh one in a temporary folder, removed by done.
func (c *common) commandStore(ctx context.Context, fs *flag.FlagSet, log *slog.Logger) (st store.Store, done func(), err error) {
	cleanup := func() {}
	if c.demo && !flagSet(fs, "data") && os.Getenv("THIDUA_DATA") == "" {
		dir, err := os.MkdirTemp("", "thidua-"+fs.Name()+"-")
		if err != nil {
			return nil, nil, err
		}
		cleanup = func() { os.RemoveAll(dir) }
		c.data = dir
	}
	if st, err = c.openStore(ctx, log); err != nil {
		cleanup()
		return nil, nil, err
	}
	return st, func() { st.Close(); cleanup() }, nil
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// demoSchedules gives every demo bloc that has none the default schedule
// (08:00 on 20 December, Vietnam's time), switched on, so that a demo
// shows the year-end dossier coming on its own.
func demoSchedules(ctx context.Context, st store.Store, runner *jobs.Runner) error {
	blocs, err := st.ListBlocs(ctx)
	if err != nil {
		return err
	}
	for _, b := range blocs {
		if _, err := st.GetSchedule(ctx, b.Slug); err == nil {
			continue // set already: kept as it is
		}
		if _, err := runner.SetSchedule(ctx, store.DossierSchedule{Bloc: b.Slug, Cron: jobs.DefaultCron, Enabled: true}, "demo"); err != nil {
			return err
		}
	}
	return nil
}
