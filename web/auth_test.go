package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	accounts "example.org/intake/staff"
	"example.org/intake/web"
)

func TestPasswordHashing(t *testing.T) {
	h, err := web.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Errorf("hash %q is not argon2id", h)
	}
	h2, _ := web.HashPassword(testPassword)
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for _, tc := range []struct {
		name, pw string
		want     bool
	}{
		{"right", testPassword, true},
		{"wrong", "correct horse battery stapler", false},
		{"empty", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := web.CheckPassword(h, tc.pw)
			if err != nil || ok != tc.want {
				t.Errorf("CheckPassword = %v, %v; want %v", ok, err, tc.want)
			}
		})
	}
	if _, err := web.CheckPassword("$2a$10$bcrypt", "x"); err == nil {
		t.Error("a non-argon2id hash was accepted")
	}
}

func TestSignInSessionAndSignOut(t *testing.T) {
	e := newEnv(t)
	e.addStaff("jo@provider.example", "Jo Caseworker", "staff")

	res := e.do(nil, "GET", "/signin", nil)
	if res.Code != http.StatusOK {
		t.Fatalf("sign-in page: %d", res.Code)
	}
	mustContain(t, res.Body.String(), `<label for="email">`, `autocomplete="current-password"`, "Skip to main content")
	if csp := res.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "img-src 'self' data:") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}

	res = e.do(nil, "POST", "/signin", url.Values{"email": {"jo@provider.example"}, "password": {"wrong password!!"}})
	if res.Code != http.StatusUnauthorized || len(res.Result().Cookies()) != 0 {
		t.Errorf("wrong password: %d, cookies %v", res.Code, res.Result().Cookies())
	}
	res = e.do(nil, "POST", "/signin", url.Values{"email": {"nobody@provider.example"}, "password": {testPassword}})
	if res.Code != http.StatusUnauthorized {
		t.Errorf("unknown account: %d", res.Code)
	}
	mustContain(t, res.Body.String(), "The email address or password is not right.")

	res = e.do(nil, "POST", "/signin", url.Values{"email": {"JO@provider.example"}, "password": {testPassword}, "next": {"/triage"}})
	if res.Code != http.StatusSeeOther || res.Header().Get("Location") != "/triage" {
		t.Fatalf("sign-in: %d %q", res.Code, res.Header().Get("Location"))
	}
	ck := sessionCookie(t, res)
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge <= 0 {
		t.Errorf("cookie flags: %+v", ck)
	}
	jo := &staff{cookie: ck}
	jo.csrf = e.csrfOf(jo)
	if res := e.do(jo, "GET", "/", nil); res.Code != http.StatusOK {
		t.Fatalf("dashboard after sign-in: %d", res.Code)
	}
	// An off-site "next" is not followed.
	res = e.do(nil, "POST", "/signin", url.Values{"email": {"jo@provider.example"}, "password": {testPassword}, "next": {"//evil.example/"}})
	if res.Header().Get("Location") != "/" {
		t.Errorf("next=//evil.example redirected to %q", res.Header().Get("Location"))
	}

	res = e.do(jo, "POST", "/signout", url.Values{})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", res.Code)
	}
	if res := e.do(jo, "GET", "/", nil); res.Code != http.StatusSeeOther {
		t.Errorf("the signed-out session still works: %d", res.Code)
	}
}

func TestSessionsExpire(t *testing.T) {
	now := time.Now()
	e := newEnv(t, func(o *web.Options) {
		o.Now = func() time.Time { return now }
		o.SessionTTL = time.Hour
	})
	jo := e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	now = now.Add(59 * time.Minute)
	if res := e.do(jo, "GET", "/", nil); res.Code != http.StatusOK {
		t.Fatalf("before expiry: %d", res.Code)
	}
	now = now.Add(2 * time.Minute)
	if res := e.do(jo, "GET", "/", nil); res.Code != http.StatusSeeOther {
		t.Errorf("after expiry: %d, want a redirect to sign in", res.Code)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	e := newEnv(t)
	e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	codes := []int{}
	for range 6 {
		res := e.do(nil, "POST", "/signin", url.Values{"email": {"jo@provider.example"}, "password": {"guess guess guess"}})
		codes = append(codes, res.Code)
	}
	if codes[4] != http.StatusUnauthorized || codes[5] != http.StatusTooManyRequests {
		t.Errorf("codes %v: want five refusals then 429", codes)
	}
	// The right password is refused too while the account is limited.
	res := e.do(nil, "POST", "/signin", url.Values{"email": {"jo@provider.example"}, "password": {testPassword}})
	if res.Code != http.StatusTooManyRequests {
		t.Errorf("right password while limited: %d", res.Code)
	}
	// Per address: many accounts from one address run out too.
	got429 := false
	for i := range 30 {
		res := e.do(nil, "POST", "/signin", url.Values{"email": {"user" + string(rune('a'+i)) + "@provider.example"}, "password": {"guess guess guess"}})
		if res.Code == http.StatusTooManyRequests {
			got429 = true
			break
		}
	}
	if !got429 {
		t.Error("no per-address limit after 30 attempts on different accounts")
	}
}

func TestSetupLink(t *testing.T) {
	e := newEnv(t)
	link, err := accounts.Invite(context.Background(), e.d.Store, "http://desk.example/", "new@provider.example", "", "admin", time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link, "http://desk.example/setup/") {
		t.Fatalf("link %q", link)
	}
	path := strings.TrimPrefix(link, "http://desk.example")
	if res := e.do(nil, "GET", path, nil); res.Code != http.StatusOK {
		t.Fatalf("set-up page: %d", res.Code)
	}
	for _, tc := range []struct {
		name string
		form url.Values
	}{
		{"short password", url.Values{"name": {"Nia New"}, "password": {"short"}, "confirm": {"short"}}},
		{"passwords differ", url.Values{"name": {"Nia New"}, "password": {testPassword}, "confirm": {testPassword + "x"}}},
		{"no name", url.Values{"name": {""}, "password": {testPassword}, "confirm": {testPassword}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if res := e.do(nil, "POST", path, tc.form); res.Code != http.StatusBadRequest {
				t.Errorf("got %d, want 400", res.Code)
			}
		})
	}
	res := e.do(nil, "POST", path, url.Values{"name": {"Nia New"}, "password": {testPassword}, "confirm": {testPassword}})
	if res.Code != http.StatusSeeOther {
		t.Fatalf("set-up: %d", res.Code)
	}
	if res := e.do(nil, "GET", path, nil); res.Code != http.StatusNotFound {
		t.Errorf("used link still works: %d", res.Code)
	}
	st, _ := e.d.Store.StaffByEmail(context.Background(), "new@provider.example")
	if st.Name != "Nia New" || st.Role != "admin" || !strings.HasPrefix(st.PasswordHash, "$argon2id$") || st.SetupHash != "" {
		t.Errorf("account after set-up: %+v", st)
	}
	if _, err := accounts.Invite(context.Background(), e.d.Store, "http://desk.example", "x@provider.example", "", "root", time.Hour, time.Now()); err == nil {
		t.Error("role root accepted")
	}
	// An expired link does nothing.
	old, _ := accounts.Invite(context.Background(), e.d.Store, "http://desk.example", "late@provider.example", "", "staff", time.Hour, time.Now().Add(-2*time.Hour))
	if res := e.do(nil, "GET", strings.TrimPrefix(old, "http://desk.example"), nil); res.Code != http.StatusNotFound {
		t.Errorf("expired link: %d", res.Code)
	}
}
