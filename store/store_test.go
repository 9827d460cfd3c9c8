package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/testpg"
	"example.org/intake/store"
)

// eachDB runs fn against a fresh, migrated SQLite database and a fresh,
// migrated PostgreSQL database: the two must behave the same.
func eachDB(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, openSQLite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		url := testpg.FreshDatabase(t)
		s, err := store.OpenURL(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		fn(t, s)
	})
}

func openSQLite(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.OpenURL(context.Background(), "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMigrateIsIdempotentAndVersioned(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second Migrate() = %v", err)
		}
		if err := s.CheckVersion(ctx); err != nil {
			t.Fatalf("CheckVersion() = %v", err)
		}
		id1, err := s.InstallationID(ctx)
		if err != nil || len(id1) != 10 {
			t.Fatalf("InstallationID() = %q, %v", id1, err)
		}
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		id2, _ := s.InstallationID(ctx)
		if id1 != id2 {
			t.Fatalf("installation id changed on re-migrate: %q -> %q", id1, id2)
		}
	})
}

func TestRefusesNewerSchema(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.DB().ExecContext(ctx, `UPDATE schema_version SET version = version + 5`); err != nil {
			t.Fatal(err)
		}
		err := s.Migrate(ctx)
		if err == nil || !strings.Contains(err.Error(), "newer intake") {
			t.Fatalf("Migrate() on a newer schema = %v, want a refusal", err)
		}
		if err := s.CheckVersion(ctx); err == nil {
			t.Fatal("CheckVersion() accepted a newer schema")
		}
	})
}

func TestCheckpointOnlyMovesForwardWithinValidity(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Now()
		if _, err := s.Checkpoint(ctx, "INBOX"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Checkpoint() on empty = %v, want ErrNotFound", err)
		}
		steps := []struct {
			validity, uid uint32
			wantV, wantU  uint32
		}{
			{7, 10, 7, 10},
			{7, 4, 7, 10}, // a late write never moves back
			{7, 12, 7, 12},
			{9, 3, 9, 3}, // a new UIDVALIDITY starts again
		}
		for _, st := range steps {
			if err := s.SetCheckpoint(ctx, "INBOX", st.validity, st.uid, now); err != nil {
				t.Fatal(err)
			}
			cp, err := s.Checkpoint(ctx, "INBOX")
			if err != nil {
				t.Fatal(err)
			}
			if cp.UIDValidity != st.wantV || cp.LastUID != st.wantU {
				t.Fatalf("after set(%d,%d) checkpoint = (%d,%d), want (%d,%d)", st.validity, st.uid, cp.UIDValidity, cp.LastUID, st.wantV, st.wantU)
			}
		}
	})
}

func TestCaseRefsAndOutboundDedupe(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		var c store.Case
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			ref, err := tx.NextCaseRef(ctx, 2026)
			if err != nil {
				return err
			}
			ref2, err := tx.NextCaseRef(ctx, 2026)
			if err != nil {
				return err
			}
			if ref != "INT-2026-0001" || ref2 != "INT-2026-0002" {
				t.Errorf("refs = %s, %s", ref, ref2)
			}
			c = store.Case{Ref: ref2, Kind: "erasure", State: store.StateReceived, RequesterAddr: "ada@example.org",
				Calendar: "england-and-wales", ReceivedAt: now, StartDate: "2026-03-02", DueDate: "2026-04-02", CreatedAt: now}
			if err := tx.CreateCase(ctx, &c); err != nil {
				return err
			}
			return tx.InsertOutbound(ctx, &store.Outbound{CaseID: &c.ID, Kind: "holding_reply", DedupeKey: "holding_reply:" + ref2,
				MessageID: "a@x.example", EnvelopeFrom: "intake@provider.example", Recipients: `["ada@example.org"]`, Subject: "s", Raw: []byte("raw"), CreatedAt: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		// A second holding reply for the same case is refused by the database.
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			return tx.InsertOutbound(ctx, &store.Outbound{CaseID: &c.ID, Kind: "holding_reply", DedupeKey: "holding_reply:" + c.Ref,
				MessageID: "b@x.example", EnvelopeFrom: "intake@provider.example", Recipients: `[]`, Subject: "s", Raw: []byte("raw"), CreatedAt: now})
		})
		if err == nil {
			t.Fatal("a second outbound message with the same dedupe key was accepted")
		}
		got, err := s.CaseByRef(ctx, strings.ToLower(c.Ref))
		if err != nil {
			t.Fatal(err)
		}
		if !got.ReceivedAt.Equal(now) || got.DueDate != "2026-04-02" || got.RequesterAddr != "ada@example.org" {
			t.Fatalf("case read back = %+v", got)
		}
		obs, err := s.OutboundForCase(ctx, c.ID)
		if err != nil || len(obs) != 1 || string(obs[0].Raw) != "raw" || obs[0].State != store.OutboundQueued {
			t.Fatalf("OutboundForCase() = %+v, %v", obs, err)
		}
		if err := s.MarkSending(ctx, obs[0].ID, now); err != nil {
			t.Fatal(err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.MarkSent(ctx, obs[0].ID, "smtp", now) }); err != nil {
			t.Fatal(err)
		}
		o, err := s.Outbound(ctx, obs[0].ID)
		if err != nil || o.State != store.OutboundSent || o.Attempts != 1 || !o.SentAt.Valid {
			t.Fatalf("after send: %+v, %v", o, err)
		}
		// A rolled-back case gives its reference back.
		_ = s.WithTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.NextCaseRef(ctx, 2026); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		_ = s.WithTx(ctx, func(tx *store.Tx) error {
			ref, err := tx.NextCaseRef(ctx, 2026)
			if ref != "INT-2026-0003" {
				t.Errorf("after rollback next ref = %s, %v", ref, err)
			}
			return nil
		})
	})
}
