package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/thidua/thidua/internal/store"
)

// AuditQueue writes the audit log's read entries (who downloaded what) in
// batches, off the request: one writer, a bounded queue, flushed at least
// every Every and when closed. What changes data is audited in its own
// transaction, never through here. An entry that finds the queue full is
// dropped and counted (Dropped), so that a flood of downloads can neither
// block requests nor grow memory.
type AuditQueue struct {
	st      store.Audit
	log     *slog.Logger
	every   time.Duration
	dropped func()
	ch      chan store.AuditEntry
	done    chan struct{}
	once    sync.Once
}

// AuditQueueConfig is what a queue is made of.
type AuditQueueConfig struct {
	Store  store.Audit
	Logger *slog.Logger
	Size   int           // entries waiting at most (default 4096)
	Every  time.Duration // longest wait before a write (default 1 s)
	// Dropped is called for each entry dropped (metrics); nil: none.
	Dropped func()
}

// NewAuditQueue starts the queue's writer.
func NewAuditQueue(c AuditQueueConfig) *AuditQueue {
	if c.Size <= 0 {
		c.Size = 4096
	}
	if c.Every <= 0 {
		c.Every = time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Dropped == nil {
		c.Dropped = func() {}
	}
	q := &AuditQueue{st: c.Store, log: c.Logger, every: c.Every, dropped: c.Dropped, ch: make(chan store.AuditEntry, c.Size), done: make(chan struct{})}
	go q.run()
	return q
}

// Add queues an entry without waiting; a full queue drops it.
func (q *AuditQueue) Add(e store.AuditEntry) {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	select {
	case q.ch <- e:
	default:
		q.dropped()
	}
}

// Close writes what is queued and stops the writer; Add must not be
// called after.
func (q *AuditQueue) Close() {
	q.once.Do(func() { close(q.ch) })
	<-q.done
}

// maxBatch bounds one transaction.
const maxBatch = 512

func (q *AuditQueue) run() {
	defer close(q.done)
	tick := time.NewTicker(q.every)
	defer tick.Stop()
	var batch []store.AuditEntry
	flush := func() {
		if len(batch) == 0 {
			return
		}
		if err := q.st.RecordAudits(context.Background(), batch); err != nil {
			q.log.Error("audit entries not recorded", "entries", len(batch), "err", err)
		}
		batch = batch[:0]
	}
	for {
		select {
		case e, ok := <-q.ch:
			if !ok {
				flush()
				return
			}
			batch = append(batch, e)
			if len(batch) >= maxBatch {
				flush()
			}
		case <-tick.C:
			flush()
		}
	}
}
