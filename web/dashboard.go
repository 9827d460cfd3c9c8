package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

	"example.org/intake/casework"
	"example.org/intake/deadline"
	"example.org/intake/store"
)

// caseRow is one case in a list.
type caseRow struct {
	Case  store.Case
	Clock caseClock
}

// group is a heading of the dashboard: the cases that need the same kind
// of attention next.
type group struct {
	ID, Title, Hint string
	Rows            []caseRow
	// Total counts every case of the group; Rows holds at most groupMax.
	Total int
	More  string // the case list showing them all
}

// dashboardGroups are the headings of the dashboard, in the order of
// urgency: each open case is under the first it belongs to. They are the
// words of clockOf put as conditions on the stored case, so that the
// database groups ten thousand cases without the desk reading them: a
// case is overdue when its clock runs and today is after its due date,
// due soon when no more than casework.SoonDays working days are left (counted in
// its own calendar), and otherwise grouped by what it waits for.
func (s *server) dashboardGroups(today deadline.Date) ([]group, []store.CaseGroup) {
	gs := []group{
		{ID: "overdue", Title: "Overdue", Hint: "Past the legal deadline with the clock running. Act on these first."},
		{ID: "soon", Title: "Due within 5 working days"},
		{ID: "decide", Title: "Needs a decision or approval", Hint: "Record the stage, check the draft and approve it."},
		{ID: "triage", Title: "Triage", Hint: "The classifier was not sure. Say what each message is."},
		{ID: "dpo", Title: "Waiting for the DPO"},
		{ID: "requester", Title: "Waiting for the requester", Hint: "The clock is paused until they reply."},
		{ID: "sending", Title: "Answer on its way"},
	}
	// An approved answer is on its way: it is overdue if late, never "soon".
	var soonStates []string
	for _, st := range casework.RunningStates() {
		if st != store.StateApproved {
			soonStates = append(soonStates, st)
		}
	}
	soonBy := map[string]string{}
	for _, cal := range deadline.Calendars {
		soonBy[string(cal)] = casework.LastSoonDay(today, cal, s.holidays()).String()
	}
	soonBy[""] = soonBy[string(deadline.EnglandAndWales)] // the calendar ClockOn falls back on
	sql := []store.CaseGroup{
		{ID: "overdue", States: casework.RunningStates(), DueBefore: today.String()},
		{ID: "soon", States: soonStates, DueBy: soonBy},
		{ID: "decide", States: []string{store.StateNeedsDecision, store.StateDrafted}},
		{ID: "triage", States: []string{store.StateTriage}},
		{ID: "dpo", States: []string{store.StateReceived, store.StateAwaitingDPO}},
		{ID: "requester", States: []string{store.StateAwaitingRequester}},
		{ID: "sending", States: []string{store.StateApproved, store.StateAnswered}},
	}
	return gs, sql
}

// groupCases fills the dashboard's groups from the store.
func (s *server) groupCases(ctx context.Context, today deadline.Date) ([]group, int, error) {
	gs, specs := s.dashboardGroups(today)
	totals, rows, err := s.opts.Store.GroupCases(ctx, specs, groupMax)
	if err != nil {
		return nil, 0, err
	}
	open := 0
	for i := range gs {
		g := &gs[i]
		g.Total, g.More = totals[g.ID], groupLists[g.ID]
		open += g.Total
		for _, c := range rows[g.ID] {
			g.Rows = append(g.Rows, caseRow{Case: c, Clock: s.clockOf(&c, today)})
		}
	}
	return gs, open, nil
}

func (s *server) today() deadline.Date { return deadline.DateOf(s.opts.Now()) }

