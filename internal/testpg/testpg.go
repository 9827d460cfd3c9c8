// Package testpg gives tests a PostgreSQL database of their own on the
// server that scripts/pg starts (INTAKE_TEST_POSTGRES), so that packages
// tested in parallel never see each other's tables. Without a server the
// tests skip, unless INTAKE_REQUIRE_POSTGRES=1 (set by scripts/test under CI)
// turns the skip into a failure.
package testpg

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
)

// URL returns the server URL from INTAKE_TEST_POSTGRES, skipping the test
// when it is unset (failing it when INTAKE_REQUIRE_POSTGRES=1).
func URL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("INTAKE_TEST_POSTGRES")
	if u != "" {
		return u
	}
	if os.Getenv("INTAKE_REQUIRE_POSTGRES") == "1" {
		t.Fatal("testpg: INTAKE_TEST_POSTGRES is not set but INTAKE_REQUIRE_POSTGRES=1; run the tests with scripts/test, or scripts/pg go test ...")
		return ""
	}
	t.Skip("testpg: PostgreSQL tests skipped: INTAKE_TEST_POSTGRES is not set (scripts/test starts a server; or run scripts/pg go test ...)")
	return ""
}

// FreshDatabase creates an empty database with a unique name on the server
// of URL, drops it when the test ends, and returns its URL.
func FreshDatabase(t testing.TB) string {
	t.Helper()
	base := URL(t)
	if base == "" {
		return "" // only reached when t is not a real *testing.T
	}
	name := databaseName(t.Name())
	admin := open(t, base)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("testpg: create database %s: %v", name, err)
		return ""
	}
	t.Cleanup(func() {
		admin := open(t, base)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// FORCE ends connections a test left open (PostgreSQL 13+).
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("testpg: drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testpg: INTAKE_TEST_POSTGRES is not a URL: %v", err)
		return ""
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

func open(t testing.TB, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatalf("testpg: open: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// databaseName makes a name that says which test made it (for someone
// looking at a leftover database) and cannot collide: PostgreSQL allows 63
// bytes, of which the random suffix takes 17.
func databaseName(testName string) string {
	var b strings.Builder
	b.WriteString("intake_")
	for _, r := range strings.ToLower(testName) {
		if b.Len() >= 45 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	suffix := make([]byte, 8)
	_, _ = rand.Read(suffix)
	b.WriteByte('_')
	b.WriteString(hex.EncodeToString(suffix))
	return b.String()
}
