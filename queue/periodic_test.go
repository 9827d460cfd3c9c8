package queue_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"example.org/intake/internal/testpg"
	"example.org/intake/queue"
	"example.org/intake/store"
)

type tickArgs struct{}

func (tickArgs) Kind() string { return "test_tick" }

type tickWorker struct {
	river.WorkerDefaults[tickArgs]
	runs *atomic.Int64
}

func (w *tickWorker) Work(context.Context, *river.Job[tickArgs]) error {
	w.runs.Add(1)
	return nil
}

// TestPeriodicJobRunsOncePerPeriodAcrossReplicas starts three queues on
// one PostgreSQL database, each with the same periodic job (the way every
// replica adds the chaser sweep), and checks that the job is inserted once
// per period, not once per replica: River lets only its elected leader
// enqueue periodic jobs.
func TestPeriodicJobRunsOncePerPeriodAcrossReplicas(t *testing.T) {
	url := testpg.FreshDatabase(t)
	ctx := context.Background()
	const (
		replicas = 3
		period   = 300 * time.Millisecond
		runFor   = 3 * time.Second
	)
	var runs atomic.Int64
	var queues []*queue.Queue
	for range replicas {
		st, err := store.OpenURL(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		workers := river.NewWorkers()
		river.AddWorker(workers, &tickWorker{runs: &runs})
		q, err := queue.New(st, workers, queue.Options{TestOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		q.Client().PeriodicJobs().Add(river.NewPeriodicJob(river.PeriodicInterval(period),
			func() (river.JobArgs, *river.InsertOpts) { return tickArgs{}, nil },
			&river.PeriodicJobOpts{ID: "test_tick", RunOnStart: true}))
		queues = append(queues, q)
	}
	for _, q := range queues {
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(runFor)
	for _, q := range queues {
		if err := q.Stop(ctx); err != nil {
			t.Fatal(err)
		}
	}
	res, err := queues[0].Client().JobList(ctx, river.NewJobListParams().Kinds("test_tick").
		States(rivertype.JobStateAvailable, rivertype.JobStateCompleted, rivertype.JobStateRunning, rivertype.JobStateScheduled).First(1000))
	if err != nil {
		t.Fatal(err)
	}
	inserted := len(res.Jobs)
	perPeriod := int(runFor/period) + 1 // the run on start, then one a period
	t.Logf("%d replicas over %s with a %s period: %d jobs inserted, %d run", replicas, runFor, period, inserted, runs.Load())
	if inserted == 0 || inserted > perPeriod+1 {
		t.Errorf("%d periodic jobs inserted, want 1..%d (once per period, not once per replica)", inserted, perPeriod+1)
	}
}
