package casework_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/message"
	"example.org/intake/store"
)

// deskCase writes a case of kind in state, as the workflow would leave it.
func (w *world) deskCase(t *testing.T, kind, state string, edit func(c *store.Case)) *store.Case {
	t.Helper()
	c := w.put(t, state, "2026-04-02")
	c.Kind, c.Rights = kind, kind
	if edit != nil {
		edit(c)
	}
	err := w.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.SaveCase(context.Background(), c, w.now) })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *world) view(t *testing.T, ref string) *casework.View {
	t.Helper()
	v, err := w.svc.Show(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestDeskOffersByStateAndKind: a complaint never offers an extension, an
// ID check or a programme stage, and refuses them in plain words when
// asked anyway; a refusal by state names the state in words.
func TestDeskOffersByStateAndKind(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		complaint := w.deskCase(t, "complaint", store.StateNeedsDecision, nil)
		erasure := w.deskCase(t, "erasure", store.StateNeedsDecision, nil)
		for _, tc := range []struct {
			name   string
			c      *store.Case
			action string
			want   bool
		}{
			{"complaint: no extension", complaint, casework.ActExtend, false},
			{"complaint: no ID check", complaint, casework.ActAskID, false},
			{"complaint: no stage", complaint, casework.ActSetStage, false},
			{"complaint: can be closed", complaint, casework.ActClose, true},
			{"complaint: a question may be asked", complaint, casework.ActAskClarify, true},
			{"erasure: extension within the first month", erasure, casework.ActExtend, true},
			{"erasure: ID check", erasure, casework.ActAskID, true},
			{"erasure: stage", erasure, casework.ActSetStage, true},
			{"erasure: no resume while the clock runs", erasure, casework.ActResume, false},
			{"erasure: not reopened while open", erasure, casework.ActReopen, false},
			{"erasure: no flag to clear", erasure, casework.ActFlag, false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := w.svc.Offers(w.view(t, tc.c.Ref), tc.action); got != tc.want {
					t.Errorf("Offers(%s) = %v, want %v", tc.action, got, tc.want)
				}
			})
		}
		// Asked anyway, the complaint refuses and queues nothing.
		err := w.svc.AskForID(ctx, complaint.Ref, "Jo Caseworker")
		var te *casework.TransitionError
		if !errors.As(err, &te) || te.Plain() != "A complaint needs no identity evidence." {
			t.Fatalf("ask for ID on a complaint: %v", err)
		}
		if obs, _ := w.st.OutboundForCase(ctx, complaint.ID); len(obs) != 0 {
			t.Errorf("a refused action queued %d messages", len(obs))
		}
		err = w.svc.Resume(ctx, erasure.Ref, "Jo Caseworker")
		if !errors.As(err, &te) || te.Plain() != "You cannot restart the clock of this case while it is waiting for a decision." {
			t.Errorf("resume while running: %v", err)
		}
		// Too late for an extension: after the first month it is not offered.
		w.now = w.now.AddDate(0, 1, 5)
		if w.svc.Offers(w.view(t, erasure.Ref), casework.ActExtend) {
			t.Error("extension offered after the first month")
		}
	})
}

