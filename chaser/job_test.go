package chaser

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/outbox"
	"example.org/intake/queue"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// sendRecorder stands in for the outbox worker: it records which messages
// River asked it to send.
type sendRecorder struct {
	river.WorkerDefaults[outbox.SendArgs]
	got chan int64
}

func (w *sendRecorder) Work(_ context.Context, j *river.Job[outbox.SendArgs]) error {
	w.got <- j.Args.OutboundID
	return nil
}

// TestPeriodicJobSweeps wires the chaser the way the daemon does: the
// worker registered before the queue exists, the periodic job added to the
// client, a sweep run when the queue starts, and its send job worked.
func TestPeriodicJobSweeps(t *testing.T) {
	ctx := context.Background()
	st, err := store.OpenURL(ctx, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	resp, err := responder.New(responder.Options{OrgName: "Example Family Support", From: fromAddr, DPO: dpoAddr, EnquiryCC: []string{enquiry}})
	if err != nil {
		t.Fatal(err)
	}
	var q *queue.Queue
	ch, err := New(ctx, Options{
		Store: st, Responder: resp, Policy: DefaultPolicy(), Staff: []string{staffAddr}, EnvelopeFrom: fromAddr,
		Queue: outbox.EnqueueFunc(func(ctx context.Context, tx *store.Tx, args ...river.JobArgs) error {
			return q.InsertTx(ctx, tx, args...)
		}),
		Now: func() time.Time { return at(2026, 3, 9, 10, 0) }, Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	rec := &sendRecorder{got: make(chan int64, 10)}
	workers := river.NewWorkers()
	river.AddWorker(workers, rec)
	river.AddWorker(workers, NewWorker(ch))
	if q, err = queue.New(st, workers, queue.Options{TestOnly: true, PollInterval: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, ch: ch}
	w.openCase(t, at(2026, 3, 2, 9, 10), store.StateAwaitingDPO, "")
	q.Client().PeriodicJobs().Add(PeriodicJob(time.Hour))
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer q.Stop(context.Background())
	// The sweep at 10:00 on a Monday queues the first DPO chase and the
	// day's digest, in either order.
	kinds := map[string]bool{}
	for len(kinds) < 2 {
		select {
		case id := <-rec.got:
			ob, err := st.Outbound(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			kinds[ob.Kind] = true
		case <-time.After(60 * time.Second): // River elects a leader first, which is slow under -race on a busy machine
			t.Fatalf("the periodic sweep queued only %v", kinds)
		}
	}
	if !kinds[outbox.KindDPOChase1] || !kinds[outbox.KindDigest] {
		t.Errorf("the sweep sent %v, want the first DPO chase and the digest", kinds)
	}
}
