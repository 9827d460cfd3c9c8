package daemon_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/ingest"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// panicky is the daemon's real handler, except that it panics on one
// Message-ID: a bug that only one message triggers.
type panicky struct {
	*ingest.Ingester
	id []byte
}

func (p panicky) Handle(ctx context.Context, f mailbox.Fetched) error {
	if bytes.Contains(f.Raw, p.id) {
		panic("a bug that this message triggers")
	}
	return p.Ingester.Handle(ctx, f)
}

// TestOneMessageNeverHoldsUpAnother delivers, in one go, a message of each
// kind that fails for a reason of its own, each followed by a clean
// request. Every clean request gets its holding reply; every failing one is
// kept whole on a case for a person with the reason (or, for the address,
// answered); the checkpoint passes them all.
func TestOneMessageNeverHoldsUpAnother(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		cfg := itest.Config(m, dbURL)
		cfg.IMAP.MaxMessageBytes = 64 << 10
		// A letter override that cannot render for rectification requests
		// (the sample the responder checks at start is an access request).
		dir := t.TempDir()
		itest.WriteFile(t, dir, "holding_reply.subject.tmpl",
			[]byte(`{{if eq .Kind "rectification"}}{{index .Rights 99}}{{end}}Your data protection request [{{.CaseRef}}]`))
		cfg.Templates.Dir = dir
		d := itest.StartWith(t, cfg, daemon.Options{WrapHandler: func(h mailbox.Handler) mailbox.Handler {
			return panicky{Ingester: h.(*ingest.Ingester), id: []byte("<panic-1@example.org>")}
		}})

		failing := []struct {
			name, from string
			raw        []byte
			answered   bool // may be answered instead of given to a person
			flagged    bool // flagged for a person while the case goes on (the DPO forward still goes)
		}{
			{name: "unparseable", from: "broken.sender@example.org", raw: []byte("From: broken.sender@example.org\r\nTo: " + itest.Intake +
				"\r\nSubject: delete \x00my\xff data\r\nMessage-ID: <broken-1@example.org>\r\nMIME-Version: 1.0\r\n" +
				"Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n" +
				"Content-Transfer-Encoding: base64\r\n\r\nUGxlYXNlIGRlbGV0ZSBteSBkYXRh!!!not base64***\x00\r\n")},
			{name: "render failure", from: "rectify@example.org", raw: itest.Email("rectify@example.org", "Rectification request", "rectify-1@example.org",
				"Hello,\n\nMy address in your records is wrong. Under my right to rectification please correct the inaccurate personal data you hold about me.\n\nThanks\n")},
			{name: "panic in handler", from: "panic@example.org", raw: itest.ErasureRequest("panic@example.org", "panic-1@example.org")},
			{name: "oversized", from: "big.sender@example.org", raw: append(itest.ErasureRequest("big.sender@example.org", "big-1@example.org"),
				bytes.Repeat([]byte("Please delete my data. Please delete my data. Please delete it all.\r\n"), 2000)...)},
			// An address with no SMTP form (invalid punycode); quoted local
			// parts and IDN domains are answered (TestEveryCarryableAddressIsAnswered).
			{name: "unaddressable", from: "sam@xn--zz.example", flagged: true,
				raw: itest.ErasureRequest("sam@xn--zz.example", "idn-1@example.org")},
		}
		var clean []string
		for i, f := range failing {
			if err := m.Deliver(itest.Intake, f.raw); err != nil {
				t.Fatal(err)
			}
			addr := fmt.Sprintf("after.%d@example.org", i)
			clean = append(clean, addr)
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(addr, fmt.Sprintf("after-%d@example.org", i))); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		itest.Eventually(t, 60*time.Second, "a holding reply to every clean request", func() bool {
			for _, a := range clean {
				if len(sentTo(m, a)) == 0 {
					return false
				}
			}
			return true
		})
		for _, a := range clean {
			if n := len(sentTo(m, a)); n != 1 {
				t.Errorf("%s got %d holding replies, want 1", a, n)
			}
		}
		cases, err := d.Store.ListCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// caseOf finds the case that keeps the message with this Message-ID.
		caseOf := func(raw []byte) (*store.Case, []store.Inbound) {
			id := raw[bytes.Index(raw, []byte("Message-ID: <")):]
			id = id[:bytes.IndexByte(id, '>')+1]
			for i := range cases {
				in, err := d.Store.InboundForCase(ctx, cases[i].ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range in {
					if bytes.Contains(m.Raw, id) {
						return &cases[i], in
					}
				}
			}
			return nil, nil
		}
		for _, f := range failing {
			t.Run(f.name, func(t *testing.T) {
				c, in := caseOf(f.raw)
				if c == nil {
					t.Fatalf("no case keeps the %s message", f.name)
				}
				if len(in) != 1 || len(in[0].Raw) == 0 {
					t.Fatalf("case %s keeps %d raw messages, want 1", c.Ref, len(in))
				}
				if !in[0].Truncated && !bytes.Equal(in[0].Raw, f.raw) {
					t.Errorf("case %s keeps %d bytes, not the %d-byte original", c.Ref, len(in[0].Raw), len(f.raw))
				}
				if f.answered && c.AcknowledgedAt.Valid {
					return
				}
				if f.flagged {
					if !c.NeedsPerson || c.PersonReason == "" || c.AcknowledgedAt.Valid {
						t.Errorf("case %s: needs_person=%v reason=%q acknowledged=%v, want flagged for a person with a reason and no reply",
							c.Ref, c.NeedsPerson, c.PersonReason, c.AcknowledgedAt.Valid)
					}
					return
				}
				if c.State != store.StateTriage || !c.NeedsPerson || c.PersonReason == "" {
					t.Errorf("case %s: state %s needs_person=%v reason=%q, want triage for a person with a reason", c.Ref, c.State, c.NeedsPerson, c.PersonReason)
				}
				if n := len(sentTo(m, f.from)); n != 0 {
					t.Errorf("%d messages sent to the %s message's sender, want none", n, f.name)
				}
			})
		}
		cp, err := d.Store.Checkpoint(ctx, "INBOX")
		if err != nil || cp.LastUID != uint32(2*len(failing)) {
			t.Errorf("checkpoint at UID %d (%v), want %d: every message passed", cp.LastUID, err, 2*len(failing))
		}
		st := d.Watcher.Status()
		if !st.OutageSince.IsZero() || st.GivenUp < 1 {
			t.Errorf("watcher status %+v, want no outage and messages given up", st)
		}
		attempts, err := d.Store.InboundAttempts(ctx, "INBOX")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range attempts {
			if a.GaveUpAt.Valid && (a.Failures != ingest.MaxMessageFailures || !a.CaseID.Valid || a.LastReason == "") {
				t.Errorf("given up on uid %d after %d failures, case %v, reason %q", a.UID, a.Failures, a.CaseID, a.LastReason)
			}
		}
	})
}

