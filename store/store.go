// Package store owns the database: the schema and its migrations, and every
// SQL statement intake runs, for both the embedded SQLite default and
// PostgreSQL. Other packages never write SQL; they call methods here, and
// every method takes a context.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // registers "postgres"
	"modernc.org/sqlite"
)

func init() {
	// sqlx does not know modernc's driver name; without this Rebind would
	// leave "?" placeholders alone but NamedQuery would pick the wrong style.
	sqlx.BindDriver("sqlite", sqlx.QUESTION)
}

// Dialect names the SQL flavour of a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNotFound is returned when a row asked for by key does not exist.
var ErrNotFound = errors.New("store: not found")

// queryTimeout bounds every single statement so that a stuck database shows
// up as an error instead of a silent hang (soju does the same).
const queryTimeout = 30 * time.Second

// Store is the database handle. It is safe for concurrent use.
type Store struct {
	db      *sqlx.DB
	dialect Dialect
	path    string   // the SQLite file; "" for PostgreSQL
	dsn     string   // the PostgreSQL connection string; "" for SQLite
	lock    *os.File // held by ClaimDaemon until Close
}

// Open connects to the database named by driver ("sqlite" or "postgres") and
// dsn. For SQLite, dsn is a file path (created if missing). It does not
// migrate; call Migrate.
func Open(ctx context.Context, driver, dsn string) (*Store, error) {
	switch Dialect(driver) {
	case SQLite:
		return openSQLite(ctx, dsn)
	case Postgres:
		return openPostgres(ctx, dsn)
	}
	return nil, fmt.Errorf("store: unknown database driver %q", driver)
}

// OpenURL opens a database from a configuration URL: sqlite:///path/to/file.db,
// sqlite://relative.db, postgres://... or postgresql://...
func OpenURL(ctx context.Context, rawURL string) (*Store, error) {
	driver, dsn, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	return Open(ctx, driver, dsn)
}

// ParseURL splits a database URL into a driver name and a DSN for Open.
func ParseURL(rawURL string) (driver, dsn string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return string(Postgres), rawURL, nil
	case strings.HasPrefix(rawURL, "sqlite://"):
		p := strings.TrimPrefix(rawURL, "sqlite://")
		if i := strings.IndexByte(p, '?'); i >= 0 {
			p = p[:i]
		}
		if p == "" {
			return "", "", fmt.Errorf("store: database url %q has no file path", rawURL)
		}
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		// The path goes into a "file:PATH?options" DSN: a decoded '?'
		// would add options of its own, a NUL would cut the name short.
		if strings.ContainsAny(p, "?\x00") {
			return "", "", fmt.Errorf("store: database url %q: the file path may not contain ? or NUL", rawURL)
		}
		return string(SQLite), p, nil
	}
	return "", "", fmt.Errorf("store: database url must start with sqlite:// or postgres://")
}

func openSQLite(ctx context.Context, path string) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create database folder: %w", err)
		}
	}
	// WAL lets readers (intake case list, the web UI) work while the daemon
	// writes, and with synchronous=NORMAL a commit costs no fsync (see
	// WithTx and WithDurableTx for what that means); busy_timeout makes a second process wait instead of failing;
	// _txlock=immediate takes the write lock at BEGIN so that two writers
	// never deadlock upgrading a read lock.
	dsn := "file:" + path + "?_pragma=busy_timeout(15000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	conn, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(cachingConnector{conn}), "sqlite")
	// SQLite has one writer at a time. River's SQLite driver documents that
	// a single connection avoids SQLITE_BUSY between its own concurrent
	// operations, and it serialises ours with River's for free.
	db.SetMaxOpenConns(1)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", filepath.Base(path), err)
	}
	return &Store{db: db, dialect: SQLite, path: path}, nil
}

func openPostgres(ctx context.Context, dsn string) (*Store, error) {
	db, err := sqlx.Open("postgres", oneRoundTrip(dsn))
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	// PostgreSQL defaults to 100 connections in total; several replicas of
	// intake must fit under that with room for psql and backups.
	db.SetMaxOpenConns(10)
	db.SetMaxIdleConns(5)
	db.SetConnMaxLifetime(time.Hour)
	pctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect postgres: %w", err)
	}
	return &Store{db: db, dialect: Postgres, dsn: dsn}, nil
}

