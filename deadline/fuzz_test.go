package deadline

import (
	"testing"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2028-02-29", "2027-02-29", "0001-01-01", "9999-12-31", "2026-1-1", "", "2026-01-31x", "+026-01-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, got)
		}
		var back Date
		if err := back.UnmarshalText([]byte(s)); err != nil || back != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, back, err)
		}
		if NewDate(d.Year, d.Month, d.Day) != d {
			t.Fatalf("%q is not normalised", s)
		}
	})
}

// FuzzCompute checks the invariants every due date must keep, whatever the
// start, nation, extension and pause.
func FuzzCompute(f *testing.F) {
	f.Add(uint16(0), uint8(0), false, uint8(0), uint8(0), false)
	f.Add(uint16(20000), uint8(1), true, uint8(3), uint8(7), false)
	f.Add(uint16(17000), uint8(2), false, uint8(30), uint8(0), true)
	f.Add(uint16(18000), uint8(0), true, uint8(80), uint8(40), false)
	f.Fuzz(func(t *testing.T, dayOffset uint16, calIdx uint8, extended bool, pauseAt, pauseLen uint8, open bool) {
		start := NewDate(2000, 1, 1).AddDays(int(dayOffset) % 36500) // 2000 to 2099
		cal := Calendars[int(calIdx)%len(Calendars)]
		in := Input{Start: start, Calendar: cal, Extended: extended}
		if pauseAt > 0 {
			p := Pause{From: start.AddDays(int(pauseAt) - 1)}
			if !open {
				p.To = p.From.AddDays(int(pauseLen))
			}
			in.Pauses = []Pause{p}
		}
		r, err := Compute(in)
		if err != nil {
			// The only valid input a fuzzer can make invalid: a pause that
			// begins after the period ended.
			if pauseAt == 0 {
				t.Fatalf("Compute(%+v): %v", in, err)
			}
			return
		}
		if r.Paused {
			if !open || !r.Due.IsZero() {
				t.Fatalf("Compute(%+v): paused=%v due=%s", in, r.Paused, r.Due)
			}
			return
		}
		if r.Due.Before(start) || r.Due.Before(r.Raw) {
			t.Fatalf("Compute(%+v): due %s before start or raw %s", in, r.Due, r.Raw)
		}
		if !IsWorkingDay(r.Due, cal, nil) {
			t.Fatalf("Compute(%+v): due %s is not a working day", in, r.Due)
		}
		// Every day from raw to the day before due was closed.
		for d := r.Raw; d.Before(r.Due); d = d.AddDays(1) {
			if IsWorkingDay(d, cal, nil) {
				t.Fatalf("Compute(%+v): skipped working day %s", in, d)
			}
		}
		paused := 0
		for _, p := range in.Pauses {
			paused += p.Days()
		}
		months := 1
		if extended {
			months = 3
		}
		if want := addMonthsClamped(start, months).AddDays(paused); r.Raw != want {
			t.Fatalf("Compute(%+v): raw %s, want %s", in, r.Raw, want)
		}
		if gap := start.DaysUntil(r.Raw) - paused; gap < 28*months-1 || gap > 31*months+1 {
			t.Fatalf("Compute(%+v): %d days, not %d month(s)", in, gap, months)
		}
		if r.NoticeBy.After(r.Due) {
			t.Fatalf("Compute(%+v): notice %s after due %s", in, r.NoticeBy, r.Due)
		}
		// A later start never gives an earlier due date.
		if len(in.Pauses) == 0 {
			next := in
			next.Start = start.AddDays(1)
			r2, err := Compute(next)
			if err != nil {
				t.Fatal(err)
			}
			if r2.Due.Before(r.Due) {
				t.Fatalf("start %s due %s, but start %s due %s", start, r.Due, next.Start, r2.Due)
			}
		}
	})
}
