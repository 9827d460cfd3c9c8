package oauth_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
)

// TestAppOnlyOverIMAPAndSMTP: one token, fetched once, logs in to IMAP,
// the Sent folder and SMTP.
func TestAppOnlyOverIMAPAndSMTP(t *testing.T) {
	w := newWorld(t, devmail.Options{})
	src := w.source(t, oauth.Options{})
	c, err := mailbox.DialIMAP(ctx(t), w.dial(src))
	if err != nil {
		t.Fatalf("DialIMAP over XOAUTH2: %v", err)
	}
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		t.Fatalf("select: %v", err)
	}
	c.Close()
	if err := mailbox.NewSentFolder(w.dial(src), "Sent").Append(ctx(t), itest.Email(itest.Intake, "filed", "f1@provider.example", "x\n")); err != nil {
		t.Fatalf("Sent folder over XOAUTH2: %v", err)
	}
	s := w.sender(src)
	if err := s.Check(ctx(t)); err != nil {
		t.Fatalf("SMTP check over XOAUTH2: %v", err)
	}
	if err := s.Send(ctx(t), itest.Intake, []string{itest.DPO}, itest.Email(itest.Intake, "hello", "s1@provider.example", "x\n")); err != nil {
		t.Fatalf("SMTP send over XOAUTH2: %v", err)
	}
	if n := len(w.mail.SMTPLog()); n != 1 {
		t.Errorf("%d messages accepted, want 1", n)
	}
	if n := w.is.Requests(); n != 1 {
		t.Errorf("%d token requests for four logins, want 1 (one cached token for IMAP and SMTP)", n)
	}
}

// TestPasswordLoginRefusedWhereXOAUTH2Required keeps the fake honest: it
// really demands a token.
func TestPasswordLoginRefusedWhereXOAUTH2Required(t *testing.T) {
	w := newWorld(t, devmail.Options{})
	_, err := mailbox.DialIMAP(ctx(t), mailbox.DialOptions{Address: w.cfg.IMAP.Address, Security: mailbox.SecurityNone,
		Username: itest.Intake, Password: itest.Password})
	if err == nil {
		t.Fatal("password login accepted by a server that requires XOAUTH2")
	}
}