// TestLargeRequestForwardCarriesOriginal: the DPO forward of a large
// request is stored without the original (it is stored once, as the
// inbound message) and still reaches the DPO with the original attached
// byte for byte, and the copy filed in Sent has it too.
func TestLargeRequestForwardCarriesOriginal(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		d := itest.Start(t, itest.Config(m, dbURL))
		raw := bigRequest(2 << 20)
		if err := m.Deliver(itest.Intake, raw); err != nil {
			t.Fatal(err)
		}
		itest.Eventually(t, 60*time.Second, "the forward to the DPO", func() bool { return len(sentTo(m, itest.DPO)) == 1 })
		if got := attachedOriginal(t, sentTo(m, itest.DPO)[0].Data); !bytes.Equal(got, raw) {
			t.Errorf("the DPO got a %d-byte original, want the %d-byte request", len(got), len(raw))
		}
		ctx := context.Background()
		c := caseFor(t, d, "big.sender@example.org")
		obs, err := d.Store.OutboundForCase(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range obs {
			if len(o.Raw) > 64<<10 {
				t.Errorf("stored %s is %d bytes: it holds a second copy of the request", o.Kind, len(o.Raw))
			}
		}
		itest.Eventually(t, 30*time.Second, "copies in Sent", func() bool {
			filed, _ := m.Messages(itest.Intake, "Sent")
			return len(filed) == 2
		})
		filed, _ := m.Messages(itest.Intake, "Sent")
		var found bool
		for _, f := range filed {
			found = found || bytes.Equal(attachedOriginal(t, f), raw)
		}
		if !found {
			t.Error("no copy in Sent carries the original")
		}
	})
}
