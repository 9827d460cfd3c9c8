package deadline

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-01-31", Date{2026, time.January, 31}, false},
		{"2028-02-29", Date{2028, time.February, 29}, false},
		{"0001-01-01", Date{1, time.January, 1}, false},
		{"2027-02-29", Date{}, true}, // not a leap year
		{"2026-04-31", Date{}, true},
		{"2026-13-01", Date{}, true},
		{"2026-1-5", Date{}, true},
		{"26-01-05", Date{}, true},
		{"2026/01/05", Date{}, true},
		{" 2026-01-05", Date{}, true},
		{"2026-01-05T00:00:00Z", Date{}, true},
		{"0000-01-01", Date{}, true}, // year 0 is the zero Date
		{"", Date{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestNewDateNormalises(t *testing.T) {
	if got := NewDate(2026, time.February, 30).String(); got != "2026-03-02" {
		t.Errorf("NewDate(2026, Feb, 30) = %s", got)
	}
	if got := NewDate(2026, time.January, 0).String(); got != "2025-12-31" {
		t.Errorf("NewDate(2026, Jan, 0) = %s", got)
	}
}

func TestDateArithmetic(t *testing.T) {
	d := NewDate(2028, time.February, 28)
	if got := d.AddDays(1).String(); got != "2028-02-29" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := d.AddDays(2).String(); got != "2028-03-01" {
		t.Errorf("AddDays(2) = %s", got)
	}
	if got := NewDate(2026, time.March, 1).AddDays(-1).String(); got != "2026-02-28" {
		t.Errorf("AddDays(-1) = %s", got)
	}
	// Across the UK clock changes the day count must stay exact.
	if n := NewDate(2026, time.March, 28).DaysUntil(NewDate(2026, time.March, 30)); n != 2 {
		t.Errorf("DaysUntil across BST start = %d", n)
	}
	if n := NewDate(2026, time.December, 31).DaysUntil(NewDate(2026, time.January, 1)); n != -364 {
		t.Errorf("DaysUntil backwards = %d", n)
	}
	a, b := NewDate(2026, time.May, 1), NewDate(2026, time.May, 2)
	if !a.Before(b) || a.After(b) || !b.After(a) || a.Before(a) || a.After(a) {
		t.Error("Before/After wrong")
	}
	if NewDate(2025, time.December, 31).Compare(NewDate(2026, time.January, 1)) != -1 {
		t.Error("Compare across years wrong")
	}
	if got := NewDate(2026, time.January, 31).Weekday(); got != time.Saturday {
		t.Errorf("Weekday = %v", got)
	}
	if !(Date{}).IsZero() || a.IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestDateOfUsesLondon(t *testing.T) {
	tests := []struct {
		at   string
		want string
	}{
		// 23:30 UTC in summer is 00:30 BST the next day: received the next day.
		{"2026-06-30T23:30:00Z", "2026-07-01"},
		// In winter London is on UTC.
		{"2026-01-30T23:30:00Z", "2026-01-30"},
		// A sender's zone does not matter, only the instant.
		{"2026-03-01T01:00:00+05:00", "2026-02-28"},
	}
	for _, tt := range tests {
		at, err := time.Parse(time.RFC3339, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := DateOf(at).String(); got != tt.want {
			t.Errorf("DateOf(%s) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestDateTimeIsLondonMidnight(t *testing.T) {
	tm := NewDate(2026, time.July, 1).Time()
	if got := tm.UTC().Format(time.RFC3339); got != "2026-06-30T23:00:00Z" {
		t.Errorf("Time() = %s, want BST midnight", got)
	}
	if got := DateOf(tm); got != NewDate(2026, time.July, 1) {
		t.Errorf("DateOf(Time()) = %s", got)
	}
	// The spring-forward day: midnight exists (clocks change at 01:00).
	if got := DateOf(NewDate(2026, time.March, 29).Time()).String(); got != "2026-03-29" {
		t.Errorf("round trip on clock-change day = %s", got)
	}
}

func TestDateJSONAndTOML(t *testing.T) {
	type doc struct {
		Received Date `json:"received" toml:"received"`
		Closed   Date `json:"closed" toml:"closed"`
	}
	in := doc{Received: NewDate(2026, time.January, 31)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"received":"2026-01-31","closed":""}` {
		t.Errorf("json = %s", b)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("json round trip = %v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"received":"2026-02-30"}`), &out); err == nil {
		t.Error("json accepted an impossible date")
	}

	var tdoc doc
	if _, err := toml.Decode(`received = "2028-02-29"`, &tdoc); err != nil {
		t.Fatal(err)
	}
	if tdoc.Received != NewDate(2028, time.February, 29) {
		t.Errorf("toml = %v", tdoc.Received)
	}
	if _, err := toml.Decode(`received = "29/02/2028"`, &tdoc); err == nil {
		t.Error("toml accepted a bad date")
	}
}

func TestDateSQL(t *testing.T) {
	d := NewDate(2026, time.March, 2)
	v, err := d.Value()
	if err != nil || v != "2026-03-02" {
		t.Errorf("Value = %v, %v", v, err)
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Errorf("zero Value = %v, want NULL", v)
	}
	for _, src := range []any{"2026-03-02", []byte("2026-03-02"), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)} {
		var got Date
		if err := got.Scan(src); err != nil || got != d {
			t.Errorf("Scan(%T) = %v, %v", src, got, err)
		}
	}
	var got Date = d
	if err := got.Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", got, err)
	}
	if err := got.Scan(42); err == nil {
		t.Error("Scan(int) succeeded")
	}
}
