package oauth_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/oauth/oauthtest"
)

const (
	clientID = "aaaaaaaa-1111-2222-3333-bbbbbbbbbbbb"
	secret   = "secret-value"
)

// world is a fake Entra issuer and a devmail that accepts its tokens
// only, with a Microsoft app-only config pointing at both.
type world struct {
	is   *oauthtest.Issuer
	mail *devmail.Server
	cfg  *config.Config
}

func newWorld(t *testing.T, opts devmail.Options) *world {
	t.Helper()
	is := oauthtest.New(t, clientID, secret)
	if opts.XOAUTH2 == nil {
		opts.XOAUTH2 = func(_, token string) (time.Time, error) { return is.Check(token) }
	}
	m := itest.Mail(t, opts)
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	cfg.IMAP.Auth, cfg.SMTP.Auth = config.AuthOAuth2, config.AuthOAuth2
	cfg.IMAP.Password, cfg.SMTP.Password = "", ""
	cfg.OAuth2 = config.OAuth2{
		Provider: config.ProviderMicrosoft, Tenant: oauthtest.Tenant, ClientID: clientID, ClientSecret: secret,
		TokenURL: is.TokenURL(), RefreshBefore: config.Duration{Duration: 5 * time.Minute},
		Timeout: config.Duration{Duration: 5 * time.Second},
	}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return &world{is: is, mail: m, cfg: cfg}
}

func (w *world) source(t *testing.T, opts oauth.Options) *oauth.Source {
	t.Helper()
	src, err := oauth.FromConfig(w.cfg, opts)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func (w *world) dial(src *oauth.Source) mailbox.DialOptions {
	return mailbox.DialOptions{Address: w.cfg.IMAP.Address, Security: mailbox.SecurityNone,
		Username: w.cfg.IMAP.Username, TokenSource: src, Timeout: 5 * time.Second}
}

func (w *world) sender(src *oauth.Source) *mailbox.Sender {
	return mailbox.NewSender(mailbox.SMTPOptions{Address: w.cfg.SMTP.Address, Security: mailbox.SecurityNone,
		Username: w.cfg.SMTP.Username, TokenSource: src, Timeout: 5 * time.Second})
}

func (w *world) subject() oauth.Subject {
	return oauth.Subject{Provider: w.cfg.OAuth2.Provider, Tenant: w.cfg.OAuth2.Tenant, ClientID: w.cfg.OAuth2.ClientID,
		Mailbox: w.cfg.IMAP.Username, SMTPUser: w.cfg.SMTP.Username, Server: w.cfg.IMAP.Address, TokenHost: "login.example"}
}

func writeKey(t *testing.T) string {
	t.Helper()
	k := make([]byte, 32)
	rand.Read(k)
	return itest.WriteFile(t, t.TempDir(), "token.key", []byte(hex.EncodeToString(k)+"\n"))
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
