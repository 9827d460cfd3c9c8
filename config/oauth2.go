package config

import (
	"strings"
	"time"
)

// OAuth2 says where intake gets the access tokens it logs in with when
// imap.auth or smtp.auth is "oauth2". One token serves both protocols.
type OAuth2 struct {
	// Provider is ProviderMicrosoft, ProviderGoogle or ProviderGeneric.
	Provider string `toml:"provider"`
	// Flow is FlowClientCredentials (Microsoft app-only, the default for
	// Microsoft), FlowDeviceCode (delegated sign-in with `intake oauth
	// login`) or FlowServiceAccount (Google domain-wide delegation, the
	// default for Google).
	Flow string `toml:"flow"`
	// Tenant is the Entra tenant ID or verified domain (Microsoft).
	Tenant   string `toml:"tenant"`
	ClientID string `toml:"client_id"`
	// ClientSecret is the secret's Value (not its ID); prefer
	// ClientSecretFile.
	ClientSecret     string `toml:"client_secret"`
	ClientSecretFile string `toml:"client_secret_file"`
	// ClientSecretExpires (YYYY-MM-DD) lets intake warn staff 30 days
	// before the secret lapses: Entra gives no API for it without Graph
	// rights.
	ClientSecretExpires string   `toml:"client_secret_expires"`
	Scopes              []string `toml:"scopes"`
	// TokenURL and DeviceAuthURL default per provider; tests and national
	// clouds override them.
	TokenURL      string `toml:"token_url"`
	DeviceAuthURL string `toml:"device_auth_url"`
	// ServiceAccountFile is the Google service account's JSON key.
	ServiceAccountFile string `toml:"service_account_file"`
	// Subject is the Google user the service account acts as; default
	// imap.username.
	Subject string `toml:"subject"`
	// TokenKeyFile holds the key that encrypts the stored refresh token
	// (device_code flow): 32 bytes, raw, hex or base64.
	TokenKeyFile string `toml:"token_key_file"`
	// RefreshBefore treats a token as expired this early; the IMAP session
	// is renewed before its token lapses too.
	RefreshBefore Duration `toml:"refresh_before"`
	// Timeout bounds one request to the token endpoint.
	Timeout Duration `toml:"timeout"`

	secretRead bool
}

// Alarms tells staff (routing.staff) by email when intake goes quiet.
type Alarms struct {
	// After is how long the inbox may go unsynced, or sending keep
	// failing, or a token stay unrefreshable, before staff are told.
	After Duration `toml:"after"`
}

// OAuth2 providers and flows.
const (
	ProviderMicrosoft = "microsoft"
	ProviderGoogle    = "google"
	ProviderGeneric   = "generic"

	FlowClientCredentials = "client_credentials"
	FlowDeviceCode        = "device_code"
	FlowServiceAccount    = "service_account"
)

// Default scopes, per provider and flow (research note §6.1).
var (
	ScopesMicrosoftApp       = []string{"https://outlook.office365.com/.default"}
	ScopesMicrosoftDelegated = []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"}
	ScopesGoogle             = []string{"https://mail.google.com/"}
)

// UsesOAuth2 reports whether either mail protocol logs in with a token.
func (c *Config) UsesOAuth2() bool {
	return c.IMAP.Auth == AuthOAuth2 || c.SMTP.Auth == AuthOAuth2
}

// applyOAuth2Defaults fills flow, endpoints, scopes and subject from the
// provider, so that a Microsoft app-only block needs four keys.
func (c *Config) applyOAuth2Defaults() {
	o := &c.OAuth2
	if o.Provider == "" {
		return
	}
	if o.Flow == "" {
		switch o.Provider {
		case ProviderMicrosoft:
			o.Flow = FlowClientCredentials
		case ProviderGoogle:
			o.Flow = FlowServiceAccount
		case ProviderGeneric:
			o.Flow = FlowClientCredentials
		}
	}
	switch o.Provider {
	case ProviderMicrosoft:
		base := "https://login.microsoftonline.com/" + o.Tenant + "/oauth2/v2.0/"
		if o.TokenURL == "" && o.Tenant != "" {
			o.TokenURL = base + "token"
		}
		if o.DeviceAuthURL == "" && o.Flow == FlowDeviceCode {
			if o.TokenURL != "" && strings.HasSuffix(o.TokenURL, "/token") {
				o.DeviceAuthURL = strings.TrimSuffix(o.TokenURL, "/token") + "/devicecode"
			}
		}
		if len(o.Scopes) == 0 {
			if o.Flow == FlowDeviceCode {
				o.Scopes = append([]string(nil), ScopesMicrosoftDelegated...)
			} else {
				o.Scopes = append([]string(nil), ScopesMicrosoftApp...)
			}
		}
	case ProviderGoogle:
		// The service account key names its own token_uri; an explicit
		// token_url still wins.
		if len(o.Scopes) == 0 {
			o.Scopes = append([]string(nil), ScopesGoogle...)
		}
		if o.Subject == "" {
			o.Subject = c.IMAP.Username
		}
	}
}

// SecretExpiry returns oauth2.client_secret_expires as the end of that day
// in UTC, and false when it is not set or not a date.
func (o OAuth2) SecretExpiry() (time.Time, bool) {
	d, err := time.Parse(time.DateOnly, o.ClientSecretExpires)
	if err != nil {
		return time.Time{}, false
	}
	return d.Add(24 * time.Hour), true
}

