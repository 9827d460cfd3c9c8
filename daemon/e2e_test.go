package daemon_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// sentTo returns the envelopes whose recipients include addr.
func sentTo(m *devmail.Server, addr string) []devmail.Envelope {
	var out []devmail.Envelope
	for _, e := range m.SMTPLog() {
		for _, r := range e.To {
			if strings.EqualFold(r, addr) {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

func header(t *testing.T, raw []byte) mail.Header {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("parse sent message: %v", err)
	}
	return r.Header
}

// attachedOriginal returns the message/rfc822 part of raw, or nil.
func attachedOriginal(t *testing.T, raw []byte) []byte {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := p.Header.(interface {
			ContentType() (string, map[string]string, error)
		}).ContentType()
		if ct == "message/rfc822" {
			b, _ := io.ReadAll(p.Body)
			return b
		}
	}
}

// TestRequestsGetOneReplyAndOneForward is the spine end to end over real
// IMAP and SMTP on loopback: requests are acknowledged and forwarded exactly
// once, automatic mail gets nothing, the backlog at first start is left
// alone, and a UIDVALIDITY reset reprocesses nothing.
func TestRequestsGetOneReplyAndOneForward(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		// Already in the inbox before intake ever starts: never answered.
		if err := m.Deliver(itest.Intake, itest.ErasureRequest("old.backlog@example.org", "backlog-1@example.org")); err != nil {
			t.Fatal(err)
		}
		cfg := itest.Config(m, dbURL)
		d := itest.Start(t, cfg)

		msgs := map[string][]byte{
			"erasure": itest.ErasureRequest("ada.requester@example.org", "erasure-1@example.org"),
			"access":  itest.AccessRequest("ben.requester@example.org", "access-1@example.org"),
			"ooo": itest.Email("carol.away@example.org", "Automatic reply: delete my data", "ooo-1@example.org",
				"I am out of the office. Please delete my data request will be handled later.\n", "Auto-Submitted: auto-replied"),
			"bounce": itest.Email("MAILER-DAEMON@mx.example.org", "Undelivered Mail Returned to Sender", "bounce-1@example.org",
				"Your message to someone@example.org could not be delivered: please delete all personal data.\n", "Return-Path: <>"),
			"list": itest.Email("news@lists.example.org", "Newsletter: your right to erasure explained", "list-1@example.org",
				"This month: how to ask any organisation to delete all the personal data it holds about you.\n",
				"List-Id: <news.lists.example.org>", "List-Unsubscribe: <mailto:leave@lists.example.org>", "Precedence: list"),
		}
		for _, k := range []string{"erasure", "access", "ooo", "bounce", "list"} {
			if err := m.Deliver(itest.Intake, msgs[k]); err != nil {
				t.Fatal(err)
			}
		}
		ctx := context.Background()
		itest.Eventually(t, 30*time.Second, "all five messages processed and both requests through", func() bool {
			counts, err := d.Store.InboundCounts(ctx)
			if err != nil {
				return false
			}
			total := 0
			for _, n := range counts {
				total += n
			}
			cases, _ := d.Store.ListCases(ctx)
			through := 0
			for _, c := range cases {
				if c.AcknowledgedAt.Valid && c.ForwardedAt.Valid {
					through++
				}
			}
			return total == 6 && counts[store.DispositionBacklog] == 1 && through == 2
		})

		for _, who := range []string{"ada.requester@example.org", "ben.requester@example.org"} {
			replies := sentTo(m, who)
			if len(replies) != 1 {
				t.Fatalf("%d messages to %s, want exactly one holding reply", len(replies), who)
			}
			e := replies[0]
			if len(e.To) != 1 {
				t.Errorf("holding reply envelope has recipients %v, want the requester only", e.To)
			}
			h := header(t, e.Data)
			if got := h.Get("Auto-Submitted"); got != "auto-replied" {
				t.Errorf("holding reply Auto-Submitted = %q", got)
			}
			subj, _ := h.Subject()
			if !strings.Contains(subj, "INT-") {
				t.Errorf("holding reply subject %q has no case reference", subj)
			}
			if irt := h.Get("In-Reply-To"); irt == "" {
				t.Error("holding reply is not threaded (no In-Reply-To)")
			}
			if cc := h.Get("Cc"); cc != "" {
				t.Errorf("holding reply has Cc %q", cc)
			}
		}
		forwards := sentTo(m, itest.DPO)
		if len(forwards) != 2 {
			t.Fatalf("%d forwards to the DPO, want 2", len(forwards))
		}
		originals := map[string]bool{}
		for _, e := range forwards {
			if !containsAll(e.To, itest.DPO, itest.Enquiry1, itest.Enquiry2) {
				t.Errorf("forward envelope recipients %v, want DPO and both enquiry inboxes", e.To)
			}
			h := header(t, e.Data)
			cc := h.Get("Cc")
			if !strings.Contains(cc, itest.Enquiry1) || !strings.Contains(cc, itest.Enquiry2) {
				t.Errorf("forward Cc = %q, want both enquiry inboxes", cc)
			}
			orig := attachedOriginal(t, e.Data)
			if orig == nil {
				t.Fatal("forward has no message/rfc822 attachment")
			}
			for k, raw := range msgs {
				if bytes.Equal(bytes.TrimSpace(orig), bytes.TrimSpace(raw)) {
					originals[k] = true
				}
			}
		}
		if !originals["erasure"] || !originals["access"] {
			t.Errorf("forwards carry originals %v, want the erasure and the access request byte for byte", originals)
		}
		for _, who := range []string{"carol.away@example.org", "mailer-daemon@mx.example.org", "news@lists.example.org", "old.backlog@example.org"} {
			if n := len(sentTo(m, who)); n != 0 {
				t.Errorf("%d messages sent to %s, want none", n, who)
			}
		}
		if n := len(m.SMTPLog()); n != 4 {
			t.Errorf("SMTP transactions = %d, want 4", n)
		}
		// Every sent message is filed in the Sent folder.
		// (It is filed just after the send is recorded, so wait for it.)
		itest.Eventually(t, 10*time.Second, "four copies in the Sent folder", func() bool {
			sent, err := m.Messages(itest.Intake, "Sent")
			return err == nil && len(sent) == 4
		})

		// A UIDVALIDITY reset: the server hands out new UIDs for the same
		// messages. Nothing may be processed or sent again.
		cp, err := d.Store.Checkpoint(ctx, "INBOX")
		if err != nil {
			t.Fatal(err)
		}
		if err := m.ResetMailbox(itest.Intake, "INBOX"); err != nil {
			t.Fatal(err)
		}
		m.DropIMAPConnections()
		itest.Eventually(t, 30*time.Second, "resync under the new UIDVALIDITY", func() bool {
			now, err := d.Store.Checkpoint(ctx, "INBOX")
			return err == nil && now.UIDValidity != cp.UIDValidity && now.LastUID >= 6
		})
		// The backlog message gets a new UID too; it was recorded as
		// backlog at first start, so it is still not answered.
		time.Sleep(500 * time.Millisecond)
		if n := len(m.SMTPLog()); n != 4 {
			t.Errorf("after UIDVALIDITY reset SMTP transactions = %d, want still 4", n)
		}
		cases, err := d.Store.ListCases(ctx)
		if err != nil || len(cases) != 2 {
			t.Errorf("after UIDVALIDITY reset %d cases (%v), want 2", len(cases), err)
		}
	})
}

func containsAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(h, w) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
