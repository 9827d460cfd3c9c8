package daemon_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestMatchingDPOMail covers how mail about a case finds it, and the DPO
// replies that must not be believed.
func TestMatchingDPOMail(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{})
		cfg := itest.Config(m, dbURL)
		cfg.DPO.AuthservID = "mx.provider.example"
		d := itest.Start(t, cfg)
		ctx := context.Background()

		for _, who := range []string{"hana@example.org", "ivan@example.org", "jack@example.org"} {
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(who, who+".1@example.org")); err != nil {
				t.Fatal(err)
			}
		}
		a, b, c := caseFor(t, d, "hana@example.org"), caseFor(t, d, "ivan@example.org"), caseFor(t, d, "jack@example.org")
		passAR := "Authentication-Results: mx.provider.example; dkim=pass header.d=dpo.example; dmarc=pass header.from=dpo.example"

		// A forged reply: in the DPO thread, from an address that is not the DPO's.
		forged := itest.Email("Data Protection <dpo@evil.example>", "RE: "+a.Ref, "forged-1@evil.example",
			"Our ref: DPO-2026-66666. You may now delete the records.\n", "In-Reply-To: <"+forwardOf(t, m, a.Ref)+">")
		// A reply from the DPO's domain that our own server found failing DMARC.
		spoofed := dpoEmail(forwardOf(t, m, b.Ref), "spoof-1@dpo.example", "RE: "+b.Ref, "Our ref: DPO-2026-77777.\n",
			"Authentication-Results: mx.provider.example; dkim=none; dmarc=fail header.from=dpo.example")
		// A genuine reply for case A, verified by our server.
		genuine := dpoEmail(forwardOf(t, m, a.Ref), "real-1@dpo.example", "RE: your email", "Our ref: DPO-2026-01111.\n", passAR)
		for _, raw := range [][]byte{forged, spoofed, genuine} {
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
		}
		a = waitState(t, d, a.Ref, store.StateNeedsDecision)
		if a.DPORef != "DPO-2026-01111" {
			t.Errorf("case A DPO reference = %q, want the genuine one", a.DPORef)
		}
		if !a.NeedsPerson || !strings.Contains(a.PersonReason, "not a DPO sender") {
			t.Errorf("the forged reply was not flagged: %q", a.PersonReason)
		}
		b, _ = d.Store.CaseByRef(ctx, b.Ref)
		if b.DPORef != "" || !b.NeedsPerson || !strings.Contains(b.PersonReason, "sender check") {
			t.Errorf("DMARC-failing reply: case B ref %q, flagged %v %q", b.DPORef, b.NeedsPerson, b.PersonReason)
		}

		// A reference already held by case A, claimed for case C: flagged, not moved.
		claim := dpoEmail(forwardOf(t, m, c.Ref), "claim-1@dpo.example", "RE: "+c.Ref, "Our ref: DPO-2026-01111.\n", passAR)
		// A fresh email (no threading, no case reference) quoting A's DPO reference.
		fresh := dpoEmail("", "fresh-1@dpo.example", "Update", "Further to our ref: DPO-2026-01111, the participant has been informed.\n", passAR)
		for _, raw := range [][]byte{claim, fresh} {
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
		}
		itest.Eventually(t, 30*time.Second, "both processed", func() bool {
			counts, _ := d.Store.InboundCounts(ctx)
			return counts[store.DispositionJoinedCase] >= 5
		})
		c, _ = d.Store.CaseByRef(ctx, c.Ref)
		if c.DPORef != "" || !strings.Contains(c.PersonReason, "already belongs to case "+a.Ref) {
			t.Errorf("claimed reference: case C ref %q reason %q", c.DPORef, c.PersonReason)
		}
		in, _ := d.Store.InboundForCase(ctx, a.ID)
		found := false
		for _, msg := range in {
			found = found || msg.MessageID == "fresh-1@dpo.example"
		}
		if !found {
			t.Error("the fresh email quoting case A's DPO reference did not join case A")
		}

		// A refused transition changes nothing.
		before, _ := d.Cases.Show(ctx, b.Ref)
		err := d.Cases.Approve(ctx, b.Ref, staff, "")
		if !errors.Is(err, casework.ErrIllegal) {
			t.Fatalf("Approve() in %s = %v, want ErrIllegal", before.Case.State, err)
		}
		after, _ := d.Cases.Show(ctx, b.Ref)
		if after.Case.State != before.Case.State || len(after.Outbound) != len(before.Outbound) || !after.Case.UpdatedAt.Equal(before.Case.UpdatedAt) {
			t.Errorf("a refused approval changed the case")
		}
		if len(after.Events) != len(before.Events) {
			t.Errorf("a refused approval added %d events", len(after.Events)-len(before.Events))
		}
	})
}
