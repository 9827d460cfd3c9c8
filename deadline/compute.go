package deadline

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Rule selects which statutory period Compute applies.
type Rule string

const (
	// RuleMonth is the one-month period of UK GDPR Art 12(3)/12A for requests
	// under Articles 15 to 22 (access, erasure and the other rights), counted
	// by the ICO rule and extendable by two further months.
	RuleMonth Rule = "month"
	// RuleComplaint is the 30-day acknowledgement of a data-protection
	// complaint, DPA 2018 s.164A(3) (inserted by the Data (Use and Access) Act
	// 2025): "within the period of 30 days beginning when the complaint is
	// received". It has no extension and no stop-the-clock.
	RuleComplaint Rule = "complaint"
)

// Supported start years: before 1978 the holiday rules were different, and
// far-future years only come from typing errors.
const (
	MinYear = 1978
	MaxYear = 2999
)

// complaintDays is the length of the s.164A acknowledgement period.
const complaintDays = 30

// Pause is a stop-the-clock period (UK GDPR Art 12A, DPA 2018 s.54(3C)): from
// the day the controller asked for identity evidence, proof of authority or
// clarification, to the day the answer arrived, both days included. A zero To
// means the answer has not arrived yet.
type Pause struct {
	From   Date   `json:"from"`
	To     Date   `json:"to,omitzero"`
	Reason string `json:"reason,omitempty"`
}

// Days returns the number of days the pause covers, both ends included, or 0
// for an open pause.
func (p Pause) Days() int {
	if p.To.IsZero() {
		return 0
	}
	return p.From.DaysUntil(p.To) + 1
}

// Input is everything a due date depends on. Start is the date the clock
// started: the day the request was received, or the day requested identity
// evidence, proof of authority or a lawful fee was received, whichever is
// latest (the caller decides which event that is).
type Input struct {
	Start         Date     `json:"start"`
	Calendar      Calendar `json:"calendar,omitempty"`       // "" means EnglandAndWales
	ExtraHolidays []Date   `json:"extra_holidays,omitempty"` // provider closure days, treated like bank holidays
	Rule          Rule     `json:"rule,omitempty"`           // "" means RuleMonth
	Extended      bool     `json:"extended,omitempty"`       // two further months (RuleMonth only)
	Pauses        []Pause  `json:"pauses,omitempty"`
}

// Step is one line of the explanation of a due date.
type Step struct {
	Text string `json:"text"`
}

// Result is a computed due date and how it was reached.
type Result struct {
	// Due is the last day to respond (the end of that day). Zero while Paused.
	Due Date `json:"due"`
	// Raw is the date before it was moved off weekends and holidays: the
	// calendar-month (or 30-day) date plus any paused days. Zero while Paused.
	Raw Date `json:"raw"`
	// NoticeBy is the last day to tell the requester about an extension, with
	// reasons: the end of the first month plus paused days, not moved to a
	// working day because the notice must fall within the month itself. Zero
	// for complaints and while Paused.
	NoticeBy Date `json:"notice_by"`
	// Paused is true when the last pause has no end: there is no due date
	// until the awaited information arrives.
	Paused bool   `json:"paused"`
	Steps  []Step `json:"steps"`
}

// Explain returns the steps, one per line, for `intake deadline --explain`
// and for staff pages.
func (r Result) Explain() string {
	lines := make([]string, len(r.Steps))
	for i, s := range r.Steps {
		lines[i] = s.Text
	}
	return strings.Join(lines, "\n")
}

// Compute returns the due date for in. It always recomputes from the start
// date and the full list of pauses, so that recording a pause late, or
// correcting one, can never leave a stale date behind.
//
// The month rule follows the ICO guidance: the day of receipt is day 1 even
// when it is not a working day; the period ends on the same date in the next
// month (three months with an extension), or on that month's last day when it
// has no such date. Each closed pause adds the number of days it covers, both
// ends included, to that date (s.54(3C): the period "beginning with the day on
// which the controller makes the request and ending with the day on which the
// controller receives the information does not count"). The result is then
// moved to the next working day of the calendar.
func Compute(in Input) (Result, error) {
	s, err := newSchedule(in)
	if err != nil {
		return Result{}, err
	}
	if s.rule == RuleComplaint {
		return s.complaint(), nil
	}
	return s.month()
}

// schedule is a validated Input.
type schedule struct {
	Input
	cal    Calendar
	rule   Rule
	pauses []Pause // sorted by From
	steps  []Step
}

