package web

import (
	"context"
	"net/http"
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
	// Every open case is sorted by its clock, but only the few shown are
	// read whole: with thousands open, reading them all was most of the
	// page's time.
	cases, err := s.opts.Store.ListCaseClocks(r.Context(), store.OpenStates...)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	groups := s.groupCases(cases, today)
	months := s.calendar(cases, today)
	if err := s.readShown(r.Context(), groups, months, today); err != nil {
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
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{
		"Title": "Cases", "Groups": groups, "Mine": mine, "Today": today, "Open": len(cases),
		"Months": months, "Alarms": alarms,
	})
}

// readShown replaces the cases of groups and months, which have only
// their clocks, with the whole summaries of the cases.
func (s *server) readShown(ctx context.Context, groups []group, months []calMonth, today deadline.Date) error {
	var ids []int64
	for _, g := range groups {
		for _, row := range g.Rows {
			ids = append(ids, row.Case.ID)
		}
	}
	for _, m := range months {
		for _, week := range m.Weeks {
			for _, d := range week {
				for _, c := range d.Due {
					ids = append(ids, c.ID)
				}
			}
		}
	}
	whole, err := s.opts.Store.CaseSummariesByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, g := range groups {
		for i := range g.Rows {
			if c, ok := whole[g.Rows[i].Case.ID]; ok {
				g.Rows[i] = caseRow{Case: c, Clock: s.clockOf(&c, today)}
			}
		}
	}
	for _, m := range months {
		for _, week := range m.Weeks {
			for _, d := range week {
				for i := range d.Due {
					if c, ok := whole[d.Due[i].ID]; ok {
						d.Due[i] = c
					}
				}
			}
		}
	}
	return nil
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
