package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"example.org/intake/internal/testpg"
	"example.org/intake/store"
)

func openPostgres(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.OpenURL(context.Background(), testpg.FreshDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestLeaseFencesTheHolderThatLostIt takes the inbox lease on one session,
// ends that session the way a dead host's ends (the server terminates it),
// lets a second session take the lease over, and checks that a
// transaction under the first holder's fence fails with nothing written.
func TestLeaseFencesTheHolderThatLostIt(t *testing.T) {
	s := openPostgres(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	const name = "inbox:INBOX"

	a, err := s.OpenLeaseConn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := s.OpenLeaseConn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	epochA, ok, err := a.TryAcquire(ctx, name, "replica-a", now)
	if err != nil || !ok || epochA != 1 {
		t.Fatalf("a.TryAcquire() = %d, %v, %v; want 1, true, nil", epochA, ok, err)
	}
	if _, ok, err := b.TryAcquire(ctx, name, "replica-b", now); err != nil || ok {
		t.Fatalf("b.TryAcquire() while a holds it = %v, %v; want false, nil", ok, err)
	}
	if err := a.Check(ctx, name, epochA); err != nil {
		t.Fatalf("a.Check() = %v", err)
	}
	fenceA := store.WithFence(ctx, store.Fence{Name: name, Epoch: epochA})
	if err := s.SetCheckpoint(fenceA, "INBOX", 7, 10, now); err != nil {
		t.Fatalf("checkpoint under a's fence while a holds the lease: %v", err)
	}

	// The server ends a's session (as after TCP keepalive finds a dead
	// host): the lock goes with it.
	if _, err := s.DB().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = 7431002 AND granted`); err != nil {
		t.Fatal(err)
	}
	if err := a.Check(ctx, name, epochA); err == nil {
		t.Fatal("a.Check() after its session ended = nil, want an error")
	}
	epochB, ok, err := b.TryAcquire(ctx, name, "replica-b", now.Add(time.Second))
	if err != nil || !ok || epochB != 2 {
		t.Fatalf("b.TryAcquire() after a died = %d, %v, %v; want 2, true, nil", epochB, ok, err)
	}
	l, err := s.Lease(ctx, name)
	if err != nil || l.Holder != "replica-b" || l.Epoch != 2 {
		t.Fatalf("Lease() = %+v, %v", l, err)
	}

	// a, not knowing yet, tries to commit: refused, and nothing written.
	err = s.SetCheckpoint(fenceA, "INBOX", 7, 20, now)
	var lost *store.LostLeaseError
	if !errors.As(err, &lost) || lost.Current != 2 {
		t.Fatalf("checkpoint under a's stale fence = %v, want *LostLeaseError at epoch 2", err)
	}
	if !store.IsOutage(err) {
		t.Error("a lost lease is not counted as an outage: the watcher would blame the message")
	}
	cp, err := s.Checkpoint(ctx, "INBOX")
	if err != nil || cp.LastUID != 10 {
		t.Fatalf("checkpoint = %+v, %v; want last uid 10", cp, err)
	}
	fenceB := store.WithFence(ctx, store.Fence{Name: name, Epoch: epochB})
	if err := s.SetCheckpoint(fenceB, "INBOX", 7, 20, now); err != nil {
		t.Fatalf("checkpoint under b's fence: %v", err)
	}
	if err := a.Check(ctx, name, epochA); err == nil {
		t.Fatal("a.Check() = nil after b took over")
	}
	if err := b.Check(ctx, name, epochA); err == nil {
		t.Fatal("b.Check() at a's old epoch = nil")
	}
}

// TestLeaseWaitsForTheOldHoldersTransaction: a takeover raises the epoch
// only after a transaction the old holder had under way has finished, so
// that the new holder reads everything the old one committed.
func TestLeaseWaitsForTheOldHoldersTransaction(t *testing.T) {
	s := openPostgres(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	const name = "inbox:INBOX"
	a, err := s.OpenLeaseConn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	epochA, ok, err := a.TryAcquire(ctx, name, "replica-a", now)
	if err != nil || !ok {
		t.Fatalf("a.TryAcquire() = %v, %v", ok, err)
	}
	fenceA := store.WithFence(ctx, store.Fence{Name: name, Epoch: epochA})
	inTx, release := make(chan struct{}), make(chan struct{})
	txDone := make(chan error, 1)
	go func() {
		txDone <- s.WithTx(fenceA, func(tx *store.Tx) error {
			close(inTx)
			<-release
			return tx.SetCheckpoint(ctx, "INBOX", 7, 30, now)
		})
	}()
	<-inTx
	a.Close() // a's session ends while its transaction is open
	b, err := s.OpenLeaseConn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	acquired := make(chan int64, 1)
	go func() {
		e, ok, err := b.TryAcquire(ctx, name, "replica-b", now)
		if err != nil || !ok {
			t.Errorf("b.TryAcquire() = %v, %v", ok, err)
		}
		acquired <- e
	}()
	select {
	case <-acquired:
		t.Fatal("b acquired the lease while a's transaction was still open")
	case <-time.After(300 * time.Millisecond):
	}
	close(release)
	if err := <-txDone; err != nil {
		t.Fatalf("a's transaction begun under the lease: %v", err)
	}
	if e := <-acquired; e != epochA+1 {
		t.Fatalf("b's epoch = %d, want %d", e, epochA+1)
	}
	cp, err := s.Checkpoint(ctx, "INBOX")
	if err != nil || cp.LastUID != 30 {
		t.Fatalf("checkpoint = %+v, %v", cp, err)
	}
}
