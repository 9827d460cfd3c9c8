package web_test

import (
	"bytes"
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	accounts "example.org/intake/staff"
	"example.org/intake/store"
	"example.org/intake/web"
)

var writeScreenshots = flag.Bool("screenshots", false, "write the browser test's screenshots to ../docs")

// chromium returns the browser to drive, or skips (fails under CI).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("INTAKE_TEST_CHROMIUM"); p != "" {
		return p
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed (apt-get install -y chromium) and CI is set")
	}
	t.Skip("chromium is not installed: apt-get install -y chromium, or set INTAKE_TEST_CHROMIUM")
	return ""
}

// desk is a running daemon serving the staff desk, with devmail.
type desk struct {
	m    *devmail.Server
	d    *daemon.Daemon
	base string
}

func startDesk(t *testing.T) *desk {
	t.Helper()
	m := itest.Mail(t, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: itest.Logger(t), Ready: ready, QueueTestOnly: true})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	h, err := web.New(web.Options{Cases: d.Cases, Store: d.Store, Logger: itest.Logger(t), Health: d.HealthHandler(), Programme: cfg.Programme})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, h) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("daemon stopped at start: %v", err)
	}
	itest.Eventually(t, 20*time.Second, "first IMAP sync", func() bool { return !d.LastSync().IsZero() })
	return &desk{m: m, d: d, base: "http://" + d.WebAddr()}
}

