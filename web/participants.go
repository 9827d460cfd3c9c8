package web

import (
	"errors"
	"net/http"
	"strings"

	"example.org/intake/participants"
	"example.org/intake/store"
)

func (s *server) participants(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	list, err := s.opts.Store.SearchParticipants(r.Context(), q, 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "participants", map[string]any{"Title": "Participants", "Q": q, "List": list, "Stages": s.opts.Programme.Stages, "StageWords": s.stageWords()})
}

func (s *server) participant(w http.ResponseWriter, r *http.Request) {
	p, err := s.opts.Store.ParticipantByURN(r.Context(), r.PathValue("urn"))
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "No such participant", "Message": "There is no participant with that URN."})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "participant", map[string]any{"Title": "Participant " + p.URN, "P": p,
		"Stages": s.opts.Programme.Stages, "StageWords": s.stageWords(), "Done": r.URL.Query().Get("done")})
}

func (s *server) participantStage(w http.ResponseWriter, r *http.Request) {
	urn := r.PathValue("urn")
	stage := r.PostFormValue("stage")
	if _, ok := s.opts.Programme.Stage(stage); !ok {
		http.Error(w, "Choose one of the programme's stages.", http.StatusBadRequest)
		return
	}
	// Through casework: the participant's open cases take the stage, each
	// with an event naming who set it.
	n, err := s.opts.Cases.SetParticipantStage(r.Context(), urn, stage, actorName(currentUser(r).Staff))
	if errors.Is(err, store.ErrNotFound) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("participant stage set by staff", "cases_updated", n)
	http.Redirect(w, r, "/participants/"+store.NormalURN(urn)+"?done=stage", http.StatusSeeOther)
}

// participantsImport reads the register's CSV export and shows the row
// report: what was accepted and which rows were rejected, and why.
func (s *server) participantsImport(w http.ResponseWriter, r *http.Request) {
	f, _, err := r.FormFile("file")
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "participants", map[string]any{"Title": "Participants", "ImportError": "Choose the CSV file to import."})
		return
	}
	defer f.Close()
	rep, err := s.opts.Cases.ImportRegister(r.Context(), f, actorName(currentUser(r).Staff))
	var fe *participants.FileError
	if errors.As(err, &fe) {
		s.render(w, r, http.StatusBadRequest, "participants", map[string]any{"Title": "Participants", "ImportError": sentence(fe.Msg)})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.log.Info("participants imported", "rows", rep.Rows, "rejected", len(rep.Rejected), "cases_updated", rep.Cases)
	list, err := s.opts.Store.SearchParticipants(r.Context(), "", 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "participants", map[string]any{"Title": "Participants", "Report": rep, "List": list, "StageWords": s.stageWords()})
}

// stageWords names each stage of the programme by its label, for pages
// that list stages recorded as ids; a stage the programme no longer has
// is shown as recorded.
func (s *server) stageWords() stageNames {
	m := stageNames{}
	for _, st := range s.opts.Programme.Stages {
		m[st.ID] = st.Label
	}
	return m
}

// stageNames maps stage ids to their labels.
type stageNames map[string]string

// Word is the label of stage id, or id itself when the programme has no
// such stage.
func (n stageNames) Word(id string) string {
	if l, ok := n[id]; ok {
		return l
	}
	return id
}
