package chaser

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/internal/testpg"
	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

const (
	dpoAddr   = "data.protection@dpo.example"
	enquiry   = "enquiries@dpo.example"
	staffAddr = "casework@provider.example"
	fromAddr  = "intake@provider.example"
)

// eachDB runs fn against a fresh SQLite file and a fresh PostgreSQL
// database; fn gets the URL so that it can open a second handle, as a
// restarted daemon would.
func eachDB(t *testing.T, fn func(t *testing.T, url string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, testpg.FreshDatabase(t)) })
}

// world is one running chaser on one store handle.
type world struct {
	st *store.Store
	ch *Chaser
}

func start(t *testing.T, url string, p Policy) *world {
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
	q, err := queue.New(st, nil, queue.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := responder.New(responder.Options{OrgName: "Example Family Support",
		From: "Example Family Support <" + fromAddr + ">", DPO: dpoAddr, EnquiryCC: []string{enquiry}})
	if err != nil {
		t.Fatal(err)
	}
	ch, err := New(ctx, Options{Store: st, Queue: q, Responder: resp, Policy: p, Staff: []string{"Casework Team <" + staffAddr + ">"},
		EnvelopeFrom: fromAddr, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	return &world{st: st, ch: ch}
}

// openCase opens a case received at received, forwarded to the DPO ten
// minutes later unless the state says it never was, as ingest and the
// outbox would leave it.
func (w *world) openCase(t *testing.T, received time.Time, state, dpoRef string) string {
	t.Helper()
	ctx := context.Background()
	start := deadline.DateOf(received)
	clock, err := deadline.Compute(deadline.Input{Start: start})
	if err != nil {
		t.Fatal(err)
	}
	var ref string
	err = w.st.WithTx(ctx, func(tx *store.Tx) error {
		if ref, err = tx.NextCaseRef(ctx, start.Year); err != nil {
			return err
		}
		c := &store.Case{Ref: ref, Kind: "erasure", Rights: "erasure", State: store.StateReceived,
			RequesterAddr: "sam@example.org", Calendar: string(deadline.EnglandAndWales), ReceivedAt: received,
			StartDate: start.String(), DueDate: clock.Due.String(), CreatedAt: received}
		if err := tx.CreateCase(ctx, c); err != nil {
			return err
		}
		fwd := &store.Outbound{CaseID: &c.ID, Kind: outbox.KindDPOForward,
			DedupeKey: outbox.KindDPOForward + ":" + ref, MessageID: outbox.MessageID(ref, outbox.KindDPOForward, w.ch.installID, "provider.example"),
			EnvelopeFrom: fromAddr, Recipients: `["` + dpoAddr + `"]`, Subject: "Data protection request " + ref + ": erasure, URN not known",
			Raw: []byte("Subject: forward\r\n\r\nx\r\n"), State: store.OutboundSent, CreatedAt: received}
		if err := tx.InsertOutbound(ctx, fwd); err != nil {
			return err
		}
		return tx.MarkForwarded(ctx, c.ID, received.Add(10*time.Minute))
	})
	if err != nil {
		t.Fatal(err)
	}
	if state != store.StateAwaitingDPO || dpoRef != "" {
		w.update(t, ref, state, dpoRef)
	}
	return ref
}

// update plays the casework engineer's part: recording a DPO reference or
// a new state. The statements are the test's, standing in for casework.
func (w *world) update(t *testing.T, ref, state, dpoRef string) {
	t.Helper()
	q := `UPDATE cases SET state = ?, dpo_ref = ? WHERE ref = ?`
	if w.st.Dialect() == store.Postgres {
		q = `UPDATE cases SET state = $1, dpo_ref = $2 WHERE ref = $3`
	}
	if _, err := w.st.DB().ExecContext(context.Background(), q, state, dpoRef, ref); err != nil {
		t.Fatal(err)
	}
}

func (w *world) considerExtension(t *testing.T, ref string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	c, err := w.st.CaseByRef(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.st.WithTx(ctx, func(tx *store.Tx) error { return tx.SetExtensionConsidered(ctx, c.ID, true, now) }); err != nil {
		t.Fatal(err)
	}
}

// sent is one queued chaser message as the test sees it.
type sent struct {
	line       string // "2026-03-09 09:00 dpo_chase_1 A"
	ob         store.Outbound
	recipients []string
}

// chaserMail returns the chaser's outbound messages (not the forwards the
// test wrote), naming cases by the letters in names.
func (w *world) chaserMail(t *testing.T, names map[string]string) []sent {
	t.Helper()
	all, err := w.st.ListOutbound(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []sent
	for _, ob := range all {
		if ob.Kind == outbox.KindDPOForward {
			continue
		}
		ref, _, _ := strings.Cut(strings.TrimPrefix(ob.DedupeKey, ob.Kind+":"), ":")
		name := names[ref]
		if ob.Kind == outbox.KindDigest {
			name = ""
		}
		var rcpts []string
		if err := json.Unmarshal([]byte(ob.Recipients), &rcpts); err != nil {
			t.Fatal(err)
		}
		line := strings.TrimSpace(fmt.Sprintf("%s %s %s", ob.CreatedAt.In(london).Format("2006-01-02 15:04"), ob.Kind, name))
		out = append(out, sent{line: line, ob: ob, recipients: rcpts})
	}
	return out
}

func (w *world) sendJobs(t *testing.T) int {
	t.Helper()
	var n int
	if err := w.st.DB().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM river_job WHERE kind = 'send_outbound'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func outboxMessageID(w *world, ref, kind string) string {
	return outbox.MessageID(ref, kind, w.ch.installID, w.ch.opts.MailDomain)
}
