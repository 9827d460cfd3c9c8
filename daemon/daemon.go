// Package daemon owns the running intake process: it builds every part from
// a validated configuration (store, queue, IMAP watcher, SMTP sender, web
// listener), starts them, and shuts them down in two phases: first stop
// taking new work, then cancel what is still running.
package daemon

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/casework"
	"example.org/intake/chaser"
	"example.org/intake/classifier"
	"example.org/intake/config"
	"example.org/intake/ingest"
	"example.org/intake/lease"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// Options are the parts of a run that are not configuration.
type Options struct {
	Logger *slog.Logger
	// TLSConfig, when set, is used for IMAP and SMTP (tests trust their own
	// certificates with it).
	TLSConfig *tls.Config
	// QueueTestOnly starts River without its staggered maintenance start.
	QueueTestOnly bool
	// JobTimeout overrides the send job timeout (tests of crash recovery
	// shorten it together with queue.rescue_after).
	JobTimeout time.Duration
	// Ready, when set, is closed once everything is running.
	Ready chan<- struct{}
	// Now replaces the clock (tests).
	Now func() time.Time
	// WrapHandler, when set, wraps what the watcher hands messages to
	// (tests put faults between the two).
	WrapHandler func(mailbox.Handler) mailbox.Handler
}

// Daemon is one running intake.
type Daemon struct {
	cfg      *config.Config
	opts     Options
	log      *slog.Logger
	Store    *store.Store
	Queue    *queue.Queue
	Ingester *ingest.Ingester
	Cases    *casework.Service
	Watcher  *mailbox.Watcher
	Watchdog *Watchdog
	sweeper  *outbox.Sweeper
	sender   *outbox.Worker
	Chaser   *chaser.Chaser
	// Reader is the inbox lease: the watcher runs only while this process
	// holds it (always on SQLite; on PostgreSQL one replica at a time).
	Reader *lease.Lease

	// closers end the mail sessions kept open between letters.
	closers []func() error

	lastSync atomic.Int64 // unix nanoseconds of the last successful IMAP sync
	webAddr  atomic.Value // net.Addr of the web listener once listening
	metrics  atomic.Value // net.Addr of the metrics listener once listening
}

// WebAddr returns the address the web listener is bound to ("" before it
// listens): with web.listen port 0 the system picked it.
func (d *Daemon) WebAddr() string {
	if a, ok := d.webAddr.Load().(net.Addr); ok {
		return a.String()
	}
	return ""
}

