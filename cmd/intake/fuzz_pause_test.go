package main

import (
	"strings"
	"testing"
)

// FuzzPauseFlag: --pause FROM:TO adds one pause or refuses with a message
// saying what is wanted; an accepted pause is printed back as FROM:TO that
// parses to the same pause.
func FuzzPauseFlag(f *testing.F) {
	for _, s := range []string{"2026-03-05:2026-03-12", "2026-03-05:", ":2026-03-12", "2026-03-05", "2026-02-30:2026-03-01",
		"0000-01-01:", "9999-12-31:9999-12-31", "2026-03-05:2026-03-12:x", "2026-3-5:", " 2026-03-05:", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var p pauseFlags
		if err := p.Set(s); err != nil {
			if len(p) != 0 || !strings.Contains(err.Error(), "YYYY-MM-DD") && !strings.Contains(err.Error(), "FROM:TO") {
				t.Fatalf("Set(%q) = %v with %d pauses", s, err, len(p))
			}
			return
		}
		if len(p) != 1 || p[0].From.IsZero() {
			t.Fatalf("Set(%q) gave %+v", s, p)
		}
		var again pauseFlags
		if err := again.Set(p.String()); err != nil || len(again) != 1 || again[0] != p[0] {
			t.Fatalf("Set(%q) = %+v, printed %q, which parses to %+v, %v", s, p, p.String(), again, err)
		}
	})
}
