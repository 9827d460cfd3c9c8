package daemon

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"example.org/intake/config"
	"example.org/intake/mailbox"
	"example.org/intake/oauth"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
	"example.org/intake/templates"
)

// WatchdogOptions configures a Watchdog.
type WatchdogOptions struct {
	Config *config.Config
	Store  *store.Store
	// Sender probes SMTP and sends the alarms.
	Sender *mailbox.Sender
	// Inbox, when set, receives an alarm that cannot be sent (for example
	// because sending is what broke): staff read the shared inbox. Pass
	// mailbox.NewSentFolder(imapDial, cfg.IMAP.Mailbox). intake ignores
	// it there: it comes from intake's own address with Auto-Submitted.
	Inbox interface {
		Append(ctx context.Context, raw []byte) error
	}
	LastSync func() time.Time
	// Reading, when set, tells whether this replica reads the inbox now
	// and since when: a standby does not raise the inbox alarm, and a new
	// reader is given time from when it took over.
	Reading func() (bool, time.Time)
	// WatcherStatus, when set, tells an outage of the database under the
	// watcher (no message is given up on; the inbox waits for it).
	WatcherStatus func() mailbox.Status
	Tokens        *oauth.Source // nil without OAuth2
	// Letters renders the alarm letter (the daemon's one responder).
	Letters *responder.Responder
	// Metrics, when set, is the metric set to serve and count into (the
	// daemon builds it first: ingest counts into it too, and it knows how
	// long the send queue takes to drain); nil builds one.
	Metrics *Metrics
	Logger  *slog.Logger
	Now     func() time.Time
	// CheckEvery is how often conditions are evaluated; default a
	// fifteenth of alarms.after, between one second and one minute.
	CheckEvery time.Duration
	// ProbeEvery is how often SMTP is checked (connect, TLS, login)
	// while nothing is being sent; default five minutes.
	ProbeEvery time.Duration
}

// Watchdog watches intake itself: metrics, readiness, an SMTP probe, and
// alarms to staff when the inbox goes unread, sending fails or a token
// cannot be had.
type Watchdog struct {
	Metrics *Metrics
	Alarms  *Alarms

	o       WatchdogOptions
	started time.Time
	log     *slog.Logger

	mu       sync.Mutex
	smtpErr  error
	probedAt time.Time
}

// NewWatchdog builds the metrics and the alarm conditions.
func NewWatchdog(o WatchdogOptions) *Watchdog {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	after := o.Config.Alarms.After.Duration
	if o.CheckEvery <= 0 {
		o.CheckEvery = min(max(after/15, time.Second), time.Minute)
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = 5 * time.Minute
	}
	w := &Watchdog{o: o, started: o.Now(), log: o.Logger.With("component", "watchdog")}
	w.Metrics = o.Metrics
	if w.Metrics == nil {
		w.Metrics = NewMetrics(MetricsOptions{Store: o.Store, LastSync: o.LastSync, Tokens: o.Tokens, Now: o.Now})
	}
	w.Alarms = NewAlarms(after, w.conditions(), w.notify, w.log)
	if o.Store != nil {
		w.Alarms.Share(o.Store, o.CheckEvery)
	}
	return w
}

func (w *Watchdog) subject() oauth.Subject {
	c := w.o.Config
	_, from := c.FromAddress()
	return oauth.Subject{Provider: c.OAuth2.Provider, Tenant: c.OAuth2.Tenant, ClientID: c.OAuth2.ClientID,
		Mailbox: c.IMAP.Username, SMTPUser: c.SMTP.Username, SMTPFrom: from,
		SecretExpires: c.OAuth2.ClientSecretExpires, TokenHost: hostOf(c.OAuth2.TokenURL), Server: c.SMTP.Address}
}

func (w *Watchdog) conditions() []Condition {
	cfg := w.o.Config
	conds := []Condition{{
		Name: "inbox", Title: "intake has not read the inbox",
		Check: func(now time.Time) (bool, time.Time, string) {
			last := w.o.LastSync()
			if last.IsZero() {
				last = w.started
			}
			if w.o.Reading != nil {
				reading, since := w.o.Reading()
				if !reading {
					return false, time.Time{}, ""
				}
				if since.After(last) {
					last = since
				}
			}
			if now.Sub(last) <= 2*cfg.IMAP.PollInterval.Duration {
				return false, time.Time{}, ""
			}
			detail := "New requests are not being acknowledged or forwarded. intake keeps retrying; its log says why. Run: intake check --config <file>"
			if w.o.Tokens != nil {
				if st := w.o.Tokens.Status(); st.LastError != nil {
					detail += "\nLikely cause: " + oauth.Diagnose(st.LastError, w.subject()).String()
				}
			}
			return true, last, detail
		},
	}, {
		Name: "sending", Title: "intake cannot send mail",
		Check: func(time.Time) (bool, time.Time, string) {
			since, err := w.Metrics.SendingFailingSince()
			if since.IsZero() {
				return false, time.Time{}, ""
			}
			s := w.subject()
			s.Server = cfg.SMTP.Address
			return true, since, "Holding replies and forwards wait in the outbox and go out once sending works.\nCause: " + oauth.Diagnose(err, s).String()
		},
	}}
	if w.o.WatcherStatus != nil {
		conds = append(conds, Condition{
			Name: "store", Title: "intake cannot store incoming mail",
			Check: func(time.Time) (bool, time.Time, string) {
				st := w.o.WatcherStatus()
				if w.o.Reading != nil {
					if reading, _ := w.o.Reading(); !reading {
						return false, time.Time{}, "" // a standby stores no mail
					}
				}
				if st.OutageSince.IsZero() {
					return false, time.Time{}, ""
				}
				return true, st.OutageSince, "The database refuses to store new mail (unreachable, full or locked). intake keeps retrying " +
					"and gives up on no message; requests wait in the inbox until it works.\nLast error: " + st.Outage
			},
		})
	}
	if w.o.Tokens != nil {
		conds = append(conds, Condition{
			Name: "token", Title: "intake cannot get an OAuth2 token",
			Check: func(time.Time) (bool, time.Time, string) {
				st := w.o.Tokens.Status()
				if st.LastError == nil {
					return false, time.Time{}, ""
				}
				return true, st.FailingSince, oauth.Diagnose(st.LastError, w.subject()).String()
			},
		})
		conds = append(conds, Condition{
			Name: "secret", Title: "the OAuth2 client secret expires soon", Immediate: true,
			Check: func(now time.Time) (bool, time.Time, string) {
				for _, warn := range cfg.Warnings(now) {
					if strings.HasPrefix(warn, "oauth2.client_secret_expires") {
						return true, now, warn
					}
				}
				return false, time.Time{}, ""
			},
		})
	}
	return conds
}

