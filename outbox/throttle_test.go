package outbox_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/devmail"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// TestThrottleSlowsInsteadOfFailing: a server that answers "421 4.7.0"
// to the first attempts makes the sender pause, not fail: every letter
// goes out once, none is given up or counted as a failed attempt, and
// staff are told nothing. They wait the short pause, not the retry
// schedule's hour.
func TestThrottleSlowsInsteadOfFailing(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		var refusals atomic.Int32
		refusals.Store(3)
		mopts := devmail.Options{}
		w := newQueuedVia(t, dbURL, outbox.Options{IsThrottled: mailbox.IsThrottled, ThrottlePause: 300 * time.Millisecond,
			// No limit is configured: after the throttling reply the
			// sender paces to what it managed in the last (shortened)
			// minute.
			Limits: outbox.Limits{Minute: 200 * time.Millisecond},
			// A failure would wait an hour: only the throttle's pause lets
			// the letters go within the test.
			RetrySchedule: []time.Duration{time.Hour}}, mopts, nil)
		w.throttle = func() error {
			if refusals.Add(-1) >= 0 {
				return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Temporary server error, try again later"}
			}
			return nil
		}
		now := time.Now()
		var ids []int64
		for i := range 5 {
			ids = append(ids, w.add(t, i, now, true))
		}
		w.start(t)
		ctx := context.Background()
		deadline := time.Now().Add(30 * time.Second)
		for {
			sent := 0
			for _, id := range ids {
				ob, err := w.st.Outbound(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if ob.State == store.OutboundFailed {
					t.Fatalf("message %d failed after throttling: %s", id, ob.LastError)
				}
				if ob.State == store.OutboundSent {
					sent++
				}
			}
			if sent == len(ids) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d sent", sent, len(ids))
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := len(w.mail.SMTPLog()); n != len(ids) {
			t.Fatalf("%d messages accepted, want %d (once each)", n, len(ids))
		}
		if refusals.Load() >= 0 {
			t.Fatal("the server never throttled")
		}
		if a := w.alerted.all(); len(a) != 0 {
			t.Fatalf("staff were told: %v", a)
		}
	})
}
