package casework_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/internal/testpg"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// london is the time zone of every date a case's clock counts in.
var london, _ = time.LoadLocation("Europe/London")

// world is a casework Service over a real, migrated database with a real
// (insert-only) job queue, as the command line builds it.
type world struct {
	st  *store.Store
	svc *casework.Service
	now time.Time
}

// eachDB runs fn against a fresh SQLite file and a fresh PostgreSQL
// database: casework must behave the same on both.
func eachDB(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Helper()
	for _, db := range []struct{ name string }{{"sqlite"}, {"postgres"}} {
		t.Run(db.name, func(t *testing.T) {
			url := "sqlite://" + filepath.Join(t.TempDir(), "intake.db")
			if db.name == "postgres" {
				url = testpg.FreshDatabase(t)
			}
			fn(t, newWorld(t, url))
		})
	}
}

func newWorld(t *testing.T, url string) *world {
	t.Helper()
	ctx := context.Background()
	st, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.DiscardHandler)
	q, err := queue.New(st, nil, queue.Options{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := responder.New(responder.Options{OrgName: "Example Family Support",
		From: "Example Family Support <intake@provider.example>", DPO: "data.protection@dpo.example",
		EnquiryCC: []string{"enquiries@dpo.example"}})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, now: time.Date(2026, 3, 2, 10, 0, 0, 0, london)}
	w.svc, err = casework.New(ctx, casework.Options{Store: st, Queue: q, Responder: resp, OrgName: "Example Family Support",
		Calendar: deadline.EnglandAndWales, EnvelopeFrom: "intake@provider.example", Logger: logger,
		Now: func() time.Time { return w.now }})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// put writes a case as it stands in a state, without going through the
// workflow (for tests of what reads cases).
func (w *world) put(t *testing.T, state, due string) *store.Case {
	t.Helper()
	ctx := context.Background()
	var c *store.Case
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		ref, err := tx.NextCaseRef(ctx, 2026)
		if err != nil {
			return err
		}
		c = &store.Case{Ref: ref, Kind: "erasure", Rights: "erasure", State: state, RequesterAddr: "sam@example.org",
			Calendar: string(deadline.EnglandAndWales), ReceivedAt: w.now, StartDate: "2026-03-02", DueDate: due, CreatedAt: w.now}
		return tx.CreateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}