// notify mails staff, or files the message in the watched inbox when it
// cannot be sent.
func (w *Watchdog) notify(ctx context.Context, subject, body string) error {
	cfg := w.o.Config
	raw, err := w.alarmMessage(subject, body)
	if err != nil {
		return err
	}
	_, from := cfg.FromAddress()
	var sendErr error
	if len(cfg.Routing.Staff) > 0 && w.o.Sender != nil {
		sctx, cancel := context.WithTimeout(ctx, cfg.SMTP.Timeout.Duration)
		sendErr = w.o.Sender.Send(sctx, from, cfg.Routing.Staff, raw)
		cancel()
		if sendErr == nil {
			return nil
		}
	} else {
		sendErr = errors.New("no routing.staff to send to")
	}
	if w.o.Inbox == nil {
		return sendErr
	}
	if err := w.o.Inbox.Append(ctx, raw); err != nil {
		return errors.Join(sendErr, err)
	}
	w.log.Warn("alarm filed in the inbox instead of sent", "error", sendErr)
	return nil
}

// alarmMessage renders the alarm letter from intake to staff. Its subject
// and body are intake's own words: no personal data.
func (w *Watchdog) alarmMessage(subject, body string) ([]byte, error) {
	if w.o.Letters == nil {
		return nil, errors.New("daemon: the watchdog has no letters to write an alarm with")
	}
	id := make([]byte, 12)
	rand.Read(id)
	msgID := "alarm." + hex.EncodeToString(id) + "@" + w.o.Config.Organisation.MailDomain
	to := w.o.Config.Routing.Staff
	if len(to) == 0 {
		// Nobody to send to: the letter is filed in the watched inbox,
		// addressed to intake itself.
		_, from := w.o.Config.FromAddress()
		to = []string{from}
	}
	ob, err := w.o.Letters.StaffMail(responder.LetterAlarm, "", to,
		templates.AlarmLetter{Subject: subject, Body: body}, "", msgID, w.o.Now())
	if err != nil {
		return nil, fmt.Errorf("daemon: alarm: %w", err)
	}
	return ob.Raw, nil
}

// Run probes SMTP and evaluates the alarms until ctx is done.
func (w *Watchdog) Run(ctx context.Context) {
	check := time.NewTicker(w.o.CheckEvery)
	defer check.Stop()
	w.probe(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case <-check.C:
			now := w.o.Now()
			w.mu.Lock()
			due := now.Sub(w.probedAt) >= w.o.ProbeEvery
			w.mu.Unlock()
			if due {
				w.probe(ctx)
			}
			w.Alarms.Evaluate(ctx, now)
		}
	}
}

func (w *Watchdog) probe(ctx context.Context) {
	if w.o.Sender == nil {
		return
	}
	err := w.o.Sender.Check(ctx)
	if ctx.Err() != nil {
		return
	}
	w.Metrics.probeResult(err)
	w.mu.Lock()
	w.smtpErr, w.probedAt = err, w.o.Now()
	w.mu.Unlock()
	if err != nil {
		w.log.Warn("smtp check failed", "error", err)
	}
}

func (w *Watchdog) smtpStatus() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.smtpErr
}

// Handler serves /healthz and /readyz, and passes every other request to
// next (nil: 404). /metrics is MetricsHandler's, on a listener of its own.
func (w *Watchdog) Handler(next http.Handler) http.Handler {
	mux := http.NewServeMux()
	mountHealth(mux, readiness{store: w.o.Store, lastSync: w.o.LastSync, reading: w.o.Reading, poll: w.o.Config.IMAP.PollInterval.Duration,
		smtp: w.smtpStatus, watcher: w.o.WatcherStatus, now: w.o.Now})
	if next != nil {
		mux.Handle("/", next)
	}
	return mux
}

// Transport counts every send for the metrics and the "sending" alarm.
func (w *Watchdog) Transport(t outbox.Transport) outbox.Transport {
	return w.Metrics.Transport(t)
}

func hostOf(rawURL string) string {
	rest, ok := strings.CutPrefix(rawURL, "https://")
	if !ok {
		rest, _ = strings.CutPrefix(rawURL, "http://")
	}
	host, _, _ := strings.Cut(rest, "/")
	return host
}
