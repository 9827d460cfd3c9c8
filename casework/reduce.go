package casework

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// Reduced counts the cases one sweep reduced to an audit record.
type Reduced struct {
	Erased  int // accepted erasures, after the erasure grace
	Expired int // any other closed case, after the retention period
}

// Reduce reduces every closed case whose time is up under the service's
// retention (config retention.erasure_grace and retention.closed_cases)
// to an audit record. It returns how many it reduced.
func (s *Service) Reduce(ctx context.Context) (Reduced, error) {
	now := s.opts.Now()
	return s.reduce(ctx, now.Add(-s.opts.Retention.ErasureGrace.Duration), s.opts.Retention.ClosedCases.Before(now))
}

// ReduceErased reduces only accepted erasures closed more than grace ago.
// It returns how many cases it reduced.
func (s *Service) ReduceErased(ctx context.Context, grace time.Duration) (int, error) {
	r, err := s.reduce(ctx, s.opts.Now().Add(-grace), time.Time{})
	return r.Erased + r.Expired, err
}

// reduce is the one rule of what intake keeps of a case once its time is
// up: the raw messages, the letters, the files, the draft and the names
// go; what stays is an audit record (case reference, dates, kind, outcome,
// DPO reference, who approved, the events without what they quoted), and
// the event saying so is the audit-trail entry. Accepted erasures closed
// before erasedBefore and every case closed before closedBefore are
// reduced.
func (s *Service) reduce(ctx context.Context, erasedBefore, closedBefore time.Time) (Reduced, error) {
	var n Reduced
	refs, err := s.opts.Store.CasesToReduce(ctx, erasedBefore, closedBefore)
	if err != nil {
		return n, err
	}
	for _, ref := range refs {
		erased := false
		err := s.change(ctx, ref, ActReduce, systemActor, func(tx *store.Tx, c *store.Case) (string, error) {
			now := s.opts.Now()
			erased = c.Outcome == OutcomeErased && c.ClosedAt.Valid && c.ClosedAt.Time.Before(erasedBefore)
			stub, detail := "[removed: this case was closed on "+closedOn(c)+" and its retention period has ended]",
				"personal data reduced to an audit record: the retention period of closed cases has ended"
			if erased {
				stub = "[removed after the requester's personal data was erased]"
				detail = fmt.Sprintf("personal data reduced to an audit record %s after the erasure", now.Sub(c.ClosedAt.Time).Round(time.Hour))
			}
			if err := tx.ReduceCaseMail(ctx, c.ID, stub); err != nil {
				return "", err
			}
			c.RequesterName, c.ReplyToAddr, c.DraftText, c.DraftSubject = "", "", "", ""
			c.ReducedAt = sql.NullTime{Time: now, Valid: true}
			return detail, nil
		})
		if err != nil {
			return n, err
		}
		if erased {
			n.Erased++
		} else {
			n.Expired++
		}
	}
	if n.Erased+n.Expired > 0 {
		s.opts.Logger.Info("closed cases reduced to an audit record", "erased", n.Erased, "retention_ended", n.Expired)
	}
	return n, nil
}

func closedOn(c *store.Case) string {
	if !c.ClosedAt.Valid {
		return "an unknown date"
	}
	return deadline.DateOf(c.ClosedAt.Time).String()
}

// ReduceArgs is the periodic job that runs Reduce.
type ReduceArgs struct{}

// Kind names the job in River's table.
func (ReduceArgs) Kind() string { return "reduce_erased" }

// InsertOpts: as for the chaser's sweep, a failed reduction is not worth
// many retries; the next one is an hour away.
func (ReduceArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 3} }

// ReduceWorker runs Reduce.
type ReduceWorker struct {
	river.WorkerDefaults[ReduceArgs]
	Service *Service
}

// Work reduces what is due.
func (w *ReduceWorker) Work(ctx context.Context, job *river.Job[ReduceArgs]) error {
	_, err := w.Service.Reduce(ctx)
	return err
}

// ReducePeriodicJob runs the reduction every interval on one replica (River's
// leader inserts periodic jobs); it also runs at start, so a daemon that was
// down catches up.
func ReducePeriodicJob(interval time.Duration) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(interval),
		func() (river.JobArgs, *river.InsertOpts) { return ReduceArgs{}, nil },
		&river.PeriodicJobOpts{ID: "reduce_erased", RunOnStart: true})
}
