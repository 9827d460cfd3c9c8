package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"example.org/intake/store"
)

func urnsOf(ps []store.Participant) []string {
	out := []string{}
	for _, p := range ps {
		out = append(out, p.URN)
	}
	return out
}

func TestParticipantUpsertAndLookups(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		alice := &store.Participant{URN: " ab1001 ", Name: "Alice Example", Phone: "01632 960001",
			Stage: "no_ia", StageDate: "2026-01-15", Emails: []string{"Alice@Example.org", "shared@home.example", "alice@example.org"}}
		created, err := s.UpsertParticipant(ctx, alice, t0)
		if err != nil || !created || alice.ID == 0 {
			t.Fatalf("UpsertParticipant(new) = %v, %v, id %d", created, err, alice.ID)
		}
		bob := &store.Participant{URN: "AB1002", Name: "Bob Sample", Emails: []string{"shared@home.example"}}
		if _, err := s.UpsertParticipant(ctx, bob, t0); err != nil {
			t.Fatal(err)
		}

		got, err := s.ParticipantByURN(ctx, "ab1001")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"alice@example.org", "shared@home.example"}
		if got.URN != "AB1001" || got.Name != "Alice Example" || got.Stage != "no_ia" || got.StageDate != "2026-01-15" ||
			!reflect.DeepEqual(got.Emails, want) || !got.CreatedAt.Equal(t0) {
			t.Errorf("ParticipantByURN = %+v", got)
		}
		if _, err := s.ParticipantByURN(ctx, "AB9999"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown URN: %v", err)
		}

		// A shared mailbox belongs to both parents.
		shared, err := s.ParticipantsByEmail(ctx, " SHARED@home.example")
		if err != nil || !reflect.DeepEqual(urnsOf(shared), []string{"AB1001", "AB1002"}) {
			t.Errorf("ParticipantsByEmail(shared) = %v, %v", urnsOf(shared), err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			ps, err := tx.ParticipantsByEmail(ctx, "alice@example.org")
			if err != nil || !reflect.DeepEqual(urnsOf(ps), []string{"AB1001"}) {
				t.Errorf("Tx.ParticipantsByEmail = %v, %v", urnsOf(ps), err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if ps, err := s.ParticipantsByEmail(ctx, ""); err != nil || len(ps) != 0 {
			t.Errorf("ParticipantsByEmail(\"\") = %v, %v", ps, err)
		}

		// Re-import: every field and the whole address set are replaced.
		t1 := t0.Add(24 * time.Hour)
		again := &store.Participant{URN: "AB1001", Name: "Alice Example-Smith", Stage: "intervention_started",
			StageDate: "2026-03-01", Emails: []string{"alice.smith@example.org"}}
		created, err = s.UpsertParticipant(ctx, again, t1)
		if err != nil || created || again.ID != alice.ID {
			t.Fatalf("UpsertParticipant(again) = %v, %v, id %d want %d", created, err, again.ID, alice.ID)
		}
		got, _ = s.ParticipantByURN(ctx, "AB1001")
		if got.Name != "Alice Example-Smith" || got.Phone != "" || got.Stage != "intervention_started" ||
			!reflect.DeepEqual(got.Emails, []string{"alice.smith@example.org"}) || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t1) {
			t.Errorf("after re-import = %+v", got)
		}
		if shared, _ := s.ParticipantsByEmail(ctx, "shared@home.example"); !reflect.DeepEqual(urnsOf(shared), []string{"AB1002"}) {
			t.Errorf("old address still linked: %v", urnsOf(shared))
		}

		all, err := s.ListParticipants(ctx)
		if err != nil || !reflect.DeepEqual(urnsOf(all), []string{"AB1001", "AB1002"}) || len(all[1].Emails) != 1 {
			t.Errorf("ListParticipants = %+v, %v", all, err)
		}

		if _, err := s.UpsertParticipant(ctx, &store.Participant{URN: "  "}, t1); err == nil {
			t.Error("a participant without URN was stored")
		}
	})
}

func TestSearchParticipants(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		for _, p := range []store.Participant{
			{URN: "AB1001", Name: "Alice Example", Emails: []string{"alice@example.org"}},
			{URN: "AB1002", Name: "Bob Sample", Emails: []string{"bob_s@home.example"}},
			{URN: "CD2001", Name: "Carol 100% Test", Emails: []string{"carol@example.net"}},
		} {
			if _, err := s.UpsertParticipant(ctx, &p, now); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			name, query string
			limit       int
			want        []string
		}{
			{"urn prefix", "ab10", 0, []string{"AB1001", "AB1002"}},
			{"name any case", "SAMPLE", 0, []string{"AB1002"}},
			{"address", "example.net", 0, []string{"CD2001"}},
			{"underscore is literal", "b_s", 0, []string{"AB1002"}},
			{"percent is literal", "100%", 0, []string{"CD2001"}},
			{"percent alone matches only itself", "%", 0, []string{"CD2001"}},
			{"nothing", "zzz", 0, []string{}},
			{"empty lists all", "", 0, []string{"AB1001", "AB1002", "CD2001"}},
			{"limit", "", 2, []string{"AB1001", "AB1002"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.SearchParticipants(ctx, tt.query, tt.limit)
				if err != nil || !reflect.DeepEqual(urnsOf(got), tt.want) {
					t.Errorf("SearchParticipants(%q) = %v, %v; want %v", tt.query, urnsOf(got), err, tt.want)
				}
			})
		}
	})
}

func TestSetParticipantStage(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
		if _, err := s.UpsertParticipant(ctx, &store.Participant{URN: "AB1001", Stage: "not_started",
			Emails: []string{"alice@example.org"}}, now); err != nil {
			t.Fatal(err)
		}
		if err := s.SetParticipantStage(ctx, "ab1001", "ia_declined", "2026-02-20", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ := s.ParticipantByURN(ctx, "AB1001")
		if got.Stage != "ia_declined" || got.StageDate != "2026-02-20" || !got.UpdatedAt.Equal(now.Add(time.Hour)) ||
			len(got.Emails) != 1 {
			t.Errorf("after SetParticipantStage = %+v", got)
		}
		if err := s.SetParticipantStage(ctx, "ZZ0000", "no_ia", "", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown URN: %v", err)
		}
	})
}

func TestManyParticipantsListWithAddresses(t *testing.T) {
	// More participants than one IN list carries: addresses must still
	// come back with each of them.
	s := openSQLite(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	const n = 1205
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		for i := range n {
			p := &store.Participant{URN: fmt.Sprintf("P%05d", i), Emails: []string{fmt.Sprintf("p%05d@example.org", i)}}
			if _, err := tx.UpsertParticipant(ctx, p, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	all, err := s.ListParticipants(ctx)
	if err != nil || len(all) != n {
		t.Fatalf("ListParticipants = %d, %v", len(all), err)
	}
	for _, p := range all {
		if len(p.Emails) != 1 || p.Emails[0] != strings.ToLower(p.URN)+"@example.org" {
			t.Fatalf("participant %s has addresses %v", p.URN, p.Emails)
		}
	}
}
