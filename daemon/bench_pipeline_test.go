package daemon_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
)

// BenchmarkPipeline measures how fast intake works through a backlog of
// requests (INTAKE_BENCH_BACKLOG, default 2,000: every one fetched,
// classified, committed, answered with a holding reply, forwarded to the
// DPO and moved to Processed), against a bare client that does only the
// minimum for each (fetch, two sends over one SMTP session, move) on the
// same loopback servers in the same run. It reports both rates and intake's
// share of the bare rate (the target is 25%), on SQLite and PostgreSQL.
// One run per database is the measurement:
//
//	go test -run '^$' -bench Pipeline -benchtime 1x -timeout 30m ./daemon
//
// backlogAndDatabases are the backlog size (INTAKE_BENCH_BACKLOG; 2,000,
// or 200 with -short) and a fresh database of each kind for the pipeline
// benchmarks.
func backlogAndDatabases(b *testing.B) (int, map[string]func() string) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	return envInt(b, "INTAKE_BENCH_BACKLOG", n), map[string]func() string{
		"sqlite":   func() string { return "sqlite://" + filepath.Join(b.TempDir(), "intake.db") },
		"postgres": func() string { return testpg.FreshDatabase(b) },
	}
}

func BenchmarkPipeline(b *testing.B) {
	n, dbs := backlogAndDatabases(b)
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			dbURL := dbs[name]()
			for range b.N {
				m := itest.Mail(b, devmail.Options{Logger: slog.New(slog.DiscardHandler)})
				bare := bareRate(b, m, n)
				in := intakeRate(b, m, dbURL, n)
				b.ReportMetric(in, "intake-req/s")
				b.ReportMetric(bare, "bare-req/s")
				b.ReportMetric(100*in/bare, "ratio-%")
				b.Logf("%s, backlog of %d: intake %.1f requests/s, bare client %.1f requests/s: intake is %.2f%% of the bare rate",
					name, n, in, bare, 100*in/bare)
			}
		})
	}
}

// bareRate delivers n requests to an account of its own and handles them
// the least a client can: fetch, a reply and a forward over one SMTP
// session, move. It returns requests a second.
func bareRate(b *testing.B, m *devmail.Server, n int) float64 {
	const user = "bare@provider.example"
	m.AddUser(user, itest.Password)
	for i := range n {
		if err := m.Deliver(user, itest.ErasureRequest(fmt.Sprintf("bare%05d@example.org", i), fmt.Sprintf("bare-%05d@example.org", i))); err != nil {
			b.Fatal(err)
		}
	}
	t0 := time.Now()
	c, err := imapclient.DialInsecure(m.IMAPAddr, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, itest.Password).Wait(); err != nil {
		b.Fatal(err)
	}
	_ = c.Create("Processed", nil).Wait()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		b.Fatal(err)
	}
	sc, err := smtp.Dial(m.SMTPAddr)
	if err != nil {
		b.Fatal(err)
	}
	defer sc.Close()
	if err := sc.Auth(sasl.NewPlainClient("", user, itest.Password)); err != nil {
		b.Fatal(err)
	}
	reply := []byte("From: " + user + "\r\nSubject: We have your request\r\n\r\nThank you.\r\n")
	for uid := 1; uid <= n; uid++ {
		set := imap.UIDSetNum(imap.UID(uid))
		msgs, err := c.Fetch(set, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{{Peek: true}}}).Collect()
		if err != nil || len(msgs) != 1 {
			b.Fatalf("fetch uid %d: %d messages, %v", uid, len(msgs), err)
		}
		var raw []byte
		for _, body := range msgs[0].BodySection {
			raw = body.Bytes
		}
		if err := sc.SendMail(user, []string{fmt.Sprintf("bare%05d@example.org", uid-1)}, bytes.NewReader(reply)); err != nil {
			b.Fatal(err)
		}
		if err := sc.SendMail(user, []string{itest.DPO}, bytes.NewReader(raw)); err != nil {
			b.Fatal(err)
		}
		if _, err := c.Move(set, "Processed").Wait(); err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(t0).Seconds()
}

