package daemon_test

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// TestSMTPFailures: a temporary refusal is retried until it goes through;
// a permanent one marks the case for a person and is not retried.
func TestSMTPFailures(t *testing.T) {
	var tempLeft atomic.Int32
	tempLeft.Store(2)
	m := itest.Mail(t, devmail.Options{RejectRcpt: func(rcpt string) error {
		switch {
		case strings.HasPrefix(rcpt, "flaky@") && tempLeft.Add(-1) >= 0:
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		case strings.HasPrefix(rcpt, "gone@"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}})
	cfg := itest.Config(m, "sqlite://"+t.TempDir()+"/intake.db")
	d := itest.Start(t, cfg)
	for _, raw := range [][]byte{
		itest.ErasureRequest("flaky@example.org", "flaky-1@example.org"),
		itest.ErasureRequest("gone@example.org", "gone-1@example.org"),
	} {
		if err := m.Deliver(itest.Intake, raw); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	caseOf := func(addr string) *store.Case {
		cases, _ := d.Store.ListCases(ctx)
		for i := range cases {
			if cases[i].RequesterAddr == addr {
				return &cases[i]
			}
		}
		return nil
	}
	itest.Eventually(t, 60*time.Second, "the flaky requester's reply after retries, and the failure flagged", func() bool {
		f, g := caseOf("flaky@example.org"), caseOf("gone@example.org")
		return f != nil && f.AcknowledgedAt.Valid && g != nil && g.NeedsPerson
	})
	if n := len(sentTo(m, "flaky@example.org")); n != 1 {
		t.Errorf("flaky requester got %d holding replies, want 1 after retries", n)
	}
	g := caseOf("gone@example.org")
	if g.AcknowledgedAt.Valid || !strings.Contains(g.PersonReason, "holding_reply") {
		t.Errorf("permanently refused reply: acknowledged=%v reason=%q", g.AcknowledgedAt.Valid, g.PersonReason)
	}
	obs, err := d.Store.OutboundForCase(ctx, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		if o.Kind == "holding_reply" && (o.State != store.OutboundFailed || o.Attempts != 1) {
			t.Errorf("refused holding reply: state %s after %d attempts, want failed after 1", o.State, o.Attempts)
		}
		if o.Kind == "dpo_forward" && o.State != store.OutboundSent {
			t.Errorf("the DPO forward of the refused case is %s, want sent", o.State)
		}
	}
}

// TestUnreadableAndOversizeMailBecomesACaseForAPerson: nothing is dropped
// and nothing is answered automatically (invariant 6).
func TestUnreadableAndOversizeMailBecomesACaseForAPerson(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		cfg := itest.Config(m, dbURL)
		cfg.IMAP.MaxMessageBytes = 4096
		d := itest.Start(t, cfg)

		big := itest.ErasureRequest("big.sender@example.org", "big-1@example.org")
		big = append(big, []byte(strings.Repeat("Please delete my data. ", 4000))...)
		broken := []byte("From: broken.sender@example.org\r\nTo: " + itest.Intake + "\r\nSubject: delete my data\r\n" +
			"Message-ID: <broken-1@example.org>\r\nMIME-Version: 1.0\r\n" +
			"Content-Type: multipart/mixed; boundary=\"zz\"\r\n\r\n--zz\r\nContent-Type: text/plain\r\n" +
			"Content-Transfer-Encoding: base64\r\n\r\nUGxlYXNlIGRlbGV0ZSBteSBkYXRh!!!not base64***\r\n--zz--\r\n")
		for _, raw := range [][]byte{big, broken} {
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		itest.Eventually(t, 30*time.Second, "two triage cases", func() bool {
			cases, _ := d.Store.ListCases(ctx, store.StateTriage)
			return len(cases) == 2
		})
		cases, _ := d.Store.ListCases(ctx, store.StateTriage)
		for _, c := range cases {
			if !c.NeedsPerson || c.PersonReason == "" {
				t.Errorf("case %s: needs_person=%v reason=%q", c.Ref, c.NeedsPerson, c.PersonReason)
			}
			in, err := d.Store.InboundForCase(ctx, c.ID)
			if err != nil || len(in) != 1 || len(in[0].Raw) == 0 {
				t.Fatalf("case %s keeps %d raw messages (%v)", c.Ref, len(in), err)
			}
			// Over the limit: its header and the first 64 KiB of its text.
			if c.RequesterAddr == "big.sender@example.org" && (!in[0].Truncated || len(in[0].Raw) >= len(big) ||
				len(in[0].Raw) < mailbox.OverLimitTextBytes || !bytes.HasPrefix(big, in[0].Raw) || in[0].Size != int64(len(big))) {
				t.Errorf("oversize message kept %d of %d bytes (size %d), truncated=%v", len(in[0].Raw), len(big), in[0].Size, in[0].Truncated)
			}
		}
		time.Sleep(300 * time.Millisecond)
		if n := len(m.SMTPLog()); n != 0 {
			t.Errorf("%d messages sent for unreadable mail, want none", n)
		}
	})
}

// TestFollowUpsJoinTheirCase: a reply to our holding reply, and a second
// email from a requester with an open case, open nothing new and send
// nothing.
func TestFollowUpsJoinTheirCase(t *testing.T) {
	m := itest.Mail(t, devmail.Options{})
	d := itest.Start(t, itest.Config(m, "sqlite://"+t.TempDir()+"/intake.db"))
	if err := m.Deliver(itest.Intake, itest.ErasureRequest("dana@example.org", "dana-1@example.org")); err != nil {
		t.Fatal(err)
	}
	itest.Eventually(t, 30*time.Second, "holding reply", func() bool { return len(sentTo(m, "dana@example.org")) == 1 })
	reply := header(t, sentTo(m, "dana@example.org")[0].Data)
	ourID, _ := reply.MessageID()
	thanks := itest.Email("dana@example.org", "Re: thanks", "dana-2@example.org", "Thank you, I look forward to hearing.\n",
		"In-Reply-To: <"+ourID+">", "References: <dana-1@example.org> <"+ourID+">")
	again := itest.ErasureRequest("dana@example.org", "dana-3@example.org")
	for _, raw := range [][]byte{thanks, again} {
		if err := m.Deliver(itest.Intake, raw); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	itest.Eventually(t, 30*time.Second, "both follow-ups stored", func() bool {
		counts, _ := d.Store.InboundCounts(ctx)
		return counts[store.DispositionJoinedCase] == 2
	})
	cases, _ := d.Store.ListCases(ctx)
	if len(cases) != 1 {
		t.Fatalf("%d cases, want 1", len(cases))
	}
	events, _ := d.Store.Events(ctx, cases[0].ID)
	var joined []string
	for _, e := range events {
		if e.Kind == "message_received" {
			joined = append(joined, e.Detail)
		}
	}
	if len(joined) != 2 || !strings.Contains(joined[0], "threading") || !strings.Contains(joined[1], "repeated") {
		t.Errorf("follow-up events = %q", joined)
	}
	time.Sleep(300 * time.Millisecond)
	if n := len(sentTo(m, "dana@example.org")); n != 1 {
		t.Errorf("dana got %d messages, want the one holding reply", n)
	}
}
