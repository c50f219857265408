// Package fault tells the server's own storage faults apart from bad
// input: a full disk, a folder or database the service may not write, a
// damaged database file. Each is told to people as what it is (which file,
// what to do), to programs by a stable code, and with a 5xx status —
// the person's request was fine, the server could not do it.
package fault

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
)

// Kind is what went wrong with the storage.
type Kind int

// The kinds of storage fault.
const (
	NoSpace  Kind = iota + 1 // the disk or quota is full
	ReadOnly                 // the file or folder cannot be written
	Corrupt                  // the database file is damaged or not a database
	// Unavailable: the database server or the object store cannot be
	// reached now (down, restarting, out of connections); trying again
	// later may work.
	Unavailable
)

// Error is a storage fault on one file or folder.
type Error struct {
	Kind Kind
	File string
	Err  error // the system's or SQLite's own error, for the log
}

// Error is the Vietnamese message alone: it is what a person reads, on a
// page or when the service refuses to start; the system's own words are
// in Err, for the log.
func (e *Error) Error() string { return e.Message() }

func (e *Error) Unwrap() error { return e.Err }

// kinds are what each kind is to programs: its stable code, its metric
// label and its HTTP status (the server's fault, never the client's: 507
// out of space, 503 cannot write, 500 damaged database).
var kinds = map[Kind]struct {
	code, label string
	status      int
}{
	NoSpace:  {"storage_full", "no_space", http.StatusInsufficientStorage},
	ReadOnly: {"storage_read_only", "read_only", http.StatusServiceUnavailable},
	Corrupt:  {"database_corrupt", "corrupt", http.StatusInternalServerError},
	// 503 with Retry-After: a replica that cannot reach them now.
	Unavailable: {"storage_unavailable", "unavailable", http.StatusServiceUnavailable},
}

// Code is the stable code a program reads.
func (e *Error) Code() string { return kinds[e.Kind].code }

// Label names the kind in metrics.
func (e *Error) Label() string { return kinds[e.Kind].label }

// Status is the HTTP status of the fault.
func (e *Error) Status() int { return kinds[e.Kind].status }

// RetryAfter is the seconds a client should wait before trying again
// (the Retry-After header), or 0 when waiting will not help by itself.
func (e *Error) RetryAfter() int {
	if e.Kind == Unavailable {
		return 30
	}
	return 0
}

// Message says, in Vietnamese, what is wrong and what to do.
func (e *Error) Message() string {
	switch e.Kind {
	case NoSpace:
		return fmt.Sprintf("Máy chủ đã hết chỗ lưu trữ (%s), nên chưa ghi được. Dữ liệu gửi lên không có lỗi; vui lòng báo quản trị hệ thống giải phóng dung lượng rồi gửi lại.", e.File)
	case ReadOnly:
		return fmt.Sprintf("Máy chủ không có quyền ghi vào %s, nên chưa ghi được. Vui lòng báo quản trị hệ thống kiểm tra quyền ghi của thư mục dữ liệu.", e.File)
	case Unavailable:
		return fmt.Sprintf("Hệ thống tạm thời không kết nối được với nơi lưu dữ liệu (%s), nên chưa làm được việc này. Dữ liệu gửi lên không có lỗi; vui lòng thử lại sau ít phút, và báo quản trị hệ thống nếu vẫn không được.", e.File)
	default:
		return fmt.Sprintf("Tệp cơ sở dữ liệu %s bị hỏng hoặc không phải là cơ sở dữ liệu của thidua. Quản trị hệ thống cần khôi phục nó từ bản sao lưu (thidua restore).", e.File)
	}
}

// Of returns the fault err carries, if any.
func Of(err error) (*Error, bool) {
	var f *Error
	ok := errors.As(err, &f)
	return f, ok
}

// Classify turns an operating-system error on file into a fault when it is
// one (no space, no right to write); any other error is returned as it is.
func Classify(file string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := Of(err); ok {
		return err
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return &Error{Kind: NoSpace, File: file, Err: err}
	case errors.Is(err, syscall.EROFS), errors.Is(err, syscall.EACCES), errors.Is(err, syscall.EPERM):
		return &Error{Kind: ReadOnly, File: file, Err: err}
	}
	return err
}

// ClassifyNetwork turns a failure to reach a server (refused, reset,
// timed out, cut mid-answer) into an Unavailable fault on what (the
// database or bucket, without credentials); any other error is returned
// as it is.
func ClassifyNetwork(what string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := Of(err); ok {
		return err
	}
	var ne net.Error
	switch {
	case errors.As(err, &ne),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.ErrUnexpectedEOF):
		return &Error{Kind: Unavailable, File: what, Err: err}
	}
	return err
}

// SQLite's primary result codes that are storage faults.
const (
	sqlitePerm     = 3
	sqliteReadOnly = 8
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// ClassifySQLite turns an error of the SQLite driver on the database file
// into a fault when its result code is one; any other error is returned as
// it is. The driver's errors carry Code() (extended codes in the high
// bits).
func ClassifySQLite(file string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := Of(err); ok {
		return err
	}
	var coded interface{ Code() int }
	if !errors.As(err, &coded) {
		return Classify(file, err)
	}
	switch coded.Code() & 0xff {
	case sqliteFull:
		return &Error{Kind: NoSpace, File: file, Err: err}
	case sqliteReadOnly, sqlitePerm, sqliteCantOpen:
		return &Error{Kind: ReadOnly, File: file, Err: err}
	case sqliteCorrupt, sqliteNotADB:
		return &Error{Kind: Corrupt, File: file, Err: err}
	}
	return Classify(file, err)
}
