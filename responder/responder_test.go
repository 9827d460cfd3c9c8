package responder

import (
	"bytes"
	"strings"
	"testing"

	"example.org/intake/templates"
)

func TestSameInputSameBytes(t *testing.T) {
	build := func(r *Responder, req Request, id string) [][]byte {
		hr, err := r.HoldingReply(req, id, sentAt)
		if err != nil {
			t.Fatal(err)
		}
		fw, err := r.DPOForward(req, id, sentAt)
		if err != nil {
			t.Fatal(err)
		}
		return [][]byte{hr.Raw, fw.Raw}
	}
	req := sampleRequest(t)
	// Two responders, so that nothing cached in one can make the bytes agree.
	a := build(newResponder(t), req, "m-1@provider.example")
	b := build(newResponder(t), req, "m-1@provider.example")
	c := build(newResponder(t), req, "m-2@provider.example")
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("message %d: same input gave different bytes", i)
		}
		if bytes.Equal(a[i], c[i]) {
			t.Errorf("message %d: different Message-ID gave the same bytes", i)
		}
	}
}

func TestHTMLIsEscaped(t *testing.T) {
	const evil = `<script>alert("x")</script>`
	r, err := New(Options{OrgName: "Example " + evil, From: fromLine, DPO: dpoAddr, EnquiryCC: enquiry})
	if err != nil {
		t.Fatal(err)
	}
	req := sampleRequest(t)
	req.RequesterName = "Sam " + evil
	req.OrigSubject = "Delete " + evil
	req.URN = evil
	hr, err := r.HoldingReply(req, "m-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	fw, err := r.DPOForward(req, "m-2@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string][]byte{"holding reply": hr.Raw, "forward": fw.Raw} {
		html := string(parse(t, raw).leafOfType(t, "text/html").Body)
		if strings.Contains(html, "<script") {
			t.Errorf("%s: html part has a live script tag:\n%s", name, html)
		}
		if !strings.Contains(html, "&lt;script&gt;") {
			t.Errorf("%s: escaped text missing", name)
		}
	}
	// The plain text part is not HTML: the forward shows the name as typed.
	if text := string(parse(t, fw.Raw).leafOfType(t, "text/plain").Body); !strings.Contains(text, "Sam "+evil) {
		t.Errorf("forward text altered the name:\n%s", text)
	}
}

func TestSubjectCannotInjectHeaders(t *testing.T) {
	req := sampleRequest(t)
	req.URN = "123\r\nBcc: victim@example.org"
	out, err := newResponder(t).DPOForward(req, "m-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if h := parse(t, out.Raw).Header; h.Has("Bcc") {
		t.Errorf("Bcc injected: %q", h.Get("Bcc"))
	}
}

func TestOverrideFolder(t *testing.T) {
	set, err := templates.Load("testdata/override-subject")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{OrgName: "Example Family Support", From: fromLine, DPO: dpoAddr, Templates: set})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.HoldingReply(sampleRequest(t), "m-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if subj, _ := parse(t, out.Raw).Header.Subject(); subj != "We have your data protection request [INT-2026-0042]" {
		t.Errorf("Subject = %q", subj)
	}
}

// An override that tries to tell the requester their URN parses, but the
// data for requester letters has no URN: New refuses it at start-up.
func TestNewRefusesOverrideThatLeaksCaseDetails(t *testing.T) {
	set, err := templates.Load("testdata/override-leaks-urn")
	if err != nil {
		t.Fatal(err)
	}
	_, err = New(Options{OrgName: "Example Family Support", From: fromLine, DPO: dpoAddr, Templates: set})
	if err == nil || !strings.Contains(err.Error(), "holding_reply.txt.tmpl") {
		t.Errorf("New: err = %v, want an error naming holding_reply.txt.tmpl", err)
	}
}

func TestNewRejects(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"no from", Options{DPO: dpoAddr}},
		{"bad from", Options{From: "not an address", DPO: dpoAddr}},
		{"no dpo", Options{From: fromLine}},
		{"dpo with a name", Options{From: fromLine, DPO: "DPO <" + dpoAddr + ">"}},
		{"bad enquiry cc", Options{From: fromLine, DPO: dpoAddr, EnquiryCC: []string{"enquiries"}}},
		{"two addresses in one cc", Options{From: fromLine, DPO: dpoAddr, EnquiryCC: []string{"a@dpo.example, b@dpo.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.opts); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestNewAcceptsBareFrom(t *testing.T) {
	r, err := New(Options{From: "intake@provider.example", DPO: dpoAddr})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.HoldingReply(sampleRequest(t), "m-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if got := addresses(t, parse(t, out.Raw).Header, "From"); len(got) != 1 || got[0] != "intake@provider.example" {
		t.Errorf("From = %v", got)
	}
}
