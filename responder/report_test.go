package responder

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/outbox"
)

const dpoReplyID = "CWLP123MB4567.dpo-reply@dpo.example"

func sampleReport(t *testing.T) Report {
	t.Helper()
	ans, err := newResponder(t).Answer(sampleAnswer(), "int-2026-0042.answer.abc@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	return Report{
		CaseRef: "INT-2026-0042", DPORef: "DPO-2026-01234", Kind: "erasure", Outcome: OutcomeAccept,
		ApprovedBy: "Jo Staff", SentAt: time.Date(2026, time.March, 20, 14, 5, 0, 0, time.UTC),
		AnswerRaw: ans.Raw, InReplyTo: dpoReplyID, References: []string{forwardID},
	}
}

func TestAnswerReport(t *testing.T) {
	tests := []struct {
		name        string
		dpoRef      string
		answerRaw   []byte
		wantSubject string
		wantBody    []string
		wantEnc     string
	}{
		{"with the DPO reference", "DPO-2026-01234", nil,
			"Answer sent: data protection request [INT-2026-0042] (DPO ref DPO-2026-01234)",
			[]string{"DPO-2026-01234", "INT-2026-0042", "Jo Staff", "Friday 20 March 2026", "request agreed",
				"right to erasure", "your reference DPO-2026-01234 and our reference INT-2026-0042"}, "7bit"},
		{"without one", "", nil,
			"Answer sent: data protection request [INT-2026-0042] (no DPO ref)",
			[]string{"not received (see below)", "sent without it", "Please reply with your reference"}, "7bit"},
		{"an 8-bit answer travels as base64", "DPO-2026-01234", []byte("Subject: caf\xc3\xa9\n\nbody\n"),
			"Answer sent: data protection request [INT-2026-0042] (DPO ref DPO-2026-01234)", nil, "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := sampleReport(t)
			rep.DPORef = tt.dpoRef
			if tt.answerRaw != nil {
				rep.AnswerRaw = tt.answerRaw
			}
			ob, err := newResponder(t).AnswerReport(rep, "int-2026-0042.answer-report.abc@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			checkWireFormat(t, ob.Raw)
			p := parse(t, ob.Raw)
			h := p.Header
			if got := addresses(t, h, "To"); !slices.Equal(got, []string{dpoAddr}) {
				t.Errorf("To = %v", got)
			}
			if got := addresses(t, h, "Cc"); !slices.Equal(got, enquiry) || !slices.Equal(ob.Cc, enquiry) {
				t.Errorf("Cc = %v (outbound %v)", got, ob.Cc)
			}
			if subj, _ := h.Subject(); subj != tt.wantSubject {
				t.Errorf("subject = %q, want %q", subj, tt.wantSubject)
			}
			if h.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("Auto-Submitted = %q", h.Get("Auto-Submitted"))
			}
			if got := h.Get("In-Reply-To"); got != "<"+dpoReplyID+">" {
				t.Errorf("In-Reply-To = %q", got)
			}
			if got := h.Get("References"); got != "<"+forwardID+"> <"+dpoReplyID+">" {
				t.Errorf("References = %q", got)
			}
			att := p.leafOfType(t, "message/rfc822")
			if !bytes.Equal(att.Body, rep.AnswerRaw) {
				t.Errorf("attached answer differs")
			}
			if att.Encoding != tt.wantEnc || att.DispParams["filename"] != "answer-sent.eml" {
				t.Errorf("attachment encoding %q, params %v", att.Encoding, att.DispParams)
			}
			text := flat(p.leafOfType(t, "text/plain").Body)
			html := visible(p.leafOfType(t, "text/html").Body)
			for _, w := range tt.wantBody {
				if !strings.Contains(text, w) || !strings.Contains(html, w) {
					t.Errorf("body lacks %q:\n%s", w, text)
				}
			}
			if ob.Kind != outbox.KindAnswerReport {
				t.Errorf("kind = %q", ob.Kind)
			}
		})
	}
}

func TestAnswerReportRefuses(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*Report)
	}{
		{"no answer", func(r *Report) { r.AnswerRaw = nil }},
		{"nobody approved", func(r *Report) { r.ApprovedBy = " " }},
		{"no send date", func(r *Report) { r.SentAt = time.Time{} }},
		{"no case reference", func(r *Report) { r.CaseRef = "" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := sampleReport(t)
			tt.mutate(&rep)
			if _, err := newResponder(t).AnswerReport(rep, "r.1@provider.example", sentAt); err == nil {
				t.Error("accepted")
			}
		})
	}
}

// FuzzAnswerReportAttachment: whatever was sent, the DPO gets it byte for
// byte in a message SMTP can carry.
func FuzzAnswerReportAttachment(f *testing.F) {
	f.Add([]byte("Subject: hi\r\n\r\nbody\r\n"))
	f.Add([]byte("Subject: caf\xc3\xa9\r\n\r\n\x00\r"))
	f.Add(bytes.Repeat([]byte("y"), 1500))
	r, err := New(Options{From: fromLine, DPO: dpoAddr, EnquiryCC: enquiry})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 0 {
			return
		}
		rep := Report{CaseRef: "INT-2026-0042", Kind: "access", ApprovedBy: "Jo", SentAt: sentAt, AnswerRaw: raw}
		out, err := r.AnswerReport(rep, "rep-1@provider.example", sentAt)
		if err != nil {
			t.Fatal(err)
		}
		checkWireFormat(t, out.Raw)
		if att := parse(t, out.Raw).leafOfType(t, "message/rfc822"); !bytes.Equal(att.Body, raw) {
			t.Fatalf("attached answer differs")
		}
	})
}