func newSchedule(in Input) (*schedule, error) {
	s := &schedule{Input: in}
	if in.Start.IsZero() {
		return nil, errors.New("deadline: start date is missing")
	}
	if in.Start.Year < MinYear || in.Start.Year > MaxYear {
		return nil, fmt.Errorf("deadline: start date %s outside the supported years %d-%d", in.Start, MinYear, MaxYear)
	}
	cal, err := ParseCalendar(string(in.Calendar))
	if err != nil {
		return nil, err
	}
	s.cal = cal
	switch in.Rule {
	case "", RuleMonth:
		s.rule = RuleMonth
	case RuleComplaint:
		s.rule = RuleComplaint
		if in.Extended {
			return nil, errors.New("deadline: a complaint acknowledgement cannot be extended")
		}
		if len(in.Pauses) > 0 {
			return nil, errors.New("deadline: a complaint acknowledgement cannot be paused")
		}
	default:
		return nil, fmt.Errorf("deadline: unknown rule %q: want month or complaint", in.Rule)
	}
	for _, d := range in.ExtraHolidays {
		if d.IsZero() {
			return nil, errors.New("deadline: extra holiday with no date")
		}
	}
	s.pauses = slices.Clone(in.Pauses)
	slices.SortStableFunc(s.pauses, func(a, b Pause) int { return a.From.Compare(b.From) })
	for i, p := range s.pauses {
		switch {
		case p.From.IsZero():
			return nil, errors.New("deadline: pause with no start date")
		case p.From.Before(in.Start):
			return nil, fmt.Errorf("deadline: pause from %s begins before the clock started on %s", p.From, in.Start)
		case !p.To.IsZero() && p.To.Before(p.From):
			return nil, fmt.Errorf("deadline: pause from %s ends before it begins (%s)", p.From, p.To)
		}
		if i > 0 {
			prev := s.pauses[i-1]
			if prev.To.IsZero() || !p.From.After(prev.To) {
				return nil, fmt.Errorf("deadline: pause from %s overlaps the pause from %s", p.From, prev.From)
			}
		}
	}
	return s, nil
}

func (s *schedule) step(format string, args ...any) {
	s.steps = append(s.steps, Step{Text: fmt.Sprintf(format, args...)})
}

// describe names a date with its weekday and, if it is closed, why.
func (s *schedule) describe(d Date) string {
	if why, closed := closedBecause(d, s.cal, s.ExtraHolidays); closed && !isWeekend(d) {
		return fmt.Sprintf("%s %s, %s", d.Weekday().String()[:3], d, why)
	}
	return fmt.Sprintf("%s %s", d.Weekday().String()[:3], d)
}

func (s *schedule) startStep(what string) {
	why, closed := closedBecause(s.Start, s.cal, s.ExtraHolidays)
	if closed {
		if isWeekend(s.Start) {
			why = "a " + why
		}
		s.step("start %s (%s; counts as day 1 even though it is %s)", s.Start, what, why)
		return
	}
	s.step("start %s (%s; counts as day 1)", s.describe(s.Start), what)
}

func (s *schedule) complaint() Result {
	s.startStep("date the complaint was received")
	raw := s.Start.AddDays(complaintDays - 1)
	s.step("acknowledge within 30 days beginning with the day of receipt (DPA 2018 s.164A(3)): day 30 is %s", s.describe(raw))
	s.step("the Act gives no extra time for weekends or bank holidays, so the date is not moved")
	s.step("due %s", s.describe(raw))
	return Result{Due: raw, Raw: raw, Steps: s.steps}
}

func (s *schedule) month() (Result, error) {
	s.startStep("date of receipt, or of the requested ID, authority or fee")
	notice := addMonthsClamped(s.Start, 1)
	raw := notice
	if s.Extended {
		raw = addMonthsClamped(s.Start, 3)
		s.monthStep(3, raw)
		s.step("extension: three months from the start date, not two months after the first due date")
	} else {
		s.monthStep(1, raw)
	}
	for _, p := range s.pauses {
		due := AddWorkingDays(raw, 0, s.cal, s.ExtraHolidays)
		if p.From.After(due) {
			return Result{}, fmt.Errorf("deadline: pause from %s begins after the period had already ended on %s", p.From, due)
		}
		reason := ""
		if r := strings.TrimSpace(p.Reason); r != "" {
			reason = " (" + r + ")"
		}
		if p.To.IsZero() {
			s.step("clock stopped on %s%s and not restarted: due date was %s before the pause and is recomputed when the information arrives", p.From, reason, due)
			return Result{Paused: true, Steps: s.steps}, nil
		}
		n := p.Days()
		raw = raw.AddDays(n)
		notice = notice.AddDays(n)
		s.step("clock stopped %s to %s%s: %d %s do not count, date moves to %s", p.From, p.To, reason, n, plural(n, "day", "days"), raw)
	}
	due := raw
	for {
		why, closed := closedBecause(due, s.cal, s.ExtraHolidays)
		if !closed {
			break
		}
		if isWeekend(due) {
			s.step("skip %s: weekend (%s)", due, why)
		} else {
			s.step("skip %s: %s", due, why)
		}
		due = due.AddDays(1)
	}
	if s.Extended {
		s.step("extension notice, with reasons, to be given by %s (end of the first month)", notice)
	}
	s.step("due %s", s.describe(due))
	return Result{Due: due, Raw: raw, NoticeBy: notice, Steps: s.steps}, nil
}

func (s *schedule) monthStep(months int, raw Date) {
	label := "one calendar month"
	if months == 3 {
		label = "three calendar months"
	}
	if raw.Day != s.Start.Day {
		s.step("%s from the start: %s has no day %d, so its last day %s", label, raw.Month, s.Start.Day, s.describe(raw))
		return
	}
	s.step("%s from the start: the same date, %s", label, s.describe(raw))
}

// addMonthsClamped returns the same day-number n months after d, or the last
// day of that month when it is shorter.
func addMonthsClamped(d Date, n int) Date {
	first := NewDate(d.Year, d.Month+time.Month(n), 1)
	last := NewDate(first.Year, first.Month+1, 0).Day
	return Date{Year: first.Year, Month: first.Month, Day: min(d.Day, last)}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
