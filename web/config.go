package web

import (
	"example.org/intake/config"
)

// ConfigOptions fills the options that come from the configuration:
// web.base_url (and Secure cookies when it is https) and the programme's
// stages. The caller adds the case service (which holds the calendar and
// the organisation's extra bank holidays), store, logger and health
// handlers.
func ConfigOptions(cfg *config.Config) Options {
	return Options{BaseURL: cfg.Web.BaseURL, Programme: cfg.Programme,
		SecureCookies: isHTTPS(cfg.Web.BaseURL)}
}
