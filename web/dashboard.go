package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"

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

// groupCases puts each open case in the first group it belongs to, in the
// order of urgency.
func (s *server) groupCases(cases []store.Case, today deadline.Date) []group {
	gs := []group{
		{ID: "overdue", Title: "Overdue", Hint: "Past the legal deadline with the clock running. Act on these first."},
		{ID: "soon", Title: "Due within 5 working days"},
		{ID: "decide", Title: "Needs a decision or approval", Hint: "Record the stage, check the draft and approve it."},
		{ID: "triage", Title: "Triage", Hint: "The classifier was not sure. Say what each message is."},
		{ID: "dpo", Title: "Waiting for the DPO"},
		{ID: "requester", Title: "Waiting for the requester", Hint: "The clock is paused until they reply."},
		{ID: "sending", Title: "Answer on its way"},
	}
	idx := map[string]int{}
	for i, g := range gs {
		idx[g.ID] = i
	}
	for _, c := range cases {
		k := s.clockOf(&c, today)
		id := ""
		switch {
		case k.Overdue:
			id = "overdue"
		case k.Severity == "soon":
			id = "soon"
		case c.State == store.StateNeedsDecision || c.State == store.StateDrafted:
			id = "decide"
		case c.State == store.StateTriage:
			id = "triage"
		case c.State == store.StateReceived || c.State == store.StateAwaitingDPO:
			id = "dpo"
		case c.State == store.StateAwaitingRequester:
			id = "requester"
		case c.State == store.StateApproved || c.State == store.StateAnswered:
			id = "sending"
		default:
			continue
		}
		g := &gs[idx[id]]
		g.Total++
		if len(g.Rows) < groupMax {
			g.Rows = append(g.Rows, caseRow{Case: c, Clock: k})
		}
	}
	for i := range gs {
		gs[i].More = groupLists[gs[i].ID]
	}
	return gs
}

func (s *server) today() deadline.Date { return deadline.DateOf(s.opts.Now()) }

func (s *server) dashboard(w http.ResponseWriter, r *http.Request) {
	cases, err := s.opts.Store.ListCaseSummaries(r.Context(), store.OpenStates...)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	groups := s.groupCases(cases, today)
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
		"Title": "Cases", "Groups": groups, "Mine": mine, "Today": today, "Open": len(cases),
		"Months": s.calendar(cases, today), "Alarms": alarms, "Queue": queue,
	})
}

var allStates = []string{store.StateTriage, store.StateReceived, store.StateAwaitingDPO, store.StateAwaitingRequester,
	store.StateNeedsDecision, store.StateDrafted, store.StateApproved, store.StateAnswered, store.StateClosed}

// calDay is one cell of the due-date calendar.
type calDay struct {
	Date    deadline.Date
	InMonth bool
	Today   bool
	Due     []store.Case
	MoreDue int // due that day beyond the ones shown
	// Holiday names the bank holiday (or the organisation's own day off)
	// that falls on the day; no clock counts it as a working day.
	Holiday string
}

type calMonth struct {
	Title string
	Weeks [][]calDay
}

// calendar lays out the due dates of open cases over this month and the
// next, Monday first.
func (s *server) calendar(cases []store.Case, today deadline.Date) []calMonth {
	byDay := map[deadline.Date][]store.Case{}
	for _, c := range cases {
		if c.State == store.StateAwaitingRequester || c.State == store.StateTriage || c.State == store.StateAnswered {
			continue
		}
		if d, err := deadline.ParseDate(c.DueDate); err == nil {
			byDay[d] = append(byDay[d], c)
		}
	}
	var months []calMonth
	first := deadline.NewDate(today.Year, today.Month, 1)
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
				week[i] = calDay{Date: d, InMonth: d.Month == start.Month, Today: d == today, Due: due, Holiday: holidays[d]}
				if len(due) > calendarMax {
					week[i].Due, week[i].MoreDue = due[:calendarMax], len(due)-calendarMax
				}
				d = d.AddDays(1)
			}
			month.Weeks = append(month.Weeks, week)
			if d.Month != start.Month {
				break
			}
		}
		months = append(months, month)
	}
	return months
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
