package casework_test

import (
	"context"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/store"
)

// TestCountOverdueAgreesWithClockOn counts in the database what ClockOn
// says case by case, on both databases.
func TestCountOverdueAgreesWithClockOn(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		today := deadline.NewDate(2026, 4, 7)
		for _, c := range []struct{ state, due string }{
			{store.StateReceived, "2026-04-02"},          // overdue
			{store.StateAwaitingDPO, "2026-04-06"},       // overdue
			{store.StateApproved, "2026-04-01"},          // overdue: not sent yet
			{store.StateDrafted, "2026-04-07"},           // due today
			{store.StateNeedsDecision, "2026-05-01"},     // in time
			{store.StateReceived, ""},                    // no due date
			{store.StateTriage, "2026-04-02"},            // no clock
			{store.StateAwaitingRequester, "2026-04-02"}, // paused
			{store.StateAnswered, "2026-04-02"},          // answered late: no longer counted
			{store.StateClosed, "2026-04-02"},
		} {
			w.put(t, c.state, c.due)
		}
		n, err := casework.CountOverdue(ctx, w.st, today)
		if err != nil {
			t.Fatal(err)
		}
		cases, err := w.st.ListCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		for i := range cases {
			if casework.ClockOn(&cases[i], today, nil).Overdue {
				want++
			}
		}
		if n != 3 || want != 3 {
			t.Errorf("CountOverdue = %d, ClockOn counts %d, want 3", n, want)
		}
		counts, err := w.st.CaseCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if counts[store.StateReceived] != 2 || counts[store.StateClosed] != 1 || len(counts) != 9 {
			t.Errorf("CaseCounts = %v", counts)
		}
	})
}
