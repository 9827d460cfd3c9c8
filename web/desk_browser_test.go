package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"example.org/intake/internal/itest"
	accounts "example.org/intake/staff"
	"example.org/intake/store"
)

// signIn creates an account for Jo and signs her in through the set-up
// page.
func (k *desk) signIn(ctx context.Context, t *testing.T) {
	t.Helper()
	link, err := accounts.Invite(context.Background(), k.d.Store, k.base, "jo@provider.example", "", "admin", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "Jo Caseworker"), chromedp.SendKeys(`#password`, testPassword),
		chromedp.SendKeys(`#confirm`, testPassword), chromedp.Click(`main button[type=submit]`), chromedp.WaitVisible(`#calendar`))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
}

// text is the text of the element sel. A page that is replaced while it
// is read (a redirect finishing on a loaded machine) is read again.
func text(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	var err error
	for try := 0; try < 3; try++ {
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		var s string
		s, err = chromedp.Run(sctx, chromedp.Text(sel))
		cancel()
		if err == nil {
			return s
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("text of %s: %v", sel, err)
	return ""
}

func location(ctx context.Context, t *testing.T) string {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// notPost fails when the address bar shows the address a form posted to.
func notPost(ctx context.Context, t *testing.T, action string) {
	t.Helper()
	loc := location(ctx, t)
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	if strings.HasSuffix(loc, "/"+action) {
		t.Errorf("the address bar shows the POST address %s", loc)
	}
}

func noSidewaysScroll(ctx context.Context, t *testing.T, page string) {
	t.Helper()
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	if wide {
		t.Errorf("%s scrolls sideways at this width", page)
	}
}

// TestBrowserCheckRefuseReopen drives the desk in Chromium through the
// case actions of issue 13: a complaint offers no Extend, Ask for ID or
// stage; Ask for ID shows the letter, Back sends nothing, Send sends that
// letter; a refused question keeps its text beside the reason; closing
// asks first and a closed case reopens with a reason; no page is left on a
// POST address; axe-core finds nothing on any of these pages, at 1280 and
// at 390 px.
func TestBrowserCheckRefuseReopen(t *testing.T) {
	ctx := browser(t)
	k := startDesk(t)
	const requester = "alex.desk@example.org"
	if err := k.m.Deliver(itest.Intake, itest.AccessRequest(requester, "d1@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := k.m.Deliver(itest.Intake, itest.TriageRequest("Pat <pat.desk@example.org>", "d2@example.org")); err != nil {
		t.Fatal(err)
	}
	c := k.caseOf(t, requester, store.StateAwaitingDPO)
	tri := k.caseOf(t, "pat.desk@example.org", store.StateTriage)
	k.signIn(ctx, t)
	caseURL := k.base + "/cases/" + c.Ref

	// A complaint, confirmed from triage, offers only what a complaint can have.
	err := chromedp.Do(ctx, chromedp.Navigate(k.base+"/cases/"+tri.Ref), chromedp.WaitVisible(`#form-confirm`),
		chromedp.Click(`#form-confirm input[value=complaint]`), chromedp.Click(`#form-confirm button`), chromedp.WaitVisible(`.notice`))
	if err != nil {
		t.Fatalf("confirm as complaint: %v", err)
	}
	forms, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#form-extend, #form-ask-id, #form-stage').length`))
	if err != nil || forms != 0 {
		t.Errorf("a complaint offers %d of Extend, Ask for ID, stage (%v)", forms, err)
	}

	// Ask for ID: the letter first; Back sends nothing.
	err = chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(`#form-ask-id`),
		chromedp.Click(`#form-ask-id button`), chromedp.WaitVisible(`.letter`))
	if err != nil {
		t.Fatalf("ask for ID: %v", err)
	}
	letter := text(ctx, t, `.letter pre`)
	if !strings.Contains(text(ctx, t, `.letter`), requester) || !strings.Contains(letter, c.Ref) {
		t.Errorf("the letter preview:\n%s", text(ctx, t, `.letter`))
	}
	notPost(ctx, t, "ask-id")
	checkAxe(ctx, t, "letter preview")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800)); err != nil {
		t.Fatal(err)
	}
	noSidewaysScroll(ctx, t, "the letter preview")
	checkAxe(ctx, t, "letter preview at 390 px")
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Click(`main form a`), chromedp.WaitVisible(`#form-ask-id`)); err != nil {
		t.Fatalf("back: %v", err)
	}
	if got, _ := k.d.Store.CaseByRef(context.Background(), c.Ref); got.State != store.StateAwaitingDPO {
		t.Errorf("Back left the case %s", got.State)
	}
	// Send: the letter that arrives is the one shown.
	err = chromedp.Do(ctx, chromedp.Click(`#form-ask-id button`), chromedp.WaitVisible(`.letter`),
		chromedp.Click(`main form button`), chromedp.WaitVisible(`.notice`))
	if err != nil {
		t.Fatalf("send the ID request: %v", err)
	}
	notPost(ctx, t, "ask-id")
	firstLine := strings.TrimSpace(strings.SplitN(strings.TrimSpace(letter), "\n", 2)[0])
	itest.Eventually(t, 30*time.Second, "the ID request in the SMTP sink", func() bool {
		for _, e := range k.m.SMTPLog() {
			if len(e.To) == 1 && e.To[0] == requester && bytes.Contains(e.Data, []byte("Subject: ")) &&
				bytes.Contains(bytes.ReplaceAll(e.Data, []byte("=\r\n"), nil), []byte(firstLine)) {
				return true
			}
		}
		return false
	})

	// The requester sends a photo and a bill: the photo is shown on the
	// case, the bill is a download.
	card := part{"passport.png", "image/png"}
	bill := part{"utility-bill.pdf", "application/pdf"}
	reply := withAttachments(requester, c.Ref, "d3@example.org", map[part][]byte{card: idCard(t), bill: []byte("%PDF-1.4\n")}, []part{card, bill})
	if err := k.m.Deliver(itest.Intake, reply); err != nil {
		t.Fatal(err)
	}
	itest.Eventually(t, 30*time.Second, "the reply on the case", func() bool {
		got, _ := k.d.Store.CaseByRef(context.Background(), c.Ref)
		return got.NeedsPerson
	})
	err = chromedp.Do(ctx, chromedp.Navigate(caseURL), chromedp.WaitVisible(`.evidence img`))
	if err != nil {
		t.Fatalf("evidence: %v", err)
	}
	itest.Eventually(t, 10*time.Second, "the photo drawn", func() bool {
		w, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('.evidence img').naturalWidth`))
		return err == nil && w == 60
	})
	if !strings.Contains(text(ctx, t, `ol.timeline`), "Download utility-bill.pdf") {
		t.Error("the bill is not offered for download")
	}
	checkAxe(ctx, t, "case page with evidence")

	// Verified, a question asked and answered the same day, a second
	// question is refused (a second pause on one day): the text stays
	// beside the reason.
	const q = "Which office did you visit, and in which years?"
	err = chromedp.Do(ctx, chromedp.SendKeys(`#verify-note`, "passport seen"), chromedp.Click(`#form-verify-id button`),
		chromedp.WaitVisible(`#form-ask-clarification`), chromedp.WaitNotPresent(`.evidence img`), chromedp.SendKeys(`#question`, "Which years?"),
		chromedp.Click(`#form-ask-clarification button`), chromedp.WaitVisible(`.letter`), chromedp.Click(`main form button`),
		chromedp.WaitVisible(`#form-resume`), chromedp.Click(`#form-resume button`),
		chromedp.WaitVisible(`#form-ask-clarification`), chromedp.SendKeys(`#question`, q),
		chromedp.Click(`#form-ask-clarification button`), chromedp.WaitVisible(`#question-error`))
	if err != nil {
		t.Fatalf("refused question: %v", err)
	}
	kept, err := chromedp.Run(ctx, chromedp.Value(`#question`))
	if err != nil || kept != q {
		t.Errorf("the question after the refusal: %q (%v)", kept, err)
	}
	reason := text(ctx, t, `#question-error`)
	if strings.Contains(reason, "_") || reason == "" {
		t.Errorf("refusal: %q", reason)
	}
	notPost(ctx, t, "ask-clarification")
	checkAxe(ctx, t, "case page with a refusal")

	// Close asks first; then reopen with a reason.
	err = chromedp.Do(ctx, chromedp.SendKeys(`#close-reason`, "withdrawn by phone"), chromedp.Click(`#form-close button`),
		chromedp.WaitReady(`input[name=confirm]`))
	if err != nil {
		t.Fatalf("close: %v", err)
	}
	if !strings.Contains(text(ctx, t, `main`), "withdrawn by phone") {
		t.Error("the confirmation does not say why")
	}
	checkAxe(ctx, t, "close confirmation")
	err = chromedp.Do(ctx, chromedp.Click(`main form button.warning`), chromedp.WaitVisible(`#form-reopen`),
		chromedp.SendKeys(`#reopen-reason`, "the requester rang back"), chromedp.Click(`#form-reopen button`), chromedp.WaitVisible(`#form-close`))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	notPost(ctx, t, "reopen")
	if !strings.Contains(text(ctx, t, `ol.timeline`), "the requester rang back") {
		t.Error("the reopening is not on the timeline")
	}
	if got, _ := k.d.Store.CaseByRef(context.Background(), c.Ref); got.State == store.StateClosed {
		t.Errorf("still closed after reopening")
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(caseURL), chromedp.WaitVisible(`h1`)); err != nil {
		t.Fatal(err)
	}
	noSidewaysScroll(ctx, t, "the case page")
	checkAxe(ctx, t, "case page at 390 px")
}

// TestBrowserFindAndOwn: search, sort, assign to oneself and a note, in
// Chromium, with axe-core on the case list and the audit log at 1280 and
// 390 px.
func TestBrowserFindAndOwn(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t)
	var refs []string
	for i := 0; i < 8; i++ {
		c := e.deliver(itest.ErasureRequest(fmt.Sprintf("Person %02d <person%02d@example.org>", i, i), fmt.Sprintf("bf%d@example.org", i)))
		refs = append(refs, c.Ref)
	}
	e.addStaff("jo@provider.example", "Jo Caseworker", "admin")
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/signin"), chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, "jo@provider.example"), chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(`main button[type=submit]`), chromedp.WaitVisible(`#calendar`),
		chromedp.Navigate(srv.URL+"/cases"), chromedp.WaitVisible(`#q`),
		chromedp.SendKeys(`#q`, "person05@example.org"), chromedp.Click(`form.filters button`), chromedp.WaitVisible(`table`))
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	if got := text(ctx, t, `tbody`); !strings.Contains(got, refs[5]) || strings.Contains(got, refs[4]) {
		t.Errorf("search for person05: %s", got)
	}
	checkAxe(ctx, t, "case list with a search")
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/cases?sort=requester"), chromedp.WaitVisible(`table`))
	if err != nil {
		t.Fatal(err)
	}
	if first := text(ctx, t, `tbody tr:first-child`); !strings.Contains(first, "Person 00") {
		t.Errorf("first by requester: %s", first)
	}
	err = chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/cases/"+refs[2]), chromedp.WaitVisible(`#form-assign`),
		chromedp.Click(`#form-assign button`), chromedp.WaitVisible(`.notice`),
		chromedp.SendKeys(`#note`, "Rang them: ID follows by post."), chromedp.Click(`#form-note button`))
	if err == nil {
		// Wait for the note on the page after the redirect: navigating away
		// while the form's POST is in flight aborts it.
		// The page may be replaced while it is polled: ask again.
		for try := 0; try < 50; try++ {
			var ok bool
			ok, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && document.body.innerText.includes("ID follows by post")`))
			if err == nil && ok {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.WaitVisible(`#form-note`), chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(`#mine`))
	}
	if err != nil {
		t.Fatalf("assign and note: %v", err)
	}
	if mine := text(ctx, t, `section[aria-labelledby=mine]`); !strings.Contains(mine, refs[2]) {
		t.Errorf("My cases: %s", mine)
	}
	visit(ctx, t, srv.URL+"/audit?action=staff_note")
	step(ctx, t, "the audit log", chromedp.WaitVisible(`tbody`))
	if got := text(ctx, t, `tbody`); !strings.Contains(got, "Rang them") {
		t.Errorf("audit filtered by notes: %s", got)
	}
	checkAxe(ctx, t, "audit log filtered")
	for _, p := range []string{"/cases", "/audit", "/"} {
		// Each load gets its own deadline and one more try: on a loaded CI
		// machine a load event can be lost, which would otherwise use up the
		// whole test's time.
		var err error
		for try := 0; try < 3; try++ {
			sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			err = chromedp.Do(sctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(srv.URL+p), chromedp.WaitVisible(`h1`))
			cancel()
			if err == nil {
				break
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		noSidewaysScroll(ctx, t, p)
		checkAxe(ctx, t, p+" at 390 px")
	}
}
