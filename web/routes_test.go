package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	accounts "example.org/intake/staff"
	"example.org/intake/web"
)

// route is every page and action of the desk.
type route struct {
	method, path string
	admin        bool
}

func routes(ref string) []route {
	return []route{
		{"GET", "/", false},
		{"GET", "/cases", false},
		{"GET", "/cases/" + ref, false},
		{"GET", "/cases/" + ref + "/print", false},
		{"GET", "/cases/" + ref + "/files/1", false},
		{"GET", "/cases/" + ref + "/messages/i1", false},
		{"GET", "/triage", false},
		{"GET", "/participants", false},
		{"GET", "/participants/P1", false},
		{"GET", "/reports", false},
		{"GET", "/reports.csv", false},
		{"GET", "/account", false},
		{"GET", "/audit", true},
		{"GET", "/audit.csv", true},
		{"POST", "/signout", false},
		{"POST", "/account/api-token", false},
		{"POST", "/participants/P1/stage", false},
		{"POST", "/participants/import", true},
		{"POST", "/cases/" + ref + "/edit-draft", false},
		{"POST", "/cases/" + ref + "/approve", false},
		{"POST", "/cases/" + ref + "/reject", false},
		{"POST", "/cases/" + ref + "/ask-id", false},
		{"POST", "/cases/" + ref + "/ask-clarification", false},
		{"POST", "/cases/" + ref + "/verify-id", false},
		{"POST", "/cases/" + ref + "/resume", false},
		{"POST", "/cases/" + ref + "/pause", false},
		{"POST", "/cases/" + ref + "/extend", false},
		{"POST", "/cases/" + ref + "/consider-extension", false},
		{"POST", "/cases/" + ref + "/stage", false},
		{"POST", "/cases/" + ref + "/close", false},
		{"POST", "/cases/" + ref + "/not-a-request", false},
		{"POST", "/cases/" + ref + "/confirm", false},
		{"POST", "/cases/" + ref + "/clear-flag", false},
		{"POST", "/cases/" + ref + "/attach", false},
		{"POST", "/cases/" + ref + "/checklist", false},
		{"POST", "/cases/" + ref + "/untick", false},
	}
}

// TestEveryRouteRefusesWithoutSession: pages send the browser to sign in,
// actions are refused, and nothing changes.
func TestEveryRouteRefusesWithoutSession(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	for _, r := range routes(c.Ref) {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			var form url.Values
			if r.method == "POST" {
				form = url.Values{"reason": {"x"}, "text": {"x"}}
			}
			res := e.do(nil, r.method, r.path, form)
			switch r.method {
			case "GET":
				if res.Code != http.StatusSeeOther || !strings.HasPrefix(res.Header().Get("Location"), "/signin") {
					t.Errorf("got %d %q, want a redirect to sign in", res.Code, res.Header().Get("Location"))
				}
			default:
				if res.Code != http.StatusUnauthorized {
					t.Errorf("got %d, want 401", res.Code)
				}
			}
		})
	}
	// A forged session cookie is no session.
	res := e.do(&staff{cookie: &http.Cookie{Name: "intake-session", Value: "forged"}}, "GET", "/", nil)
	if res.Code != http.StatusSeeOther {
		t.Errorf("forged cookie: got %d", res.Code)
	}
	for _, p := range []string{"/api/cases", "/api/cases/" + c.Ref} {
		if res := e.do(nil, "GET", p, nil); res.Code != http.StatusUnauthorized {
			t.Errorf("%s without a session or token: %d", p, res.Code)
		}
		if res := e.do(nil, "GET", p, nil, "Authorization", "Bearer wrong"); res.Code != http.StatusUnauthorized {
			t.Errorf("%s with a wrong token: %d", p, res.Code)
		}
	}
	got, _ := e.d.Store.CaseByRef(t.Context(), c.Ref)
	if got.State != c.State || got.DraftText != c.DraftText {
		t.Errorf("case changed without a session: %s -> %s", c.State, got.State)
	}
}

