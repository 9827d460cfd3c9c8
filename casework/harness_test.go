package casework_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/deadline"
	"example.org/intake/internal/testpg"
	"example.org/intake/message"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// london is the time zone of every date a case's clock counts in.
var london, _ = time.LoadLocation("Europe/London")

// world is a casework Service over a real, migrated database with a real
// (insert-only) job queue, as the command line builds it.
type world struct {
	st   *store.Store
	svc  *casework.Service
	now  time.Time
	logs *bytes.Buffer // what the service logged
	opts casework.Options
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
	logs := &bytes.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, nil))
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
	w := &world{st: st, now: time.Date(2026, 3, 2, 10, 0, 0, 0, london), logs: logs}
	w.opts = casework.Options{Store: st, Queue: q, Responder: resp, OrgName: "Example Family Support", Programme: config.DefaultProgramme(),
		Calendar: deadline.EnglandAndWales, EnvelopeFrom: "intake@provider.example", Logger: logger,
		Now: func() time.Time { return w.now }}
	w.svc, err = casework.New(ctx, w.opts)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// useRetention rebuilds the service with a retention as configured.
func (w *world) useRetention(t *testing.T, r config.Retention) {
	t.Helper()
	w.opts.Retention = r
	svc, err := casework.New(context.Background(), w.opts)
	if err != nil {
		t.Fatal(err)
	}
	w.svc = svc
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

// receive stores a received erasure request that arrived at received, its
// clock started as ingest starts it.
func (w *world) receive(t *testing.T, received time.Time) *store.Case {
	t.Helper()
	ctx := context.Background()
	start := deadline.DateOf(received)
	var c *store.Case
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		ref, err := tx.NextCaseRef(ctx, start.Year)
		if err != nil {
			return err
		}
		c = &store.Case{Ref: ref, Kind: "erasure", Rights: "erasure", State: store.StateAwaitingDPO, RequesterAddr: "sam@example.org",
			Calendar: string(deadline.EnglandAndWales), ReceivedAt: received, StartDate: start.String(), CreatedAt: received}
		clock, err := w.svc.Clock(c, nil)
		if err != nil {
			return err
		}
		c.DueDate = clock.Due.String()
		return tx.CreateCase(ctx, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// reply stores a message from the requester on case c, received at at.
func (w *world) reply(t *testing.T, c *store.Case, at time.Time, raw string) {
	t.Helper()
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		return tx.InsertInbound(ctx, &store.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: uint32(at.Unix() % 1e6),
			DedupeKey: "reply-" + at.String(), MessageID: "reply-" + at.Format("20060102150405") + "@example.org",
			Raw: []byte(raw), Size: int64(len(raw)), ReceivedAt: at, FromAddr: c.RequesterAddr, Subject: "Re: " + c.Ref,
			Kind: "other", Disposition: "matched_case", CaseID: &c.ID, CreatedAt: at})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// at is a London wall-clock time.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, london)
}

// reread returns case ref as stored.
func (w *world) reread(t *testing.T, ref string) *store.Case {
	t.Helper()
	c, err := w.st.CaseByRef(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outboundOf returns the one outbound message of kind on case c.
func (w *world) outboundOf(t *testing.T, c *store.Case, kind string) store.Outbound {
	t.Helper()
	obs, err := w.st.OutboundForCase(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var found []store.Outbound
	for _, ob := range obs {
		if ob.Kind == kind {
			found = append(found, ob)
		}
	}
	if len(found) != 1 {
		t.Fatalf("case %s has %d %s messages, want 1", c.Ref, len(found), kind)
	}
	return found[0]
}

// sendJobs counts the send jobs queued.
func (w *world) sendJobs(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = 'send_outbound'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// decodedText is the plain-text part of a rendered message.
func decodedText(t *testing.T, raw []byte) string {
	t.Helper()
	m := message.Parse(raw, nil)
	return strings.Join(strings.Fields(m.Text), " ")
}
