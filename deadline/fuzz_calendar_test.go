package deadline

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParseCalendar: a name is accepted only when it is one of Calendars
// (in any case, with spaces around), "" is England and Wales, and what it
// returns parses to itself.
func FuzzParseCalendar(f *testing.F) {
	for _, c := range Calendars {
		f.Add(string(c))
		f.Add(strings.ToUpper(string(c)))
	}
	for _, s := range []string{"", " ", " scotland\t", "wales", "england", "northern ireland", "ſcotland", "SCOTLAND\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCalendar(s)
		norm := strings.ToLower(strings.TrimSpace(s))
		if err != nil {
			if norm == "" || slices.Contains(Calendars, Calendar(norm)) {
				t.Fatalf("ParseCalendar(%q) refused a calendar: %v", s, err)
			}
			return
		}
		if !slices.Contains(Calendars, c) {
			t.Fatalf("ParseCalendar(%q) = %q, not a calendar", s, c)
		}
		if norm != string(c) && !(norm == "" && c == EnglandAndWales) {
			t.Fatalf("ParseCalendar(%q) = %q", s, c)
		}
		if again, err := ParseCalendar(string(c)); err != nil || again != c {
			t.Fatalf("ParseCalendar(%q) = %q, %v", c, again, err)
		}
	})
}
