package store

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzParseURL: an accepted URL names a known driver; a PostgreSQL URL is
// passed on whole; a SQLite path is non-empty, cannot carry connection
// options of its own (no '?' or NUL once decoded) and, escaped again,
// parses back to itself.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"sqlite:///var/lib/intake/intake.db", "sqlite://intake.db", "sqlite://intake.db?mode=ro", "sqlite://",
		"sqlite://%2Fabs%20path.db", "sqlite://%zz", "sqlite://a%3F_pragma=x", "sqlite://a%00b",
		"postgres://intake:secret@localhost/intake?sslmode=disable", "postgresql://h/db", "mysql://h/db", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		driver, dsn, err := ParseURL(raw)
		if err != nil {
			if strings.Contains(err.Error(), "@") && strings.HasPrefix(raw, "postgres") {
				t.Fatalf("the error for %q may show a password: %v", raw, err)
			}
			return
		}
		switch driver {
		case string(Postgres):
			if dsn != raw {
				t.Fatalf("ParseURL(%q) DSN = %q", raw, dsn)
			}
		case string(SQLite):
			if dsn == "" || strings.ContainsAny(dsn, "?\x00") {
				t.Fatalf("ParseURL(%q) = SQLite path %q", raw, dsn)
			}
			if _, again, err := ParseURL("sqlite://" + url.PathEscape(dsn)); err != nil || again != dsn {
				t.Fatalf("SQLite path %q escaped parses to %q, %v", dsn, again, err)
			}
		default:
			t.Fatalf("ParseURL(%q) driver %q", raw, driver)
		}
	})
}

func TestParseURL(t *testing.T) {
	for _, tc := range []struct{ name, in, driver, dsn string }{
		{"absolute sqlite", "sqlite:///var/lib/intake/intake.db", "sqlite", "/var/lib/intake/intake.db"},
		{"relative sqlite", "sqlite://intake.db", "sqlite", "intake.db"},
		{"sqlite query dropped", "sqlite://intake.db?mode=ro", "sqlite", "intake.db"},
		{"escaped space", "sqlite:///srv/my%20data/intake.db", "sqlite", "/srv/my data/intake.db"},
		{"postgres whole", "postgres://intake@db.example/intake?sslmode=require", "postgres", "postgres://intake@db.example/intake?sslmode=require"},
		{"postgresql whole", "postgresql://db.example/intake", "postgres", "postgresql://db.example/intake"},
		{"sqlite without path", "sqlite://", "", ""},
		{"escaped question mark would add options", "sqlite://intake.db%3F_pragma=journal_mode(DELETE)", "", ""},
		{"escaped NUL", "sqlite://intake%00.db", "", ""},
		{"unknown scheme", "mysql://db.example/intake", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			driver, dsn, err := ParseURL(tc.in)
			if tc.driver == "" {
				if err == nil {
					t.Errorf("ParseURL(%q) = %q, %q; want an error", tc.in, driver, dsn)
				}
				return
			}
			if err != nil || driver != tc.driver || dsn != tc.dsn {
				t.Errorf("ParseURL(%q) = %q, %q, %v; want %q, %q", tc.in, driver, dsn, err, tc.driver, tc.dsn)
			}
		})
	}
}
