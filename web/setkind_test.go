package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestSetKindOnTheCasePage: a request acknowledged before its kind was sure
// offers, on its case page, the form that sets its kind; setting it keeps
// the case where it was, puts the kind first and sends nothing more. Once
// set, the form is gone.
func TestSetKindOnTheCasePage(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.Email("Kim <kim@example.org>", "", "k1@example.org",
		"Ich möchte mich über die Weitergabe meiner Daten beschweren.\n"))
	if c.State == store.StateTriage || c.Kind != "other" || c.Rights == "" {
		t.Fatalf("case %s kind %q rights %q, want a kind-uncertain request acknowledged", c.State, c.Kind, c.Rights)
	}
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	res := e.do(jo, "GET", "/cases/"+c.Ref, nil)
	mustContain(t, res.Body.String(), `id="form-set-kind"`, "which right does it ask for?")
	before, _ := e.d.Store.OutboundForCase(context.Background(), c.ID)
	res = e.do(jo, "POST", "/cases/"+c.Ref+"/set-kind", url.Values{"kind": {"complaint"}})
	if res.Code != http.StatusSeeOther || !strings.Contains(res.Header().Get("Location"), "done=set-kind") {
		t.Fatalf("set kind: %d %q", res.Code, res.Header().Get("Location"))
	}
	got, _ := e.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.Kind != "complaint" || !strings.HasPrefix(got.Rights, "complaint") || got.State != c.State {
		t.Errorf("after set kind: kind %q rights %q state %q (was %q)", got.Kind, got.Rights, got.State, c.State)
	}
	if after, _ := e.d.Store.OutboundForCase(context.Background(), c.ID); len(after) != len(before) {
		t.Errorf("setting the kind queued %d messages", len(after)-len(before))
	}
	res = e.do(jo, "GET", "/cases/"+c.Ref, nil)
	if strings.Contains(res.Body.String(), `id="form-set-kind"`) {
		t.Error("the set-kind form is still offered once the kind is set")
	}
}
