package casework_test

import (
	"context"
	"errors"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// TestKindUncertainClock: a request acknowledged before its kind was sure
// (kind other, candidates access and complaint) keeps the strictest clock
// of its candidates, the complaint's 30 days, not only when it is opened
// but whenever its clock is recomputed (here, a pause and a resume).
func TestKindUncertainClock(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.deskCase(t, "other", store.StateAwaitingDPO, func(c *store.Case) { c.Rights = "access,complaint" })
		if !casework.KindUnsettled(c) {
			t.Fatal("kind other with candidate rights outside triage is not unsettled")
		}
		strict := *c
		strict.Kind = "complaint"
		month := *c
		month.Kind = "access"
		want, err := w.svc.Clock(&strict, nil)
		if err != nil {
			t.Fatal(err)
		}
		oneMonth, err := w.svc.Clock(&month, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !want.Due.Before(oneMonth.Due) {
			t.Fatalf("test premise: complaint due %s is not before one month %s", want.Due, oneMonth.Due)
		}
		got, err := w.svc.Clock(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Due != want.Due {
			t.Errorf("opening clock due %s, want the complaint's %s", got.Due, want.Due)
		}
		if err := w.svc.Pause(ctx, c.Ref, "waiting for a call back", "staff"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Resume(ctx, c.Ref, "staff"); err != nil {
			t.Fatal(err)
		}
		// The complaint's clock does not stop; the month's moved on by
		// the pause and is later still.
		c = w.reread(t, c.Ref)
		if c.DueDate != want.Due.String() {
			t.Errorf("recomputed due %s, want the complaint's %s (one month would be later)", c.DueDate, want.Due)
		}
	})
}

// TestSetKind: staff set the kind of such a case outside triage; the kind
// leads the rights, the case's own clock applies, the "kind to be
// confirmed" flag is cleared, and nothing else changes. A case whose kind
// is known is refused in words, and so is a kind that is not a request.
func TestSetKind(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.deskCase(t, "other", store.StateAwaitingDPO, func(c *store.Case) {
			c.Rights = "complaint,access"
			c.NeedsPerson = true
			c.PersonReason = casework.KindUnconfirmedLead + " (candidates: complaint,access)\nmade for someone else: evidence of authority needed"
		})
		if !w.svc.Offers(w.view(t, c.Ref), casework.ActSetKind) {
			t.Fatal("set kind not offered on a kind-uncertain case")
		}
		if err := w.svc.SetKind(ctx, c.Ref, "other", "staff"); err == nil {
			t.Error("other accepted as a kind of request")
		} else if ue := (*casework.UserError)(nil); !errors.As(err, &ue) {
			t.Errorf("bad kind: %v is not a UserError", err)
		}
		if err := w.svc.SetKind(ctx, c.Ref, "access", "staff"); err != nil {
			t.Fatal(err)
		}
		got := w.reread(t, c.Ref)
		if got.Kind != "access" || got.Rights != "access,complaint" || got.State != store.StateAwaitingDPO {
			t.Errorf("after SetKind: kind %q rights %q state %q", got.Kind, got.Rights, got.State)
		}
		month := *got
		want, err := w.svc.Clock(&month, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.DueDate != want.Due.String() {
			t.Errorf("due %s, want access's own %s", got.DueDate, want.Due)
		}
		for _, f := range casework.Flags(got) {
			if f.Kind == casework.FlagKindUnconfirmed {
				t.Errorf("kind flag not cleared: %q", got.PersonReason)
			}
		}
		if len(casework.Flags(got)) != 1 {
			t.Errorf("other flags lost: %q", got.PersonReason)
		}
		if w.svc.Offers(w.view(t, c.Ref), casework.ActSetKind) {
			t.Error("set kind still offered once the kind is set")
		}
		err = w.svc.SetKind(ctx, c.Ref, "erasure", "staff")
		var te *casework.TransitionError
		if !errors.As(err, &te) || te.Plain() == "" {
			t.Errorf("second SetKind: %v, want a TransitionError in words", err)
		}
	})
}
