package outbox_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/store"
)

// eachDB runs fn on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, dbURL string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, testpg.FreshDatabase(t)) })
}

// alerts records what staff were told.
type alerts struct {
	mu   sync.Mutex
	msgs []string
}

func (a *alerts) alert(_ context.Context, subject, body string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.msgs = append(a.msgs, subject+"\n"+body)
	return nil
}

func (a *alerts) all() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.msgs...)
}

// queued is a world with a running River client, on a database of either
// kind, and an SMTP server whose 451 outage a test switches on and off.
type queued struct {
	st      *store.Store
	mail    *devmail.Server
	worker  *outbox.Worker
	q       *queue.Queue
	caseID  int64
	outage  atomic.Bool
	alerted alerts
	// throttle, when set before start, is asked first at every RCPT TO.
	throttle func() error
}

func newQueued(t *testing.T, dbURL string, opts outbox.Options) *queued {
	t.Helper()
	return newQueuedVia(t, dbURL, opts, devmail.Options{}, nil)
}

// newQueuedVia is newQueued with devmail options of the test's own, and
// via (when set) giving the address to send to instead of the server's
// (a fault proxy in front of it).
func newQueuedVia(t *testing.T, dbURL string, opts outbox.Options, mopts devmail.Options, via func(smtpAddr string) string) *queued {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenURL(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	w := &queued{st: st}
	mopts.RejectRcpt = func(string) error {
		if w.throttle != nil {
			if err := w.throttle(); err != nil {
				return err
			}
		}
		if w.outage.Load() {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}
		return nil
	}
	w.mail, err = devmail.Start(mopts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.mail.Close() })
	w.mail.AddUser(us, pwd)
	opts.Store = st
	addr := w.mail.SMTPAddr
	if via != nil {
		addr = via(addr)
	}
	opts.Transport = mailbox.NewSender(mailbox.SMTPOptions{Address: addr, Security: mailbox.SecurityNone, Username: us, Password: pwd})
	opts.IsTemporary = mailbox.IsTemporary
	opts.Alert = w.alerted.alert
	w.worker = outbox.NewWorker(opts)
	workers := river.NewWorkers()
	river.AddWorker(workers, w.worker)
	w.q, err = queue.New(st, workers, queue.Options{TestOnly: true, PollInterval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	w.caseID = newCase(t, st)
	return w
}

func (w *queued) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if err := w.q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = w.q.Stop(sctx)
		cancel()
	})
}

