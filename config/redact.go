package config

import (
	"io"
	"net/url"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Redacted returns a deep copy of c with every secret replaced by
// Redaction: the passwords and any password inside database.url.
func (c *Config) Redacted() *Config {
	r := *c
	r.Organisation.ExtraHolidays = slices.Clone(c.Organisation.ExtraHolidays)
	r.Routing.EnquiryCC = slices.Clone(c.Routing.EnquiryCC)
	r.Routing.DPOSenders = slices.Clone(c.Routing.DPOSenders)
	r.Routing.FormSenders = slices.Clone(c.Routing.FormSenders)
	r.Routing.Staff = slices.Clone(c.Routing.Staff)
	if r.IMAP.Password != "" {
		r.IMAP.Password = Redaction
	}
	if r.SMTP.Password != "" {
		r.SMTP.Password = Redaction
	}
	if r.OAuth2.ClientSecret != "" {
		r.OAuth2.ClientSecret = Redaction
	}
	r.OAuth2.Scopes = slices.Clone(c.OAuth2.Scopes)
	r.Database.URL = redactURL(c.Database.URL)
	return &r
}

// redactURL hides the password of a postgres URL, in the userinfo or in a
// password= query parameter. A URL that does not parse is hidden whole,
// since nobody can tell where its secret is.
func redactURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Redaction
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), Redaction)
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", Redaction)
		u.RawQuery = q.Encode()
	}
	// url escapes the stars; put them back so the redaction reads as one.
	return strings.ReplaceAll(u.String(), strings.Repeat("%2A", len(Redaction)), Redaction)
}

// WriteTOML writes the redacted configuration as TOML that Load reads back,
// for `intake check` and for debugging what the environment changed.
func (c *Config) WriteTOML(w io.Writer) error {
	return toml.NewEncoder(w).Encode(c.Redacted())
}