func TestTokenCacheRefreshesBeforeExpiry(t *testing.T) {
	w := newWorld(t, devmail.Options{})
	offset := time.Duration(0)
	src := w.source(t, oauth.Options{Now: func() time.Time { return time.Now().Add(offset) }})
	for range 3 {
		if _, _, err := src.Token(ctx(t)); err != nil {
			t.Fatal(err)
		}
	}
	if n := w.is.Requests(); n != 1 {
		t.Fatalf("%d requests for three calls, want 1", n)
	}
	offset = 56 * time.Minute // within refresh_before (5m) of the 1h expiry
	if _, _, err := src.Token(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if n := w.is.Requests(); n != 2 {
		t.Fatalf("%d requests after nearing expiry, want 2", n)
	}
	src.Invalidate()
	if _, _, err := src.Token(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if n := w.is.Requests(); n != 3 {
		t.Errorf("%d requests after Invalidate, want 3", n)
	}
	if st := src.Status(); st.LastError != nil || st.LastSuccess.IsZero() {
		t.Errorf("status = %+v", st)
	}
}

// TestRefusalsAreDiagnosed: every refusal ends in the one-line diagnosis
// that names the fix.
func TestRefusalsAreDiagnosed(t *testing.T) {
	tests := []struct {
		name    string
		mail    devmail.Options
		setup   func(w *world)
		smtp    bool // diagnose the SMTP login instead of IMAP
		code    string
		mention string
	}{
		{"secret expired", devmail.Options{}, func(w *world) {
			w.is.Refuse(http.StatusUnauthorized, "invalid_client", "AADSTS7000222: The provided client secret keys for app '"+clientID+"' are expired.")
			w.cfg.OAuth2.ClientSecretExpires = "2026-10-01"
		}, false, "secret-expired", "oauth2.client_secret_file"},
		{"secret id instead of value", devmail.Options{}, func(w *world) { w.cfg.OAuth2.ClientSecret = "8f1e-secret-id" }, false, "secret-invalid", "Value"},
		{"unknown application", devmail.Options{}, func(w *world) { w.cfg.OAuth2.ClientID = "00000000-0000-0000-0000-000000000000" }, false, "app-not-found", "oauth2.client_id"},
		{"wrong scope", devmail.Options{}, func(w *world) { w.cfg.OAuth2.Scopes = []string{"https://graph.microsoft.com/.default"} }, false, "bad-scope", "outlook.office365.com/.default"},
		{"consent missing", devmail.Options{}, func(w *world) {
			w.is.Refuse(http.StatusBadRequest, "invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application.")
		}, false, "consent-missing", "Grant admin consent"},
		{"token endpoint unreachable", devmail.Options{}, func(w *world) { w.cfg.OAuth2.TokenURL = "http://127.0.0.1:1/t/oauth2/v2.0/token" }, false, "token-unreachable", "network or proxy"},
		{"exchange refuses the app", devmail.Options{XOAUTH2: func(string, string) (time.Time, error) { return time.Time{}, errors.New("no permission") }},
			nil, false, "imap-auth-refused", "Add-MailboxPermission"},
		{"gmail refuses with a JSON challenge", devmail.Options{XOAUTH2JSONChallenge: true,
			XOAUTH2: func(string, string) (time.Time, error) { return time.Time{}, errors.New("no permission") }},
			nil, false, "google-dwd", "Domain-wide delegation"},
		{"server without XOAUTH2", devmail.Options{XOAUTH2: nil}, func(w *world) {
			plain := itest.Mail(t, devmail.Options{})
			w.cfg.IMAP.Address = plain.IMAPAddr
		}, false, "no-xoauth2", "outlook.office365.com:993"},
		{"exchange refuses SMTP", devmail.Options{XOAUTH2: func(string, string) (time.Time, error) { return time.Time{}, errors.New("no permission") }},
			nil, true, "smtp-auth-refused", "SmtpClientAuthenticationDisabled $false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, tt.mail)
			if tt.setup != nil {
				tt.setup(w)
			}
			src := w.source(t, oauth.Options{})
			var err error
			if tt.smtp {
				err = w.sender(src).Check(ctx(t))
			} else {
				var c interface{ Close() error }
				c, err = mailbox.DialIMAP(ctx(t), w.dial(src))
				if err == nil {
					c.Close()
				}
			}
			if err == nil {
				t.Fatal("login succeeded, want a refusal")
			}
			s := w.subject()
			s.SecretExpires = w.cfg.OAuth2.ClientSecretExpires
			p := oauth.Diagnose(err, s)
			if p.Code != tt.code || !strings.Contains(p.String(), tt.mention) || strings.Contains(p.String(), "\n") {
				t.Errorf("Diagnose(%v) = %q (%s), want code %s mentioning %q on one line", err, p, p.Code, tt.code, tt.mention)
			}
			if strings.Contains(p.String(), secret) {
				t.Errorf("diagnosis quotes the secret: %q", p)
			}
		})
	}
}

// TestRefusedTokenIsRetriedOnceWithAFreshOne: a token cached from before
// the admin's change is dropped and one new token tried.
func TestRefusedTokenIsRetriedOnceWithAFreshOne(t *testing.T) {
	refusals := 1
	var w *world
	w = newWorld(t, devmail.Options{XOAUTH2: func(_, token string) (time.Time, error) {
		if refusals > 0 {
			refusals--
			return time.Time{}, errors.New("not yet")
		}
		return w.is.Check(token)
	}})
	src := w.source(t, oauth.Options{})
	c, err := mailbox.DialIMAP(ctx(t), w.dial(src))
	if err != nil {
		t.Fatalf("DialIMAP after one refusal: %v", err)
	}
	c.Close()
	if n := w.is.Requests(); n != 2 {
		t.Errorf("%d token requests, want 2", n)
	}
}

func TestDiagnoseSMTPReplies(t *testing.T) {
	s := oauth.Subject{Provider: config.ProviderMicrosoft, SMTPUser: "enquiries@provider.example", SMTPFrom: "other@provider.example"}
	tests := []struct {
		name string
		err  *mailbox.SendError
		code string
	}{
		{"smtp auth disabled", &mailbox.SendError{Stage: mailbox.StageAuth, Code: 535, Enhanced: "5.7.139", Reply: "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant."}, "smtp-auth-disabled"},
		{"send as denied", &mailbox.SendError{Stage: mailbox.StageDataEnd, Code: 554, Enhanced: "5.2.0", Reply: "STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied"}, "send-as-denied"},
		{"5.7.60", &mailbox.SendError{Stage: mailbox.StageMail, Code: 550, Enhanced: "5.7.60", Reply: "Client does not have permissions to send as this sender"}, "send-as-denied"},
		{"plain 535", &mailbox.SendError{Stage: mailbox.StageAuth, Code: 535, Enhanced: "5.7.3", Reply: "Authentication unsuccessful"}, "smtp-auth-refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p := oauth.Diagnose(tt.err, s); p.Code != tt.code {
				t.Errorf("Diagnose = %q (%s), want %s", p, p.Code, tt.code)
			}
		})
	}
}
