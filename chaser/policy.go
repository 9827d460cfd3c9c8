package chaser

import (
	"fmt"
	"slices"
	"time"

	"example.org/intake/config"
	"example.org/intake/deadline"
)

// Policy is the chasing timetable. Day counts are working days of Calendar
// plus Holidays; times of day are in Location.
type Policy struct {
	Calendar deadline.Calendar
	Holidays []deadline.Date
	Location *time.Location

	DPOChaseAfter       int // working days from the forward to the first chase
	DPOSecondChaseAfter int // from the first chase to the second
	DPOEscalateAfter    int // from the second chase to telling staff
	// StaffReminderDays are the working days before the due date on which
	// staff are reminded (a reminder on the day itself always follows).
	StaffReminderDays     []int
	ExtensionReminderDays int // working days before the end of the first month
	DigestAt              time.Duration
	DigestDueWithin       int
	WorkStart, WorkEnd    time.Duration
	// AnyHour lets chases go out at any time of any day.
	AnyHour bool
}

// DefaultPolicy is the timetable of the [chasing] defaults, England and Wales.
func DefaultPolicy() Policy {
	p, err := PolicyFromConfig(config.DefaultChasing(), deadline.EnglandAndWales, nil)
	if err != nil {
		panic("chaser: default policy: " + err.Error()) // unreachable: the defaults are valid
	}
	return p
}

// PolicyFromConfig reads the [chasing] section; the organisation's
// calendar and extra holidays come parsed (casework.ParseConfig).
func PolicyFromConfig(ch config.Chasing, cal deadline.Calendar, holidays []deadline.Date) (Policy, error) {
	var err error
	p := Policy{
		Holidays: slices.Clone(holidays),
		Calendar: cal, DPOChaseAfter: ch.DPOChaseAfterDays, DPOSecondChaseAfter: ch.DPOSecondChaseAfterDays,
		DPOEscalateAfter: ch.DPOEscalateAfterDays, StaffReminderDays: slices.Clone(ch.StaffReminderDays),
		ExtensionReminderDays: ch.ExtensionReminderDays, DigestDueWithin: ch.DigestDueWithinDays,
		AnyHour: bool(ch.SendOutsideWorkingHours),
	}
	if p.Location, err = time.LoadLocation(ch.Timezone); err != nil {
		return Policy{}, fmt.Errorf("chaser: chasing.timezone: %w", err)
	}
	if p.DigestAt, err = config.ParseClock(ch.DigestTime); err != nil {
		return Policy{}, fmt.Errorf("chaser: chasing.digest_time: %w", err)
	}
	if p.WorkStart, p.WorkEnd, err = ch.Hours(); err != nil {
		return Policy{}, fmt.Errorf("chaser: chasing.working_hours: %w", err)
	}
	// Earliest reminder first, so that the ladder in Plan is in date order.
	slices.Sort(p.StaffReminderDays)
	slices.Reverse(p.StaffReminderDays)
	p.StaffReminderDays = slices.Compact(p.StaffReminderDays)
	return p, nil
}

// Today is the local calendar date at now.
func (p Policy) Today(now time.Time) deadline.Date {
	y, m, d := now.In(p.Location).Date()
	return deadline.NewDate(y, m, d)
}

// sinceMidnight is the local time of day at now.
func (p Policy) sinceMidnight(now time.Time) time.Duration {
	l := now.In(p.Location)
	return time.Duration(l.Hour())*time.Hour + time.Duration(l.Minute())*time.Minute + time.Duration(l.Second())*time.Second
}

func (p Policy) workingDay(d deadline.Date) bool {
	return deadline.IsWorkingDay(d, p.Calendar, p.Holidays)
}

func (p Policy) add(d deadline.Date, n int) deadline.Date {
	return deadline.AddWorkingDays(d, n, p.Calendar, p.Holidays)
}

// CanSend reports whether chases may go out at now: within working hours
// on a working day, or at any time with AnyHour.
func (p Policy) CanSend(now time.Time) bool {
	if p.AnyHour {
		return true
	}
	t := p.sinceMidnight(now)
	return p.workingDay(p.Today(now)) && t >= p.WorkStart && t < p.WorkEnd
}

// DigestDue reports whether the digest for today may go out at now: on a
// working day, from digest_time until the end of working hours (or the end
// of the day when digest_time is later), so that a daemon started late
// still sends the day's digest once. The digest time is the operator's own
// choice, so it is honoured even when it falls outside working hours.
func (p Policy) DigestDue(now time.Time) bool {
	t := p.sinceMidnight(now)
	end := p.WorkEnd
	if p.DigestAt >= end {
		end = 24 * time.Hour
	}
	return p.workingDay(p.Today(now)) && t >= p.DigestAt && t < end
}
