package chaser

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
	"example.org/intake/templates"
)

// Options configures a Chaser.
type Options struct {
	Store     *store.Store
	Queue     outbox.Enqueuer
	Responder *responder.Responder
	Policy    Policy
	// Staff receive reminders, escalations and the digest (routing.staff).
	// Without any, only the DPO is chased.
	Staff []string
	// EnvelopeFrom is the SMTP envelope sender; MailDomain the right-hand
	// side of Message-IDs (as for ingest).
	EnvelopeFrom string
	MailDomain   string
	Logger       *slog.Logger
	// Now is the clock of the periodic job (tests replace it).
	Now func() time.Time
}

// Chaser plans and queues chasing mail. It keeps no state of its own
// between sweeps: the outbox is its memory.
type Chaser struct {
	opts      Options
	installID string
}

// New checks the options and the chaser's letters.
func New(ctx context.Context, opts Options) (*Chaser, error) {
	if opts.Store == nil || opts.Queue == nil || opts.Responder == nil {
		return nil, errors.New("chaser: store, queue and responder are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Policy.Location == nil {
		return nil, errors.New("chaser: policy has no time zone (use PolicyFromConfig)")
	}
	if opts.MailDomain == "" {
		if i := strings.LastIndexByte(opts.EnvelopeFrom, '@'); i >= 0 {
			opts.MailDomain = opts.EnvelopeFrom[i+1:]
		}
	}
	if opts.MailDomain == "" {
		return nil, errors.New("chaser: no mail domain for Message-IDs")
	}
	// routing.staff may carry display names; staff mail goes to the bare
	// addresses.
	staff := make([]string, 0, len(opts.Staff))
	for _, a := range opts.Staff {
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return nil, fmt.Errorf("chaser: a staff address does not parse: %w", err)
		}
		staff = append(staff, addr.Address)
	}
	opts.Staff = staff
	if err := opts.Responder.CheckChaseLetters(); err != nil {
		return nil, fmt.Errorf("chaser: %w", err)
	}
	id, err := opts.Store.InstallationID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chaser: %w", err)
	}
	return &Chaser{opts: opts, installID: id}, nil
}

// Result counts what one sweep did.
type Result struct {
	Queued         int // chases, reminders and escalations queued
	Digest         bool
	MarkedOverdue  int
	ClearedOverdue int
}

// Sweep marks overdue cases and queues every chase, reminder, escalation
// and digest that is due at now and not queued already.
func (ch *Chaser) Sweep(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	cases, err := ch.opts.Store.ChaseCases(ctx)
	if err != nil {
		return res, err
	}
	p := ch.opts.Policy
	// One case that cannot be chased (a broken letter override, a row that
	// does not read) must not stop the others: its error is logged and
	// returned with the rest at the end.
	var errs []error
	fail := func(ref, what string, err error) {
		ch.opts.Logger.Error("chase failed", "case", ref, "message", what, "error", err)
		errs = append(errs, fmt.Errorf("chaser: %s %s: %w", what, ref, err))
	}
	// First what every case calls for, then one look at which of those
	// letters are queued already: on a big database most are, and each
	// of them would otherwise cost a transaction of its own.
	plans := make([][]Action, len(cases))
	var keys []string
	for i := range cases {
		c := &cases[i]
		if err := ch.markOverdue(ctx, c, now, &res); err != nil {
			fail(c.Ref, "overdue mark", err)
			continue
		}
		var pauses []store.Pause
		if needsPauses(c) {
			if pauses, err = ch.opts.Store.Pauses(ctx, c.ID); err != nil {
				fail(c.Ref, "pauses", err)
				continue
			}
		}
		for _, a := range Plan(FactsOf(c, pauses, p), now, p) {
			if isStaffKind(a.Kind) && len(ch.opts.Staff) == 0 {
				continue // nobody to tell (render would queue nothing)
			}
			plans[i] = append(plans[i], a)
			keys = append(keys, a.Key)
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
	queuedAlready, err := ch.opts.Store.OutboundKeysExisting(ctx, keys)
	if err != nil {
		return res, err
	}
	for i := range cases {
		c := &cases[i]
		for _, a := range plans[i] {
			if queuedAlready[a.Key] {
				continue
			}
			queued, err := ch.fire(ctx, c.ID, a, now)
			if err != nil {
				fail(c.Ref, a.Kind, err)
				continue
			}
			if queued {
				res.Queued++
				ch.opts.Logger.Info("chase queued", "case", c.Ref, "message", a.Kind)
			}
		}
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
	}
	if p.DigestDue(now) && len(ch.opts.Staff) > 0 {
		sent, err := ch.digest(ctx, now)
		if err != nil {
			fail("", outbox.KindDigest, err)
		}
		res.Digest = sent
	}
	return res, errors.Join(errs...)
}

// markOverdue keeps cases.overdue_at in step with Overdue for cases whose
// clock runs or is paused.
func (ch *Chaser) markOverdue(ctx context.Context, c *store.ChaseCase, now time.Time, res *Result) error {
	p := ch.opts.Policy
	over := casework.ClockOn(&c.Case, p.Today(now), p.Holidays).Overdue
	// A late answer keeps its mark as the record that it went overdue; the
	// mark is cleared only when the clock says otherwise (a pause, a later
	// due date after an extension).
	if over == c.OverdueAt.Valid || c.State == store.StateAnswered || c.State == store.StateClosed {
		return nil
	}
	err := ch.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		return casework.MarkOverdue(ctx, tx, &c.Case, over, now)
	})
	if err != nil {
		return err
	}
	if over {
		res.MarkedOverdue++
	} else {
		res.ClearedOverdue++
	}
	return nil
}

