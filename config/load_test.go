package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// mustLoad loads a fixture that must be valid.
func mustLoad(t *testing.T, path string, env ...string) *Config {
	t.Helper()
	c, err := Load(path, env)
	if err != nil {
		t.Fatalf("Load(%s): %v", path, err)
	}
	return c
}

// problemsOf returns the problems of a failed Load or Validate.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	return verr.Problems
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadMinimalFillsDefaults(t *testing.T) {
	c := mustLoad(t, "testdata/minimal.toml")
	want := Default()
	want.Organisation.Name = "Example Family Support"
	want.Organisation.MailDomain = "provider.example"
	want.IMAP.Address = "imap.provider.example:993"
	want.IMAP.Username = "intake@provider.example"
	want.IMAP.Password = "imap-secret-1"
	want.SMTP.Address = "smtp.provider.example:587"
	want.SMTP.From = "Example Family Support <intake@provider.example>"
	want.Routing.DPO = "data.protection@dpo.example"
	want.Routing.EnquiryCC = []string{"enquiries@dpo.example"}
	want.Routing.DPOSenders = []string{"data.protection@dpo.example"}
	want.Web.BaseURL = "http://127.0.0.1:8080"
	// A generic server: no sending limits until it throttles.
	want.SMTP.MaxPerMinute, want.SMTP.MaxPerDay, want.SMTP.MaxRecipientsPerDay, want.SMTP.MaxConnections = 0, 0, 0, 0
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(minimal) =\n%+v\nwant\n%+v", c, want)
	}
	if c.IMAP.PollInterval.Duration != time.Minute || c.Queue.RescueAfter.Duration != 5*time.Minute ||
		c.IMAP.MaxMessageBytes != 52428800 || c.Classifier.Threshold != 0.8 || c.IMAP.Keyword != "$IntakeProcessed" {
		t.Errorf("defaults not as documented: %+v", c)
	}
}

func TestLoadExampleFile(t *testing.T) {
	// The example names password files that exist only in production; the
	// environment swaps them for passwords, as an operator might.
	c := mustLoad(t, "../intake.example.toml",
		"INTAKE_IMAP_PASSWORD_FILE=", "INTAKE_IMAP_PASSWORD=x",
		"INTAKE_SMTP_PASSWORD_FILE=", "INTAKE_SMTP_PASSWORD=y")
	if c.IMAP.ProcessedMailbox != "Intake/Processed" || c.Routing.DPOSenders[0] != "dpo.example" ||
		c.Organisation.ExtraHolidays[0] != "2026-06-05" || c.Organisation.MailDomain != "provider.example" {
		t.Errorf("example loaded as %+v", c)
	}
}

func TestExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile("../intake.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]map[string]any
	if _, err := toml.Decode(string(data), &doc); err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, key := range Keys() {
		section, name, _ := strings.Cut(key, ".")
		if _, ok := doc[section][name]; ok {
			continue
		}
		// Alternatives (password beside password_file) appear commented out.
		if !strings.Contains(text, "# "+name+" = ") {
			t.Errorf("intake.example.toml does not mention %s", key)
		}
	}
}

func TestLoadWithoutFileUsesEnvironment(t *testing.T) {
	c := mustLoad(t, "",
		"INTAKE_ORGANISATION_NAME=Example Family Support",
		"INTAKE_IMAP_ADDRESS=127.0.0.1:1143",
		"INTAKE_IMAP_SECURITY=none",
		"INTAKE_IMAP_USERNAME=intake",
		"INTAKE_IMAP_PASSWORD=pw",
		"INTAKE_SMTP_ADDRESS=127.0.0.1:1025",
		"INTAKE_SMTP_SECURITY=none",
		"INTAKE_SMTP_FROM=intake@provider.example",
		"INTAKE_ROUTING_DPO=dpo@dpo.example",
		"INTAKE_ROUTING_ENQUIRY_CC=enquiries@dpo.example",
		"PATH=/usr/bin",
	)
	if c.IMAP.Address != "127.0.0.1:1143" || c.Database.URL != DefaultDatabaseURL {
		t.Errorf("got %+v", c)
	}
}

