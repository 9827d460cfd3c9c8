package ingest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// open creates a case for msg in state. For a received case it also renders
// and queues the holding reply and the DPO forward, in the same transaction.
func (g *Ingester) open(ctx context.Context, tx *store.Tx, msg *mailbox.Message, cls classifier.Classification,
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
	rule := deadline.RuleMonth
	if kind == classifier.KindComplaint {
		rule = deadline.RuleComplaint
	}
	clock, err := deadline.Compute(deadline.Input{Start: start, Calendar: g.opts.Calendar, ExtraHolidays: g.opts.Holidays, Rule: rule})
	if err != nil {
		return fmt.Errorf("ingest: deadline: %w", err)
	}
	c := &store.Case{
		Ref: ref, Kind: string(kind), Rights: joinKinds(cls.Rights), State: state,
		RequesterAddr: strings.ToLower(msg.From.Addr), RequesterName: msg.From.Name,
		URN: cls.References["urn"], Calendar: string(g.opts.Calendar), ReceivedAt: in.ReceivedAt,
		StartDate: start.String(), DueDate: clock.Due.String(), Confidence: cls.Confidence,
		NeedsPerson: personReason != "", PersonReason: personReason, CreatedAt: now,
	}
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
	out.disposition, out.caseRef = in.Disposition, c.Ref

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

	req := responder.Request{
		CaseRef: c.Ref, Kind: c.Kind, Rights: kindsToStrings(cls.Rights),
		Received: in.ReceivedAt, Due: clock.Due.Time(), URN: c.URN,
		RequesterName: msg.From.Name, RequesterAddr: c.RequesterAddr, ReplyToDiffers: c.ReplyToAddr != "",
		NeedsID:     kind == classifier.KindAccess,
		OrigSubject: msg.Subject, OrigMessageID: msg.MessageID, OrigReferences: msg.References, OrigRaw: in.Raw,
	}
	holding, err := g.opts.Responder.HoldingReply(req, g.messageID(c.Ref, outbox.KindHoldingReply), now)
	if err != nil {
		return fmt.Errorf("ingest: render holding reply: %w", err)
	}
	forward, err := g.opts.Responder.DPOForward(req, g.messageID(c.Ref, outbox.KindDPOForward), now)
	if err != nil {
		return fmt.Errorf("ingest: render DPO forward: %w", err)
	}
	var jobs []outbox.SendArgs
	for _, ob := range []*responder.Outbound{holding, forward} {
		row, err := g.queueOutbound(ctx, tx, c, ob, now)
		if err != nil {
			return err
		}
		jobs = append(jobs, outbox.SendArgs{OutboundID: row.ID})
	}
	for _, j := range jobs {
		if err := g.opts.Queue.InsertTx(ctx, tx, j); err != nil {
			return err
		}
	}
	out.queued = len(jobs)
	return nil
}

// queueOutbound stores a rendered message. Its dedupe key allows one
// message of each kind per case: the database refuses a second holding
// reply whatever the code above does.
func (g *Ingester) queueOutbound(ctx context.Context, tx *store.Tx, c *store.Case, ob *responder.Outbound, now time.Time) (*store.Outbound, error) {
	rcpts := append(append([]string{}, ob.To...), ob.Cc...)
	rj, err := json.Marshal(rcpts)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	from := g.opts.EnvelopeFrom
	if from == "" {
		from = ob.From
	}
	row := &store.Outbound{
		CaseID: sql.NullInt64{Int64: c.ID, Valid: true}, Kind: ob.Kind, DedupeKey: ob.Kind + ":" + c.Ref, MessageID: ob.MessageID,
		EnvelopeFrom: from, Recipients: string(rj), Subject: ob.Subject, Raw: ob.Raw, CreatedAt: now,
	}
	if err := tx.InsertOutbound(ctx, row); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "queued", Detail: ob.Kind}); err != nil {
		return nil, err
	}
	return row, nil
}

// messageID derives the stable Message-ID of a case's message of one kind.
// The installation id keeps two databases from ever minting the same one.
func (g *Ingester) messageID(ref, kind string) string {
	return fmt.Sprintf("%s.%s.%s@%s", strings.ToLower(ref), strings.ReplaceAll(kind, "_", "-"), g.installID, g.opts.MailDomain)
}
