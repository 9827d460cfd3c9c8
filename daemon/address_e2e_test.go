package daemon_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
)

// wireLog collects go-smtp's transcript of every SMTP conversation.
type wireLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *wireLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *wireLog) has(line string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, l := range strings.Split(w.buf.String(), "\n") {
		if strings.TrimRight(l, "\r") == line {
			return true
		}
	}
	return false
}

// TestEveryCarryableAddressIsAnswered (issue 10, failure 1): requests from
// a quoted local part with an IDN domain, a U-label domain, a + tag and a
// mixed-case local part each get their holding reply, with RCPT TO and the
// To header exactly the address in its SMTP form. A request from an
// address SMTP cannot carry opens a case flagged for a person with the
// reason, still goes to the DPO, and holds up nothing: the clean request
// delivered after it is answered.
func TestEveryCarryableAddressIsAnswered(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		var wire wireLog
		m := itest.Mail(t, devmail.Options{SMTPTranscript: &wire})
		d := itest.Start(t, itest.Config(m, dbURL))
		requests := []struct{ from, wire string }{
			{`"jorg muller"@xn--mller-kva.example`, `"jorg muller"@xn--mller-kva.example`},
			{"=?utf-8?q?J=C3=B6rg?= <jorg@müller.example>", "jorg@xn--mller-kva.example"},
			{"ada+dpo@example.org", "ada+dpo@example.org"},
			{"Ben.Requester@Example.ORG", "Ben.Requester@example.org"},
			{"sam@xn--zz.example", ""}, // invalid punycode: no SMTP form
			{"clean.after@example.org", "clean.after@example.org"},
		}
		for i, r := range requests {
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(r.from, "addr-"+string(rune('a'+i))+"@example.org")); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		itest.Eventually(t, 30*time.Second, "every case forwarded and every carryable address acknowledged", func() bool {
			cases, err := d.Store.ListCases(ctx)
			if err != nil || len(cases) != len(requests) {
				return false
			}
			acked := 0
			for _, c := range cases {
				if !c.ForwardedAt.Valid {
					return false
				}
				if c.AcknowledgedAt.Valid {
					acked++
				}
			}
			return acked == len(requests)-1
		})
		for _, r := range requests {
			if r.wire == "" {
				continue
			}
			if !wire.has("RCPT TO:<" + r.wire + ">") {
				t.Errorf("no RCPT TO:<%s> on the wire", r.wire)
			}
			found := 0
			for _, e := range m.SMTPLog() {
				if bytes.Contains(e.Data, []byte("\r\nTo: <"+r.wire+">\r\n")) {
					found++
				}
			}
			if found != 1 {
				t.Errorf("%d messages with To: <%s>, want one holding reply", found, r.wire)
			}
		}
		cases, _ := d.Store.ListCases(ctx)
		flagged := 0
		for _, c := range cases {
			if c.NeedsPerson {
				flagged++
				if !strings.Contains(c.PersonReason, "not a valid internationalised domain name") || c.AcknowledgedAt.Valid {
					t.Errorf("flagged case %s: %q, acknowledged %v", c.Ref, c.PersonReason, c.AcknowledgedAt.Valid)
				}
			}
		}
		if flagged != 1 {
			t.Errorf("%d cases flagged for a person, want 1 (the address SMTP cannot carry)", flagged)
		}
	})
}