func (s *server) dashboard(w http.ResponseWriter, r *http.Request) {
	today := s.today()
	groups, open, err := s.groupCases(r.Context(), today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	months, err := s.calendar(r.Context(), today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var alarms []Alarm
	if s.opts.Alarms != nil {
		alarms = s.opts.Alarms()
	}
	mine, err := s.myCases(r, today)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var queue *SendQueue
	if s.opts.SendQueue != nil {
		q, err := s.opts.SendQueue(r.Context())
		if err != nil {
			// The page is for cases; a queue it cannot read is left out.
			s.log.Warn("dashboard: cannot read the send queue", "error", err)
		} else {
			queue = &q
		}
	}
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{
		"Title": "Cases", "Groups": groups, "Mine": mine, "Today": today, "Open": open,
		"Months": months, "Alarms": alarms, "Queue": queue,
	})
}

var allStates = []string{store.StateTriage, store.StateReceived, store.StateAwaitingDPO, store.StateAwaitingRequester,
	store.StateNeedsDecision, store.StateDrafted, store.StateApproved, store.StateAnswered, store.StateClosed}

// calDay is one cell of the due-date calendar.
type calDay struct {
	Date    deadline.Date
	InMonth bool
	Today   bool
	Due     []string // references of the cases due, newest first
	MoreDue int      // due that day beyond the ones shown
	// Holiday names the bank holiday (or the organisation's own day off)
	// that falls on the day; no clock counts it as a working day.
	Holiday string
}

type calMonth struct {
	Title string
	Weeks [][]calDay
}

// calendarStates are the states whose due dates the calendar shows: the
// clock runs (a paused case has no due date until the requester replies).
var calendarStates = []string{store.StateReceived, store.StateAwaitingDPO, store.StateNeedsDecision, store.StateDrafted,
	store.StateApproved}

// calendar lays out the due dates of open cases over this month and the
// next, Monday first.
func (s *server) calendar(ctx context.Context, today deadline.Date) ([]calMonth, error) {
	first := deadline.NewDate(today.Year, today.Month, 1)
	last := deadline.NewDate(first.Year, first.Month+2, 1).AddDays(-1)
	days, err := s.opts.Store.DueCalendar(ctx, first.String(), last.String(), calendarStates, calendarMax)
	if err != nil {
		return nil, err
	}
	byDay := map[deadline.Date]store.DueDay{}
	for _, d := range days {
		if date, err := deadline.ParseDate(d.Date); err == nil {
			byDay[date] = d
		}
	}
	var months []calMonth
	holidays := s.holidayNames(today.Year)
	for m := 0; m < 2; m++ {
		start := deadline.NewDate(first.Year, first.Month+time.Month(m), 1)
		month := calMonth{Title: start.Time().Format("January 2006")}
		// back to Monday
		d := start.AddDays(-((int(start.Weekday()) + 6) % 7))
		for {
			week := make([]calDay, 7)
			for i := range week {
				due := byDay[d]
				week[i] = calDay{Date: d, InMonth: d.Month == start.Month, Today: d == today, Due: due.Refs,
					MoreDue: due.Total - len(due.Refs), Holiday: holidays[d]}
				d = d.AddDays(1)
			}
			month.Weeks = append(month.Weeks, week)
			if d.Month != start.Month {
				break
			}
		}
		months = append(months, month)
	}
	return months, nil
}

// Words says the send queue in a sentence.
func (q SendQueue) Words() string {
	if q.Queued == 0 {
		return "No letters are waiting to be sent."
	}
	n := fmt.Sprintf("%d letters are", q.Queued)
	if q.Queued == 1 {
		n = "1 letter is"
	}
	rate := ""
	if q.PerMinute > 0 {
		how := "the limit"
		if !q.Limited {
			how = "the last minute's rate"
		}
		rate = fmt.Sprintf(" at %s of %s a minute", how, strconv.FormatFloat(math.Round(q.PerMinute*10)/10, 'f', -1, 64))
	}
	if !q.Known {
		return n + " waiting to be sent."
	}
	return n + " waiting to be sent: about " + durationWords(q.Drain) + rate + "."
}

// durationWords rounds d for people: seconds under a minute, minutes
// under two hours, hours under two days, then days.
func durationWords(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < time.Minute:
		return plural(max(int64(d.Round(time.Second)/time.Second), 1), "second")
	case d < 2*time.Hour:
		return plural(int64(d.Round(time.Minute)/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int64(d.Round(time.Hour)/time.Hour), "hour")
	}
	return plural(int64(d.Round(24*time.Hour)/(24*time.Hour)), "day")
}
