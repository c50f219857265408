// Package store defines how the product keeps its data: small interfaces per
// resource, so that the embedded SQLite store (package sqlite) can be joined
// by PostgreSQL and an object store without touching callers.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/thidua/thidua/internal/domain"
)

// Errors every implementation returns (wrapped) so callers can map them.
var (
	ErrNotFound = domain.ErrNotFound // matched by every domain.NotFoundError
	ErrConflict = domain.ErrConflict // matched by every domain.ConflictError
	ErrFrozen   = errors.New("bảng tiêu chí đã có điểm chấm, không sửa được")
)

// Blocs keeps emulation blocs and their name histories.
type Blocs interface {
	ListBlocs(ctx context.Context) ([]domain.Bloc, error)
	// RequireBloc is NotFoundError unless the bloc exists (one indexed
	// read: every bloc route checks it).
	RequireBloc(ctx context.Context, slug string) error
	GetBloc(ctx context.Context, slug string) (domain.Bloc, error)
	// PutBloc creates or updates a bloc; every name version given is
	// created or replaced, versions not given are kept.
	PutBloc(ctx context.Context, b domain.Bloc) error
	// CreateBloc adds a bloc, checked and written in one transaction: a
	// ConflictError when the slug is taken.
	CreateBloc(ctx context.Context, b domain.Bloc) error
}

// Units keeps member boards and their name histories.
type Units interface {
	ListUnits(ctx context.Context) ([]domain.Unit, error)
	GetUnit(ctx context.Context, slug string) (domain.Unit, error)
	PutUnit(ctx context.Context, u domain.Unit) error
	// CreateUnit adds a unit, checked and written in one transaction: a
	// ConflictError when the slug is taken.
	CreateUnit(ctx context.Context, u domain.Unit) error
}

// Memberships keeps who belongs to which bloc in which year.
type Memberships interface {
	// Members lists a bloc's members in a year, in their order, with the
	// names valid at the end of that year.
	Members(ctx context.Context, bloc string, year int) ([]domain.Member, error)
	PutMembership(ctx context.Context, m domain.Membership) error
	// UpdateMembership reads a unit's membership of the bloc-year (new,
	// keys set, when there is none), lets fn change it and writes it back
	// in one transaction; fn's error is returned and nothing written.
	UpdateMembership(ctx context.Context, bloc string, year int, unit string, fn func(m *domain.Membership) error) error
	DeleteMembership(ctx context.Context, bloc string, year int, unit string) error
}

// Years keeps each bloc-year's roles and settings.
type Years interface {
	ListYears(ctx context.Context, bloc string) ([]int, error)
	// OpenYear opens a bloc-year in one transaction: members, criteria
	// (when given and the year has none) and settings; ConflictError
	// "year_open" when it is open already.
	OpenYear(ctx context.Context, by domain.BlocYear, members []domain.Membership, cs *domain.CriteriaSet) error
	// DataVersion names the state of everything a bloc-year's documents
	// are built from (its years' versions and the names'), in one read:
	// equal versions, equal documents.
	DataVersion(ctx context.Context, bloc string, year int) (string, error)
	GetYear(ctx context.Context, bloc string, year int) (domain.BlocYear, error)
	PutYear(ctx context.Context, y domain.BlocYear) error
	// UpdateYears reads the bloc's given years (one without settings yet
	// as new, Bloc and Year set), lets fn change them, and writes them all
	// back in one transaction; fn's error is returned and nothing written.
	UpdateYears(ctx context.Context, bloc string, years []int, fn func(ys []*domain.BlocYear) error) error
	// YearState reads a bloc-year's data version and whether it is closed
	// (never written: version 0, open). Every write of a year's data, in
	// every store method, refuses a closed year (domain.YearState.
	// CheckOpen) and advances the version in its own transaction.
	YearState(ctx context.Context, bloc string, year int) (domain.YearState, error)
	// UpdateYearState lets fn close or reopen the year, in one transaction.
	UpdateYearState(ctx context.Context, bloc string, year int, fn func(*domain.YearState) error) error
}

// IndicatorStore keeps key indicators per unit and period.
type IndicatorStore interface {
	// ListIndicators returns the indicators of the bloc's members of that
	// year; members without a row are absent.
	ListIndicators(ctx context.Context, bloc string, year int, period string) ([]domain.Indicators, error)
	PutIndicators(ctx context.Context, ind domain.Indicators) error
	// UpdateIndicators reads a unit's indicators of each period (none
	// yet: all unreported; ind.Period says which), lets fn change them and
	// writes them back in one transaction; fn's error is returned and
	// nothing written.
	UpdateIndicators(ctx context.Context, unit string, year int, periods []string, fn func(ind *domain.Indicators) error) error
}

// Movements keeps the emulation movements run in a year.
type Movements interface {
	ListMovements(ctx context.Context, bloc string, year int) ([]domain.Movement, error)
	AddMovement(ctx context.Context, m domain.Movement) (domain.Movement, error)
}

