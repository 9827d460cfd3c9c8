package store

import (
	"fmt"
	"os"
)

// SecondDaemonError says that another intake daemon already works on this
// SQLite database. SQLite has one writer, and intake's restart rescue
// (every job still "running" at start belongs to a dead process) relies on
// there being only one daemon; replicas need PostgreSQL.
type SecondDaemonError struct {
	Path string // the lock file, beside the database
}

func (e *SecondDaemonError) Error() string {
	return fmt.Sprintf("store: another intake daemon is already running on this SQLite database (lock %s is held); "+
		"SQLite allows one `intake run` at a time: stop the other one, or use PostgreSQL for several replicas", e.Path)
}

// ClaimDaemon makes this process the only daemon on a SQLite database: it
// takes an exclusive lock on a file beside the database, held until Close
// (or until the process dies, when the kernel drops it, so a crash never
// leaves a stale lock). A second claim fails with *SecondDaemonError.
// Command-line tools that read or change a case (intake case …) do not
// claim: they are short writers that SQLite's busy timeout serialises.
// On PostgreSQL it does nothing: several replicas may share the database.
func (s *Store) ClaimDaemon() error {
	if s.dialect != SQLite || s.path == "" {
		return nil
	}
	if s.lock != nil {
		return nil
	}
	path := s.path + ".daemon-lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: daemon lock: %w", err)
	}
	held, err := tryLock(f)
	if err != nil {
		f.Close()
		return fmt.Errorf("store: daemon lock: %w", err)
	}
	if held {
		f.Close()
		return &SecondDaemonError{Path: path}
	}
	s.lock = f
	return nil
}

func (s *Store) releaseDaemon() {
	if s.lock != nil {
		unlock(s.lock)
		s.lock.Close()
		s.lock = nil
	}
}
