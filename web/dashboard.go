package web

import (
	"net/http"
	"net/url"
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
	Rows            []caseRow // the first dashboardRows of them
	Total           int
}

// dashboardRows bounds the rows shown under each dashboard heading, and
// dayLinks the cases named on one day of the calendar: with thousands of
// open cases the page stays quick to build and to read; the case list
// has the rest.
const (
	dashboardRows = 50
	dayLinks      = 4
)

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
		if len(g.Rows) < dashboardRows {
			g.Rows = append(g.Rows, caseRow{Case: c, Clock: k})
		}
	}
	return gs
}

func (s *server) today() deadline.Date { return deadline.DateOf(s.opts.Now()) }

func (s *server) dashboard(w http.ResponseWriter, r *http.Request) {
	cases, err := s.opts.Cases.List(r.Context(), store.OpenStates...)
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
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{
		"Title": "Cases", "Groups": groups, "Today": today, "Open": len(cases),
		"Months": s.calendar(cases, today), "Alarms": alarms,
	})
}

func (s *server) caseList(w http.ResponseWriter, r *http.Request) {
	var states []string
	if st := r.URL.Query().Get("state"); st != "" {
		states = []string{st}
	}
	// One page at a time, newest first ("Older cases" goes on).
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	cases, err := s.opts.Store.ListCasesPage(r.Context(), store.CasePage{States: states, BeforeID: before, Limit: casesPerPage + 1})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	older := ""
	if len(cases) > casesPerPage {
		cases = cases[:casesPerPage]
		q := url.Values{"before": {strconv.FormatInt(cases[len(cases)-1].ID, 10)}}
		if len(states) > 0 {
			q.Set("state", states[0])
		}
		older = "/cases?" + q.Encode()
	}
	today := s.today()
	rows := make([]caseRow, len(cases))
	for i := range cases {
		rows[i] = caseRow{Case: cases[i], Clock: s.clockOf(&cases[i], today)}
	}
	s.render(w, r, http.StatusOK, "cases", map[string]any{"Title": "All cases", "Rows": rows, "State": r.URL.Query().Get("state"),
		"States": allStates, "Older": older})
}

// casesPerPage is how many cases the case list shows at a time.
const casesPerPage = 200

var allStates = []string{store.StateTriage, store.StateReceived, store.StateAwaitingDPO, store.StateAwaitingRequester,
	store.StateNeedsDecision, store.StateDrafted, store.StateApproved, store.StateAnswered, store.StateClosed}

// calDay is one cell of the due-date calendar.
type calDay struct {
	Date    deadline.Date
	InMonth bool
	Today   bool
	Due     []store.Case // the first dayLinks of them
	More    int          // how many more are due that day
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
	for m := 0; m < 2; m++ {
		start := deadline.NewDate(first.Year, first.Month+time.Month(m), 1)
		month := calMonth{Title: start.Time().Format("January 2006")}
		// back to Monday
		d := start.AddDays(-((int(start.Weekday()) + 6) % 7))
		for {
			week := make([]calDay, 7)
			for i := range week {
				due := byDay[d]
				week[i] = calDay{Date: d, InMonth: d.Month == start.Month, Today: d == today, Due: due[:min(len(due), dayLinks)],
					More: max(0, len(due)-dayLinks)}
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
