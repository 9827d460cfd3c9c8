package web

import (
	"net/http"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// groupMax bounds the rows a dashboard group shows; the rest are one link
// away in the case list, so that the dashboard stays quick with thousands
// of open cases.
const groupMax = 25

// calendarMax bounds the cases a calendar day names.
const calendarMax = 4

// groupLists are the case lists behind each dashboard group.
var groupLists = map[string]string{
	"overdue": "/cases?due=overdue&sort=due", "soon": "/cases?due=7&sort=due", "decide": "/cases?state=" + store.StateDrafted,
	"triage": "/triage", "dpo": "/cases?state=" + store.StateAwaitingDPO, "requester": "/cases?state=" + store.StateAwaitingRequester,
	"sending": "/cases?state=" + store.StateApproved,
}

// myCases are the open cases assigned to the signed-in member of staff,
// soonest due first.
func (s *server) myCases(r *http.Request, today deadline.Date) (group, error) {
	g := group{ID: "mine", Title: "My cases", Hint: "Open cases assigned to you.", More: "/cases?assignee=me&sort=due"}
	list, total, err := s.opts.Store.SearchCases(r.Context(), store.CaseQuery{Assignee: currentUser(r).Staff.ID,
		States: store.OpenStates, Sort: "due", Limit: groupMax})
	if err != nil {
		return g, err
	}
	g.Total = total
	for i := range list {
		g.Rows = append(g.Rows, caseRow{Case: list[i].Case, Clock: s.clockOf(&list[i].Case, today)})
	}
	return g, nil
}

// holidays are the organisation's extra bank holidays, as the case
// service parsed them from the configuration.
func (s *server) holidays() []deadline.Date {
	if s.opts.Cases == nil {
		return nil
	}
	return s.opts.Cases.Holidays()
}

// holidayNames are the bank holidays of the organisation's calendar in
// year and the next, with its own extra days off.
func (s *server) holidayNames(year int) map[deadline.Date]string {
	out := map[deadline.Date]string{}
	cal := deadline.EnglandAndWales
	if s.opts.Cases != nil {
		cal = s.opts.Cases.Calendar()
	}
	for _, y := range []int{year, year + 1} {
		for _, h := range deadline.BankHolidays(y, cal) {
			out[h.Date] = h.Name
		}
	}
	for _, d := range s.holidays() {
		if _, ok := out[d]; !ok {
			out[d] = "day off"
		}
	}
	return out
}
