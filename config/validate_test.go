package config

import (
	"strings"
	"testing"
	"time"
)

func TestValidateRules(t *testing.T) {
	notADir := writeFile(t, "file", "x")
	tests := []struct {
		name   string
		change func(*Config)
		want   string // prefix of the only problem; "" means valid
	}{
		{"minimal is valid", func(*Config) {}, ""},

		{"name required", func(c *Config) { c.Organisation.Name = " " }, "organisation.name: is required"},
		{"calendar scotland", func(c *Config) { c.Organisation.Calendar = "scotland" }, ""},
		{"calendar northern-ireland", func(c *Config) { c.Organisation.Calendar = "northern-ireland" }, ""},
		{"calendar unknown", func(c *Config) { c.Organisation.Calendar = "England" }, `organisation.calendar: "England" is not one of`},
		{"holiday valid", func(c *Config) { c.Organisation.ExtraHolidays = []string{"2026-06-05"} }, ""},
		{"holiday impossible date", func(c *Config) { c.Organisation.ExtraHolidays = []string{"2026-02-30"} }, "organisation.extra_holidays[0]:"},
		{"holiday wrong form", func(c *Config) { c.Organisation.ExtraHolidays = []string{"2026-6-5"} }, "organisation.extra_holidays[0]:"},
		{"mail domain bad", func(c *Config) { c.Organisation.MailDomain = "provider example" }, "organisation.mail_domain:"},
		{"mail domain with @", func(c *Config) { c.Organisation.MailDomain = "a@provider.example" }, "organisation.mail_domain:"},
		{"mail domain empty", func(c *Config) { c.Organisation.MailDomain = "" }, "organisation.mail_domain: is required"},
		{"mail domain empty from bad", func(c *Config) { c.Organisation.MailDomain, c.SMTP.From = "", "x" }, "smtp.from: "},

		{"sqlite absolute", func(c *Config) { c.Database.URL = "sqlite:///var/lib/intake/intake.db" }, ""},
		{"sqlite memory", func(c *Config) { c.Database.URL = "sqlite://:memory:" }, ""},
		{"sqlite without path", func(c *Config) { c.Database.URL = "sqlite://" }, "database.url: sqlite:// needs a file path"},
		{"postgres", func(c *Config) { c.Database.URL = "postgres://intake@db.example/intake?sslmode=disable" }, ""},
		{"postgresql", func(c *Config) { c.Database.URL = "postgresql://intake@db.example/intake" }, ""},
		{"no scheme", func(c *Config) { c.Database.URL = "/var/lib/intake.db" }, "database.url: not a URL"},
		{"mysql", func(c *Config) { c.Database.URL = "mysql://db.example/x" }, `database.url: scheme "mysql" is not one of sqlite, postgres, postgresql`},
		{"postgres unparsable", func(c *Config) { c.Database.URL = "postgres://u:p@[bad/x" }, "database.url: not a valid postgres URL"},

		{"imap address required", func(c *Config) { c.IMAP.Address = "" }, "imap.address: is required"},
		{"imap address without port", func(c *Config) { c.IMAP.Address = "imap.provider.example" }, "imap.address: "},
		{"imap address bad port", func(c *Config) { c.IMAP.Address = "imap.provider.example:99999" }, "imap.address: "},
		{"imap address no host", func(c *Config) { c.IMAP.Address = ":993" }, "imap.address: "},
		{"imap security starttls", func(c *Config) { c.IMAP.Security = "starttls" }, ""},
		{"imap security ssl", func(c *Config) { c.IMAP.Security = "ssl" }, `imap.security: "ssl" is not one of tls, starttls, none`},
		{"imap none remote", func(c *Config) { c.IMAP.Security = "none" }, `imap.security: "none" is only allowed for a loopback host`},
		{"imap none remote IP", func(c *Config) { c.IMAP.Security, c.IMAP.Address = "none", "192.0.2.1:143" }, `imap.security: "none"`},
		{"imap none 127.0.0.5", func(c *Config) { c.IMAP.Security, c.IMAP.Address = "none", "127.0.0.5:143" }, ""},
		{"imap none ::1", func(c *Config) { c.IMAP.Security, c.IMAP.Address = "none", "[::1]:143" }, ""},
		{"imap none localhost", func(c *Config) { c.IMAP.Security, c.IMAP.Address = "none", "LocalHost:143" }, ""},
		{"imap none localhost lookalike", func(c *Config) { c.IMAP.Security, c.IMAP.Address = "none", "localhost.example:143" }, `imap.security: "none"`},
		{"imap username required", func(c *Config) { c.IMAP.Username = "" }, "imap.username: is required"},
		{"imap password required", func(c *Config) { c.IMAP.Password = "" }, "imap.password: is required"},
		{"imap password file is enough", func(c *Config) { c.IMAP.Password, c.IMAP.PasswordFile = "", "/run/secrets/imap" }, ""},
		{"imap password and file", func(c *Config) { c.IMAP.PasswordFile = "/run/secrets/imap" }, "imap.password: and imap.password_file are both set"},
		{"imap mailbox required", func(c *Config) { c.IMAP.Mailbox = "" }, "imap.mailbox: is required"},
		{"processed same as mailbox", func(c *Config) { c.IMAP.ProcessedMailbox = "inbox" }, "imap.processed_mailbox: must differ"},
		{"sent same as mailbox", func(c *Config) { c.IMAP.SentMailbox = "INBOX" }, "imap.sent_mailbox: must differ"},
		{"sent disabled", func(c *Config) { c.IMAP.SentMailbox = "" }, ""},
		{"keyword needed when not moving", func(c *Config) { c.IMAP.Keyword = "" }, "imap.keyword: is required"},
		{"keyword not needed when moving", func(c *Config) { c.IMAP.Keyword, c.IMAP.ProcessedMailbox = "", "Done" }, ""},
		{"keyword system flag", func(c *Config) { c.IMAP.Keyword = `\Seen` }, "imap.keyword: "},
		{"keyword with space", func(c *Config) { c.IMAP.Keyword = "Intake Done" }, "imap.keyword: "},
		{"poll 1s", func(c *Config) { c.IMAP.PollInterval.Duration = time.Second }, ""},
		{"poll below 1s", func(c *Config) { c.IMAP.PollInterval.Duration = 999 * time.Millisecond }, "imap.poll_interval: 999ms is shorter than 1s"},
		{"poll negative", func(c *Config) { c.IMAP.PollInterval.Duration = -time.Minute }, "imap.poll_interval: "},
		{"command timeout default", func(c *Config) {}, ""},
		{"command timeout below 1s", func(c *Config) { c.IMAP.CommandTimeout.Duration = 500 * time.Millisecond }, "imap.command_timeout: 500ms is shorter than 1s"},
		{"command timeout unset", func(c *Config) { c.IMAP.CommandTimeout.Duration = 0 }, "imap.command_timeout: 0s is shorter than 1s"},
		{"heartbeat below 1s", func(c *Config) { c.IMAP.Heartbeat.Duration = 0 }, "imap.heartbeat: 0s is shorter than 1s"},
		{"heartbeat beyond idle limit", func(c *Config) { c.IMAP.Heartbeat.Duration = 29 * time.Minute }, "imap.heartbeat: 29m0s is longer than 25m0s"},
		{"heartbeat at the limit", func(c *Config) { c.IMAP.Heartbeat.Duration = 25 * time.Minute }, ""},
		{"start unseen", func(c *Config) { c.IMAP.Start = "unseen" }, ""},
		{"start all", func(c *Config) { c.IMAP.Start = "all" }, ""},
		{"start bad", func(c *Config) { c.IMAP.Start = "old" }, `imap.start: "old" is not one of new, unseen, all`},
		{"max bytes zero", func(c *Config) { c.IMAP.MaxMessageBytes = 0 }, "imap.max_message_bytes: "},

		{"smtp address bad", func(c *Config) { c.SMTP.Address = "smtp" }, "smtp.address: "},
		{"smtp security bad", func(c *Config) { c.SMTP.Security = "TLS" }, `smtp.security: "TLS" is not one of`},
		{"smtp none remote", func(c *Config) { c.SMTP.Security = "none" }, `smtp.security: "none" is only allowed for a loopback host`},
		{"smtp none loopback", func(c *Config) { c.SMTP.Security, c.SMTP.Address = "none", "127.0.0.1:25" }, ""},
		{"smtp login", func(c *Config) { c.SMTP.Username, c.SMTP.Password = "u", "p" }, ""},
		{"smtp username without password", func(c *Config) { c.SMTP.Username = "u" }, "smtp.password: is required"},
		{"smtp password without username", func(c *Config) { c.SMTP.Password = "p" }, "smtp.username: is required when a password is set"},
		{"smtp from required", func(c *Config) { c.SMTP.From = "" }, "smtp.from: is required"},
		{"smtp from bare", func(c *Config) { c.SMTP.From = "intake@provider.example" }, ""},
		{"smtp from two addresses", func(c *Config) { c.SMTP.From = "a@provider.example, b@provider.example" }, "smtp.from: "},
		{"smtp timeout short", func(c *Config) { c.SMTP.Timeout.Duration = 0 }, "smtp.timeout: "},

		{"dpo required", func(c *Config) { c.Routing.DPO = "" }, "routing.dpo: is required"},
		{"dpo with name", func(c *Config) { c.Routing.DPO = "DPO Team <dpo@dpo.example>" }, ""},
		{"dpo invalid", func(c *Config) { c.Routing.DPO = "dpo.example" }, "routing.dpo: "},
		{"enquiry cc empty", func(c *Config) { c.Routing.EnquiryCC = nil }, "routing.enquiry_cc: needs at least one address"},
		{"enquiry cc invalid", func(c *Config) { c.Routing.EnquiryCC = []string{"a@dpo.example", "b"} }, "routing.enquiry_cc[1]: "},
		{"dpo senders domain", func(c *Config) { c.Routing.DPOSenders = []string{"dpo.example", "x@other.example"} }, ""},
		{"dpo senders junk", func(c *Config) { c.Routing.DPOSenders = []string{"dpo example"} }, "routing.dpo_senders[0]: "},
		{"dpo senders bad address", func(c *Config) { c.Routing.DPOSenders = []string{"x@"} }, "routing.dpo_senders[0]: "},
		{"form senders", func(c *Config) {
			c.Routing.FormSenders = []string{"website-form@provider.example", "forms.provider.example"}
		}, ""},
		{"form senders junk", func(c *Config) { c.Routing.FormSenders = []string{"web form"} }, "routing.form_senders[0]: "},
		{"form senders bad address", func(c *Config) { c.Routing.FormSenders = []string{"@provider"} }, "routing.form_senders[0]: "},
		{"form sender is a DPO sender", func(c *Config) {
			c.Routing.DPOSenders = []string{"dpo.example"}
			c.Routing.FormSenders = []string{"dpo.example"}
		}, "routing.form_senders[0]: "},
		{"staff invalid", func(c *Config) { c.Routing.Staff = []string{"casework"} }, "routing.staff[0]: "},

		{"listen any", func(c *Config) { c.Web.Listen = ":8080" }, ""},
		{"listen bad", func(c *Config) { c.Web.Listen = "localhost" }, "web.listen: "},
		{"metrics listen off", func(c *Config) { c.Web.MetricsListen = "" }, ""},
		{"metrics listen loopback", func(c *Config) { c.Web.MetricsListen = "127.0.0.1:9090" }, ""},
		{"metrics listen any port", func(c *Config) { c.Web.MetricsListen = "127.0.0.1:0" }, ""},
		{"metrics listen no port", func(c *Config) { c.Web.MetricsListen = "localhost" }, "web.metrics_listen: "},
		{"metrics listen bad port", func(c *Config) { c.Web.MetricsListen = "127.0.0.1:99999" }, "web.metrics_listen: "},
		{"metrics listen is web listen", func(c *Config) { c.Web.MetricsListen = c.Web.Listen }, "web.metrics_listen: "},
		{"base url https", func(c *Config) { c.Web.BaseURL = "https://intake.provider.example/staff" }, ""},
		{"base url relative", func(c *Config) { c.Web.BaseURL = "/staff" }, "web.base_url: "},
		{"base url empty", func(c *Config) { c.Web.BaseURL = "" }, "web.base_url: is required"},

		{"templates dir exists", func(c *Config) { c.Templates.Dir = t.TempDir() }, ""},
		{"templates dir missing", func(c *Config) { c.Templates.Dir = "/nonexistent/templates" }, "templates.dir: "},
		{"templates dir is a file", func(c *Config) { c.Templates.Dir = notADir }, "templates.dir: "},
		{"threshold 1", func(c *Config) { c.Classifier.Threshold = 1 }, ""},
		{"threshold 0", func(c *Config) { c.Classifier.Threshold = 0 }, "classifier.threshold: "},
		{"threshold above 1", func(c *Config) { c.Classifier.Threshold = 1.01 }, "classifier.threshold: "},
		{"workers 64", func(c *Config) { c.Queue.Workers = 64 }, ""},
		{"workers 65", func(c *Config) { c.Queue.Workers = 65 }, "queue.workers: "},
		{"retry max 0", func(c *Config) { c.Queue.RetryMax = 0 }, "queue.retry_max: "},
		{"retry budget 1m", func(c *Config) { c.SMTP.RetryBudget.Duration = time.Minute }, ""},
		{"retry budget 30 days", func(c *Config) { c.SMTP.RetryBudget.Duration = 720 * time.Hour }, ""},
		{"retry budget 59s", func(c *Config) { c.SMTP.RetryBudget.Duration = 59 * time.Second }, "smtp.retry_budget: "},
		{"retry budget over 30 days", func(c *Config) { c.SMTP.RetryBudget.Duration = 721 * time.Hour }, "smtp.retry_budget: "},
		{"rescue equal to timeout", func(c *Config) { c.Queue.RescueAfter.Duration = 30 * time.Second }, "queue.rescue_after: "},
		{"log debug json", func(c *Config) { c.Log.Level, c.Log.Format = "debug", "json" }, ""},
		{"log level bad", func(c *Config) { c.Log.Level = "INFO" }, "log.level: "},
		{"log format bad", func(c *Config) { c.Log.Format = "logfmt" }, "log.format: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, "testdata/minimal.toml")
			tt.change(c)
			err := c.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want valid", err)
				}
				return
			}
			got := problemsOf(t, err)
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("problems = %q, want exactly one starting %q", got, tt.want)
			}
		})
	}
}

func TestValidationErrorJoinsProblems(t *testing.T) {
	err := &ValidationError{Problems: []string{"a.b: x", "c.d: y"}}
	if err.Error() != "a.b: x\nc.d: y" {
		t.Errorf("Error() = %q", err.Error())
	}
}
