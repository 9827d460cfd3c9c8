package web

import (
	"testing"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

func TestClockInWords(t *testing.T) {
	s := &server{}
	today := deadline.NewDate(2026, 2, 25) // a Wednesday
	for _, tc := range []struct {
		name, state, due string
		words, severity  string
		overdue          bool
	}{
		{"weeks away", store.StateAwaitingDPO, "2026-03-25", "due Wed 25 Mar 2026, 20 working days left", "ok", false},
		{"five working days is soon", store.StateDrafted, "2026-03-04", "due Wed 4 Mar 2026, 5 working days left", "soon", false},
		{"six working days is not", store.StateDrafted, "2026-03-05", "due Thu 5 Mar 2026, 6 working days left", "ok", false},
		{"weekend skipped", store.StateNeedsDecision, "2026-03-02", "due Mon 2 Mar 2026, 3 working days left", "soon", false},
		{"one day", store.StateReceived, "2026-02-26", "due Thu 26 Feb 2026, 1 working day left", "soon", false},
		{"today", store.StateAwaitingDPO, "2026-02-25", "due today, Wed 25 Feb 2026", "soon", false},
		{"yesterday", store.StateAwaitingDPO, "2026-02-24", "overdue: was due Tue 24 Feb 2026, 1 working day late", "overdue", true},
		{"over a weekend", store.StateNeedsDecision, "2026-02-20", "overdue: was due Fri 20 Feb 2026, 3 working days late", "overdue", true},
		{"paused", store.StateAwaitingRequester, "", "clock paused while waiting for the requester", "paused", false},
		{"triage", store.StateTriage, "2026-03-25", "no clock until someone confirms this is a request", "none", false},
		{"closed", store.StateClosed, "2026-01-01", "answered or closed", "none", false},
		{"approved in time", store.StateApproved, "2026-03-04", "answer approved, sending (due Wed 4 Mar 2026)", "ok", false},
		{"approved but not sent after the due date is overdue", store.StateApproved, "2026-02-20", "answer approved, sending: was due Fri 20 Feb 2026, 3 working days late", "overdue", true},
		{"answered", store.StateAnswered, "2026-01-01", "answered or closed", "none", false},
		{"no due date", store.StateReceived, "", "no due date recorded", "none", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &store.Case{State: tc.state, DueDate: tc.due, Calendar: "england-and-wales"}
			k := s.clockOf(c, today)
			if k.Words != tc.words || k.Severity != tc.severity || k.Overdue != tc.overdue {
				t.Errorf("got %q %s overdue=%v, want %q %s overdue=%v", k.Words, k.Severity, k.Overdue, tc.words, tc.severity, tc.overdue)
			}
		})
	}
}

func TestGroupCases(t *testing.T) {
	s := &server{}
	today := deadline.NewDate(2026, 2, 25)
	cases := []store.Case{
		{Ref: "A", State: store.StateAwaitingDPO, DueDate: "2026-02-20"},
		{Ref: "B", State: store.StateAwaitingDPO, DueDate: "2026-02-27"},
		{Ref: "C", State: store.StateDrafted, DueDate: "2026-03-25"},
		{Ref: "D", State: store.StateTriage},
		{Ref: "E", State: store.StateAwaitingDPO, DueDate: "2026-03-25"},
		{Ref: "F", State: store.StateAwaitingRequester},
		{Ref: "G", State: store.StateApproved, DueDate: "2026-03-25"},
		{Ref: "H", State: store.StateClosed},
	}
	want := map[string]string{"overdue": "A", "soon": "B", "decide": "C", "triage": "D", "dpo": "E", "requester": "F", "sending": "G"}
	for _, g := range s.groupCases(cases, today) {
		var refs string
		for _, r := range g.Rows {
			refs += r.Case.Ref
		}
		if refs != want[g.ID] {
			t.Errorf("group %s has %q, want %q", g.ID, refs, want[g.ID])
		}
	}
}

func TestCalendarCoversTwoMonthsFromMonday(t *testing.T) {
	s := &server{}
	today := deadline.NewDate(2026, 2, 25)
	months := s.calendar([]store.Case{{Ref: "A", State: store.StateAwaitingDPO, DueDate: "2026-03-25"},
		{Ref: "P", State: store.StateAwaitingRequester, DueDate: "2026-03-26"}}, today)
	if len(months) != 2 || months[0].Title != "February 2026" || months[1].Title != "March 2026" {
		t.Fatalf("months %v", months)
	}
	feb := months[0]
	if got := feb.Weeks[0][0].Date; got != deadline.NewDate(2026, 1, 26) {
		t.Errorf("February starts on %v, want Monday 26 Jan", got)
	}
	found := false
	for _, w := range months[1].Weeks {
		for _, d := range w {
			if d.Date == deadline.NewDate(2026, 3, 25) && len(d.Due) == 1 {
				found = true
			}
			if d.Date == deadline.NewDate(2026, 3, 26) && len(d.Due) != 0 {
				t.Error("a paused case shows a due date")
			}
		}
	}
	if !found {
		t.Error("case A not on 25 March")
	}
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/triage", "/triage"},
		{"/cases/INT-2026-0001?x=1", "/cases/INT-2026-0001?x=1"},
		{"", "/"},
		{"//evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
