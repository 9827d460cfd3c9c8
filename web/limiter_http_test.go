package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/web"
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

// newReplicaEnv is a desk on the database at dbURL, as one of several
// replicas.
func newReplicaEnv(t *testing.T, dbURL string) *env {
	t.Helper()
	m := itest.Mail(t, devmail.Options{})
	d, err := daemon.New(context.Background(), itest.Config(m, dbURL), daemon.Options{Logger: itest.Logger(t), QueueTestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Store.Close() })
	h, err := web.New(web.Options{Cases: d.Cases, Store: d.Store, Logger: itest.Logger(t), BaseURL: "http://desk.example"})
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, d: d, h: h}
}

// TestSignInLimitsSharedByReplicas: two replicas on one PostgreSQL
// database count one guesser's attempts together, at once or one after
// the other, and both know the owner's usual address.
func TestSignInLimitsSharedByReplicas(t *testing.T) {
	dbURL := testpg.FreshDatabase(t)
	a := newReplicaEnv(t, dbURL)
	b := newReplicaEnv(t, dbURL)
	a.addStaff("jo@provider.example", "Jo Caseworker", "staff")
	const guesser, office = "203.0.113.9:5000", "192.0.2.10:40000"
	// Twelve guesses at once, six to each replica: five are let through.
	codes := make(chan int, 12)
	var wg sync.WaitGroup
	for i := range 12 {
		e := a
		if i%2 == 1 {
			e = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- e.signInFrom(guesser, "jo@provider.example", "guess guess guess")
		}()
	}
	wg.Wait()
	close(codes)
	tried := 0
	for c := range codes {
		switch c {
		case http.StatusUnauthorized:
			tried++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("a guess got %d", c)
		}
	}
	if tried != 5 {
		t.Fatalf("%d of 12 guesses spread over two replicas were checked, want 5", tried)
	}
	// Jo signs in at the office through one replica; guesses from new
	// addresses through the other then cannot lock her out there.
	if code := a.signInFrom(office, "jo@provider.example", testPassword); code != http.StatusSeeOther {
		t.Fatalf("sign-in at the office: %d", code)
	}
	for i := range 3 {
		for range 5 {
			b.signInFrom(fmt.Sprintf("198.51.100.%d:5000", i), "jo@provider.example", "guess guess guess")
		}
	}
	if code := b.signInFrom("198.51.100.77:5000", "jo@provider.example", testPassword); code != http.StatusTooManyRequests {
		t.Errorf("right password from yet another new address: %d, want 429", code)
	}
	if code := b.signInFrom(office, "jo@provider.example", testPassword); code != http.StatusSeeOther {
		t.Errorf("Jo at the office through the other replica: %d, want 303", code)
	}
}
