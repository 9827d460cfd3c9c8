package casework_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// TestAssignNoteAndSearch: assignment and notes go through casework and
// are recorded; the case list's search, filters, sort and paging, and the
// audit filters, work the same on both databases.
func TestAssignNoteAndSearch(t *testing.T) {
	eachDB(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		jo, err := w.st.UpsertStaff(ctx, "jo@provider.example", "Jo Caseworker", store.RoleStaff, "", time.Time{}, w.now)
		if err != nil {
			t.Fatal(err)
		}
		a := w.deskCase(t, "access", store.StateAwaitingDPO, func(c *store.Case) { c.RequesterName, c.URN, c.DPORef = "Zoe Able", "AB1001", "DPO/2026/7" })
		b := w.deskCase(t, "erasure", store.StateNeedsDecision, func(c *store.Case) { c.RequesterName = "Ann_Baker" })
		w.deskCase(t, "complaint", store.StateClosed, nil)

		if err := w.svc.Assign(ctx, a.Ref, jo.ID, "Ada Admin"); err != nil {
			t.Fatal(err)
		}
		var te *casework.TransitionError
		if err := w.svc.Assign(ctx, b.Ref, 999, "Ada Admin"); !errors.As(err, &te) {
			t.Errorf("assign to nobody known: %v", err)
		}
		if err := w.svc.AddNote(ctx, b.Ref, "  ", "Jo"); !errors.As(err, &te) {
			t.Errorf("empty note: %v", err)
		}
		if err := w.svc.AddNote(ctx, b.Ref, "Rang the requester; they will send ID.", "Jo Caseworker"); err != nil {
			t.Fatal(err)
		}
		es, _ := w.st.Events(ctx, b.ID)
		if last := es[len(es)-1]; last.Kind != casework.ActNote || last.Detail != "Rang the requester; they will send ID." {
			t.Errorf("note event %+v", last)
		}
		if as, err := w.st.CaseAssignment(ctx, a.ID); err != nil || as.StaffID != jo.ID || as.Name != "Jo Caseworker" || as.AssignedBy != "Ada Admin" {
			t.Errorf("assignment %+v %v", as, err)
		}

		for _, tc := range []struct {
			name string
			q    store.CaseQuery
			want []string
		}{
			{"by DPO reference", store.CaseQuery{Text: "dpo/2026/7"}, []string{a.Ref}},
			{"by URN", store.CaseQuery{Text: "ab1001"}, []string{a.Ref}},
			{"by name", store.CaseQuery{Text: "baker"}, []string{b.Ref}},
			{"underscore is literal", store.CaseQuery{Text: "ann_b"}, []string{b.Ref}},
			{"by our reference", store.CaseQuery{Text: b.Ref}, []string{b.Ref}},
			{"by kind", store.CaseQuery{Kind: "erasure"}, []string{b.Ref}},
			{"assigned", store.CaseQuery{Assignee: jo.ID}, []string{a.Ref}},
			{"open and unassigned", store.CaseQuery{Unassigned: true, States: store.OpenStates}, []string{b.Ref}},
			{"by requester A to Z", store.CaseQuery{Sort: "requester", States: store.OpenStates}, []string{b.Ref, a.Ref}},
			{"by requester Z to A", store.CaseQuery{Sort: "requester", Desc: true, States: store.OpenStates}, []string{a.Ref, b.Ref}},
			{"second page", store.CaseQuery{Limit: 1, Offset: 1, States: store.OpenStates}, []string{a.Ref}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, total, err := w.st.SearchCases(ctx, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var refs []string
				for _, c := range got {
					refs = append(refs, c.Ref)
				}
				if len(refs) != len(tc.want) || (len(refs) > 0 && refs[0] != tc.want[0]) {
					t.Errorf("got %v (total %d), want %v", refs, total, tc.want)
				}
			})
		}
		log, err := w.st.AuditLogFiltered(ctx, store.AuditFilter{Actor: "Jo Caseworker", Action: casework.ActNote, From: w.now.Add(-time.Hour)})
		if err != nil || len(log) != 1 || log[0].CaseRef != b.Ref {
			t.Errorf("audit filter: %+v %v", log, err)
		}
		log, err = w.st.AuditLogFiltered(ctx, store.AuditFilter{CaseRef: a.Ref, From: w.now.Add(-time.Hour), To: w.now.Add(-time.Minute)})
		if err != nil || len(log) != 0 {
			t.Errorf("audit before the events: %+v %v", log, err)
		}
	})
}
