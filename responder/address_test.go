package responder

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"example.org/intake/internal/mailaddr"
)

// TestRequesterAddresses: every address SMTP can carry gets its holding
// reply, with the envelope recipient and the To header both exactly the
// address in the form SMTP carries it (issue 10: a quoted local part with
// an IDN domain used to fail with "not a bare address").
func TestRequesterAddresses(t *testing.T) {
	r := newResponder(t)
	tests := []struct {
		name, stored, want string
	}{
		{"quoted local part with IDN domain (net/mail form)", "jorg muller@xn--mller-kva.example", `"jorg muller"@xn--mller-kva.example`},
		{"quoted local part as written", `"jorg muller"@xn--mller-kva.example`, `"jorg muller"@xn--mller-kva.example`},
		{"U-label domain", "jorg@müller.example", "jorg@xn--mller-kva.example"},
		{"plus tag", "sam+dpo@example.org", "sam+dpo@example.org"},
		{"mixed case", "Sam.Sample@example.org", "Sam.Sample@example.org"},
		{"quote and backslash", `"sam\"s\\box"@example.org`, `"sam\"s\\box"@example.org`},
		{"non-ASCII local part (SMTPUTF8)", "jörg@müller.example", "jörg@xn--mller-kva.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := sampleRequest(t)
			req.RequesterAddr = tt.stored
			out, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
			if err != nil {
				t.Fatalf("HoldingReply: %v", err)
			}
			if !reflect.DeepEqual(out.To, []string{tt.want}) {
				t.Errorf("envelope To = %q, want %q", out.To, tt.want)
			}
			if got := headerLine(out.Raw, "To"); got != "<"+tt.want+">" {
				t.Errorf("To header = %q, want %q", got, "<"+tt.want+">")
			}
			checkWireFormat(t, out.Raw)
		})
	}
}

// TestRequesterAddressUncarryable: an address no SMTP server can be given
// is refused with a *mailaddr.Error that names the reason and not the
// address, so that the caller can flag the case for a person.
func TestRequesterAddressUncarryable(t *testing.T) {
	r := newResponder(t)
	for _, addr := range []string{"sam\x07@example.org", "sam@xn--zz.example", "sam@exa mple.org", "sam@", strings.Repeat("s", 260) + "@example.org"} {
		req := sampleRequest(t)
		req.RequesterAddr = addr
		_, err := r.HoldingReply(req, "ack-1@provider.example", sentAt)
		var e *mailaddr.Error
		if !errors.As(err, &e) || e.Reason == "" {
			t.Errorf("HoldingReply(%q) = %v, want a *mailaddr.Error", addr, err)
			continue
		}
		if strings.Contains(err.Error(), "example.org") {
			t.Errorf("the error quotes the address: %v", err)
		}
	}
}

// headerLine returns the unfolded value of the first header field name.
func headerLine(raw []byte, name string) string {
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	head = bytes.ReplaceAll(head, []byte("\r\n "), []byte(" "))
	for _, l := range strings.Split(string(head), "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
