package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/lib/pq"

	"example.org/intake/store"
)

// TestIsOutageByCode names every kind of database error intake meets and
// whether it is an outage (waited out) or the data's own failure (counted
// against the message).
func TestIsOutageByCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"plain error", errors.New("responder: not a bare address"), false},
		{"cancelled (stopping)", fmt.Errorf("store: begin: %w", context.Canceled), false},
		{"statement timeout", fmt.Errorf("store: begin: %w", context.DeadlineExceeded), true},
		{"bad connection", fmt.Errorf("store: %w", sql.ErrConnDone), true},
		{"pq connection failure 08006", &pq.Error{Code: "08006"}, true},
		{"pq cannot connect now 57P03", &pq.Error{Code: "57P03"}, true},
		{"pq admin shutdown 57P01", &pq.Error{Code: "57P01"}, true},
		{"pq disk full 53100", &pq.Error{Code: "53100"}, true},
		{"pq too many connections 53300", &pq.Error{Code: "53300"}, true},
		{"pq I/O error 58030", &pq.Error{Code: "58030"}, true},
		{"pq serialization failure 40001", &pq.Error{Code: "40001"}, true},
		{"pq deadlock 40P01", &pq.Error{Code: "40P01"}, true},
		{"pq lock not available 55P03", &pq.Error{Code: "55P03"}, true},
		{"pq read-only standby 25006", &pq.Error{Code: "25006"}, true},
		{"pq unique violation 23505", &pq.Error{Code: "23505"}, false},
		{"pq NUL in text 22021", &pq.Error{Code: "22021"}, false},
		{"pq value too long 22001", &pq.Error{Code: "22001"}, false},
		{"pq syntax error 42601", &pq.Error{Code: "42601"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := store.IsOutage(tc.err); got != tc.want {
				t.Errorf("IsOutage(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// TestIsOutageFromRealDrivers checks the classification against errors the
// drivers really return.
func TestIsOutageFromRealDrivers(t *testing.T) {
	ctx := context.Background()
	t.Run("postgres refused", func(t *testing.T) {
		_, err := store.OpenURL(ctx, "postgres://intake@127.0.0.1:1/intake?sslmode=disable&connect_timeout=2")
		if err == nil || !store.IsOutage(err) {
			t.Errorf("connecting to a closed port: %v, IsOutage=%v, want an outage", err, store.IsOutage(err))
		}
	})
	t.Run("sqlite busy", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "intake.db")
		s, err := store.OpenURL(ctx, "sqlite://"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		// A second writer that does not wait meets the lock the store holds.
		other, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)&_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetCheckpoint(ctx, "INBOX", 1, 1, time.Now()); err != nil {
				return err
			}
			_, err := other.ExecContext(ctx, `INSERT INTO meta (key, value) VALUES ('x', 'y')`)
			return err
		})
		if err == nil || !store.IsOutage(err) {
			t.Errorf("writing while another connection holds the lock: %v, IsOutage=%v, want an outage", err, store.IsOutage(err))
		}
	})
	eachDB(t, func(t *testing.T, s *store.Store) {
		// The same message stored twice is the data's fault, not an outage.
		in := func() *store.Inbound {
			return &store.Inbound{Mailbox: "INBOX", UIDValidity: 1, UID: 1, DedupeKey: "mid:x@example.org", SHA256: "00",
				Raw: []byte("x"), Kind: "other", Action: "none", Classification: "{}", Disposition: store.DispositionNotRequest,
				ReceivedAt: time.Now(), CreatedAt: time.Now()}
		}
		insert := func(m *store.Inbound) error {
			return s.WithTx(ctx, func(tx *store.Tx) error { return tx.InsertInbound(ctx, m) })
		}
		if err := insert(in()); err != nil {
			t.Fatal(err)
		}
		if err := insert(in()); err == nil || store.IsOutage(err) {
			t.Errorf("duplicate insert: %v, IsOutage=%v, want a failure that is not an outage", err, store.IsOutage(err))
		}
		if s.Dialect() == store.Postgres {
			m := in()
			m.DedupeKey, m.Subject = "mid:y@example.org", "nul\x00byte"
			if err := insert(m); err == nil || store.IsOutage(err) {
				t.Errorf("NUL in a text column: %v, IsOutage=%v, want a failure that is not an outage", err, store.IsOutage(err))
			}
		}
	})
}

func TestInboundAttemptsCountPerPosition(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		for i, want := range []int{1, 2, 3} {
			n, err := s.RecordInboundFailure(ctx, "INBOX", 7, 42, fmt.Sprintf("reason %d", i+1), now.Add(time.Duration(i)*time.Second))
			if err != nil || n != want {
				t.Fatalf("failure %d: RecordInboundFailure() = %d, %v; want %d", i+1, n, err, want)
			}
		}
		if n, err := s.RecordInboundFailure(ctx, "INBOX", 8, 42, "other validity", now); err != nil || n != 1 {
			t.Errorf("same UID under another UIDVALIDITY: %d, %v; want 1", n, err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.GaveUpInbound(ctx, "INBOX", 7, 42, 0, now) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.InboundAttempts(ctx, "INBOX")
		if err != nil || len(got) != 2 {
			t.Fatalf("InboundAttempts() = %d rows, %v; want 2", len(got), err)
		}
		a := got[0]
		if a.UIDValidity != 7 || a.UID != 42 || a.Failures != 3 || a.LastReason != "reason 3" || !a.GaveUpAt.Valid || a.CaseID.Valid ||
			!a.FirstFailedAt.Equal(now) || !a.LastFailedAt.Equal(now.Add(2*time.Second)) {
			t.Errorf("attempts = %+v", a)
		}
		if got[1].GaveUpAt.Valid {
			t.Errorf("the other position is given up too: %+v", got[1])
		}
	})
}
