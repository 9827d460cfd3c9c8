package config

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Period is a length of calendar time, written "6y" (years), "90d" (days)
// or as a Go duration ("720h"). Years and days are counted on the
// calendar, so six years after 29 February is 28 February (Go's AddDate
// normalises it to 1 March).
type Period struct {
	Years, Days int
	// Exact is a Go duration, when the period was written as one.
	Exact time.Duration
}

var periodForm = regexp.MustCompile(`^(\d{1,4})([yd])$`)

// UnmarshalText parses "6y", "2190d" or a Go duration.
func (p *Period) UnmarshalText(text []byte) error {
	s := string(text)
	if m := periodForm.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		*p = Period{}
		if m[2] == "y" {
			p.Years = n
		} else {
			p.Days = n
		}
		return nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a period such as \"6y\", \"90d\" or \"720h\"", text)
	}
	*p = Period{Exact: d}
	return nil
}

// MarshalText writes the period back in the form UnmarshalText reads.
func (p Period) MarshalText() ([]byte, error) {
	switch {
	case p.Years != 0 && p.Days == 0 && p.Exact == 0:
		return []byte(strconv.Itoa(p.Years) + "y"), nil
	case p.Days != 0 && p.Years == 0 && p.Exact == 0:
		return []byte(strconv.Itoa(p.Days) + "d"), nil
	}
	return []byte((time.Duration(p.Years)*365*24*time.Hour + time.Duration(p.Days)*24*time.Hour + p.Exact).String()), nil
}

// Before returns the time the period before t.
func (p Period) Before(t time.Time) time.Time {
	return t.AddDate(-p.Years, 0, -p.Days).Add(-p.Exact)
}

// Positive reports whether the period is longer than nothing.
func (p Period) Positive() bool {
	return p.Years >= 0 && p.Days >= 0 && p.Exact >= 0 && (p.Years > 0 || p.Days > 0 || p.Exact > 0)
}

func (p Period) String() string {
	b, _ := p.MarshalText()
	return string(b)
}
