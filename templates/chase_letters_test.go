package templates

import (
	"strings"
	"testing"
	"time"
)

// chaseSamples holds data for the chaser's letters, in the form samples()
// wants: merge it there so that TestEveryEmbeddedLetterRenders covers them.
func chaseSamples() map[string]any {
	received := time.Date(2026, time.March, 2, 0, 0, 0, 0, london2026)
	due := time.Date(2026, time.April, 2, 0, 0, 0, 0, london2026)
	staff := StaffLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0042", DPORef: "DPO/77", Kind: "access",
		State: "needs_decision", Reason: "overdue", Received: received, Due: due, NoticeBy: due, DaysLeft: 5, DaysOver: 1,
		Forwarded: received}
	line := DigestCase{CaseRef: "INT-2026-0042", DPORef: "DPO/77", Kind: "access", State: "drafted", Due: due, DaysLeft: -1}
	return map[string]any{
		"dpo_chase": ChaseLetter{OrgName: "Example Family Support", CaseRef: "INT-2026-0042", Kind: "erasure", URN: "12345678",
			Chase: 1, ForwardSubject: "Data protection request INT-2026-0042: erasure, URN 12345678",
			Forwarded: received, Received: received, Due: due, WorkingDays: 5},
		"staff_reminder":     staff,
		"staff_escalation":   staff,
		"extension_reminder": staff,
		"digest": DigestLetter{OrgName: "Example Family Support", Date: due, DueWithinDays: 10,
			Overdue: []DigestCase{line}, AwaitingDPO: []DigestCase{line}},
	}
}

func TestChaseLettersRender(t *testing.T) {
	s := mustLoad(t, "")
	for name, data := range chaseSamples() {
		t.Run(name, func(t *testing.T) {
			r, err := s.Render(name, data)
			if err != nil {
				t.Fatal(err)
			}
			for part, text := range map[string]string{"subject": r.Subject, "text": r.Text, "html": r.HTML} {
				if !strings.Contains(text, "INT-2026-0042") {
					t.Errorf("%s does not quote the case reference:\n%s", part, text)
				}
				if strings.Contains(text, "<no value>") {
					t.Errorf("%s has an unfilled field:\n%s", part, text)
				}
			}
			if !strings.Contains(r.HTML, `<html lang="en-GB">`) {
				t.Errorf("html part does not declare its language")
			}
			if !strings.Contains(r.Text, "Thursday 2 April 2026") || !strings.Contains(visible(r.HTML), "Thursday 2 April 2026") {
				t.Errorf("due date missing from the body:\n%s", r.Text)
			}
		})
	}
}

func TestChaseLetterWording(t *testing.T) {
	s := mustLoad(t, "")
	data := chaseSamples()
	tests := []struct {
		name, letter string
		edit         func(any) any
		subject      string
		want         []string
	}{
		{"first chase", "dpo_chase", nil, "Re: Data protection request INT-2026-0042: erasure, URN 12345678",
			[]string{"This is a reminder", "We have not yet received your reference number"}},
		{"second chase", "dpo_chase", func(d any) any { c := d.(ChaseLetter); c.Chase, c.WorkingDays = 2, 10; return c },
			"Re: Data protection request INT-2026-0042: erasure, URN 12345678",
			[]string{"This is our second reminder", "10 working days ago", "copied the enquiry inbox"}},
		{"chase without a forward subject", "dpo_chase", func(d any) any { c := d.(ChaseLetter); c.ForwardSubject = ""; return c },
			"Reminder: data protection request INT-2026-0042", nil},
		{"reminder", "staff_reminder", nil, "Due in 5 working days: INT-2026-0042 (DPO ref DPO/77) has no approved decision",
			[]string{"in 5 working days", "needs_decision"}},
		{"reminder on the day", "staff_reminder", func(d any) any { c := d.(StaffLetter); c.DaysLeft = 0; c.DPORef = ""; return c },
			"Due today: INT-2026-0042 has no approved decision", []string{"which is today"}},
		{"overdue", "staff_escalation", nil, "OVERDUE: INT-2026-0042 (DPO ref DPO/77) was due Thursday 2 April 2026",
			[]string{"1 working day overdue"}},
		{"DPO silent", "staff_escalation", func(d any) any { c := d.(StaffLetter); c.Reason = "dpo_silent"; return c },
			"No DPO reference for INT-2026-0042 after two reminders", []string{"reminded twice"}},
		{"extension", "extension_reminder", nil, "Extension notice for INT-2026-0042 (DPO ref DPO/77) must go out by Thursday 2 April 2026",
			[]string{"within the first month"}},
		{"digest", "digest", nil, "intake daily digest for Thursday 2 April 2026: 1 overdue, 0 due soon INT-2026-0042",
			[]string{"Overdue", "Waiting for the DPO's reference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := data[tt.letter]
			if tt.edit != nil {
				d = tt.edit(d)
			}
			r, err := s.Render(tt.letter, d)
			if err != nil {
				t.Fatal(err)
			}
			if r.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", r.Subject, tt.subject)
			}
			flat, html := strings.Join(strings.Fields(r.Text), " "), visible(r.HTML)
			for _, w := range tt.want {
				if !strings.Contains(flat, w) || !strings.Contains(html, w) {
					t.Errorf("missing %q in text or html:\n%s", w, r.Text)
				}
			}
		})
	}
}

// TestAlarmLetter: the watchdog's alarm says intake's words in the subject
// and both bodies, escaped in the HTML, and signs itself.
func TestAlarmLetter(t *testing.T) {
	s := mustLoad(t, "")
	r, err := s.Render("alarm", AlarmLetter{Subject: "[intake] ALARM: sending <fails>", Body: "Sending fails since 09:00.\n\nCheck smtp.address."})
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "[intake] ALARM: sending <fails>" {
		t.Errorf("subject %q", r.Subject)
	}
	if !strings.Contains(r.Text, "Sending fails since 09:00.\n\nCheck smtp.address.") || !strings.Contains(r.Text, "sent automatically by intake") {
		t.Errorf("text:\n%s", r.Text)
	}
	if !strings.Contains(r.HTML, "sending &lt;fails&gt;") || strings.Contains(r.HTML, "<fails>") {
		t.Errorf("html does not escape the subject:\n%s", r.HTML)
	}
}
