package casework

import (
	"testing"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// TestClockOn pins the one definition of a case's clock: which states have
// one, when a case is overdue and how many working days are left.
func TestClockOn(t *testing.T) {
	today := deadline.NewDate(2026, 4, 7) // Tuesday after Easter Monday
	tests := []struct {
		name, state, due string
		runs, paused     bool
		overdue          bool
		left             int
	}{
		{"due today is not overdue", store.StateNeedsDecision, "2026-04-07", true, false, false, 0},
		{"the day after the due date", store.StateNeedsDecision, "2026-04-06", true, false, true, -1},
		{"over Easter: Good Friday and Easter Monday do not count", store.StateAwaitingDPO, "2026-04-02", true, false, true, -1},
		{"received", store.StateReceived, "2026-04-09", true, false, false, 2},
		{"drafted", store.StateDrafted, "2026-04-14", true, false, false, 5},
		{"approved but not sent is overdue", store.StateApproved, "2026-04-02", true, false, true, -1},
		{"triage has no clock", store.StateTriage, "2026-04-02", false, false, false, 0},
		{"paused for the requester", store.StateAwaitingRequester, "2026-04-02", false, true, false, 0},
		{"answered", store.StateAnswered, "2026-04-02", false, false, false, 0},
		{"closed", store.StateClosed, "2026-04-02", false, false, false, 0},
		{"no due date recorded", store.StateReceived, "", true, false, false, 0},
		{"a due date that does not parse", store.StateReceived, "soon", true, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &store.Case{State: tt.state, DueDate: tt.due, Calendar: string(deadline.EnglandAndWales)}
			f := ClockOn(c, today, nil)
			if f.Runs != tt.runs || f.Paused != tt.paused || f.Overdue != tt.overdue || f.Left != tt.left {
				t.Errorf("ClockOn = %+v, want runs=%v paused=%v overdue=%v left=%d", f, tt.runs, tt.paused, tt.overdue, tt.left)
			}
			if f.Runs != ClockRuns(tt.state) {
				t.Errorf("ClockRuns(%s) = %v, ClockOn says %v", tt.state, ClockRuns(tt.state), f.Runs)
			}
			if !f.Runs && !f.Due.IsZero() {
				t.Errorf("a case whose clock does not run has due date %s", f.Due)
			}
		})
	}
}

// TestClockOnExtraHolidays counts the organisation's closure days as
// holidays, and the case's own calendar.
func TestClockOnExtraHolidays(t *testing.T) {
	today := deadline.NewDate(2026, 11, 27) // Friday
	c := &store.Case{State: store.StateDrafted, DueDate: "2026-12-01", Calendar: string(deadline.Scotland)}
	// Monday 30 November is St Andrew's Day in Scotland: Tuesday is one
	// working day after Friday.
	if got := ClockOn(c, today, nil).Left; got != 1 {
		t.Errorf("Scotland: left = %d, want 1", got)
	}
	if got := ClockOn(c, today, []deadline.Date{deadline.NewDate(2026, 12, 1)}).Left; got != 0 {
		t.Errorf("with 1 December closed: left = %d, want 0", got)
	}
}

// TestLastSoonDay: St Andrew's Day (Mon 30 November 2026) is a bank
// holiday in Scotland only: from Thu 26 November the fifth working day is
// Fri 4 December there (and a case due on the weekend after still has five
// left), Thu 3 December elsewhere.
func TestLastSoonDay(t *testing.T) {
	today := deadline.NewDate(2026, 11, 26)
	if got := LastSoonDay(today, deadline.Scotland, nil); got != deadline.NewDate(2026, 12, 6) {
		t.Errorf("last soon day in Scotland: %v", got)
	}
	if got := LastSoonDay(today, deadline.EnglandAndWales, nil); got != deadline.NewDate(2026, 12, 3) {
		t.Errorf("last soon day in England: %v", got)
	}
}

// TestClockSoon: due soon is up to SoonDays working days ahead, never once
// the due date has passed.
func TestClockSoon(t *testing.T) {
	today := deadline.NewDate(2026, 11, 26)
	for _, tc := range []struct {
		name, due string
		soon      bool
	}{
		{"due today", "2026-11-26", true},
		{"five working days ahead", "2026-12-03", true},
		{"six working days ahead", "2026-12-04", false},
		{"overdue", "2026-11-25", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &store.Case{State: store.StateNeedsDecision, DueDate: tc.due, Calendar: string(deadline.EnglandAndWales)}
			if got := ClockOn(c, today, nil).Soon; got != tc.soon {
				t.Errorf("Soon = %v, want %v", got, tc.soon)
			}
		})
	}
}
