package oauth

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// Claims are the parts of an access token `intake check` shows. They are
// read without verifying the signature, for display only: Microsoft asks
// clients to treat tokens as opaque, and the mail server is the judge.
type Claims struct {
	Audience string
	Roles    []string // app-only permissions (IMAP.AccessAsApp, SMTP.SendAsApp)
	Scopes   []string // delegated permissions (scp)
	AppID    string
	TenantID string
	User     string // upn or preferred_username (delegated)
	Expiry   time.Time
}

// ParseClaims decodes a JWT's payload; ok is false for opaque tokens
// (Google's are not JWTs).
func ParseClaims(token string) (c Claims, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return c, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return c, false
	}
	var raw struct {
		Aud   any      `json:"aud"`
		Roles []string `json:"roles"`
		Scp   string   `json:"scp"`
		AppID string   `json:"appid"`
		Azp   string   `json:"azp"`
		Tid   string   `json:"tid"`
		Upn   string   `json:"upn"`
		PUN   string   `json:"preferred_username"`
		Exp   int64    `json:"exp"`
	}
	if json.Unmarshal(payload, &raw) != nil {
		return c, false
	}
	switch a := raw.Aud.(type) {
	case string:
		c.Audience = a
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok {
				c.Audience = strings.TrimPrefix(c.Audience+" "+s, " ")
			}
		}
	}
	c.Roles, c.Scopes = raw.Roles, strings.Fields(raw.Scp)
	c.AppID, c.TenantID = raw.AppID, raw.Tid
	if c.AppID == "" {
		c.AppID = raw.Azp
	}
	c.User = raw.Upn
	if c.User == "" {
		c.User = raw.PUN
	}
	if raw.Exp > 0 {
		c.Expiry = time.Unix(raw.Exp, 0)
	}
	return c, true
}

// MissingRoles lists the Exchange permissions an app-only token lacks for
// the protocols in use.
func (c Claims) MissingRoles(imap, smtp bool) []string {
	var want []string
	if imap {
		want = append(want, "IMAP.AccessAsApp")
	}
	if smtp {
		want = append(want, "SMTP.SendAsApp")
	}
	var missing []string
	for _, w := range want {
		found := false
		for _, r := range c.Roles {
			if strings.EqualFold(r, w) {
				found = true
			}
		}
		if !found {
			missing = append(missing, w)
		}
	}
	return missing
}
