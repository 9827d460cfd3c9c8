package testpg

import (
	"database/sql"
	"strings"
	"testing"
)

// tbRecorder stands in for a test so that skipping and failing can be
// observed instead of ending the calling test.
type tbRecorder struct {
	testing.TB
	skipped, fatal string
}

func (r *tbRecorder) Helper()               {}
func (r *tbRecorder) Skip(args ...any)      { r.skipped = args[0].(string) }
func (r *tbRecorder) Fatal(args ...any)     { r.fatal = args[0].(string) }
func (r *tbRecorder) Name() string          { return "TestRecorder" }
func (r *tbRecorder) Cleanup(f func())      { panic("Cleanup not expected") }
func (r *tbRecorder) Errorf(string, ...any) { panic("Errorf not expected") }

func TestURLWithoutServer(t *testing.T) {
	tests := []struct {
		name, require       string
		wantSkip, wantFatal bool
	}{
		{"skips by default", "", true, false},
		{"skips when not required", "0", true, false},
		{"fails when required", "1", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("INTAKE_TEST_POSTGRES", "")
			t.Setenv("INTAKE_REQUIRE_POSTGRES", tt.require)
			r := &tbRecorder{TB: t}
			if got := URL(r); got != "" {
				t.Errorf("URL() = %q", got)
			}
			if (r.skipped != "") != tt.wantSkip || (r.fatal != "") != tt.wantFatal {
				t.Errorf("skipped %q, fatal %q", r.skipped, r.fatal)
			}
			if msg := r.skipped + r.fatal; !strings.Contains(msg, "INTAKE_TEST_POSTGRES") {
				t.Errorf("message does not say what to set: %q", msg)
			}
		})
	}
}

func TestURLFromEnvironment(t *testing.T) {
	t.Setenv("INTAKE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:1/x")
	if got := URL(t); got != "postgres://postgres@127.0.0.1:1/x" {
		t.Errorf("URL() = %q", got)
	}
}

func TestDatabaseName(t *testing.T) {
	a := databaseName("TestStore/Case: Ünïcode — and a very long name that goes on and on")
	b := databaseName("TestStore/Case: Ünïcode — and a very long name that goes on and on")
	if a == b {
		t.Errorf("two names collide: %q", a)
	}
	if len(a) > 63 || !strings.HasPrefix(a, "intake_teststore_case_") {
		t.Errorf("name %q (%d bytes)", a, len(a))
	}
	for _, r := range a {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			t.Fatalf("name %q has %q", a, r)
		}
	}
}

func exists(t *testing.T, name string) bool {
	t.Helper()
	db, err := sql.Open("postgres", URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

func TestFreshDatabase(t *testing.T) {
	URL(t)
	var names [2]string
	t.Run("two databases", func(t *testing.T) {
		var dbs [2]*sql.DB
		for i := range dbs {
			u := FreshDatabase(t)
			names[i] = u[strings.LastIndexByte(u, '/')+1 : strings.IndexByte(u, '?')]
			db, err := sql.Open("postgres", u)
			if err != nil {
				t.Fatal(err)
			}
			// Left open on purpose: the drop must not be blocked by it.
			dbs[i] = db
			var current string
			if err := db.QueryRow("SELECT current_database()").Scan(&current); err != nil || current != names[i] {
				t.Fatalf("connected to %q (%v), want %q", current, err, names[i])
			}
		}
		if names[0] == names[1] {
			t.Fatalf("same database twice: %s", names[0])
		}
		if _, err := dbs[0].Exec("CREATE TABLE only_here (x int)"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := dbs[1].QueryRow("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'").Scan(&n); err != nil || n != 0 {
			t.Errorf("table leaked into the other database (%d, %v)", n, err)
		}
		for _, name := range names {
			if !exists(t, name) {
				t.Errorf("%s missing during the test", name)
			}
		}
	})
	for _, name := range names {
		if exists(t, name) {
			t.Errorf("%s still exists after the test", name)
		}
	}
}
