package chaser

import (
	"context"
	"slices"
	"time"

	"example.org/intake/casework"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
	"example.org/intake/templates"
)

// Digest builds the digest for the day of now, as it stands at now, of the
// cases that existed at that day's digest time: a case opened later in the
// day waits for tomorrow's digest, so that a sweep after the digest time
// never sends a late digest about it. ok is false when there is nothing to
// say, and then no digest is sent.
func Digest(cases []store.ChaseCase, now time.Time, p Policy) (d templates.DigestLetter, ok bool) {
	today := p.Today(now)
	y, m, day := now.In(p.Location).Date()
	// Wall-clock fields, not midnight plus a duration: on the days the
	// clocks change those differ by an hour.
	digestTime := time.Date(y, m, day, int(p.DigestAt/time.Hour), int(p.DigestAt%time.Hour/time.Minute), 0, 0, p.Location)
	d = templates.DigestLetter{Date: today.Time(), DueWithinDays: p.DigestDueWithin}
	for i := range cases {
		c := &cases[i]
		if c.CreatedAt.After(digestTime) {
			continue
		}
		k := casework.ClockOn(&c.Case, today, p.Holidays)
		line := templates.DigestCase{CaseRef: c.Ref, DPORef: c.DPORef, Kind: c.Kind, State: c.State, DaysLeft: k.Left}
		if !k.Due.IsZero() {
			line.Due = k.Due.Time()
		}
		switch {
		case k.Overdue:
			d.Overdue = append(d.Overdue, line)
		case !k.Due.IsZero() && line.DaysLeft <= p.DigestDueWithin:
			d.DueSoon = append(d.DueSoon, line)
		}
		switch c.State {
		case store.StateAwaitingDPO:
			d.AwaitingDPO = append(d.AwaitingDPO, line)
		case store.StateAwaitingRequester:
			d.AwaitingRequester = append(d.AwaitingRequester, line)
		}
	}
	byDue := func(a, b templates.DigestCase) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if a.CaseRef < b.CaseRef {
			return -1
		}
		return 1
	}
	for _, l := range [][]templates.DigestCase{d.Overdue, d.DueSoon, d.AwaitingDPO, d.AwaitingRequester} {
		slices.SortFunc(l, byDue)
	}
	ok = len(d.Overdue)+len(d.DueSoon)+len(d.AwaitingDPO)+len(d.AwaitingRequester) > 0
	return d, ok
}

// digest queues today's digest unless it is queued already or there is
// nothing to say.
func (ch *Chaser) digest(ctx context.Context, now time.Time) (bool, error) {
	p := ch.opts.Policy
	today := p.Today(now)
	key := outbox.KindDigest + ":" + today.String()
	queued := false
	err := ch.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		if exists, err := tx.OutboundExists(ctx, key); err != nil || exists {
			return err
		}
		cases, err := tx.ChaseCases(ctx)
		if err != nil {
			return err
		}
		data, ok := Digest(cases, now, p)
		if !ok {
			return nil
		}
		msgID := outbox.MessageID(outbox.KindDigest+"-"+today.String(), outbox.KindDigest, ch.installID, ch.opts.MailDomain)
		ob, err := ch.opts.Responder.StaffMail(responder.LetterDigest, outbox.KindDigest, ch.opts.Staff, data, "", msgID, now)
		if err != nil {
			return err
		}
		if _, err := outbox.Enqueue(ctx, tx, ch.opts.Queue, ob.Mail(0, key, ch.opts.EnvelopeFrom), now); err != nil {
			return err
		}
		queued = true
		return nil
	})
	if err == nil && queued {
		ch.opts.Logger.Info("digest queued", "date", today.String())
	}
	return queued, err
}
