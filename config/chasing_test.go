package config

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestChasingFromFileAndEnvironment(t *testing.T) {
	data := []byte(`
[chasing]
dpo_chase_after_days = 3
staff_reminder_days = [8, 4, 2]
digest_time = "07:45"
working_hours = "08:00-18:30"
send_outside_working_hours = true
timezone = "Europe/Belfast"
`)
	c := Default()
	if unknown, err := decode(data, c); err != nil || len(unknown) > 0 {
		t.Fatalf("decode = %v, %v", unknown, err)
	}
	ch := c.Chasing
	if ch.DPOChaseAfterDays != 3 || !reflect.DeepEqual(ch.StaffReminderDays, Days{8, 4, 2}) || !bool(ch.SendOutsideWorkingHours) ||
		ch.DigestTime != "07:45" || ch.Timezone != "Europe/Belfast" || ch.DPOSecondChaseAfterDays != 5 {
		t.Errorf("chasing = %+v", ch)
	}
	start, end, err := ch.Hours()
	if err != nil || start != 8*time.Hour || end != 18*time.Hour+30*time.Minute {
		t.Errorf("Hours() = %v, %v, %v", start, end, err)
	}
	problems := applyEnv(c, []string{"INTAKE_CHASING_STAFF_REMINDER_DAYS=6, 2", "INTAKE_CHASING_SEND_OUTSIDE_WORKING_HOURS=false"})
	if len(problems) > 0 || !reflect.DeepEqual(c.Chasing.StaffReminderDays, Days{6, 2}) || bool(c.Chasing.SendOutsideWorkingHours) {
		t.Errorf("env: %v %+v", problems, c.Chasing)
	}
	problems = applyEnv(c, []string{"INTAKE_CHASING_STAFF_REMINDER_DAYS=ten", "INTAKE_CHASING_SEND_OUTSIDE_WORKING_HOURS=maybe"})
	if len(problems) != 2 {
		t.Errorf("bad env accepted: %v", problems)
	}
	// What WriteTOML prints must load back the same.
	var buf bytes.Buffer
	if err := c.WriteTOML(&buf); err != nil {
		t.Fatal(err)
	}
	back := Default()
	if unknown, err := decode(buf.Bytes(), back); err != nil || len(unknown) > 0 || !reflect.DeepEqual(back.Chasing, c.Chasing) {
		t.Errorf("round trip: %v %v\n%+v\n%+v", unknown, err, back.Chasing, c.Chasing)
	}
}

func TestChasingValidation(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Chasing)
		want string
	}{
		{"defaults are valid", func(*Chasing) {}, ""},
		{"zero days", func(c *Chasing) { c.DPOChaseAfterDays = 0 }, "chasing.dpo_chase_after_days"},
		{"negative reminder", func(c *Chasing) { c.StaffReminderDays = Days{10, -1} }, "chasing.staff_reminder_days[1]"},
		{"bad digest time", func(c *Chasing) { c.DigestTime = "8.30" }, "chasing.digest_time"},
		{"hours backwards", func(c *Chasing) { c.WorkingHours = "17:00-09:00" }, "chasing.working_hours"},
		{"hours not a window", func(c *Chasing) { c.WorkingHours = "09:00" }, "chasing.working_hours"},
		{"unknown zone", func(c *Chasing) { c.Timezone = "Mars/Olympus" }, "chasing.timezone"},
		{"tiny sweep", func(c *Chasing) { c.SweepInterval = Duration{time.Millisecond} }, "chasing.sweep_interval"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.edit(&c.Chasing)
			var p problems
			c.validateChasing(&p)
			got := strings.Join(p, "\n")
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}
