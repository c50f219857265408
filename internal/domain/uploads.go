package domain

import "time"

// Receipt places an upload among a board's uploads of a year: the number
// the store gave it when it recorded it, and when it was received (shown
// to people; not used to order, since replicas' clocks differ).
type Receipt struct {
	ID         int64
	ReceivedAt time.Time
}

// After reports whether a was recorded after b: the store numbers the
// uploads in the order it records them, one at a time, so that the order
// holds across replicas whatever their clocks say.
func (a Receipt) After(b Receipt) bool { return a.ID > b.ID }

// Superseded reports whether up is superseded by one of the accepted
// uploads of the same board and year. A board's workbook counts as the
// last one it sent: an upload whose reading ends after a later one was
// accepted (two sends read out of order) is superseded; it does not
// overwrite the later marks. The rule lives here, not in a query, so that
// every store applies the same one.
func Superseded(up Receipt, accepted []Receipt) bool {
	for _, o := range accepted {
		if o.ID != up.ID && o.After(up) {
			return true
		}
	}
	return false
}
