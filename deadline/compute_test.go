package deadline

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// icoCases are the worked examples of research/uk-deadline-rules.md §9, with
// the note's case number: received (clock start), extension taken, the
// calendar-month date before moving, and the due date. England and Wales.
var icoCases = []struct {
	num      int
	name     string
	received string
	extended bool
	raw      string
	due      string
}{
	{1, "ICO 3 Sep to 3 Oct", "2025-09-03", false, "2025-10-03", "2025-10-03"},
	{2, "ICO Dec-2025 25 Nov over Christmas", "2024-11-25", false, "2024-12-25", "2024-12-27"},
	{3, "ICO received on New Year's Day, due Sunday", "2026-01-01", false, "2026-02-01", "2026-02-02"},
	{4, "received on bank holiday, due Monday", "2027-01-01", false, "2027-02-01", "2027-02-01"},
	{5, "ICO 31 Jan to end of Feb, Saturday", "2026-01-31", false, "2026-02-28", "2026-03-02"},
	{6, "31 Jan to 29 Feb in a leap year", "2028-01-31", false, "2028-02-29", "2028-02-29"},
	{7, "29 Jan to 29 Feb in a leap year", "2028-01-29", false, "2028-02-29", "2028-02-29"},
	{8, "29 Jan non-leap to 28 Feb Sunday", "2027-01-29", false, "2027-02-28", "2027-03-01"},
	{9, "received 29 Feb", "2028-02-29", false, "2028-03-29", "2028-03-29"},
	{10, "31 Mar to 30 Apr", "2025-03-31", false, "2025-04-30", "2025-04-30"},
	{11, "received Sunday 31 Aug", "2025-08-31", false, "2025-09-30", "2025-09-30"},
	{12, "31 Oct to 30 Nov Sunday", "2025-10-31", false, "2025-11-30", "2025-12-01"},
	{13, "received Sunday 31 May", "2026-05-31", false, "2026-06-30", "2026-06-30"},
	{14, "Christmas, Boxing Day and weekend", "2025-11-25", false, "2025-12-25", "2025-12-29"},
	{15, "New Year's Day", "2025-12-01", false, "2026-01-01", "2026-01-02"},
	{16, "New Year substitute day", "2027-12-01", false, "2028-01-01", "2028-01-04"},
	{17, "Easter 2025", "2025-03-18", false, "2025-04-18", "2025-04-22"},
	{18, "Easter 2026", "2026-03-03", false, "2026-04-03", "2026-04-07"},
	{19, "Easter 2027", "2027-02-26", false, "2027-03-26", "2027-03-30"},
	{20, "Easter 2028", "2028-03-14", false, "2028-04-14", "2028-04-18"},
	{21, "received Saturday, early May holiday", "2025-04-05", false, "2025-05-05", "2025-05-06"},
	{22, "summer bank holiday 2026", "2026-07-31", false, "2026-08-31", "2026-09-01"},
	{23, "Sunday then spring bank holiday", "2027-04-30", false, "2027-05-30", "2027-06-01"},
	{24, "Boxing Day substitute 2026", "2026-11-28", false, "2026-12-28", "2026-12-29"},
	{25, "Christmas and Boxing substitutes 2027", "2027-11-27", false, "2027-12-27", "2027-12-29"},
	{26, "Christmas Monday 2028", "2028-11-25", false, "2028-12-25", "2028-12-27"},
	{27, "summer bank holiday 2028", "2028-07-28", false, "2028-08-28", "2028-08-29"},
	{28, "Sunday then early May holiday", "2028-03-31", false, "2028-04-30", "2028-05-02"},
	{29, "received on spring bank holiday", "2027-05-31", false, "2027-06-30", "2027-06-30"},
	{30, "extension into short February", "2025-11-30", true, "2026-02-28", "2026-03-02"},
	{31, "extension into leap February", "2027-11-30", true, "2028-02-29", "2028-02-29"},
	{32, "extension 31 Dec to 31 Mar", "2025-12-31", true, "2026-03-31", "2026-03-31"},
	{33, "extension onto Christmas", "2026-09-25", true, "2026-12-25", "2026-12-29"},
	{34, "extension from a Saturday 1 Jan", "2028-01-01", true, "2028-04-01", "2028-04-03"},
	{35, "extension onto a Sunday", "2028-02-14", true, "2028-05-14", "2028-05-15"},
	{36, "extension 28 Feb to 28 May", "2026-02-28", true, "2026-05-28", "2026-05-28"},
	{37, "extension onto spring bank holiday", "2028-02-29", true, "2028-05-29", "2028-05-30"},
	{38, "extension crossing the year", "2028-10-28", true, "2029-01-28", "2029-01-29"},
	{39, "extension 31 Oct to 31 Jan", "2027-10-31", true, "2028-01-31", "2028-01-31"},
	{40, "extension 29 Nov to 29 Feb", "2027-11-29", true, "2028-02-29", "2028-02-29"},
	{41, "extension 30 Nov to 28 Feb Sunday", "2026-11-30", true, "2027-02-28", "2027-03-01"},
	{42, "clock starts when ID arrives", "2026-03-16", false, "2026-04-16", "2026-04-16"},
}

