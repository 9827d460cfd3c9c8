package casework

import (
	"context"
	"fmt"
	"slices"

	"example.org/intake/classifier"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// runningStates are the states in which a case's clock runs: a confirmed
// request, not waiting for the requester, not yet answered. A case in
// triage has no clock until a person confirms it is a request; a case
// waiting for the requester has its clock stopped; an answered or closed
// case has nothing left to count.
var runningStates = []string{store.StateReceived, store.StateAwaitingDPO, store.StateNeedsDecision,
	store.StateDrafted, store.StateApproved}

// RunningStates returns the states in which a case's clock runs (for
// aggregate queries; ClockOn is the rule for one case).
func RunningStates() []string { return slices.Clone(runningStates) }

// ClockFacts is what is known about a case's clock on one day. It is the
// one answer to "is this case overdue", "how long is left" and "does a
// clock run at all": the chaser, the staff pages, the metrics and the
// command line all ask ClockOn.
type ClockFacts struct {
	// Runs is true while the clock runs (see runningStates).
	Runs bool
	// Paused is true while the case waits for the requester.
	Paused bool
	// Due is the due date while the clock runs; zero otherwise, and when
	// no due date is recorded.
	Due deadline.Date
	// Left is the number of working days after today up to Due; negative
	// when Due has passed, 0 when Due is zero.
	Left int
	// Overdue is true when the clock runs and today is after Due.
	Overdue bool
	// Soon is true when Due is today or no more than SoonDays working
	// days ahead (and not passed).
	Soon bool
}

// SoonDays is how many working days ahead a case counts as due soon (the
// desk's "due soon" group and the clock's warning colour).
const SoonDays = 5

// LastSoonDay is the last due date that is still due soon on today: no
// more than SoonDays working days left in cal.
func LastSoonDay(today deadline.Date, cal deadline.Calendar, holidays []deadline.Date) deadline.Date {
	d := today
	for deadline.WorkingDaysBetween(today, d.AddDays(1), cal, holidays) <= SoonDays {
		d = d.AddDays(1)
	}
	return d
}

// Undecided reports whether a case in state still waits for its answer to
// be approved, with its clock running (staff are reminded of it).
func Undecided(state string) bool { return slices.Contains(beforeApproval, State(state)) }

// ClockRuns reports whether a case's clock runs in state.
func ClockRuns(state string) bool { return slices.Contains(runningStates, state) }

// DueOf is c's due date while its clock runs; zero otherwise or when no
// due date is recorded.
func DueOf(c *store.Case) deadline.Date {
	if !ClockRuns(c.State) {
		return deadline.Date{}
	}
	due, err := deadline.ParseDate(c.DueDate)
	if err != nil {
		return deadline.Date{}
	}
	return due
}

// ClockOn returns the facts of c's clock on today, counting working days
// in the case's calendar with the organisation's extra holidays.
func ClockOn(c *store.Case, today deadline.Date, holidays []deadline.Date) ClockFacts {
	f := ClockFacts{Runs: ClockRuns(c.State), Paused: c.State == store.StateAwaitingRequester, Due: DueOf(c)}
	if f.Due.IsZero() {
		return f
	}
	cal, err := deadline.ParseCalendar(c.Calendar)
	if err != nil {
		cal = deadline.EnglandAndWales
	}
	f.Left = deadline.WorkingDaysBetween(today, f.Due, cal, holidays)
	f.Overdue = today.After(f.Due)
	f.Soon = !f.Overdue && f.Left <= SoonDays
	return f
}

// ClockNow is ClockOn for today, with the service's holidays.
func (s *Service) ClockNow(c *store.Case) ClockFacts {
	return ClockOn(c, s.today(), s.opts.Holidays)
}

// CountOverdue counts the cases overdue on today without reading them:
// the cases whose clock runs and whose due date is before today.
func CountOverdue(ctx context.Context, st *store.Store, today deadline.Date) (int, error) {
	return st.CountDueBefore(ctx, today.String(), runningStates...)
}

// InputOf is the input of a case's deadline computation: its start date,
// calendar, kind, extension and recorded pauses.
//
// The start date is the "relevant time" of UK GDPR Art 12(3)/12A and DPA
// 2018 s.54(3): the latest of the day the request was received and the
// day requested identity evidence (or authority, or a fee) arrived;
// VerifyID moves it. A clarification is a pause: the days from the day it
// was asked for to the day the answer arrived, both included, do not
// count (s.54(3C)).
func InputOf(c *store.Case, pauses []store.Pause, holidays []deadline.Date) (deadline.Input, error) {
	start, err := deadline.ParseDate(c.StartDate)
	if err != nil {
		return deadline.Input{}, fmt.Errorf("casework: case %s start date: %w", c.Ref, err)
	}
	cal, err := deadline.ParseCalendar(c.Calendar)
	if err != nil {
		return deadline.Input{}, fmt.Errorf("casework: case %s: %w", c.Ref, err)
	}
	in := deadline.Input{Start: start, Calendar: cal, ExtraHolidays: holidays, Extended: c.Extended}
	if c.Kind == "complaint" {
		in.Rule = deadline.RuleComplaint
	}
	for _, p := range pauses {
		from, err := deadline.ParseDate(p.From)
		if err != nil {
			return deadline.Input{}, fmt.Errorf("casework: case %s pause: %w", c.Ref, err)
		}
		dp := deadline.Pause{From: from, Reason: p.Reason}
		if p.To != "" {
			if dp.To, err = deadline.ParseDate(p.To); err != nil {
				return deadline.Input{}, fmt.Errorf("casework: case %s pause: %w", c.Ref, err)
			}
			if dp.To.Before(start) {
				// A clarification answered before identity evidence
				// arrived lies before the clock started: it does not move
				// a month that had not begun.
				continue
			}
		}
		in.Pauses = append(in.Pauses, dp)
	}
	return in, nil
}

// Clock computes a case's deadline from its start date, its recorded
// pauses and its extension: the due date is never stored as a loose number
// but recomputed whenever one of those changes.
//
// A case acknowledged before its kind was sure (kind other, with candidate
// rights) keeps the strictest clock any candidate could have, at opening
// and at every recomputation (issue 11): a complaint's 30 days may end
// before a calendar month. Once staff set its kind (SetKind) its own clock
// applies.
func (s *Service) Clock(c *store.Case, pauses []store.Pause) (deadline.Result, error) {
	in, err := InputOf(c, pauses, s.opts.Holidays)
	if err != nil {
		return deadline.Result{}, err
	}
	res, err := deadline.Compute(in)
	if err != nil || !KindUnsettled(c) || in.Rule == deadline.RuleComplaint || !RightsOf(c).Has(string(classifier.KindComplaint)) {
		return res, err
	}
	// A complaint's acknowledgement clock neither stops nor extends.
	alt := in
	alt.Rule, alt.Pauses, alt.Extended = deadline.RuleComplaint, nil, false
	if ar, err := deadline.Compute(alt); err == nil && !ar.Paused && !res.Paused && ar.Due.Before(res.Due) {
		return ar, nil
	}
	return res, nil
}

// KindUnsettled reports a case acknowledged as a request whose kind is not
// yet known: kind other with candidate rights, outside triage. Staff set
// its kind with SetKind.
func KindUnsettled(c *store.Case) bool {
	return c.Kind == string(classifier.KindOther) && len(RightsOf(c)) > 0 && c.State != store.StateTriage
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
