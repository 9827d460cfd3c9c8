package queue_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/queue"
	"example.org/intake/store"
)

// TestJobRunsWithoutPolling: with the poll an hour apart, a job committed
// after the workers started runs only if the commit wakes them: in the
// same process on both databases, and on PostgreSQL also when another
// process (its own connection pool and an insert-only queue, as a replica
// or a command-line tool has) inserts it.
func TestJobRunsWithoutPolling(t *testing.T) {
	dbs := map[string]string{
		"sqlite":   "sqlite://" + filepath.Join(t.TempDir(), "intake.db"),
		"postgres": "",
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			url := dbs[name]
			if name == "postgres" {
				url = testpg.FreshDatabase(t)
			}
			st := itest.Store(t, url)
			w := &noteWorker{ran: map[int]bool{}}
			workers := river.NewWorkers()
			river.AddWorker(workers, w)
			q, err := queue.New(st, workers, queue.Options{TestOnly: true, PollInterval: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if err := q.Start(ctx); err != nil {
				t.Fatal(err)
			}
			defer q.Stop(context.Background())
			// Let River's first fetch at start go by (it found nothing).
			time.Sleep(300 * time.Millisecond)

			for n := 1; n <= 3; n++ {
				if err := st.WithTx(ctx, func(tx *store.Tx) error { return q.InsertTx(ctx, tx, noteArgs{N: n}) }); err != nil {
					t.Fatal(err)
				}
				took := eventually(t, 20*time.Second, "the job to run without a poll", func() bool { return w.has(n) })
				t.Logf("job %d inserted in this process ran %s after its commit", n, took.Round(time.Millisecond))
			}
			// A rolled-back insert wakes nobody and runs nothing.
			rollback := errors.New("rolled back")
			err = st.WithTx(ctx, func(tx *store.Tx) error {
				if err := q.InsertTx(ctx, tx, noteArgs{N: 4}); err != nil {
					return err
				}
				return rollback
			})
			if !errors.Is(err, rollback) {
				t.Fatalf("WithTx = %v, want the rollback", err)
			}
			if name != "postgres" {
				return
			}
			other := itest.Store(t, url)
			ins, err := queue.New(other, nil, queue.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := other.WithTx(ctx, func(tx *store.Tx) error { return ins.InsertTx(ctx, tx, noteArgs{N: 5}) }); err != nil {
				t.Fatal(err)
			}
			took := eventually(t, 20*time.Second, "the job another process inserted to run without a poll", func() bool { return w.has(5) })
			t.Logf("job inserted by another process ran %s after its commit", took.Round(time.Millisecond))
			if w.has(4) {
				t.Error("the job of a rolled-back transaction ran")
			}
		})
	}
}
