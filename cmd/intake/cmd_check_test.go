package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/oauth/oauthtest"
	"example.org/intake/store"
)

// checkWorld is a migrated database, a fake Entra issuer and a devmail
// that accepts its tokens, with a Microsoft 365 app-only configuration.
func checkWorld(t *testing.T, mail devmail.Options) (*config.Config, *oauthtest.Issuer, *devmail.Server) {
	t.Helper()
	is := oauthtest.New(t, "app-0001", "secret-value")
	if mail.XOAUTH2 == nil {
		mail.XOAUTH2 = func(_, token string) (time.Time, error) { return is.Check(token) }
	}
	m := itest.Mail(t, mail)
	dbURL := "sqlite://" + filepath.Join(t.TempDir(), "intake.db")
	st, err := store.OpenURL(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	cfg := itest.Config(m, dbURL)
	cfg.IMAP.Auth, cfg.SMTP.Auth = config.AuthOAuth2, config.AuthOAuth2
	cfg.IMAP.Password, cfg.SMTP.Password = "", ""
	cfg.OAuth2 = config.OAuth2{Provider: config.ProviderMicrosoft, Tenant: oauthtest.Tenant, ClientID: "app-0001",
		ClientSecret: "secret-value", TokenURL: is.TokenURL(), RefreshBefore: config.Duration{Duration: 5 * time.Minute},
		Timeout: config.Duration{Duration: 5 * time.Second}}
	// Microsoft 365's sending limits, as a file leaving them out gets.
	cfg.SMTP.MaxPerMinute, cfg.SMTP.MaxPerDay, cfg.SMTP.MaxRecipientsPerDay, cfg.SMTP.MaxConnections = config.Unset, config.Unset, config.Unset, config.Unset
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return cfg, is, m
}

var refuseAll = func(string, string) (time.Time, error) { return time.Time{}, errors.New("no mailbox permission") }

// TestCheckOutput: each failure kind gives one FAIL line that says what is
// wrong and what to do. docs/connecting-microsoft-365.md shows these
// outputs (run with -v to print them).
func TestCheckOutput(t *testing.T) {
	tests := []struct {
		name   string
		mail   devmail.Options
		change func(*config.Config, *oauthtest.Issuer)
		failed int
		want   []string // substrings of the output
	}{
		{"all good", devmail.Options{}, nil, 0, []string{
			"oauth2    ok    client_credentials token from 127.0.0.1", "roles IMAP.AccessAsApp SMTP.SendAsApp",
			"imap      ok    logged in as intake@provider.example; INBOX has 0 messages; IDLE yes; MOVE yes",
			"smtp      ok    connected and logged in as intake@provider.example (XOAUTH2)",
			"limits    ok    at most 30 letters a minute, 10,000 recipients a day (microsoft); at most 3 SMTP connections; change with smtp.max_per_minute"}},
		{"secret expired", devmail.Options{}, func(c *config.Config, is *oauthtest.Issuer) {
			is.Refuse(http.StatusUnauthorized, "invalid_client", "AADSTS7000222: The provided client secret keys for app 'app-0001' are expired.")
			c.OAuth2.ClientSecretExpires = "2026-10-01"
		}, 1, []string{"oauth2    WARN  oauth2.client_secret_expires: the client secret expired on 2026-10-01",
			"oauth2    FAIL  the client secret has expired (on 2026-10-01): create a new secret"}},
		{"secret id pasted", devmail.Options{}, func(c *config.Config, _ *oauthtest.Issuer) { c.OAuth2.ClientSecret = "7c1f0c2e-secret-id" },
			1, []string{"oauth2    FAIL  Entra rejected the client secret: paste the secret's Value"}},
		{"wrong application id", devmail.Options{}, func(c *config.Config, _ *oauthtest.Issuer) { c.OAuth2.ClientID = "app-9999" },
			1, []string{"oauth2    FAIL  application app-9999 in tenant tenant.example was not found"}},
		{"roles under Microsoft Graph", devmail.Options{}, func(_ *config.Config, is *oauthtest.Issuer) { is.Roles = []string{"Mail.Read"} },
			1, []string{"oauth2    FAIL  the token lacks IMAP.AccessAsApp and SMTP.SendAsApp (it has: Mail.Read): ", "Office 365 Exchange Online"}},
		{"mailbox permission missing", devmail.Options{XOAUTH2: refuseAll}, nil, 2, []string{
			"imap      FAIL  Exchange refused the app for intake@provider.example (AUTHENTICATE failed): run New-ServicePrincipal -AppId app-0001",
			"smtp      FAIL  the SMTP server refused the login for intake@provider.example (535 5.7.3)"}},
		{"token endpoint unreachable", devmail.Options{}, func(c *config.Config, _ *oauthtest.Issuer) {
			c.OAuth2.TokenURL = "http://127.0.0.1:1/tenant.example/oauth2/v2.0/token"
		}, 1, []string{"oauth2    FAIL  cannot reach the token endpoint 127.0.0.1:1", "network or proxy problem, not the credentials"}},
		{"password against office365", devmail.Options{}, func(c *config.Config, _ *oauthtest.Issuer) {
			c.IMAP.Auth, c.IMAP.Password = config.AuthPassword, "old-password"
		}, 1, []string{"imap      FAIL  " + "127.0.0.1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, is, _ := checkWorld(t, tt.mail)
			if tt.change != nil {
				tt.change(cfg, is)
			}
			var out bytes.Buffer
			failed, _ := runCheck(context.Background(), cfg, checkOptions{Now: func() time.Time { return time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC) }}, &out)
			t.Logf("intake check output:\n%s", out.String())
			if failed != tt.failed {
				t.Errorf("failed = %d, want %d", failed, tt.failed)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q", w)
				}
			}
			if strings.Contains(out.String(), "secret-value") {
				t.Error("output shows the client secret")
			}
		})
	}
}

func TestCheckSendsTestMessage(t *testing.T) {
	cfg, _, m := checkWorld(t, devmail.Options{})
	var out bytes.Buffer
	if failed, _ := runCheck(context.Background(), cfg, checkOptions{SendTest: itest.Staff}, &out); failed != 0 {
		t.Fatalf("check failed:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "send-test ok    sent a test message to "+itest.Staff) {
		t.Errorf("output:\n%s", out.String())
	}
	log := m.SMTPLog()
	if len(log) != 1 || log[0].To[0] != itest.Staff || !bytes.Contains(log[0].Data, []byte("Auto-Submitted: auto-generated")) {
		t.Errorf("SMTP log = %+v", log)
	}
}

func TestCheckRejectsBadSendTestAddress(t *testing.T) {
	err := dispatch(context.Background(), []string{"check", "--send-test", "not an address"}, &bytes.Buffer{}, &bytes.Buffer{})
	if exitCode(err) != 2 {
		t.Errorf("dispatch = %v (exit %d), want a usage error", err, exitCode(err))
	}
}
