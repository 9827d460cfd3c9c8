package web

import (
	"fmt"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/store"
)

// caseClock is a case's clock as staff read it.
type caseClock struct {
	Due      deadline.Date
	Left     int // working days after today up to the due date; negative when overdue
	Overdue  bool
	Paused   bool
	Stopped  bool // answered, closed or in triage: no clock to watch
	Words    string
	Severity string // "overdue", "soon", "ok", "paused", "none"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// clockOf puts c's clock into words, like "due Tue 3 Mar, 4 working days
// left", as of today.
func (s *server) clockOf(c *store.Case, today deadline.Date) caseClock {
	switch {
	case c.State == store.StateTriage:
		return caseClock{Stopped: true, Words: "no clock until someone confirms this is a request", Severity: "none"}
	case c.State == store.StateAwaitingRequester:
		return caseClock{Paused: true, Words: "clock paused while waiting for the requester", Severity: "paused"}
	case !casework.ClockRuns(c.State):
		return caseClock{Stopped: true, Words: "answered or closed", Severity: "none"}
	}
	f := casework.ClockOn(c, today, s.holidays())
	if f.Due.IsZero() {
		return caseClock{Stopped: true, Words: "no due date recorded", Severity: "none"}
	}
	due, left := f.Due, f.Left
	k := caseClock{Due: due, Left: left, Overdue: f.Overdue}
	when := dayLabel(due)
	switch {
	case c.State == store.StateApproved && f.Overdue:
		k.Words, k.Severity = fmt.Sprintf("answer approved, sending: was due %s, %s late", when, plural(-left, "working day", "working days")), "overdue"
	case c.State == store.StateApproved:
		k.Words, k.Severity = fmt.Sprintf("answer approved, sending (due %s)", when), "ok"
	case f.Overdue:
		k.Words, k.Severity = fmt.Sprintf("overdue: was due %s, %s late", when, plural(-left, "working day", "working days")), "overdue"
		if left == 0 {
			k.Words = fmt.Sprintf("overdue: was due %s", when)
		}
	case due == today:
		k.Words, k.Severity = fmt.Sprintf("due today, %s", when), "soon"
	default:
		k.Words = fmt.Sprintf("due %s, %s left", when, plural(left, "working day", "working days"))
		k.Severity = "ok"
		if f.Soon {
			k.Severity = "soon"
		}
	}
	return k
}