func TestComputeICOWorkedExamples(t *testing.T) {
	for _, tc := range icoCases {
		t.Run(fmt.Sprintf("%02d %s", tc.num, tc.name), func(t *testing.T) {
			r, err := Compute(Input{Start: mustDate(t, tc.received), Extended: tc.extended})
			if err != nil {
				t.Fatal(err)
			}
			if r.Raw.String() != tc.raw || r.Due.String() != tc.due || r.Paused {
				t.Errorf("Compute(%s, extended=%v) = raw %s due %s paused %v; want raw %s due %s\n%s",
					tc.received, tc.extended, r.Raw, r.Due, r.Paused, tc.raw, tc.due, r.Explain())
			}
			// The explanation must end on the due date it returned.
			last := r.Steps[len(r.Steps)-1].Text
			if !strings.Contains(last, tc.due) {
				t.Errorf("last step %q does not name the due date", last)
			}
		})
	}
}

// TestComputeOtherNations shows the same start giving different dates under
// each nation's holidays.
func TestComputeOtherNations(t *testing.T) {
	tests := []struct {
		name     string
		received string
		cal      Calendar
		extended bool
		due      string
	}{
		{"2 January is a holiday in Scotland", "2025-12-02", Scotland, false, "2026-01-05"},
		{"2 January is worked in England", "2025-12-02", EnglandAndWales, false, "2026-01-02"},
		{"2 January substitute Scotland 2027", "2026-12-01", Scotland, false, "2027-01-05"},
		{"Easter Monday is worked in Scotland", "2026-03-03", Scotland, false, "2026-04-06"},
		{"Easter Monday in Northern Ireland", "2026-03-03", NorthernIreland, false, "2026-04-07"},
		{"Scottish summer holiday first Monday", "2026-07-03", Scotland, false, "2026-08-04"},
		{"English summer holiday worked in Scotland", "2026-07-31", Scotland, false, "2026-08-31"},
		{"St Andrew's Day", "2026-10-30", Scotland, false, "2026-12-01"},
		{"St Andrew's Day substitute 2030", "2030-10-31", Scotland, false, "2030-12-03"},
		{"St Andrew's Day worked in England", "2026-10-30", EnglandAndWales, false, "2026-11-30"},
		{"St Patrick's Day", "2026-02-17", NorthernIreland, false, "2026-03-18"},
		{"St Patrick's Day substitute 2029", "2029-02-19", NorthernIreland, false, "2029-03-20"},
		{"Boyne substitute 2026", "2026-06-13", NorthernIreland, false, "2026-07-14"},
		{"Boyne 2027 with extension", "2027-04-12", NorthernIreland, true, "2027-07-13"},
		{"Scottish new year extension 2028", "2027-10-03", Scotland, true, "2028-01-05"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(Input{Start: mustDate(t, tt.received), Calendar: tt.cal, Extended: tt.extended})
			if err != nil {
				t.Fatal(err)
			}
			if r.Due.String() != tt.due {
				t.Errorf("due %s, want %s\n%s", r.Due, tt.due, r.Explain())
			}
		})
	}
}

func TestComputeExtraHolidays(t *testing.T) {
	in := Input{Start: mustDate(t, "2026-11-24"), ExtraHolidays: []Date{mustDate(t, "2026-12-24")}}
	r, err := Compute(in)
	if err != nil {
		t.Fatal(err)
	}
	if r.Due.String() != "2026-12-29" || !strings.Contains(r.Explain(), "skip 2026-12-24: provider holiday") {
		t.Errorf("due %s\n%s", r.Due, r.Explain())
	}
	if _, err := Compute(Input{Start: in.Start, ExtraHolidays: []Date{{}}}); err == nil {
		t.Error("zero extra holiday accepted")
	}
}