// TestAdminPagesRefuseStaff: the staff role cannot reach admin pages.
func TestAdminPagesRefuseStaff(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	for _, r := range routes(c.Ref) {
		if !r.admin {
			continue
		}
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			var form url.Values
			if r.method == "POST" {
				form = url.Values{}
			}
			if res := e.do(jo, r.method, r.path, form); res.Code != http.StatusForbidden {
				t.Errorf("staff: got %d, want 403", res.Code)
			}
			if r.method == "GET" {
				if res := e.do(ad, r.method, r.path, nil); res.Code != http.StatusOK {
					t.Errorf("admin: got %d, want 200", res.Code)
				}
			}
		})
	}
}

// TestEveryActionNeedsAntiForgeryToken: a signed-in browser tricked into
// posting (no token, a wrong token, or another session's token) changes
// nothing; a cross-site request is refused before that.
func TestEveryActionNeedsAntiForgeryToken(t *testing.T) {
	e := newEnv(t)
	c := e.deliver(itest.ErasureRequest("erin@example.org", "r1@example.org"))
	ad := e.addStaff("ada@provider.example", "Ada Admin", "admin")
	other := e.addStaff("bo@provider.example", "Bo Other", "admin")
	for _, r := range routes(c.Ref) {
		if r.method != "POST" {
			continue
		}
		t.Run(r.path, func(t *testing.T) {
			for name, tok := range map[string]string{"missing": "", "wrong": "not-the-token", "another session's": other.csrf} {
				form := url.Values{"csrf": {tok}, "reason": {"because"}, "text": {"Dear requester"}, "no_dpo_ref_reason": {"x"}}
				if res := e.do(ad, "POST", r.path, form); res.Code != http.StatusForbidden {
					t.Errorf("%s token: got %d, want 403", name, res.Code)
				}
			}
			form := url.Values{"reason": {"because"}}
			if res := e.do(ad, "POST", r.path, form, "Sec-Fetch-Site", "cross-site"); res.Code != http.StatusForbidden {
				t.Errorf("cross-site with the right token: got %d, want 403", res.Code)
			}
		})
	}
	got, _ := e.d.Store.CaseByRef(t.Context(), c.Ref)
	if got.State != c.State || got.DraftText != c.DraftText {
		t.Errorf("case changed by forged requests: %s -> %s", c.State, got.State)
	}
	// Still signed in: sign-out was refused too.
	if res := e.do(ad, "GET", "/", nil); res.Code != http.StatusOK {
		t.Errorf("session gone after forged sign-out: %d", res.Code)
	}
	// Sign-in and set-up carry no session, so the cross-origin check guards them.
	for _, p := range []string{"/signin", "/setup/anything"} {
		res := e.do(nil, "POST", p, url.Values{"email": {"ada@provider.example"}, "password": {testPassword}}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if res.Code != http.StatusForbidden {
			t.Errorf("cross-site POST %s: got %d, want 403", p, res.Code)
		}
	}
}

func TestConfigOptions(t *testing.T) {
	cfg := itest.Config(itest.Mail(t, devmail.Options{}), "sqlite://x.db")
	cfg.Web.BaseURL = "https://desk.provider.example"
	o := web.ConfigOptions(cfg)
	if !o.SecureCookies || o.BaseURL != cfg.Web.BaseURL || len(o.Programme.Stages) == 0 {
		t.Errorf("options %+v", o)
	}
}

// TestSecureCookies: with an https base URL the session cookie is Secure
// and host-only (__Host- prefix).
func TestSecureCookies(t *testing.T) {
	e := newEnv(t, func(o *web.Options) { o.BaseURL = "https://desk.example" })
	link, err := accounts.Invite(t.Context(), e.d.Store, "https://desk.example", "jo@provider.example", "", "staff", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	res := e.do(nil, "POST", strings.TrimPrefix(link, "https://desk.example"), url.Values{"name": {"Jo"}, "password": {testPassword}, "confirm": {testPassword}})
	cs := res.Result().Cookies()
	if len(cs) != 1 || cs[0].Name != "__Host-intake-session" || !cs[0].Secure || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteLaxMode {
		t.Errorf("cookies %+v", cs)
	}
}
