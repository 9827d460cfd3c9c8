package outbox_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"example.org/intake/internal/testpg"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/store"
)

// TestEnqueue: one call stores the message, records it on the case and
// inserts its send job, in the caller's transaction; a second message with
// the same dedupe key is refused and leaves nothing behind.
func TestEnqueue(t *testing.T) {
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			ctx := context.Background()
			url := "sqlite://" + filepath.Join(t.TempDir(), "intake.db")
			if db == "postgres" {
				url = testpg.FreshDatabase(t)
			}
			st, err := store.OpenURL(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			q, err := queue.New(st, nil, queue.Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
			var c store.Case
			mail := func(caseID int64, key string) outbox.Mail {
				return outbox.Mail{CaseID: caseID, DedupeKey: key, Kind: "holding_reply", MessageID: key + "@provider.example",
					From: "intake@provider.example", Recipients: []string{"sam@example.org", "cc@example.org"}, Subject: "s", Raw: []byte("raw")}
			}
			err = st.WithTx(ctx, func(tx *store.Tx) error {
				c = store.Case{Ref: "INT-2026-0001", Kind: "erasure", State: store.StateReceived, Calendar: "england-and-wales",
					ReceivedAt: now, StartDate: "2026-03-02", CreatedAt: now}
				if err := tx.CreateCase(ctx, &c); err != nil {
					return err
				}
				if _, err := outbox.Enqueue(ctx, tx, q, mail(c.ID, "holding_reply:INT-2026-0001"), now); err != nil {
					return err
				}
				_, err := outbox.Enqueue(ctx, tx, q, mail(0, "digest:2026-03-02"), now)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			obs, err := st.ListOutbound(ctx, 0)
			if err != nil || len(obs) != 2 {
				t.Fatalf("outbound = %+v, %v", obs, err)
			}
			for _, ob := range obs {
				if ob.EnvelopeFrom != "intake@provider.example" || ob.Recipients != `["sam@example.org","cc@example.org"]` || ob.State != store.OutboundQueued {
					t.Errorf("row %+v", ob)
				}
				if (ob.CaseID != nil) != (ob.DedupeKey == "holding_reply:INT-2026-0001") {
					t.Errorf("%s case id %v", ob.DedupeKey, ob.CaseID)
				}
			}
			events, err := st.Events(ctx, c.ID)
			if err != nil || len(events) != 1 || events[0].Kind != "queued" || events[0].Detail != "holding_reply" {
				t.Errorf("events = %+v, %v", events, err)
			}
			if n := sendJobs(t, st); n != 2 {
				t.Errorf("%d send jobs, want 2", n)
			}
			err = st.WithTx(ctx, func(tx *store.Tx) error {
				_, err := outbox.Enqueue(ctx, tx, q, mail(c.ID, "holding_reply:INT-2026-0001"), now)
				return err
			})
			if err == nil {
				t.Fatal("a second message with the same dedupe key was queued")
			}
			if n := sendJobs(t, st); n != 2 {
				t.Errorf("after the refused copy: %d send jobs, want 2", n)
			}
		})
	}
}

func sendJobs(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = 'send_outbound'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