// TestComputePauses covers stop-the-clock: every paused day, both ends
// included, is added to the calendar-month date before moving to a working day.
func TestComputePauses(t *testing.T) {
	type p = Pause
	d := func(s string) Date { return mustDate(t, s) }
	tests := []struct {
		name     string
		received string
		extended bool
		pauses   []Pause
		raw      string
		due      string
		notice   string
		paused   bool
	}{
		{
			// research note §7 point 2: asked Thu 5 Mar, answered Thu 12 Mar = 8 days.
			name: "research note clarification example", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-03-05"), To: d("2026-03-12"), Reason: "clarification"}},
			raw:    "2026-04-10", due: "2026-04-10", notice: "2026-04-10",
		},
		{
			name: "one-day pause", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-03-05"), To: d("2026-03-05")}},
			raw:    "2026-04-03", due: "2026-04-07", notice: "2026-04-03", // Good Friday, Easter
		},
		{
			name: "pause shifts onto Christmas", received: "2025-11-20",
			pauses: []Pause{{From: d("2025-11-21"), To: d("2025-11-25")}},
			raw:    "2025-12-25", due: "2025-12-29", notice: "2025-12-25",
		},
		{
			name: "pause on the day of receipt", received: "2026-01-31",
			pauses: []Pause{{From: d("2026-01-31"), To: d("2026-02-01")}},
			raw:    "2026-03-02", due: "2026-03-02", notice: "2026-03-02",
		},
		{
			name: "two pauses given out of order", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-03-20"), To: d("2026-03-21")}, {From: d("2026-03-05"), To: d("2026-03-12")}},
			raw:    "2026-04-12", due: "2026-04-13", notice: "2026-04-12",
		},
		{
			name: "pause on the last day", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-04-02"), To: d("2026-04-02")}},
			raw:    "2026-04-03", due: "2026-04-07", notice: "2026-04-03",
		},
		{
			name: "pause on the rolled-forward due day", received: "2026-01-31",
			pauses: []Pause{{From: d("2026-03-02"), To: d("2026-03-03")}},
			raw:    "2026-03-02", due: "2026-03-02", notice: "2026-03-02",
		},
		{
			name: "pause with extension", received: "2025-11-30", extended: true,
			pauses: []Pause{{From: d("2025-12-01"), To: d("2025-12-10")}},
			raw:    "2026-03-10", due: "2026-03-10", notice: "2026-01-09",
		},
		{
			name: "pause in the second month of an extension", received: "2026-01-15", extended: true,
			pauses: []Pause{{From: d("2026-03-01"), To: d("2026-03-03")}},
			raw:    "2026-04-18", due: "2026-04-20", notice: "2026-02-18",
		},
		{
			name: "open pause: no due date yet", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-03-05")}},
			paused: true,
		},
		{
			name: "closed then open pause", received: "2026-03-02",
			pauses: []Pause{{From: d("2026-03-05"), To: d("2026-03-06")}, {From: d("2026-04-01"), Reason: "ID"}},
			paused: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(Input{Start: mustDate(t, tt.received), Extended: tt.extended, Pauses: tt.pauses})
			if err != nil {
				t.Fatal(err)
			}
			if r.Paused != tt.paused || r.Raw.String() != tt.raw || r.Due.String() != tt.due || r.NoticeBy.String() != tt.notice {
				t.Errorf("got paused %v raw %q due %q notice %q; want paused %v raw %q due %q notice %q\n%s",
					r.Paused, r.Raw, r.Due, r.NoticeBy, tt.paused, tt.raw, tt.due, tt.notice, r.Explain())
			}
		})
	}
}

func TestComputeComplaint(t *testing.T) {
	tests := []struct {
		name     string
		received string
		due      string
	}{
		{"30 days beginning with receipt", "2026-06-19", "2026-07-18"}, // a Saturday: not moved
		{"across a month end", "2026-01-31", "2026-03-01"},
		{"across leap day", "2028-02-15", "2028-03-15"},
		{"over Christmas", "2026-12-01", "2026-12-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Compute(Input{Start: mustDate(t, tt.received), Rule: RuleComplaint})
			if err != nil {
				t.Fatal(err)
			}
			if r.Due.String() != tt.due || r.Raw != r.Due || !r.NoticeBy.IsZero() {
				t.Errorf("due %s raw %s notice %s, want due %s\n%s", r.Due, r.Raw, r.NoticeBy, tt.due, r.Explain())
			}
			if n := r.Due.DaysUntil(mustDate(t, tt.received)); n != -29 {
				t.Errorf("due is %d days after receipt, want 29", -n)
			}
		})
	}
}