// New builds a daemon from cfg: it opens and migrates the database and
// loads the templates, so configuration mistakes show before anything runs.
func New(ctx context.Context, cfg *config.Config, opts Options) (*Daemon, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	d := &Daemon{cfg: cfg, opts: opts, log: opts.Logger}
	st, err := store.OpenURL(ctx, cfg.Database.URL)
	if err != nil {
		return nil, err
	}
	d.Store = st
	if err := st.ClaimDaemon(); err != nil {
		st.Close()
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	if err := d.build(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return d, nil
}

// build is the one composition of the parts: the configuration is parsed
// once (letters, calendar, holidays, reference patterns), then every part
// is built after what it needs. River's client comes first with an empty
// bundle of workers; the case service, the chaser and the send worker are
// built over it, and their workers join the bundle before the queue starts
// (River reads the bundle when it starts, not when it is built).
func (d *Daemon) build(ctx context.Context) error {
	cfg := d.cfg
	_, fromAddr := cfg.FromAddress()
	rt, err := casework.ParseConfig(cfg)
	if err != nil {
		return fmt.Errorf("daemon: %w", err)
	}
	if err := rt.Responder.CheckChaseLetters(); err != nil {
		return fmt.Errorf("daemon: %w", err)
	}
	if err := rt.Responder.CheckCaseLetters(); err != nil {
		return fmt.Errorf("daemon: %w", err)
	}
	policy, err := chaser.PolicyFromConfig(cfg.Chasing, rt.Calendar, rt.Holidays)
	if err != nil {
		return err
	}

	auth, err := NewMailAuth(cfg, d.Store, d.opts.Now)
	if err != nil {
		return err
	}
	imapDial := mailbox.DialOptions{
		TokenSource: auth.IMAP, ReauthBefore: auth.ReauthBefore,
		Address: cfg.IMAP.Address, Security: mailbox.Security(cfg.IMAP.Security),
		Username: cfg.IMAP.Username, Password: cfg.IMAP.Password, TLSConfig: d.opts.TLSConfig,
		CommandTimeout: cfg.IMAP.CommandTimeout.Duration,
	}
	sender := mailbox.NewSender(mailbox.SMTPOptions{
		TokenSource: auth.SMTP,
		Address:     cfg.SMTP.Address, Security: mailbox.Security(cfg.SMTP.Security),
		Username: cfg.SMTP.Username, Password: cfg.SMTP.Password, TLSConfig: d.opts.TLSConfig,
		Timeout: cfg.SMTP.Timeout.Duration, HeloName: cfg.Organisation.MailDomain,
		MaxConnections: cfg.SMTP.MaxConnections,
	})
	d.closers = append(d.closers, sender.Close)
	d.Reader = lease.New(lease.Options{Store: d.Store, Name: "inbox:" + cfg.IMAP.Mailbox,
		Logger: d.log, Now: d.opts.Now})
	metrics := NewMetrics(MetricsOptions{Store: d.Store, LastSync: d.LastSync, Tokens: auth.Source, Now: d.opts.Now, Drain: d.drain})

	workers := river.NewWorkers()
	q, err := queue.New(d.Store, workers, queue.Options{
		Workers: cfg.Queue.Workers, MaxAttempts: cfg.Queue.RetryMax,
		RescueAfter: cfg.Queue.RescueAfter.Duration, JobTimeout: d.opts.JobTimeout,
		Logger: d.log, TestOnly: d.opts.QueueTestOnly,
		OnReplicas: func(n int) {
			// The mailbox's connections are shared by the replicas.
			if limit := cfg.SMTP.MaxConnections; limit > 0 {
				sender.SetMaxConnections(max(1, limit/n))
				d.log.Info("replicas share the SMTP connections", "replicas", n, "connections", max(1, limit/n))
			}
		},
	})
	if err != nil {
		return err
	}
	d.Queue = q
	cases, err := casework.FromConfig(ctx, cfg, rt, d.Store, q, d.log.With("component", "casework"))
	if err != nil {
		return err
	}
	d.Cases = cases
	if d.opts.Now != nil {
		cases.SetClock(d.opts.Now)
	}

	routing := append([]string{cfg.Routing.DPO}, cfg.Routing.EnquiryCC...)
	routing = append(routing, cfg.Routing.Staff...)
	g, err := ingest.New(ctx, ingest.Options{
		Store: d.Store, Cases: cases, DPOPatterns: rt.DPOPatterns,
		Classifier: classifier.Options{
			OwnAddresses:  []string{fromAddr, cfg.IMAP.Username},
			DPOSenders:    cfg.Routing.DPOSenders,
			FormSenders:   cfg.Routing.FormSenders,
			DPOAuthservID: cfg.DPO.AuthservID,
			Threshold:     cfg.Classifier.Threshold,
		},
		RoutingAddrs: routing, Observer: metrics, Logger: d.log.With("component", "ingest"), Now: d.opts.Now,
	})
	if err != nil {
		return err
	}
	d.Ingester = g
	var h mailbox.Handler = g
	if d.opts.WrapHandler != nil {
		h = d.opts.WrapHandler(g)
	}
	d.Watcher = mailbox.NewWatcher(mailbox.WatcherOptions{
		Dial: imapDial, Mailbox: cfg.IMAP.Mailbox, ProcessedMailbox: cfg.IMAP.ProcessedMailbox,
		Keyword: cfg.IMAP.Keyword, PollInterval: cfg.IMAP.PollInterval.Duration, Start: cfg.IMAP.Start,
		Heartbeat:       cfg.IMAP.Heartbeat.Duration,
		MaxMessageBytes: cfg.IMAP.MaxMessageBytes, Logger: d.log.With("component", "imap"),
		OnSynced: func(t time.Time) { d.lastSync.Store(t.UnixNano()) },
	}, h)
	d.Watchdog = NewWatchdog(WatchdogOptions{Config: cfg, Store: d.Store, Sender: sender, Metrics: metrics, Letters: rt.Responder,
		Inbox: mailbox.NewSentFolder(imapDial, cfg.IMAP.Mailbox), LastSync: d.LastSync, Reading: d.reading,
		Tokens: auth.Source, Logger: d.log, Now: d.opts.Now, WatcherStatus: d.Watcher.Status})

	d.Chaser, err = chaser.New(ctx, chaser.Options{
		Store: d.Store, Responder: rt.Responder, Policy: policy, Staff: cfg.Routing.Staff,
		EnvelopeFrom: fromAddr, MailDomain: cfg.Organisation.MailDomain, Queue: q,
		Logger: d.log.With("component", "chaser"), Now: d.opts.Now,
	})
	if err != nil {
		return err
	}
	var sent outbox.SentFolder
	if cfg.IMAP.SentMailbox != "" {
		folder := mailbox.NewSentFolder(imapDial, cfg.IMAP.SentMailbox)
		d.closers = append(d.closers, folder.Close)
		sent = folder
	}
	sendWorker := outbox.NewWorker(outbox.Options{
		Store: d.Store, Transport: d.Watchdog.Transport(sender), Sent: sent, IsTemporary: mailbox.IsTemporary, IsThrottled: mailbox.IsThrottled,
		AfterSent: cases.AfterSent, GaveUp: cases.GaveUp,
		RetryBudget: cfg.SMTP.RetryBudget.Duration, Alert: d.Watchdog.notify,
		Limits: outbox.Limits{PerMinute: cfg.SMTP.MaxPerMinute, PerDay: cfg.SMTP.MaxPerDay,
			RecipientsPerDay: cfg.SMTP.MaxRecipientsPerDay},
		Logger: d.log.With("component", "outbox"), Now: d.opts.Now,
		Expand: d.expandOriginal,
	})
	river.AddWorker(workers, chaser.NewWorker(d.Chaser))
	river.AddWorker(workers, &casework.ReduceWorker{Service: cases})
	river.AddWorker(workers, sendWorker)
	d.sender = sendWorker
	d.sweeper = sendWorker.NewSweeper(q.Client(), outbox.SweepOptions{})
	q.Client().PeriodicJobs().Add(chaser.PeriodicJob(cfg.Chasing.SweepInterval.Duration))
	q.Client().PeriodicJobs().Add(casework.ReducePeriodicJob(time.Hour))
	return nil
}

// reading tells whether this process reads the inbox now, and since when.
func (d *Daemon) reading() (bool, time.Time) {
	st := d.Reader.Status()
	return st.Held, st.Since
}

// LastSync returns when the inbox was last read successfully (zero if never).
func (d *Daemon) LastSync() time.Time {
	n := d.lastSync.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Run works until ctx is cancelled, then shuts down: the watcher stops
// fetching, the queue stops taking jobs and is given a grace period for
// sends in progress, then everything still running is cancelled.
func (d *Daemon) Run(ctx context.Context, handler http.Handler) error {
	defer d.Store.Close()
	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	if err := d.Queue.Start(workCtx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	watchCtx, stopWatch := context.WithCancel(workCtx)
	defer stopWatch()
	wg.Add(1)
	go func() {
		defer wg.Done()
		// Only the holder of the inbox lease reads the inbox; every
		// replica serves the desk and works the send queue.
		d.Reader.Run(watchCtx, func(ctx context.Context) {
			if err := d.Watcher.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				d.log.Error("mailbox watcher stopped", "error", err)
			}
		})
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.Watchdog.Run(watchCtx)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		d.sweeper.Run(watchCtx)
	}()

	servers, err := d.startHTTP(handler, &wg)
	if err != nil {
		stopWatch()
		wg.Wait()
		_ = d.Queue.Stop(context.Background())
		return err
	}
	d.log.Info("intake running", "mailbox", d.cfg.IMAP.Mailbox)
	if d.opts.Ready != nil {
		close(d.opts.Ready)
	}

	<-ctx.Done()
	d.log.Info("shutting down")
	// Phase one: stop taking work. The watcher finishes the message it is
	// committing (its transaction is atomic either way) and the web server
	// finishes requests in flight.
	stopWatch()
	shutdownHTTP(servers)
	// Phase two: give sends in progress a grace period, then cancel them.
	// A cancelled send stays queued and is retried after restart.
	qctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	err = d.Queue.Stop(qctx)
	cancel()
	cancelWork()
	wg.Wait()
	// The sessions kept open for the next letter say goodbye.
	for _, c := range d.closers {
		_ = c()
	}
	return err
}

// expandOriginal puts a DPO forward's deferred original in at send time,
// from the stored inbound message of its case.
func (d *Daemon) expandOriginal(ctx context.Context, ob *store.Outbound) ([]byte, error) {
	return responder.ExpandOriginal(ob.Raw, func(sha string, use func([]byte) error) error {
		if !ob.CaseID.Valid {
			return errors.New("daemon: a deferred original on mail without a case")
		}
		return d.Store.WithInboundRaw(ctx, ob.CaseID.Int64, sha, use)
	})
}

// SendPacer is what paces this process's sending (nil before build).
func (d *Daemon) SendPacer() *outbox.Pacer {
	if d.sender == nil {
		return nil
	}
	return d.sender.Pacer()
}

// drain estimates how long n queued letters take at the pace allowed
// now (nothing before the send worker is built).
func (d *Daemon) drain(ctx context.Context, n int) (outbox.Drain, error) {
	if d.sender == nil {
		return outbox.Drain{Queued: n}, nil
	}
	return d.sender.Pacer().Drain(ctx, n)
}
