package responder

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"example.org/intake/outbox"
)

const holdingID = "int-2026-0042.holding-reply.abc@provider.example"

func binaryFile() []byte {
	b := make([]byte, 0, 1024)
	for i := range 1024 {
		b = append(b, byte(i*7))
	}
	return b
}

func sampleAnswer() Answer {
	return Answer{
		CaseRef: "INT-2026-0042", DPORef: "DPO-2026-01234", Kind: "access",
		RequesterAddr: "sam.sample@example.org",
		Subject:       "Your data protection request [INT-2026-0042] (DPO ref DPO-2026-01234)",
		Text: "Dear Sam Sample,\n\nThank you for your request.\nYour files are attached.\n\n" +
			"Fees: £0 — café <b>not bold</b> & \"quoted\"\n\nKind regards,\n\nExample Family Support\n",
		Attachments: []File{
			{Name: "case-notes.pdf", ContentType: "application/pdf", Data: binaryFile()},
			{Name: "contacts.csv", ContentType: "text/csv; charset=utf-8", Data: []byte("name,date\r\nA,2026-01-01\n")},
		},
		InReplyTo:  holdingID,
		References: []string{"req-1@mail.example.org"},
	}
}

func TestAnswer(t *testing.T) {
	a := sampleAnswer()
	ob, err := newResponder(t).Answer(a, "int-2026-0042.answer.abc@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	checkWireFormat(t, ob.Raw)
	p := parse(t, ob.Raw)
	h := p.Header
	if got := addresses(t, h, "To"); !slices.Equal(got, []string{a.RequesterAddr}) || !slices.Equal(ob.To, got) {
		t.Errorf("To = %v (outbound %v)", got, ob.To)
	}
	for _, k := range []string{"Cc", "Bcc", "Reply-To", "Auto-Submitted", "X-Auto-Response-Suppress"} {
		if h.Has(k) {
			t.Errorf("%s present: %q", k, h.Get(k))
		}
	}
	if len(ob.Cc) != 0 || ob.Kind != outbox.KindAnswer {
		t.Errorf("outbound cc %v, kind %q", ob.Cc, ob.Kind)
	}
	if got := h.Get("In-Reply-To"); got != "<"+holdingID+">" {
		t.Errorf("In-Reply-To = %q", got)
	}
	if got := h.Get("References"); got != "<req-1@mail.example.org> <"+holdingID+">" {
		t.Errorf("References = %q", got)
	}
	if subj, _ := h.Subject(); subj != a.Subject || ob.Subject != a.Subject {
		t.Errorf("subject = %q", subj)
	}
	if !slices.Equal(p.Multiparts, []string{"multipart/mixed", "multipart/alternative"}) {
		t.Errorf("structure = %v", p.Multiparts)
	}
	if got := strings.ReplaceAll(string(p.leafOfType(t, "text/plain").Body), "\r\n", "\n"); got != a.Text {
		t.Errorf("text part differs from the approved text:\n%q\nwant\n%q", got, a.Text)
	}
	html := strings.ReplaceAll(string(p.leafOfType(t, "text/html").Body), "\r\n", "\n")
	for _, w := range []string{"<p>Dear Sam Sample,</p>", "<p>Thank you for your request.<br>\nYour files are attached.</p>",
		"café &lt;b&gt;not bold&lt;/b&gt; &amp; &#34;quoted&#34;", `<html lang="en-GB">`} {
		if !strings.Contains(html, w) {
			t.Errorf("html lacks %q:\n%s", w, html)
		}
	}
	if strings.Contains(html, "<b>") {
		t.Errorf("html has live markup from the text")
	}
	for i, f := range a.Attachments {
		want, _, _ := strings.Cut(f.ContentType, ";")
		got := p.leafOfType(t, want)
		if !bytes.Equal(got.Body, f.Data) {
			t.Errorf("attachment %d differs", i)
		}
		if got.Disposition != "attachment" || got.DispParams["filename"] != f.Name {
			t.Errorf("attachment %d: %s %v", i, got.Disposition, got.DispParams)
		}
	}
}

func TestAnswerWithoutAttachments(t *testing.T) {
	a := sampleAnswer()
	a.Attachments = nil
	ob, err := newResponder(t).Answer(a, "a.1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if p := parse(t, ob.Raw); !slices.Equal(p.Multiparts, []string{"multipart/alternative"}) || len(p.Leaves) != 2 {
		t.Errorf("structure = %v, %d leaves", p.Multiparts, len(p.Leaves))
	}
}

func TestAnswerSubject(t *testing.T) {
	tests := []struct {
		name, subject, dpoRef, want string
	}{
		{"default", "", "DPO-2026-01234", "Your data protection request [INT-2026-0042] (DPO ref DPO-2026-01234)"},
		{"default without dpo ref", "", "", "Your data protection request [INT-2026-0042]"},
		{"staff subject kept", "Your request [INT-2026-0042], DPO-2026-01234", "DPO-2026-01234", "Your request [INT-2026-0042], DPO-2026-01234"},
		{"missing references added", "Your answer", "DPO-2026-01234", "Your answer [INT-2026-0042] (DPO ref DPO-2026-01234)"},
		{"reference without brackets gets them", "About INT-2026-0042", "", "About INT-2026-0042 [INT-2026-0042]"},
		{"newlines folded", "Your\r\nBcc: x@example.org", "", "Your Bcc: x@example.org [INT-2026-0042]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleAnswer()
			a.Subject, a.DPORef = tt.subject, tt.dpoRef
			ob, err := newResponder(t).Answer(a, "a.1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			h := parse(t, ob.Raw).Header
			if subj, _ := h.Subject(); subj != tt.want || ob.Subject != tt.want {
				t.Errorf("subject = %q, want %q", subj, tt.want)
			}
			if h.Has("Bcc") {
				t.Errorf("Bcc injected")
			}
		})
	}
}

func TestAnswerHostileFileNames(t *testing.T) {
	tests := []struct {
		name, file, want string
	}{
		{"path dropped", "../../etc/passwd", "passwd"},
		{"windows path dropped", `C:\Users\x\notes.pdf`, "notes.pdf"},
		{"header injection", "a.pdf\r\nBcc: victim@example.org", "a.pdfBcc_ victim@example.org"},
		{"empty", "", "attachment-1"},
		{"quote", `a"b.pdf`, "a_b.pdf"},
		{"non-ascii", "résumé.pdf", "résumé.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleAnswer()
			a.Attachments = []File{{Name: tt.file, ContentType: "application/pdf", Data: []byte("%PDF-1.4")}}
			ob, err := newResponder(t).Answer(a, "a.1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			checkWireFormat(t, ob.Raw)
			p := parse(t, ob.Raw)
			if p.Header.Has("Bcc") {
				t.Fatal("Bcc injected")
			}
			if got := p.leafOfType(t, "application/pdf").DispParams["filename"]; got != tt.want {
				t.Errorf("filename = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAnswerFileTypes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"application/pdf", "application/pdf"},
		{"TEXT/CSV; charset=utf-8", "text/csv"},
		{"", "application/octet-stream"},
		{"pdf", "application/octet-stream"},
		{"message/rfc822", "application/octet-stream"},
		{"multipart/mixed; boundary=x", "application/octet-stream"},
		{"text/plain\r\nBcc: x@example.org", "application/octet-stream"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fileType(tt.in); got != tt.want {
				t.Errorf("fileType(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAnswerRefuses(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		mutate func(*Answer)
	}{
		{"staff note left in", "a.1@provider.example", func(a *Answer) { a.Text += "\n[Staff: list the files.]\n" }},
		{"empty text", "a.1@provider.example", func(a *Answer) { a.Text = " \n" }},
		{"text not utf-8", "a.1@provider.example", func(a *Answer) { a.Text = "caf\xe9" }},
		{"no requester", "a.1@provider.example", func(a *Answer) { a.RequesterAddr = "" }},
		{"requester with a name", "a.1@provider.example", func(a *Answer) { a.RequesterAddr = "Sam <sam@example.org>" }},
		{"two requesters", "a.1@provider.example", func(a *Answer) { a.RequesterAddr = "a@example.org, b@example.org" }},
		{"no case reference", "a.1@provider.example", func(a *Answer) { a.CaseRef = "" }},
		{"bad message id", "<a.1@provider.example>", func(*Answer) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sampleAnswer()
			tt.mutate(&a)
			if _, err := newResponder(t).Answer(a, tt.id, sentAt); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func TestAnswerSameInputSameBytes(t *testing.T) {
	a := sampleAnswer()
	one, err := newResponder(t).Answer(a, "a.1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	two, err := newResponder(t).Answer(a, "a.1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	three, err := newResponder(t).Answer(a, "a.2@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one.Raw, two.Raw) {
		t.Error("same input gave different bytes")
	}
	if bytes.Equal(one.Raw, three.Raw) {
		t.Error("different Message-ID gave the same bytes")
	}
}

// FuzzAnswerText: whatever staff approved is what the requester reads, in
// a message SMTP can carry, with no markup of theirs live in the HTML.
func FuzzAnswerText(f *testing.F) {
	f.Add("Dear Sam,\n\nHere you are.\n", "notes.pdf")
	f.Add("trailing space \nand tab\t\n\n\n<script>x</script>", "a\r\nb")
	f.Add(strings.Repeat("long line ", 200), "")
	f.Add("Caf\u00e9 \u2014 \u00a3 =3D =\r\nsoft", "r\u00e9sum\u00e9.pdf")
	r, err := New(Options{From: fromLine, DPO: dpoAddr, EnquiryCC: enquiry})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, name string) {
		a := sampleAnswer()
		a.Text, a.Attachments = text, []File{{Name: name, ContentType: "application/pdf", Data: []byte(text)}}
		out, err := r.Answer(a, "a.1@provider.example", sentAt)
		if err != nil {
			return // empty, not UTF-8 or a staff note: refused, nothing to check
		}
		checkWireFormat(t, out.Raw)
		p := parse(t, out.Raw)
		if got := strings.ReplaceAll(string(p.leafOfType(t, "text/plain").Body), "\r\n", "\n"); got != normaliseNewlines(text) {
			t.Fatalf("text part differs:\n%q\nwant\n%q", got, normaliseNewlines(text))
		}
		if !bytes.Equal(p.leafOfType(t, "application/pdf").Body, []byte(text)) {
			t.Fatal("attachment differs")
		}
		if html := string(p.leafOfType(t, "text/html").Body); strings.Count(html, "<") != strings.Count(textToHTML(out.Subject, ""), "<")+
			strings.Count(html, "<p>")+strings.Count(html, "</p>")+strings.Count(html, "<br>") {
			t.Fatalf("html has markup that is not ours:\n%s", html)
		}
	})
}
