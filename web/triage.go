package web

import (
	"encoding/json"
	"net/http"

	"example.org/intake/store"
)

// triageRow is a message the classifier was unsure of.
type triageRow struct {
	Case    store.Case
	Class   classification
	Message *shownMessage
}

func (s *server) triage(w http.ResponseWriter, r *http.Request) {
	queue, err := s.opts.Cases.TriageQueue(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]triageRow, 0, len(queue))
	for _, q := range queue {
		row := triageRow{Case: q.Case}
		if in := q.Opening; in != nil {
			_ = json.Unmarshal([]byte(in.Classification), &row.Class)
			m := showMessage(in.Raw)
			row.Message = &m
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "triage", map[string]any{"Title": "Triage", "Rows": rows, "Kinds": requestKinds,
		"Done": r.URL.Query().Get("done"), "DoneMessages": doneMessages})
}
