package config

import (
	"net"
	"net/mail"
	"strings"
)

// ApplyDefaults fills the keys whose default depends on other keys. Load
// calls it; code that builds a Config by hand (intake demo, tests) calls it
// before Validate.
func (c *Config) ApplyDefaults() {
	if c.Database.URL == "" {
		c.Database.URL = DefaultDatabaseURL
	}
	if c.Organisation.MailDomain == "" {
		if _, addr := c.FromAddress(); addr != "" {
			c.Organisation.MailDomain = strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
		}
	}
	if c.Web.BaseURL == "" {
		if host, port, err := net.SplitHostPort(c.Web.Listen); err == nil {
			if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
				host = "127.0.0.1"
			}
			c.Web.BaseURL = "http://" + net.JoinHostPort(host, port)
		}
	}
	c.applyOAuth2Defaults()
	c.applySendLimits()
	// Without a list nothing would ever be recognised as the DPO's reply;
	// the DPO's own address is the narrowest safe guess.
	if len(c.Routing.DPOSenders) == 0 {
		if a, err := mail.ParseAddress(c.Routing.DPO); err == nil {
			c.Routing.DPOSenders = []string{a.Address}
		}
	}
}

// FromAddress returns the display name and bare address of smtp.from, or
// two empty strings when it does not parse (Validate reports that).
func (c *Config) FromAddress() (name, addr string) {
	a, err := mail.ParseAddress(c.SMTP.From)
	if err != nil {
		return "", ""
	}
	return a.Name, a.Address
}

// IsDPOSender reports whether addr, a bare email address, may send DPO
// replies: it is listed in routing.dpo_senders, or its domain is.
// Comparison ignores case; subdomains are not included.
func (r Routing) IsDPOSender(addr string) bool {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return false
	}
	domain := addr[at+1:]
	for _, s := range r.DPOSenders {
		if a, err := mail.ParseAddress(s); err == nil && strings.Contains(s, "@") {
			if strings.EqualFold(a.Address, addr) {
				return true
			}
		} else if strings.EqualFold(strings.TrimSuffix(s, "."), domain) {
			return true
		}
	}
	return false
}
