package store_test

import (
	"context"
	"testing"
	"time"

	"example.org/intake/store"
)

func TestBulkFillBuildsWhatItSays(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
		n := store.BulkSize{Cases: 400, Messages: 1000, OpenEvery: 20, Calendar: "england-and-wales", Now: now}
		if err := s.BulkFill(ctx, n); err != nil {
			t.Fatal(err)
		}
		cases, err := s.ListCases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cases) != 400 {
			t.Fatalf("%d cases, want 400", len(cases))
		}
		open := 0
		for _, c := range cases {
			if c.State != store.StateClosed {
				open++
			}
			if c.ReceivedAt.After(now) || now.Sub(c.ReceivedAt) > 400*time.Minute || c.DueDate == "" || c.StartDate == "" {
				t.Fatalf("case %s: received %s, start %q, due %q", c.Ref, c.ReceivedAt, c.StartDate, c.DueDate)
			}
		}
		if open != 20 {
			t.Errorf("%d open cases, want 20", open)
		}
		ob, err := s.OutboundForCase(ctx, cases[0].ID)
		if err != nil || len(ob) != 2 {
			t.Errorf("case %s has %d letters (%v), want 2", cases[0].Ref, len(ob), err)
		}
		stats, err := s.OutboundStats(ctx)
		if err != nil || stats.ByState[store.OutboundSent] != 800 {
			t.Errorf("outbound stats %+v, %v", stats, err)
		}
		if err := s.BulkFill(ctx, n); err == nil {
			t.Error("a second BulkFill on a database with cases = nil, want refused")
		}
	})
}

func TestListCasesPageWalksNewestFirst(t *testing.T) {
	eachDB(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
		if err := s.BulkFill(ctx, store.BulkSize{Cases: 450, Messages: 450, Calendar: "england-and-wales", Now: now}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name   string
			states []string
			want   int
		}{{"every state", nil, 450}, {"closed", []string{store.StateClosed}, 450 - 450/20}} {
			t.Run(tc.name, func(t *testing.T) {
				var seen int
				var before int64
				for {
					page, err := s.ListCasesPage(ctx, store.CasePage{States: tc.states, BeforeID: before, Limit: 200})
					if err != nil {
						t.Fatal(err)
					}
					for i, c := range page {
						if before > 0 && c.ID >= before || i > 0 && c.ID >= page[i-1].ID {
							t.Fatalf("case %d out of order", c.ID)
						}
						if len(tc.states) > 0 && c.State != tc.states[0] {
							t.Fatalf("case %d in state %s", c.ID, c.State)
						}
					}
					seen += len(page)
					if len(page) < 200 {
						break
					}
					before = page[len(page)-1].ID
				}
				if seen != tc.want {
					t.Errorf("%d cases over the pages, want %d", seen, tc.want)
				}
			})
		}
	})
}