func TestComputeErrors(t *testing.T) {
	d := func(s string) Date { return mustDate(t, s) }
	start := d("2026-03-02")
	tests := []struct {
		name string
		in   Input
		want string
	}{
		{"missing start", Input{}, "start date is missing"},
		{"start too early", Input{Start: d("1977-12-31")}, "outside the supported years"},
		{"start too late", Input{Start: d("3000-01-01")}, "outside the supported years"},
		{"unknown calendar", Input{Start: start, Calendar: "wales"}, "unknown calendar"},
		{"unknown rule", Input{Start: start, Rule: "fortnight"}, "unknown rule"},
		{"complaint extended", Input{Start: start, Rule: RuleComplaint, Extended: true}, "cannot be extended"},
		{"complaint paused", Input{Start: start, Rule: RuleComplaint, Pauses: []Pause{{From: start, To: start}}}, "cannot be paused"},
		{"pause without start", Input{Start: start, Pauses: []Pause{{To: start}}}, "pause with no start date"},
		{"pause before the clock", Input{Start: start, Pauses: []Pause{{From: d("2026-03-01"), To: d("2026-03-03")}}}, "begins before the clock started"},
		{"pause ends before it begins", Input{Start: start, Pauses: []Pause{{From: d("2026-03-10"), To: d("2026-03-09")}}}, "ends before it begins"},
		{"overlapping pauses", Input{Start: start, Pauses: []Pause{{From: d("2026-03-05"), To: d("2026-03-10")}, {From: d("2026-03-10"), To: d("2026-03-12")}}}, "overlaps"},
		{"pause after an open pause", Input{Start: start, Pauses: []Pause{{From: d("2026-03-05")}, {From: d("2026-03-20"), To: d("2026-03-21")}}}, "overlaps"},
		{"pause after the deadline", Input{Start: start, Pauses: []Pause{{From: d("2026-04-03"), To: d("2026-04-04")}}}, "already ended"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compute(tt.in)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "deadline: ") {
				t.Errorf("Compute error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestComputeDoesNotModifyInput(t *testing.T) {
	pauses := []Pause{{From: mustDate(t, "2026-03-20"), To: mustDate(t, "2026-03-21")}, {From: mustDate(t, "2026-03-05"), To: mustDate(t, "2026-03-06")}}
	if _, err := Compute(Input{Start: mustDate(t, "2026-03-02"), Pauses: pauses}); err != nil {
		t.Fatal(err)
	}
	if pauses[0].From.String() != "2026-03-20" {
		t.Error("Compute sorted the caller's pauses")
	}
}

func TestExplain(t *testing.T) {
	r, err := Compute(Input{Start: mustDate(t, "2026-01-31")})
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"start 2026-01-31 (date of receipt, or of the requested ID, authority or fee; counts as day 1 even though it is a Saturday)",
		"one calendar month from the start: February has no day 31, so its last day Sat 2026-02-28",
		"skip 2026-02-28: weekend (Saturday)",
		"skip 2026-03-01: weekend (Sunday)",
		"due Mon 2026-03-02",
	}, "\n")
	if got := r.Explain(); got != want {
		t.Errorf("Explain:\n%s\nwant:\n%s", got, want)
	}

	r, err = Compute(Input{Start: mustDate(t, "2025-12-25"), Extended: true,
		Pauses: []Pause{{From: mustDate(t, "2026-01-05"), To: mustDate(t, "2026-01-06"), Reason: "awaiting ID"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{
		"counts as day 1 even though it is Christmas Day",
		"three calendar months from the start: the same date, Wed 2026-03-25",
		"clock stopped 2026-01-05 to 2026-01-06 (awaiting ID): 2 days do not count, date moves to 2026-03-27",
		"extension notice, with reasons, to be given by 2026-01-27",
		"due Fri 2026-03-27",
	} {
		if !strings.Contains(r.Explain(), frag) {
			t.Errorf("explanation lacks %q:\n%s", frag, r.Explain())
		}
	}
}

func TestPauseJSON(t *testing.T) {
	b, err := json.Marshal(Pause{From: mustDate(t, "2026-03-05"), Reason: "ID"})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"from":"2026-03-05","reason":"ID"}` {
		t.Errorf("open pause JSON = %s", b)
	}
}
