package web

import (
	"errors"
	"net/http"
	"time"

	"example.org/intake/store"
)

// apiCase is a case as the JSON API gives it.
type apiCase struct {
	Ref        string    `json:"ref"`
	Kind       string    `json:"kind"`
	State      string    `json:"state"`
	ReceivedAt time.Time `json:"received_at"`
	StartDate  string    `json:"start_date"`
	DueDate    string    `json:"due_date,omitempty"`
	Overdue    bool      `json:"overdue"`
	Clock      string    `json:"clock"`
	DPORef     string    `json:"dpo_ref,omitempty"`
	Stage      string    `json:"stage,omitempty"`
	Extended   bool      `json:"extended"`
}

type apiEntry struct {
	At      time.Time `json:"at"`
	Type    string    `json:"type"` // "email_in", "email_out", "event", "clock"
	Title   string    `json:"title"`
	Actor   string    `json:"actor,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	From    string    `json:"from,omitempty"`
	Subject string    `json:"subject,omitempty"`
	State   string    `json:"state,omitempty"`
}

func (s *server) toAPI(c *store.Case) apiCase {
	k := s.clockOf(c, s.today())
	return apiCase{Ref: c.Ref, Kind: c.Kind, State: c.State, ReceivedAt: c.ReceivedAt.UTC(), StartDate: c.StartDate,
		DueDate: c.DueDate, Overdue: k.Overdue, Clock: k.Words, DPORef: c.DPORef, Stage: c.Stage, Extended: c.Extended}
}

func (s *server) apiCases(w http.ResponseWriter, r *http.Request) {
	var states []string
	if st := r.URL.Query().Get("state"); st != "" {
		states = []string{st}
	}
	cases, err := s.opts.Cases.List(r.Context(), states...)
	if err != nil {
		s.log.Error("api list cases", "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	out := make([]apiCase, len(cases))
	for i := range cases {
		out[i] = s.toAPI(&cases[i])
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": out})
}

func (s *server) apiCase(w http.ResponseWriter, r *http.Request) {
	v, err := s.opts.Cases.Show(r.Context(), r.PathValue("ref"))
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no such case"})
		return
	}
	if err != nil {
		s.log.Error("api show case", "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
		return
	}
	s.recordView(r, v.Case.ID, "API")
	var tl []apiEntry
	for _, it := range timeline(v) {
		e := apiEntry{At: it.At.UTC(), Type: it.Kind, Title: it.Title, Actor: it.Actor, Detail: it.Detail, State: it.State}
		switch it.Kind {
		case "in":
			e.Type = "email_in"
		case "out":
			e.Type = "email_out"
		}
		if it.Message != nil {
			e.From, e.Subject = it.Message.From, it.Message.Subject
		}
		tl = append(tl, e)
	}
	writeJSON(w, http.StatusOK, map[string]any{"case": s.toAPI(&v.Case), "timeline": tl})
}
