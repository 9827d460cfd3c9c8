package deadline

import (
	"slices"
	"sync"
	"time"
)

// Holiday is one bank holiday: its date and its name as gov.uk gives it
// (substitute days carry " (substitute day)").
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
}

// Holiday names, spelt as in the gov.uk feed but with a plain apostrophe.
const (
	nameNewYear       = "New Year's Day"
	nameSecondJanuary = "2nd January"
	nameStPatrick     = "St Patrick's Day"
	nameGoodFriday    = "Good Friday"
	nameEasterMonday  = "Easter Monday"
	nameEarlyMay      = "Early May bank holiday"
	nameSpring        = "Spring bank holiday"
	nameBoyne         = "Battle of the Boyne (Orangemen's Day)"
	nameSummer        = "Summer bank holiday"
	nameStAndrew      = "St Andrew's Day"
	nameChristmas     = "Christmas Day"
	nameBoxing        = "Boxing Day"
	substituteSuffix  = " (substitute day)"
)

// proclaimed is a one-off change made by royal proclamation: either an extra
// day or a standing holiday moved to another date (replaces names which).
// These cannot be derived from rules, so they are listed. Every one so far has
// applied to the whole UK.
type proclaimed struct {
	date     Date
	name     string
	replaces string
}

var proclamations = []proclaimed{
	{NewDate(1981, time.July, 29), "Royal wedding bank holiday", ""},
	{NewDate(1995, time.May, 8), "Early May bank holiday (VE day)", nameEarlyMay},
	{NewDate(1999, time.December, 31), "Millennium bank holiday", ""},
	{NewDate(2002, time.June, 3), "Golden Jubilee bank holiday", ""},
	{NewDate(2002, time.June, 4), nameSpring, nameSpring},
	{NewDate(2011, time.April, 29), "Royal wedding bank holiday", ""},
	{NewDate(2012, time.June, 4), nameSpring, nameSpring},
	{NewDate(2012, time.June, 5), "Diamond Jubilee bank holiday", ""},
	{NewDate(2020, time.May, 8), "Early May bank holiday (VE day)", nameEarlyMay},
	{NewDate(2022, time.June, 2), nameSpring, nameSpring},
	{NewDate(2022, time.June, 3), "Platinum Jubilee bank holiday", ""},
	{NewDate(2022, time.September, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II", ""},
	{NewDate(2023, time.May, 8), "Bank holiday for the coronation of King Charles III", ""},
}

type holidayKey struct {
	year int
	cal  Calendar
}

// holidayCache memoises BankHolidays by year and calendar; the result is a
// pure function of both, so caching changes nothing but speed.
var holidayCache sync.Map // holidayKey -> map[Date]string

// BankHolidays returns the bank holidays of year in cal, sorted by date.
//
// They are derived from the standing rules (Banking and Financial Dealings Act
// 1971 and the annual proclamations): Good Friday from the Gregorian Easter;
// Easter Monday except in Scotland; first and last Monday of May; the summer
// holiday on the last Monday of August, or the first Monday in Scotland; New
// Year, 2 January (Scotland), St Patrick's Day and 12 July (Northern Ireland),
// St Andrew's Day (Scotland, from 2007), Christmas and Boxing Day, each moved
// to the next free weekday when it falls on a weekend. The proclaimed one-off
// days since 1981 are added from a list. The early May holiday exists from 1978
// on; earlier years are not historically exact. Unknown calendars are treated
// as England and Wales (use ParseCalendar to reject them).
func BankHolidays(year int, cal Calendar) []Holiday {
	set := holidaySet(year, cal)
	out := make([]Holiday, 0, len(set))
	for d, name := range set {
		out = append(out, Holiday{Date: d, Name: name})
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// holidayName returns the bank holiday on d in cal, if any.
func holidayName(d Date, cal Calendar) (string, bool) {
	name, ok := holidaySet(d.Year, cal)[d]
	return name, ok
}

func holidaySet(year int, cal Calendar) map[Date]string {
	key := holidayKey{year, cal.orDefault()}
	if v, ok := holidayCache.Load(key); ok {
		return v.(map[Date]string)
	}
	set := buildHolidays(year, key.cal)
	if year >= MinYear && year <= MaxYear { // keeps the cache bounded
		holidayCache.Store(key, set)
	}
	return set
}

func buildHolidays(year int, cal Calendar) map[Date]string {
	// Holidays that fall on a set weekday never need a substitute.
	weekdayBound := map[string]Date{
		nameGoodFriday: easterSunday(year).AddDays(-2),
		nameSpring:     lastMonday(year, time.May),
	}
	if cal != Scotland {
		weekdayBound[nameEasterMonday] = easterSunday(year).AddDays(1)
	}
	if year >= 1978 {
		weekdayBound[nameEarlyMay] = firstMonday(year, time.May)
	}
	if cal == Scotland {
		weekdayBound[nameSummer] = firstMonday(year, time.August)
	} else {
		weekdayBound[nameSummer] = lastMonday(year, time.August)
	}

	// Holidays on a fixed day of the month, in date order, because an earlier
	// one claims its substitute first (Christmas on a Saturday takes Monday 27,
	// Boxing Day on the Sunday then takes Tuesday 28).
	fixed := []Holiday{{NewDate(year, time.January, 1), nameNewYear}}
	if cal == Scotland {
		fixed = append(fixed, Holiday{NewDate(year, time.January, 2), nameSecondJanuary})
	}
	if cal == NorthernIreland {
		fixed = append(fixed,
			Holiday{NewDate(year, time.March, 17), nameStPatrick},
			Holiday{NewDate(year, time.July, 12), nameBoyne})
	}
	if cal == Scotland && year >= 2007 {
		fixed = append(fixed, Holiday{NewDate(year, time.November, 30), nameStAndrew})
	}
	fixed = append(fixed,
		Holiday{NewDate(year, time.December, 25), nameChristmas},
		Holiday{NewDate(year, time.December, 26), nameBoxing})

	set := make(map[Date]string, 16)
	for _, p := range proclamations {
		if p.date.Year != year {
			continue
		}
		if p.replaces != "" {
			delete(weekdayBound, p.replaces)
		}
		set[p.date] = p.name
	}
	for name, d := range weekdayBound {
		set[d] = name
	}
	for _, h := range fixed {
		if !isWeekend(h.Date) {
			set[h.Date] = h.Name
		}
	}
	for _, h := range fixed {
		if !isWeekend(h.Date) {
			continue
		}
		sub := h.Date.AddDays(1)
		for isWeekend(sub) || hasKey(set, sub) {
			sub = sub.AddDays(1)
		}
		set[sub] = h.Name + substituteSuffix
	}
	return set
}

func hasKey(m map[Date]string, d Date) bool {
	_, ok := m[d]
	return ok
}

func isWeekend(d Date) bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

func firstMonday(year int, m time.Month) Date {
	d := NewDate(year, m, 1)
	return d.AddDays((int(time.Monday) - int(d.Weekday()) + 7) % 7)
}

func lastMonday(year int, m time.Month) Date {
	d := NewDate(year, m+1, 0) // last day of m
	return d.AddDays(-((int(d.Weekday()) - int(time.Monday) + 7) % 7))
}

// easterSunday is the anonymous Gregorian computus (Meeus/Jones/Butcher).
func easterSunday(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(year, time.Month(month), day)
}
