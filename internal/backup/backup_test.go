package backup

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
	"github.com/thidua/thidua/internal/testenv"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
)

// TestBackupDuringUploads: a backup taken while boards send workbooks
// (about 50 a second), restored into a fresh folder, holds every upload
// accepted before it began and every dossier version, byte for byte; the
// restore refuses a folder that holds anything and a backup whose file
// was changed, and leaves nothing behind then.
func TestBackupDuringUploads(t *testing.T) {
	e := testenv.Open(t, "", true)
	testenv.ReopenDemo(t, e.Store)
	ctx := context.Background()
	b := dossier.New(dossier.Config{Source: e.Store, Render: e.Render, Blobs: e.Blobs, Generator: "test"})
	d, err := b.Build(ctx, demo.BacTrung, 2023, nil)
	if err != nil {
		t.Fatal(err)
	}
	version, _, err := dossier.Publish(ctx, e.Store, e.Blobs, d, 0)
	if err != nil {
		t.Fatal(err)
	}
	scoring := app.NewScoring(app.ScoringConfig{Store: e.Store, Blobs: e.Blobs})
	units := []string{"dak-lak", "phu-yen", "gia-lai", "kon-tum"}
	type job struct {
		t    app.Target
		data [][]byte
	}
	var jobs []job
	yd, err := store.LoadYear(ctx, e.Store, demo.TayNguyen, 2023)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		tg, err := scoring.Target(ctx, demo.TayNguyen, 2023, u)
		if err != nil {
			t.Fatal(err)
		}
		_, wb, err := xlsx.Workbooks{}.Workbook(yd, "phieu-cham-diem", u)
		if err != nil {
			t.Fatal(err)
		}
		j := job{t: tg}
		for _, mark := range []any{0, 1} {
			data, err := xlsxtest.MarkAll(wb, xlsx.SheetMeta, xlsx.SheetScores, mark)
			if err != nil {
				t.Fatal(err)
			}
			j.data = append(j.data, data)
		}
		jobs = append(jobs, j)
	}

	var mu sync.Mutex
	accepted := map[int64][]byte{} // accepted uploads and their bytes
	stop := make(chan struct{})
	var wg sync.WaitGroup
	tick := time.NewTicker(20 * time.Millisecond) // 50 uploads a second
	defer tick.Stop()
	sent := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			j := jobs[i%len(jobs)]
			data := j.data[(i/len(jobs))%2]
			wg.Add(1)
			go func() {
				defer wg.Done()
				w, err := e.Blobs.Create(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				w.Write(data)
				ref, err := w.Commit(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				out, err := scoring.Submit(ctx, j.t, app.Submission{Filename: "phiếu.xlsx", Blob: ref})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				sent++
				if out.Upload.Status == store.UploadAccepted {
					accepted[out.Upload.ID] = data
				}
				mu.Unlock()
			}()
		}
	}()
	// Until some uploads are in (half a second on a quiet machine; the
	// race detector and a loaded machine take longer).
	for wait := time.Now().Add(60 * time.Second); time.Now().Before(wait); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := len(accepted)
		mu.Unlock()
		if n >= 10 {
			break
		}
	}
	mu.Lock()
	before := map[int64][]byte{}
	for id, data := range accepted {
		before[id] = data
	}
	mu.Unlock()
	out := filepath.Join(t.TempDir(), "sao-luu")
	start := time.Now()
	m, err := Take(ctx, Source{Store: e.Store, Blobs: e.Blobs}, out)
	took := time.Since(start)
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if len(before) < 10 {
		t.Fatalf("only %d uploads accepted before the backup", len(before))
	}

	data := filepath.Join(t.TempDir(), "du-lieu")
	start = time.Now()
	r, err := Restore(ctx, out, data)
	verify := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d uploads sent (%d accepted before the backup); backup %v (%d files); restore with verification %v (%d files, %d KB)",
		sent, len(before), took, len(m.Blobs), verify, r.Files, r.Bytes/1024)

	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(data, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	read := func(sha string) []byte {
		b, err := os.ReadFile(filepath.Join(data, "blobs", sha[:2], sha[2:4], sha))
		if err != nil {
			t.Errorf("restored file %s: %v", sha, err)
		}
		return b
	}
	for id, want := range before {
		u, err := st.GetUpload(ctx, id)
		if err != nil {
			t.Errorf("upload %d accepted before the backup is not restored: %v", id, err)
			continue
		}
		if u.Status != store.UploadAccepted && u.Status != store.UploadSuperseded {
			t.Errorf("upload %d: status %s", id, u.Status)
		}
		if !bytes.Equal(read(u.SHA256), want) {
			t.Errorf("upload %d: bytes differ", id)
		}
	}
	v, err := st.GetVersion(ctx, demo.BacTrung, 2023, version.Number)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range append(v.Files, store.DossierFile{Name: v.ZIPName, SHA256: v.ZIPSHA256}) {
		rc, err := e.Blobs.Open(ctx, f.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(read(f.SHA256), orig) {
			t.Errorf("dossier file %s differs", f.Name)
		}
	}

	// A target that holds anything is refused; so is a changed backup,
	// and the failed restore leaves its folder empty.
	if _, err := Restore(ctx, out, data); err == nil || !strings.Contains(err.Error(), "đã có dữ liệu") {
		t.Errorf("restore over data: %v", err)
	}
	f := m.Blobs[len(m.Blobs)/2]
	if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(f.Path)), []byte("hỏng"), 0o640); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(t.TempDir(), "khac")
	if _, err := Restore(ctx, out, other); err == nil || !strings.Contains(err.Error(), "không khớp mã SHA-256") {
		t.Errorf("a changed backup: %v", err)
	}
	if left, _ := os.ReadDir(other); len(left) != 0 {
		t.Errorf("a failed restore left %d entries", len(left))
	}
}
