package deadline

import "slices"

// IsWorkingDay reports whether d is a weekday that is neither a bank holiday
// of cal nor one of the provider's extra closure days.
func IsWorkingDay(d Date, cal Calendar, extra []Date) bool {
	_, why := closedBecause(d, cal, extra)
	return !why
}

// closedBecause says why d is not a working day ("Saturday", a holiday name,
// "provider holiday"); the bool is false for a working day.
func closedBecause(d Date, cal Calendar, extra []Date) (string, bool) {
	if isWeekend(d) {
		return d.Weekday().String(), true
	}
	if name, ok := holidayName(d, cal); ok {
		return name, true
	}
	if slices.Contains(extra, d) {
		return "provider holiday", true
	}
	return "", false
}

// AddWorkingDays returns the n-th working day after d (before d when n is
// negative). With n == 0 it returns d when d is a working day and otherwise
// the next working day, which is how a deadline is moved off a closed day.
func AddWorkingDays(d Date, n int, cal Calendar, extra []Date) Date {
	if n == 0 {
		for !IsWorkingDay(d, cal, extra) {
			d = d.AddDays(1)
		}
		return d
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if IsWorkingDay(d, cal, extra) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and including
// to; it is the negative of the count from to to from when to is before from,
// so WorkingDaysBetween(a, AddWorkingDays(a, n, ...), ...) == n.
func WorkingDaysBetween(from, to Date, cal Calendar, extra []Date) int {
	if to.Before(from) {
		return -WorkingDaysBetween(to, from, cal, extra)
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if IsWorkingDay(d, cal, extra) {
			n++
		}
	}
	return n
}
