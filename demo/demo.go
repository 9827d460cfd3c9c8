// Package demo owns `intake demo`: a complete intake in one process with
// nothing installed. It starts in-process IMAP and SMTP servers (devmail)
// whose deliveries land in per-recipient mailboxes, an embedded database in
// a temporary folder, the daemon itself, and then delivers sample emails so
// that a person can watch requests go through.
package demo

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"time"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/participants"
	"example.org/intake/store"
	"example.org/intake/web"
)

//go:embed samples/*.eml samples/register.csv
var samples embed.FS

// The demo's mailboxes. Every one has the password Password.
const (
	Password     = "demo"
	IntakeAddr   = "intake@provider.example"
	DPOAddr      = "data.protection@dpo.example"
	EnquiryAddr  = "enquiries@dpo.example"
	CaseworkAddr = "casework@provider.example"
)

// Options configures a demo run.
type Options struct {
	// Listen is the web address (default 127.0.0.1:8080; ":0" picks a port).
	Listen string
	// Dir holds the database; default a new temporary folder, removed at
	// the end.
	Dir string
	// UntilDone ends the demo once every sample request has been answered
	// and forwarded, instead of running until interrupted.
	UntilDone bool
	Out       io.Writer
	Logger    *slog.Logger
}

// Run runs the demo until ctx is cancelled (or, with UntilDone, until the
// sample requests are through).
func Run(ctx context.Context, opts Options) error {
	if opts.Out == nil {
		opts.Out = os.Stdout
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	opts.Listen = loopbackListen(opts.Listen)
	if opts.Dir == "" {
		dir, err := os.MkdirTemp("", "intake-demo-")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer os.RemoveAll(dir)
		opts.Dir = dir
	}
	mail, err := devmail.Start(devmail.Options{Logger: opts.Logger.With("component", "devmail")})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer mail.Close()
	for _, a := range []string{IntakeAddr, DPOAddr, EnquiryAddr, CaseworkAddr} {
		mail.AddUser(a, Password)
	}

	cfg := Config(mail, opts)
	ready := make(chan struct{})
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	d, err := daemon.New(runCtx, cfg, daemon.Options{Logger: opts.Logger, Ready: ready})
	if err != nil {
		return err
	}
	desk, err := staffDesk(runCtx, cfg, d, opts.Logger)
	if err != nil {
		return err
	}
	if err := importRegister(runCtx, d.Store, cfg); err != nil {
		return err
	}
	desk = playHandler(d.Store, mail, desk)
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx, desk) }()
	select {
	case <-ready:
	case err := <-done:
		return err
	}
	// Mail that is already in the inbox at first start is never answered
	// (start = "new"), so the samples arrive after the first sync.
	if err := waitFor(runCtx, func() bool { return !d.LastSync().IsZero() }); err != nil {
		return err
	}
	n, err := deliverSamples(mail)
	if err != nil {
		return err
	}
	banner(opts.Out, "http://"+d.WebAddr(), mail, n)

	if opts.UntilDone {
		err := waitFor(runCtx, func() bool { return requestsThrough(runCtx, d.Store) })
		if err == nil {
			summary(runCtx, opts.Out, d.Store)
		}
		cancel()
		if rerr := <-done; rerr != nil && err == nil {
			err = rerr
		}
		return err
	}
	return <-done
}