func TestLoadWithoutAnythingNamesRequiredKeys(t *testing.T) {
	_, err := Load("", nil)
	got := strings.Join(problemsOf(t, err), "\n")
	for _, key := range []string{"organisation.name", "imap.address", "imap.username", "imap.password",
		"smtp.address", "smtp.from", "routing.dpo", "routing.enquiry_cc"} {
		if !strings.Contains(got, key+": ") {
			t.Errorf("missing a problem for %s in:\n%s", key, got)
		}
	}
}

func TestEnvOverrides(t *testing.T) {
	tests := []struct {
		name  string
		env   []string
		check func(*Config) bool
	}{
		{"string wins over file", []string{"INTAKE_IMAP_MAILBOX=Requests"},
			func(c *Config) bool { return c.IMAP.Mailbox == "Requests" }},
		{"empty value still overrides", []string{"INTAKE_IMAP_SENT_MAILBOX="},
			func(c *Config) bool { return c.IMAP.SentMailbox == "" }},
		{"later entry wins", []string{"INTAKE_IMAP_MAILBOX=A", "INTAKE_IMAP_MAILBOX=B"},
			func(c *Config) bool { return c.IMAP.Mailbox == "B" }},
		{"list is comma separated and trimmed", []string{"INTAKE_ROUTING_ENQUIRY_CC= a@dpo.example ,b@dpo.example,,"},
			func(c *Config) bool {
				return slices.Equal(c.Routing.EnquiryCC, []string{"a@dpo.example", "b@dpo.example"})
			}},
		{"duration", []string{"INTAKE_IMAP_POLL_INTERVAL=90s"},
			func(c *Config) bool { return c.IMAP.PollInterval.Duration == 90*time.Second }},
		{"int64", []string{"INTAKE_IMAP_MAX_MESSAGE_BYTES=2048"},
			func(c *Config) bool { return c.IMAP.MaxMessageBytes == 2048 }},
		{"int", []string{"INTAKE_QUEUE_WORKERS=9"},
			func(c *Config) bool { return c.Queue.Workers == 9 }},
		{"float", []string{"INTAKE_CLASSIFIER_THRESHOLD=0.65"},
			func(c *Config) bool { return c.Classifier.Threshold == 0.65 }},
		{"password from environment", []string{"INTAKE_SMTP_USERNAME=u", "INTAKE_SMTP_PASSWORD=s3cret"},
			func(c *Config) bool { return c.SMTP.Password == "s3cret" }},
		{"unrelated INTAKE_ variables are ignored", []string{"INTAKE_TEST_POSTGRES=postgres://x", "INTAKE_REQUIRE_POSTGRES=1"},
			func(c *Config) bool { return c.IMAP.Mailbox == "INBOX" }},
		{"smtp.from change moves the default mail domain", []string{"INTAKE_SMTP_FROM=intake@other.example"},
			func(c *Config) bool { return c.Organisation.MailDomain == "other.example" }},
		{"web.listen change moves the default base_url", []string{"INTAKE_WEB_LISTEN=0.0.0.0:9000"},
			func(c *Config) bool { return c.Web.BaseURL == "http://127.0.0.1:9000" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, "testdata/minimal.toml", tt.env...)
			if !tt.check(c) {
				t.Errorf("env %q not applied: %+v", tt.env, c)
			}
		})
	}
}

func TestEnvBadValues(t *testing.T) {
	tests := []struct {
		name, env, want string
	}{
		{"duration", "INTAKE_IMAP_POLL_INTERVAL=60", "imap.poll_interval (from INTAKE_IMAP_POLL_INTERVAL): \"60\" is not a duration"},
		{"int", "INTAKE_QUEUE_WORKERS=four", "queue.workers (from INTAKE_QUEUE_WORKERS): \"four\" is not a whole number"},
		{"int64", "INTAKE_IMAP_MAX_MESSAGE_BYTES=50MB", "imap.max_message_bytes (from INTAKE_IMAP_MAX_MESSAGE_BYTES)"},
		{"float", "INTAKE_CLASSIFIER_THRESHOLD=high", "classifier.threshold (from INTAKE_CLASSIFIER_THRESHOLD)"},
		{"misspelt key", "INTAKE_IMAP_PASWORD=x", "INTAKE_IMAP_PASWORD: not a configuration key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("testdata/minimal.toml", []string{tt.env})
			got := problemsOf(t, err)
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("problems = %q, want one starting %q", got, tt.want)
			}
		})
	}
}

