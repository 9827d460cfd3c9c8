package config

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRedacted(t *testing.T) {
	c := mustLoad(t, "testdata/minimal.toml",
		"INTAKE_SMTP_USERNAME=u", "INTAKE_SMTP_PASSWORD=smtp-secret-9",
		"INTAKE_DATABASE_URL=postgres://intake:db-secret-7@db.example/intake?sslmode=disable")
	r := c.Redacted()
	if r.IMAP.Password != Redaction || r.SMTP.Password != Redaction {
		t.Errorf("passwords not redacted: %q %q", r.IMAP.Password, r.SMTP.Password)
	}
	if r.Database.URL != "postgres://intake:********@db.example/intake?sslmode=disable" {
		t.Errorf("database url = %q", r.Database.URL)
	}
	if c.IMAP.Password != "imap-secret-1" || c.Database.URL == r.Database.URL {
		t.Error("Redacted changed the original")
	}
	r.Routing.EnquiryCC[0] = "changed@dpo.example"
	if c.Routing.EnquiryCC[0] == "changed@dpo.example" {
		t.Error("Redacted shares slices with the original")
	}
}

func TestRedactURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"sqlite:///var/lib/intake/intake.db", "sqlite:///var/lib/intake/intake.db"},
		{"postgres://intake@db.example/intake", "postgres://intake@db.example/intake"},
		{"postgres://intake:p%40ss@db.example/intake", "postgres://intake:********@db.example/intake"},
		{"postgres://db.example/intake?password=db-secret-7&sslmode=disable", "postgres://db.example/intake?password=********&sslmode=disable"},
		{"postgres://u:db-secret-7@[bad/x", Redaction},
	}
	for _, tt := range tests {
		if got := redactURL(tt.in); got != tt.want {
			t.Errorf("redactURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestWriteTOMLRoundTrips(t *testing.T) {
	c := mustLoad(t, "testdata/odd.toml")
	var buf bytes.Buffer
	if err := c.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "multi") {
		t.Fatalf("WriteTOML shows the password:\n%s", buf.String())
	}
	path := filepath.Join(t.TempDir(), "round.toml")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	back := mustLoad(t, path, "INTAKE_IMAP_PASSWORD="+c.IMAP.Password)
	if back.IMAP.PollInterval != c.IMAP.PollInterval || back.Organisation.Name != c.Organisation.Name ||
		back.SMTP.From != c.SMTP.From || len(back.Organisation.ExtraHolidays) != 2 {
		t.Errorf("round trip changed the config:\n%s", buf.String())
	}
}

// Secrets must not reach any message, whatever else is wrong.
func TestProblemsNeverShowSecrets(t *testing.T) {
	_, err := Load("testdata/bad.toml", []string{
		"INTAKE_SMTP_PASSWORD=smtp-secret-9",
		"INTAKE_DATABASE_URL=postgres://u:db-secret-7@[bad/x",
	})
	if err == nil {
		t.Fatal("bad.toml loaded")
	}
	for _, secret := range []string{"smtp-secret-9", "db-secret-7", "imap-secret-1", "hunter2"} {
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error shows %q:\n%v", secret, err)
		}
	}
}
