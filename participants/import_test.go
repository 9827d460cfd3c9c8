package participants_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/internal/testpg"
	"example.org/intake/participants"
	"example.org/intake/store"
)

// eachDB runs fn on a fresh, migrated SQLite and PostgreSQL database.
func eachDB(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	open := func(t *testing.T, url string) *store.Store {
		st, err := store.OpenURL(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return st
	}
	t.Run("sqlite", func(t *testing.T) {
		fn(t, open(t, "sqlite://"+filepath.Join(t.TempDir(), "intake.db")))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, open(t, testpg.FreshDatabase(t)))
	})
}

func TestImportFixtureThenReimport(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		prog := config.DefaultProgramme()
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		f, err := os.Open("testdata/register.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rep, err := participants.Import(ctx, st, f, prog, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 5 || rep.Created != 2 || rep.Updated != 0 || rep.Blank != 1 || len(rep.Rejected) != 3 {
			t.Fatalf("report = %+v", rep)
		}
		var text strings.Builder
		rep.WriteText(&text)
		want := "5 rows read: 2 accepted (2 new, 0 updated), 3 rejected; 1 blank row skipped\n" +
			"row 4 (URN AB1003): email address 1 of 1 is not a valid address\n" +
			"row 5: no URN\n" +
			"row 6 (URN AB1005): unknown programme stage; use one of not_started, no_ia, ia_declined, ia_not_started, intervention_started or its label\n"
		if text.String() != want {
			t.Errorf("report:\n%s\nwant:\n%s", text.String(), want)
		}
		alice, err := st.ParticipantByURN(ctx, "AB1001")
		if err != nil || alice.Stage != "no_ia" || alice.StageDate != "2026-01-15" ||
			!reflect.DeepEqual(alice.Emails, []string{"a.example@home.example", "alice@example.org"}) {
			t.Fatalf("AB1001 = %+v, %v", alice, err)
		}
		if _, err := st.ParticipantByURN(ctx, "AB1003"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("rejected row stored: %v", err)
		}

		// The register a week later: Alice has moved on and changed
		// address, Carol's row is fixed, Bob is not in this extract.
		later := now.Add(7 * 24 * time.Hour)
		csv := "URN,Name,Email,Phone,Stage,Stage date\n" +
			"AB1001,Alice Example,alice.new@example.org,,attended the initial assessment but did not start the intervention,2026-03-05\n" +
			"AB1003,Carol Test,carol@example.org,,not_started,\n"
		rep, err = participants.Import(ctx, st, strings.NewReader(csv), prog, later, nil)
		if err != nil || rep.Created != 1 || rep.Updated != 1 || len(rep.Rejected) != 0 {
			t.Fatalf("re-import = %+v, %v", rep, err)
		}
		alice, _ = st.ParticipantByURN(ctx, "AB1001")
		if alice.Stage != "ia_not_started" || alice.Phone != "" || !reflect.DeepEqual(alice.Emails, []string{"alice.new@example.org"}) ||
			!alice.UpdatedAt.Equal(later) {
			t.Errorf("AB1001 after re-import = %+v", alice)
		}
		if old, _ := st.ParticipantsByEmail(ctx, "alice@example.org"); len(old) != 0 {
			t.Errorf("old address still matches %d participants", len(old))
		}
		if bob, err := st.ParticipantByURN(ctx, "AB1002"); err != nil || bob.Name != "Sample, Bob" {
			t.Errorf("participant missing from the new file: %+v, %v", bob, err)
		}
	})
}

func TestImportWritesNothingWhenTheFileIsRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, err := participants.Import(ctx, st, strings.NewReader("Name,Email\nX,x@example.org\n"), config.DefaultProgramme(), time.Now(), nil)
		if err == nil {
			t.Fatal("a file without a URN column was imported")
		}
		if all, _ := st.ListParticipants(ctx); len(all) != 0 {
			t.Errorf("%d participants stored", len(all))
		}
	})
}

func TestImportRollsBackOnDatabaseFailure(t *testing.T) {
	eachDB(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the transaction cannot even begin: nothing may be half-written
		csv := "URN,Name,Email,Phone,Stage,Stage date\nAB1,X,,,,\nAB2,Y,,,,\n"
		if _, err := participants.Import(ctx, st, strings.NewReader(csv), config.DefaultProgramme(), time.Now(), nil); err == nil {
			t.Fatal("Import with a cancelled context succeeded")
		}
		if all, _ := st.ListParticipants(context.Background()); len(all) != 0 {
			t.Errorf("%d participants stored", len(all))
		}
	})
}