func TestUnknownKeysAreNamed(t *testing.T) {
	path := writeFile(t, "c.toml", `
[organisation]
name = "x"
colour = "blue"
[imap]
pasword = "x"
[imap.nested]
a = 1
b = 2
[weird]
c = 3
`)
	_, err := Load(path, nil)
	got := problemsOf(t, err)
	for _, want := range []string{"organisation.colour: unknown key", "imap.pasword: unknown key",
		"imap.nested: unknown key", "weird: unknown key"} {
		if !slices.Contains(got, want) {
			t.Errorf("missing %q in %q", want, got)
		}
	}
	for _, p := range got {
		if strings.HasPrefix(p, "imap.nested.") || strings.HasPrefix(p, "weird.") {
			t.Errorf("key inside an unknown table reported again: %q", p)
		}
	}
}

func TestPasswordFile(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"one trailing newline dropped", "s3cret\n", "s3cret"},
		{"CRLF dropped", "s3cret\r\n", "s3cret"},
		{"only one newline dropped", "s3cret\n\n", "s3cret\n"},
		{"no newline", "s3cret", "s3cret"},
		{"spaces kept", " s3cret ", " s3cret "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			secret := writeFile(t, "imap", tt.content)
			c := mustLoad(t, "testdata/minimal.toml", "INTAKE_IMAP_PASSWORD=", "INTAKE_IMAP_PASSWORD_FILE="+secret)
			if c.IMAP.Password != tt.want {
				t.Errorf("password = %q, want %q", c.IMAP.Password, tt.want)
			}
			if c.IMAP.PasswordFile != secret {
				t.Errorf("password_file lost: %q", c.IMAP.PasswordFile)
			}
		})
	}
}

func TestPasswordFileProblems(t *testing.T) {
	empty := writeFile(t, "empty", "\n")
	smtpSecret := writeFile(t, "smtp", "smtp-secret-9\n")
	tests := []struct {
		name string
		env  []string
		want string
	}{
		{"unreadable names the key", []string{"INTAKE_IMAP_PASSWORD=", "INTAKE_IMAP_PASSWORD_FILE=/nonexistent/imap"},
			"imap.password_file: open /nonexistent/imap: no such file or directory"},
		{"empty file", []string{"INTAKE_IMAP_PASSWORD=", "INTAKE_IMAP_PASSWORD_FILE=" + empty},
			"imap.password_file: " + empty + " is empty"},
		{"both set", []string{"INTAKE_IMAP_PASSWORD_FILE=" + smtpSecret},
			"imap.password: and imap.password_file are both set; set only one"},
		{"smtp both set", []string{"INTAKE_SMTP_USERNAME=u", "INTAKE_SMTP_PASSWORD=p", "INTAKE_SMTP_PASSWORD_FILE=" + smtpSecret},
			"smtp.password: and smtp.password_file are both set; set only one"},
		{"smtp file without username", []string{"INTAKE_SMTP_PASSWORD_FILE=" + smtpSecret},
			"smtp.username: is required when a password is set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load("testdata/minimal.toml", tt.env)
			got := problemsOf(t, err)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("problems = %q, want [%q]", got, tt.want)
			}
			if strings.Contains(err.Error(), "smtp-secret-9") || strings.Contains(err.Error(), "imap-secret-1") {
				t.Errorf("error shows a secret: %v", err)
			}
		})
	}
}

