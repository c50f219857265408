package domain

import (
	"errors"
	"strconv"
)

// ErrNotFound is matched (errors.Is) by every NotFoundError; stores wrap it.
var ErrNotFound = errors.New("không tìm thấy")

// NotFoundError names what was looked for and not found, so that the one
// place that answers clients can say it in words ("Không tìm thấy khối
// \"x\"") without leaking how the store phrased it.
type NotFoundError struct {
	Entity string // in Vietnamese: "khối", "đơn vị", "bản nộp", …
	Key    string
	// Message, when set, says it better than "không tìm thấy …" ("Khối
	// chưa có bảng tiêu chí năm 2033").
	Message string
}

func (e NotFoundError) Error() string {
	if e.Message != "" {
		return e.Message
	}
	if e.Key == "" {
		return "không tìm thấy " + e.Entity
	}
	return "không tìm thấy " + e.Entity + " " + strconv.Quote(e.Key)
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e NotFoundError) Is(target error) bool { return target == ErrNotFound }

// NotFound is a NotFoundError.
func NotFound(entity, key string) error { return NotFoundError{Entity: entity, Key: key} }

// ConflictError refuses a request that the present state does not allow:
// a stable code for programs and a Vietnamese message for people.
type ConflictError struct {
	Code    string
	Message string
}

func (e ConflictError) Error() string { return e.Message }

// ErrConflict is matched (errors.Is) by every ConflictError.
var ErrConflict = errors.New("xung đột dữ liệu")

// Is makes errors.Is(err, ErrConflict) true.
func (e ConflictError) Is(target error) bool { return target == ErrConflict }
