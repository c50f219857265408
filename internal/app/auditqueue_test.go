package app

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/internal/store/sqlstore"
)

// TestAuditQueueBatchesFlushesAndDrops: entries are written within the
// flush interval without Close, everything queued is written at Close,
// and a full queue drops (and counts) instead of blocking.
func TestAuditQueueBatchesFlushesAndDrops(t *testing.T) {
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var dropped atomic.Int64
	q := NewAuditQueue(AuditQueueConfig{Store: st, Size: 100, Every: 50 * time.Millisecond, Dropped: func() { dropped.Add(1) }})
	q.Add(store.AuditEntry{Actor: "a", Action: "document_download"})
	deadline := time.Now().Add(2 * time.Second)
	for {
		es, _ := st.ListAudit(ctx, store.AuditFilter{})
		if len(es) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("an entry not written within the flush interval")
		}
		time.Sleep(10 * time.Millisecond)
	}
	start := time.Now()
	for i := 0; i < 5000; i++ {
		q.Add(store.AuditEntry{Actor: "b", Action: "document_download"})
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("5000 adds took %v: Add blocks", d)
	}
	q.Close()
	es, _ := st.ListAudit(ctx, store.AuditFilter{Actor: "b"})
	if got := int64(len(es)) + dropped.Load(); got != 5000 || len(es) < 100 {
		t.Errorf("%d written + %d dropped, want 5000 with at least a queue's worth written", len(es), dropped.Load())
	}
}