// intakeRate lets intake see the inbox once (so that what follows is new
// mail, not a backlog it must leave alone), stops it, delivers n requests,
// and times from its restart until every holding reply and forward has
// been handed to SMTP.
func intakeRate(b *testing.B, m *devmail.Server, dbURL string, n int) float64 {
	cfg := itest.Config(m, dbURL)
	cfg.IMAP.ProcessedMailbox = "Processed"
	cfg.IMAP.PollInterval = config.Duration{Duration: time.Second}
	cfg.Alarms.After = config.Duration{Duration: 3 * time.Hour}
	cfg.Web.Listen = ""
	if w := envInt(b, "INTAKE_BENCH_WORKERS", 0); w > 0 {
		cfg.Queue.Workers = w
	}
	cfg.Log.Level = "warn"
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	run := func() (*daemon.Daemon, func()) {
		ctx, cancel := context.WithCancel(context.Background())
		ready := make(chan struct{})
		d, err := daemon.New(ctx, cfg, daemon.Options{Logger: quiet, QueueTestOnly: true, Ready: ready})
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- d.Run(ctx, nil) }()
		<-ready
		return d, func() {
			cancel()
			if err := <-done; err != nil {
				b.Errorf("daemon Run() = %v", err)
			}
		}
	}
	d, stop := run()
	itest.Eventually(b, 30*time.Second, "first IMAP sync", func() bool { return !d.LastSync().IsZero() })
	stop()
	for i := range n {
		raw := itest.ErasureRequest(fmt.Sprintf("requester%05d@example.org", i), fmt.Sprintf("pipe-%05d@example.org", i))
		if err := m.Deliver(itest.Intake, raw); err != nil {
			b.Fatal(err)
		}
	}
	// The end is read from the SMTP server's log, not the database, so
	// that watching does not compete with intake for its connections.
	_, before := m.SMTPRecipients(math.MaxInt)
	t0 := time.Now()
	_, stop = run()
	defer stop()
	for {
		if _, total := m.SMTPRecipients(math.MaxInt); total-before >= 2*n {
			break
		}
		if time.Since(t0) > 20*time.Minute {
			b.Fatalf("not every holding reply and forward sent after 20 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return float64(n) / time.Since(t0).Seconds()
}

// BenchmarkIngest measures the ingest alone: a backlog of requests
// (INTAKE_BENCH_BACKLOG, default 2,000) fetched, classified and committed
// with their cases, letters and jobs, the sends deferred (no queue worker
// runs). It reports messages a second (the target is 1,000), on SQLite
// and PostgreSQL:
//
//	go test -run '^$' -bench Ingest -benchtime 1x ./daemon
func BenchmarkIngest(b *testing.B) {
	n, dbs := backlogAndDatabases(b)
	for _, name := range []string{"sqlite", "postgres"} {
		b.Run(name, func(b *testing.B) {
			for range b.N {
				m := itest.Mail(b, devmail.Options{Logger: slog.New(slog.DiscardHandler)})
				rate := ingestRate(b, m, dbs[name](), n)
				b.ReportMetric(rate, "msgs/s")
				b.Logf("%s, backlog of %d: ingest alone %.0f messages/s", name, n, rate)
			}
		})
	}
}

// ingestRate lets a daemon see the empty inbox once, delivers n requests,
// and times its watcher alone (no send workers) until the checkpoint has
// passed all of them.
func ingestRate(b *testing.B, m *devmail.Server, dbURL string, n int) float64 {
	cfg := itest.Config(m, dbURL)
	cfg.IMAP.ProcessedMailbox = "Processed"
	cfg.IMAP.PollInterval = config.Duration{Duration: time.Second}
	cfg.Alarms.After = config.Duration{Duration: 3 * time.Hour}
	cfg.Web.Listen = ""
	cfg.Log.Level = "warn"
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx := context.Background()
	watch := func() (*daemon.Daemon, func()) {
		d, err := daemon.New(ctx, cfg, daemon.Options{Logger: quiet, QueueTestOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		wctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- d.Watcher.Run(wctx) }()
		return d, func() {
			cancel()
			<-done
			d.Store.Close()
		}
	}
	d, stop := watch()
	itest.Eventually(b, 30*time.Second, "first IMAP sync", func() bool {
		_, err := d.Store.Checkpoint(ctx, cfg.IMAP.Mailbox)
		return err == nil
	})
	stop()
	for i := range n {
		raw := itest.ErasureRequest(fmt.Sprintf("requester%05d@example.org", i), fmt.Sprintf("ingest-%05d@example.org", i))
		if err := m.Deliver(itest.Intake, raw); err != nil {
			b.Fatal(err)
		}
	}
	t0 := time.Now()
	d, stop = watch()
	defer stop()
	itest.Eventually(b, 20*time.Minute, "every message committed", func() bool {
		cp, err := d.Store.Checkpoint(ctx, cfg.IMAP.Mailbox)
		return err == nil && cp.LastUID >= uint32(n)
	})
	return float64(n) / time.Since(t0).Seconds()
}