// Criteria keeps versioned criteria sets.
type Criteria interface {
	// CurrentCriteria is the newest version for the bloc and year.
	CurrentCriteria(ctx context.Context, bloc string, year int) (domain.CriteriaSet, error)
	ListCriteria(ctx context.Context, bloc string, year int) ([]domain.CriteriaSet, error)
	GetCriteria(ctx context.Context, id int64) (domain.CriteriaSet, error)
	// AddCriteria stores a new version; ErrFrozen when scores exist
	// against the current one.
	AddCriteria(ctx context.Context, cs domain.CriteriaSet) (domain.CriteriaSet, error)
}

// Scores keeps units' marks.
type Scores interface {
	ListScores(ctx context.Context, setID int64) ([]domain.UnitScores, error)
	// PutScores replaces a unit's whole sheet in one transaction.
	PutScores(ctx context.Context, us domain.UnitScores) error
	// UpdateSheet replaces a unit's sheet against setID with what fn makes
	// of the current one (nil when there is none), read and written in one
	// transaction; fn's error is returned and nothing is written.
	UpdateSheet(ctx context.Context, setID int64, unit string, fn func(prev *domain.UnitScores) (domain.UnitScores, error)) error
}

// Awards keeps votes and award decisions.
type Awards interface {
	ListVotes(ctx context.Context, bloc string, year int) ([]domain.Vote, error)
	// PutVotes creates or replaces the counts of one bloc-year's
	// candidates, all in one transaction: every one is stored or none is.
	PutVotes(ctx context.Context, bloc string, year int, vs []domain.Vote) error
	ListAwardDecisions(ctx context.Context, bloc string, year int) ([]domain.AwardDecision, error)
	// PutAwardDecisions replaces the year's decisions.
	PutAwardDecisions(ctx context.Context, bloc string, year int, ds []domain.AwardDecision) error
}

// Honours keeps the awards members themselves received.
type Honours interface {
	// ListHonours lists a bloc-year's honours, by unit then as entered.
	ListHonours(ctx context.Context, bloc string, year int) ([]domain.Honour, error)
	AddHonour(ctx context.Context, h domain.Honour) (domain.Honour, error)
	// DeleteHonour removes one of a unit's honours; NotFoundError when it
	// is not that unit's in that bloc-year.
	DeleteHonour(ctx context.Context, bloc string, year int, unit string, id int64) error
}

// BoardTexts keeps what each board writes of its half-year and its year.
type BoardTexts interface {
	// ListBoardTexts lists every board's texts of a bloc-year, both
	// periods, in the members' order.
	ListBoardTexts(ctx context.Context, bloc string, year int) ([]domain.BoardText, error)
	// GetBoardText reads one board's texts of a period (empty, no state,
	// when it wrote nothing).
	GetBoardText(ctx context.Context, bloc string, year int, unit, period string) (domain.BoardText, error)
	// UpdateBoardText reads a board's texts of a period, lets fn change
	// them and writes them back in one transaction; fn's error is
	// returned and nothing written.
	UpdateBoardText(ctx context.Context, bloc string, year int, unit, period string, fn func(*domain.BoardText) error) error
}

// Narratives keeps the free-text parts of documents.
type Narratives interface {
	ListNarratives(ctx context.Context, bloc string, year int, unit string) ([]domain.Narrative, error)
	PutNarrative(ctx context.Context, n domain.Narrative) error
	// PutNarratives creates or replaces texts of one bloc-year in one
	// transaction: all are stored or none is.
	PutNarratives(ctx context.Context, bloc string, year int, ns []domain.Narrative) error
}

// Store is everything the service needs from persistence.
type Store interface {
	Reader
	Uploads
	Dossiers
	BlobRefs
	Accounts
	Audit
	Reminders
	// Empty reports whether the store holds no bloc yet (for --demo).
	Empty(ctx context.Context) (bool, error)
	Close() error
}

// BlobRefs tells which blobs the records name (the bytes of uploads, the
// files and ZIPs of dossier versions) and which blobs were noted as being
// written: only a blob noted so and still named by no record long after
// (a run or an upload cut before its record) is proved an orphan.
type BlobRefs interface {
	ReferencedBlobs(ctx context.Context) (map[string]bool, error)
	// NotePending records sha as being written now (blob.Journal).
	NotePending(ctx context.Context, sha string) error
	// PendingBlobs lists the noted blobs with when they were noted.
	PendingBlobs(ctx context.Context) ([]PendingBlob, error)
	// ForgetPending drops the notes of shas noted at or before before.
	ForgetPending(ctx context.Context, shas []string, before time.Time) error
}

// PendingBlob is a blob noted before it was written.
type PendingBlob struct {
	SHA256  string
	NotedAt time.Time
}
