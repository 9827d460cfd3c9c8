package config

import "time"

// Config is the whole configuration. The toml tags are the contract in
// DESIGN.md; the environment names are derived from them (see env.go).
type Config struct {
	Organisation Organisation `toml:"organisation"`
	Database     Database     `toml:"database"`
	IMAP         IMAP         `toml:"imap"`
	SMTP         SMTP         `toml:"smtp"`
	Routing      Routing      `toml:"routing"`
	Web          Web          `toml:"web"`
	Templates    Templates    `toml:"templates"`
	Classifier   Classifier   `toml:"classifier"`
	Queue        Queue        `toml:"queue"`
	Log          Log          `toml:"log"`
	Chasing      Chasing      `toml:"chasing"`
	OAuth2       OAuth2       `toml:"oauth2"`
	Alarms       Alarms       `toml:"alarms"`
	Programme    Programme    `toml:"programme"`
	DPO          DPO          `toml:"dpo"`
	Retention    Retention    `toml:"retention"`
}

// Organisation describes the provider running intake.
type Organisation struct {
	Name     string `toml:"name"`
	Calendar string `toml:"calendar"`
	// ExtraHolidays are one-off proclaimed bank holidays (YYYY-MM-DD) that a
	// published calendar may not know about yet.
	ExtraHolidays []string `toml:"extra_holidays"`
	// MailDomain is the right-hand side of the Message-IDs intake mints;
	// it defaults to the domain of smtp.from.
	MailDomain string `toml:"mail_domain"`
}

// Database selects the store: sqlite:///path or postgres://...
type Database struct {
	URL string `toml:"url"`
}

// IMAP is the watched mailbox.
type IMAP struct {
	Address          string   `toml:"address"`
	Security         string   `toml:"security"`
	Username         string   `toml:"username"`
	Password         string   `toml:"password"`
	PasswordFile     string   `toml:"password_file"`
	Mailbox          string   `toml:"mailbox"`
	ProcessedMailbox string   `toml:"processed_mailbox"`
	SentMailbox      string   `toml:"sent_mailbox"`
	Keyword          string   `toml:"keyword"`
	PollInterval     Duration `toml:"poll_interval"`
	// CommandTimeout bounds every IMAP command after login: its answer
	// must start, and go on arriving, within it (a FETCH of a known size
	// gets a second more per 64 KiB).
	CommandTimeout Duration `toml:"command_timeout"`
	// Heartbeat is how often a waiting session checks that the server is
	// still there (DONE, NOOP, IDLE again).
	Heartbeat       Duration `toml:"heartbeat"`
	Start           string   `toml:"start"`
	MaxMessageBytes int64    `toml:"max_message_bytes"`
	// Auth is AuthPassword (LOGIN) or AuthOAuth2 (SASL XOAUTH2 with a
	// token from [oauth2], Username as the mailbox).
	Auth string `toml:"auth"`

	// passwordRead is set once Password came from PasswordFile, so that
	// Validate does not report both as set.
	passwordRead bool
}

// SMTP is the submission server intake sends through.
type SMTP struct {
	Address      string   `toml:"address"`
	Security     string   `toml:"security"`
	Username     string   `toml:"username"`
	Password     string   `toml:"password"`
	PasswordFile string   `toml:"password_file"`
	From         string   `toml:"from"`
	Timeout      Duration `toml:"timeout"`
	// RetryBudget is how long a message refused for the time being (4xx,
	// connection failures) is retried before a person is told.
	RetryBudget Duration `toml:"retry_budget"`
	// Auth is AuthPassword or AuthOAuth2, as for IMAP.
	Auth string `toml:"auth"`
	// Provider is the kind of mail service (ProviderMicrosoft,
	// ProviderGoogle, ProviderGeneric) whose sending limits are the
	// defaults of the four keys below; "" works it out from oauth2.provider
	// or the host of Address.
	Provider string `toml:"provider"`
	// MaxPerMinute, MaxPerDay and MaxRecipientsPerDay are the provider's
	// sending limits for the mailbox, which the sender paces to across all
	// its workers and replicas; MaxConnections bounds the SMTP sessions
	// open at once. 0 is no limit; Unset (left out) takes the provider's
	// default (limits.go).
	MaxPerMinute        int `toml:"max_per_minute"`
	MaxPerDay           int `toml:"max_per_day"`
	MaxRecipientsPerDay int `toml:"max_recipients_per_day"`
	MaxConnections      int `toml:"max_connections"`

	passwordRead bool
}