// fire queues action a for a case unless the case, re-read in the same
// transaction, no longer calls for it or it is queued already.
func (ch *Chaser) fire(ctx context.Context, caseID int64, a Action, now time.Time) (bool, error) {
	queued := false
	err := ch.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.ChaseCase(ctx, caseID)
		if err != nil {
			return err
		}
		var pauses []store.Pause
		if needsPauses(c) {
			if pauses, err = tx.Pauses(ctx, c.ID); err != nil {
				return err
			}
		}
		f := FactsOf(c, pauses, ch.opts.Policy)
		if !slices.Contains(Plan(f, now, ch.opts.Policy), a) {
			return nil
		}
		if exists, err := tx.OutboundExists(ctx, a.Key); err != nil || exists {
			return err
		}
		ob, err := ch.render(ctx, tx, c, f, a, now)
		if err != nil || ob == nil {
			return err
		}
		if _, err := outbox.Enqueue(ctx, tx, ch.opts.Queue, ob.Mail(c.ID, a.Key, ch.opts.EnvelopeFrom), now); err != nil {
			return err
		}
		queued = true
		return nil
	})
	return queued, err
}

// staffKinds are the kinds of message that go to staff about one case; the
// first of them roots the thread the others reply to.
func isStaffKind(kind string) bool {
	return kind != outbox.KindDPOChase1 && kind != outbox.KindDPOChase2
}

func (ch *Chaser) render(ctx context.Context, tx *store.Tx, c *store.ChaseCase, f CaseFacts, a Action, now time.Time) (*responder.Outbound, error) {
	p := ch.opts.Policy
	today := p.Today(now)
	msgID := outbox.MessageID(c.Ref, a.Kind, ch.installID, ch.opts.MailDomain)
	due := dateTime(f.Due)
	if !isStaffKind(a.Kind) {
		var forwardID, forwardSubject string
		fwd, err := tx.OutboundByDedupeKey(ctx, outbox.KindDPOForward+":"+c.Ref)
		switch {
		case err == nil:
			forwardID, forwardSubject = fwd.MessageID, fwd.Subject
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
		n := 1
		if a.Kind == outbox.KindDPOChase2 {
			n = 2
		}
		return ch.opts.Responder.DPOChase(templates.ChaseLetter{
			CaseRef: c.Ref, Kind: c.Kind, URN: c.URN, Chase: n, ForwardSubject: forwardSubject,
			Forwarded: c.ForwardedAt.Time, Received: c.ReceivedAt, Due: due,
			WorkingDays: deadline.WorkingDaysBetween(f.Forwarded, today, p.Calendar, p.Holidays),
		}, forwardID, msgID, now)
	}
	if len(ch.opts.Staff) == 0 {
		return nil, nil
	}
	var root string
	if kinds := ch.staffKinds(); len(kinds) > 0 {
		first, err := tx.FirstOutboundOfKinds(ctx, c.ID, kinds...)
		switch {
		case err == nil:
			root = first.MessageID
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	data := templates.StaffLetter{
		CaseRef: c.Ref, DPORef: c.DPORef, Kind: c.Kind, State: c.State, Received: c.ReceivedAt, Due: due,
		NoticeBy: dateTime(f.NoticeBy), Forwarded: c.ForwardedAt.Time,
	}
	if k := casework.ClockOn(&c.Case, today, p.Holidays); k.Overdue {
		data.DaysOver = -k.Left
	} else {
		data.DaysLeft = k.Left
	}
	letter := responder.LetterStaffReminder
	switch a.Kind {
	case outbox.KindDPOEscalation:
		letter, data.Reason = responder.LetterStaffEscalation, "dpo_silent"
	case outbox.KindOverdue:
		letter, data.Reason = responder.LetterStaffEscalation, "overdue"
	case outbox.KindExtensionReminder:
		letter = responder.LetterExtensionReminder
	}
	return ch.opts.Responder.StaffMail(letter, a.Kind, ch.opts.Staff, data, root, msgID, now)
}

// staffKinds lists every kind of per-case staff message under the policy.
func (ch *Chaser) staffKinds() []string {
	kinds := []string{outbox.KindDPOEscalation, outbox.KindStaffReminderDue, outbox.KindOverdue, outbox.KindExtensionReminder}
	for _, n := range ch.opts.Policy.StaffReminderDays {
		kinds = append(kinds, fmt.Sprintf("%s%d", outbox.KindStaffReminderPrefix, n))
	}
	return kinds
}

// dateTime is midnight London at d, how letters take dates; zero for zero.
func dateTime(d deadline.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return d.Time()
}
