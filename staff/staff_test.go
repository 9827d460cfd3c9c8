package staff_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"example.org/intake/internal/itest"
	"example.org/intake/staff"
	"example.org/intake/store"
)

// eachDB runs fn on a fresh, migrated SQLite and PostgreSQL database.
func eachDB(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	itest.EachDB(t, func(t *testing.T, url string) { fn(t, itest.Store(t, url)) })
}

// TestInvite: an invitation stores only the hash of the link's token, with
// its expiry; inviting again replaces the link; a bad role or address is
// the asker's mistake, typed.
func TestInvite(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		link, err := staff.Invite(ctx, st, "https://desk.example/", "Jo@Provider.example", "Jo Caseworker", store.RoleStaff, time.Hour, now)
		if err != nil {
			t.Fatal(err)
		}
		token, ok := strings.CutPrefix(link, "https://desk.example/setup/")
		if !ok || len(token) < 40 {
			t.Fatalf("link %q", link)
		}
		s, err := st.StaffBySetupHash(ctx, staff.TokenHash(token))
		if err != nil {
			t.Fatal(err)
		}
		if s.Email != "jo@provider.example" || s.Name != "Jo Caseworker" || s.Role != store.RoleStaff || s.SetupHash == token ||
			!s.SetupExpiresAt.Time.Equal(now.Add(time.Hour)) {
			t.Errorf("account %+v", s)
		}
		again, err := staff.Invite(ctx, st, "https://desk.example", "jo@provider.example", "", store.RoleAdmin, time.Hour, now)
		if err != nil || again == link {
			t.Fatalf("re-invite %q, %v", again, err)
		}
		if _, err := st.StaffBySetupHash(ctx, staff.TokenHash(token)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the first link still works after a second invitation: %v", err)
		}
		var se *staff.Error
		if _, err := staff.Invite(ctx, st, "https://desk.example", "x@provider.example", "", "root", time.Hour, now); !errors.As(err, &se) {
			t.Errorf("unknown role: %v", err)
		}
		if _, err := staff.Invite(ctx, st, "https://desk.example", "nobody", "", store.RoleStaff, time.Hour, now); !errors.As(err, &se) {
			t.Errorf("no address: %v", err)
		}
	})
}

func TestNewTokenIsRandomAndHashed(t *testing.T) {
	a, ha := staff.NewToken()
	b, hb := staff.NewToken()
	if a == b || ha == hb || ha != staff.TokenHash(a) || ha == a {
		t.Errorf("tokens %q %q hashes %q %q", a, b, ha, hb)
	}
}
