package web

import (
	"example.org/intake/config"
	"example.org/intake/deadline"
)

// ConfigOptions fills the options that come from the configuration:
// web.base_url (and Secure cookies when it is https), the programme's
// stages and the organisation's extra bank holidays. The caller adds the
// case service, store, logger and health handlers.
func ConfigOptions(cfg *config.Config) Options {
	o := Options{BaseURL: cfg.Web.BaseURL, Programme: cfg.Programme,
		SecureCookies: isHTTPS(cfg.Web.BaseURL)}
	for _, h := range cfg.Organisation.ExtraHolidays {
		if d, err := deadline.ParseDate(h); err == nil { // validated with the configuration
			o.Holidays = append(o.Holidays, d)
		}
	}
	return o
}
