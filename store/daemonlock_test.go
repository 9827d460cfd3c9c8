package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"example.org/intake/internal/testpg"
	"example.org/intake/store"
)

// TestSQLiteRefusesASecondDaemon: one daemon per SQLite database; the claim
// passes to the next daemon once the first has closed; command-line tools
// that only open the store are not refused.
func TestSQLiteRefusesASecondDaemon(t *testing.T) {
	ctx := context.Background()
	url := "sqlite://" + filepath.Join(t.TempDir(), "intake.db")
	first, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.ClaimDaemon(); err != nil {
		t.Fatalf("first claim: %v", err)
	}
	second, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatalf("a second open (as intake case list does) must work: %v", err)
	}
	defer second.Close()
	err = second.ClaimDaemon()
	var sd *store.SecondDaemonError
	if !errors.As(err, &sd) {
		t.Fatalf("second claim = %v, want *SecondDaemonError", err)
	}
	if filepath.Dir(sd.Path) != filepath.Dir(url[len("sqlite://"):]) {
		t.Errorf("lock path %s is not beside the database", sd.Path)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.ClaimDaemon(); err != nil {
		t.Fatalf("claim after the first daemon closed: %v", err)
	}
}

func TestPostgresAllowsSeveralDaemons(t *testing.T) {
	url := testpg.FreshDatabase(t)
	ctx := context.Background()
	a, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := store.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := a.ClaimDaemon(); err != nil {
		t.Fatal(err)
	}
	if err := b.ClaimDaemon(); err != nil {
		t.Fatalf("PostgreSQL replicas must not be refused: %v", err)
	}
}
