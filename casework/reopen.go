package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"example.org/intake/store"
)

// Reopen opens a closed case again, with the reason, which is recorded. A
// case closed as "not a request" goes back to triage (no clock until a
// person confirms it); any other case goes back to waiting for the DPO
// team, or for a decision when their reference is known. The clock is
// not restarted: a request's month runs from the day it started, whatever
// happened since, so the due date is computed again from the same start,
// pauses and extension, and the timeline says so. A case whose mail was
// deleted after an erasure cannot be reopened: there is nothing left to
// work on.
func (s *Service) Reopen(ctx context.Context, ref, reason, actor string) error {
	reason = strings.TrimSpace(reason)
	return s.change(ctx, ref, ActReopen, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if reason == "" {
			return "", &TransitionError{Ref: c.Ref, Action: ActReopen, State: c.State, Why: "say why the case is reopened"}
		}
		if c.ReducedAt.Valid {
			return "", &TransitionError{Ref: c.Ref, Action: ActReopen, State: c.State,
				Why: "its mail was deleted after the erasure, so there is nothing left to reopen"}
		}
		was := c.Outcome
		c.ClosedAt, c.Outcome = sql.NullTime{}, ""
		detail := fmt.Sprintf("reopened by %s: %s (it was closed: %s)", actor, reason, was)
		if was == OutcomeNotARequest {
			c.State = store.StateTriage
			return detail + "; back in triage: no clock runs until someone confirms it is a request", nil
		}
		c.State = store.StateAwaitingDPO
		if c.DPORef != "" {
			c.State = store.StateNeedsDecision
		}
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		return detail + fmt.Sprintf("; the clock was not stopped while the case was closed: it runs from %s as before and the answer is due %s",
			c.StartDate, c.DueDate), nil
	})
}
