package backup

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/blob"
	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/testenv"
)

// BenchmarkBackupRestore: a data folder with the demo blocs and 1,000
// stored uploads of 32 KB (32 MB, a busy December of a large bloc):
// one backup and one restore with its verification per iteration.
//
//	go test -run XXX -bench BackupRestore -benchtime 5x ./internal/backup/
func BenchmarkBackupRestore(b *testing.B) {
	e := testenv.Open(b, "", true)
	ctx := context.Background()
	units := []string{"dak-lak", "phu-yen", "gia-lai", "kon-tum"}
	for i := 0; i < 1000; i++ {
		data := make([]byte, 32<<10)
		rand.Read(data)
		ref, err := blob.Copy(ctx, e.Blobs, bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Store.SaveUpload(ctx, store.Upload{Bloc: demo.TayNguyen, Year: 2023, Unit: units[i%len(units)], SHA256: ref.SHA256, Size: ref.Size, Filename: "phiếu.xlsx"}); err != nil {
			b.Fatal(err)
		}
	}
	var take, restore time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out := filepath.Join(b.TempDir(), fmt.Sprint("sao-luu-", i))
		start := time.Now()
		m, err := Take(ctx, Source{Store: e.Store, Blobs: e.Blobs}, out)
		if err != nil || len(m.Blobs) < 1000 {
			b.Fatal(err, len(m.Blobs))
		}
		mid := time.Now()
		if _, err := Restore(ctx, out, filepath.Join(b.TempDir(), fmt.Sprint("moi-", i))); err != nil {
			b.Fatal(err)
		}
		take, restore = take+mid.Sub(start), restore+time.Since(mid)
	}
	b.ReportMetric(float64(take.Milliseconds())/float64(b.N), "backup-ms/op")
	b.ReportMetric(float64(restore.Milliseconds())/float64(b.N), "restore-ms/op")
}