// oneRoundTrip asks lib/pq for binary_parameters unless dsn says
// otherwise: a statement with arguments then costs one round trip to the
// server instead of two (lib/pq otherwise prepares it unnamed first, and
// waits for that), and a []byte argument goes as the bytes themselves.
func oneRoundTrip(dsn string) string {
	if strings.Contains(dsn, "binary_parameters") {
		return dsn
	}
	if u, err := url.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set("binary_parameters", "yes")
		u.RawQuery = q.Encode()
		return u.String()
	}
	return dsn + " binary_parameters=yes"
}

// Close closes the connection pool.
func (s *Store) Close() error {
	err := s.db.Close()
	s.releaseDaemon()
	return err
}

// Dialect reports which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// DB returns the underlying pool, for River's driver, which runs its own SQL
// against the same database so that jobs commit with our rows.
func (s *Store) DB() *sql.DB { return s.db.DB }

// PostgresDSN returns the connection string a PostgreSQL store was opened
// with ("" for SQLite), for a LISTEN connection of its own.
func (s *Store) PostgresDSN() string { return s.dsn }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Tx is one database transaction. Everything a single inbound message or a
// single staff action changes is written through one Tx, so that it is
// committed together or not at all.
type Tx struct {
	tx      *sqlx.Tx
	dialect Dialect
	after   []func()
}

// AfterCommit registers fn to run once tx has committed (never when it
// rolls back): the queue uses it to wake its workers for jobs that exist
// only from the commit on.
func (t *Tx) AfterCommit(fn func()) { t.after = append(t.after, fn) }

// SQL returns the underlying transaction so that River jobs can be inserted
// in it.
func (t *Tx) SQL() *sql.Tx { return t.tx.Tx }

// WithTx runs fn in a transaction and commits it when fn returns nil.
//
// On SQLite the commit is atomic and survives the process being killed at
// once, but is on disk only by the next WithDurableTx or WAL checkpoint
// (synchronous=NORMAL): a power cut may undo the last few. Whatever makes
// something leave the process after its commit (an IMAP move, an SMTP
// send) is committed with WithDurableTx instead.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.withTx(ctx, s.db.BeginTxx, fn)
}

// WithDurableTx is WithTx with the commit on disk when it returns, on
// SQLite too (synchronous=FULL for this transaction, which also syncs
// every commit before it). PostgreSQL syncs every commit anyway.
func (s *Store) WithDurableTx(ctx context.Context, fn func(tx *Tx) error) error {
	if s.dialect != SQLite {
		return s.WithTx(ctx, fn)
	}
	return s.durably(ctx, func(conn *sqlx.Conn) error { return s.withTx(ctx, conn.BeginTxx, fn) })
}

// durably runs fn on a connection of its own with synchronous=FULL (which
// SQLite refuses to change inside a transaction), then sets it back.
func (s *Store) durably(ctx context.Context, fn func(conn *sqlx.Conn) error) error {
	conn, err := s.db.Connx(ctx)
	if err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = FULL`); err != nil {
		return fmt.Errorf("store: synchronous: %w", err)
	}
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), queryTimeout)
		defer cancel()
		if _, err := conn.ExecContext(rctx, `PRAGMA synchronous = NORMAL`); err != nil {
			// Left at FULL, the connection is only slower.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	return fn(conn)
}

func (s *Store) withTx(ctx context.Context, begin func(context.Context, *sql.TxOptions) (*sqlx.Tx, error), fn func(tx *Tx) error) error {
	tx, err := begin(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	t := &Tx{tx: tx, dialect: s.dialect}
	if err := checkFence(ctx, t); err != nil {
		return err
	}
	if err := fn(t); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, fn := range t.after {
		fn()
	}
	return nil
}

// queryer is what both *sqlx.DB and *sqlx.Tx offer; read helpers take it so
// that the same statement serves inside and outside a transaction.
type queryer interface {
	sqlx.ExtContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

func (s *Store) q() queryer { return s.db }
func (t *Tx) q() queryer    { return t.tx }

// rebind turns "?" placeholders into the dialect's own, and MAX_FN( into
// the two-argument maximum (GREATEST in PostgreSQL, MAX in SQLite).
func rebind(d Dialect, query string) string {
	if d == Postgres {
		return sqlx.Rebind(sqlx.DOLLAR, strings.ReplaceAll(query, "MAX_FN(", "GREATEST("))
	}
	return strings.ReplaceAll(query, "MAX_FN(", "MAX(")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
