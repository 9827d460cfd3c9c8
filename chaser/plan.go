package chaser

import (
	"fmt"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// CaseFacts is what planning needs to know about a case.
type CaseFacts struct {
	Ref    string
	Kind   string
	State  string
	DPORef string
	// Forwarded is the local date the DPO forward went out; zero if not yet.
	Forwarded deadline.Date
	// Due is the due date; zero while the clock is paused or unknown.
	Due deadline.Date
	// NoticeBy is the last day for an extension notice; zero if none applies.
	NoticeBy            deadline.Date
	ExtensionConsidered bool
}

// Action is one message Plan says is due.
type Action struct {
	Kind string
	Key  string        // dedupe key: Kind + ":" + case reference
	On   deadline.Date // the working day it fell due
}

// Plan returns the messages due for c at now. It is a pure function: the
// sweep calls it for every case, and again inside the transaction that
// queues a message, so a case that has moved on since plans nothing.
//
// Each ladder (DPO chases, staff reminders) yields only its latest step
// that has come: after a gap (a stopped daemon) staff get the reminder that
// fits today, not every one they missed.
func Plan(c CaseFacts, now time.Time, p Policy) []Action {
	if !p.CanSend(now) {
		return nil
	}
	today := p.Today(now)
	var out []Action
	add := func(kind string, on deadline.Date) {
		out = append(out, Action{Kind: kind, Key: kind + ":" + c.Ref, On: on})
	}
	if c.State == store.StateAwaitingDPO && strings.TrimSpace(c.DPORef) == "" && !c.Forwarded.IsZero() {
		first := p.add(c.Forwarded, p.DPOChaseAfter)
		second := p.add(first, p.DPOSecondChaseAfter)
		escalate := p.add(second, p.DPOEscalateAfter)
		if kind, on, ok := latest(today, step{outbox.KindDPOChase1, first}, step{outbox.KindDPOChase2, second}, step{outbox.KindDPOEscalation, escalate}); ok {
			add(kind, on)
		}
	}
	if !c.Due.IsZero() {
		var steps []step
		for _, n := range p.StaffReminderDays {
			steps = append(steps, step{fmt.Sprintf("%s%d", outbox.KindStaffReminderPrefix, n), p.add(c.Due, -n)})
		}
		steps = append(steps, step{outbox.KindStaffReminderDue, c.Due}, step{outbox.KindOverdue, p.add(c.Due, 1)})
		if kind, on, ok := latest(today, steps...); ok {
			if kind == outbox.KindOverdue && casework.ClockRuns(c.State) || kind != outbox.KindOverdue && casework.Undecided(c.State) {
				add(kind, on)
			}
		}
	}
	if c.ExtensionConsidered && casework.Undecided(c.State) && !c.NoticeBy.IsZero() {
		from := p.add(c.NoticeBy, -p.ExtensionReminderDays)
		if !today.Before(from) && !today.After(c.NoticeBy) {
			add(outbox.KindExtensionReminder, from)
		}
	}
	return out
}

type step struct {
	kind string
	on   deadline.Date
}

// latest returns the last step on or before today. Steps are in date order.
func latest(today deadline.Date, steps ...step) (string, deadline.Date, bool) {
	for i := len(steps) - 1; i >= 0; i-- {
		if !steps[i].on.After(today) {
			return steps[i].kind, steps[i].on, true
		}
	}
	return "", deadline.Date{}, false
}

// FactsOf reads the planning facts from a stored case and its recorded
// pauses (needed only while an extension is being considered: they move
// the end of the first month).
func FactsOf(c *store.ChaseCase, pauses []store.Pause, p Policy) CaseFacts {
	f := CaseFacts{Ref: c.Ref, Kind: c.Kind, State: c.State, DPORef: c.DPORef,
		ExtensionConsidered: c.ExtensionConsidered && !c.Extended}
	if c.ForwardedAt.Valid {
		f.Forwarded = p.Today(c.ForwardedAt.Time)
	}
	// Due is set only while the clock runs, so that nothing is planned
	// from the due date of a case in triage or waiting for the requester.
	f.Due = casework.DueOf(&c.Case)
	if f.ExtensionConsidered {
		f.NoticeBy = noticeBy(c, pauses, p)
	}
	return f
}

// needsPauses reports whether FactsOf needs the case's pauses.
func needsPauses(c *store.ChaseCase) bool { return c.ExtensionConsidered && !c.Extended }

// noticeBy is the last day of the first month, from the start date and
// the pauses so far; zero when it cannot be known (a complaint, an open
// pause, a date that does not parse).
func noticeBy(c *store.ChaseCase, pauses []store.Pause, p Policy) deadline.Date {
	if c.Kind == "complaint" {
		return deadline.Date{}
	}
	in, err := casework.InputOf(&c.Case, pauses, p.Holidays)
	if err != nil {
		return deadline.Date{}
	}
	in.Extended = false
	r, err := deadline.Compute(in)
	if err != nil {
		return deadline.Date{}
	}
	return r.NoticeBy
}
