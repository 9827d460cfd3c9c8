// Package queue owns intake's durable background work: a River client over
// the same database as the cases, so that a job is inserted in the same
// transaction as the case change that causes it and survives any crash.
package queue

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"

	"example.org/intake/store"
)

// Options configures the queue. Zero values take the defaults noted.
type Options struct {
	// Workers is how many jobs run at once (default 4).
	Workers int
	// MaxAttempts is how many times a failing job is tried before it is
	// given up (default 20, which with River's backoff spans about two days).
	MaxAttempts int
	// JobTimeout bounds one run of a job (default 2 minutes, or RescueAfter
	// when that is shorter).
	JobTimeout time.Duration
	// RescueAfter is how long a job may stay running before it is taken to
	// have died with its process and is run again (default 5 minutes; never
	// less than JobTimeout).
	RescueAfter time.Duration
	// PollInterval is how often idle workers look for new jobs (default
	// 200ms). It is the fallback only: a committed insert wakes the workers
	// of this process at once, and on PostgreSQL those of every replica
	// (see wakeDriver).
	PollInterval time.Duration
	Logger       *slog.Logger
	// TestOnly turns off River's staggered start of maintenance services.
	TestOnly bool
	// HeartbeatEvery is how often a working client records that it is
	// alive (PostgreSQL; default 2s), and HeartbeatLapse how long without
	// a heartbeat makes it dead (default 10s): its running jobs are then
	// run again by any live client, instead of after RescueAfter.
	HeartbeatEvery, HeartbeatLapse time.Duration
	// OnReplicas, when set, is told the number of live clients (replicas)
	// on the database after each heartbeat that finds it changed
	// (PostgreSQL; with SQLite there is one).
	OnReplicas func(n int)
}

// Queue is a River client bound to a store. A Queue made by New with no
// workers can only insert jobs (for command-line tools).
type Queue struct {
	client *river.Client[*sql.Tx]
	wake   *wakeListener
	store  *store.Store
	opts   Options
	id     string
	stop   context.CancelFunc
	done   chan struct{}
	// replicas is the live client count last told to OnReplicas.
	replicas int
}

// New builds the River client. Workers may be nil for an insert-only client.
func New(s *store.Store, workers *river.Workers, opts Options) (*Queue, error) {
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 20
	}
	if opts.RescueAfter <= 0 {
		opts.RescueAfter = 5 * time.Minute
	}
	if opts.JobTimeout <= 0 {
		opts.JobTimeout = min(2*time.Minute, opts.RescueAfter)
	}
	// River refuses a rescue time shorter than the job timeout: a job could
	// then be rescued while it is still legitimately running.
	opts.RescueAfter = max(opts.RescueAfter, opts.JobTimeout)
	if opts.PollInterval <= 0 {
		opts.PollInterval = 200 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.HeartbeatEvery <= 0 {
		opts.HeartbeatEvery = 2 * time.Second
	}
	if opts.HeartbeatLapse <= 0 {
		opts.HeartbeatLapse = 10 * time.Second
	}
	opts.HeartbeatLapse = max(opts.HeartbeatLapse, 3*opts.HeartbeatEvery)
	wake := newWakeListener(s.DB(), s.PostgresDSN())
	driver := &wakeDriver{listener: wake}
	switch s.Dialect() {
	case store.Postgres:
		driver.Driver, driver.notify = riverdatabasesql.New(s.DB()), true
	default:
		driver.Driver = riversqlite.New(s.DB())
	}
	id := clientID()
	cfg := &river.Config{
		ID:                   id,
		Logger:               opts.Logger.With("component", "queue"),
		MaxAttempts:          opts.MaxAttempts,
		JobTimeout:           opts.JobTimeout,
		RescueStuckJobsAfter: opts.RescueAfter,
		// The cooldown spaces fetches under load and delays a wake that
		// comes just after a fetch by at most this much.
		FetchCooldown:     min(fetchCooldown, opts.PollInterval),
		FetchPollInterval: opts.PollInterval,
		TestOnly:          opts.TestOnly,
	}
	if workers != nil {
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}}
	}
	c, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{client: c, wake: wake, store: s, opts: opts, id: id}, nil
}

// fetchCooldown is the shortest time between two fetches of jobs.
const fetchCooldown = 5 * time.Millisecond