// loopbackListen makes an address without a host (":0", ":8080") listen on
// 127.0.0.1 only: the demo's desk has a known password and must not be
// reachable from other machines.
func loopbackListen(addr string) string {
	if addr == "" {
		return "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(addr)
	if err == nil && host == "" {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}

// importRegister loads the sample participant register, so that the sample
// requesters are found in it and their programme stage drafts the letter.
func importRegister(ctx context.Context, st *store.Store, cfg *config.Config) error {
	f, err := samples.Open("samples/register.csv")
	if err != nil {
		return fmt.Errorf("demo: sample register: %w", err)
	}
	defer f.Close()
	if _, err := participants.Import(ctx, st, f, cfg.Programme, time.Now(), nil); err != nil {
		return fmt.Errorf("demo: sample register: %w", err)
	}
	return nil
}

// Config is the configuration the demo runs with: the devmail servers on
// loopback without TLS, and a SQLite database in opts.Dir.
func Config(mail *devmail.Server, opts Options) *config.Config {
	cfg := config.Default()
	cfg.Organisation.Name = "Example Family Support"
	cfg.Database.URL = "sqlite://" + filepath.Join(opts.Dir, "intake.db")
	cfg.IMAP.Address = mail.IMAPAddr
	cfg.IMAP.Security = config.SecurityNone
	cfg.IMAP.Username = IntakeAddr
	cfg.IMAP.Password = Password
	cfg.IMAP.PollInterval = config.Duration{Duration: 5 * time.Second}
	cfg.IMAP.ProcessedMailbox = "Intake/Processed"
	cfg.SMTP.Address = mail.SMTPAddr
	cfg.SMTP.Security = config.SecurityNone
	cfg.SMTP.Username = IntakeAddr
	cfg.SMTP.Password = Password
	cfg.SMTP.From = "Example Family Support <" + IntakeAddr + ">"
	cfg.Routing.DPO = DPOAddr
	cfg.Routing.EnquiryCC = []string{EnquiryAddr}
	cfg.Routing.DPOSenders = []string{"dpo.example"}
	cfg.Routing.Staff = []string{CaseworkAddr}
	cfg.Web.Listen = opts.Listen
	cfg.Web.BaseURL = ""
	cfg.ApplyDefaults()
	return cfg
}

// The demo's member of staff, an administrator, signs in with these.
const (
	StaffEmail    = "casework@provider.example"
	StaffPassword = "intake-demo-password"
)

// staffDesk builds the staff pages with one ready account.
func staffDesk(ctx context.Context, cfg *config.Config, d *daemon.Daemon, log *slog.Logger) (http.Handler, error) {
	now := time.Now()
	st, err := d.Store.UpsertStaff(ctx, StaffEmail, "Demo Caseworker", store.RoleAdmin, "", now, now)
	if err != nil {
		return nil, fmt.Errorf("demo: staff account: %w", err)
	}
	hash, err := web.HashPassword(StaffPassword)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if err := d.Store.CompleteSetup(ctx, st.ID, "Demo Caseworker", hash); err != nil {
		return nil, fmt.Errorf("demo: staff account: %w", err)
	}
	o := web.ConfigOptions(cfg)
	o.Cases, o.Store, o.Logger, o.Health = d.Cases, d.Store, log.With("component", "web"), d.HealthHandler()
	o.Alarms, o.SendQueue = d.DashboardAlarms, d.DashboardSendQueue
	return web.New(o)
}

func deliverSamples(mail *devmail.Server) (int, error) {
	names, err := fs.Glob(samples, "samples/*.eml")
	if err != nil {
		return 0, fmt.Errorf("demo: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		raw, err := samples.ReadFile(name)
		if err != nil {
			return 0, fmt.Errorf("demo: %w", err)
		}
		if err := mail.Deliver(IntakeAddr, crlf(raw)); err != nil {
			return 0, fmt.Errorf("demo: deliver %s: %w", name, err)
		}
	}
	return len(names), nil
}

// requestsThrough reports whether every case has its holding reply and its
// DPO forward sent.
func requestsThrough(ctx context.Context, st *store.Store) bool {
	cases, err := st.ListCases(ctx, store.StateReceived, store.StateAwaitingDPO)
	if err != nil || len(cases) == 0 {
		return false
	}
	for _, c := range cases {
		if !c.AcknowledgedAt.Valid || !c.ForwardedAt.Valid {
			return false
		}
	}
	return true
}

func waitFor(ctx context.Context, cond func() bool) error {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return errors.Join(errors.New("demo: interrupted"), ctx.Err())
		case <-t.C:
		}
	}
	return nil
}

func crlf(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/20)
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}

func banner(w io.Writer, web string, mail *devmail.Server, n int) {
	fmt.Fprintf(w, `
intake demo is running. %d sample emails were delivered to %s.

  Web:   %s   (sign in as %s, password %q)
  Play:  %s/demo/   (answer as the DPO team or as the requester)
  IMAP:  %s   (no TLS; any mail client)
  SMTP:  %s

  Mailboxes (password %q for all):
    %-28s the provider inbox intake watches (processed mail moves to Intake/Processed)
    %-28s the DPO: receives forwards
    %-28s the enquiry inbox: copied on forwards
    alex.demo@example.org        a requester: receives the holding reply
    sam.example@example.org      a requester: receives the holding reply
  A sample participant register (3 people) is loaded: see Participants in the desk.

Press Ctrl-C to stop; everything is deleted at the end.
`, n, IntakeAddr, web, StaffEmail, StaffPassword, web, mail.IMAPAddr, mail.SMTPAddr, Password,
		IntakeAddr, DPOAddr, EnquiryAddr)
}

func summary(ctx context.Context, w io.Writer, st *store.Store) {
	cases, err := st.ListCases(ctx)
	if err != nil {
		return
	}
	fmt.Fprintln(w, "\nCases:")
	for i := len(cases) - 1; i >= 0; i-- {
		c := cases[i]
		fmt.Fprintf(w, "  %s  %-9s %-13s due %s\n", c.Ref, c.Kind, c.State, c.DueDate)
	}
}
