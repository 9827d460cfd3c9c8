package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

// auditDays is how far back the audit pages look.
const auditDays = 90

// auditFilter reads the audit page's filters: case, person, action and
// a date range (From and To as YYYY-MM-DD, both included).
func (s *server) auditFilter(r *http.Request, limit int) (store.AuditFilter, url.Values) {
	qs := r.URL.Query()
	f := store.AuditFilter{CaseRef: strings.TrimSpace(qs.Get("case")), Actor: qs.Get("who"), Action: qs.Get("action"),
		From: s.opts.Now().AddDate(0, 0, -auditDays), Limit: limit}
	if d, err := deadline.ParseDate(qs.Get("from")); err == nil {
		f.From = d.Time()
	}
	if d, err := deadline.ParseDate(qs.Get("to")); err == nil {
		f.To = d.AddDays(1).Time()
	}
	return f, qs
}

func (s *server) auditEntries(r *http.Request, limit int) ([]auditRow, error) {
	f, _ := s.auditFilter(r, limit)
	es, err := s.opts.Store.AuditLogFiltered(r.Context(), f)
	if err != nil {
		return nil, err
	}
	rows := make([]auditRow, len(es))
	for i, e := range es {
		rows[i] = auditRow{At: e.At, Case: e.CaseRef, Actor: e.Actor, Action: eventTitle(e.Action), Detail: eventDetail(e.Action, e.Detail)}
	}
	return rows, nil
}

type auditRow struct {
	At                          time.Time
	Case, Actor, Action, Detail string
}

func (s *server) audit(w http.ResponseWriter, r *http.Request) {
	rows, err := s.auditEntries(r, 1000)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, qs := s.auditFilter(r, 0)
	actors, err := s.opts.Store.AuditActors(r.Context(), s.opts.Now().AddDate(0, 0, -auditDays))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	actions := make([]string, 0, len(eventLabels))
	for k := range eventLabels {
		actions = append(actions, k)
	}
	sort.Slice(actions, func(i, j int) bool { return eventLabel(actions[i]) < eventLabel(actions[j]) })
	csv := "/audit.csv"
	if e := qs.Encode(); e != "" {
		csv += "?" + e
	}
	s.render(w, r, http.StatusOK, "audit", map[string]any{"Title": "Audit log", "Rows": rows, "Days": auditDays,
		"Case": qs.Get("case"), "Who": qs.Get("who"), "Action": qs.Get("action"), "From": qs.Get("from"), "To": qs.Get("to"),
		"Actors": actors, "Actions": actions, "CSV": csv})
}

func (s *server) auditCSV(w http.ResponseWriter, r *http.Request) {
	rows, err := s.auditEntries(r, 1000000)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="intake-audit.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"at", "case", "who", "action", "detail"})
	for _, a := range rows {
		_ = cw.Write([]string{a.At.UTC().Format(time.RFC3339), a.Case, a.Actor, a.Action, csvSafe(a.Detail)})
	}
	cw.Flush()
}

// csvSafe stops a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}
