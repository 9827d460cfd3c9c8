package web_test

import (
	"net/http"
	"net/url"
	"strings"
)

// refusal posts form to path, expects to be sent back to the case page
// with a kept form (POST-redirect-GET), and returns that page.
func (e *env) refusal(s *staff, path string, form url.Values) string {
	e.t.Helper()
	res := e.do(s, "POST", path, form)
	loc := res.Header().Get("Location")
	if res.Code != http.StatusSeeOther || !strings.Contains(loc, "?f=") {
		e.t.Fatalf("POST %s: %d Location %q, want a redirect back to the form", path, res.Code, loc)
	}
	page := e.do(s, "GET", noFragment(loc), nil)
	if page.Code != http.StatusOK {
		e.t.Fatalf("GET %s: %d", loc, page.Code)
	}
	return page.Body.String()
}

// act posts one action on case ref and checks that it was done (a redirect
// with done=) or refused (a redirect back to the form with the reason).
func (e *env) act(s *staff, ref, action string, form url.Values, done bool) {
	e.t.Helper()
	res := e.do(s, "POST", "/cases/"+ref+"/"+action, form)
	loc := res.Header().Get("Location")
	if res.Code != http.StatusSeeOther {
		e.t.Errorf("%s: %d, want 303: %s", action, res.Code, res.Body)
		return
	}
	if done != strings.Contains(loc, "done=") {
		page := e.do(s, "GET", noFragment(loc), nil).Body.String()
		e.t.Errorf("%s: redirected to %s (done %v wanted)\n%s", action, loc, done, between(page, `role="alert"`, "</div>"))
	}
}

// noFragment drops the #fragment a browser keeps to itself.
func noFragment(loc string) string {
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		return loc[:i]
	}
	return loc
}
