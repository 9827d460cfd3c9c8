package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"syscall"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// IsOutage reports whether err means that the database cannot be used at
// the moment (unreachable, restarting, full, locked, out of resources), as
// opposed to a statement that failed because of what it was given. An
// outage is waited out and retried with nothing given up; any other
// failure belongs to the data (a message that cannot be stored) and is
// counted against it. A cancelled context is neither: the caller is
// stopping.
func IsOutage(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded), // queryTimeout: a stuck database
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), // lib/pq when the server goes away
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE), errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EIO):
		return true
	}
	var lost *LostLeaseError // the new holder of the lease does the work
	if errors.As(err, &lost) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		return pqOutage(pe.Code)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return sqliteOutage(se.Code())
	}
	return false
}

// pqOutage classifies a PostgreSQL SQLSTATE (Appendix A of its manual).
func pqOutage(code pq.ErrorCode) bool {
	switch code.Class() {
	case "08", // connection exception
		"53", // insufficient resources: disk full, out of memory, too many connections
		"57", // operator intervention: shutdown, crash recovery, cannot connect now
		"58", // system error: I/O error
		"40": // transaction rollback: serialization failure, deadlock; try again
		return true
	}
	switch code {
	case "55P03", // lock_not_available
		"25006": // read_only_sql_transaction: a standby during failover
		return true
	}
	return false
}

// sqliteOutage classifies an SQLite result code by its primary code (the
// low byte of an extended code).
func sqliteOutage(code int) bool {
	switch code & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR,
		sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_READONLY,
		sqlite3.SQLITE_INTERRUPT:
		return true
	}
	return false
}
