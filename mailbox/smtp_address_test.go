package mailbox

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"example.org/intake/devmail"
	"example.org/intake/internal/mailaddr"
)

// transcript collects go-smtp's wire log, written from its connection
// goroutines.
type transcript struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *transcript) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// commands returns the client's lines that start with prefix.
func (w *transcript) commands(prefix string) []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []string
	for _, l := range strings.Split(w.buf.String(), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

// TestSendAddresses: the RCPT TO and MAIL FROM a real go-smtp server sees
// are exactly the addresses in their SMTP form, and SMTPUTF8 is declared
// only for an address that needs it.
func TestSendAddresses(t *testing.T) {
	tests := []struct {
		name, rcpt, wantRcpt string
		utf8                 bool
	}{
		{"quoted local part, A-label domain", "jorg muller@xn--mller-kva.example", `RCPT TO:<"jorg muller"@xn--mller-kva.example>`, false},
		{"already quoted", `"jorg muller"@xn--mller-kva.example`, `RCPT TO:<"jorg muller"@xn--mller-kva.example>`, false},
		{"U-label domain becomes the A-label", "jorg@müller.example", "RCPT TO:<jorg@xn--mller-kva.example>", false},
		{"plus tag", "ada+dpo@example.org", "RCPT TO:<ada+dpo@example.org>", false},
		{"mixed case kept", "Ada.Lovelace@example.org", "RCPT TO:<Ada.Lovelace@example.org>", false},
		{"quoted specials", `"a<b>"@example.org`, `RCPT TO:<"a<b>"@example.org>`, false},
		{"non-ASCII local part over SMTPUTF8", "jörg@müller.example", "RCPT TO:<jörg@xn--mller-kva.example>", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tr transcript
			s := startDevmail(t, devmail.Options{SMTPUTF8: true, SMTPTranscript: &tr})
			if err := NewSender(smtpOpts(s)).Send(context.Background(), testUser, []string{tt.rcpt}, []byte(outgoing)); err != nil {
				t.Fatalf("Send() = %v", err)
			}
			if got := tr.commands("RCPT TO:"); len(got) != 1 || got[0] != tt.wantRcpt {
				t.Errorf("RCPT commands = %q, want %q", got, tt.wantRcpt)
			}
			mail := tr.commands("MAIL FROM:")
			if len(mail) != 1 || strings.Contains(mail[0], "SMTPUTF8") != tt.utf8 {
				t.Errorf("MAIL command = %q, want SMTPUTF8 declared: %v", mail, tt.utf8)
			}
		})
	}
}

// TestSendAddressSMTPCannotCarry: an address with no SMTP form, or one
// that needs SMTPUTF8 from a server without it, is a permanent error
// wrapping a *mailaddr.Error, and nothing is submitted.
func TestSendAddressSMTPCannotCarry(t *testing.T) {
	s := startDevmail(t, devmail.Options{}) // no SMTPUTF8
	for _, rcpt := range []string{"jörg@müller.example", "ada\x01@example.org", "ada@xn--zz.example", "a@x.example, b@x.example"} {
		err := NewSender(smtpOpts(s)).Send(context.Background(), testUser, []string{rcpt}, []byte(outgoing))
		var me *mailaddr.Error
		if !errors.As(err, &me) || IsTemporary(err) {
			t.Errorf("Send to %q = %v, want a permanent *mailaddr.Error", rcpt, err)
		}
		if err != nil && strings.Contains(err.Error(), "example") {
			t.Errorf("the error quotes the address: %v", err)
		}
	}
	if n := len(s.SMTPLog()); n != 0 {
		t.Errorf("%d messages submitted, want none", n)
	}
}