// add stores a message queued at createdAt, with its job when withJob.
func (w *queued) add(t *testing.T, n int, createdAt time.Time, withJob bool) int64 {
	t.Helper()
	msgID := "r" + string(rune('a'+n)) + "@provider.example"
	raw := "From: " + us + "\r\nTo: ada@example.org\r\nSubject: s\r\nMessage-ID: <" + msgID + ">\r\n\r\nThank you.\r\n"
	o := &store.Outbound{CaseID: &w.caseID, Kind: "holding_reply_test", DedupeKey: msgID,
		MessageID: msgID, EnvelopeFrom: us, Recipients: `["ada@example.org"]`, Subject: "s", Raw: []byte(raw), CreatedAt: createdAt}
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertOutbound(ctx, o); err != nil {
			return err
		}
		if withJob {
			return w.q.InsertTx(ctx, tx, outbox.SendArgs{OutboundID: o.ID})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func (w *queued) state(t *testing.T, id int64) *store.Outbound {
	t.Helper()
	o, err := w.st.Outbound(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// TestRetrySchedule: the waits River is given start at seconds, level off
// at five minutes, and carry jitter.
func TestRetrySchedule(t *testing.T) {
	w := outbox.NewWorker(outbox.Options{})
	want := []time.Duration{2 * time.Second, 5 * time.Second, 15 * time.Second, 30 * time.Second,
		time.Minute, 2 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, base := range want {
		attempt := i + 1
		if attempt == len(want) {
			attempt = 500 // far along an outage: still five minutes
		}
		seen := map[time.Duration]bool{}
		for range 20 {
			before := time.Now()
			d := w.NextRetry(&river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: attempt}}).Sub(before)
			if d < base*8/10-time.Millisecond || d > base*12/10+time.Millisecond {
				t.Errorf("attempt %d: wait %s, want %s ± 20%%", attempt, d, base)
			}
			seen[d.Round(time.Millisecond)] = true
		}
		if len(seen) < 2 {
			t.Errorf("attempt %d: every wait the same (%v): no jitter", attempt, seen)
		}
	}
	if got := (outbox.SendArgs{}).InsertOpts().MaxAttempts; got*5 < 30*24*60 {
		t.Errorf("MaxAttempts %d does not outlast the longest budget at one attempt per 5 minutes", got)
	}
}

// TestBudgetSpent: a message still refused for the time being after the
// budget is given up: failed (not left "sending"), its case flagged with
// the reason, and staff told once, without the address.
func TestBudgetSpent(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		w := newQueued(t, dbURL, outbox.Options{RetryBudget: 48 * time.Hour})
		w.outage.Store(true)
		young := w.add(t, 0, time.Now().Add(-47*time.Hour), false)
		old := w.add(t, 1, time.Now().Add(-49*time.Hour), false)
		job := func(id int64) *river.Job[outbox.SendArgs] {
			return &river.Job[outbox.SendArgs]{JobRow: &rivertype.JobRow{Attempt: 300, MaxAttempts: outbox.MaxSendAttempts}, Args: outbox.SendArgs{OutboundID: id}}
		}
		var cancel *river.JobCancelError
		if err := w.worker.Work(context.Background(), job(young)); err == nil || errors.As(err, &cancel) {
			t.Fatalf("within the budget: Work() = %v, want an error to retry", err)
		}
		if o := w.state(t, young); o.State != store.OutboundQueued || o.Attempts != 1 {
			t.Errorf("within the budget: %s", o.State)
		}
		if err := w.worker.Work(context.Background(), job(old)); !errors.As(err, &cancel) {
			t.Fatalf("budget spent: Work() = %v, want the job cancelled", err)
		}
		if o := w.state(t, old); o.State != store.OutboundFailed || !strings.Contains(o.LastError, "451") {
			t.Errorf("budget spent: %s, last error %q", o.State, o.LastError)
		}
		c, _ := w.st.CaseByID(context.Background(), w.caseID)
		if !c.NeedsPerson || !strings.Contains(c.PersonReason, "within 48h") {
			t.Errorf("case: needs_person=%v %q", c.NeedsPerson, c.PersonReason)
		}
		got := w.alerted.all()
		if len(got) != 1 || !strings.Contains(got[0], "INT-2026-0001") || strings.Contains(got[0], "ada@") {
			t.Errorf("staff told %q, want one alert naming the case and no address", got)
		}
	})
}

// TestMailFlowsAgain: after an outage, letters backing off for a long
// time are sent within seconds of the server taking mail again (a probe
// finds out, its success makes every waiting letter due), not when their
// back-off ends. The back-off here is 2 minutes; the test prints how long
// after the end of the outage the last letter went.
func TestMailFlowsAgain(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		w := newQueued(t, dbURL, outbox.Options{RetrySchedule: []time.Duration{2 * time.Minute}})
		sw := w.worker.NewSweeper(w.q.Client(), outbox.SweepOptions{ProbeEvery: time.Second})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		go sw.Run(ctx)
		w.outage.Store(true)
		w.start(t)
		var ids []int64
		for i := range 6 {
			ids = append(ids, w.add(t, i, time.Now(), true))
		}
		itest.Eventually(t, 20*time.Second, "every letter refused once", func() bool {
			for _, id := range ids {
				if w.state(t, id).Attempts < 1 {
					return false
				}
			}
			return true
		})
		w.outage.Store(false)
		ended := time.Now()
		itest.Eventually(t, 30*time.Second, "every letter sent after the outage", func() bool {
			for _, id := range ids {
				if w.state(t, id).State != store.OutboundSent {
					return false
				}
			}
			return true
		})
		t.Logf("all %d letters sent %s after the outage ended (their back-off was 2m)", len(ids), time.Since(ended).Round(10*time.Millisecond))
		if n := len(w.mail.SMTPLog()); n != len(ids) {
			t.Errorf("%d messages delivered, want %d", n, len(ids))
		}
	})
}

// TestSweep: a message queued or sending with no live job behind it is
// queued again and sent; one past its budget is given up and staff told.
func TestSweep(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		w := newQueued(t, dbURL, outbox.Options{RetryBudget: time.Hour})
		ctx := context.Background()
		orphan := w.add(t, 0, time.Now().Add(-2*time.Minute), false)
		if err := w.st.MarkSending(ctx, orphan, time.Now()); err != nil { // its job died mid-send
			t.Fatal(err)
		}
		expired := w.add(t, 1, time.Now().Add(-2*time.Hour), false)
		young := w.add(t, 2, time.Now(), false) // inside the grace period: left alone
		withJob := w.add(t, 3, time.Now().Add(-2*time.Minute), true)
		sw := w.worker.NewSweeper(w.q.Client(), outbox.SweepOptions{})
		if err := sw.Sweep(ctx); err != nil {
			t.Fatal(err)
		}
		if err := sw.Sweep(ctx); err != nil { // a second sweep adds no second job
			t.Fatal(err)
		}
		w.start(t)
		itest.Eventually(t, 20*time.Second, "the orphan and the message with a job sent", func() bool {
			return w.state(t, orphan).State == store.OutboundSent && w.state(t, withJob).State == store.OutboundSent
		})
		if o := w.state(t, expired); o.State != store.OutboundFailed {
			t.Errorf("past its budget: %s, want failed", o.State)
		}
		if o := w.state(t, young); o.State != store.OutboundQueued {
			t.Errorf("inside the grace period: %s, want queued", o.State)
		}
		if got := w.alerted.all(); len(got) != 1 {
			t.Errorf("staff told %d times, want once", len(got))
		}
		if n := len(w.mail.SMTPLog()); n != 2 {
			t.Errorf("%d messages delivered, want 2 (each once)", n)
		}
	})
}
