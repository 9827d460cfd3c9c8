package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// River wakes its workers for a new job only through a listener: over pgx
// it LISTENs, over lib/pq and SQLite it has none and polls, so a job
// committed just after a poll waits a whole PollInterval. wakeDriver gives
// River a listener of our own:
//
//   - in this process, every transaction that inserts a job wakes the
//     workers once it has committed (Queue.InsertTx registers the wake with
//     store.Tx.AfterCommit), on both databases;
//   - on PostgreSQL it also LISTENs, over a lib/pq connection, for the
//     pg_notify River sends in the inserting transaction, so the workers of
//     other replicas wake too.
//
// The poll stays as the fallback for a lost notification. The driver
// interface is River's own (marked unstable); it is pinned in go.mod and
// TestJobRunsWithoutPolling fails if River stops using the listener.
type wakeDriver struct {
	riverdriver.Driver[*sql.Tx]
	listener *wakeListener
	// notify is whether River sends notifications in the inserting
	// transaction: on PostgreSQL (for other replicas), not on SQLite,
	// whose single process is woken in memory and whose stored
	// notifications would cost a row per insert.
	notify bool
}

func (d *wakeDriver) SupportsListener() bool     { return true }
func (d *wakeDriver) SupportsListenNotify() bool { return d.notify }
func (d *wakeDriver) GetListener(*riverdriver.GetListenenerParams) riverdriver.Listener {
	return d.listener
}

// insertTopic is River's topic for "jobs were inserted into a queue"; its
// payload names the queue.
const insertTopic = "river_insert"

// wakeListener implements riverdriver.Listener for River's notifier. River
// uses one per client, from one goroutine at a time.
type wakeListener struct {
	db    *sql.DB // to learn the schema that prefixes PostgreSQL channels
	dsn   string  // PostgreSQL connection string; "" on SQLite
	local chan struct{}

	mu     sync.Mutex
	pg     *pq.Listener
	prefix string // "schema." before each PostgreSQL channel name
	schema string
}

func newWakeListener(db *sql.DB, dsn string) *wakeListener {
	return &wakeListener{db: db, dsn: dsn, local: make(chan struct{}, 1)}
}

// wake tells the workers of this process that jobs are waiting. Wakes
// that come while one is pending are one wake.
func (l *wakeListener) wake() {
	select {
	case l.local <- struct{}{}:
	default:
	}
}

// listenerTimeout bounds a LISTEN or a ping when River's context has no
// deadline of its own.
const listenerTimeout = 10 * time.Second

func (l *wakeListener) Connect(ctx context.Context) error {
	if l.dsn == "" {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pg != nil {
		return errors.New("queue: listener already connected")
	}
	qctx, cancel := context.WithTimeout(ctx, listenerTimeout)
	defer cancel()
	var schema string
	if err := l.db.QueryRowContext(qctx, `SELECT coalesce(current_schema(), '')`).Scan(&schema); err != nil {
		return fmt.Errorf("queue: listener schema: %w", err)
	}
	l.schema, l.prefix = schema, ""
	if schema != "" {
		l.prefix = schema + "."
	}
	l.pg = pq.NewListener(l.dsn, 100*time.Millisecond, 10*time.Second, nil)
	return nil
}

func (l *wakeListener) Close(context.Context) error {
	l.mu.Lock()
	pg := l.pg
	l.pg = nil
	l.mu.Unlock()
	if pg == nil {
		return nil
	}
	return pg.Close()
}

// pgDo runs a blocking lib/pq listener call under ctx (lib/pq's listener
// takes no context): it returns ctx's error when ctx ends first.
func (l *wakeListener) pgDo(ctx context.Context, fn func(*pq.Listener) error) error {
	l.mu.Lock()
	pg := l.pg
	l.mu.Unlock()
	if pg == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, listenerTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- fn(pg) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *wakeListener) Listen(ctx context.Context, topic string) error {
	err := l.pgDo(ctx, func(pg *pq.Listener) error { return pg.Listen(l.prefix + topic) })
	if errors.Is(err, pq.ErrChannelAlreadyOpen) {
		return nil
	}
	return err
}

func (l *wakeListener) Unlisten(ctx context.Context, topic string) error {
	err := l.pgDo(ctx, func(pg *pq.Listener) error { return pg.Unlisten(l.prefix + topic) })
	if errors.Is(err, pq.ErrChannelNotOpen) {
		return nil
	}
	return err
}

func (l *wakeListener) Ping(ctx context.Context) error {
	return l.pgDo(ctx, func(pg *pq.Listener) error { return pg.Ping() })
}

func (l *wakeListener) Schema() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.schema
}

func (l *wakeListener) SetAfterConnectExec(string) {}

// WaitForNotification returns the next wake of this process or, on
// PostgreSQL, the next notification from any replica.
func (l *wakeListener) WaitForNotification(ctx context.Context) (*riverdriver.Notification, error) {
	l.mu.Lock()
	var pgc <-chan *pq.Notification
	if l.pg != nil {
		pgc = l.pg.NotificationChannel()
	}
	prefix := l.prefix
	l.mu.Unlock()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-l.local:
		return insertNotification(), nil
	case n, ok := <-pgc:
		if !ok {
			return nil, errors.New("queue: listener closed")
		}
		if n == nil {
			// lib/pq reconnected: notifications may have been missed
			// meanwhile, so look for jobs.
			return insertNotification(), nil
		}
		return &riverdriver.Notification{Topic: strings.TrimPrefix(n.Channel, prefix), Payload: n.Extra}, nil
	}
}

func insertNotification() *riverdriver.Notification {
	return &riverdriver.Notification{Topic: insertTopic, Payload: fmt.Sprintf(`{"queue":%q}`, river.QueueDefault)}
}
