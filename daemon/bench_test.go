package daemon_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/mailbox"
)

// BenchmarkInboxToHoldingReply measures the time from a request landing in
// the inbox to its holding reply being accepted by the SMTP server, with
// IDLE, on loopback, on SQLite. It reports the median and the 95th
// percentile as custom metrics (the target is p95 under 300 ms), and the
// same for the part from the commit of the case's transaction to the reply
// reaching the SMTP server (commit-p50-ms, commit-p95-ms; target p95 under
// 50 ms), which is the send queue's share.
//
//	go test -run '^$' -bench InboxToHoldingReply -benchtime 200x ./daemon
func BenchmarkInboxToHoldingReply(b *testing.B) {
	m := itest.Mail(b, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(b.TempDir(), "intake.db"))
	// An hour between polls: only IDLE can make this fast.
	cfg.IMAP.PollInterval = config.Duration{Duration: time.Hour}
	cfg.Alarms.After = config.Duration{Duration: 3 * time.Hour}
	cfg.Log.Level = "warn"
	var committed atomic.Int64 // unix nanoseconds of the last commit
	itest.StartWith(b, cfg, daemon.Options{WrapHandler: func(h mailbox.Handler) mailbox.Handler {
		return commitClock{h, &committed}
	}})

	var lat, fromCommit []time.Duration
	b.ResetTimer()
	for i := range b.N {
		addr := fmt.Sprintf("bench%05d@example.org", i)
		_, before := m.SMTPRecipients(0)
		t0 := time.Now()
		if err := m.Deliver(itest.Intake, itest.ErasureRequest(addr, fmt.Sprintf("bench-%05d@example.org", i))); err != nil {
			b.Fatal(err)
		}
		for {
			if to, _ := m.SMTPRecipients(before); replied(to, addr) {
				break
			}
			if time.Since(t0) > 30*time.Second {
				b.Fatalf("no holding reply to request %d after 30s", i)
			}
			time.Sleep(500 * time.Microsecond)
		}
		lat = append(lat, time.Since(t0))
		fromCommit = append(fromCommit, time.Since(time.Unix(0, committed.Load())))
		if os.Getenv("INTAKE_BENCH_TRACE") != "" {
			fmt.Fprintf(os.Stderr, "TRACE %d %s %v\n", i, t0.Format("15:04:05.000"), time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	slices.Sort(fromCommit)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(fromCommit[len(fromCommit)/2].Microseconds())/1000, "commit-p50-ms")
	b.ReportMetric(float64(fromCommit[(len(fromCommit)*95)/100].Microseconds())/1000, "commit-p95-ms")
}

// commitClock records when the handler last committed a message.
type commitClock struct {
	mailbox.Handler
	at *atomic.Int64
}

func (c commitClock) Handle(ctx context.Context, f mailbox.Fetched) error {
	err := c.Handler.Handle(ctx, f)
	if err == nil {
		c.at.Store(time.Now().UnixNano())
	}
	return err
}

func replied(log [][]string, addr string) bool {
	for _, to := range log {
		if len(to) == 1 && strings.EqualFold(to[0], addr) {
			return true
		}
	}
	return false
}
