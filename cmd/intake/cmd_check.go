package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"example.org/intake/config"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/store"
)

// cmdCheck connects to everything intake needs and prints one line per
// part: "ok" with what it found, or what is wrong and how to fix it. It
// exits non-zero when anything failed.
func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	path := fs.String("config", "intake.toml", "configuration file")
	sendTest := fs.String("send-test", "", "also send one test message to this address")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *sendTest != "" {
		if _, err := mail.ParseAddress(*sendTest); err != nil {
			return usageError{fmt.Sprintf("--send-test %q is not an email address", *sendTest)}
		}
	}
	cfg, _, err := loadConfig(*path, stderr)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	failed, total := runCheck(ctx, cfg, checkOptions{SendTest: *sendTest}, stdout)
	if failed > 0 {
		return fmt.Errorf("%d of %d checks failed", failed, total)
	}
	return nil
}

type checkOptions struct {
	SendTest  string      // address for a test message; "" sends nothing
	TLSConfig *tls.Config // tests trust their own certificates
	Now       func() time.Time
}

// checker prints the report.
type checker struct {
	out           io.Writer
	failed, total int
}

func (c *checker) ok(part, format string, args ...any) {
	c.total++
	fmt.Fprintf(c.out, "%-9s ok    %s\n", part, fmt.Sprintf(format, args...))
}

func (c *checker) fail(part string, p oauth.Problem) {
	c.total++
	c.failed++
	fmt.Fprintf(c.out, "%-9s FAIL  %s\n", part, p)
}

func (c *checker) warn(part, msg string) {
	fmt.Fprintf(c.out, "%-9s WARN  %s\n", part, msg)
}

// runCheck checks the database, the token (OAuth2), IMAP and SMTP, in the
// order in which each depends on the one before, and returns how many
// checks failed out of how many.
func runCheck(ctx context.Context, cfg *config.Config, opts checkOptions, out io.Writer) (failed, total int) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	c := &checker{out: out}
	for _, w := range cfg.Warnings(opts.Now()) {
		part, msg, _ := strings.Cut(w, ": ")
		c.warn(strings.SplitN(part, ".", 2)[0], part+": "+msg)
	}
	subject := checkSubject(cfg)

	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err == nil {
		err = st.CheckVersion(ctx)
		if err != nil {
			st.Close()
			st = nil
		}
	}
	if err != nil {
		c.fail("database", oauth.Problem{Code: "database", Summary: firstLineOf(err), Fix: "check database.url; run intake migrate once"})
	} else {
		defer st.Close()
		c.ok("database", "%s, schema up to date", mustDialect(cfg.Database.URL))
	}

	var tokens *oauth.Source
	if cfg.UsesOAuth2() {
		tokens = checkToken(ctx, c, cfg, st, subject)
		if tokens == nil {
			// Without a token IMAP and SMTP can only fail the same way.
			return c.failed, c.total
		}
	}

	dial := mailbox.DialOptions{Address: cfg.IMAP.Address, Security: mailbox.Security(cfg.IMAP.Security),
		Username: cfg.IMAP.Username, Password: cfg.IMAP.Password, TLSConfig: opts.TLSConfig}
	if cfg.IMAP.Auth == config.AuthOAuth2 {
		dial.TokenSource = tokens
	}
	checkIMAP(ctx, c, cfg, dial, subject)

	so := mailbox.SMTPOptions{Address: cfg.SMTP.Address, Security: mailbox.Security(cfg.SMTP.Security),
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password, Timeout: cfg.SMTP.Timeout.Duration,
		TLSConfig: opts.TLSConfig, HeloName: cfg.Organisation.MailDomain}
	if cfg.SMTP.Auth == config.AuthOAuth2 {
		so.TokenSource = tokens
	}
	sender := mailbox.NewSender(so)
	defer sender.Close()
	s := subject
	s.Server = cfg.SMTP.Address
	if err := sender.Check(ctx); err != nil {
		c.fail("smtp", oauth.Diagnose(err, s))
	} else {
		how := "connected"
		if cfg.SMTP.Security != config.SecurityNone {
			how += " over TLS"
		}
		if cfg.SMTP.Username != "" {
			how += " and logged in as " + cfg.SMTP.Username
			if cfg.SMTP.Auth == config.AuthOAuth2 {
				how += " (XOAUTH2)"
			}
		}
		c.ok("smtp", "%s", how)
		if opts.SendTest != "" {
			_, from := cfg.FromAddress()
			err := sender.Send(ctx, from, []string{opts.SendTest}, testMessage(cfg, opts.SendTest, opts.Now()))
			if err != nil {
				c.fail("send-test", oauth.Diagnose(err, s))
			} else {
				c.ok("send-test", "sent a test message to %s; check that it arrived", opts.SendTest)
			}
		}
	}
	c.ok("limits", "%s", describeLimits(cfg))
	return c.failed, c.total
}

