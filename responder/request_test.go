package responder

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

func sampleRequesterRequest() RequesterRequest {
	return RequesterRequest{
		CaseRef: "INT-2026-0042", Kind: "access", Rights: []string{"access"},
		RequesterAddr: "sam.sample@example.org",
		Received:      time.Date(2026, time.March, 2, 0, 0, 0, 0, london),
		Due:           time.Date(2026, time.April, 2, 0, 0, 0, 0, london),
		NewDue:        time.Date(2026, time.June, 2, 0, 0, 0, 0, london),
		Question:      "Which years do you want records for?\nAnd which <programme> site?",
		Reasons:       "Your request covers records held at four sites & we need to collect them.",
		InReplyTo:     holdingID,
		References:    []string{"req-1@mail.example.org"},
	}
}

func TestRequesterRequests(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name    string
		build   func(RequesterRequest, string, time.Time) (*Outbound, error)
		kind    string
		subject string
		want    []string
	}{
		{"id request", r.IDRequest, outbox.KindIDRequest, "Proof of identity for your data protection request [INT-2026-0042]",
			[]string{"photo ID", "proof of address", "starts on the day we receive these documents",
				"a request for a copy of any personal information we may hold about you"}},
		{"clarification", r.ClarificationRequest, outbox.KindClarificationRequest, "A question about your data protection request [INT-2026-0042]",
			[]string{"Which years do you want records for?", "paused until we hear from you"}},
		{"extension", r.ExtensionNotice, outbox.KindExtensionNotice, "More time needed for your data protection request [INT-2026-0042]",
			[]string{"up to two further months", "four sites", "by Tuesday 2 June 2026", "0303 123 1113", "ico.org.uk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := sampleRequesterRequest()
			ob, err := tt.build(q, "int-2026-0042."+tt.kind+".abc@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			checkWireFormat(t, ob.Raw)
			p := parse(t, ob.Raw)
			h := p.Header
			if got := addresses(t, h, "To"); !slices.Equal(got, []string{q.RequesterAddr}) || len(ob.Cc) != 0 {
				t.Errorf("To = %v, Cc = %v", got, ob.Cc)
			}
			for _, k := range []string{"Cc", "Bcc", "Reply-To"} {
				if h.Has(k) {
					t.Errorf("%s present", k)
				}
			}
			if h.Get("Auto-Submitted") != "auto-generated" || h.Get("X-Auto-Response-Suppress") != "All" {
				t.Errorf("auto headers: %q %q", h.Get("Auto-Submitted"), h.Get("X-Auto-Response-Suppress"))
			}
			if got := h.Get("In-Reply-To"); got != "<"+holdingID+">" {
				t.Errorf("In-Reply-To = %q", got)
			}
			if subj, _ := h.Subject(); subj != tt.subject || ob.Kind != tt.kind {
				t.Errorf("subject = %q, kind %q", subj, ob.Kind)
			}
			text := flat(p.leafOfType(t, "text/plain").Body)
			html := visible(p.leafOfType(t, "text/html").Body)
			for _, w := range append(tt.want, "INT-2026-0042", "Monday 2 March 2026", "Example Family Support") {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
				if !strings.Contains(html, w) {
					t.Errorf("html lacks %q:\n%s", w, html)
				}
			}
			// Invariant 8: nothing that says we know the person or hold
			// data about them.
			for _, w := range []string{"DPO", "URN", "Sam", "records show", "we hold about you"} {
				if strings.Contains(text, w) {
					t.Errorf("text says %q:\n%s", w, text)
				}
			}
			if strings.Contains(string(p.leafOfType(t, "text/html").Body), "<programme>") {
				t.Errorf("staff text not escaped in html")
			}
		})
	}
}

// TestRequesterRequestLetterCarriesNoCaseDetails guards invariant 8 at the
// type level: a field added to the letter data is one an override could
// print to an impostor.
func TestRequesterRequestLetterCarriesNoCaseDetails(t *testing.T) {
	allowed := map[string]bool{"OrgName": true, "CaseRef": true, "Kind": true, "Rights": true, "Received": true,
		"Question": true, "Reasons": true, "NewDue": true,
		"Start": true} // the day the requester's own evidence arrived, like Received
	typ := reflect.TypeFor[templates.RequesterRequestLetter]()
	for i := range typ.NumField() {
		if f := typ.Field(i); !allowed[f.Name] {
			t.Errorf("RequesterRequestLetter.%s: letters to requesters must not carry case details (DESIGN.md invariant 8)", f.Name)
		}
	}
}

func TestExtensionNoticeTiming(t *testing.T) {
	r := newResponder(t)
	onDueDay := time.Date(2026, time.April, 2, 21, 0, 0, 0, time.UTC) // 22:00 in London, still the due date
	dayAfter := time.Date(2026, time.April, 2, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		name   string
		date   time.Time
		mutate func(*RequesterRequest)
		ok     bool
	}{
		{"within the first month", sentAt, func(*RequesterRequest) {}, true},
		{"on the due date, late evening", onDueDay, func(*RequesterRequest) {}, true},
		{"after the due date in the UK", dayAfter, func(*RequesterRequest) {}, false},
		{"no reasons", sentAt, func(q *RequesterRequest) { q.Reasons = " " }, false},
		{"new due date not later", sentAt, func(q *RequesterRequest) { q.NewDue = q.Due }, false},
		{"no new due date", sentAt, func(q *RequesterRequest) { q.NewDue = time.Time{} }, false},
		{"no due date", sentAt, func(q *RequesterRequest) { q.Due = time.Time{} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := sampleRequesterRequest()
			tt.mutate(&q)
			_, err := r.ExtensionNotice(q, "e.1@provider.example", tt.date)
			if (err == nil) != tt.ok {
				t.Errorf("err = %v, want ok %v", err, tt.ok)
			}
		})
	}
}

func TestRequesterRequestRefuses(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name   string
		build  func(RequesterRequest, string, time.Time) (*Outbound, error)
		mutate func(*RequesterRequest)
	}{
		{"clarification without a question", r.ClarificationRequest, func(q *RequesterRequest) { q.Question = "\n" }},
		{"no address", r.IDRequest, func(q *RequesterRequest) { q.RequesterAddr = "" }},
		{"address with a name", r.IDRequest, func(q *RequesterRequest) { q.RequesterAddr = "Sam <sam@example.org>" }},
		{"no kind", r.IDRequest, func(q *RequesterRequest) { q.Kind = "" }},
		{"no receipt date", r.IDRequest, func(q *RequesterRequest) { q.Received = time.Time{} }},
		{"bad case reference", r.IDRequest, func(q *RequesterRequest) { q.CaseRef = "INT 1" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := sampleRequesterRequest()
			tt.mutate(&q)
			if _, err := tt.build(q, "q.1@provider.example", sentAt); err == nil {
				t.Error("accepted")
			}
		})
	}
}