func (c *Config) validateOAuth2(p *problems) {
	for _, a := range []struct{ key, v string }{{"imap.auth", c.IMAP.Auth}, {"smtp.auth", c.SMTP.Auth}} {
		oneOf(p, a.key, a.v, AuthPassword, AuthOAuth2)
	}
	if c.SMTP.Auth == AuthOAuth2 && c.SMTP.Username == "" {
		p.addf("smtp.username", "is required with smtp.auth = \"oauth2\" (it is the XOAUTH2 user)")
	}
	o := c.OAuth2
	if !c.UsesOAuth2() {
		return
	}
	if o.Provider == "" {
		p.addf("oauth2.provider", "is required when imap.auth or smtp.auth is \"oauth2\" (microsoft, google or generic)")
		return
	}
	oneOf(p, "oauth2.provider", o.Provider, ProviderMicrosoft, ProviderGoogle, ProviderGeneric)
	switch o.Provider {
	case ProviderMicrosoft:
		oneOf(p, "oauth2.flow", o.Flow, FlowClientCredentials, FlowDeviceCode)
		switch strings.ToLower(o.Tenant) {
		case "":
			p.addf("oauth2.tenant", "is required for Microsoft (the Directory (tenant) ID or a verified domain)")
		case "common", "organizations", "consumers":
			if o.Flow == FlowClientCredentials {
				p.addf("oauth2.tenant", "%q cannot be used for app-only access; give the tenant ID", o.Tenant)
			}
		}
	case ProviderGoogle:
		oneOf(p, "oauth2.flow", o.Flow, FlowServiceAccount)
	case ProviderGeneric:
		oneOf(p, "oauth2.flow", o.Flow, FlowClientCredentials, FlowDeviceCode)
		if o.TokenURL == "" {
			p.addf("oauth2.token_url", "is required for provider \"generic\"")
		}
		if o.Flow == FlowDeviceCode && o.DeviceAuthURL == "" {
			p.addf("oauth2.device_auth_url", "is required for provider \"generic\" with flow \"device_code\"")
		}
	}
	switch o.Flow {
	case FlowClientCredentials:
		if o.ClientID == "" {
			p.addf("oauth2.client_id", "is required (the Application (client) ID)")
		}
		if o.ClientSecret != "" && o.ClientSecretFile != "" && !o.secretRead {
			p.addf("oauth2.client_secret", "and oauth2.client_secret_file are both set; set only one")
		} else if o.ClientSecret == "" && o.ClientSecretFile == "" {
			p.addf("oauth2.client_secret", "is required for flow \"client_credentials\" (or oauth2.client_secret_file)")
		}
	case FlowDeviceCode:
		if o.ClientID == "" {
			p.addf("oauth2.client_id", "is required (the Application (client) ID)")
		}
		if o.TokenKeyFile == "" {
			p.addf("oauth2.token_key_file", "is required for flow \"device_code\": it encrypts the stored refresh token")
		}
	case FlowServiceAccount:
		if o.ServiceAccountFile == "" {
			p.addf("oauth2.service_account_file", "is required for flow \"service_account\" (the JSON key)")
		}
	}
	if o.ClientSecretExpires != "" {
		if _, ok := o.SecretExpiry(); !ok {
			p.addf("oauth2.client_secret_expires", "%q is not a date in the form YYYY-MM-DD", o.ClientSecretExpires)
		}
	}
	if o.RefreshBefore.Duration < 0 || o.RefreshBefore.Duration > 30*time.Minute {
		p.addf("oauth2.refresh_before", "%s is not between 0 and 30m", o.RefreshBefore.Duration)
	}
	if o.Timeout.Duration < time.Second {
		p.addf("oauth2.timeout", "%s is shorter than 1s", o.Timeout.Duration)
	}
}

func (c *Config) validateAlarms(p *problems) {
	if c.Alarms.After.Duration < time.Minute && c.Alarms.After.Duration != 0 {
		p.addf("alarms.after", "%s is shorter than 1m (0 turns alarms off)", c.Alarms.After.Duration)
	} else if c.Alarms.After.Duration > 0 && c.Alarms.After.Duration < 2*c.IMAP.PollInterval.Duration {
		p.addf("alarms.after", "%s must be at least twice imap.poll_interval (%s)", c.Alarms.After.Duration, c.IMAP.PollInterval.Duration)
	}
}

// Warnings lists what works today but will not for long, or is not
// advised: password login to Microsoft 365, a client secret close to its
// expiry. `intake check` prints them; the daemon alarms on the secret.
func (c *Config) Warnings(now time.Time) []string {
	var w []string
	for _, s := range []struct{ section, addr, auth string }{
		{"imap", c.IMAP.Address, c.IMAP.Auth}, {"smtp", c.SMTP.Address, c.SMTP.Auth},
	} {
		host := strings.ToLower(s.addr)
		if s.auth == AuthPassword && (strings.Contains(host, "office365.com") || strings.Contains(host, "outlook.com")) {
			w = append(w, s.section+".auth: Microsoft has disabled Basic auth for IMAP and is retiring it for SMTP AUTH (MC786329); use auth = \"oauth2\"")
		}
	}
	if exp, ok := c.OAuth2.SecretExpiry(); ok && c.UsesOAuth2() {
		left := exp.Sub(now)
		switch {
		case left <= 0:
			w = append(w, "oauth2.client_secret_expires: the client secret expired on "+c.OAuth2.ClientSecretExpires+"; create a new secret (Certificates & secrets) and update oauth2.client_secret_file")
		case left <= 30*24*time.Hour:
			w = append(w, "oauth2.client_secret_expires: the client secret expires on "+c.OAuth2.ClientSecretExpires+"; create a new one now and update oauth2.client_secret_file")
		}
	}
	return w
}
