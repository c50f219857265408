package store

import (
	"context"
	"time"
)

// Reminder is one reminder of one deadline to one board: claimed before
// its message leaves, so that it is sent once.
type Reminder struct {
	Bloc       string    `json:"bloc"`
	Year       int       `json:"year"`
	Due        string    `json:"due"`      // domain.Due key
	DueDate    string    `json:"due_date"` // YYYY-MM-DD
	Unit       string    `json:"unit"`
	SentAt     time.Time `json:"sent_at"`
	SentBy     string    `json:"sent_by"`
	Recipients int       `json:"recipients"`
}

// Reminders keeps the reminders sent.
type Reminders interface {
	// ClaimReminder records r unless the same deadline (bloc, year, due,
	// date) was already claimed for the unit; false then. Of many
	// processes that try at once, one wins.
	ClaimReminder(ctx context.Context, r Reminder) (bool, error)
	// ReleaseReminder forgets a claim whose message did not leave, so
	// that a later try sends it.
	ReleaseReminder(ctx context.Context, r Reminder) error
	// ListReminders lists a bloc-year's reminders, newest first.
	ListReminders(ctx context.Context, bloc string, year int) ([]Reminder, error)
}