// caseOf waits until the request from addr has a case in one of states.
func (k *desk) caseOf(t *testing.T, addr string, states ...string) *store.Case {
	t.Helper()
	var found *store.Case
	itest.Eventually(t, 30*time.Second, "case of "+addr, func() bool {
		cases, _ := k.d.Store.ListCases(context.Background())
		for i := range cases {
			if cases[i].RequesterAddr == addr {
				for _, s := range states {
					if cases[i].State == s {
						found = &cases[i]
						return true
					}
				}
			}
		}
		return false
	})
	return found
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// axe runs axe-core on the current page and returns its serious and
// critical violations.
func axe(ctx context.Context, t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("testdata/axe/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	run := `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
		.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
		.map(v => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))`
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("load axe: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("axe: %v", err)
	}
	return out
}

func checkAxe(ctx context.Context, t *testing.T, page string) {
	t.Helper()
	for _, v := range axe(ctx, t) {
		t.Errorf("accessibility (%s): %s", page, v)
	}
}

func screenshot(ctx context.Context, t *testing.T, name string, full bool) {
	t.Helper()
	act := chromedp.CaptureScreenshot()
	if full {
		act = chromedp.FullScreenshot(100)
	}
	buf, err := chromedp.Run(ctx, act)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := t.TempDir()
	if *writeScreenshots {
		dir = "../docs"
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserSignInApproveAndHostileMail drives Chromium through the desk
// of a running daemon: a request arrives over loopback IMAP, a member of
// staff signs in, edits and approves the answer, and the answer reaches
// the SMTP sink; a hostile HTML email shown on its case page runs no
// script and loads nothing remote.
func TestBrowserSignInApproveAndHostileMail(t *testing.T) {
	ctx := browser(t)
	k := startDesk(t)

	var remoteHits atomic.Int64
	tracker := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		remoteHits.Add(1)
		t.Logf("remote resource fetched: %s", r.URL.Path)
	}))
	defer tracker.Close()

	const requester = "erin.browser@example.org"
	if err := k.m.Deliver(itest.Intake, itest.ErasureRequest("Erin Example <"+requester+">", "b1@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := k.m.Deliver(itest.Intake, itest.AccessRequest("alex.browser@example.org", "b2@example.org")); err != nil {
		t.Fatal(err)
	}
	if err := k.m.Deliver(itest.Intake, hostileEmail("Mallory <mallory@example.org>", "b3@example.org", tracker.URL)); err != nil {
		t.Fatal(err)
	}
	c := k.caseOf(t, requester, store.StateAwaitingDPO)
	hostile := k.caseOf(t, "mallory@example.org", store.StateAwaitingDPO, store.StateReceived)

	// An account, set up through its link.
	link, err := accounts.Invite(context.Background(), k.d.Store, k.base, "jo@provider.example", "", "admin", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var dialogs atomic.Int64
	opened := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range opened {
			if err != nil {
				return
			}
			dialogs.Add(1)
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()

	err = chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.WaitVisible(`#password`),
		chromedp.SendKeys(`#name`, "Jo Caseworker"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.SendKeys(`#confirm`, testPassword),
		chromedp.Click(`main button[type=submit]`),
		chromedp.WaitVisible(`#dpo`),
		// Sign out and in again through the sign-in page.
		chromedp.Click(`header form button`),
		chromedp.WaitVisible(`#email`),
	)
	if err != nil {
		t.Fatalf("set-up and sign-out: %v", err)
	}
	checkAxe(ctx, t, "sign-in")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`#email`, "jo@provider.example"),
		chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(`main button[type=submit]`),
		chromedp.WaitVisible(`#calendar`),
	)
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	dash, err := chromedp.Run(ctx, chromedp.Text(`main`))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	if !strings.Contains(dash, c.Ref) || !strings.Contains(dash, "working days left") {
		t.Errorf("dashboard lacks the case and its clock:\n%s", dash)
	}
	checkAxe(ctx, t, "dashboard")

	// Edit the draft, check the preview, approve.
	const line = "Your records under reference WEB-TEST-42 have been deleted."
	err = chromedp.Do(ctx,
		chromedp.Navigate(k.base+"/cases/"+c.Ref),
		chromedp.WaitVisible(`#text`),
		chromedp.SetValue(`#subject`, "Your erasure request"),
		chromedp.SetValue(`#text`, "Dear Erin,\n\n"+line+"\n\nJo Caseworker\nExample Family Support"),
		chromedp.Click(`form[action$="/edit-draft"] button`),
		chromedp.WaitVisible(`.notice`),
	)
	if err != nil {
		t.Fatalf("edit draft: %v", err)
	}
	preview, err := chromedp.Run(ctx, chromedp.Text(`.preview`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(preview, line) || !strings.Contains(preview, "Your erasure request ["+c.Ref+"]") || !strings.Contains(preview, requester) {
		t.Errorf("preview:\n%s", preview)
	}
	checkAxe(ctx, t, "case page")
	err = chromedp.Do(ctx,
		chromedp.SendKeys(`#no_dpo_ref_reason`, "DPO team confirmed by phone"),
		chromedp.Click(`form[action$="/approve"] button`),
		// The answer is shown exactly as it will go, then sent.
		chromedp.WaitVisible(`.letter`),
		chromedp.Click(`form[action$="/approve"] button`),
		chromedp.WaitVisible(`.notice`),
	)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	itest.Eventually(t, 30*time.Second, "the answer in the SMTP sink", func() bool {
		for _, e := range k.m.SMTPLog() {
			if len(e.To) == 1 && e.To[0] == requester && bytes.Contains(e.Data, []byte("WEB-TEST-42")) {
				return true
			}
		}
		return false
	})
	got, _ := k.d.Store.CaseByRef(context.Background(), c.Ref)
	if got.ApprovedBy != "Jo Caseworker" {
		t.Errorf("approved by %q", got.ApprovedBy)
	}
	// Sent and reported, the case is closed and says what went, and when.
	itest.Eventually(t, 30*time.Second, "the case closed", func() bool {
		got, _ := k.d.Store.CaseByRef(context.Background(), c.Ref)
		return got.State == store.StateClosed
	})
	visit(ctx, t, k.base+"/cases/"+c.Ref)
	if got := text(ctx, t, `#draft ~ section.preview`); !strings.Contains(got, "The answer as sent") || !strings.Contains(got, line) {
		t.Errorf("the closed case's answer:\n%s", got)
	}
	if got := text(ctx, t, `section[aria-labelledby=sent-title]`); !strings.Contains(got, "Answer to the requester to "+requester+": sent ") ||
		!strings.Contains(got, "Answer reported to the DPO team") {
		t.Errorf("what was sent on the closed case:\n%s", got)
	}

	// The hostile email: open its formatted version and look around.
	err = chromedp.Do(ctx,
		chromedp.Navigate(k.base+"/cases/"+hostile.Ref),
		chromedp.WaitVisible(`details summary`),
		chromedp.Click(`details summary`),
		chromedp.WaitVisible(`.email-html`),
		chromedp.Sleep(500*time.Millisecond),
	)
	if err != nil {
		t.Fatalf("hostile case: %v", err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	scriptRan, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelectorAll('.email-html script, .email-html img, .email-html iframe, [onerror], [onload]').length > 0`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(title, "pwned") || scriptRan || dialogs.Load() != 0 {
		t.Errorf("hostile email: title %q, active elements %v, dialogs %d", title, scriptRan, dialogs.Load())
	}
	// Click its javascript: link: nothing may run.
	_ = chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`Array.from(document.querySelectorAll('.email-html a')).filter(a => a.textContent === 'click').forEach(a => a.click())`),
		chromedp.Sleep(300*time.Millisecond))
	if dialogs.Load() != 0 {
		t.Errorf("a dialog opened: script ran")
	}
	if n := remoteHits.Load(); n != 0 {
		t.Errorf("the hostile email loaded %d remote resources", n)
	}

	for _, p := range []string{"/triage", "/reports", "/participants", "/audit", "/cases/" + c.Ref + "/print"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(k.base+p), chromedp.WaitVisible(`h1`)); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		checkAxe(ctx, t, p)
	}

	// On a phone-sized screen nothing scrolls sideways on the dashboard.
	err = chromedp.Do(ctx, chromedp.EmulateViewport(375, 800), chromedp.Navigate(k.base+"/"), chromedp.WaitVisible(`h1`))
	if err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	if err != nil {
		t.Fatal(err)
	}
	if wide {
		t.Error("the dashboard scrolls sideways on a 375px screen")
	}
}
