package daemon_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/store"
)

// TestBacklogIsCommittedInGroups: mail that piles up while intake is down
// is fetched in batches and committed a batch at a time (group commit).
// Every request still gets exactly one case and one holding reply; a
// second copy of a request in the same batch is a duplicate, not a second
// case; a reply to a case opened earlier in the same batch joins it; and
// the checkpoint ends at the last message.
func TestBacklogIsCommittedInGroups(t *testing.T) {
	itest.EachDB(t, func(t *testing.T, dbURL string) {
		m := itest.Mail(t, devmail.Options{Logger: itest.Logger(t)})
		cfg := itest.Config(m, dbURL)
		r := itest.Start(t, cfg)
		r.Stop(t)

		const n = 40
		for i := range n {
			raw := itest.ErasureRequest(fmt.Sprintf("backlog%02d@example.org", i), fmt.Sprintf("backlog-%02d@example.org", i))
			if err := m.Deliver(itest.Intake, raw); err != nil {
				t.Fatal(err)
			}
			if i == 10 {
				// The same request again: same Message-ID, same bytes.
				if err := m.Deliver(itest.Intake, raw); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The requester of the first request writes again, before intake
		// has seen either.
		again := itest.Email("backlog00@example.org", "Re: my erasure request", "backlog-00-again@example.org",
			"Just checking you got my request.")
		if err := m.Deliver(itest.Intake, again); err != nil {
			t.Fatal(err)
		}

		r = itest.Start(t, cfg)
		ctx := context.Background()
		itest.Eventually(t, 60*time.Second, "every holding reply and forward sent", func() bool {
			s, err := r.Store.OutboundStats(ctx)
			return err == nil && s.ByState[store.OutboundSent] >= 2*n
		})
		counts, err := r.Store.CaseCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range counts {
			total += c
		}
		if total != n {
			t.Errorf("%d cases (%v), want %d", total, counts, n)
		}
		for i := range n {
			if got := len(sentTo(m, fmt.Sprintf("backlog%02d@example.org", i))); got != 1 {
				t.Errorf("requester %d got %d letters, want one holding reply", i, got)
			}
		}
		in, err := r.Store.InboundCounts(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if in[store.DispositionJoinedCase] != 1 {
			t.Errorf("inbound by disposition %v: want the second mail of requester 0 joined to its case", in)
		}
		cp, err := r.Store.Checkpoint(ctx, cfg.IMAP.Mailbox)
		if err != nil {
			t.Fatal(err)
		}
		if want := uint32(n + 2); cp.LastUID != want { // n requests, the copy, the follow-up
			t.Errorf("checkpoint at uid %d, want %d", cp.LastUID, want)
		}
	})
}
