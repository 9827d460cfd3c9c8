package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/store"
)

// ReduceErased reduces intake's own copies of the mail of requesters whose
// erasure was carried out, once grace has passed since the case closed: the
// raw messages, the draft and the names go, and what stays is an audit
// record (case reference, dates, kind, outcome, DPO reference, who
// approved). It returns how many cases it reduced.
func (s *Service) ReduceErased(ctx context.Context, grace time.Duration) (int, error) {
	now := s.opts.Now()
	ids, err := s.opts.Store.ErasedCasesToReduce(ctx, now.Add(-grace))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range ids {
		err := s.change(ctx, ref, ActReduce, systemActor, func(tx *store.Tx, c *store.Case) (string, error) {
			if err := tx.ReduceCaseMail(ctx, c.ID); err != nil {
				return "", err
			}
			c.RequesterName, c.ReplyToAddr, c.DraftText, c.DraftSubject = "", "", "", ""
			c.ReducedAt = sql.NullTime{Time: now, Valid: true}
			return fmt.Sprintf("personal data reduced to an audit record %s after the erasure", grace), nil
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ReduceArgs is the periodic job that runs ReduceErased.
type ReduceArgs struct{}

// Kind names the job in River's table.
func (ReduceArgs) Kind() string { return "reduce_erased" }

// ReduceWorker runs ReduceErased with a grace period.
type ReduceWorker struct {
	river.WorkerDefaults[ReduceArgs]
	Service *Service
	Grace   time.Duration
}

// Work reduces what is due.
func (w *ReduceWorker) Work(ctx context.Context, job *river.Job[ReduceArgs]) error {
	_, err := w.Service.ReduceErased(ctx, w.Grace)
	return err
}

// ReducePeriodicJob runs the reduction every interval; it also runs at
// start, so a daemon that was down catches up.
func ReducePeriodicJob(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return ReduceArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})
}
