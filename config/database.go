package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// DatabaseDriver returns the database/sql driver name and the DSN for
// database.url: "sqlite" with a file path ("sqlite:///var/lib/x.db" is
// absolute, "sqlite://x.db" relative to the working directory,
// "sqlite://:memory:" in memory; a ?query is passed through to the driver),
// or "postgres" with the URL unchanged (lib/pq reads it). Errors never quote
// the URL, which may hold a password.
func (c *Config) DatabaseDriver() (driver, dsn string, err error) {
	raw := c.Database.URL
	if raw == "" {
		raw = DefaultDatabaseURL
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return "", "", errors.New("not a URL: expected sqlite://PATH or postgres://HOST/DB")
	}
	switch strings.ToLower(scheme) {
	case "sqlite":
		if path, _, _ := strings.Cut(rest, "?"); path == "" || path == "/" {
			return "", "", errors.New("sqlite:// needs a file path, e.g. sqlite:///var/lib/intake/intake.db")
		}
		return "sqlite", rest, nil
	case "postgres", "postgresql":
		if _, err := url.Parse(raw); err != nil {
			return "", "", errors.New("not a valid postgres URL")
		}
		return "postgres", raw, nil
	default:
		return "", "", fmt.Errorf("scheme %q is not one of sqlite, postgres, postgresql", scheme)
	}
}