func TestBadConfigReportsEveryProblem(t *testing.T) {
	_, err := Load("testdata/bad.toml", nil)
	got := problemsOf(t, err)
	want := []string{
		`organisation.colour: unknown key`,
		`extra: unknown key`,
		`organisation.name: is required`,
		`organisation.calendar: "wales" is not one of england-and-wales, scotland, northern-ireland`,
		`organisation.extra_holidays[0]: "2026-13-01" is not a date in the form YYYY-MM-DD`,
		`organisation.extra_holidays[1]: "05/06/2026" is not a date`,
		`database.url: scheme "mysql" is not one of sqlite, postgres, postgresql`,
		`imap.address: "imap.provider.example" is not host:port`,
		`imap.security: "ssl" is not one of tls, starttls, none`,
		`imap.username: is required`,
		`imap.password: and imap.password_file are both set; set only one`,
		`imap.poll_interval: 10ms is shorter than 1s`,
		`imap.start: "everything" is not one of new, unseen, all`,
		`smtp.security: "none" is only allowed for a loopback host, not smtp.provider.example`,
		`smtp.from: "not an address" is not an email address`,
		`routing.dpo: "dpo" is not an email address`,
		`routing.enquiry_cc: needs at least one address`,
		`routing.staff[1]: "@@" is not an email address`,
		`web.listen: "8080" is not host:port`,
		`web.base_url: "ftp://example.org" is not an absolute http:// or https:// URL`,
		`classifier.threshold: 1.5 is not in (0, 1]`,
		`queue.workers: 0 is not between 1 and 64`,
		`queue.rescue_after: 10s must be longer than smtp.timeout (30s)`,
		`log.level: "verbose" is not one of debug, info, warn, error`,
		`log.format: "xml" is not one of text, json`,
	}
	for _, w := range want {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, w) }) {
			t.Errorf("missing problem %q", w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n"))
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "config: testdata/bad.toml:\n") || strings.Count(msg, "\n") != len(want) {
		t.Errorf("error text not one problem per line:\n%s", msg)
	}
	if strings.Contains(msg, "hunter2") || strings.Contains(msg, "imap-secret-1") {
		t.Errorf("error shows a secret:\n%s", msg)
	}
}

func TestOddButLegalFile(t *testing.T) {
	c := mustLoad(t, "testdata/odd.toml")
	if c.Organisation.Name != "Café “Families” & Co" {
		t.Errorf("name = %q", c.Organisation.Name)
	}
	if c.IMAP.Password != "multi\r\nline" {
		t.Errorf("multi-line password = %q", c.IMAP.Password)
	}
	if name, addr := c.FromAddress(); name != "Café, Families" || addr != "intake@provider.example" {
		t.Errorf("FromAddress() = %q, %q", name, addr)
	}
	if c.IMAP.PollInterval.Duration != 90*time.Second || c.IMAP.MaxMessageBytes != 1_000_000 ||
		c.Classifier.Threshold != 1 || len(c.Organisation.ExtraHolidays) != 2 || c.Organisation.Calendar != "scotland" {
		t.Errorf("odd file read as %+v", c)
	}
	if !slices.Equal(c.Routing.DPOSenders, []string{"data.protection@dpo.example"}) {
		t.Errorf("dpo_senders default = %q, want the bare dpo address", c.Routing.DPOSenders)
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, content string
		want          string
		hidden        string
	}{
		{"syntax error", "[imap]\nmailbox = INBOX\n", "line 2", ""},
		{"wrong type names the key", "[queue]\nworkers = \"four\"\n", `"queue.workers"`, ""},
		{"duration as a number", "[imap]\npoll_interval = 60\n", "imap.poll_interval", ""},
		{"heartbeat as a number", "[imap]\nheartbeat = 25\n", "imap.heartbeat", ""},
		{"unquoted password is not echoed", "[imap]\npassword = swordfish\n", "line 2", "swordfish"},
		{"unquoted dotted password is not echoed", "imap.password = swordfish x\n", "line 1", "swordfish"},
		{"unquoted database url is not echoed", "[database]\nurl = postgres\n", "line 2", "postgres"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(writeFile(t, "c.toml", tt.content), nil)
			if err == nil {
				t.Fatal("Load accepted a broken file")
			}
			if !strings.HasPrefix(err.Error(), "config: ") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if tt.hidden != "" && strings.Contains(err.Error(), tt.hidden) {
				t.Errorf("error shows the secret: %q", err)
			}
		})
	}
	if _, err := Load("testdata/does-not-exist.toml", nil); err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestEnvNameMatchesEveryKey(t *testing.T) {
	fs := fields(Default())
	keys := Keys()
	if len(keys) != len(fs) || len(keys) < 55 {
		t.Fatalf("%d keys, %d fields", len(keys), len(fs))
	}
	for i, f := range fs {
		if EnvName(keys[i]) != f.env {
			t.Errorf("EnvName(%s) = %s, want %s", keys[i], EnvName(keys[i]), f.env)
		}
	}
	if EnvName("routing.enquiry_cc") != "INTAKE_ROUTING_ENQUIRY_CC" {
		t.Errorf("EnvName(routing.enquiry_cc) = %s", EnvName("routing.enquiry_cc"))
	}
}
