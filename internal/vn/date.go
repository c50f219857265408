package vn

import (
	"fmt"
	"time"
)

// Date formats t as Decree 30 writes it after the place name: "ngày 05
// tháng 01 năm 2024". Days below 10 and months 1 and 2 take a leading zero;
// other months do not ("tháng 12", "tháng 3").
func Date(t time.Time) string {
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), Month(t.Month()), t.Year())
}

// PlaceDate is the line under the national motto: "Quảng Ngãi, ngày 28 tháng
// 12 năm 2023". A zero date leaves the day and month blank to be written by
// hand, as drafts do: "Quảng Ngãi, ngày     tháng     năm 2024".
func PlaceDate(place string, t time.Time, year int) string {
	return place + ", " + DateOrBlank(t, year)
}

// DateOrBlank is the date part of the place-date line: Date(t), or a date
// of year to fill by hand when t is zero.
func DateOrBlank(t time.Time, year int) string {
	if t.IsZero() {
		return BlankDate(year)
	}
	return Date(t)
}

// Blank is room to write by hand: non-breaking spaces, which keep their
// width in a PDF where the spaces between words are folded.
const Blank = "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0"

// BlankDate is a date to fill by hand: "ngày      tháng      năm 2025".
func BlankDate(year int) string {
	return fmt.Sprintf("ngày%stháng%snăm %d", Blank, Blank, year)
}

// Month writes a month number as Decree 30 wants it: 01, 02, then 3..12.
func Month(m time.Month) string {
	if m <= 2 {
		return fmt.Sprintf("%02d", int(m))
	}
	return fmt.Sprintf("%d", int(m))
}

// TextDate is a date in running text, written as its Decree 30 form
// is: "01/7/2025", "05/01/2024" (a leading zero on days below 10 and on
// months 1 and 2), as documents cite "ngày 31/7/2017".
func TextDate(t time.Time) string {
	return fmt.Sprintf("%02d/%s/%d", t.Day(), Month(t.Month()), t.Year())
}

// ShortDate is dd/mm/yyyy, for tables.
func ShortDate(t time.Time) string {
	return t.Format("02/01/2006")
}

// Duration says a span in Vietnamese words: "15 phút", "2 giờ",
// "1 giờ 30 phút", "3 ngày".
func Duration(d time.Duration) string {
	m := int64(d.Round(time.Minute) / time.Minute)
	switch {
	case m < 1:
		return "dưới 1 phút"
	case m%(24*60) == 0:
		return GroupInt(m/(24*60)) + " ngày"
	case m < 60:
		return GroupInt(m) + " phút"
	case m%60 == 0:
		return GroupInt(m/60) + " giờ"
	}
	return GroupInt(m/60) + " giờ " + GroupInt(m%60) + " phút"
}

// DayRange reads two days typed as YYYY-MM-DD as the span from the start
// of the first to the end of the second in Vietnam's time (To excluded);
// a day left empty or not a date leaves that end open (zero).
func DayRange(from, to string) (time.Time, time.Time) {
	var f, t time.Time
	if d, err := time.ParseInLocation("2006-01-02", from, Zone()); err == nil {
		f = d
	}
	if d, err := time.ParseInLocation("2006-01-02", to, Zone()); err == nil {
		t = d.AddDate(0, 0, 1)
	}
	return f, t
}
