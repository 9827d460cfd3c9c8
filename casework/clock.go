package casework

import (
	"context"
	"fmt"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// Clock computes a case's deadline from its start date, its recorded
// pauses and its extension: the due date is never stored as a loose number
// but recomputed whenever one of those changes.
func (s *Service) Clock(c *store.Case, pauses []store.Pause) (deadline.Result, error) {
	start, err := deadline.ParseDate(c.StartDate)
	if err != nil {
		return deadline.Result{}, fmt.Errorf("casework: case %s start date: %w", c.Ref, err)
	}
	cal, err := deadline.ParseCalendar(c.Calendar)
	if err != nil {
		return deadline.Result{}, fmt.Errorf("casework: case %s: %w", c.Ref, err)
	}
	in := deadline.Input{Start: start, Calendar: cal, ExtraHolidays: s.opts.Holidays, Extended: c.Extended}
	if c.Kind == "complaint" {
		in.Rule = deadline.RuleComplaint
	}
	for _, p := range pauses {
		from, err := deadline.ParseDate(p.From)
		if err != nil {
			return deadline.Result{}, fmt.Errorf("casework: case %s pause: %w", c.Ref, err)
		}
		dp := deadline.Pause{From: from, Reason: p.Reason}
		if p.To != "" {
			if dp.To, err = deadline.ParseDate(p.To); err != nil {
				return deadline.Result{}, fmt.Errorf("casework: case %s pause: %w", c.Ref, err)
			}
		}
		in.Pauses = append(in.Pauses, dp)
	}
	return deadline.Compute(in)
}

// refreshDue recomputes c.DueDate from the recorded pauses and extension
// and records the computation on the timeline.
func (s *Service) refreshDue(ctx context.Context, tx *store.Tx, c *store.Case) error {
	pauses, err := tx.Pauses(ctx, c.ID)
	if err != nil {
		return err
	}
	res, err := s.Clock(c, pauses)
	if err != nil {
		return err
	}
	c.DueDate = ""
	if !res.Paused {
		c.DueDate = res.Due.String()
	}
	return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: s.opts.Now(), Kind: "clock", Detail: res.Explain()})
}

// today is the current date in the UK.
func (s *Service) today() deadline.Date { return deadline.DateOf(s.opts.Now()) }
