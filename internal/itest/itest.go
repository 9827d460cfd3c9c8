// Package itest holds the helpers end-to-end tests share: a devmail server
// with the mailboxes of a provider, a DPO and an enquiry inbox, a
// configuration pointing intake at them, and a running daemon.
package itest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/testpg"
	"example.org/intake/store"
)

// Addresses of the test world.
const (
	Password = "secret"
	Intake   = "intake@provider.example"
	DPO      = "data.protection@dpo.example"
	Enquiry1 = "enquiries@dpo.example"
	Enquiry2 = "rpc.enquiries@dpo.example"
	Staff    = "casework@provider.example"
)

// Databases returns the database URLs a test should run against, by name:
// a fresh SQLite file and, when PostgreSQL is available (see testpg), a
// fresh PostgreSQL database.
func Databases(t *testing.T) map[string]func(t *testing.T) string {
	return map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return "sqlite://" + filepath.Join(t.TempDir(), "intake.db") },
		"postgres": func(t *testing.T) string { return testpg.FreshDatabase(t) },
	}
}

// EachDB runs fn once per database kind as a subtest.
func EachDB(t *testing.T, fn func(t *testing.T, dbURL string)) {
	for _, name := range []string{"sqlite", "postgres"} {
		mk := Databases(t)[name]
		t.Run(name, func(t *testing.T) { fn(t, mk(t)) })
	}
}

// Mail starts a devmail server with the test world's accounts.
func Mail(t testing.TB, opts devmail.Options) *devmail.Server {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = Logger(t)
	}
	m, err := devmail.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	for _, a := range []string{Intake, DPO, Enquiry1, Enquiry2, Staff} {
		m.AddUser(a, Password)
	}
	return m
}

// Config points intake at m and dbURL.
func Config(m *devmail.Server, dbURL string) *config.Config {
	cfg := config.Default()
	cfg.Organisation.Name = "Example Family Support"
	cfg.Database.URL = dbURL
	cfg.IMAP.Address = m.IMAPAddr
	cfg.IMAP.Security = config.SecurityNone
	cfg.IMAP.Username = Intake
	cfg.IMAP.Password = Password
	cfg.IMAP.PollInterval = config.Duration{Duration: 2 * time.Second}
	cfg.IMAP.ProcessedMailbox = ""
	cfg.SMTP.Address = m.SMTPAddr
	cfg.SMTP.Security = config.SecurityNone
	cfg.SMTP.Username = Intake
	cfg.SMTP.Password = Password
	cfg.SMTP.From = "Example Family Support <" + Intake + ">"
	cfg.SMTP.Timeout = config.Duration{Duration: 10 * time.Second}
	cfg.Routing.DPO = DPO
	cfg.Routing.EnquiryCC = []string{Enquiry1, Enquiry2}
	cfg.Routing.DPOSenders = []string{"dpo.example"}
	// No staff addresses: the chaser's daily digest to staff would otherwise
	// land in the SMTP log of any test that runs during working hours.
	cfg.Routing.Staff = nil
	cfg.Web.Listen = "127.0.0.1:0"
	cfg.ApplyDefaults()
	return cfg
}

// Running is a daemon started by Start.
type Running struct {
	*daemon.Daemon
	stop func()
	done chan error
}

// Stop shuts the daemon down and waits for it.
func (r *Running) Stop(t testing.TB) {
	t.Helper()
	r.stop()
	if err := <-r.done; err != nil {
		t.Errorf("daemon Run() = %v", err)
	}
}

// Start runs a daemon with cfg until the test ends, and waits for its first
// IMAP sync.
func Start(t testing.TB, cfg *config.Config) *Running {
	t.Helper()
	return StartWith(t, cfg, daemon.Options{})
}

// StartWith is Start with options (Ready and QueueTestOnly are set by it,
// and Logger when nil).
func StartWith(t testing.TB, cfg *config.Config, opts daemon.Options) *Running {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	if opts.Logger == nil {
		opts.Logger = Logger(t)
	}
	opts.Ready, opts.QueueTestOnly = ready, true
	d, err := daemon.New(ctx, cfg, opts)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	r := &Running{Daemon: d, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- d.Run(ctx, nil) }()
	var stopped atomic.Bool
	t.Cleanup(func() {
		if stopped.CompareAndSwap(false, true) {
			cancel()
			<-r.done
		}
	})
	r.stop = func() { stopped.Store(true); cancel() }
	select {
	case <-ready:
	case err := <-r.done:
		t.Fatalf("daemon stopped at start: %v", err)
	}
	Eventually(t, 20*time.Second, "first IMAP sync", func() bool { return !d.LastSync().IsZero() })
	return r
}

// Eventually polls cond until it holds or timeout passes.
func Eventually(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Logger routes logs to the test log (shown with -v or on failure).
func Logger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// Email builds a raw test message with CRLF line ends.
func Email(from, subject, messageID, body string, extraHeaders ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s>\r\n",
		from, Intake, subject, time.Now().UTC().Format(time.RFC1123Z), messageID)
	for _, h := range extraHeaders {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return b.Bytes()
}

// ErasureRequest and AccessRequest are unambiguous requests from addr.
func ErasureRequest(addr, messageID string) []byte {
	return Email(addr, "Please delete my data", messageID,
		"Hello,\n\nI want you to delete all the personal data you hold about me under my right to erasure.\n\nThank you\n")
}

// TriageRequest is mail the classifier cannot settle alone: it names the
// right to erasure in a reply to a newsletter, with no first-person request,
// so it opens an erasure case in triage for a person to decide.
func TriageRequest(from, messageID string) []byte {
	return Email(from, "Re: newsletter", messageID,
		"Erasure of personal data: our newsletter this month covers the right to erasure.\n")
}

func AccessRequest(addr, messageID string) []byte {
	return Email(addr, "Subject access request", messageID,
		"Dear Sir or Madam,\n\nThis is a subject access request. Please send me a copy of all the personal data you hold about me.\n\nRegards\n")
}

// WriteFile writes b to a file in dir and returns its path.
func WriteFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Store opens the database at url, migrates it, and closes it when the
// test ends: one replica's handle on a shared database.
func Store(t testing.TB, url string) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}
