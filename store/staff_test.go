package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"example.org/intake/store"
)

func TestStaffAccountsAndSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		st, err := s.UpsertStaff(ctx, " Jo@Provider.example ", "Jo Caseworker", store.RoleStaff, "setup1", now.Add(time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		if st.Email != "jo@provider.example" || st.Name != "Jo Caseworker" || st.Role != store.RoleStaff || !st.SetupExpiresAt.Valid {
			t.Fatalf("created %+v", st)
		}
		// Re-inviting keeps the name when none is given and changes the role.
		st2, err := s.UpsertStaff(ctx, "jo@provider.example", "", store.RoleAdmin, "setup2", now.Add(time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		if st2.ID != st.ID || st2.Name != "Jo Caseworker" || st2.Role != store.RoleAdmin || st2.SetupHash != "setup2" {
			t.Errorf("re-invited %+v", st2)
		}
		if _, err := s.StaffBySetupHash(ctx, "setup1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("old set-up hash still finds the account: %v", err)
		}
		if _, err := s.StaffBySetupHash(ctx, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("empty set-up hash finds an account: %v", err)
		}

		sess := store.StaffSession{IDHash: "sess1", StaffID: st.ID, CSRFToken: "tok", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		got, err := s.Session(ctx, "sess1", now.Add(59*time.Minute))
		if err != nil || got.StaffID != st.ID || got.CSRFToken != "tok" {
			t.Fatalf("session: %+v %v", got, err)
		}
		if _, err := s.Session(ctx, "sess1", now.Add(61*time.Minute)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		// Completing set-up uses the token and ends every session.
		if err := s.CompleteSetup(ctx, st.ID, "Jo C", "$argon2id$hash"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "sess1", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session survived a password change: %v", err)
		}
		st3, _ := s.StaffByEmail(ctx, "JO@provider.example")
		if st3.PasswordHash != "$argon2id$hash" || st3.SetupHash != "" || st3.SetupExpiresAt.Valid || st3.Name != "Jo C" {
			t.Errorf("after set-up %+v", st3)
		}

		sess.IDHash = "sess2"
		if err := s.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteSession(ctx, "sess2"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, "sess2", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleted session: %v", err)
		}
		sess.IDHash = "sess3"
		s.CreateSession(ctx, sess)
		if n, err := s.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil || n != 1 {
			t.Errorf("expired sessions deleted: %d %v", n, err)
		}

		if err := s.SetAPITokenHash(ctx, st.ID, "api1"); err != nil {
			t.Fatal(err)
		}
		if a, err := s.StaffByAPITokenHash(ctx, "api1"); err != nil || a.ID != st.ID {
			t.Errorf("by API token: %v", err)
		}
		if _, err := s.StaffByAPITokenHash(ctx, ""); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("empty API token finds an account: %v", err)
		}
		all, err := s.ListStaff(ctx)
		if err != nil || len(all) != 1 {
			t.Errorf("list: %d %v", len(all), err)
		}
	})
}

func TestAuditLogJoinsEventsAndViews(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		var c store.Case
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			c = store.Case{Ref: "INT-2026-0001", Kind: "erasure", State: store.StateReceived, Calendar: "england-and-wales",
				ReceivedAt: now, StartDate: "2026-03-02", CreatedAt: now}
			if err := tx.CreateCase(ctx, &c); err != nil {
				return err
			}
			return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now.Add(time.Minute), Kind: "closed", Actor: "Jo", Detail: "closed by Jo"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RecordCaseView(ctx, c.ID, "Ada", "case page", now.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		log, err := s.AuditLog(ctx, now.Add(-time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(log) != 2 || log[0].Action != "viewed" || log[0].Actor != "Ada" || log[0].CaseRef != c.Ref || log[1].Action != "closed" {
			t.Errorf("audit log %+v", log)
		}
		if log, _ := s.AuditLog(ctx, now.Add(90*time.Second), 10); len(log) != 1 {
			t.Errorf("since filter: %d entries", len(log))
		}
	})
}
