package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// nextBypasses are "next" values (as the handler sees them, after query
// decoding) that a browser reads as another host, with HOST for that host.
var nextBypasses = []struct{ name, next string }{
	{"tab between slashes", "/\t/HOST/x"},
	{"CR LF between slashes", "/\r\n/HOST/x"},
	{"slash backslash", "/\\HOST/x"},
	{"protocol-relative", "//HOST/x"},
	{"tab before slashes", "\t//HOST/x"},
	{"encoded slashes", "/%2f%2fHOST/x"},
	{"scheme without slashes", "http:HOST/x"},
}

// TestSignInNextStaysOnSite asks for each bypass as a signed-in member of
// staff, for whom GET /signin redirects at once: the Location is always
// the desk's home.
func TestSignInNextStaysOnSite(t *testing.T) {
	e := newEnv(t)
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	for _, tc := range nextBypasses {
		t.Run(tc.name, func(t *testing.T) {
			next := strings.ReplaceAll(tc.next, "HOST", "evil.example")
			res := e.do(jo, "GET", "/signin?next="+url.QueryEscape(next), nil)
			if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/" {
				t.Errorf("next=%q: %d Location %q, want 303 to /", next, res.Code, res.Header().Get("Location"))
			}
		})
	}
	// And by POST, at sign-in itself.
	res := e.do(nil, "POST", "/signin", url.Values{"email": {"jo@provider.example"}, "password": {testPassword}, "next": {"/\t/evil.example/x"}})
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/" {
		t.Errorf("sign-in with a tab in next: %d Location %q", res.Code, res.Header().Get("Location"))
	}
}

// TestBrowserNextStaysOnSite follows each bypass in Chromium, with a real
// second server standing for the other site: Chromium never reaches it.
func TestBrowserNextStaysOnSite(t *testing.T) {
	ctx := browser(t)
	var hits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer evil.Close()
	e := newEnv(t)
	e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	desk := httptest.NewServer(e.h)
	defer desk.Close()
	evilHost := strings.TrimPrefix(evil.URL, "http://")

	err := chromedp.Do(ctx, chromedp.Navigate(desk.URL+"/signin"), chromedp.WaitVisible(`#email`),
		chromedp.SendKeys(`#email`, "jo@provider.example"), chromedp.SendKeys(`#password`, testPassword),
		chromedp.Click(`main button[type=submit]`), chromedp.WaitVisible(`#calendar`))
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	for _, tc := range nextBypasses {
		t.Run(tc.name, func(t *testing.T) {
			next := strings.ReplaceAll(tc.next, "HOST", evilHost)
			err := chromedp.Do(ctx, chromedp.Navigate(desk.URL+"/signin?next="+url.QueryEscape(next)), chromedp.WaitReady("body"))
			if err != nil {
				t.Fatal(err)
			}
			loc, err := chromedp.Run(ctx, chromedp.Location())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(loc, desk.URL+"/") {
				t.Errorf("next=%q: Chromium ended at %q, not on the desk", next, loc)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other site was reached %d times", n)
	}
}
