package outbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// SweepOptions configures a Sweeper. Zero values take the defaults noted.
type SweepOptions struct {
	// ProbeEvery is how often, while every waiting letter is backing off
	// for longer, the one due soonest is tried at once, to find out that
	// mail flows again (default 15s).
	ProbeEvery time.Duration
	// SweepEvery is how often messages still to send are matched with
	// live jobs (default 1m).
	SweepEvery time.Duration
	// Grace is how old an unsent message must be before the sweep looks
	// at it (default 1m): its job is inserted with it, so a younger one
	// is in no doubt.
	Grace time.Duration
}

// Sweeper keeps the outbox moving around River's back-off:
//   - after a temporary failure, once a send succeeds again, every letter
//     waiting out its back-off is made due at once; while none is due
//     soon, one is tried every ProbeEvery to find out;
//   - every SweepEvery, a message queued or sending with no live job
//     behind it (its job was cancelled, discarded or lost) is queued
//     again, or given up when its budget is spent.
type Sweeper struct {
	w      *Worker
	client *river.Client[*sql.Tx]
	opts   SweepOptions
	log    *slog.Logger
}

// NewSweeper returns the sweeper for w's jobs on client.
func (w *Worker) NewSweeper(client *river.Client[*sql.Tx], opts SweepOptions) *Sweeper {
	if opts.ProbeEvery <= 0 {
		opts.ProbeEvery = 15 * time.Second
	}
	if opts.SweepEvery <= 0 {
		opts.SweepEvery = time.Minute
	}
	if opts.Grace <= 0 {
		opts.Grace = time.Minute
	}
	return &Sweeper{w: w, client: client, opts: opts, log: w.opts.Logger.With("component", "outbox-sweep")}
}

// Run works until ctx is done. A panic is logged and the loop starts
// again after a pause.
func (s *Sweeper) Run(ctx context.Context) {
	for ctx.Err() == nil {
		s.loop(ctx)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second + rand.N(time.Second)):
		}
	}
}

func (s *Sweeper) loop(ctx context.Context) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("outbox sweep panicked", "panic", p, "stack", string(debug.Stack()))
		}
	}()
	probe := time.NewTicker(s.opts.ProbeEvery)
	defer probe.Stop()
	sweep := time.NewTicker(s.opts.SweepEvery)
	defer sweep.Stop()
	// Flushes are at least ProbeEvery apart: under a storm of 451s (or a
	// rate limit) every success would otherwise send every waiting letter
	// straight back to the server.
	var lastFlush time.Time
	pending := false
	for {
		var err error
		select {
		case <-ctx.Done():
			return
		case <-s.w.flows:
			if time.Since(lastFlush) < s.opts.ProbeEvery {
				pending = true
				continue
			}
			lastFlush = time.Now()
			err = s.Flush(ctx)
		case <-probe.C:
			if pending {
				pending, lastFlush = false, time.Now()
				err = s.Flush(ctx)
				break
			}
			err = s.Probe(ctx)
		case <-sweep.C:
			err = s.Sweep(ctx)
		}
		if err != nil && ctx.Err() == nil {
			s.log.Warn("outbox sweep", "error", err)
		}
	}
}

// waiting lists send jobs backing off after a failure, due soonest first.
func (s *Sweeper) waiting(ctx context.Context, n int) ([]*rivertype.JobRow, error) {
	res, err := s.client.JobList(ctx, river.NewJobListParams().Kinds(SendArgs{}.Kind()).
		States(rivertype.JobStateRetryable).OrderBy(river.JobListOrderByScheduledAt, river.SortOrderAsc).First(n))
	if err != nil {
		return nil, fmt.Errorf("outbox: list waiting send jobs: %w", err)
	}
	return res.Jobs, nil
}

// Flush makes every send job that is backing off due now.
func (s *Sweeper) Flush(ctx context.Context) error {
	jobs, err := s.waiting(ctx, 10000)
	if err != nil {
		return err
	}
	n := 0
	for _, j := range jobs {
		if _, err := s.client.JobRetry(ctx, j.ID); err != nil {
			return fmt.Errorf("outbox: retry job %d now: %w", j.ID, err)
		}
		n++
	}
	if n > 0 {
		s.log.Info("mail flows again; letters waiting to retry are due now", "letters", n)
	}
	return nil
}

// Probe tries the waiting letter due soonest at once when none is due
// within ProbeEvery: a success then flushes the rest.
func (s *Sweeper) Probe(ctx context.Context) error {
	jobs, err := s.waiting(ctx, 1)
	if err != nil || len(jobs) == 0 {
		return err
	}
	if time.Until(jobs[0].ScheduledAt) <= s.opts.ProbeEvery {
		return nil
	}
	if _, err := s.client.JobRetry(ctx, jobs[0].ID); err != nil {
		return fmt.Errorf("outbox: probe with job %d: %w", jobs[0].ID, err)
	}
	return nil
}

// Sweep queues again every message still to send that has no live job,
// or gives it up when its budget is spent.
func (s *Sweeper) Sweep(ctx context.Context) error {
	st := s.w.opts.Store
	now := s.w.opts.Now()
	unsent, err := st.UnsentOutbound(ctx, now.Add(-s.opts.Grace))
	if err != nil || len(unsent) == 0 {
		return err
	}
	// Read the jobs after the messages: a message sent in between shows
	// as unsent without a job and gets a job that finds it sent, which is
	// harmless; the other order could miss a job.
	live := map[int64]bool{}
	params := river.NewJobListParams().Kinds(SendArgs{}.Kind()).States(liveStates...).First(10000)
	for {
		res, err := s.client.JobList(ctx, params)
		if err != nil {
			return fmt.Errorf("outbox: list live send jobs: %w", err)
		}
		for _, j := range res.Jobs {
			var a SendArgs
			if err := json.Unmarshal(j.EncodedArgs, &a); err == nil {
				live[a.OutboundID] = true
			}
		}
		if len(res.Jobs) < 10000 || res.LastCursor == nil {
			break
		}
		params = params.After(res.LastCursor)
	}
	var errs []error
	for i := range unsent {
		ob := &unsent[i]
		if live[ob.ID] {
			continue
		}
		if now.Sub(ob.CreatedAt) >= s.w.opts.RetryBudget {
			c, err := s.w.caseOf(ctx, ob)
			if err == nil {
				err = s.w.giveUp(ctx, c, ob, ob.Attempts, errors.New("outbox: no job was left to send it"))
			}
			errs = append(errs, err)
			s.log.Error("a message with no job left was past its retry budget; given up", "outbound", ob.ID)
			continue
		}
		if _, err := s.client.Insert(ctx, SendArgs{OutboundID: ob.ID}, nil); err != nil {
			errs = append(errs, fmt.Errorf("outbox: queue message %d again: %w", ob.ID, err))
			continue
		}
		s.log.Warn("a message to send had no job; queued again", "outbound", ob.ID, "state", ob.State)
	}
	return errors.Join(errs...)
}