// checkToken fetches a token and shows what it carries. For app-only
// access a token without the Exchange roles fails here, because the mail
// servers would only say "AUTHENTICATE failed".
func checkToken(ctx context.Context, c *checker, cfg *config.Config, st *store.Store, subject oauth.Subject) *oauth.Source {
	o := cfg.OAuth2
	if o.Flow == config.FlowDeviceCode && st == nil {
		c.fail("oauth2", oauth.Problem{Code: "database", Summary: "the delegated sign-in is kept in the database, which is not usable", Fix: "fix the database first"})
		return nil
	}
	src, err := oauth.FromConfig(cfg, oauth.Options{Store: st})
	if err != nil {
		c.fail("oauth2", oauth.Problem{Code: "config", Summary: firstLineOf(err)})
		return nil
	}
	tok, exp, err := src.Token(ctx)
	if err != nil {
		c.fail("oauth2", oauth.Diagnose(err, subject))
		return nil
	}
	desc := fmt.Sprintf("%s token from %s", o.Flow, subject.TokenHost)
	if !exp.IsZero() {
		desc += fmt.Sprintf(", expires %s", exp.Local().Format("15:04"))
	}
	claims, isJWT := oauth.ParseClaims(tok)
	if isJWT {
		desc += "; audience " + claims.Audience
		if len(claims.Roles) > 0 {
			desc += "; roles " + strings.Join(claims.Roles, " ")
		}
		if len(claims.Scopes) > 0 {
			desc += "; scopes " + strings.Join(claims.Scopes, " ")
		}
		if claims.User != "" {
			desc += "; signed in as " + claims.User
		}
	}
	if isJWT && o.Provider == config.ProviderMicrosoft && o.Flow == config.FlowClientCredentials {
		missing := claims.MissingRoles(cfg.IMAP.Auth == config.AuthOAuth2, cfg.SMTP.Auth == config.AuthOAuth2)
		if len(missing) > 0 {
			c.fail("oauth2", oauth.Problem{Code: "roles-missing",
				Summary: "the token lacks " + strings.Join(missing, " and ") + " (it has: " + strings.Join(claims.Roles, " ") + ")",
				Fix: "in the app registration add API permissions → APIs my organization uses → Office 365 Exchange Online → Application permissions → " +
					strings.Join(missing, ", ") + " (not Microsoft Graph), then click Grant admin consent"})
			return nil
		}
	}
	c.ok("oauth2", "%s", desc)
	return src
}

