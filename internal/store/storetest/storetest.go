// Package storetest is the store's contract, written once against the
// interfaces of package store: what every backend must do (history by
// date, exact decimals, frozen criteria, upload acceptance and
// supersession, accounts and their rights, closing a year against racing
// writers, …). A backend's tests call Run with a way to open an empty
// store; the SQL store does on SQLite and on PostgreSQL
// (internal/store/sqlstore).
package storetest

import (
	"context"
	"testing"

	"github.com/thidua/thidua/internal/demo"
	"github.com/thidua/thidua/internal/store"
	"github.com/thidua/thidua/templates"
)

// Opener opens a new, empty store for one test; it closes it when the
// test ends (t.Cleanup).
type Opener func(t *testing.T) store.Store

// cases are the contract, by name.
var cases = []struct {
	name string
	run  func(*testing.T, Opener)
}{
	{"DemoMembershipByYearAndNames", demoMembershipByYearAndNames},
	{"DemoTotalsExact", demoTotalsExact},
	{"DemoRankingMatchesReportedAwards", demoRankingMatchesReportedAwards},
	{"CriteriaFrozenOnceScored", criteriaFrozenOnceScored},
	{"ConcurrentWritesDoNotLock", concurrentWritesDoNotLock},
	{"UploadAcceptedAtomicallyNewestWins", uploadAcceptedAtomicallyNewestWins},
	{"RejectedUploadsBounded", rejectedUploadsBounded},
	{"DeadlinesRoundTrip", deadlinesRoundTrip},
	{"ChangesOnRightsReadFailWhenAGrantCameBetween", changesOnRightsReadFailWhenAGrantCameBetween},
	{"NoWriteSlipsPastAClosing", noWriteSlipsPastAClosing},
	{"SessionsIdleAndExpire", sessionsIdleAndExpire},
	{"AttemptsCountedAtomically", attemptsCountedAtomically},
	{"DataVersionFollowsWrites", dataVersionFollowsWrites},
	{"NamesByDate", namesByDate},
	{"SheetKeepsItsOrder", sheetKeepsItsOrder},
	{"LeasesOneHolder", leasesOneHolder},
	{"DossierVersionsNumberedOnce", dossierVersionsNumberedOnce},
	{"RemindersClaimedOnce", remindersClaimedOnce},
}

// Run runs every case of the contract against stores open makes.
func Run(t *testing.T, open Opener) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.run(t, open) })
	}
}

// loadDemo is a new store with the demo blocs, every year open: the cases
// change past years' data.
func loadDemo(t *testing.T, open Opener) store.Store {
	t.Helper()
	s := open(t)
	if err := demo.Load(context.Background(), s, templates.FS); err != nil {
		t.Fatal(err)
	}
	if err := demo.ReopenAll(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}
