package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/message"
	"example.org/intake/store"
)

// open creates a case for msg in state. For a received case it also renders
// and queues the holding reply and the DPO forward, in the same transaction.
func (g *Ingester) open(ctx context.Context, tx *store.Tx, msg *message.Message, cls classifier.Classification,
	in *store.Inbound, out *result, state, personReason string) error {
	now := g.opts.Now()
	start := deadline.DateOf(in.ReceivedAt)
	ref, err := tx.NextCaseRef(ctx, start.Year)
	if err != nil {
		return err
	}
	kind := cls.Kind
	if !kind.IsRequest() {
		// A case for a person (unsure, unreadable) still needs a kind; staff
		// correct it in triage.
		kind = classifier.KindOther
	}
	c := &store.Case{
		Ref: ref, Kind: string(kind), Rights: joinKinds(cls.Rights), State: state,
		RequesterAddr: strings.ToLower(msg.From.Addr), RequesterName: msg.From.Name,
		URN: cls.References["urn"], Calendar: string(g.opts.Cases.Calendar()), ReceivedAt: in.ReceivedAt,
		StartDate: start.String(), Confidence: cls.Confidence,
		NeedsPerson: personReason != "", PersonReason: personReason, CreatedAt: now,
	}
	// One function computes every deadline (invariant 5).
	clock, err := g.opts.Cases.Clock(c, nil)
	if err != nil {
		return fmt.Errorf("ingest: deadline: %w", err)
	}
	c.DueDate = clock.Due.String()
	if rt := differingReplyTo(msg); rt != "" {
		// Invariant 8: we answer the From address only; a different
		// Reply-To is shown to staff instead of being used.
		c.ReplyToAddr = rt
	}
	if err := tx.CreateCase(ctx, c); err != nil {
		return err
	}
	in.CaseID = sql.NullInt64{Int64: c.ID, Valid: true}
	in.Disposition = store.DispositionTriage
	if state == store.StateReceived {
		in.Disposition = store.DispositionOpenedCase
	}
	out.disposition, out.caseRef, out.opened = in.Disposition, c.Ref, c.Kind

	events := []store.Event{
		{Kind: "received", Detail: fmt.Sprintf("classified as %s (confidence %.2f): %s", cls.Kind, cls.Confidence, strings.Join(cls.Reasons, "; "))},
		{Kind: "clock", Detail: clock.Explain()},
	}
	if personReason != "" {
		events = append(events, store.Event{Kind: "needs_person", Detail: personReason})
	}
	if c.ReplyToAddr != "" {
		events = append(events, store.Event{Kind: "note", Detail: "Reply-To differs from From; the holding reply goes to From only"})
	}
	for _, e := range events {
		e.CaseID, e.At = c.ID, now
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
	}
	if state != store.StateReceived {
		return nil
	}

	if err := g.opts.Cases.AutoLink(ctx, tx, c, cls.References["urn"]); err != nil {
		return err
	}
	if err := g.opts.Cases.Acknowledge(ctx, tx, c, msg, in.Raw); err != nil {
		return err
	}
	out.queued = 2
	return nil
}
