package queue_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/queue"
	"example.org/intake/store"
)

type noteArgs struct {
	N int `json:"n"`
}

func (noteArgs) Kind() string { return "test_note" }

// noteWorker records which jobs ran.
type noteWorker struct {
	river.WorkerDefaults[noteArgs]
	mu  sync.Mutex
	ran map[int]bool
}

func (w *noteWorker) Work(_ context.Context, j *river.Job[noteArgs]) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.ran[j.Args.N] = true
	return nil
}

func (w *noteWorker) has(n int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.ran[n]
}

// insert queues job n and marks it running for client, as a process that
// died in the middle of it leaves it.
func insert(t *testing.T, st *store.Store, q *queue.Queue, n int, client string) {
	t.Helper()
	ctx := context.Background()
	err := st.WithTx(ctx, func(tx *store.Tx) error { return q.InsertTx(ctx, tx, noteArgs{N: n}) })
	if err != nil {
		t.Fatal(err)
	}
	var jobID int64
	if err := st.DB().QueryRowContext(ctx, `SELECT max(id) FROM river_job`).Scan(&jobID); err != nil {
		t.Fatal(err)
	}
	q1 := `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = $1, attempted_by = $2 WHERE id = $3`
	args := []any{time.Now().Add(-time.Minute).UTC(), "{" + client + "}", jobID}
	if st.Dialect() == store.SQLite {
		q1 = `UPDATE river_job SET state = 'running', attempt = 1, attempted_at = ?, attempted_by = json(?) WHERE id = ?`
		args[1] = `["` + client + `"]`
	}
	if _, err := st.DB().ExecContext(ctx, q1, args...); err != nil {
		t.Fatal(err)
	}
}

func start(t *testing.T, st *store.Store, w *noteWorker, opts queue.Options) *queue.Queue {
	t.Helper()
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	opts.TestOnly, opts.PollInterval = true, 50*time.Millisecond
	q, err := queue.New(st, workers, opts)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	began := time.Now()
	for !cond() {
		if time.Since(began) > timeout {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(began)
}

// TestSQLiteRestartRunsWhatTheDeadProcessLeft (issue 10, failure 7): with
// SQLite, every job still marked running when the queue starts was left by
// a process that died, and runs at once, not after RescueAfter (5m).
func TestSQLiteRestartRunsWhatTheDeadProcessLeft(t *testing.T) {
	st := itest.Store(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	w := &noteWorker{ran: map[int]bool{}}
	q := start(t, st, w, queue.Options{})
	insert(t, st, q, 1, "dead.1.aaaa")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())
	took := eventually(t, 10*time.Second, "the job left running to run", func() bool { return w.has(1) })
	t.Logf("job left running ran %s after start", took.Round(time.Millisecond))
}

// TestPostgresDeadClientsJobsRunAgain: with PostgreSQL, several processes
// may work the queue. A job whose client's heartbeat has lapsed runs again
// within seconds; a job of a client that still beats is left alone, however
// long it runs.
func TestPostgresDeadClientsJobsRunAgain(t *testing.T) {
	st := itest.Store(t, testpg.FreshDatabase(t))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A slow client, alive: it beats throughout the test.
	if err := st.QueueHeartbeat(ctx, "slow.2.bbbb"); err != nil {
		t.Fatal(err)
	}
	go func() {
		for ctx.Err() == nil {
			_ = st.QueueHeartbeat(ctx, "slow.2.bbbb")
			time.Sleep(100 * time.Millisecond)
		}
	}()
	w := &noteWorker{ran: map[int]bool{}}
	lapse := time.Second
	q := start(t, st, w, queue.Options{HeartbeatEvery: 200 * time.Millisecond, HeartbeatLapse: lapse})
	insert(t, st, q, 1, "dead.1.aaaa") // never beat at all
	insert(t, st, q, 2, "slow.2.bbbb")
	// A client that beat until a moment ago, then died.
	if err := st.QueueHeartbeat(ctx, "dying.3.cccc"); err != nil {
		t.Fatal(err)
	}
	insert(t, st, q, 3, "dying.3.cccc")
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())
	took := eventually(t, 10*time.Second, "the dead clients' jobs to run", func() bool { return w.has(1) && w.has(3) })
	t.Logf("jobs of dead clients ran %s after start (heartbeat lapse %s)", took.Round(time.Millisecond), lapse)
	time.Sleep(3 * lapse)
	if w.has(2) {
		t.Error("the job of a client that still beats was run a second time")
	}
}

// TestReplicasCounted: a client on PostgreSQL learns how many replicas
// beat on its database, and again when one stops.
func TestReplicasCounted(t *testing.T) {
	url := testpg.FreshDatabase(t)
	var mu sync.Mutex
	var seen []int
	last := func() int {
		mu.Lock()
		defer mu.Unlock()
		if len(seen) == 0 {
			return 0
		}
		return seen[len(seen)-1]
	}
	opts := queue.Options{HeartbeatEvery: 100 * time.Millisecond, HeartbeatLapse: 500 * time.Millisecond,
		OnReplicas: func(n int) { mu.Lock(); seen = append(seen, n); mu.Unlock() }}
	a := start(t, itest.Store(t, url), &noteWorker{ran: map[int]bool{}}, opts)
	opts.OnReplicas = nil
	b := start(t, itest.Store(t, url), &noteWorker{ran: map[int]bool{}}, opts)
	ctx := context.Background()
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Stop(ctx)
	eventually(t, 10*time.Second, "one replica counted", func() bool { return last() == 1 })
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "two replicas counted", func() bool { return last() == 2 })
	if err := b.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "one replica again after the other stopped", func() bool { return last() == 1 })
}
