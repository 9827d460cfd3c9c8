package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // chasing.timezone must load on hosts without zoneinfo
)

// Chasing times the reminders, chases and escalations intake sends to the
// DPO and to staff, and the daily digest. Days are working days of
// organisation.calendar (plus extra_holidays); times are local to Timezone.
type Chasing struct {
	// DPOChaseAfterDays: working days after the DPO forward went out before
	// the DPO is first asked for their reference.
	DPOChaseAfterDays int `toml:"dpo_chase_after_days"`
	// DPOSecondChaseAfterDays: working days after the first chase before the
	// second, which copies the enquiry inbox.
	DPOSecondChaseAfterDays int `toml:"dpo_second_chase_after_days"`
	// DPOEscalateAfterDays: working days after the second chase before staff
	// are told the DPO has not answered.
	DPOEscalateAfterDays int `toml:"dpo_escalate_after_days"`
	// StaffReminderDays: working days before the due date on which staff are
	// reminded of a case with no approved decision (and again on the day).
	StaffReminderDays Days `toml:"staff_reminder_days"`
	// ExtensionReminderDays: working days before the end of the first month
	// on which staff are reminded to send an extension notice they are
	// considering.
	ExtensionReminderDays int `toml:"extension_reminder_days"`
	// DigestTime is when the daily digest goes to staff on working days, "HH:MM".
	DigestTime string `toml:"digest_time"`
	// DigestDueWithinDays: the digest lists cases due within this many working days.
	DigestDueWithinDays int `toml:"digest_due_within_days"`
	// WorkingHours is the window chases and reminders go out in, "HH:MM-HH:MM".
	WorkingHours string `toml:"working_hours"`
	// SendOutsideWorkingHours lets chases go out at any hour of any day.
	SendOutsideWorkingHours Switch `toml:"send_outside_working_hours"`
	// Timezone of DigestTime and WorkingHours (IANA name).
	Timezone string `toml:"timezone"`
	// SweepInterval is how often intake looks for something to chase.
	SweepInterval Duration `toml:"sweep_interval"`
}

// DefaultChasing is the [chasing] section's defaults.
func DefaultChasing() Chasing {
	return Chasing{
		DPOChaseAfterDays: 5, DPOSecondChaseAfterDays: 5, DPOEscalateAfterDays: 5,
		StaffReminderDays: Days{10, 5}, ExtensionReminderDays: 5,
		DigestTime: "08:30", DigestDueWithinDays: 10, WorkingHours: "09:00-17:00",
		Timezone: "Europe/London", SweepInterval: Duration{5 * time.Minute},
	}
}

// Days is a list of day counts, written [10, 5] in the file and "10,5" in
// the environment.
type Days []int

// UnmarshalTOML reads a TOML array of whole numbers (or a "10,5" string).
func (d *Days) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case string:
		return d.UnmarshalText([]byte(v))
	case []any:
		out := make(Days, 0, len(v))
		for _, e := range v {
			n, ok := e.(int64)
			if !ok {
				return fmt.Errorf("%v is not a whole number of days", e)
			}
			out = append(out, int(n))
		}
		*d = out
		return nil
	}
	return fmt.Errorf("want a list of whole numbers of days such as [10, 5]")
}

// UnmarshalText reads "10,5".
func (d *Days) UnmarshalText(b []byte) error {
	out := Days{}
	for _, item := range splitList(string(b)) {
		n, err := strconv.Atoi(item)
		if err != nil {
			return fmt.Errorf("%q is not a whole number of days", item)
		}
		out = append(out, n)
	}
	*d = out
	return nil
}

// Switch is a boolean that the environment can set ("true", "false", "1", "0").
type Switch bool

// UnmarshalText reads a boolean.
func (s *Switch) UnmarshalText(b []byte) error {
	v, err := strconv.ParseBool(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not true or false", b)
	}
	*s = Switch(v)
	return nil
}

// ParseClock reads "HH:MM" as the time since midnight.
func ParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day HH:MM", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Hours returns the working-hours window as times since midnight.
func (c Chasing) Hours() (start, end time.Duration, err error) {
	a, b, ok := strings.Cut(c.WorkingHours, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a window HH:MM-HH:MM", c.WorkingHours)
	}
	if start, err = ParseClock(a); err != nil {
		return 0, 0, err
	}
	if end, err = ParseClock(b); err != nil {
		return 0, 0, err
	}
	if end <= start {
		return 0, 0, fmt.Errorf("%q ends before it starts", c.WorkingHours)
	}
	return start, end, nil
}

func (c *Config) validateChasing(p *problems) {
	ch := c.Chasing
	for key, n := range map[string]int{
		"chasing.dpo_chase_after_days": ch.DPOChaseAfterDays, "chasing.dpo_second_chase_after_days": ch.DPOSecondChaseAfterDays,
		"chasing.dpo_escalate_after_days": ch.DPOEscalateAfterDays, "chasing.extension_reminder_days": ch.ExtensionReminderDays,
		"chasing.digest_due_within_days": ch.DigestDueWithinDays,
	} {
		if n < 1 || n > 60 {
			p.addf(key, "%d is not between 1 and 60 working days", n)
		}
	}
	for i, n := range ch.StaffReminderDays {
		if n < 1 || n > 60 {
			p.addf(fmt.Sprintf("chasing.staff_reminder_days[%d]", i), "%d is not between 1 and 60 working days", n)
		}
	}
	if _, err := ParseClock(ch.DigestTime); err != nil {
		p.addf("chasing.digest_time", "%v", err)
	}
	if _, _, err := ch.Hours(); err != nil {
		p.addf("chasing.working_hours", "%v", err)
	}
	if _, err := time.LoadLocation(ch.Timezone); err != nil || ch.Timezone == "" {
		p.addf("chasing.timezone", "%q is not a time zone such as Europe/London", ch.Timezone)
	}
	if ch.SweepInterval.Duration < time.Second {
		p.addf("chasing.sweep_interval", "%s is shorter than 1s", ch.SweepInterval.Duration)
	}
}
