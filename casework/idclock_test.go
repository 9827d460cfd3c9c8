package casework_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"example.org/intake/outbox"
	"example.org/intake/store"
)

// TestIDClockStartsWhenEvidenceArrives: when identity evidence is asked
// for, the month runs from the day the evidence arrives (UK GDPR Art 12A,
// DPA 2018 s.54(3)(b): the "relevant time" is the latest of receipt and
// the arrival of the information asked for); it is not a pause added to
// the month from receipt.
func TestIDClockStartsWhenEvidenceArrives(t *testing.T) {
	tests := []struct {
		name               string
		received, asked    time.Time
		evidence, verified time.Time
		wantStart, wantDue string
		wantLetter         []string // in the letter that tells the requester
	}{
		// The example: a pause would give Wed 30 Dec 2026.
		{"received 29 Nov, ID asked and received 1 Dec", at(2026, 11, 29, 10, 0), at(2026, 12, 1, 9, 0), at(2026, 12, 1, 15, 0), at(2026, 12, 1, 16, 0),
			"2026-12-01", "2027-01-04", []string{"started on Tuesday 1 December 2026", "respond by Monday 4 January 2027"}},
		// Asked on the day of receipt, evidence days later: a pause of
		// 30 Jan to 1 Feb would give Tue 3 Mar, a day later than the law.
		{"ID asked on the day of receipt, evidence three days later", at(2026, 1, 30, 10, 0), at(2026, 1, 30, 11, 0), at(2026, 2, 2, 8, 0), at(2026, 2, 4, 10, 0),
			"2026-02-02", "2026-03-02", []string{"started on Monday 2 February 2026", "respond by Monday 2 March 2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDB(t, func(t *testing.T, w *world) {
				ctx := context.Background()
				w.now = tt.received
				c := w.receive(t, tt.received)
				w.now = tt.asked
				if err := w.svc.AskForID(ctx, c.Ref, "Jo Staff"); err != nil {
					t.Fatal(err)
				}
				if got := w.reread(t, c.Ref); got.DueDate != "" {
					t.Errorf("while waiting for ID the due date is %q, want none", got.DueDate)
				}
				w.reply(t, c, tt.evidence, "From: sam@example.org\r\nSubject: ID\r\n\r\nHere is my passport.\r\n")
				w.now = tt.verified
				if err := w.svc.VerifyID(ctx, c.Ref, "Jo Staff", ""); err != nil {
					t.Fatal(err)
				}
				got := w.reread(t, c.Ref)
				if got.StartDate != tt.wantStart || got.DueDate != tt.wantDue || got.State != store.StateAwaitingDPO {
					t.Errorf("start %s due %s state %s, want start %s due %s, awaiting_dpo", got.StartDate, got.DueDate, got.State, tt.wantStart, tt.wantDue)
				}
				pauses, err := w.st.Pauses(ctx, c.ID)
				if err != nil || len(pauses) != 0 {
					t.Errorf("pauses after ID verified = %+v, %v; the wait for ID is not a pause", pauses, err)
				}
				// The letter the ID request promised, queued like every
				// other: one outbound row, its send job, a "queued" event.
				ob := w.outboundOf(t, c, outbox.KindIDVerified)
				text := decodedText(t, ob.Raw)
				for _, want := range tt.wantLetter {
					if !strings.Contains(text, want) {
						t.Errorf("ID verified letter lacks %q:\n%s", want, text)
					}
				}
				if ob.Recipients != `["sam@example.org"]` {
					t.Errorf("ID verified letter goes to %s", ob.Recipients)
				}
				if n := w.sendJobs(t); n != 2 {
					t.Errorf("%d send jobs, want 2 (the ID request and the ID verified letter)", n)
				}
			})
		})
	}
}

// TestClarificationIsAPauseCountedInclusively: a clarification stops the
// clock from the day it is asked for to the day the answer arrives, both
// days included (s.54(3C)), whenever staff restart the clock.
func TestClarificationIsAPauseCountedInclusively(t *testing.T) {
	// The research's derived example: received Mon 2 Mar 2026, asked Thu
	// 5 Mar, answered Thu 12 Mar: 8 days do not count, 2 Apr + 8 = Fri 10 Apr.
	for _, resumed := range []time.Time{at(2026, 3, 12, 16, 0), at(2026, 3, 16, 9, 0)} {
		t.Run("resumed "+resumed.Format("2 Jan"), func(t *testing.T) {
			eachDB(t, func(t *testing.T, w *world) {
				ctx := context.Background()
				w.now = at(2026, 3, 2, 9, 0)
				c := w.receive(t, w.now)
				w.now = at(2026, 3, 5, 11, 0)
				if err := w.svc.AskForClarification(ctx, c.Ref, "Which years do you mean?", "Jo Staff"); err != nil {
					t.Fatal(err)
				}
				w.reply(t, c, at(2026, 3, 12, 14, 0), "From: sam@example.org\r\nSubject: Re\r\n\r\n2019 to 2021.\r\n")
				w.now = resumed
				if err := w.svc.Resume(ctx, c.Ref, "Jo Staff"); err != nil {
					t.Fatal(err)
				}
				got := w.reread(t, c.Ref)
				if got.StartDate != "2026-03-02" || got.DueDate != "2026-04-10" {
					t.Errorf("start %s due %s, want start 2026-03-02 due 2026-04-10", got.StartDate, got.DueDate)
				}
				pauses, err := w.st.Pauses(ctx, c.ID)
				if err != nil || len(pauses) != 1 || pauses[0].From != "2026-03-05" || pauses[0].To != "2026-03-12" {
					t.Errorf("pauses = %+v, %v", pauses, err)
				}
			})
		})
	}
}

// TestClarificationBeforeIDDoesNotCount: a clarification answered before
// identity evidence arrives lies before the clock started.
func TestClarificationBeforeIDDoesNotCount(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.now = at(2026, 3, 2, 9, 0)
		c := w.receive(t, w.now)
		w.now = at(2026, 3, 5, 11, 0)
		if err := w.svc.AskForClarification(ctx, c.Ref, "Which years?", "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		w.now = at(2026, 3, 12, 9, 0)
		if err := w.svc.Resume(ctx, c.Ref, "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		w.now = at(2026, 3, 16, 9, 0)
		if err := w.svc.AskForID(ctx, c.Ref, "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		w.reply(t, c, at(2026, 3, 18, 10, 0), "From: sam@example.org\r\nSubject: ID\r\n\r\nAttached.\r\n")
		w.now = at(2026, 3, 19, 9, 0)
		if err := w.svc.VerifyID(ctx, c.Ref, "Jo Staff", "passport seen"); err != nil {
			t.Fatal(err)
		}
		// Start Wed 18 Mar; 18 Apr is a Saturday: due Mon 20 Apr.
		if got := w.reread(t, c.Ref); got.StartDate != "2026-03-18" || got.DueDate != "2026-04-20" {
			t.Errorf("start %s due %s, want start 2026-03-18 due 2026-04-20", got.StartDate, got.DueDate)
		}
	})
}
