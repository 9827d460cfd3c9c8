package config

import (
	"net"
	"strings"
)

// Unset marks a sending limit left out of the file and the environment:
// ApplyDefaults gives it the provider's default.
const Unset = -1

// SendLimits are the sending limits of one kind of provider, the defaults
// of smtp.max_per_minute, smtp.max_per_day, smtp.max_recipients_per_day
// and smtp.max_connections. 0 is no limit.
type SendLimits struct {
	PerMinute, PerDay, RecipientsPerDay, Connections int
}

// ProviderLimits are what the providers publish for one mailbox:
// Microsoft 365 (Exchange Online sending limits) 30 messages a minute,
// 10,000 recipients a day, 3 concurrent SMTP connections; Google
// Workspace 2,000 messages and 10,000 recipients a day. A generic server
// publishes nothing: intake paces only once it is told to slow down.
var ProviderLimits = map[string]SendLimits{
	ProviderMicrosoft: {PerMinute: 30, RecipientsPerDay: 10_000, Connections: 3},
	ProviderGoogle:    {PerDay: 2_000, RecipientsPerDay: 10_000, Connections: 3},
	ProviderGeneric:   {},
}

// SendProvider is the kind of provider smtp sends through: smtp.provider,
// else oauth2.provider when SMTP logs in with OAuth2, else what the host
// of smtp.address says.
func (c *Config) SendProvider() string {
	if c.SMTP.Provider != "" {
		return c.SMTP.Provider
	}
	if c.SMTP.Auth == AuthOAuth2 && (c.OAuth2.Provider == ProviderMicrosoft || c.OAuth2.Provider == ProviderGoogle) {
		return c.OAuth2.Provider
	}
	host, _, err := net.SplitHostPort(c.SMTP.Address)
	if err != nil {
		host = c.SMTP.Address
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	switch {
	case hasDomain(host, "office365.com", "outlook.com", "office.com"):
		return ProviderMicrosoft
	case hasDomain(host, "gmail.com", "googlemail.com", "google.com"):
		return ProviderGoogle
	}
	return ProviderGeneric
}

func hasDomain(host string, domains ...string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// applySendLimits gives every sending limit left out its provider's
// default.
func (c *Config) applySendLimits() {
	def := ProviderLimits[c.SendProvider()]
	for _, f := range []struct {
		v   *int
		def int
	}{
		{&c.SMTP.MaxPerMinute, def.PerMinute},
		{&c.SMTP.MaxPerDay, def.PerDay},
		{&c.SMTP.MaxRecipientsPerDay, def.RecipientsPerDay},
		{&c.SMTP.MaxConnections, def.Connections},
	} {
		if *f.v == Unset {
			*f.v = f.def
		}
	}
}

func (c *Config) validateSendLimits(p *problems) {
	s := c.SMTP
	if s.Provider != "" {
		oneOf(p, "smtp.provider", s.Provider, ProviderMicrosoft, ProviderGoogle, ProviderGeneric)
	}
	for _, f := range []struct {
		key string
		v   int
		max int
	}{
		{"smtp.max_per_minute", s.MaxPerMinute, 100_000},
		{"smtp.max_per_day", s.MaxPerDay, 10_000_000},
		{"smtp.max_recipients_per_day", s.MaxRecipientsPerDay, 10_000_000},
		{"smtp.max_connections", s.MaxConnections, 100},
	} {
		switch {
		case f.v < 0:
			p.addf(f.key, "%d is negative: 0 is no limit, and leaving the key out gives the provider's default", f.v)
		case f.v > f.max:
			p.addf(f.key, "%d is over %d", f.v, f.max)
		}
	}
}
