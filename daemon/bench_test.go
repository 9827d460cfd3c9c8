package daemon_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
)

// BenchmarkInboxToHoldingReply measures the time from a request landing in
// the inbox to its holding reply being accepted by the SMTP server, with
// IDLE, on loopback, on SQLite. It reports the median and the 95th
// percentile as custom metrics (the target is p95 under one second).
//
//	go test -run '^$' -bench InboxToHoldingReply -benchtime 200x ./daemon
func BenchmarkInboxToHoldingReply(b *testing.B) {
	m := itest.Mail(b, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(b.TempDir(), "intake.db"))
	// An hour between polls: only IDLE can make this fast.
	cfg.IMAP.PollInterval = config.Duration{Duration: time.Hour}
	cfg.Alarms.After = config.Duration{Duration: 3 * time.Hour}
	cfg.Log.Level = "warn"
	itest.Start(b, cfg)

	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		addr := fmt.Sprintf("bench%05d@example.org", i)
		before := len(m.SMTPLog())
		t0 := time.Now()
		if err := m.Deliver(itest.Intake, itest.ErasureRequest(addr, fmt.Sprintf("bench-%05d@example.org", i))); err != nil {
			b.Fatal(err)
		}
		for {
			log := m.SMTPLog()
			if replied(log[before:], addr) {
				break
			}
			if time.Since(t0) > 30*time.Second {
				b.Fatalf("no holding reply to request %d after 30s", i)
			}
			time.Sleep(500 * time.Microsecond)
		}
		lat = append(lat, time.Since(t0))
		if os.Getenv("INTAKE_BENCH_TRACE") != "" {
			fmt.Fprintf(os.Stderr, "TRACE %d %s %v\n", i, t0.Format("15:04:05.000"), time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*95)/100].Microseconds())/1000, "p95-ms")
}

func replied(log []devmail.Envelope, addr string) bool {
	for _, e := range log {
		if len(e.To) == 1 && strings.EqualFold(e.To[0], addr) {
			return true
		}
	}
	return false
}
