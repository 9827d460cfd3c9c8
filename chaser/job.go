package chaser

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// SweepArgs is the periodic job that runs one Sweep.
type SweepArgs struct{}

// Kind names the job in River's table.
func (SweepArgs) Kind() string { return "chase_sweep" }

// InsertOpts: a failed sweep is not worth many retries, the next one is
// minutes away.
func (SweepArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// Worker is the River worker for SweepArgs.
type Worker struct {
	river.WorkerDefaults[SweepArgs]
	ch *Chaser
}

// NewWorker returns the sweep worker for ch.
func NewWorker(ch *Chaser) *Worker { return &Worker{ch: ch} }

// Work runs one sweep at the chaser's clock.
func (w *Worker) Work(ctx context.Context, _ *river.Job[SweepArgs]) error {
	res, err := w.ch.Sweep(ctx, w.ch.opts.Now())
	if err != nil {
		return err
	}
	if res.Queued > 0 || res.Digest || res.MarkedOverdue > 0 || res.ClearedOverdue > 0 {
		w.ch.opts.Logger.Info("chase sweep", "queued", res.Queued, "digest", res.Digest,
			"overdue_marked", res.MarkedOverdue, "overdue_cleared", res.ClearedOverdue)
	}
	return nil
}

// PeriodicJob runs a sweep every interval, and once when the queue starts
// so that a restart catches up at once.
func PeriodicJob(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return SweepArgs{}, nil },
		&river.PeriodicJobOpts{ID: "chase_sweep", RunOnStart: true})
}
