package store

import (
	"context"
	"fmt"
	"time"
)

// The statements below reach into River's own table, river_job, for the
// one thing River's API cannot do: run again at once a job whose process
// died while running it (River's rescuer waits for RescueStuckJobsAfter,
// minutes, because it cannot tell a dead process from a slow one). The
// job goes back to "available" as it is; River counts the attempt when it
// runs it, and the send worker's Sent check covers an attempt that got as
// far as the server.

// RescueAllRunningJobs makes every running job available now. It is for
// SQLite, where only one process can use the database: before that
// process starts working, any job still marked running belongs to a
// process that is gone. It returns how many jobs were rescued.
func (s *Store) RescueAllRunningJobs(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, rebind(s.dialect,
		`UPDATE river_job SET state = 'available', scheduled_at = ? WHERE state = 'running'`), now.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: rescue running jobs: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// QueueHeartbeat records that the queue client id is alive, by the
// database's clock (clients on several machines then agree on it).
func (s *Store) QueueHeartbeat(ctx context.Context, id string) error {
	q := `INSERT INTO queue_clients (client_id, started_at, heartbeat_at) VALUES ($1, now(), now())
		ON CONFLICT (client_id) DO UPDATE SET heartbeat_at = now()`
	if s.dialect == SQLite {
		q = `INSERT INTO queue_clients (client_id, started_at, heartbeat_at) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
		ON CONFLICT (client_id) DO UPDATE SET heartbeat_at = CURRENT_TIMESTAMP`
	}
	if _, err := s.db.ExecContext(ctx, q, id); err != nil {
		return fmt.Errorf("store: queue heartbeat: %w", err)
	}
	return nil
}

// QueueClientGone removes id's heartbeat (a clean shutdown).
func (s *Store) QueueClientGone(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, rebind(s.dialect, `DELETE FROM queue_clients WHERE client_id = ?`), id); err != nil {
		return fmt.Errorf("store: queue client gone: %w", err)
	}
	return nil
}

// RescueJobsOfDeadClients makes available now every running job whose
// latest attempt belongs to a client with no heartbeat within lapse, and
// that has been running for longer than lapse (so a client that has just
// started, and not yet beaten, keeps its jobs). PostgreSQL only; with
// SQLite there is one process and RescueAllRunningJobs at start. It also
// forgets clients silent for an hour. It returns how many jobs were
// rescued.
func (s *Store) RescueJobsOfDeadClients(ctx context.Context, lapse time.Duration) (int, error) {
	if s.dialect != Postgres {
		return 0, nil
	}
	secs := lapse.Seconds()
	res, err := s.db.ExecContext(ctx, `
		UPDATE river_job SET state = 'available', scheduled_at = now()
		WHERE state = 'running'
			AND attempted_at < now() - make_interval(secs => $1)
			AND NOT EXISTS (SELECT 1 FROM queue_clients q
				WHERE q.client_id = river_job.attempted_by[array_length(river_job.attempted_by, 1)]
					AND q.heartbeat_at >= now() - make_interval(secs => $1))`, secs)
	if err != nil {
		return 0, fmt.Errorf("store: rescue jobs of dead clients: %w", err)
	}
	n, _ := res.RowsAffected()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM queue_clients WHERE heartbeat_at < now() - interval '1 hour'`); err != nil {
		return int(n), fmt.Errorf("store: forget dead queue clients: %w", err)
	}
	return int(n), nil
}

// LiveQueueClients counts the clients (replicas) that beat within lapse,
// by the database's clock; at least 1. SQLite has one process: 1.
func (s *Store) LiveQueueClients(ctx context.Context, lapse time.Duration) (int, error) {
	if s.dialect != Postgres {
		return 1, nil
	}
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT COUNT(*) FROM queue_clients WHERE heartbeat_at >= now() - make_interval(secs => $1)`, lapse.Seconds())
	if err != nil {
		return 0, fmt.Errorf("store: count live queue clients: %w", err)
	}
	return max(n, 1), nil
}
