package casework_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/participants"
	"example.org/intake/store"
)

func (w *world) importRegister(t *testing.T, csv string) participants.Report {
	t.Helper()
	rep, err := w.svc.ImportRegister(context.Background(), strings.NewReader(csv), "Ada Admin")
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) > 0 {
		t.Fatalf("rejected %+v", rep.Rejected)
	}
	return rep
}

func (w *world) events(t *testing.T, c *store.Case) []store.Event {
	t.Helper()
	events, err := w.st.Events(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// TestImportRegisterReachesOpenCases: a stage the import changes reaches
// the participant's open cases that can take one, with an event naming who
// imported it; a case quoting their URN is linked first; cases in triage,
// approved, closed, complaints and other participants' cases are left
// alone; a column left out of the file keeps what the register had.
func TestImportRegisterReachesOpenCases(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		rep := w.importRegister(t, "URN,Email,Stage\r\nAB1001,sam@example.org,no_ia\r\nAB2002,kim@example.org,no_ia\r\n")
		if rep.Created != 2 || rep.Cases != 0 {
			t.Fatalf("first import %+v", rep)
		}
		sam, err := w.st.ParticipantByURN(ctx, "AB1001")
		if err != nil {
			t.Fatal(err)
		}
		kim, _ := w.st.ParticipantByURN(ctx, "AB2002")
		linked := func(p *store.Participant) func(*store.Case) {
			return func(c *store.Case) {
				c.ParticipantID, c.URN, c.Stage, c.Recommendation = sql.NullInt64{Int64: p.ID, Valid: true}, p.URN, "no_ia", "erase"
			}
		}
		deciding := w.deskCase(t, "erasure", store.StateNeedsDecision, linked(sam))
		quoting := w.deskCase(t, "erasure", store.StateAwaitingDPO, func(c *store.Case) { c.URN = "ab1001" })
		approved := w.deskCase(t, "erasure", store.StateApproved, linked(sam))
		complaint := w.deskCase(t, "complaint", store.StateNeedsDecision, linked(sam))
		triage := w.deskCase(t, "erasure", store.StateTriage, linked(sam))
		closed := w.deskCase(t, "erasure", store.StateClosed, linked(sam))
		other := w.deskCase(t, "erasure", store.StateNeedsDecision, linked(kim))

		rep = w.importRegister(t, "URN,Programme stage\r\nAB1001,started the intervention\r\nAB2002,no_ia\r\n")
		if rep.Updated != 2 || rep.Cases != 2 {
			t.Errorf("second import %+v, want 2 updated and 2 cases given the stage", rep)
		}
		for _, c := range []*store.Case{deciding, quoting} {
			got := w.reread(t, c.Ref)
			if got.Stage != "intervention_started" || got.Recommendation != "refuse" || got.ParticipantID.Int64 != sam.ID {
				t.Errorf("case %s: stage %q recommendation %q participant %v", c.Ref, got.Stage, got.Recommendation, got.ParticipantID)
			}
			if got.State != store.StateDrafted || got.DraftLetter != "erasure_refuse" {
				t.Errorf("case %s in %s with draft %q, want the refusal drafted", c.Ref, got.State, got.DraftLetter)
			}
			d := lastEvent(t, w, got, casework.ActSetStage)
			if !strings.Contains(d, "from the register (the register import by Ada Admin): stage: started the intervention; recommendation: refuse") {
				t.Errorf("case %s: event %q", c.Ref, d)
			}
		}
		if d := lastEvent(t, w, quoting, casework.ActLink); !strings.Contains(d, "linked to participant AB1001 by the register import by Ada Admin") {
			t.Errorf("link event %q", d)
		}
		for _, e := range w.events(t, deciding) {
			if e.Kind == casework.ActSetStage && e.Actor != "Ada Admin" {
				t.Errorf("event by %q", e.Actor)
			}
		}
		for _, c := range []*store.Case{approved, complaint, triage, closed, other} {
			if got := w.reread(t, c.Ref); got.Stage != "no_ia" || len(w.events(t, got)) != 0 {
				t.Errorf("case %s (%s, %s) was changed: stage %q, events %+v", c.Ref, c.Kind, c.State, got.Stage, w.events(t, got))
			}
		}
		if p, _ := w.st.ParticipantByURN(ctx, "AB1001"); !slices.Equal(p.Emails, []string{"sam@example.org"}) || p.Stage != "intervention_started" {
			t.Errorf("a file without the email column changed the addresses: %+v", p)
		}

		// The same stage again changes no case, even one staff moved by hand.
		if err := w.svc.SetStage(ctx, deciding.Ref, "no_ia", "Jo Staff"); err != nil {
			t.Fatal(err)
		}
		if rep := w.importRegister(t, "URN,Stage\r\nAB1001,started the intervention\r\n"); rep.Cases != 0 {
			t.Errorf("an unchanged stage reached %d cases", rep.Cases)
		}
		if got := w.reread(t, deciding.Ref); got.Stage != "no_ia" {
			t.Errorf("staff's stage overwritten by an unchanged register: %q", got.Stage)
		}
		if _, err := w.svc.ImportRegister(ctx, strings.NewReader("URN\r\nAB1\r\n"), " "); !errors.Is(err, casework.ErrNeedsActor) {
			t.Errorf("import without an actor: %v", err)
		}
	})
}

// TestSetParticipantStage: staff setting a participant's stage on the
// register page go through casework: the register and the open cases
// change, each case with an event naming them.
func TestSetParticipantStage(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.importRegister(t, "URN,Email\r\nAB1001,sam@example.org\r\n")
		sam, _ := w.st.ParticipantByURN(ctx, "AB1001")
		c := w.deskCase(t, "erasure", store.StateNeedsDecision, func(c *store.Case) {
			c.ParticipantID, c.URN = sql.NullInt64{Int64: sam.ID, Valid: true}, sam.URN
		})
		n, err := w.svc.SetParticipantStage(ctx, "ab1001", "not_started", "Jo Staff")
		if err != nil || n != 1 {
			t.Fatalf("SetParticipantStage = %d, %v", n, err)
		}
		if p, _ := w.st.ParticipantByURN(ctx, "AB1001"); p.Stage != "not_started" || p.StageDate != "2026-03-02" {
			t.Errorf("register %+v", p)
		}
		got := w.reread(t, c.Ref)
		if got.Stage != "not_started" || got.Recommendation != "erase" || got.DraftLetter != "erasure_accept" {
			t.Errorf("case %+v", got)
		}
		if d := lastEvent(t, w, got, casework.ActSetStage); !strings.Contains(d, "from the register (Jo Staff on the participant's page)") {
			t.Errorf("event %q", d)
		}
		if _, err := w.svc.SetParticipantStage(ctx, "ZZ9", "no_ia", "Jo Staff"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown participant: %v", err)
		}
		var ue *casework.UserError
		if _, err := w.svc.SetParticipantStage(ctx, "AB1001", "made_up", "Jo Staff"); !errors.As(err, &ue) {
			t.Errorf("unknown stage: %v", err)
		}
		if _, err := w.svc.SetParticipantStage(ctx, "AB1001", "no_ia", ""); !errors.Is(err, casework.ErrNeedsActor) {
			t.Errorf("no actor: %v", err)
		}
	})
}