// Routing says who receives what.
type Routing struct {
	DPO        string   `toml:"dpo"`
	EnquiryCC  []string `toml:"enquiry_cc"`
	DPOSenders []string `toml:"dpo_senders"`
	Staff      []string `toml:"staff"`
	// FormSenders are the addresses or domains our own website contact
	// form sends from: their mail relays a person's message (the person's
	// address in Reply-To or the body) and is not automated mail.
	FormSenders []string `toml:"form_senders"`
}

// Web is the staff UI.
type Web struct {
	Listen  string `toml:"listen"`
	BaseURL string `toml:"base_url"`
	// MetricsListen is where /metrics (Prometheus) is served, with
	// /healthz and /readyz; "" serves no metrics. Never on Listen: case
	// counts are for the monitoring network, not for whoever reaches the
	// desk.
	MetricsListen string `toml:"metrics_listen"`
}

// Templates points at a folder of overrides for the embedded letters.
type Templates struct {
	Dir string `toml:"dir"`
}

// Classifier tunes the classifier.
type Classifier struct {
	// Threshold is the confidence at or above which a request is answered
	// automatically; below it the message goes to triage.
	Threshold float64 `toml:"threshold"`
}

// Queue tunes the outbound send jobs.
type Queue struct {
	Workers     int      `toml:"workers"`
	RetryMax    int      `toml:"retry_max"`
	RescueAfter Duration `toml:"rescue_after"`
}

// Log configures the process log.
type Log struct {
	Level  string `toml:"level"`
	Format string `toml:"format"`
}

// DefaultDatabaseURL is used when database.url is empty: a file in the
// working directory, so that intake runs with nothing installed.
const DefaultDatabaseURL = "sqlite://intake.db"

// Default returns the configuration used for every key the file and the
// environment leave out. It is not valid on its own: the mail servers and
// the DPO address have no sensible default.
func Default() *Config {
	return &Config{
		Organisation: Organisation{Calendar: CalendarEnglandAndWales},
		Database:     Database{URL: DefaultDatabaseURL},
		IMAP: IMAP{
			Auth:            AuthPassword,
			Security:        SecurityTLS,
			Mailbox:         "INBOX",
			SentMailbox:     "Sent",
			Keyword:         "$IntakeProcessed",
			PollInterval:    Duration{60 * time.Second},
			CommandTimeout:  Duration{30 * time.Second},
			Heartbeat:       Duration{25 * time.Second},
			Start:           StartNew,
			MaxMessageBytes: 50 << 20,
		},
		SMTP: SMTP{
			Auth:        AuthPassword,
			Security:    SecurityStartTLS,
			Timeout:     Duration{30 * time.Second},
			RetryBudget: Duration{48 * time.Hour},
			// The provider's defaults are filled in by ApplyDefaults.
			MaxPerMinute: Unset, MaxPerDay: Unset, MaxRecipientsPerDay: Unset, MaxConnections: Unset,
		},
		Web:        Web{Listen: "127.0.0.1:8080"},
		Classifier: Classifier{Threshold: 0.8},
		Queue:      Queue{Workers: 4, RetryMax: 20, RescueAfter: Duration{5 * time.Minute}},
		Log:        Log{Level: "info", Format: "text"},
		Chasing:    DefaultChasing(),
		OAuth2:     OAuth2{RefreshBefore: Duration{5 * time.Minute}, Timeout: Duration{30 * time.Second}},
		Alarms:     Alarms{After: Duration{15 * time.Minute}},
		Programme:  DefaultProgramme(),
		Retention:  DefaultRetention(),
	}
}

// Allowed values, exported so that callers switch on names rather than
// repeating string literals.
const (
	SecurityTLS      = "tls"
	SecurityStartTLS = "starttls"
	SecurityNone     = "none"

	StartNew    = "new"
	StartUnseen = "unseen"
	StartAll    = "all"

	CalendarEnglandAndWales = "england-and-wales"
	CalendarScotland        = "scotland"
	CalendarNorthernIreland = "northern-ireland"

	AuthPassword = "password"
	AuthOAuth2   = "oauth2"
)
