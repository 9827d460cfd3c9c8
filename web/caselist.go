package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// The case list finds work: search by our reference, the DPO reference,
// the URN, the requester's name or address; filters by state, kind,
// assignee and due window; columns sorted by a link in their heading;
// pages of pageSize.

const pageSize = 50

// dueWindows are the due-date filters, in working terms staff use.
var dueWindows = []struct{ ID, Label string }{
	{"", "any time"}, {"overdue", "overdue"}, {"7", "within 7 days"}, {"30", "within 30 days"},
}

// listedRow is one row of the case list.
type listedRow struct {
	Case     store.Case
	Clock    caseClock
	Assignee string
}

// sortLink is a column heading: its link sorts by it, again reverses.
type sortLink struct {
	Label, Key, URL, Aria string
}

func (s *server) caseList(w http.ResponseWriter, r *http.Request) {
	qs := r.URL.Query()
	me := currentUser(r).Staff.ID
	q := store.CaseQuery{Text: strings.TrimSpace(qs.Get("q")), Kind: qs.Get("kind"), Sort: qs.Get("sort"), Desc: qs.Get("dir") == "desc", Limit: pageSize}
	if st := qs.Get("state"); st != "" {
		q.States = []string{st}
	}
	switch a := qs.Get("assignee"); a {
	case "":
	case "me":
		q.Assignee = me
	case "none":
		q.Unassigned = true
	default:
		q.Assignee, _ = strconv.ParseInt(a, 10, 64)
	}
	today := s.today()
	switch qs.Get("due") {
	case "overdue":
		q.DueTo = today.AddDays(-1).String()
		q.States = intersect(q.States, casework.RunningStates())
	case "7", "30":
		n, _ := strconv.Atoi(qs.Get("due"))
		q.DueFrom, q.DueTo = today.String(), today.AddDays(n).String()
		q.States = intersect(q.States, casework.RunningStates())
	}
	page, _ := strconv.Atoi(qs.Get("page"))
	page = max(page, 1)
	q.Offset = (page - 1) * pageSize
	var (
		cases []store.ListedCase
		total int
		err   error
	)
	if q.States == nil || len(q.States) > 0 {
		cases, total, err = s.opts.Store.SearchCases(r.Context(), q)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	rows := make([]listedRow, len(cases))
	for i := range cases {
		rows[i] = listedRow{Case: cases[i].Case, Clock: s.clockOf(&cases[i].Case, today), Assignee: cases[i].AssigneeName.String}
	}
	staff, err := s.opts.Store.ListStaff(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	link := func(changes ...string) string {
		v := url.Values{}
		for k, vs := range qs {
			v[k] = vs
		}
		for i := 0; i+1 < len(changes); i += 2 {
			if changes[i+1] == "" {
				v.Del(changes[i])
			} else {
				v.Set(changes[i], changes[i+1])
			}
		}
		if e := v.Encode(); e != "" {
			return "/cases?" + e
		}
		return "/cases"
	}
	var sorts []sortLink
	for _, c := range []struct{ label, key string }{{"Case", "ref"}, {"Requester", "requester"}, {"Request", "kind"},
		{"Status", "state"}, {"Due", "due"}, {"Received", "received"}} {
		cur := q.Sort == c.key || (q.Sort == "" && c.key == "ref")
		dir, aria := "", ""
		if cur {
			aria = "ascending"
			if (c.key == "ref") != q.Desc {
				aria = "descending"
			}
			if !q.Desc {
				dir = "desc"
			}
		}
		sorts = append(sorts, sortLink{Label: c.label, Key: c.key, URL: link("sort", c.key, "dir", dir, "page", ""), Aria: aria})
	}
	pages := (total + pageSize - 1) / pageSize
	data := map[string]any{
		"Title": "All cases", "Rows": rows, "Total": total, "Q": q.Text, "State": qs.Get("state"), "States": allStates,
		"Kind": q.Kind, "Kinds": append(append([]string{}, requestKinds...), "other"), "Assignee": qs.Get("assignee"), "Staff": staff,
		"Due": qs.Get("due"), "DueWindows": dueWindows, "Sorts": sorts, "Page": page, "Pages": pages,
		"First": q.Offset + 1, "Last": q.Offset + len(rows),
	}
	if page > 1 {
		data["Prev"] = link("page", strconv.Itoa(page-1))
	}
	if page < pages {
		data["Next"] = link("page", strconv.Itoa(page+1))
	}
	s.render(w, r, http.StatusOK, "cases", data)
}

// intersect keeps the states of a that are in b; a nil a means "any".
func intersect(a, b []string) []string {
	if a == nil {
		return b
	}
	out := []string{}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}
