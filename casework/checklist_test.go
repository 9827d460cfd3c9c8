package casework_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// TestAccessChecklist: an access answer is approved only once every item
// of the disclosure checklist is ticked by a named person; each tick and
// each tick taken back is an event with who and why; other kinds have no
// checklist and refuse a tick in plain words.
func TestAccessChecklist(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.deskCase(t, "access", store.StateDrafted, func(c *store.Case) {
			c.DPORef, c.DraftSubject, c.DraftText, c.DraftBy = "DPO-77", "Your access request", "Dear Sam,\n\nYour records are attached.\n", "Jo Caseworker"
		})
		v := w.view(t, c.Ref)
		if len(v.Checklist) != len(casework.AccessChecklist) || len(v.ChecklistOpen()) != len(casework.AccessChecklist) {
			t.Fatalf("a new access case's checklist: %+v", v.Checklist)
		}

		var ce *casework.ChecklistError
		err := w.svc.Approve(ctx, c.Ref, "Pat Manager", "")
		if !errors.As(err, &ce) || len(ce.Open) != 4 {
			t.Fatalf("approve with nothing ticked = %v, want a ChecklistError naming 4 items", err)
		}
		if msg, ok := casework.Plain(err); !ok || !strings.Contains(msg, "every system searched") {
			t.Errorf("Plain() = %q, %v", msg, ok)
		}
		if got := w.reread(t, c.Ref); got.State != store.StateDrafted || w.sendJobs(t) != 0 {
			t.Errorf("a refused approval left the case %s with %d send jobs", got.State, w.sendJobs(t))
		}

		for _, id := range []string{"systems_searched", "third_party", "exemptions"} {
			if err := w.svc.Tick(ctx, c.Ref, id, "checked "+id, "Jo Caseworker"); err != nil {
				t.Fatalf("tick %s: %v", id, err)
			}
		}
		err = w.svc.Approve(ctx, c.Ref, "Pat Manager", "")
		if !errors.As(err, &ce) || len(ce.Open) != 1 || ce.Open[0] != "Format of disclosure agreed" {
			t.Fatalf("approve with one item open = %v", err)
		}

		// A tick taken back needs a reason; then it is open again.
		var ue *casework.UserError
		if err := w.svc.Untick(ctx, c.Ref, "exemptions", " ", "Pat Manager"); !errors.As(err, &ue) {
			t.Errorf("untick without a reason = %v, want a UserError", err)
		}
		if err := w.svc.Untick(ctx, c.Ref, "exemptions", "the health records were not looked at", "Pat Manager"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Tick(ctx, c.Ref, "no_such_item", "", "Jo Caseworker"); !errors.As(err, &ue) {
			t.Errorf("tick of an unknown item = %v, want a UserError", err)
		}
		if err := w.svc.Tick(ctx, c.Ref, "exemptions", "none applies", "Pat Manager"); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Tick(ctx, c.Ref, "format_agreed", "encrypted email, agreed by phone", ""); !errors.Is(err, casework.ErrNeedsActor) {
			t.Errorf("tick without a name = %v, want ErrNeedsActor", err)
		}
		if err := w.svc.Tick(ctx, c.Ref, "format_agreed", "encrypted email, agreed by phone", "Jo Caseworker"); err != nil {
			t.Fatal(err)
		}

		v = w.view(t, c.Ref)
		if open := v.ChecklistOpen(); len(open) != 0 {
			t.Fatalf("still open: %+v", open)
		}
		ex := v.Checklist[2]
		if ex.ID != "exemptions" || ex.By != "Pat Manager" || ex.Note != "none applies" || !ex.At.Equal(w.now) {
			t.Errorf("the exemptions item: %+v", ex)
		}
		var ticks, unticks []string
		for _, e := range v.Events {
			switch e.Kind {
			case casework.ActTick:
				ticks = append(ticks, e.Actor+": "+e.Detail)
			case casework.ActUntick:
				unticks = append(unticks, e.Actor+": "+e.Detail)
			}
		}
		if len(ticks) != 5 || len(unticks) != 1 || !strings.Contains(unticks[0], "the health records were not looked at") ||
			!strings.Contains(ticks[4], "Format of disclosure agreed: ticked by Jo Caseworker; encrypted email") {
			t.Errorf("events: ticks %q, unticks %q", ticks, unticks)
		}

		if err := w.svc.Approve(ctx, c.Ref, "Pat Manager", ""); err != nil {
			t.Fatalf("approve with every item ticked: %v", err)
		}
		// After approval the checklist is what it was: no more ticks.
		var te *casework.TransitionError
		if err := w.svc.Untick(ctx, c.Ref, "exemptions", "too late", "Pat Manager"); !errors.As(err, &te) {
			t.Errorf("untick after approval = %v, want a TransitionError", err)
		}

		// An erasure has no checklist.
		er := w.deskCase(t, "erasure", store.StateNeedsDecision, nil)
		if v := w.view(t, er.Ref); v.Checklist != nil {
			t.Errorf("an erasure has a checklist: %+v", v.Checklist)
		}
		err = w.svc.Tick(ctx, er.Ref, "systems_searched", "", "Jo Caseworker")
		if !errors.As(err, &te) || te.Plain() != "Only an access request has a disclosure checklist." {
			t.Errorf("tick on an erasure = %v", err)
		}
	})
}
