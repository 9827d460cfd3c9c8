package deadline

import (
	"database/sql/driver"
	"fmt"
	"time"
	_ "time/tzdata" // DateOf and Time must work on hosts without system zoneinfo
)

// Date is a civil date with no time of day and no zone: statutory periods are
// counted in whole days, and carrying a time.Time would invite off-by-one
// errors around midnight and daylight-saving changes.
//
// The zero Date (Year 0) means "no date"; it marshals to the empty string.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

var london = mustLoadLondon()

func mustLoadLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		// Unreachable: time/tzdata is embedded above.
		panic("deadline: Europe/London zone missing: " + err.Error())
	}
	return loc
}

// NewDate returns the date y-m-d. Out-of-range values are normalised the way
// time.Date does it, so NewDate(2026, time.February, 30) is 2026-03-02.
func NewDate(y int, m time.Month, d int) Date {
	return fromUTC(time.Date(y, m, d, 12, 0, 0, 0, time.UTC))
}

// ParseDate parses a strict "YYYY-MM-DD" date with a year from 0001 to 9999.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Year() < 1 {
		return Date{}, fmt.Errorf("deadline: invalid date %q: want YYYY-MM-DD", s)
	}
	return fromUTC(t), nil
}

// DateOf returns the calendar date of t in the United Kingdom (Europe/London),
// which is the date a message counts as received on.
func DateOf(t time.Time) Date {
	return fromUTC(t.In(london))
}

func fromUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight at the start of d in Europe/London. UK clocks change
// at 01:00, so that midnight always exists.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, london)
}

// utcNoon is the arithmetic form: noon UTC keeps every day exactly 24h apart.
func (d Date) utcNoon() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// dayNumber counts days since 1970-01-01; differences of day numbers are day counts.
func (d Date) dayNumber() int {
	return int(d.utcNoon().Unix() / 86400)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return NewDate(d.Year, d.Month, d.Day+n) }

// DaysUntil returns the number of days from d to o: 1 when o is the next day,
// negative when o is before d.
func (d Date) DaysUntil(o Date) int { return o.dayNumber() - d.dayNumber() }

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.compare(o) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after o (for slices.SortFunc).
func (d Date) Compare(o Date) int { return d.compare(o) }

func (d Date) compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utcNoon().Weekday() }

// MarshalText writes "YYYY-MM-DD", or nothing for the zero Date, so optional
// dates round-trip through JSON and TOML.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "YYYY-MM-DD"; the empty string gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores a Date as "YYYY-MM-DD" text (NULL for the zero Date), which
// sorts correctly and means the same in SQLite and PostgreSQL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a Date stored by Value, or a DATE column that the driver returns
// as time.Time (its calendar date is taken as is, whatever its zone).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = fromUTC(v)
		return nil
	default:
		return fmt.Errorf("deadline: cannot scan %T into a Date", src)
	}
}