func checkIMAP(ctx context.Context, c *checker, cfg *config.Config, dial mailbox.DialOptions, subject oauth.Subject) {
	cl, err := mailbox.DialIMAP(ctx, dial)
	if err != nil {
		c.fail("imap", oauth.Diagnose(err, subject))
		return
	}
	defer cl.Close()
	sel, err := cl.Select(cfg.IMAP.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		c.fail("imap", oauth.Problem{Code: "mailbox", Summary: fmt.Sprintf("logged in, but cannot open the mailbox %q (%s)", cfg.IMAP.Mailbox, firstLineOf(err)),
			Fix: "check imap.mailbox; with app-only access, Add-MailboxPermission must name " + cfg.IMAP.Username})
		return
	}
	caps := cl.Caps()
	idle := caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)
	move := caps.Has(imap.CapMove) || caps.Has(imap.CapIMAP4rev2)
	c.ok("imap", "logged in as %s; %s has %d messages; IDLE %s; MOVE %s", cfg.IMAP.Username, cfg.IMAP.Mailbox, sel.NumMessages, yesNo(idle), yesNo(move))
	if !idle {
		c.warn("imap", fmt.Sprintf("the server has no IDLE: new mail is seen every imap.poll_interval (%s)", cfg.IMAP.PollInterval.Duration))
	}
	if !move && cfg.IMAP.ProcessedMailbox != "" {
		c.warn("imap", "the server has no MOVE: processed mail is copied to imap.processed_mailbox and then deleted")
	}
	_ = cl.Logout().Wait()
}

func checkSubject(cfg *config.Config) oauth.Subject {
	_, from := cfg.FromAddress()
	host := cfg.OAuth2.TokenURL
	if h, ok := strings.CutPrefix(host, "https://"); ok {
		host = h
	} else {
		host = strings.TrimPrefix(host, "http://")
	}
	host, _, _ = strings.Cut(host, "/")
	return oauth.Subject{Provider: cfg.OAuth2.Provider, Tenant: cfg.OAuth2.Tenant, ClientID: cfg.OAuth2.ClientID,
		Mailbox: cfg.IMAP.Username, SMTPUser: cfg.SMTP.Username, SMTPFrom: from,
		SecretExpires: cfg.OAuth2.ClientSecretExpires, TokenHost: host, Server: cfg.IMAP.Address}
}

// testMessage is what --send-test sends: plainly a test, marked as
// automatic so that nobody's auto-responder answers it.
func testMessage(cfg *config.Config, to string, now time.Time) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: intake check: test message\r\nDate: %s\r\n", cfg.SMTP.From, to, now.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <check.%d@%s>\r\nAuto-Submitted: auto-generated\r\n", now.UnixNano(), cfg.Organisation.MailDomain)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("This message was sent by `intake check --send-test` to show that intake can send mail.\r\n")
	return []byte(b.String())
}

func firstLineOf(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func mustDialect(url string) store.Dialect {
	d, _, err := store.ParseURL(url)
	if err != nil {
		return "database"
	}
	return store.Dialect(d)
}

// describeLimits says how fast intake will send, and which keys change it.
func describeLimits(cfg *config.Config) string {
	s := cfg.SMTP
	var parts []string
	if s.MaxPerMinute > 0 {
		parts = append(parts, fmt.Sprintf("%s letters a minute", thousands(s.MaxPerMinute)))
	}
	if s.MaxPerDay > 0 {
		parts = append(parts, fmt.Sprintf("%s letters a day", thousands(s.MaxPerDay)))
	}
	if s.MaxRecipientsPerDay > 0 {
		parts = append(parts, fmt.Sprintf("%s recipients a day", thousands(s.MaxRecipientsPerDay)))
	}
	rate := "no sending limit (paced only after a slow-down reply)"
	if len(parts) > 0 {
		rate = "at most " + strings.Join(parts, ", ")
	}
	conns := "one SMTP connection per send worker"
	if s.MaxConnections > 0 {
		conns = fmt.Sprintf("at most %d SMTP connections", s.MaxConnections)
	}
	return fmt.Sprintf("%s (%s); %s; change with smtp.max_per_minute, smtp.max_per_day, smtp.max_recipients_per_day, smtp.max_connections",
		rate, cfg.SendProvider(), conns)
}

// thousands writes n with commas: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
