package casework

import (
	"context"

	"example.org/intake/store"
)

// EvSendFailed is the event of a message the outbox gave up on.
const EvSendFailed = "send_failed"

// GaveUp records on case c, locked in tx (the outbox's, which marks ob failed),
// that intake gave up sending ob: the case is flagged for a person with
// reason (which begins "a message could not be ..."), beside the flags it
// already has, and an event names the message's kind and the cause (which
// never holds an address). The outbox calls it (outbox.Options.GaveUp).
func (s *Service) GaveUp(ctx context.Context, tx *store.Tx, c *store.Case, ob *store.Outbound, reason string, cause error) error {
	now := s.opts.Now()
	raiseReason(c, reason)
	if err := tx.SaveCase(ctx, c, now); err != nil {
		return err
	}
	detail := ob.Kind
	if cause != nil {
		detail += ": " + cause.Error()
	}
	return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: EvSendFailed, Actor: systemActor, Detail: detail})
}
