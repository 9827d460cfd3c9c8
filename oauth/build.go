package oauth

import (
	"fmt"
	"time"

	"example.org/intake/config"
	"example.org/intake/store"
)

// Options are what FromConfig needs besides the configuration.
type Options struct {
	// Store keeps the delegated refresh token (flow device_code only).
	Store *store.Store
	// Now replaces the clock (tests).
	Now func() time.Time
}

// FromConfig builds the one token source the IMAP watcher, the Sent folder
// and the SMTP sender share. It returns nil, nil when neither protocol
// uses OAuth2. Nothing is fetched yet: the first login does that.
func FromConfig(cfg *config.Config, opts Options) (*Source, error) {
	if !cfg.UsesOAuth2() {
		return nil, nil
	}
	o := cfg.OAuth2
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	var fetch fetchFunc
	switch o.Flow {
	case config.FlowClientCredentials:
		fetch = clientCredentials(o.TokenURL, o.ClientID, o.ClientSecret, o.Scopes)
	case config.FlowServiceAccount:
		k, err := readServiceAccount(o.ServiceAccountFile)
		if err != nil {
			return nil, err
		}
		fetch = serviceAccount(k, o.TokenURL, o.Subject, o.Scopes)
	case config.FlowDeviceCode:
		if opts.Store == nil {
			return nil, fmt.Errorf("oauth: flow device_code needs the database")
		}
		seal, err := readKey(o.TokenKeyFile)
		if err != nil {
			return nil, err
		}
		d := &delegated{st: opts.Store, seal: seal, account: AccountKey(o), tokenURL: o.TokenURL,
			clientID: o.ClientID, secret: o.ClientSecret, scopes: o.Scopes, now: now}
		fetch = d.fetch
	default:
		return nil, fmt.Errorf("oauth: unknown flow %q", o.Flow)
	}
	return newSource(fetch, o.RefreshBefore.Duration, o.Timeout.Duration, now), nil
}
