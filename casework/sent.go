package casework

import (
	"context"
	"database/sql"
	"fmt"

	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// EvSent is the event of a message that went out.
const EvSent = "sent"

// AfterSent records that one of case c's messages has gone out and moves
// the case on. The outbox worker calls it, c locked, in the same
// transaction that marks the message sent, so a crash can never leave
// "sent" without its consequence: the answer going out queues its report
// to the DPO, the report going out closes the case.
func (s *Service) AfterSent(ctx context.Context, tx *store.Tx, c *store.Case, ob *store.Outbound) error {
	now := s.opts.Now()
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: EvSent, Detail: ob.Kind}); err != nil {
		return err
	}
	switch ob.Kind {
	case outbox.KindHoldingReply:
		return tx.MarkAcknowledged(ctx, c.ID, now)
	case outbox.KindDPOForward:
		return tx.MarkForwarded(ctx, c.ID, now)
	case outbox.KindAnswer:
		return s.apply(ctx, tx, c, ActAnswered, systemActor, func(tx *store.Tx, c *store.Case) (string, error) {
			c.State, c.AnsweredAt = store.StateAnswered, sql.NullTime{Time: now, Valid: true}
			inReplyTo, refs, err := s.threadUnder(ctx, tx, c, outbox.KindDPOForward)
			if err != nil {
				return "", err
			}
			rep, err := s.opts.Responder.AnswerReport(responder.Report{
				CaseRef: c.Ref, DPORef: c.DPORef, Kind: c.Kind, Outcome: outcomeOf(c), ApprovedBy: c.ApprovedBy, SentAt: now,
				AnswerRaw: ob.Raw, InReplyTo: inReplyTo, References: refs,
			}, s.messageID(c.Ref, outbox.KindAnswerReport), now)
			if err != nil {
				return "", fmt.Errorf("casework: render answer report: %w", err)
			}
			if err := s.queue(ctx, tx, c, rep, outbox.KindAnswerReport+":"+c.Ref); err != nil {
				return "", err
			}
			return "answer sent to the requester; report to the DPO queued", nil
		})
	case outbox.KindAnswerReport:
		return s.apply(ctx, tx, c, ActReported, systemActor, func(tx *store.Tx, c *store.Case) (string, error) {
			c.State, c.ClosedAt = store.StateClosed, sql.NullTime{Time: now, Valid: true}
			c.Outcome = outcomeOf(c)
			return "answer reported to the DPO; case closed (" + c.Outcome + ")", nil
		})
	}
	return nil
}

// OutcomeErased is the outcome of an accepted erasure carried out: its
// mail is reduced after the erasure grace, not the retention period.
const OutcomeErased = "erased"

// outcomeOf names what the answer was, for the audit record.
func outcomeOf(c *store.Case) string {
	switch {
	case c.Kind == "erasure" && c.Recommendation == "erase" && c.DraftLetter == "erasure_accept":
		return OutcomeErased
	case c.Kind == "erasure" && c.DraftLetter == "erasure_refuse":
		return "erasure refused"
	}
	return "answered"
}
