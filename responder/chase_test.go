package responder

import (
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/templates"
)

const forwardID = "int-2026-0042.dpo-forward.abc@provider.example"

func chaseData(n int) templates.ChaseLetter {
	return templates.ChaseLetter{
		CaseRef: "INT-2026-0042", Kind: "erasure", URN: "12345678", Chase: n,
		ForwardSubject: "Data protection request INT-2026-0042: erasure, URN 12345678",
		Forwarded:      time.Date(2026, time.March, 2, 9, 20, 0, 0, time.UTC),
		Received:       time.Date(2026, time.March, 2, 0, 0, 0, 0, london),
		Due:            time.Date(2026, time.April, 2, 0, 0, 0, 0, london),
		WorkingDays:    10,
	}
}

func TestDPOChase(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name   string
		chase  int
		wantCc []string
		want   string
	}{
		{"first chase goes to the DPO alone", 1, nil, "This is a reminder about our data protection request INT-2026-0042"},
		{"second chase copies the enquiry inbox", 2, enquiry, "This is our second reminder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := "int-2026-0042.dpo-chase-1.abc@provider.example"
			ob, err := r.DPOChase(chaseData(tt.chase), forwardID, id, sentAt)
			if err != nil {
				t.Fatal(err)
			}
			checkWireFormat(t, ob.Raw)
			p := parse(t, ob.Raw)
			h := p.Header
			if got := addresses(t, h, "To"); !slices.Equal(got, []string{dpoAddr}) {
				t.Errorf("To = %v", got)
			}
			if got := addresses(t, h, "Cc"); !slices.Equal(got, tt.wantCc) || !slices.Equal(ob.Cc, tt.wantCc) {
				t.Errorf("Cc = %v (outbound %v), want %v", got, ob.Cc, tt.wantCc)
			}
			if got := h.Get("In-Reply-To"); got != "<"+forwardID+">" {
				t.Errorf("In-Reply-To = %q", got)
			}
			if got := h.Get("References"); got != "<"+forwardID+">" {
				t.Errorf("References = %q", got)
			}
			if got := h.Get("Auto-Submitted"); got != "auto-generated" {
				t.Errorf("Auto-Submitted = %q", got)
			}
			if got := h.Get("Message-Id"); got != "<"+id+">" {
				t.Errorf("Message-ID = %q", got)
			}
			if want := "Re: Data protection request INT-2026-0042: erasure, URN 12345678"; ob.Subject != want {
				t.Errorf("subject = %q, want %q", ob.Subject, want)
			}
			if ob.Kind != "dpo_chase_"+string(rune('0'+tt.chase)) {
				t.Errorf("kind = %q", ob.Kind)
			}
			text := flat(p.leafOfType(t, "text/plain").Body)
			html := visible(p.leafOfType(t, "text/html").Body)
			for _, w := range []string{tt.want, "Thursday 2 April 2026", "INT-2026-0042", "Example Family Support"} {
				if !strings.Contains(text, w) || !strings.Contains(html, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
		})
	}
}

func TestDPOChaseRefusesBadInput(t *testing.T) {
	r := newResponder(t)
	if _, err := r.DPOChase(chaseData(3), forwardID, "x.y@provider.example", sentAt); err == nil {
		t.Error("third chase accepted")
	}
	if _, err := r.DPOChase(chaseData(1), forwardID, "not an id", sentAt); err == nil {
		t.Error("bad message id accepted")
	}
	// A forward id that is not well formed is dropped, not copied.
	ob, err := r.DPOChase(chaseData(1), "bad id>\r\nBcc: x@example.org", "x.y@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if h := parse(t, ob.Raw).Header; h.Get("In-Reply-To") != "" || h.Get("Bcc") != "" {
		t.Errorf("bad thread id copied: %q", h.Get("In-Reply-To"))
	}
}

func TestStaffMail(t *testing.T) {
	r := newResponder(t)
	staff := []string{"casework@provider.example", "lead@provider.example"}
	due := time.Date(2026, time.April, 2, 0, 0, 0, 0, london)
	letter := templates.StaffLetter{CaseRef: "INT-2026-0042", DPORef: "DPO/77", Kind: "access", State: "needs_decision",
		Reason: "overdue", Received: due.AddDate(0, -1, 0), Due: due, DaysLeft: 5, DaysOver: 2}
	tests := []struct {
		name, letter, root string
		data               any
		subject            string
		body               []string
	}{
		{"reminder", LetterStaffReminder, "", letter,
			"Due in 5 working days: INT-2026-0042 (DPO ref DPO/77) has no approved decision",
			[]string{"must be answered by Thursday 2 April 2026, in 5 working days", "needs_decision"}},
		{"overdue escalation threads under the first", LetterStaffEscalation, "int-2026-0042.staff-reminder-10.abc@provider.example", letter,
			"OVERDUE: INT-2026-0042 (DPO ref DPO/77) was due Thursday 2 April 2026",
			[]string{"2 working days overdue"}},
		{"digest", LetterDigest, "", templates.DigestLetter{Date: due, DueWithinDays: 10,
			Overdue: []templates.DigestCase{{CaseRef: "INT-2026-0042", DPORef: "DPO/77", Kind: "access", State: "drafted", Due: due, DaysLeft: -2}}},
			"intake daily digest for Thursday 2 April 2026: 1 overdue, 0 due soon INT-2026-0042",
			[]string{"Overdue", "INT-2026-0042 (DPO ref DPO/77) access, drafted, was due Thursday 2 April 2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ob, err := r.StaffMail(tt.letter, "", staff, tt.data, tt.root, "m.1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			p := parse(t, ob.Raw)
			if got := addresses(t, p.Header, "To"); !slices.Equal(got, staff) || len(ob.Cc) != 0 {
				t.Errorf("To = %v, Cc = %v", got, ob.Cc)
			}
			if ob.Subject != tt.subject {
				t.Errorf("subject = %q, want %q", ob.Subject, tt.subject)
			}
			if p.Header.Get("Auto-Submitted") != "auto-generated" || p.Header.Get("X-Auto-Response-Suppress") != "All" {
				t.Errorf("auto headers missing")
			}
			wantReply := ""
			if tt.root != "" {
				wantReply = "<" + tt.root + ">"
			}
			if got := p.Header.Get("In-Reply-To"); got != wantReply {
				t.Errorf("In-Reply-To = %q, want %q", got, wantReply)
			}
			text := flat(p.leafOfType(t, "text/plain").Body)
			for _, w := range tt.body {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in\n%s", w, text)
				}
			}
			if ob.Kind != tt.letter {
				t.Errorf("kind = %q", ob.Kind)
			}
		})
	}
	if _, err := r.StaffMail(LetterStaffReminder, "", nil, letter, "", "m.1@provider.example", sentAt); err == nil {
		t.Error("no staff accepted")
	}
	if _, err := r.StaffMail(LetterStaffReminder, "", []string{"Name <a@b.example>"}, letter, "", "m.1@provider.example", sentAt); err == nil {
		t.Error("address with a name accepted")
	}
	if _, err := r.StaffMail(LetterStaffReminder, "", staff, chaseData(1), "", "m.1@provider.example", sentAt); err == nil {
		t.Error("wrong data type accepted")
	}
}

func TestChaseLettersRender(t *testing.T) {
	if err := newResponder(t).CheckChaseLetters(); err != nil {
		t.Fatal(err)
	}
}
