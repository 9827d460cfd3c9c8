// Package queue owns intake's durable background work: a River client over
// the same database as the cases, so that a job is inserted in the same
// transaction as the case change that causes it and survives any crash.
package queue

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
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
	// 200ms). River's LISTEN/NOTIFY needs pgx; over lib/pq and SQLite River
	// polls, so this bounds how long a queued message waits.
	PollInterval time.Duration
	Logger       *slog.Logger
	// TestOnly turns off River's staggered start of maintenance services.
	TestOnly bool
}

// Queue is a River client bound to a store. A Queue made by New with no
// workers can only insert jobs (for command-line tools).
type Queue struct {
	client *river.Client[*sql.Tx]
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
	var driver riverdriver.Driver[*sql.Tx]
	switch s.Dialect() {
	case store.Postgres:
		driver = riverdatabasesql.New(s.DB())
	default:
		driver = riversqlite.New(s.DB())
	}
	cfg := &river.Config{
		Logger:               opts.Logger.With("component", "queue"),
		MaxAttempts:          opts.MaxAttempts,
		JobTimeout:           opts.JobTimeout,
		RescueStuckJobsAfter: opts.RescueAfter,
		FetchCooldown:        min(50*time.Millisecond, opts.PollInterval),
		FetchPollInterval:    opts.PollInterval,
		PollOnly:             true,
		TestOnly:             opts.TestOnly,
	}
	if workers != nil {
		cfg.Workers = workers
		cfg.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: opts.Workers}}
	}
	c, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{client: c}, nil
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
	return nil
}

// Start begins working jobs. It returns at once; Stop ends the work.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	return nil
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
	if err != nil {
		return fmt.Errorf("queue: stop: %w", err)
	}
	return nil
}

// Client exposes the River client for subscriptions in tests and for
// inspection tools.
func (q *Queue) Client() *river.Client[*sql.Tx] { return q.client }
