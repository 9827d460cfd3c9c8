package web

import (
	"encoding/csv"
	"net/http"
	"time"
)

// auditDays is how far back the audit pages look.
const auditDays = 90

func (s *server) auditEntries(r *http.Request, limit int) ([]auditRow, error) {
	es, err := s.opts.Store.AuditLog(r.Context(), s.opts.Now().AddDate(0, 0, -auditDays), limit)
	if err != nil {
		return nil, err
	}
	rows := make([]auditRow, len(es))
	for i, e := range es {
		rows[i] = auditRow{At: e.At, Case: e.CaseRef, Actor: e.Actor, Action: eventTitle(e.Action), Detail: e.Detail}
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
	s.render(w, r, http.StatusOK, "audit", map[string]any{"Title": "Audit log", "Rows": rows, "Days": auditDays})
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