// TestPreviewShowsTheLetterAndChangesNothing: the dry run returns the
// letter the action sends, writes nothing, and the real action then sends
// that same text.
func TestPreviewShowsTheLetterAndChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c := w.deskCase(t, "access", store.StateAwaitingDPO, nil)
		events := func() int {
			es, err := w.st.Events(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		before := events()
		const q = "Which years of records do you mean?"
		ask := func(ctx context.Context) error { return w.svc.AskForClarification(ctx, c.Ref, q, "Jo Caseworker") }
		letters, err := w.svc.Preview(ctx, c.Ref, ask)
		if err != nil {
			t.Fatal(err)
		}
		if len(letters) != 1 || len(letters[0].To) != 1 || letters[0].To[0] != "sam@example.org" ||
			!strings.Contains(letters[0].Subject, c.Ref) || !strings.Contains(letters[0].Text, q) {
			t.Fatalf("preview: %+v", letters)
		}
		got, _ := w.st.CaseByRef(ctx, c.Ref)
		if got.State != store.StateAwaitingDPO || events() != before {
			t.Errorf("the preview changed the case: state %s, %d events (was %d)", got.State, events(), before)
		}
		if obs, _ := w.st.OutboundForCase(ctx, c.ID); len(obs) != 0 {
			t.Errorf("the preview queued %d messages", len(obs))
		}
		var jobs int
		if err := w.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job`).Scan(&jobs); err != nil || jobs != 0 {
			t.Errorf("the preview left %d jobs (%v)", jobs, err)
		}
		// A refused action previews as its refusal.
		if _, err := w.svc.Preview(ctx, c.Ref, func(ctx context.Context) error { return w.svc.Resume(ctx, c.Ref, "Jo") }); err == nil {
			t.Error("preview of a refused action succeeded")
		}
		if err := ask(ctx); err != nil {
			t.Fatal(err)
		}
		obs, _ := w.st.OutboundForCase(ctx, c.ID)
		if len(obs) != 1 {
			t.Fatalf("%d messages queued", len(obs))
		}
		sent := message.Parse(obs[0].Raw, nil)
		if sent.Text != letters[0].Text || sent.Subject != letters[0].Subject {
			t.Errorf("sent letter differs from the preview:\n%s\n---\n%s", sent.Text, letters[0].Text)
		}
	})
}

// TestReopen: a closed case reopens with a reason, back where its DPO
// reference puts it, its due date worked out from the same start; "not a
// request" goes back to triage; a reduced erasure does not reopen.
func TestReopen(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		closed := w.deskCase(t, "erasure", store.StateClosed, func(c *store.Case) {
			c.Outcome, c.ClosedAt = "closed by staff: duplicate", sql.NullTime{Time: w.now, Valid: true}
			c.DPORef = "DPO-77"
		})
		var te *casework.TransitionError
		if err := w.svc.Reopen(ctx, closed.Ref, " ", "Jo Caseworker"); !errors.As(err, &te) {
			t.Fatalf("reopen without a reason: %v", err)
		}
		if err := w.svc.Reopen(ctx, closed.Ref, "not a duplicate after all", "Jo Caseworker"); err != nil {
			t.Fatal(err)
		}
		got, _ := w.st.CaseByRef(ctx, closed.Ref)
		if got.State != store.StateNeedsDecision || got.ClosedAt.Valid || got.Outcome != "" || got.DueDate != "2026-04-02" {
			t.Errorf("reopened: state %s closed %v outcome %q due %s", got.State, got.ClosedAt.Valid, got.Outcome, got.DueDate)
		}
		es, _ := w.st.Events(ctx, got.ID)
		last := es[len(es)-1]
		if last.Kind != casework.ActReopen || last.Actor != "Jo Caseworker" || !strings.Contains(last.Detail, "not a duplicate after all") ||
			!strings.Contains(last.Detail, "not stopped") {
			t.Errorf("event %+v", last)
		}

		nar := w.deskCase(t, "other", store.StateClosed, func(c *store.Case) { c.Outcome = "not a request" })
		if err := w.svc.Reopen(ctx, nar.Ref, "it is a request", "Jo Caseworker"); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.st.CaseByRef(ctx, nar.Ref); got.State != store.StateTriage {
			t.Errorf("not a request reopened to %s", got.State)
		}

		reduced := w.deskCase(t, "erasure", store.StateClosed, func(c *store.Case) {
			c.Outcome, c.ReducedAt = "erased", sql.NullTime{Time: w.now, Valid: true}
		})
		if err := w.svc.Reopen(ctx, reduced.Ref, "they wrote again", "Jo Caseworker"); !errors.As(err, &te) || !strings.Contains(te.Plain(), "deleted") {
			t.Errorf("reopen of a reduced case: %v", err)
		}
		if err := w.svc.Reopen(ctx, got.Ref, "again", "Jo"); !errors.As(err, &te) || strings.Contains(te.Plain(), "_") {
			t.Errorf("reopen of an open case: %v", err)
		}
	})
}

// TestSetDPORef: entered by hand with a reason, a reference moves a case
// waiting for it on; a reference another case holds, an empty one or one
// without a reason is refused.
func TestSetDPORef(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		a := w.deskCase(t, "access", store.StateAwaitingDPO, nil)
		b := w.deskCase(t, "access", store.StateAwaitingDPO, nil)
		var te *casework.TransitionError
		for _, bad := range [][2]string{{"", "phone"}, {"DPO-1", ""}} {
			if err := w.svc.SetDPORef(ctx, a.Ref, bad[0], bad[1], "Jo"); !errors.As(err, &te) {
				t.Errorf("SetDPORef(%q, %q): %v", bad[0], bad[1], err)
			}
		}
		if err := w.svc.SetDPORef(ctx, a.Ref, "DPO-1", "given by phone", "Jo"); err != nil {
			t.Fatal(err)
		}
		if got, _ := w.st.CaseByRef(ctx, a.Ref); got.DPORef != "DPO-1" || got.State != store.StateDrafted {
			t.Errorf("after: %q %s", got.DPORef, got.State)
		}
		if err := w.svc.SetDPORef(ctx, b.Ref, "DPO-1", "typed", "Jo"); !errors.As(err, &te) || !strings.Contains(te.Plain(), a.Ref) {
			t.Errorf("a reference held by another case: %v", err)
		}
	})
}
