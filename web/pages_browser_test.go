package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"example.org/intake/casework"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestBrowserEveryPage opens every page of the desk in Chromium, the
// letter previews and confirmations included, and runs axe-core on each,
// at 1280 px and again at 390 px (where nothing may scroll sideways); the
// reports table fits a 1280 px screen. With -screenshots it writes the
// dashboard, a case, a letter preview and a search to ../docs.
func TestBrowserEveryPage(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	for i := 0; i < 6; i++ {
		e.deliver(itest.ErasureRequest(fmt.Sprintf("Person %02d <person%02d@example.org>", i, i), fmt.Sprintf("ep%d@example.org", i)))
	}
	er := e.deliver(itest.ErasureRequest("Erin Example <erin.pages@example.org>", "ep-er@example.org"))
	tri := e.deliver(itest.TriageRequest("Pat <pat.pages@example.org>", "ep-tri@example.org"))
	if tri.State != store.StateTriage {
		t.Fatalf("the triage fixture opened a case in %s", tri.State)
	}
	partly := e.deliver(itest.AccessRequest("Alex Access <alex.pages@example.org>", "ep-ac1@example.org"))
	ready := e.deliver(itest.AccessRequest("Sam Access <sam.pages@example.org>", "ep-ac2@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "admin")
	for _, c := range []*store.Case{partly, ready} {
		e.act(jo, c.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-2026-7" + c.Ref[len(c.Ref)-1:]}, "reason": {"given by phone"}}, true)
		got, err := e.d.Store.CaseByRef(context.Background(), c.Ref)
		if err != nil {
			t.Fatal(err)
		}
		e.act(jo, c.Ref, "edit-draft", url.Values{"subject": {got.DraftSubject}, "text": {withoutStaffNotes(got)}}, true)
	}
	for i, it := range casework.AccessChecklist {
		e.act(jo, ready.Ref, "checklist", url.Values{"item": {it.ID}, "note": {"done"}}, true)
		if i < 2 {
			e.act(jo, partly.Ref, "checklist", url.Values{"item": {it.ID}, "note": {"paper file and CRM"}}, true)
		}
	}
	e.act(jo, er.Ref, "note", url.Values{"note": {"Rang them back."}}, true)
	if res := e.upload(jo, "/participants/import", jo.csrf, "register.csv", []byte(registerCSV)); res.Code != http.StatusOK {
		t.Fatalf("import: %d", res.Code)
	}
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	signInAs(ctx, t, srv.URL, "jo@provider.example")

	pages := []string{"/", "/cases", "/cases?q=person0&sort=requester", "/cases?state=drafted&sort=due", "/triage",
		"/participants", "/participants/AB1002", "/audit", "/audit?action=staff_note", "/reports", "/account",
		"/cases/" + er.Ref, "/cases/" + partly.Ref, "/cases/" + ready.Ref, "/cases/" + tri.Ref,
		"/cases/" + er.Ref + "/print", "/cases/INT-1999-0001"}
	for _, p := range pages {
		visit(ctx, t, srv.URL+p)
		noSidewaysScroll(ctx, t, p)
		checkAxe(ctx, t, p)
	}

	// The reports table fits the screen: no column is cut off at 1280 px.
	visit(ctx, t, srv.URL+"/reports")
	widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.querySelector('.table-wrap').scrollWidth, document.querySelector('.table-wrap').clientWidth]`))
	if err != nil || len(widths) != 2 || widths[0] > widths[1] {
		t.Errorf("the reports table is %v px wide (scroll, client) on a 1280 px screen (%v)", widths, err)
	}

	// Every letter preview and confirmation, reached as staff reach them.
	checks := []struct {
		name, ref, form string
		fill            []chromedp.Action[chromedp.Void]
		wait            string
	}{
		{"ask for ID", er.Ref, "#form-ask-id", nil, `.letter`},
		{"question", er.Ref, "#form-ask-clarification", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(`#question`, "Which years?")}, `.letter`},
		{"extension", er.Ref, "#form-extend", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(`#extend-reason`, "records in three offices")}, `.letter`},
		{"close", er.Ref, "#form-close", []chromedp.Action[chromedp.Void]{chromedp.SendKeys(`#close-reason`, "withdrawn by phone")}, `input[name=confirm]`},
		{"not a request", tri.Ref, "#form-not-a-request", nil, `input[name=confirm]`},
		{"approve", ready.Ref, "#form-approve", nil, `.letter`},
	}
	erState := er.State
	var checkPages []string
	for _, c := range checks {
		visit(ctx, t, srv.URL+"/cases/"+c.ref)
		acts := append(append([]chromedp.Action[chromedp.Void]{chromedp.WaitVisible(c.form)}, c.fill...),
			chromedp.Click(c.form+` button[type=submit]`), chromedp.WaitReady(c.wait))
		step(ctx, t, c.name, acts...)
		notPost(ctx, t, c.form[len("#form-"):])
		checkAxe(ctx, t, "the check page: "+c.name)
		if c.name == "approve" {
			step(ctx, t, "screen size", chromedp.EmulateViewport(1280, 1100))
			screenshot(ctx, t, "staff-letter-preview.png", false)
			step(ctx, t, "screen size", chromedp.EmulateViewport(1280, 900))
		}
		checkPages = append(checkPages, location(ctx, t))
	}
	if got, _ := e.d.Store.CaseByRef(context.Background(), er.Ref); got.State != erState {
		t.Errorf("looking at the check pages changed the case: %s", got.State)
	}

	// The screenshots of docs/.
	visit(ctx, t, srv.URL+"/")
	screenshot(ctx, t, "staff-dashboard.png", true)
	visit(ctx, t, srv.URL+"/cases/"+partly.Ref)
	screenshot(ctx, t, "staff-case.png", true)
	step(ctx, t, "screen size", chromedp.EmulateViewport(1280, 800))
	visit(ctx, t, srv.URL+"/cases?q=person0&sort=requester")
	screenshot(ctx, t, "staff-search.png", false)

	step(ctx, t, "phone size", chromedp.EmulateViewport(390, 800))
	for _, p := range append(pages, checkPages...) {
		if len(p) > 0 && p[0] == '/' {
			p = srv.URL + p
		}
		visit(ctx, t, p)
		noSidewaysScroll(ctx, t, p+" at 390 px")
		checkAxe(ctx, t, p+" at 390 px")
	}
}
