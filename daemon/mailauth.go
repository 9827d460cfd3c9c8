package daemon

import (
	"time"

	"example.org/intake/config"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/store"
)

// MailAuth is what the mailbox options need for OAuth2: one token source
// shared by the watcher, the Sent folder and the sender. The interface
// fields are nil (not a nil *oauth.Source) when a protocol logs in with a
// password, so that mailbox sees "no token source".
type MailAuth struct {
	Source       *oauth.Source // nil without OAuth2
	IMAP, SMTP   mailbox.TokenSource
	ReauthBefore time.Duration // for mailbox.DialOptions.ReauthBefore
}

// NewMailAuth builds the token source from cfg. Nothing is fetched: the
// first login does that, so a bad secret shows in the log and the alarms,
// not as a refusal to start.
func NewMailAuth(cfg *config.Config, st *store.Store, now func() time.Time) (MailAuth, error) {
	src, err := oauth.FromConfig(cfg, oauth.Options{Store: st, Now: now})
	if err != nil || src == nil {
		return MailAuth{}, err
	}
	a := MailAuth{Source: src, ReauthBefore: cfg.OAuth2.RefreshBefore.Duration / 2}
	if cfg.IMAP.Auth == config.AuthOAuth2 {
		a.IMAP = src
	}
	if cfg.SMTP.Auth == config.AuthOAuth2 {
		a.SMTP = src
	}
	return a, nil
}
