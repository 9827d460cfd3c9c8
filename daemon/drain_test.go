package daemon_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestSendQueueAndDrainTime: with Microsoft 365's 30 letters a minute and
// 60 letters waiting, the dashboard's queue and /metrics say two minutes;
// after a throttling reply pauses sending for a minute and halves the
// rate, five.
func TestSendQueueAndDrainTime(t *testing.T) {
	m := itest.Mail(t, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	cfg.SMTP.MaxPerMinute = 30
	ctx := context.Background()
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: itest.Logger(t), QueueTestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Store.Close() })
	err = d.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i := range 60 {
			id := fmt.Sprintf("q%d@provider.example", i)
			o := &store.Outbound{CaseID: sql.NullInt64{}, Kind: "digest", DedupeKey: id, MessageID: id,
				EnvelopeFrom: "intake@provider.example", Recipients: `["casework@provider.example"]`, Subject: "s", Raw: []byte("Subject: s\r\n\r\nx\r\n"),
				CreatedAt: time.Now()}
			if err := tx.InsertOutbound(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	check := func(perMinute float64, drain time.Duration, words string) {
		t.Helper()
		q, err := d.DashboardSendQueue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if q.Queued != 60 || !q.Limited || q.PerMinute < perMinute || q.PerMinute > perMinute+0.5 || !q.Known ||
			q.Drain < drain-5*time.Second || q.Drain > drain {
			t.Fatalf("dashboard queue %+v, want 60 letters at %.0f a minute, %s", q, perMinute, drain)
		}
		if got := q.Words(); got != words {
			t.Errorf("dashboard says %q, want %q", got, words)
		}
		rec := httptest.NewRecorder()
		d.Watchdog.Metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		body, _ := io.ReadAll(rec.Body)
		for _, want := range []struct {
			name     string
			min, max float64
		}{
			{"intake_outbox_depth", 60, 60},
			{"intake_send_allowed_per_minute", perMinute, perMinute + 0.5},
			{"intake_outbox_drain_seconds", (drain - 5*time.Second).Seconds(), drain.Seconds()},
		} {
			v, ok := metricValue(string(body), want.name)
			if !ok || v < want.min || v > want.max {
				t.Errorf("/metrics: %s = %v (found %v), want %v to %v", want.name, v, ok, want.min, want.max)
			}
		}
	}
	check(30, 2*time.Minute, "60 letters are waiting to be sent: about 2 minutes at the limit of 30 a minute.")
	if err := d.SendPacer().Throttled(ctx); err != nil {
		t.Fatal(err)
	}
	// The minute's pause after the reply, then 60 letters at 15 a minute.
	check(15, 5*time.Minute, "60 letters are waiting to be sent: about 5 minutes at the limit of 15 a minute.")
}

// metricValue reads an unlabelled sample from a Prometheus text page.
func metricValue(page, name string) (float64, bool) {
	for _, line := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f, err == nil
		}
	}
	return 0, false
}
