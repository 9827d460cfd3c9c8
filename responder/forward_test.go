package responder

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"example.org/intake/outbox"
)

func TestDPOForward(t *testing.T) {
	r := newResponder(t)
	req := sampleRequest(t)
	req.Rights = []string{"erasure", "access"}
	req.Unreadable, req.NeedsID = true, true
	out, err := r.DPOForward(req, "fwd-INT-2026-0042.1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if out.Kind != outbox.KindDPOForward || out.From != "intake@provider.example" ||
		!reflect.DeepEqual(out.To, []string{dpoAddr}) || !reflect.DeepEqual(out.Cc, enquiry) {
		t.Errorf("outbound envelope = %+v", out)
	}
	if got := out.Recipients(); !reflect.DeepEqual(got, append([]string{dpoAddr}, enquiry...)) {
		t.Errorf("Recipients() = %v", got)
	}
	checkWireFormat(t, out.Raw)
	p := parse(t, out.Raw)
	h := p.Header
	if got := addresses(t, h, "To"); !reflect.DeepEqual(got, []string{dpoAddr}) {
		t.Errorf("To = %v", got)
	}
	if got := addresses(t, h, "Cc"); !reflect.DeepEqual(got, enquiry) {
		t.Errorf("Cc = %v, want %v", got, enquiry)
	}
	if subj, _ := h.Subject(); subj != "Data protection request INT-2026-0042: erasure, URN 12345678" || subj != out.Subject {
		t.Errorf("Subject = %q", subj)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", got)
	}
	if id, _ := h.MessageID(); id != "fwd-INT-2026-0042.1@provider.example" {
		t.Errorf("Message-ID = %q", id)
	}
	for _, k := range []string{"In-Reply-To", "References", "User-Agent", "X-Mailer", "Bcc"} {
		if h.Has(k) {
			t.Errorf("unexpected %s", k)
		}
	}
	if !reflect.DeepEqual(p.Multiparts, []string{"multipart/mixed", "multipart/alternative"}) {
		t.Errorf("structure = %v", p.Multiparts)
	}

	text := flat(p.leafOfType(t, "text/plain").Body)
	html := visible(p.leafOfType(t, "text/html").Body)
	for _, want := range []string{"INT-2026-0042", "erasure (right to erasure)", "erasure, access", "12345678",
		"Sam Sample", "sam.sample@example.org", "Please delete my details", "Monday 2 March 2026", "Thursday 2 April 2026",
		"different address", "could not read all", "proof of identity",
		"reply to this email with your reference number", "keep our reference INT-2026-0042 in the subject line"} {
		if !strings.Contains(text, want) || !strings.Contains(html, want) {
			t.Errorf("forward lacks %q\ntext: %s", want, text)
		}
	}

	att := p.leafOfType(t, "message/rfc822")
	if att.Disposition != "attachment" || att.DispParams["filename"] != originalName {
		t.Errorf("attachment disposition %q %v", att.Disposition, att.DispParams)
	}
	if att.Encoding != "7bit" {
		t.Errorf("7-bit original sent as %q, want 7bit", att.Encoding)
	}
	if !bytes.Equal(att.Body, req.OrigRaw) {
		t.Errorf("attached original differs:\n%q\nwant\n%q", att.Body, req.OrigRaw)
	}
}

func TestDPOForwardWithoutURN(t *testing.T) {
	r := newResponder(t)
	req := sampleRequest(t)
	req.URN, req.RequesterName, req.ReplyToDiffers = "", "", false
	out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if out.Subject != "Data protection request INT-2026-0042: erasure, URN not known" {
		t.Errorf("Subject = %q", out.Subject)
	}
	text := flat(parse(t, out.Raw).leafOfType(t, "text/plain").Body)
	for _, want := range []string{"Participant URN: URN not known", "Requester's name: not given"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q: %s", want, text)
		}
	}
	for _, dontWant := range []string{"different address", "could not read all", "proof of identity"} {
		if strings.Contains(text, dontWant) {
			t.Errorf("unexpected %q", dontWant)
		}
	}
}

func TestDPOForwardWithoutEnquiryCC(t *testing.T) {
	r, err := New(Options{OrgName: "Example Family Support", From: fromLine, DPO: dpoAddr})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.DPOForward(sampleRequest(t), "fwd-1@provider.example", sentAt)
	if err != nil {
		t.Fatal(err)
	}
	if h := parse(t, out.Raw).Header; out.Cc != nil || h.Has("Cc") {
		t.Error("Cc present without enquiry addresses")
	}
}

func TestDPOForwardAttachmentEncoding(t *testing.T) {
	ascii := readCRLF(t, "testdata/request-ascii.eml")
	tests := []struct {
		name string
		raw  []byte
		want string
	}{
		{"7-bit CRLF", ascii, "7bit"},
		{"8-bit UTF-8 body", readCRLF(t, "testdata/request-8bit.eml"), "base64"},
		{"bare LF", bytes.ReplaceAll(ascii, []byte("\r\n"), []byte("\n")), "base64"},
		{"bare CR", bytes.ReplaceAll(ascii, []byte("\r\n"), []byte("\r")), "base64"},
		{"NUL", append(bytes.Clone(ascii), 0), "base64"},
		{"line of 998", append(bytes.Clone(ascii), append(bytes.Repeat([]byte("x"), 998), '\r', '\n')...), "7bit"},
		{"line of 999", append(bytes.Clone(ascii), append(bytes.Repeat([]byte("x"), 999), '\r', '\n')...), "base64"},
		{"no final CRLF", ascii[:len(ascii)-2], "7bit"},
		{"dot lines and boundary look-alikes", append(bytes.Clone(ascii),
			[]byte(".\r\n..\r\n--intake-0-x\r\nContent-Type: multipart/mixed;\r\n boundary="+strings.Repeat("ab", 30)+"\r\n")...), "7bit"},
	}
	r := newResponder(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := sampleRequest(t)
			req.OrigRaw = tt.raw
			out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
			if err != nil {
				t.Fatal(err)
			}
			checkWireFormat(t, out.Raw)
			att := parse(t, out.Raw).leafOfType(t, "message/rfc822")
			if att.Encoding != tt.want {
				t.Errorf("encoding = %q, want %q", att.Encoding, tt.want)
			}
			if !bytes.Equal(att.Body, tt.raw) {
				t.Errorf("attached original differs:\n%q\nwant\n%q", att.Body, tt.raw)
			}
		})
	}
}

// TestDPOForwardRealMail attaches every real letter, auto-reply and bounce
// in the shared corpus: CR, LF and CRLF files, UTF-8 and legacy charsets.
func TestDPOForwardRealMail(t *testing.T) {
	var files []string
	for _, dir := range []string{"../../shared/corpus", "../../shared/rawmail"} {
		if _, err := os.Stat(dir); err != nil {
			t.Skipf("shared mail folder %s absent: %v", dir, err)
		}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	r := newResponder(t)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) == 0 {
			continue
		}
		req := sampleRequest(t)
		req.OrigRaw = raw
		out, err := r.DPOForward(req, "fwd-1@provider.example", sentAt)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		checkWireFormat(t, out.Raw)
		if att := parse(t, out.Raw).leafOfType(t, "message/rfc822"); !bytes.Equal(att.Body, raw) {
			t.Errorf("%s: attached original differs", f)
		}
	}
}

func TestDPOForwardNeedsOriginal(t *testing.T) {
	req := sampleRequest(t)
	req.OrigRaw = nil
	if _, err := newResponder(t).DPOForward(req, "fwd-1@provider.example", sentAt); err == nil {
		t.Error("forward without the original accepted")
	}
}
