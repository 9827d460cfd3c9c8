package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// signInFrom posts the sign-in form from the client address remote.
func (e *env) signInFrom(remote, email, password string) int {
	e.t.Helper()
	req := httptest.NewRequest("POST", "/signin", strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
	req.RemoteAddr = remote
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res := httptest.NewRecorder()
	e.h.ServeHTTP(res, req)
	return res.Code
}

// TestSignInGuessesElsewhereDoNotLockOutOwner: once Jo has signed in from
// the office, guesses at her account from other addresses use up the
// attempts left to new addresses, but not hers at the office.
func TestSignInGuessesElsewhereDoNotLockOutOwner(t *testing.T) {
	e := newEnv(t)
	e.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	const office = "192.0.2.10:40000"
	if code := e.signInFrom(office, "jo@provider.example", testPassword); code != http.StatusSeeOther {
		t.Fatalf("sign-in at the office: %d", code)
	}
	for _, guesser := range []string{"203.0.113.1:5000", "203.0.113.2:5000", "203.0.113.3:5000"} {
		for range 5 {
			e.signInFrom(guesser, "jo@provider.example", "guess guess guess")
		}
	}
	if code := e.signInFrom("203.0.113.4:5000", "jo@provider.example", testPassword); code != http.StatusTooManyRequests {
		t.Errorf("right password from yet another new address: %d, want 429", code)
	}
	if code := e.signInFrom(office, "jo@provider.example", testPassword); code != http.StatusSeeOther {
		t.Errorf("Jo at the office after the guesses: %d, want 303", code)
	}
}
