package domain

import (
	"errors"
	"testing"
	"time"
)

func TestClosingAYear(t *testing.T) {
	// 10:00 on 28/12/2023 in Vietnam is 03:00 UTC.
	now := time.Date(2023, 12, 28, 3, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, date string
		closed     bool
		code       string
	}{
		{"no conference date", "", false, "conference_not_held"},
		{"conference tomorrow", "2023-12-29", false, "conference_not_held"},
		{"conference today", "2023-12-28", false, ""},
		{"conference last week", "2023-12-20", false, ""},
		{"already closed", "2023-12-20", true, "already_closed"},
	} {
		s := YearState{Year: 2023}
		if c.closed {
			s.ClosedAt = "2023-12-21T10:00:00Z"
		}
		err := s.Close(BlocYear{Year: 2023, ConferenceDate: c.date}, "thuky", now)
		var ce ConflictError
		switch {
		case c.code == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &ce) || ce.Code != c.code):
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		case c.code == "" && (!s.Closed() || s.ClosedBy != "thuky" || s.CheckOpen() == nil):
			t.Errorf("%s: not closed: %+v", c.name, s)
		}
	}
	// At 23:30 UTC on the 27th it is already the 28th in Vietnam.
	s := YearState{Year: 2023}
	if err := s.Close(BlocYear{Year: 2023, ConferenceDate: "2023-12-28"}, "x", time.Date(2023, 12, 27, 23, 30, 0, 0, time.UTC)); err != nil {
		t.Errorf("closing on the conference day, Vietnam time: %v", err)
	}
	err := s.CheckOpen()
	var ce ConflictError
	if !errors.As(err, &ce) || ce.Code != CodeYearClosed {
		t.Fatalf("a closed year accepts writes: %v", err)
	}
}

func TestReopeningAYear(t *testing.T) {
	now := time.Date(2024, 2, 1, 3, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, reason string
		closed       bool
		field, code  string
	}{
		{"open already", "Sửa điểm", false, "", "not_closed"},
		{"no reason", "  ", true, "reason", "required"},
		{"emoji", "Sửa điểm 😀", true, "reason", "unprintable"},
		{"reason", "Bổ sung quyết định khen thưởng", true, "", ""},
	} {
		s := YearState{Year: 2023}
		if c.closed {
			s.ClosedAt, s.ClosedBy = "2023-12-28T10:00:00Z", "thuky"
		}
		err := s.Reopen("admin", c.reason, now)
		var ve ValidationError
		var ce ConflictError
		switch {
		case c.field != "" && (!errors.As(err, &ve) || ve[0].Field != c.field || ve[0].Code != c.code):
			t.Errorf("%s: %v", c.name, err)
		case c.field == "" && c.code != "" && (!errors.As(err, &ce) || ce.Code != c.code):
			t.Errorf("%s: %v", c.name, err)
		case c.code == "" && (err != nil || s.Closed() || s.ReopenReason != c.reason || s.ReopenedBy != "admin"):
			t.Errorf("%s: %v %+v", c.name, err, s)
		}
	}
}
