package sqlstore

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/thidua/thidua/internal/domain"
	"github.com/thidua/thidua/internal/store"
)

// memo answers the three reads nearly every request makes — its session
// with the user, whether the bloc in its path exists, and the data version
// of the bloc-year it asks a document of — and the few lists a bloc-year's
// dashboard reads besides its data (years, uploads, reminders, board
// addresses) from memory, while nothing was written since the answer was
// read and for at most trust.
//
// Why: on SQLite each read takes the WAL's locks with system calls, and
// on a cached download those reads were most of the work and all of the
// long tail (BENCHMARKS.md, issue 20). Every write of this process goes
// through the store and moves gen after it commits, so what this process
// changes — a sign-out, a disabled account, a new grant, an accepted
// upload — is seen by the next request. trust bounds what another
// process writing the same file (a command run beside the server) can go
// unseen: at most that long. The PostgreSQL store has no memo: its
// replicas write beside each other and its reads cost no system calls on
// the server (OpenPostgres).
type memo struct {
	trust    time.Duration
	gen      atomic.Uint64
	sessions *lru.Cache[string, memoSession]
	blocs    *lru.Cache[string, memoEntry[struct{}]]
	versions *lru.Cache[yearKey, memoEntry[string]]
	// lists: the other reads, under their function's name and arguments
	// (readList); what they hold is cloned for each caller.
	lists *lru.Cache[string, memoEntry[any]]
}

// memoTrust is how long an answer read from SQLite is used without
// reading it again, at most: the staleness a write by another process
// can cause.
const memoTrust = time.Second

type memoEntry[T any] struct {
	gen  uint64    // the write generation before the answer was read
	read time.Time // when (monotonic clock)
	v    T
}

type memoSession = memoEntry[struct {
	se store.Session
	u  store.User
}]

type yearKey struct {
	bloc string
	year int
}

func newMemo(trust time.Duration) *memo {
	m := &memo{trust: trust}
	// Sizes bound the memory (an entry is a few hundred bytes); a key
	// forgotten costs one read.
	m.sessions, _ = lru.New[string, memoSession](4096)
	m.blocs, _ = lru.New[string, memoEntry[struct{}]](1024)
	m.versions, _ = lru.New[yearKey, memoEntry[string]](4096)
	m.lists, _ = lru.New[string, memoEntry[any]](1024)
	return m
}

// wrote marks that something was written: every answer read before is
// read again. Called after a write transaction ends, committed or not.
func (m *memo) wrote() {
	if m != nil {
		m.gen.Add(1)
	}
}

// fresh reports whether an answer read at e.read before generation e.gen
// can still be given.
func (m *memo) fresh(gen uint64, read time.Time) bool {
	return gen == m.gen.Load() && time.Since(read) < m.trust
}

// remembered runs read unless an answer under key is fresh, and keeps
// what it returns when it succeeds.
func remembered[K comparable, T any](m *memo, c *lru.Cache[K, memoEntry[T]], key K, read func() (T, error)) (T, error) {
	if e, ok := c.Get(key); ok && m.fresh(e.gen, e.read) {
		return e.v, nil
	}
	e := memoEntry[T]{gen: m.gen.Load(), read: time.Now()}
	v, err := read()
	if err == nil {
		e.v = v
		c.Add(key, e)
	}
	return v, err
}

// RequireBloc is NotFoundError unless the bloc exists.
func (s *Store) RequireBloc(ctx context.Context, slug string) error {
	read := func() (struct{}, error) {
		_, err := blocID(ctx, s.r, slug)
		return struct{}{}, err
	}
	if s.memo == nil {
		_, err := read()
		return err
	}
	_, err := remembered(s.memo, s.memo.blocs, slug, read)
	return err
}

// DataVersion is the version of everything a bloc-year's documents are
// made of (dataVersion).
func (s *Store) DataVersion(ctx context.Context, bloc string, year int) (string, error) {
	read := func() (string, error) { return s.dataVersion(ctx, bloc, year) }
	if s.memo == nil {
		return read()
	}
	return remembered(s.memo, s.memo.versions, yearKey{bloc, year}, read)
}

// TouchSession returns a live session with its user, and marks it seen
// (touchSession). A remembered session is given only while it is live at
// now and its mark is less than a minute old: the mark is then written
// on time, by reading it again.
func (s *Store) TouchSession(ctx context.Context, hash string, now time.Time, idle time.Duration) (store.Session, store.User, error) {
	if s.memo == nil {
		return s.touchSession(ctx, hash, now, idle)
	}
	m := s.memo
	if e, ok := m.sessions.Get(hash); ok && m.fresh(e.gen, e.read) {
		se, u := e.v.se, e.v.u
		if !now.After(se.ExpiresAt) && now.Sub(se.SeenAt) <= time.Minute && now.Sub(se.SeenAt) <= idle {
			u.Grants = slices.Clone(u.Grants) // the caller's to change
			return se, u, nil
		}
	}
	e := memoSession{gen: m.gen.Load(), read: time.Now()}
	se, u, err := s.touchSession(ctx, hash, now, idle)
	if err != nil {
		if errors.Is(err, domain.ErrNotFound) {
			m.sessions.Remove(hash)
		}
		return se, u, err
	}
	e.v.se, e.v.u = se, u
	e.v.u.Grants = slices.Clone(u.Grants)
	m.sessions.Add(hash, e)
	return se, u, nil
}

// readList is read from memory like the reads above, for a list the
// caller may change: each caller gets its own copy (clone).
func readList[T any](s *Store, key string, clone func(T) T, read func() (T, error)) (T, error) {
	if s.memo == nil {
		return read()
	}
	v, err := remembered(s.memo, s.memo.lists, key, func() (any, error) { return read() })
	if err != nil {
		var zero T
		return zero, err
	}
	return clone(v.(T)), nil
}

// ListYears lists the years a bloc has opened (listYears).
func (s *Store) ListYears(ctx context.Context, bloc string) ([]int, error) {
	return readList(s, "years\x00"+bloc, slices.Clone[[]int], func() ([]int, error) { return s.listYears(ctx, bloc) })
}

// BoardEmails are the addresses of each unit's enabled board accounts
// (boardEmails).
func (s *Store) BoardEmails(ctx context.Context) (map[string][]string, error) {
	return readList(s, "emails", cloneByUnit[string], func() (map[string][]string, error) { return s.boardEmails(ctx) })
}

// ListReminders lists a bloc-year's reminders, newest first
// (listReminders).
func (s *Store) ListReminders(ctx context.Context, bloc string, year int) ([]store.Reminder, error) {
	return readList(s, "reminders\x00"+bloc+"\x00"+strconv.Itoa(year), slices.Clone[[]store.Reminder],
		func() ([]store.Reminder, error) { return s.listReminders(ctx, bloc, year) })
}

// ListYearUploads lists a bloc-year's uploads by unit, newest first
// (listYearUploads).
func (s *Store) ListYearUploads(ctx context.Context, bloc string, year int) (map[string][]store.Upload, error) {
	clone := func(m map[string][]store.Upload) map[string][]store.Upload {
		out := cloneByUnit(m)
		for _, ups := range out {
			for i := range ups {
				ups[i].Errors = slices.Clone(ups[i].Errors)
			}
		}
		return out
	}
	return readList(s, "uploads\x00"+bloc+"\x00"+strconv.Itoa(year), clone,
		func() (map[string][]store.Upload, error) { return s.listYearUploads(ctx, bloc, year) })
}

// cloneByUnit copies a map of lists, each list too.
func cloneByUnit[T any](m map[string][]T) map[string][]T {
	out := make(map[string][]T, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
