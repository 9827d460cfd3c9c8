package chaser

import (
	"slices"
	"testing"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

var london = DefaultPolicy().Location

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, london)
}

func date(s string) deadline.Date {
	d, err := deadline.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func kinds(as []Action) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Kind)
	}
	return out
}

// A case forwarded on Monday 2 March 2026 and due Thursday 2 April 2026
// (England and Wales: Good Friday is 3 April, Easter Monday 6 April).
func waitingForDPO() CaseFacts {
	return CaseFacts{Ref: "INT-2026-0001", Kind: "erasure", State: store.StateAwaitingDPO,
		Forwarded: date("2026-03-02"), Due: date("2026-04-02"), NoticeBy: date("2026-04-02")}
}

func TestPlan(t *testing.T) {
	anyHour := DefaultPolicy()
	anyHour.AnyHour = true
	withHoliday := DefaultPolicy()
	withHoliday.Holidays = []deadline.Date{date("2026-03-09")}
	tests := []struct {
		name   string
		facts  func(*CaseFacts)
		now    time.Time
		policy *Policy
		want   []string
	}{
		{"nothing before five working days", nil, at(2026, 3, 6, 12, 0), nil, nil},
		{"first chase on the fifth working day at opening", nil, at(2026, 3, 9, 9, 0), nil, []string{outbox.KindDPOChase1}},
		{"not before working hours", nil, at(2026, 3, 9, 8, 59), nil, nil},
		{"not after working hours", nil, at(2026, 3, 9, 17, 0), nil, nil},
		{"not at the weekend", nil, at(2026, 3, 14, 10, 0), nil, nil},
		{"at any hour when allowed", nil, at(2026, 3, 14, 3, 0), &anyHour, []string{outbox.KindDPOChase1}},
		{"a provider holiday moves the chase", nil, at(2026, 3, 9, 10, 0), &withHoliday, nil},
		{"after a provider holiday", nil, at(2026, 3, 10, 10, 0), &withHoliday, []string{outbox.KindDPOChase1}},
		{"still the first chase until the second is due", nil, at(2026, 3, 13, 16, 0), nil, []string{outbox.KindDPOChase1}},
		{"second chase five working days later", nil, at(2026, 3, 16, 9, 0), nil, []string{outbox.KindDPOChase2}},
		{"staff reminder beside the chase ladder", nil, at(2026, 3, 19, 9, 0), nil, []string{outbox.KindDPOChase2, "staff_reminder_10"}},
		{"escalation after the second chase", nil, at(2026, 3, 23, 9, 0), nil, []string{outbox.KindDPOEscalation, "staff_reminder_10"}},
		{"DPO reference recorded: no chase", func(f *CaseFacts) { f.DPORef = "DPO/1"; f.State = store.StateNeedsDecision },
			at(2026, 3, 16, 9, 0), nil, nil},
		{"DPO reference with the state unchanged: no chase", func(f *CaseFacts) { f.DPORef = "DPO/1" }, at(2026, 3, 16, 9, 0), nil, nil},
		{"not forwarded yet: no chase", func(f *CaseFacts) { f.Forwarded = deadline.Date{} }, at(2026, 3, 16, 9, 0), nil, nil},
		{"five days before", func(f *CaseFacts) { f.State = store.StateDrafted }, at(2026, 3, 26, 9, 0), nil, []string{"staff_reminder_5"}},
		{"on the due date", func(f *CaseFacts) { f.State = store.StateNeedsDecision }, at(2026, 4, 2, 9, 0), nil, []string{outbox.KindStaffReminderDue}},
		{"no overdue escalation on Good Friday", func(f *CaseFacts) { f.State = store.StateNeedsDecision }, at(2026, 4, 3, 11, 0), &anyHour, []string{outbox.KindStaffReminderDue}},
		{"overdue on the first working day past the due date", func(f *CaseFacts) { f.State = store.StateNeedsDecision }, at(2026, 4, 7, 9, 0), nil, []string{outbox.KindOverdue}},
		{"approved: no reminder", func(f *CaseFacts) { f.State = store.StateApproved }, at(2026, 4, 2, 9, 0), nil, nil},
		{"approved but overdue: escalated", func(f *CaseFacts) { f.State = store.StateApproved }, at(2026, 4, 7, 9, 0), nil, []string{outbox.KindOverdue}},
		{"answered: nothing", func(f *CaseFacts) { f.State = store.StateAnswered }, at(2026, 4, 7, 9, 0), nil, nil},
		{"paused: nothing", func(f *CaseFacts) { f.State = store.StateAwaitingRequester; f.Due = deadline.Date{} }, at(2026, 4, 7, 9, 0), nil, nil},
		{"extension considered: reminder before the month ends", func(f *CaseFacts) { f.State = store.StateNeedsDecision; f.ExtensionConsidered = true },
			at(2026, 3, 26, 9, 0), nil, []string{"staff_reminder_5", outbox.KindExtensionReminder}},
		{"extension considered: too early", func(f *CaseFacts) { f.State = store.StateNeedsDecision; f.ExtensionConsidered = true },
			at(2026, 3, 25, 16, 0), nil, []string{"staff_reminder_10"}},
		{"extension considered: too late", func(f *CaseFacts) { f.State = store.StateNeedsDecision; f.ExtensionConsidered = true },
			at(2026, 4, 7, 9, 0), nil, []string{outbox.KindOverdue}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := waitingForDPO()
			if tt.facts != nil {
				tt.facts(&f)
			}
			p := DefaultPolicy()
			if tt.policy != nil {
				p = *tt.policy
			}
			got := Plan(f, tt.now, p)
			if !slices.Equal(kinds(got), tt.want) {
				t.Errorf("Plan at %s = %v, want %v", tt.now.Format(time.DateTime), kinds(got), tt.want)
			}
			for _, a := range got {
				if a.Key != a.Kind+":"+f.Ref {
					t.Errorf("key %q", a.Key)
				}
			}
		})
	}
}

