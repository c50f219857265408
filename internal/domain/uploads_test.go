package domain

import (
	"testing"
	"time"
)

func TestSuperseded(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	r := func(id int64, d time.Duration) Receipt { return Receipt{ID: id, ReceivedAt: t0.Add(d)} }
	for _, c := range []struct {
		name     string
		up       Receipt
		accepted []Receipt
		want     bool
	}{
		{"nothing accepted", r(5, 0), nil, false},
		{"only itself (read again)", r(5, 0), []Receipt{r(5, 0)}, false},
		{"an earlier one accepted", r(5, time.Minute), []Receipt{r(4, 0)}, false},
		{"a later one accepted first", r(5, 0), []Receipt{r(6, time.Second)}, true},
		{"a later one whose replica's clock is behind", r(5, time.Second), []Receipt{r(6, 0)}, true},
		{"an earlier one whose replica's clock is ahead", r(6, 0), []Receipt{r(5, time.Second)}, false},
	} {
		if got := Superseded(c.up, c.accepted); got != c.want {
			t.Errorf("%s: superseded %v, want %v", c.name, got, c.want)
		}
	}
}
