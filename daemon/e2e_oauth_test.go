package daemon_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/oauth/oauthtest"
)

// oauthWorld is devmail accepting only tokens from a fake Entra issuer,
// and a Microsoft 365 app-only config for both. logins counts successful
// XOAUTH2 logins (IMAP and SMTP).
func oauthWorld(t *testing.T, dbURL string, lifetime time.Duration, byeEarly time.Duration) (*devmail.Server, *oauthtest.Issuer, *config.Config, *atomic.Int32) {
	t.Helper()
	is := oauthtest.New(t, "app-0001", "secret-value")
	is.Lifetime = lifetime
	var logins atomic.Int32
	m := itest.Mail(t, devmail.Options{FileSubmitted: true, XOAUTH2: func(user, token string) (time.Time, error) {
		exp, err := is.Check(token)
		if err != nil {
			return time.Time{}, err
		}
		if user != itest.Intake {
			return time.Time{}, fmt.Errorf("token not valid for %s", user)
		}
		logins.Add(1)
		// Exchange ends the session at the token's expiry; ending it a
		// little earlier than intake would makes sure the server's BYE,
		// not intake's own reconnect, is what the test exercises.
		return exp.Add(-byeEarly), nil
	}})
	cfg := itest.Config(m, dbURL)
	cfg.IMAP.Auth, cfg.SMTP.Auth = config.AuthOAuth2, config.AuthOAuth2
	cfg.IMAP.Password, cfg.SMTP.Password = "", ""
	cfg.OAuth2 = config.OAuth2{Provider: config.ProviderMicrosoft, Tenant: oauthtest.Tenant, ClientID: "app-0001",
		ClientSecret: "secret-value", TokenURL: is.TokenURL(),
		RefreshBefore: config.Duration{Duration: lifetime / 3}, Timeout: config.Duration{Duration: 5 * time.Second}}
	cfg.ApplyDefaults()
	return m, is, cfg, &logins
}

// TestOAuth2EndToEndAcrossTokenExpiry runs the spine over XOAUTH2 with
// tokens that live three seconds: the server ends IMAP sessions mid-IDLE
// at expiry, intake reconnects with a new token, and every request still
// gets exactly one holding reply and one forward.
func TestOAuth2EndToEndAcrossTokenExpiry(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m, is, cfg, logins := oauthWorld(t, dbURL, 3*time.Second, 900*time.Millisecond)
		d := itest.Start(t, cfg)
		ctx := context.Background()
		requesters := []string{"ada.one@example.org", "ben.two@example.org", "cy.three@example.org"}
		for i, who := range requesters {
			if err := m.Deliver(itest.Intake, itest.ErasureRequest(who, fmt.Sprintf("oauth-%d@example.org", i))); err != nil {
				t.Fatal(err)
			}
			// Spread the mail over several token lifetimes: a new token
			// means the IMAP session on the old one was ended.
			before := is.Requests()
			itest.Eventually(t, 20*time.Second, "a new token", func() bool { return is.Requests() > before })
		}
		itest.Eventually(t, 30*time.Second, "three requests acknowledged and forwarded", func() bool {
			cases, err := d.Store.ListCases(ctx)
			if err != nil || len(cases) != 3 {
				return false
			}
			for _, c := range cases {
				if !c.AcknowledgedAt.Valid || !c.ForwardedAt.Valid {
					return false
				}
			}
			return true
		})
		// Let more sessions expire: nothing may be processed again.
		before, imapBefore := is.Requests(), logins.Load()
		itest.Eventually(t, 20*time.Second, "more expiries", func() bool { return is.Requests() >= before+2 && logins.Load() >= imapBefore+2 })
		for _, who := range requesters {
			if n := len(sentTo(m, who)); n != 1 {
				t.Errorf("%d holding replies to %s, want 1", n, who)
			}
		}
		if n := len(sentTo(m, itest.DPO)); n != 3 {
			t.Errorf("%d forwards to the DPO, want 3", n)
		}
		if n := is.Requests(); n < 3 {
			t.Errorf("%d token requests, want several (one per lifetime)", n)
		}
		counts, err := d.Store.InboundCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		if total != 3 {
			t.Errorf("%d inbound messages recorded, want 3 (counts %v)", total, counts)
		}
	})
}
