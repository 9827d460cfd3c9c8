package oauth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/oauth/oauthtest"
)

// serviceAccountKey writes a Google service account key file for email.
func serviceAccountKey(t *testing.T, email, tokenURI string) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(k)
	key, _ := json.Marshal(map[string]string{
		"type": "service_account", "client_email": email, "client_id": "1234567890",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"private_key_id": "k1", "token_uri": tokenURI,
	})
	return itest.WriteFile(t, t.TempDir(), "sa.json", key)
}

// TestGoogleServiceAccountLogsIn: domain-wide delegation signs a JWT for
// the mailbox user; the token it buys logs in to IMAP.
func TestGoogleServiceAccountLogsIn(t *testing.T) {
	const sa = "intake@project.iam.gserviceaccount.example"
	is := oauthtest.New(t, sa, "")
	m := itest.Mail(t, devmail.Options{XOAUTH2: func(_, tok string) (time.Time, error) { return is.Check(tok) }})
	cfg := itest.Config(m, "sqlite://"+t.TempDir()+"/i.db")
	cfg.IMAP.Auth, cfg.IMAP.Password = config.AuthOAuth2, ""
	cfg.OAuth2 = config.OAuth2{Provider: config.ProviderGoogle,
		ServiceAccountFile: serviceAccountKey(t, sa, is.URL+"/token"),
		RefreshBefore:      config.Duration{Duration: time.Minute}, Timeout: config.Duration{Duration: 5 * time.Second}}
	cfg.ApplyDefaults()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	src, err := oauth.FromConfig(cfg, oauth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := mailbox.DialIMAP(ctx(t), mailbox.DialOptions{Address: m.IMAPAddr, Security: mailbox.SecurityNone,
		Username: cfg.IMAP.Username, TokenSource: src})
	if err != nil {
		t.Fatalf("IMAP login with a service-account token: %v", err)
	}
	c.Close()

	// Delegation not authorised for the scope: Google's refusal, diagnosed.
	cfg.OAuth2.Scopes = []string{"https://www.googleapis.com/auth/gmail.readonly"}
	src, _ = oauth.FromConfig(cfg, oauth.Options{})
	_, _, err = src.Token(ctx(t))
	if p := oauth.Diagnose(err, oauth.Subject{Provider: config.ProviderGoogle, Mailbox: cfg.IMAP.Username}); p.Code != "google-dwd" {
		t.Errorf("Diagnose(%v) = %q (%s)", err, p, p.Code)
	}
}
