package config

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// FuzzParseClock: an accepted time of day is a whole number of minutes in
// [00:00, 24:00), written back as HH:MM it parses to itself, and
// chasing.working_hours built from two of them is either a window that
// starts before it ends or an error.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:00", "17:30", "00:00", "23:59", "24:00", "9:00", " 09:00 ", "09:60", "-1:00", "09:00:00", "0900", "", "٠٩:٠٠"} {
		f.Add(s, "17:00")
	}
	f.Add(DefaultChasing().WorkingHours, "")
	f.Fuzz(func(t *testing.T, s, other string) {
		d, err := ParseClock(s)
		if err != nil {
			if !strings.Contains(err.Error(), "HH:MM") {
				t.Fatalf("ParseClock(%q) error %q does not say what is wanted", s, err)
			}
			return
		}
		if d < 0 || d >= 24*time.Hour || d%time.Minute != 0 {
			t.Fatalf("ParseClock(%q) = %v", s, d)
		}
		back := fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
		if again, err := ParseClock(back); err != nil || again != d {
			t.Fatalf("ParseClock(%q) = %v, but %q gives %v, %v", s, d, back, again, err)
		}
		start, end, err := Chasing{WorkingHours: s + "-" + other}.Hours()
		if err == nil && (start != d || end <= start) {
			t.Fatalf("working hours %q-%q = %v–%v", s, other, start, end)
		}
	})
}
