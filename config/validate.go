package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// ValidationError lists every problem in a configuration, each starting
// with the key it concerns, so that one run shows everything to fix.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	return strings.Join(e.Problems, "\n")
}

// problems collects validation messages.
type problems []string

func (p *problems) addf(key, format string, args ...any) {
	*p = append(*p, key+": "+fmt.Sprintf(format, args...))
}

// Validate checks c and reports every problem at once as a
// *ValidationError. It never quotes a secret. It expects derived defaults to
// have been applied (Load does; see ApplyDefaults).
func (c *Config) Validate() error {
	var p problems
	c.validateOrganisation(&p)
	c.validateDatabase(&p)
	c.validateIMAP(&p)
	c.validateSMTP(&p)
	c.validateRouting(&p)
	c.validateWeb(&p)
	c.validateRest(&p)
	c.validateChasing(&p)
	c.validateOAuth2(&p)
	c.validateAlarms(&p)
	c.validateProgramme(&p)
	c.validateRetention(&p)
	c.validateDPO(&p)
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

func (c *Config) validateOrganisation(p *problems) {
	o := c.Organisation
	if strings.TrimSpace(o.Name) == "" {
		p.addf("organisation.name", "is required (it signs every letter)")
	}
	oneOf(p, "organisation.calendar", o.Calendar, CalendarEnglandAndWales, CalendarScotland, CalendarNorthernIreland)
	for i, d := range o.ExtraHolidays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			p.addf(fmt.Sprintf("organisation.extra_holidays[%d]", i), "%q is not a date in the form YYYY-MM-DD", d)
		}
	}
	if o.MailDomain == "" {
		// With a bad smtp.from this is only a consequence; that problem is reported on its own.
		if _, from := c.FromAddress(); from != "" {
			p.addf("organisation.mail_domain", "is required")
		}
	} else if !isDomain(o.MailDomain) {
		p.addf("organisation.mail_domain", "%q is not a domain name", o.MailDomain)
	}
}

func (c *Config) validateDatabase(p *problems) {
	if _, _, err := c.DatabaseDriver(); err != nil {
		p.addf("database.url", "%v", err)
	}
}

// maxHeartbeat keeps every IDLE well inside RFC 2177's 29 minutes.
const maxHeartbeat = 25 * time.Minute

func (c *Config) validateIMAP(p *problems) {
	m := c.IMAP
	validateServer(p, "imap", m.Address, m.Security)
	if m.Username == "" {
		p.addf("imap.username", "is required")
	}
	validatePassword(p, "imap", m.Password, m.PasswordFile, m.passwordRead, m.Auth != AuthOAuth2)
	if m.Mailbox == "" {
		p.addf("imap.mailbox", "is required")
	}
	if m.ProcessedMailbox != "" && strings.EqualFold(m.ProcessedMailbox, m.Mailbox) {
		p.addf("imap.processed_mailbox", "must differ from imap.mailbox (\"\" keeps messages in place)")
	}
	if m.SentMailbox != "" && strings.EqualFold(m.SentMailbox, m.Mailbox) {
		p.addf("imap.sent_mailbox", "must differ from imap.mailbox, or intake would read its own mail")
	}
	if m.ProcessedMailbox == "" && m.Keyword == "" {
		p.addf("imap.keyword", "is required when imap.processed_mailbox is \"\" (it marks processed messages)")
	} else if m.Keyword != "" && !isIMAPKeyword(m.Keyword) {
		p.addf("imap.keyword", "%q is not an IMAP keyword (an atom, not starting with \\)", m.Keyword)
	}
	if m.PollInterval.Duration < time.Second {
		p.addf("imap.poll_interval", "%s is shorter than 1s", m.PollInterval.Duration)
	}
	if m.CommandTimeout.Duration < time.Second {
		p.addf("imap.command_timeout", "%s is shorter than 1s", m.CommandTimeout.Duration)
	}
	switch {
	case m.Heartbeat.Duration < time.Second:
		p.addf("imap.heartbeat", "%s is shorter than 1s", m.Heartbeat.Duration)
	case m.Heartbeat.Duration > maxHeartbeat:
		// RFC 2177: servers may end an IDLE after 30 minutes.
		p.addf("imap.heartbeat", "%s is longer than %s (servers may drop an IDLE after 29 minutes)", m.Heartbeat.Duration, maxHeartbeat)
	}
	oneOf(p, "imap.start", m.Start, StartNew, StartUnseen, StartAll)
	if m.MaxMessageBytes < 1024 {
		p.addf("imap.max_message_bytes", "%d is below 1024", m.MaxMessageBytes)
	}
}

func (c *Config) validateSMTP(p *problems) {
	s := c.SMTP
	validateServer(p, "smtp", s.Address, s.Security)
	// A local relay may accept mail without authentication, so the login is
	// optional; half of one is a mistake.
	hasPassword := s.Password != "" || s.PasswordFile != ""
	if s.Username == "" && hasPassword {
		p.addf("smtp.username", "is required when a password is set")
	}
	validatePassword(p, "smtp", s.Password, s.PasswordFile, s.passwordRead, s.Username != "" && s.Auth != AuthOAuth2)
	if s.From == "" {
		p.addf("smtp.from", "is required")
	} else if _, err := mail.ParseAddress(s.From); err != nil {
		p.addf("smtp.from", "%q is not an email address", s.From)
	}
	if s.Timeout.Duration < time.Second {
		p.addf("smtp.timeout", "%s is shorter than 1s", s.Timeout.Duration)
	}
	// The upper bound keeps the attempts River allows a send job
	// (outbox.MaxSendAttempts, one every 5 minutes at most) ahead of the
	// budget, so that the budget, not River, ends the retries.
	if b := s.RetryBudget.Duration; b < time.Minute || b > 30*24*time.Hour {
		p.addf("smtp.retry_budget", "%s is outside 1m to 720h (30 days)", b)
	}
	c.validateSendLimits(p)
}

