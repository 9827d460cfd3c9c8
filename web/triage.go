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
	cases, err := s.opts.Cases.List(r.Context(), store.StateTriage)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows := make([]triageRow, 0, len(cases))
	for _, c := range cases {
		row := triageRow{Case: c}
		msgs, err := s.opts.Store.InboundForCase(r.Context(), c.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if len(msgs) > 0 {
			_ = json.Unmarshal([]byte(msgs[0].Classification), &row.Class)
			m := showMessage(msgs[0].Raw)
			row.Message = &m
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "triage", map[string]any{"Title": "Triage", "Rows": rows, "Kinds": requestKinds,
		"Done": r.URL.Query().Get("done"), "DoneMessages": doneMessages})
}
