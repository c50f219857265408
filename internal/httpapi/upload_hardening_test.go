package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/thidua/thidua/internal/app"
	"github.com/thidua/thidua/internal/store"
)

const pyBase = tn + "/years/2024/units/phu-yen/"

// remarked is the LibreOffice-filled workbook of Phú Yên 2024 with a remark
// naming it on the first criterion (row 10).
func remarked(t *testing.T, tag string) []byte {
	t.Helper()
	lo, err := os.ReadFile("../xlsx/testdata/libreoffice-filled.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(lo))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("Phiếu chấm điểm", "E10", tag)
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// currentTag is the remark of the unit's current marks on row 10's
// criterion.
func (ts *testServer) currentTag(prefix string) string {
	r := ts.do("GET", pyBase+"scores", nil)
	ts.want(r, 200)
	for _, s := range r.JSON["sheet"].(map[string]any)["scores"].([]any) {
		if rm, _ := s.(map[string]any)["remark"].(string); strings.HasPrefix(rm, prefix) {
			return rm
		}
	}
	return ""
}

// Whatever order simultaneous uploads finish in, the current marks are
// those of the most recently received accepted upload. Repeated, so that
// many interleavings are tried.
func TestConcurrentUploadsKeepTheNewest(t *testing.T) {
	ts := newTestServer(t)
	const n, rounds = 30, 6
	files := make([][]byte, n)
	for i := range files {
		files[i] = remarked(t, fmt.Sprintf("lần %02d", i))
	}
	for round := 0; round < rounds; round++ {
		type res struct {
			status int
			id     int64
			tag    string
		}
		out := make([]res, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range files {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				r := ts.upload(pyBase+"phieu-cham-diem", fmt.Sprintf("lần %02d.xlsx", i), files[i])
				up, _ := r.JSON["upload"].(map[string]any)
				id, _ := up["id"].(float64)
				out[i] = res{r.Status, int64(id), fmt.Sprintf("lần %02d", i)}
			}(i)
		}
		close(start)
		wg.Wait()
		var newest res
		for _, r := range out {
			if r.status != http.StatusCreated && r.status != http.StatusConflict {
				t.Fatalf("round %d: status %d", round, r.status)
			}
			if r.id > newest.id {
				newest = r
			}
		}
		if newest.status != http.StatusCreated {
			t.Errorf("round %d: the newest upload %d was not accepted (%d)", round, newest.id, newest.status)
		}
		if got := ts.currentTag("lần "); got != newest.tag {
			t.Fatalf("round %d: current marks from %q, want the newest received %q", round, got, newest.tag)
		}
	}
}

// postParts sends a multipart body built by build.
func (ts *testServer) postParts(path string, build func(mw *multipart.Writer)) response {
	ts.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	build(mw)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return ts.send(req)
}

// Loose multipart bodies are refused, each with its code, and leave no
// upload behind.
func TestUploadFormRefusals(t *testing.T) {
	ts := newTestServer(t)
	good := remarked(t, "x")
	file := func(name string, data []byte) func(mw *multipart.Writer) {
		return func(mw *multipart.Writer) {
			w, _ := mw.CreateFormFile("file", name)
			w.Write(data)
		}
	}
	cases := []struct {
		name   string
		build  func(mw *multipart.Writer)
		status int
		code   string
	}{
		{"two files", func(mw *multipart.Writer) { file("a.xlsx", good)(mw); file("b.xlsx", good)(mw) }, 400, "upload_many_files"},
		{"a field, not a file", func(mw *multipart.Writer) { mw.WriteField("file", string(good)) }, 400, "upload_no_filename"},
		{"no file", func(mw *multipart.Writer) { mw.WriteField("ghi-chu", "x") }, 400, "invalid_upload"},
		{"name of 5 000 characters", file(strings.Repeat("ư", 5000)+".xlsx", good), 400, "upload_filename_too_long"},
		{"control character in the name", func(mw *multipart.Writer) {
			h := textproto.MIMEHeader{}
			h.Set("Content-Disposition", `form-data; name="file"; filename*=UTF-8''a%01b.xlsx`)
			w, _ := mw.CreatePart(h)
			w.Write(good)
		}, 400, "upload_filename_invalid"},
		{"unreadable name", file("a\x01b.xlsx", good), 400, "invalid_upload"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.postParts(pyBase+"phieu-cham-diem", c.build)
			ts.want(r, c.status)
			if r.errCode() != c.code {
				t.Errorf("code %s, want %s", r.errCode(), c.code)
			}
		})
	}
	// A name of 255 Vietnamese characters (more than 255 bytes) is fine.
	ts.want(ts.upload(pyBase+"phieu-cham-diem", strings.Repeat("ư", 250)+".xlsx", good), 201)
	list := ts.do("GET", pyBase+"uploads", nil)
	if n := len(list.JSON["uploads"].([]any)); n != 1 {
		t.Errorf("%d uploads kept, want only the good one", n)
	}
	// Listing the uploads of what does not exist is a 404, not [].
	ts.want(ts.do("GET", "/api/v1/blocs/khong-co/years/2024/units/phu-yen/uploads", nil), 404)
	ts.want(ts.do("GET", tn+"/years/2024/units/khong-co/uploads", nil), 404)
	ts.want(ts.do("GET", pyBase+"uploads/999999", nil), 404)
}

// Refused uploads do not grow the database: their bytes live in the blob
// folder, the same bytes are kept once, and only the newest few per unit.
func TestRefusedUploadsBounded(t *testing.T) {
	ts := newTestServer(t)
	dbPath := filepath.Join(ts.dir, "thidua.db")
	size := func() int64 {
		var total int64
		for _, p := range []string{dbPath, dbPath + "-wal"} {
			if fi, err := os.Stat(p); err == nil {
				total += fi.Size()
			}
		}
		return total
	}
	before := size()
	junk := make([]byte, 1<<20)
	for i := 0; i < 14; i++ {
		rand.Read(junk)
		r := ts.upload(pyBase+"phieu-cham-diem", "rac.xlsx", junk)
		ts.want(r, 422)
	}
	same := []byte("PK\x03\x04 cùng một tệp")
	for i := 0; i < 5; i++ {
		ts.want(ts.upload(pyBase+"phieu-cham-diem", "cung.xlsx", same), 422)
	}
	if grew := size() - before; grew > 1<<20 {
		t.Errorf("the database grew by %d KB for refused uploads", grew>>10)
	}
	list := ts.do("GET", pyBase+"uploads", nil)
	ups := list.JSON["uploads"].([]any)
	if len(ups) != 10 {
		t.Errorf("%d refused uploads kept, want the newest 10", len(ups))
	}
	if errs := ups[0].(map[string]any)["errors"].([]any); len(errs) == 0 {
		t.Error("a refused upload without its errors")
	}
	blobs := 0
	filepath.WalkDir(filepath.Join(ts.dir, "blobs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(filepath.Dir(p)) != "tmp" {
			blobs++
		}
		return nil
	})
	if blobs != 10 {
		t.Errorf("%d blob files, want the 10 still named", blobs)
	}
	// Every kept upload is downloadable byte for byte.
	first := ups[0].(map[string]any)
	raw := ts.do("GET", fmt.Sprintf("%suploads/%d", pyBase, int(first["id"].(float64))), nil)
	ts.want(raw, 200)
	if !bytes.Equal(raw.Body, same) {
		t.Error("the newest refused upload differs from what was sent")
	}
}