func TestPlanUsesConfiguredTimetable(t *testing.T) {
	p := DefaultPolicy()
	p.DPOChaseAfter, p.StaffReminderDays, p.WorkStart = 2, []int{3}, 7*time.Hour
	f := waitingForDPO()
	if got := kinds(Plan(f, at(2026, 3, 4, 7, 0), p)); !slices.Equal(got, []string{outbox.KindDPOChase1}) {
		t.Errorf("chase after 2 days at 07:00: %v", got)
	}
	f.State = store.StateNeedsDecision
	if got := kinds(Plan(f, at(2026, 3, 30, 7, 0), p)); !slices.Equal(got, []string{"staff_reminder_3"}) {
		t.Errorf("reminder 3 days before: %v", got)
	}
}

// TestOverdueEscalation: the chaser escalates a case past its due date
// only while its clock runs (casework.ClockOn): never in triage, while
// paused, or once answered.
func TestOverdueEscalation(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		name  string
		state string
		want  bool
	}{
		{"needs a decision", store.StateNeedsDecision, true},
		{"approved but not sent", store.StateApproved, true},
		{"triage has no clock", store.StateTriage, false},
		{"paused", store.StateAwaitingRequester, false},
		{"answered", store.StateAnswered, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &store.ChaseCase{Case: store.Case{Ref: "INT-2026-0001", Kind: "erasure", State: tt.state, DueDate: "2026-04-02",
				StartDate: "2026-03-02", Calendar: "england-and-wales"}}
			got := slices.Contains(kinds(Plan(FactsOf(c, nil, p), at(2026, 4, 7, 10, 0), p)), outbox.KindOverdue)
			if got != tt.want {
				t.Errorf("overdue escalation planned = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDigestWindow(t *testing.T) {
	p := DefaultPolicy()
	tests := []struct {
		now  time.Time
		want bool
	}{
		{at(2026, 3, 2, 8, 29), false},
		{at(2026, 3, 2, 8, 30), true},
		{at(2026, 3, 2, 16, 59), true},
		{at(2026, 3, 2, 17, 0), false},
		{at(2026, 3, 7, 8, 30), false}, // Saturday
		{at(2026, 4, 6, 9, 0), false},  // Easter Monday
		{at(2026, 3, 30, 8, 30), true}, // the Monday after the clocks change
	}
	for _, tt := range tests {
		if got := p.DigestDue(tt.now); got != tt.want {
			t.Errorf("DigestDue(%s) = %v, want %v", tt.now.Format(time.DateTime), got, tt.want)
		}
	}
}

func TestFactsOfExtension(t *testing.T) {
	base := store.ChaseCase{Case: store.Case{Ref: "INT-2026-0004", Kind: "access", State: store.StateNeedsDecision,
		StartDate: "2026-03-09", DueDate: "2026-04-09", Calendar: "england-and-wales"}, ExtensionConsidered: true}
	paused := []store.Pause{{From: "2026-03-10", To: "2026-03-12"}}
	tests := []struct {
		name     string
		edit     func(*store.ChaseCase)
		pauses   []store.Pause
		noticeBy string
	}{
		{"one month from the start", nil, nil, "2026-04-09"},
		{"paused days move it", nil, paused, "2026-04-12"},
		{"an open pause: not known", nil, []store.Pause{{From: "2026-03-10"}}, ""},
		{"already extended", func(c *store.ChaseCase) { c.Extended = true }, nil, ""},
		{"not considered", func(c *store.ChaseCase) { c.ExtensionConsidered = false }, nil, ""},
		{"complaint", func(c *store.ChaseCase) { c.Kind = "complaint" }, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			if tt.edit != nil {
				tt.edit(&c)
			}
			if got := FactsOf(&c, tt.pauses, DefaultPolicy()).NoticeBy.String(); got != tt.noticeBy {
				t.Errorf("NoticeBy = %q, want %q", got, tt.noticeBy)
			}
		})
	}
	// The reminder follows: five working days before 12 April is 2 April
	// (Good Friday and Easter Monday do not count).
	f := FactsOf(&base, paused, DefaultPolicy())
	if got := kinds(Plan(f, at(2026, 4, 1, 10, 0), DefaultPolicy())); slices.Contains(got, outbox.KindExtensionReminder) {
		t.Errorf("reminder on 1 April: %v", got)
	}
	if got := kinds(Plan(f, at(2026, 4, 2, 10, 0), DefaultPolicy())); !slices.Contains(got, outbox.KindExtensionReminder) {
		t.Errorf("no reminder on 2 April: %v", got)
	}
}