func (c *Config) validateRouting(p *problems) {
	r := c.Routing
	if r.DPO == "" {
		p.addf("routing.dpo", "is required")
	} else {
		address(p, "routing.dpo", r.DPO)
	}
	if len(r.EnquiryCC) == 0 {
		p.addf("routing.enquiry_cc", "needs at least one address: every message to the DPO is copied to the enquiry inbox")
	}
	for i, a := range r.EnquiryCC {
		address(p, fmt.Sprintf("routing.enquiry_cc[%d]", i), a)
	}
	for i, s := range r.DPOSenders {
		key := fmt.Sprintf("routing.dpo_senders[%d]", i)
		if strings.Contains(s, "@") {
			address(p, key, s)
		} else if !isDomain(s) {
			p.addf(key, "%q is neither an email address nor a domain", s)
		}
	}
	for i, a := range r.Staff {
		address(p, fmt.Sprintf("routing.staff[%d]", i), a)
	}
	for i, s := range r.FormSenders {
		key := fmt.Sprintf("routing.form_senders[%d]", i)
		switch {
		case strings.Contains(s, "@"):
			address(p, key, s)
		case !isDomain(s):
			p.addf(key, "%q is neither an email address nor a domain", s)
		}
		for _, d := range r.DPOSenders {
			if strings.EqualFold(strings.TrimSpace(d), strings.TrimSpace(s)) {
				p.addf(key, "%q is also in routing.dpo_senders: a form relays requesters, not the DPO team", s)
			}
		}
	}
}

func (c *Config) validateWeb(p *problems) {
	w := c.Web
	// Port 0 asks the system for a free port (intake demo --listen :0, tests).
	if _, port, err := net.SplitHostPort(w.Listen); err != nil || (port != "0" && !validPort(port)) {
		p.addf("web.listen", "%q is not host:port", w.Listen)
	}
	if w.MetricsListen != "" {
		_, port, err := net.SplitHostPort(w.MetricsListen)
		switch {
		case err != nil || (port != "0" && !validPort(port)):
			p.addf("web.metrics_listen", "%q is not host:port", w.MetricsListen)
		case w.MetricsListen == w.Listen && port != "0":
			p.addf("web.metrics_listen", "%q is web.listen: metrics need an address of their own", w.MetricsListen)
		}
	}
	u, err := url.Parse(w.BaseURL)
	switch {
	case w.BaseURL == "":
		p.addf("web.base_url", "is required")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		p.addf("web.base_url", "%q is not an absolute http:// or https:// URL", w.BaseURL)
	}
}

func (c *Config) validateRest(p *problems) {
	if dir := c.Templates.Dir; dir != "" {
		if fi, err := os.Stat(dir); err != nil {
			p.addf("templates.dir", "%v", err)
		} else if !fi.IsDir() {
			p.addf("templates.dir", "%s is not a directory", dir)
		}
	}
	if t := c.Classifier.Threshold; !(t > 0 && t <= 1) {
		p.addf("classifier.threshold", "%v is not in (0, 1]", t)
	}
	q := c.Queue
	if q.Workers < 1 || q.Workers > 64 {
		p.addf("queue.workers", "%d is not between 1 and 64", q.Workers)
	}
	if q.RetryMax < 1 {
		p.addf("queue.retry_max", "%d is below 1", q.RetryMax)
	}
	if q.RescueAfter.Duration <= c.SMTP.Timeout.Duration {
		// A send still talking to the server would be retried beside itself.
		p.addf("queue.rescue_after", "%s must be longer than smtp.timeout (%s)", q.RescueAfter.Duration, c.SMTP.Timeout.Duration)
	}
	oneOf(p, "log.level", c.Log.Level, "debug", "info", "warn", "error")
	oneOf(p, "log.format", c.Log.Format, "text", "json")
}

func oneOf(p *problems, key, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	p.addf(key, "%q is not one of %s", value, strings.Join(allowed, ", "))
}

func validateServer(p *problems, section, addr, security string) {
	host, port, err := net.SplitHostPort(addr)
	switch {
	case addr == "":
		p.addf(section+".address", "is required")
	case err != nil || host == "" || !validPort(port):
		p.addf(section+".address", "%q is not host:port", addr)
	}
	oneOf(p, section+".security", security, SecurityTLS, SecurityStartTLS, SecurityNone)
	if security == SecurityNone && err == nil && host != "" && !isLoopback(host) {
		p.addf(section+".security", "\"none\" is only allowed for a loopback host, not %s: mail and passwords would cross the network in clear", host)
	}
}

func validatePassword(p *problems, section, password, file string, read, required bool) {
	switch {
	case password != "" && file != "" && !read:
		p.addf(section+".password", "and %s.password_file are both set; set only one", section)
	case required && password == "" && file == "":
		p.addf(section+".password", "is required (or %s.password_file)", section)
	}
}

func address(p *problems, key, s string) {
	if _, err := mail.ParseAddress(s); err != nil {
		p.addf(key, "%q is not an email address", s)
	}
}

func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n >= 1 && n <= 65535
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// isDomain accepts a DNS name of letters, digits and hyphens (IDNs must be
// written in their xn-- form).
func isDomain(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// isIMAPKeyword checks RFC 3501's flag-keyword: an atom, and not a system
// flag (those start with a backslash, which is not an atom character).
func isIMAPKeyword(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b <= ' ' || b >= 0x7f || strings.IndexByte(`(){%*"\]`, b) >= 0 {
			return false
		}
	}
	return s != ""
}