// An upload cut by a stop stays "received"; at the next start (or the
// next minute's check) it is marked interrupted once it is older than
// any upload can take, and the history says so. One received a moment
// ago may be in another replica's hands: it is left alone.
func TestInterruptedUploadMarkedAtStart(t *testing.T) {
	ts := newTestServer(t)
	ctx := context.Background()
	w, _ := ts.blobs.Create(ctx)
	w.Write([]byte("PK\x03\x04 giữa chừng"))
	ref, err := w.Commit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	old, err := ts.store.SaveUpload(ctx, store.Upload{Bloc: "tay-nguyen-duyen-hai-mien-trung", Year: 2024, Unit: "phu-yen", SHA256: ref.SHA256, Size: ref.Size, ReceivedAt: time.Now().Add(-11 * time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	young, err := ts.store.SaveUpload(ctx, store.Upload{Bloc: "tay-nguyen-duyen-hai-mien-trung", Year: 2024, Unit: "phu-yen", SHA256: ref.SHA256, Size: ref.Size, ReceivedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.NewScoring(app.ScoringConfig{Store: ts.store, Blobs: ts.blobs}).Recover(ctx); err != nil {
		t.Fatal(err)
	}
	list := ts.do("GET", pyBase+"uploads", nil)
	status := map[float64]map[string]any{}
	for _, u := range list.JSON["uploads"].([]any) {
		status[u.(map[string]any)["id"].(float64)] = u.(map[string]any)
	}
	if up := status[float64(old.ID)]; up["status"] != store.UploadInterrupted || !strings.Contains(fmt.Sprint(up["errors"]), "gián đoạn") {
		t.Errorf("after restart: %v", up)
	}
	if up := status[float64(young.ID)]; up["status"] != store.UploadReceived {
		t.Errorf("an upload received a moment ago, after restart: %v", up)
	}
}
