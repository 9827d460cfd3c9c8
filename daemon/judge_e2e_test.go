package daemon_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestUncertainKindAndTicketingDPO covers issue 11 end to end: a request
// that is surely a request but not surely of which kind gets its holding
// reply as any request does (same path, same poll), worded without a
// kind; a form notification is answered at the person's address; and the
// DPO team's reply sent through a ticketing system (bounce-style
// envelope, machine headers) sets the DPO reference instead of being taken
// for automated mail. A real out-of-office from the DPO team changes
// nothing. About 10 s per database.
func TestUncertainKindAndTicketingDPO(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		cfg := itest.Config(m, dbURL)
		cfg.DPO.AuthservID = "mx.provider.example"
		cfg.Routing.FormSenders = []string{"website-form@provider.example"}
		d := itest.Start(t, cfg)
		ctx := context.Background()

		clear := itest.ErasureRequest("dora@example.org", "clear-1@example.org")
		// Plain words: surely a request, the kind only guessed from "see".
		plain := itest.Email("eli@example.org", "hello", "plain-1@example.org",
			"Hi, could you tell me what notes were made at my assessment and send them to me?\n")
		form := itest.Email("Website <website-form@provider.example>", "Contact form: new message", "form-1@provider.example",
			"Name: Fay Green\nEmail: fay.green@example.org\nMessage: Please delete all my personal data, I have left the programme.\n",
			"Auto-Submitted: auto-generated")
		for _, raw := range [][]byte{clear, plain, form} {
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
		}
		a := caseFor(t, d, "dora@example.org")
		b := caseFor(t, d, "eli@example.org")
		f := caseFor(t, d, "fay.green@example.org")
		if a.Kind != "erasure" || b.Kind != "other" || !b.NeedsPerson || !strings.Contains(b.PersonReason, "kind to be confirmed") {
			t.Errorf("kinds %s/%s, uncertain case flagged %v %q", a.Kind, b.Kind, b.NeedsPerson, b.PersonReason)
		}
		// Both acknowledged in the same way: the uncertain one no later
		// than one poll after the certain one.
		if gap := b.AcknowledgedAt.Time.Sub(a.AcknowledgedAt.Time); gap > cfg.IMAP.PollInterval.Duration || gap < -cfg.IMAP.PollInterval.Duration {
			t.Errorf("acknowledgements %v apart", gap)
		}
		held := sentTo(m, "eli@example.org")
		if len(held) != 1 {
			t.Fatalf("%d letters to the uncertain requester, want one holding reply", len(held))
		}
		text := bodyOf(t, held[0].Data)
		if !strings.Contains(text, "a data protection request") || strings.Contains(text, "subject access request") || strings.Contains(text, "one calendar month") {
			t.Errorf("holding reply names a kind:\n%s", text)
		}
		fwd := sentTo(m, itest.DPO)
		foundCandidates := false
		for _, e := range fwd {
			body := bodyOf(t, e.Data)
			foundCandidates = foundCandidates || (strings.Contains(body, b.Ref) && strings.Contains(body, "(all to be confirmed)"))
		}
		if !foundCandidates {
			t.Error("the DPO forward of the uncertain case does not list its rights as to be confirmed")
		}
		if len(sentTo(m, "website-form@provider.example")) != 0 || len(sentTo(m, "fay.green@example.org")) != 1 {
			t.Error("form mail: the holding reply must go to the person's address, not the form's")
		}
		if f.Kind != "erasure" {
			t.Errorf("form case kind %s", f.Kind)
		}

		passAR := "Authentication-Results: mx.provider.example; dkim=pass header.d=dpo.example; dmarc=pass header.from=dpo.example"
		ooo := dpoEmail(forwardOf(t, m, a.Ref), "ooo-1@dpo.example", "Automatic reply: "+a.Ref,
			"I am out of the office until Monday with limited access to email.\n", passAR, "Auto-Submitted: auto-replied")
		ticket := dpoEmail(forwardOf(t, m, a.Ref), "ticket-4411@tickets.dpo.example", "RE: [#4411] "+a.Ref,
			"Thank you. Our ref: DPO-2026-04411. Please proceed as the guidance says.\n",
			passAR, "Return-Path: <bounces+4411@tickets.dpo.example>", "Auto-Submitted: auto-generated", "X-Auto-Response-Suppress: All")
		if err := m.Deliver(itest.Intake, ooo); err != nil {
			t.Fatal(err)
		}
		itest.Eventually(t, 30*time.Second, "the out-of-office processed", func() bool {
			counts, _ := d.Store.InboundCounts(ctx)
			return counts[store.DispositionJoinedCase] >= 1
		})
		if c, _ := d.Store.CaseByRef(ctx, a.Ref); c.DPORef != "" {
			t.Fatalf("an out-of-office set the DPO reference %q", c.DPORef)
		}
		if err := m.Deliver(itest.Intake, ticket); err != nil {
			t.Fatal(err)
		}
		itest.Eventually(t, 30*time.Second, "the ticketing reply sets the DPO reference", func() bool {
			c, err := d.Store.CaseByRef(ctx, a.Ref)
			return err == nil && c.DPORef == "DPO-2026-04411"
		})
	})
}
