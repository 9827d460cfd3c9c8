package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"time"
)

// leaseLockClass is the first key of the PostgreSQL advisory locks that
// hold leases; the second comes from the lease name. Migrations use the
// one-key form (migrateLockID), so the two never meet.
const leaseLockClass = 7431002

// Fence is what a lease holder proves in each transaction it writes: that
// the lease Name is still at Epoch, the epoch it was given on acquiring.
type Fence struct {
	Name  string
	Epoch int64
}

type fenceKey struct{}

// WithFence returns a context under which every transaction that WithTx
// starts first checks f and keeps a share lock on the lease row until it
// commits. A new holder raises the epoch when it acquires the lease, which
// waits for such a transaction to finish; every transaction after that
// fails with *LostLeaseError and commits nothing. So a process that lost
// the lease, however late it notices, never writes after the new holder
// has begun. It does nothing on SQLite, which has one daemon only.
func WithFence(ctx context.Context, f Fence) context.Context {
	return context.WithValue(ctx, fenceKey{}, f)
}

// LostLeaseError says that this process no longer holds a lease it
// believed it held. It is an outage (IsOutage): nothing was written, and
// the work belongs to the new holder.
type LostLeaseError struct {
	Name           string
	Epoch, Current int64 // Current is 0 when the lease row is gone
}

func (e *LostLeaseError) Error() string {
	return fmt.Sprintf("store: lease %q lost (held at epoch %d, now %d)", e.Name, e.Epoch, e.Current)
}

// checkFence runs first in a transaction under WithFence.
func checkFence(ctx context.Context, tx *Tx) error {
	f, ok := ctx.Value(fenceKey{}).(Fence)
	if !ok || tx.dialect != Postgres {
		return nil
	}
	var epoch int64
	err := tx.tx.GetContext(ctx, &epoch, `SELECT epoch FROM leases WHERE name = $1 FOR SHARE`, f.Name)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("store: check lease: %w", err)
	}
	if epoch != f.Epoch {
		return &LostLeaseError{Name: f.Name, Epoch: f.Epoch, Current: epoch}
	}
	return nil
}

// Lease is the stored state of one lease.
type Lease struct {
	Name       string    `db:"name"`
	Epoch      int64     `db:"epoch"`
	Holder     string    `db:"holder"`
	AcquiredAt time.Time `db:"acquired_at"`
}

// Lease returns the lease called name, or ErrNotFound when nobody ever
// held it.
func (s *Store) Lease(ctx context.Context, name string) (Lease, error) {
	var l Lease
	err := s.db.GetContext(ctx, &l, rebind(s.dialect, `SELECT name, epoch, holder, acquired_at FROM leases WHERE name = ?`), name)
	if isNoRows(err) {
		return Lease{}, ErrNotFound
	}
	if err != nil {
		return Lease{}, fmt.Errorf("store: read lease: %w", err)
	}
	return l, nil
}

// LeaseConn is a connection of its own that holds leases as PostgreSQL
// session advisory locks: the server drops them when the session ends, so a
// process that dies (or whose host does) frees its leases without anyone
// having to expire them.
type LeaseConn struct {
	conn *sql.Conn
}

// OpenLeaseConn takes a connection out of the pool for leases. Only
// PostgreSQL; on SQLite one daemon holds every lease (ClaimDaemon).
// The session asks the server to probe it with TCP keepalives every few
// seconds, so that the locks of a host that vanished without closing its
// connection are freed within about 20 seconds rather than hours.
func (s *Store) OpenLeaseConn(ctx context.Context) (*LeaseConn, error) {
	if s.dialect != Postgres {
		return nil, errors.New("store: leases need PostgreSQL")
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lease connection: %w", err)
	}
	c := &LeaseConn{conn: conn}
	qctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	_, err = conn.ExecContext(qctx, `SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 3; SET tcp_keepalives_count = 4; SET tcp_user_timeout = 20000`)
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("store: lease connection: %w", err)
	}
	return c, nil
}

func leaseLockKey(name string) int64 {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int64(h.Sum32() & 0x7fffffff)
}

// TryAcquire takes the lease called name for holder if nobody holds it,
// and returns its new epoch (one more than the last holder's). ok is false
// when another session holds it.
func (c *LeaseConn) TryAcquire(ctx context.Context, name, holder string, now time.Time) (epoch int64, ok bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	key := leaseLockKey(name)
	if err := c.conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2)`, leaseLockClass, key).Scan(&ok); err != nil {
		return 0, false, fmt.Errorf("store: acquire lease: %w", err)
	}
	if !ok {
		return 0, false, nil
	}
	// Raising the epoch waits for the last holder's transactions that
	// still hold the row (see WithFence).
	err = c.conn.QueryRowContext(ctx, `
		INSERT INTO leases (name, epoch, holder, acquired_at) VALUES ($1, 1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET epoch = leases.epoch + 1, holder = excluded.holder, acquired_at = excluded.acquired_at
		RETURNING epoch`, name, holder, now.UTC()).Scan(&epoch)
	if err != nil {
		_, _ = c.conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1, $2)`, leaseLockClass, key)
		return 0, false, fmt.Errorf("store: acquire lease: %w", err)
	}
	return epoch, true, nil
}

// Check confirms that this session still holds the lease at epoch: the
// lock is granted to it and nobody raised the epoch. It returns
// *LostLeaseError when not, and any other error when it cannot tell (the
// connection is broken: the caller must assume the lease is lost).
func (c *LeaseConn) Check(ctx context.Context, name string, epoch int64) error {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	var current int64
	var locked bool
	err := c.conn.QueryRowContext(ctx, `
		SELECT COALESCE((SELECT epoch FROM leases WHERE name = $1), 0),
		       EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
		               AND classid = $2 AND objid = $3 AND objsubid = 2 AND granted)`,
		name, leaseLockClass, leaseLockKey(name)).Scan(&current, &locked)
	if err != nil {
		return fmt.Errorf("store: check lease: %w", err)
	}
	if !locked || current != epoch {
		return &LostLeaseError{Name: name, Epoch: epoch, Current: current}
	}
	return nil
}

// Close ends the session, which releases every lease it holds. The
// connection is discarded, never returned to the pool with a lock on it.
func (c *LeaseConn) Close() error {
	_ = c.conn.Raw(func(any) error { return driver.ErrBadConn })
	return c.conn.Close()
}
