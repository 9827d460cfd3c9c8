package daemon_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestAlarmsSharedAcrossReplicasAndRestarts: two replicas see the same
// condition, and a third process starts (a restart) while it holds; staff
// hear of it once, and of its end once, only after no replica sees it any
// more. A later incident is announced again.
func TestAlarmsSharedAcrossReplicasAndRestarts(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		ctx := context.Background()
		st, err := store.OpenURL(ctx, dbURL)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		var sent []string
		notify := func(_ context.Context, subject, _ string) error {
			mu.Lock()
			defer mu.Unlock()
			sent = append(sent, subject)
			return nil
		}
		count := func(prefix string) int {
			mu.Lock()
			defer mu.Unlock()
			n := 0
			for _, s := range sent {
				if strings.HasPrefix(s, prefix) {
					n++
				}
			}
			return n
		}
		t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
		const every = 10 * time.Second
		type replica struct {
			a       *daemon.Alarms
			failing atomic.Bool
			since   atomic.Int64
		}
		newReplica := func() *replica {
			r := &replica{}
			r.a = daemon.NewAlarms(time.Minute, []daemon.Condition{{
				Name: "inbox", Title: "intake has not read the inbox",
				Check: func(time.Time) (bool, time.Time, string) {
					if !r.failing.Load() {
						return false, time.Time{}, ""
					}
					return true, time.Unix(0, r.since.Load()), "the IMAP server does not answer"
				},
			}}, notify, nil)
			r.a.Share(st, every)
			return r
		}
		fail := func(r *replica, since time.Time) { r.since.Store(since.UnixNano()); r.failing.Store(true) }
		a, b := newReplica(), newReplica()
		fail(a, t0)
		fail(b, t0.Add(2*time.Second))

		// Both replicas evaluate at the same moment: one tells staff.
		var wg sync.WaitGroup
		for _, r := range []*replica{a, b} {
			wg.Go(func() { r.a.Evaluate(ctx, t0.Add(70*time.Second)) })
		}
		wg.Wait()
		if n := count("[intake] ALARM"); n != 1 {
			t.Fatalf("%d alarms sent by two replicas, want 1 (%v)", n, sent)
		}
		a.a.Evaluate(ctx, t0.Add(80*time.Second))
		b.a.Evaluate(ctx, t0.Add(80*time.Second))

		// A restart while it holds: no second alarm.
		c := newReplica()
		fail(c, t0.Add(85*time.Second))
		c.a.Evaluate(ctx, t0.Add(150*time.Second))
		if n := count("[intake] ALARM"); n != 1 {
			t.Fatalf("%d alarms after a restart, want 1", n)
		}

		// a and c recover; b still sees it: not over yet.
		a.failing.Store(false)
		c.failing.Store(false)
		for s := 160; s <= 240; s += 10 {
			now := t0.Add(time.Duration(s) * time.Second)
			for _, r := range []*replica{a, b, c} {
				r.a.Evaluate(ctx, now)
			}
		}
		if n := count("[intake] RESOLVED"); n != 0 {
			t.Fatalf("resolved while one replica still sees the incident (%v)", sent)
		}
		b.failing.Store(false)
		for s := 250; s <= 330; s += 10 {
			now := t0.Add(time.Duration(s) * time.Second)
			for _, r := range []*replica{a, b, c} {
				r.a.Evaluate(ctx, now)
			}
		}
		if n := count("[intake] RESOLVED"); n != 1 {
			t.Fatalf("%d recovery messages, want 1 (%v)", n, sent)
		}
		if in, err := st.Incidents(ctx); err != nil || len(in) != 0 {
			t.Fatalf("incidents after recovery = %v, %v; want none", in, err)
		}

		// A new incident is a new alarm.
		later := t0.Add(time.Hour)
		fail(b, later)
		b.a.Evaluate(ctx, later.Add(2*time.Minute))
		if n := count("[intake] ALARM"); n != 2 {
			t.Fatalf("%d alarms after a second incident, want 2", n)
		}
	})
}
