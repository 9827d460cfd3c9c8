package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"

	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateLockID is the PostgreSQL advisory lock that serialises migrations
// between replicas starting at the same time.
const migrateLockID = 7431001

// Migrate brings the schema up to date: our own tables in one transaction
// (a failure leaves the database as it was), then River's job tables, which
// River applies one version per transaction because PostgreSQL cannot use a
// new enum value in the transaction that adds it. It refuses a database
// whose schema is newer than this binary: an older binary would misread it.
// On PostgreSQL, replicas starting together take turns on an advisory lock.
func (s *Store) Migrate(ctx context.Context) error {
	unlock, err := s.lockMigrations(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	err = s.WithTx(ctx, func(tx *Tx) error {
		if _, err := tx.tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("store: migrate: %w", err)
		}
		var versions []int
		if err := tx.tx.SelectContext(ctx, &versions, `SELECT version FROM schema_version`); err != nil {
			return fmt.Errorf("store: migrate: read version: %w", err)
		}
		current := 0
		if len(versions) > 0 {
			current = versions[0]
		}
		if current > len(migrations) {
			return fmt.Errorf("store: database schema is version %d but this intake only knows version %d: run a newer intake", current, len(migrations))
		}
		for i := current; i < len(migrations); i++ {
			m := migrations[i]
			q := m.sqlite
			if s.dialect == Postgres {
				q = m.postgres
			}
			if _, err := tx.tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("store: migrate to version %d (%s): %w", i+1, m.name, err)
			}
		}
		if current != len(migrations) {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM schema_version`); err != nil {
				return fmt.Errorf("store: migrate: %w", err)
			}
			if _, err := tx.tx.ExecContext(ctx, rebind(s.dialect, `INSERT INTO schema_version (version) VALUES (?)`), len(migrations)); err != nil {
				return fmt.Errorf("store: migrate: %w", err)
			}
		}
		return ensureInstallationID(ctx, tx)
	})
	if err != nil {
		return err
	}
	return s.migrateRiver(ctx)
}

// lockMigrations serialises migrations between processes. On PostgreSQL it
// holds a session advisory lock on one pinned connection (a lock taken
// through the pool could be released on another connection). SQLite's own
// write lock is enough there, and its single connection must stay free.
func (s *Store) lockMigrations(ctx context.Context) (func(), error) {
	if s.dialect != Postgres {
		return func() {}, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrateLockID); err != nil {
		conn.Close()
		return nil, fmt.Errorf("store: migrate: lock: %w", err)
	}
	return func() {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrateLockID)
		conn.Close()
	}, nil
}

// migrateRiver applies River's own migrations. They are versioned by River,
// not by us, so they run on every Migrate and apply only what is missing.
func (s *Store) migrateRiver(ctx context.Context) error {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	var (
		m   *rivermigrate.Migrator[*sql.Tx]
		err error
	)
	if s.dialect == Postgres {
		m, err = rivermigrate.New(riverdatabasesql.New(s.db.DB), &rivermigrate.Config{Logger: quiet})
	} else {
		m, err = rivermigrate.New(riversqlite.New(s.db.DB), &rivermigrate.Config{Logger: quiet})
	}
	if err == nil {
		_, err = m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("store: migrate job queue: %w", err)
	}
	return nil
}

// ensureInstallationID gives each database a random identity once. It goes
// into our Message-IDs so that a fresh database restarting case numbers at 1
// never produces a Message-ID that an earlier installation already used
// (which would fool the Sent-folder check into thinking a message went out).
func ensureInstallationID(ctx context.Context, tx *Tx) error {
	var n int
	if err := tx.tx.GetContext(ctx, &n, `SELECT COUNT(*) FROM meta WHERE key = 'installation_id'`); err != nil {
		return fmt.Errorf("store: installation id: %w", err)
	}
	if n > 0 {
		return nil
	}
	b := make([]byte, 5)
	if _, err := rand.Read(b); err != nil {
		return fmt.Errorf("store: installation id: %w", err)
	}
	if _, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, `INSERT INTO meta (key, value) VALUES ('installation_id', ?)`), hex.EncodeToString(b)); err != nil {
		return fmt.Errorf("store: installation id: %w", err)
	}
	return nil
}

// InstallationID returns the random identity created at first migration.
func (s *Store) InstallationID(ctx context.Context) (string, error) {
	var v string
	if err := s.db.GetContext(ctx, &v, `SELECT value FROM meta WHERE key = 'installation_id'`); err != nil {
		return "", fmt.Errorf("store: installation id: %w", err)
	}
	return v, nil
}

// Version returns the schema version of the database (0 when empty).
func (s *Store) Version(ctx context.Context) (int, error) {
	var versions []int
	// A database that was never migrated has no schema_version table;
	// that is version 0, not an error.
	var tables int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`
	if s.dialect == Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_version'`
	}
	if err := s.db.GetContext(ctx, &tables, q); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if tables == 0 {
		return 0, nil
	}
	if err := s.db.SelectContext(ctx, &versions, `SELECT version FROM schema_version`); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	if len(versions) == 0 {
		return 0, nil
	}
	return versions[0], nil
}

// CheckVersion refuses to run against a database that is not exactly at
// this binary's schema version.
func (s *Store) CheckVersion(ctx context.Context) error {
	v, err := s.Version(ctx)
	if err != nil {
		return err
	}
	switch {
	case v > SchemaVersion:
		return fmt.Errorf("store: database schema is version %d but this intake only knows version %d: run a newer intake", v, SchemaVersion)
	case v < SchemaVersion:
		return fmt.Errorf("store: database schema is version %d, this intake needs version %d: run intake migrate", v, SchemaVersion)
	}
	return nil
}
