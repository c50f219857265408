package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/vn"
)

// YearState is a bloc-year's life beyond its settings: the version of the
// data its documents are built from, and whether the year is closed.
//
// Every write of a year's data (members, settings, criteria, sheets,
// uploads, indicators, votes, awards, honours, texts) checks CheckOpen and
// advances Version in its own transaction, so that a year closed after
// its conference cannot change by a late upload, and a cached document is
// known to be current by one read of Version.
type YearState struct {
	Bloc    string `json:"bloc"`
	Year    int    `json:"year"`
	Version int64  `json:"version"`
	// ClosedAt is when the year was closed ("" while open); ClosedBy who.
	ClosedAt string `json:"closed_at,omitempty"`
	ClosedBy string `json:"closed_by,omitempty"`
	// The last reopening, kept after the year is closed again: who
	// reopened it, when, and why (an administrator must say).
	ReopenedAt   string `json:"reopened_at,omitempty"`
	ReopenedBy   string `json:"reopened_by,omitempty"`
	ReopenReason string `json:"reopen_reason,omitempty"`
}

// Closed tells whether the year is closed.
func (s YearState) Closed() bool { return s.ClosedAt != "" }

// CodeYearClosed is the code of every write refused because its year is
// closed.
const CodeYearClosed = "year_closed"

// CheckOpen refuses a write of a closed year's data.
func (s YearState) CheckOpen() error {
	if !s.Closed() {
		return nil
	}
	return ConflictError{Code: CodeYearClosed, Message: fmt.Sprintf(
		"Năm %d của Khối đã khoá sổ ngày %s sau hội nghị tổng kết: dữ liệu của năm (phiếu chấm điểm, điểm, biểu quyết, báo cáo, khen thưởng) không thể thay đổi nữa. Tài liệu vẫn tải được; chỉ quản trị viên có thể mở lại năm.",
		s.Year, stampDate(s.ClosedAt))}
}

// MaxReasonRunes bounds the reason given for reopening a year.
const MaxReasonRunes = 500

// Close closes the year after its conference: the conference must have a
// date, and that date must have come (a year is closed when its results
// are voted, never ahead of it).
func (s *YearState) Close(y BlocYear, by string, now time.Time) error {
	if s.Closed() {
		return ConflictError{Code: "already_closed", Message: fmt.Sprintf("Năm %d đã khoá sổ ngày %s", s.Year, stampDate(s.ClosedAt))}
	}
	held, err := time.Parse(DateLayout, y.ConferenceDate)
	if y.ConferenceDate == "" || err != nil {
		return ConflictError{Code: "conference_not_held", Message: fmt.Sprintf("Chưa ghi ngày hội nghị tổng kết năm %d nên chưa khoá sổ được: ghi ngày hội nghị ở trang Hội nghị trước", s.Year)}
	}
	local := now.In(vn.Zone())
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	if held.After(today) {
		return ConflictError{Code: "conference_not_held", Message: fmt.Sprintf("Hội nghị tổng kết năm %d họp ngày %s, chưa đến ngày đó nên chưa khoá sổ được", s.Year, vn.ShortDate(held))}
	}
	s.ClosedAt, s.ClosedBy = now.UTC().Format(time.RFC3339), by
	return nil
}

// Reopen reopens a closed year (an administrator's act): the reason is
// required and kept.
func (s *YearState) Reopen(by, reason string, now time.Time) error {
	if !s.Closed() {
		return ConflictError{Code: "not_closed", Message: fmt.Sprintf("Năm %d chưa khoá sổ", s.Year)}
	}
	reason = strings.TrimSpace(vn.NFC(reason))
	var c checker
	switch {
	case reason == "":
		c.add("reason", "required", "Ghi lý do mở lại năm đã khoá sổ")
	case len([]rune(reason)) > MaxReasonRunes:
		c.add("reason", "too_long", "Lý do dài quá %d ký tự", MaxReasonRunes)
	default:
		if r, bad := vn.FirstUnprintable(reason); bad {
			c.add("reason", "unprintable", "%s", vn.UnprintableMessage(r))
		}
	}
	if err := c.result(); err != nil {
		return err
	}
	s.ReopenedAt, s.ReopenedBy, s.ReopenReason = now.UTC().Format(time.RFC3339), by, reason
	s.ClosedAt, s.ClosedBy = "", ""
	return nil
}

// stampDate is the day of an RFC 3339 stamp, as people read it.
func stampDate(stamp string) string {
	t, err := time.Parse(time.RFC3339, stamp)
	if err != nil {
		return stamp
	}
	return vn.ShortDate(t.In(vn.Zone()))
}
