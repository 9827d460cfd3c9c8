package oauth_test

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/oauth"
	"example.org/intake/store"
)

// delegatedWorld switches w to the device-code flow against dbURL.
func delegatedWorld(t *testing.T, dbURL string) *world {
	w := newWorld(t, devmail.Options{})
	w.cfg.Database.URL = dbURL
	o := &w.cfg.OAuth2
	o.Flow, o.ClientSecret, o.Tenant = config.FlowDeviceCode, "", "organizations"
	o.Scopes, o.TokenURL = nil, w.is.TokenURL()
	o.DeviceAuthURL = w.is.DeviceAuthURL()
	o.TokenKeyFile = writeKey(t)
	w.cfg.ApplyDefaults()
	if err := w.cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

func openStore(t *testing.T, url string) *store.Store {
	t.Helper()
	st, err := store.OpenURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestDelegatedRefreshTokenRotatesAndSurvivesRestart: the issuer accepts
// only the newest refresh token, so every refresh after a restart proves
// the rotated token was stored (encrypted) before it was used.
func TestDelegatedRefreshTokenRotatesAndSurvivesRestart(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		w := delegatedWorld(t, dbURL)
		st := openStore(t, dbURL)
		var out bytes.Buffer
		if _, err := oauth.Login(ctx(t), w.cfg, st, &out); err != nil {
			t.Fatalf("Login: %v", err)
		}
		if !strings.Contains(out.String(), "ABCD-EFGH") || !strings.Contains(out.String(), "https://microsoft.com/devicelogin") {
			t.Errorf("login printed %q, want the URL and the code", out.String())
		}
		first := w.is.RefreshToken()
		row, err := st.OAuthToken(ctx(t), oauth.AccountKey(w.cfg.OAuth2))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(row.RefreshToken, []byte(first)) {
			t.Fatal("refresh token stored in clear")
		}

		src := w.source(t, oauth.Options{Store: st})
		if _, _, err := src.Token(ctx(t)); err != nil {
			t.Fatalf("first refresh: %v", err)
		}
		if w.is.RefreshToken() == first {
			t.Fatal("issuer did not rotate")
		}
		st.Close()

		// Restart: a new store handle and a new source, nothing in memory.
		for i := range 2 {
			st2 := openStore(t, dbURL)
			src2 := w.source(t, oauth.Options{Store: st2})
			if _, _, err := src2.Token(ctx(t)); err != nil {
				t.Fatalf("refresh after restart %d: %v (rotated token not stored?)", i+1, err)
			}
			status, err := oauth.SignIn(ctx(t), w.cfg, st2)
			if err != nil || status.LastRefreshAt.IsZero() || status.LastError != "" ||
				status.LapsesAt.Sub(status.LastRefreshAt) != oauth.RefreshTokenIdleLimit {
				t.Errorf("SignIn = %+v, %v", status, err)
			}
			st2.Close()
		}
	})
}

// TestReplicasRefreshInTurn: two daemons refreshing at once must not race,
// or the one that used the old refresh token after the other rotated it
// would be refused by a strict issuer.
func TestReplicasRefreshInTurn(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		w := delegatedWorld(t, dbURL)
		st := openStore(t, dbURL)
		if _, err := oauth.Login(ctx(t), w.cfg, st, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		st.Close()
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			s := openStore(t, dbURL)
			t.Cleanup(func() { s.Close() })
			src := w.source(t, oauth.Options{Store: s})
			wg.Go(func() { _, _, errs[i] = src.Token(ctx(t)) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
		}
	})
}

// TestReplicasTakeTurnsRotating: two replicas' token sources, one after
// the other. The issuer accepts only the newest refresh token, so each
// refresh proves the source read the token the other replica rotated
// from the database rather than one it remembered.
func TestReplicasTakeTurnsRotating(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		w := delegatedWorld(t, dbURL)
		st := openStore(t, dbURL)
		if _, err := oauth.Login(ctx(t), w.cfg, st, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		st.Close()
		var srcs []*oauth.Source
		for range 2 {
			s := openStore(t, dbURL)
			t.Cleanup(func() { s.Close() })
			srcs = append(srcs, w.source(t, oauth.Options{Store: s}))
		}
		rotated := map[string]bool{w.is.RefreshToken(): true}
		for i := range 6 {
			src := srcs[i%2]
			// The server refused the cached token (or it expired): a new
			// one is needed.
			src.Invalidate()
			if _, _, err := src.Token(ctx(t)); err != nil {
				t.Fatalf("refresh %d by replica %d: %v", i+1, i%2, err)
			}
			if rt := w.is.RefreshToken(); rotated[rt] {
				t.Fatalf("refresh %d: the issuer did not rotate", i+1)
			} else {
				rotated[rt] = true
			}
		}
	})
}

func TestDelegatedWithoutSignInSaysLogin(t *testing.T) {
	w := delegatedWorld(t, "sqlite://"+t.TempDir()+"/i.db")
	st := openStore(t, w.cfg.Database.URL)
	defer st.Close()
	_, _, err := w.source(t, oauth.Options{Store: st}).Token(ctx(t))
	if p := oauth.Diagnose(err, w.subject()); p.Code != "not-signed-in" || !strings.Contains(p.String(), "intake oauth login") {
		t.Errorf("Diagnose(%v) = %q", err, p)
	}
}
