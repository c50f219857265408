package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/fault"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/xlsx"
	"github.com/thidua/thidua/internal/xlsx/xlsxtest"
)

// failingBlobs is a blob store whose disk fails with errno after a few
// bytes of each blob: as a real folder does when it fills up or turns
// read-only (the root the tests run as ignores permissions, so the error
// is made here, as the operating system gives it).
type failingBlobs struct {
	blob.Store
	errno syscall.Errno
}

func (f failingBlobs) Create(ctx context.Context) (blob.Writer, error) {
	w, err := f.Store.Create(ctx)
	return failingWriter{Writer: w, errno: f.errno}, err
}

type failingWriter struct {
	blob.Writer
	errno syscall.Errno
}

func (w failingWriter) Write(p []byte) (int, error) {
	return 0, fault.Classify("blobs", &fs.PathError{Op: "write", Path: "blobs/tmp/blob-1", Err: w.errno})
}

// TestStorageFaultsToldAsWhatTheyAre: an upload on a full disk is the
// server's fault (507 storage_full, a Vietnamese message saying what to
// do, counted in /metrics), not "your file is broken"; a folder it cannot
// write is 503 storage_read_only; the page says the same.
func TestStorageFaultsToldAsWhatTheyAre(t *testing.T) {
	for _, c := range []struct {
		errno  syscall.Errno
		status int
		code   string
		words  string
	}{
		{syscall.ENOSPC, http.StatusInsufficientStorage, "storage_full", "hết chỗ lưu trữ"},
		{syscall.EROFS, http.StatusServiceUnavailable, "storage_read_only", "không có quyền ghi"},
	} {
		ts := newTestServerWith(t, func(b blob.Store) blob.Store { return failingBlobs{Store: b, errno: c.errno} })
		base := tn + "/years/2024/units/phu-yen/"
		wb := ts.do("GET", base+"phieu-cham-diem.xlsx", nil)
		ts.want(wb, 200)
		r := ts.upload(base+"phieu-cham-diem", "phiếu.xlsx", wb.Body)
		if r.Status != c.status || r.errCode() != c.code || !strings.Contains(string(r.Body), c.words) {
			t.Errorf("%v: %d %s", c.errno, r.Status, r.Body)
		}
		page := ts.uploadPage("/khoi/"+tnSlug+"/2024/don-vi/phu-yen", wb.Body)
		if page.Status != c.status || !strings.Contains(string(page.Body), c.words) {
			t.Errorf("%v, the page: %d", c.errno, page.Status)
		}
		bo := ts.as("admin")
		m := bo.do("GET", "/metrics", nil)
		if !strings.Contains(string(m.Body), `thidua_storage_faults_total{kind="`) {
			t.Errorf("%v: no storage fault in /metrics", c.errno)
		}
	}
}

const tnSlug = "tay-nguyen-duyen-hai-mien-trung"

// uploadPage sends the board page's upload form.
func (ts *testServer) uploadPage(path string, data []byte) response {
	ts.t.Helper()
	r := ts.upload(path, "phiếu.xlsx", data)
	return r
}

// rawSend writes req on a new connection and closes it at once, as a
// client that goes away right after sending does; with waitStatus, once
// the answer's first line has come (a client that closes as soon as it
// has what it wanted).
func (ts *testServer) rawSend(req *http.Request, waitStatus bool) {
	ts.t.Helper()
	for _, c := range ts.c.Jar.Cookies(req.URL) {
		req.AddCookie(c)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
	if err != nil {
		ts.t.Fatal(err)
	}
	if err := req.Write(conn); err != nil {
		ts.t.Fatal(err)
	}
	if waitStatus {
		bufio.NewReader(conn).ReadString('\n')
	}
	conn.Close()
}

// TestClientGoneAfterSending: once a workbook's bytes are in, the upload
// is finished whatever the client does (2 of 20 stayed "received" until
// a restart), and every upload and download has its audit entry.
func TestClientGoneAfterSending(t *testing.T) {
	ts := newTestServer(t)
	base := tn + "/years/2024/units/phu-yen/"
	wb := ts.do("GET", base+"phieu-cham-diem.xlsx", nil)
	ts.want(wb, 200)
	filled, err := xlsxtest.MarkAll(wb.Body, xlsx.SheetMeta, xlsx.SheetScores, 0)
	if err != nil {
		t.Fatal(err)
	}
	const n = 20
	for i := 0; i < n; i++ {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("file", "phiếu.xlsx")
		w.Write(filled)
		mw.Close()
		req, _ := http.NewRequest("POST", ts.URL+base+"phieu-cham-diem", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		ts.rawSend(req, false)
		dl, _ := http.NewRequest("GET", ts.URL+tn+"/years/2023/documents/bao-cao-tong-ket.pdf", nil)
		ts.rawSend(dl, true)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ups := ts.do("GET", base+"uploads", nil)
		ts.want(ups, 200)
		list := ups.JSON["uploads"].([]any)
		pending := 0
		for _, u := range list {
			if u.(map[string]any)["status"] == "received" {
				pending++
			}
		}
		audit, err := ts.store.ListAudit(context.Background(), store.AuditFilter{Bloc: tnSlug, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		uploads, downloads := 0, 0
		for _, e := range audit {
			switch e.Action {
			case "upload":
				uploads++
			case "document_download":
				downloads++
			}
		}
		if len(list) >= n && pending == 0 && uploads >= n && downloads >= n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d uploads (%d still received), audit: %d uploads, %d downloads of %d each", len(list), pending, uploads, downloads, n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// awayBlobs is a blob store whose server cannot be reached (an S3 bucket
// behind a network that fell), as blob.Bucket tells it.
type awayBlobs struct{ blob.Store }

func (awayBlobs) Create(ctx context.Context) (blob.Writer, error) {
	return nil, &fault.Error{Kind: fault.Unavailable, File: "kho tệp S3", Err: syscall.ECONNREFUSED}
}

// TestStorageAwayToldAsTemporary: an upload while the bucket (or the
// database) cannot be reached is 503 storage_unavailable with
// Retry-After and a message saying to try again later, on the API and
// the page alike.
func TestStorageAwayToldAsTemporary(t *testing.T) {
	ts := newTestServerWith(t, func(b blob.Store) blob.Store { return awayBlobs{b} })
	base := tn + "/years/2024/units/phu-yen/"
	wb := ts.do("GET", base+"phieu-cham-diem.xlsx", nil)
	ts.want(wb, 200)
	r := ts.upload(base+"phieu-cham-diem", "phiếu.xlsx", wb.Body)
	if r.Status != http.StatusServiceUnavailable || r.errCode() != "storage_unavailable" || r.Header.Get("Retry-After") == "" || !strings.Contains(string(r.Body), "thử lại sau ít phút") {
		t.Errorf("API: %d %q %s", r.Status, r.Header.Get("Retry-After"), r.Body)
	}
	page := ts.uploadPage("/khoi/"+tnSlug+"/2024/don-vi/phu-yen", wb.Body)
	if page.Status != http.StatusServiceUnavailable || page.Header.Get("Retry-After") == "" || !strings.Contains(string(page.Body), "tạm thời không kết nối") || !strings.Contains(string(page.Body), "Chưa làm được lúc này") {
		t.Errorf("page: %d %q", page.Status, page.Header.Get("Retry-After"))
	}
}
