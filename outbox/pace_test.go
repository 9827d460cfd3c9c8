package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/mailbox"
	"example.org/intake/outbox"
)

// rateSink is the provider side of a pacing test: it accepts at most n
// letters in any window and answers the next with "451 4.7.0 … rate
// limit", as Microsoft 365 does past 30 a minute. It records when each
// letter was accepted or refused.
type rateSink struct {
	mu       sync.Mutex
	n        int
	window   time.Duration
	accepted []time.Time
	refused  []time.Time
}

func (s *rateSink) rcpt() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	recent := 0
	for _, t := range s.accepted {
		if now.Sub(t) < s.window {
			recent++
		}
	}
	if recent >= s.n {
		s.refused = append(s.refused, now)
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 0}, Message: "Message rate limit exceeded, try again later"}
	}
	s.accepted = append(s.accepted, now)
	return nil
}

// TestPacingSettlesUnderTheProvidersLimit: intake is configured for 15
// letters a minute (the minute shortened to a second) but the server
// takes only 6 and throttles the rest. Sixty letters, holding replies
// queued after a backlog of digests: every letter goes out once, none
// fails or is counted against its budget, staff are told nothing, the
// holding replies go first, and the rate settles under what the server
// takes: over the last letters intake tries no faster than that.
func TestPacingSettlesUnderTheProvidersLimit(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		sink := &rateSink{n: 6, window: time.Second}
		w := newQueued(t, dbURL, outbox.Options{IsThrottled: mailbox.IsThrottled, ThrottlePause: 300 * time.Millisecond,
			Limits: outbox.Limits{PerMinute: 15, Minute: time.Second},
			// A failure would wait an hour: only pacing lets the letters
			// go within the test.
			RetrySchedule: []time.Duration{time.Hour}})
		w.throttle = sink.rcpt
		ctx := context.Background()
		now := time.Now()
		const digests, replies, workers = 45, 15, 4 // queue.Options' default workers
		var kinds []string
		for i := range digests + replies {
			kind := outbox.KindDigest
			if i >= digests {
				kind = outbox.KindHoldingReply
			}
			kinds = append(kinds, kind)
		}
		w.enqueueKinds(t, kinds, now)
		w.start(t)
		deadline := time.Now().Add(2 * time.Minute)
		for {
			var unsent int
			if err := w.st.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM outbound_messages WHERE state <> 'sent'`).Scan(&unsent); err != nil {
				t.Fatal(err)
			}
			if unsent == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d of %d not sent", unsent, digests+replies)
			}
			time.Sleep(20 * time.Millisecond)
		}
		log := w.mail.SMTPLog()
		seen := map[string]bool{}
		for i, e := range log {
			_, rest, _ := strings.Cut(string(e.Data), "Message-ID: <")
			id, _, _ := strings.Cut(rest, ">")
			if seen[id] {
				t.Fatalf("%s sent twice", id)
			}
			seen[id] = true
			// The four workers fetch digests only once every holding reply
			// has a worker: the first letters are all holding replies, and
			// a digest can pass only the holding replies in flight with it
			// (throttled and waiting for their turn again).
			holding := strings.Contains(string(e.Data), "X-Kind: "+outbox.KindHoldingReply)
			if i < replies-workers && !holding {
				t.Fatalf("letter %d in sending order is not a holding reply: a digest went before an acknowledgement", i)
			}
			if i >= replies+workers-1 && holding {
				t.Fatalf("letter %d in sending order is a holding reply: it waited behind digests", i)
			}
		}
		if len(log) != digests+replies {
			t.Fatalf("%d letters accepted, want %d", len(log), digests+replies)
		}
		if a := w.alerted.all(); len(a) != 0 {
			t.Fatalf("staff were told: %v", a)
		}
		sink.mu.Lock()
		refused, accepted := append([]time.Time(nil), sink.refused...), append([]time.Time(nil), sink.accepted...)
		sink.mu.Unlock()
		if len(refused) == 0 {
			t.Fatal("the server never throttled: the test did not test pacing")
		}
		// Settled: over the last 20 letters intake tried (letters taken
		// and refused together) no faster than the server takes. A sender
		// that only paused after each refusal would try at its full 15 a
		// second between pauses, well over 6; one refusal from timing
		// jitter on a loaded machine does not break this.
		tail := accepted[len(accepted)-20:]
		from, to := tail[0], tail[len(tail)-1]
		tries := len(tail)
		for _, r := range refused {
			if r.After(from) && r.Before(to) {
				tries++
			}
		}
		rate := float64(tries-1) / to.Sub(from).Seconds()
		if rate > float64(sink.n) {
			t.Fatalf("over the last 20 letters intake tried %.2f a second (%d refused): over the server's %d; the rate did not settle",
				rate, tries-len(tail), sink.n)
		}
		allowed, err := w.worker.Pacer().Allowed(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Allowed is per real minute; the test's minute is a second.
		t.Logf("throttling replies: %d; the last 20 letters tried at %.2f a second (server: %d); allowed at the end %.2f",
			len(refused), rate, sink.n, allowed/60)
	})
}

// TestDayLimitsAreSharedByReplicas: two replicas' senders on one
// database draw on one budget of letters and recipients a day, and a
// letter past it is told to wait until the oldest leaves the day.
func TestDayLimitsAreSharedByReplicas(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		pacers := replicaPacers(t, dbURL, outbox.Options{Limits: outbox.Limits{PerDay: 4, RecipientsPerDay: 6, Day: time.Hour}})
		// Letters to 2, 1, 2 recipients alternate between the replicas:
		// 5 recipients, 3 letters.
		for i, rcpts := range []int{2, 1, 2} {
			if wait, err := pacers[i%2].Wait(ctx, outbox.PriorityAcknowledgement, rcpts); err != nil || wait != 0 {
				t.Fatalf("letter %d: wait %s, %v; want it to go", i, wait, err)
			}
		}
		// Two more recipients would make 7 of 6.
		wait, err := pacers[1].Wait(ctx, outbox.PriorityAcknowledgement, 2)
		if err != nil {
			t.Fatal(err)
		}
		if wait < 50*time.Minute {
			t.Fatalf("a letter past the recipients a day may go in %s, want about an hour", wait)
		}
		// One more recipient fits: the fourth letter.
		if wait, err := pacers[0].Wait(ctx, outbox.PriorityAcknowledgement, 1); err != nil || wait != 0 {
			t.Fatalf("the fourth letter: wait %s, %v; want it to go", wait, err)
		}
		// A fifth letter is over the letters a day, on either replica.
		for i, p := range pacers {
			wait, err := p.Wait(ctx, outbox.PriorityAcknowledgement, 0)
			if err != nil {
				t.Fatal(err)
			}
			if wait < 50*time.Minute {
				t.Fatalf("replica %d: a fifth letter may go in %s, want about an hour", i, wait)
			}
		}
	})
}

// TestThrottlingSlowsEveryReplica: a throttling reply seen by one replica
// pauses the other too, and lowers the rate both allow.
func TestThrottlingSlowsEveryReplica(t *testing.T) {
	dbURL := testpg.FreshDatabase(t)
	ctx := context.Background()
	pacers := replicaPacers(t, dbURL, outbox.Options{ThrottlePause: time.Hour, Limits: outbox.Limits{PerMinute: 30}})
	if err := pacers[0].Throttled(ctx); err != nil {
		t.Fatal(err)
	}
	wait, err := pacers[1].Wait(ctx, outbox.PriorityAcknowledgement, 1)
	if err != nil {
		t.Fatal(err)
	}
	if wait < 50*time.Minute {
		t.Fatalf("the other replica may send in %s, want the pause of an hour", wait)
	}
	rate, err := pacers[1].Allowed(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rate < 15 || rate > 15.5 {
		t.Fatalf("the other replica allows %.2f a minute after the reply, want 15 (half of 30)", rate)
	}
}

// replicaPacers are the pacers of two replicas' send workers on the
// database at dbURL, each over a store handle of its own.
func replicaPacers(t *testing.T, dbURL string, opts outbox.Options) []*outbox.Pacer {
	var pacers []*outbox.Pacer
	for range 2 {
		opts.Store = itest.Store(t, dbURL)
		pacers = append(pacers, outbox.NewWorker(opts).Pacer())
	}
	return pacers
}

// TestPerMinuteLimitIsSharedByReplicas: two replicas' senders each send
// ten letters under a limit of 10 a (shortened) minute: together they
// take the whole twenty intervals, as one sender would, not ten each in
// parallel.
func TestPerMinuteLimitIsSharedByReplicas(t *testing.T) {
	eachDB(t, func(t *testing.T, dbURL string) {
		const window = time.Second
		pacers := replicaPacers(t, dbURL, outbox.Options{Limits: outbox.Limits{PerMinute: 10, Minute: window}})
		ctx := context.Background()
		began := time.Now()
		errs := make(chan error, len(pacers))
		for _, p := range pacers {
			go func() {
				for range 10 {
					wait, err := p.Wait(ctx, outbox.PriorityAcknowledgement, 1)
					if err == nil && wait != 0 {
						err = fmt.Errorf("told to snooze %s for a turn a tenth of a second away", wait)
					}
					if err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range pacers {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		// Twenty letters spaced a tenth of the window apart span at
		// least nineteen tenths; each replica alone would be done in
		// nine.
		took := time.Since(began)
		t.Logf("20 letters from two replicas at 10 a window of %s: %s", window, took)
		if took < 19*window/10 {
			t.Fatalf("20 letters from two replicas went in %s: the replicas did not share the limit of 10 a window", took)
		}
	})
}
