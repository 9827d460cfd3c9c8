package casework

import (
	"context"
	"time"

	"example.org/intake/store"
)

// MarkOverdue records in tx that case c's due date has passed (over) or
// that it no longer has (a pause, an extension), with the event that says
// so. The chaser's sweep calls it when ClockOn and the case's mark
// disagree.
func MarkOverdue(ctx context.Context, tx *store.Tx, c *store.Case, over bool, now time.Time) error {
	var at *time.Time
	detail := "no longer overdue"
	if over {
		at, detail = &now, "overdue: the due date "+c.DueDate+" has passed"
	}
	if err := tx.SetOverdue(ctx, c.ID, at); err != nil {
		return err
	}
	return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: EvOverdue, Detail: detail})
}
