package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"example.org/intake/casework"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// withoutStaffNotes is the draft of c with the "[Staff: …]" lines taken
// out, as staff leave it once they have done what the notes ask.
func withoutStaffNotes(c *store.Case) string {
	var kept []string
	for _, line := range strings.Split(c.DraftText, "\n") {
		if !strings.Contains(line, "[Staff:") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

// TestDeskAccessChecklist: an access case shows its disclosure checklist;
// approving is refused beside the approve button until every step is
// ticked, each in the name of the person who ticks it; a tick taken back
// needs a reason; an erasure shows no checklist.
func TestDeskAccessChecklist(t *testing.T) {
	e := newEnv(t)
	a := e.deliver(itest.AccessRequest("alex.check@example.org", "cl1@example.org"))
	er := e.deliver(itest.ErasureRequest("erin.check@example.org", "cl2@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	e.act(jo, a.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-2026-51"}, "reason": {"given by phone"}}, true)
	c, err := e.d.Store.CaseByRef(context.Background(), a.Ref)
	if err != nil || c.State != store.StateDrafted {
		t.Fatalf("after the DPO reference: %v %v", c, err)
	}
	e.act(jo, a.Ref, "edit-draft", url.Values{"subject": {c.DraftSubject}, "text": {withoutStaffNotes(c)}}, true)

	page := e.do(jo, "GET", "/cases/"+a.Ref, nil).Body.String()
	mustContain(t, page, "Disclosure checklist", `id="check-systems_searched"`, `id="approve-checklist"`,
		"4 step(s) of the", "Third-party data redacted or consent recorded", "Tick: done by me (Jo Caseworker)")
	if n := strings.Count(page, "Not done yet"); n != 4 {
		t.Errorf("%d steps not done, want 4", n)
	}
	page = e.refusal(jo, "/cases/"+a.Ref+"/approve", url.Values{"confirm": {"yes"}})
	mustContain(t, page, `id="approve-error"`, "Not ticked yet: every system searched; third-party data redacted")

	for _, it := range casework.AccessChecklist {
		e.act(jo, a.Ref, "checklist", url.Values{"item": {it.ID}, "note": {"done: " + it.ID}}, true)
	}
	page = e.refusal(jo, "/cases/"+a.Ref+"/untick", url.Values{"item": {"exemptions"}, "reason": {""}})
	mustContain(t, page, `id="form-untick"`, "Say why the tick is taken back.")
	page = e.refusal(jo, "/cases/"+a.Ref+"/checklist", url.Values{"item": {"coffee_made"}})
	mustContain(t, page, `id="form-checklist"`, "There is no checklist item")

	page = e.do(jo, "GET", "/cases/"+a.Ref, nil).Body.String()
	mustContain(t, page, "Ticked by Jo Caseworker", "Noted: “done: format_agreed”", "Take the tick back", "Checklist step ticked")
	mustNotContain(t, page, `id="approve-checklist"`, "Not done yet")
	e.act(jo, a.Ref, "approve", url.Values{"confirm": {"yes"}}, true)
	if c, _ := e.d.Store.CaseByRef(context.Background(), a.Ref); c.State != store.StateApproved || c.ApprovedBy != "Jo Caseworker" {
		t.Errorf("after approval: %s by %q", c.State, c.ApprovedBy)
	}
	// Approved, the checklist is shown as it was, with nothing to change.
	page = e.do(jo, "GET", "/cases/"+a.Ref, nil).Body.String()
	mustContain(t, page, "Disclosure checklist", "Ticked by Jo Caseworker")
	mustNotContain(t, page, "Take the tick back", "Tick: done by me")

	mustNotContain(t, e.do(jo, "GET", "/cases/"+er.Ref, nil).Body.String(), "Disclosure checklist")
}