// clientID names this process's River client, unique across processes
// sharing a database: host, process id and a random part.
func clientID() string {
	host, _ := os.Hostname()
	if len(host) > 60 {
		host = host[:60]
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s.%d.%s", host, os.Getpid(), hex.EncodeToString(b))
}

// InsertTx queues jobs in tx: they exist exactly when tx commits.
func (q *Queue) InsertTx(ctx context.Context, tx *store.Tx, args ...river.JobArgs) error {
	if len(args) == 0 {
		return nil
	}
	params := make([]river.InsertManyParams, len(args))
	for i, a := range args {
		params[i] = river.InsertManyParams{Args: a}
	}
	if _, err := q.client.InsertManyTx(ctx, tx.SQL(), params); err != nil {
		return fmt.Errorf("queue: insert jobs: %w", err)
	}
	tx.AfterCommit(q.wake.wake)
	return nil
}

// Start begins working jobs. It returns at once; Stop ends the work.
//
// Jobs left running by a process that died are run again within seconds,
// not after RescueAfter: with SQLite only one process works the queue, so
// at start every job still marked running is such a job and is made
// available before work begins; with PostgreSQL each client beats every
// HeartbeatEvery, and the running jobs of a client silent for
// HeartbeatLapse are made available by any live one.
func (q *Queue) Start(ctx context.Context) error {
	if q.store.Dialect() == store.Postgres {
		if err := q.store.QueueHeartbeat(ctx, q.id); err != nil {
			return fmt.Errorf("queue: start: %w", err)
		}
	} else {
		n, err := q.store.RescueAllRunningJobs(ctx, time.Now())
		if err != nil {
			return fmt.Errorf("queue: start: %w", err)
		}
		if n > 0 {
			q.opts.Logger.Warn("jobs left running by a process that stopped are run again", "jobs", n)
		}
	}
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	if q.store.Dialect() == store.Postgres {
		hctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		q.stop, q.done = cancel, make(chan struct{})
		go q.heartbeat(hctx)
	}
	return nil
}

// heartbeat records this client as alive and rescues the jobs of dead
// ones until ctx is done. A panic is logged and the loop goes on.
func (q *Queue) heartbeat(ctx context.Context) {
	defer close(q.done)
	t := time.NewTicker(q.opts.HeartbeatEvery)
	defer t.Stop()
	log := q.opts.Logger.With("component", "queue")
	for {
		q.beat(ctx, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (q *Queue) beat(ctx context.Context, log *slog.Logger) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("queue heartbeat panicked", "panic", p)
		}
	}()
	bctx, cancel := context.WithTimeout(ctx, q.opts.HeartbeatEvery)
	defer cancel()
	if err := q.store.QueueHeartbeat(bctx, q.id); err != nil {
		if ctx.Err() == nil {
			log.Warn("queue heartbeat failed", "error", err)
		}
		return
	}
	if q.opts.OnReplicas != nil {
		if live, err := q.store.LiveQueueClients(bctx, q.opts.HeartbeatLapse); err != nil {
			if ctx.Err() == nil {
				log.Warn("counting the replicas failed", "error", err)
			}
		} else if live != q.replicas {
			q.replicas = live
			q.opts.OnReplicas(live)
		}
	}
	n, err := q.store.RescueJobsOfDeadClients(bctx, q.opts.HeartbeatLapse)
	if err != nil && ctx.Err() == nil {
		log.Warn("rescuing the jobs of stopped processes failed", "error", err)
	}
	if n > 0 {
		log.Warn("jobs left running by a process that stopped are run again", "jobs", n)
	}
}

// Stop stops fetching new jobs and waits for running ones until ctx is done,
// then cancels what is still running: the first phase lets a send in
// progress finish, the second bounds how long shutdown can take.
func (q *Queue) Stop(ctx context.Context) error {
	err := q.client.Stop(ctx)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		hard, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = q.client.StopAndCancel(hard)
	}
	if q.stop != nil {
		q.stop()
		<-q.done
		q.stop = nil
		gctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if gerr := q.store.QueueClientGone(gctx, q.id); gerr != nil {
			q.opts.Logger.Warn("could not remove the queue heartbeat", "error", gerr)
		}
		cancel()
	}
	if err != nil {
		return fmt.Errorf("queue: stop: %w", err)
	}
	return nil
}

// Client exposes the River client for subscriptions in tests and for
// inspection tools.
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }
