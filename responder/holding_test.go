package responder

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"example.org/intake/outbox"
)

func TestHoldingReply(t *testing.T) {
	r := newResponder(t)
	req := sampleRequest(t)
	out, err := r.HoldingReply(req, "ack-INT-2026-0042.1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != outbox.KindHoldingReply || out.MessageID != "ack-INT-2026-0042.1@provider.example" ||
		out.From != "intake@provider.example" || !reflect.DeepEqual(out.To, []string{"sam.sample@example.org"}) || out.Cc != nil {
		t.Errorf("outbound envelope = %+v", out)
	}
	checkWireFormat(t, out.Raw)
	p := parse(t, out.Raw)
	h := p.Header

	if got := addresses(t, h, "From"); !reflect.DeepEqual(got, []string{"intake@provider.example"}) {
		t.Errorf("From = %v", got)
	}
	if got := addresses(t, h, "To"); !reflect.DeepEqual(got, []string{"sam.sample@example.org"}) {
		t.Errorf("To = %v", got)
	}
	for _, k := range []string{"Cc", "Bcc", "Reply-To", "User-Agent", "X-Mailer", "Precedence"} {
		if h.Has(k) {
			t.Errorf("unexpected %s: %q", k, h.Get(k))
		}
	}
	if subj, _ := h.Subject(); subj != "Your data protection request [INT-2026-0042]" || out.Subject != subj {
		t.Errorf("Subject = %q (outbound %q)", subj, out.Subject)
	}
	if id, _ := h.MessageID(); id != out.MessageID {
		t.Errorf("Message-ID = %q", id)
	}
	if d, _ := h.Date(); !d.Equal(sentAt) {
		t.Errorf("Date = %v, want %v", d, sentAt)
	}
	if got, _ := h.MsgIDList("In-Reply-To"); !reflect.DeepEqual(got, []string{"req-1@mail.example.org"}) {
		t.Errorf("In-Reply-To = %v", got)
	}
	wantRefs := []string{"root@mail.example.org", "mid@mail.example.org", "req-1@mail.example.org"}
	if got, err := h.MsgIDList("References"); err != nil || !reflect.DeepEqual(got, wantRefs) {
		t.Errorf("References = %v, %v; want %v", got, err, wantRefs)
	}
	if got := h.Values("References"); len(got) != 1 || strings.Contains(got[0], ",") {
		t.Errorf("References must be one space-separated field, got %q", got)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-replied" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if got := h.Get("X-Auto-Response-Suppress"); got != "All" {
		t.Errorf("X-Auto-Response-Suppress = %q", got)
	}

	if !reflect.DeepEqual(p.Multiparts, []string{"multipart/alternative"}) || len(p.Leaves) != 2 {
		t.Fatalf("structure: %v with %d leaves", p.Multiparts, len(p.Leaves))
	}
	text := flat(p.leafOfType(t, "text/plain").Body)
	html := visible(p.leafOfType(t, "text/html").Body)
	for _, want := range []string{"INT-2026-0042", "Monday 2 March 2026", "Thursday 2 April 2026",
		"data protection officer", "keep INT-2026-0042 in the subject line"} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("body lacks %q\ntext: %s\nhtml: %s", want, text, html)
		}
	}
}

// TestHoldingReplyConfirmsNothing is DESIGN.md invariant 8: whatever the
// case knows, the requester is told nothing that shows we know them.
func TestHoldingReplyConfirmsNothing(t *testing.T) {
	r := newResponder(t)
	for _, kind := range []string{"erasure", "access", "rectification", "restriction", "objection", "portability", "complaint", "other"} {
		t.Run(kind, func(t *testing.T) {
			req := sampleRequest(t)
			req.Kind, req.Rights = kind, []string{kind}
			req.RequesterName = "Quentin Unusualname"
			req.OrigSubject = "Subject-Only-In-Original"
			out, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			p := parse(t, out.Raw)
			decoded := []byte(p.Header.Get("Subject"))
			for _, l := range p.Leaves {
				decoded = append(decoded, l.Body...)
			}
			for _, secret := range []string{"12345678", "URN", "Quentin", "Unusualname", "Subject-Only-In-Original", "dpo.example"} {
				if bytes.Contains(out.Raw, []byte(secret)) || bytes.Contains(decoded, []byte(secret)) {
					t.Errorf("holding reply reveals %q", secret)
				}
			}
		})
	}
}

func TestHoldingReplyAccessExplainsID(t *testing.T) {
	r := newResponder(t)
	for _, needsID := range []bool{false, true} {
		req := sampleRequest(t)
		req.Kind, req.Rights, req.NeedsID = "access", []string{"access"}, needsID
		out, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
		if err != nil {
			t.Fatal(err)
		}
		text := flat(parse(t, out.Raw).leafOfType(t, "text/plain").Body)
		for _, want := range []string{"photo ID", "proof of address", "reply to this email", "the month starts on the day we receive them"} {
			if !strings.Contains(text, want) {
				t.Errorf("NeedsID=%v: access reply lacks %q", needsID, want)
			}
		}
	}
}

// The ID paragraph must not depend on NeedsID: a reply that changed for
// people we recognise would tell an impostor that we recognise them.
func TestHoldingReplyIgnoresNeedsID(t *testing.T) {
	r := newResponder(t)
	req := sampleRequest(t)
	req.Kind, req.Rights = "access", []string{"access"}
	req.NeedsID = false
	a, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	req.NeedsID = true
	b, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Raw, b.Raw) {
		t.Error("holding reply differs with NeedsID")
	}
}

func TestHoldingReplyWithoutOriginalID(t *testing.T) {
	r := newResponder(t)
	for name, id := range map[string]string{"absent": "", "malformed": "no-at-sign", "injection": "a@b\r\nBcc: x@example.org"} {
		t.Run(name, func(t *testing.T) {
			req := sampleRequest(t)
			req.OrigMessageID = id
			out, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			h := parse(t, out.Raw).Header
			for _, k := range []string{"In-Reply-To", "References", "Bcc"} {
				if h.Has(k) {
					t.Errorf("%s present: %q", k, h.Get(k))
				}
			}
		})
	}
}

func TestHoldingReplyRejects(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name   string
		change func(*Request)
		msgID  string
	}{
		{"requester with display name", func(q *Request) { q.RequesterAddr = "Sam <sam@example.org>" }, "a@b"},
		{"two requesters", func(q *Request) { q.RequesterAddr = "sam@example.org, kim@example.org" }, "a@b"},
		{"no requester", func(q *Request) { q.RequesterAddr = "" }, "a@b"},
		{"no case reference", func(q *Request) { q.CaseRef = "" }, "a@b"},
		{"case reference with a newline", func(q *Request) { q.CaseRef = "INT-1\r\nBcc: x@example.org" }, "a@b"},
		{"no kind", func(q *Request) { q.Kind = "" }, "a@b"},
		{"no due date", func(q *Request) { q.Due = time.Time{} }, "a@b"},
		{"message id with brackets", func(*Request) {}, "<a@b>"},
		{"empty message id", func(*Request) {}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := sampleRequest(t)
			tt.change(&req)
			if _, err := r.HoldingReply(req, tt.msgID, sentAt); err == nil {
				t.Error("accepted")
			} else if strings.Contains(err.Error(), "example.org") {
				t.Errorf("error quotes an address: %v", err)
			}
		})
	}
}
