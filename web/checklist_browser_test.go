package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"example.org/intake/casework"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// step runs actions with a deadline of their own, so that one lost event
// on a loaded machine fails that step by name instead of using up the
// whole test's time.
func step(ctx context.Context, t *testing.T, name string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(sctx, actions...); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// visit loads path and waits for its heading, trying again when a load is
// lost (loading a page twice changes nothing).
func visit(ctx context.Context, t *testing.T, url string) {
	t.Helper()
	var err error
	for try := 0; try < 3; try++ {
		sctx, cancel := context.WithTimeout(ctx, 60*time.Second)
		err = chromedp.Do(sctx, chromedp.Navigate(url), chromedp.WaitVisible(`h1`))
		cancel()
		if err == nil {
			return
		}
	}
	t.Fatalf("load %s: %v (%s)", url, err, probe(url))
}

// probe tells a desk that does not answer from a browser that does not
// load: it asks for url over plain HTTP (no cookie, so a case page answers
// with its redirect to sign-in) and, when that hangs too, dumps this test
// process's goroutines, which include the desk's handlers.
func probe(url string) string {
	c := http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := time.Now()
	resp, err := c.Get(url)
	if err == nil {
		resp.Body.Close()
		return fmt.Sprintf("the desk answered plain HTTP with %d in %v: the browser hung", resp.StatusCode, time.Since(start).Round(time.Millisecond))
	}
	var b strings.Builder
	_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
	return fmt.Sprintf("the desk did not answer plain HTTP either (%v); goroutines:\n%s", err, b.String())
}

// signInAs signs jo in through the sign-in page of the desk at base.
func signInAs(ctx context.Context, t *testing.T, base, email string) {
	t.Helper()
	visit(ctx, t, base+"/signin")
	step(ctx, t, "sign in", chromedp.SendKeys(`#email`, email), chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(`main button[type=submit]`), chromedp.WaitVisible(`#calendar`))
}

// TestBrowserAccessChecklist works through the disclosure checklist of
// an access case in Chromium: approving first is refused next to the
// approve button, each step is ticked in the signed-in person's name, and
// then the answer is shown and sent; axe-core finds nothing on the case
// page with its checklist at 1280 and 390 px.
func TestBrowserAccessChecklist(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	a := e.deliver(itest.AccessRequest("alex.tick@example.org", "bt1@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "admin")
	e.act(jo, a.Ref, "dpo-ref", url.Values{"dpo_ref": {"DPO-2026-61"}, "reason": {"given by phone"}}, true)
	c, err := e.d.Store.CaseByRef(context.Background(), a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	e.act(jo, a.Ref, "edit-draft", url.Values{"subject": {c.DraftSubject}, "text": {withoutStaffNotes(c)}}, true)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	signInAs(ctx, t, srv.URL, "jo@provider.example")

	caseURL := srv.URL + "/cases/" + a.Ref
	visit(ctx, t, caseURL)
	step(ctx, t, "the checklist", chromedp.WaitVisible(`#checklist`), chromedp.WaitVisible(`#approve-checklist`))
	checkAxe(ctx, t, "case page with the checklist")
	step(ctx, t, "approve too early", chromedp.Click(`#form-approve button`), chromedp.WaitVisible(`#approve-error`))
	notPost(ctx, t, "approve")
	if got := text(ctx, t, `#approve-error`); !strings.Contains(got, "every item of the disclosure checklist") {
		t.Errorf("the refusal beside the approve button: %q", got)
	}
	for _, it := range casework.AccessChecklist {
		step(ctx, t, "tick "+it.ID, chromedp.SendKeys(`#tick-`+it.ID, "checked by the browser test"),
			chromedp.Click(`#check-`+it.ID+` button`), chromedp.WaitVisible(`#check-`+it.ID+` .tag-done`))
		notPost(ctx, t, "checklist")
	}
	if got := text(ctx, t, `#check-third_party`); !strings.Contains(got, "Ticked by Jo Caseworker") || !strings.Contains(got, "checked by the browser test") {
		t.Errorf("a ticked step: %q", got)
	}
	step(ctx, t, "no warning left", chromedp.WaitNotPresent(`#approve-checklist`))
	step(ctx, t, "390 px", chromedp.EmulateViewport(390, 800))
	visit(ctx, t, caseURL)
	noSidewaysScroll(ctx, t, "the case page with its checklist")
	checkAxe(ctx, t, "case page with the checklist at 390 px")
	step(ctx, t, "desktop", chromedp.EmulateViewport(1280, 900))
	visit(ctx, t, caseURL)
	step(ctx, t, "approve", chromedp.Click(`#form-approve button`), chromedp.WaitVisible(`.letter`))
	step(ctx, t, "send", chromedp.Click(`main form button`), chromedp.WaitVisible(`.notice`))
	if got, _ := e.d.Store.CaseByRef(context.Background(), a.Ref); got.State != store.StateApproved || got.ApprovedBy != "Jo Caseworker" {
		t.Errorf("after sending: %s by %q", got.State, got.ApprovedBy)
	}
}
