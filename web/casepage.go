package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"time"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// timelineItem is one entry of a case's timeline: an email in or out, or
// an event (including every clock computation).
type timelineItem struct {
	At       time.Time
	Kind     string // "in", "out", "event", "clock"
	Title    string
	Actor    string
	Detail   string
	Message  *shownMessage
	ID       int64
	State    string // of an outbound message
	Disposal string // of an inbound message
}

// classification is what the classifier said about the first message.
type classification struct {
	Kind       string   `json:"kind"`
	Rights     []string `json:"rights"`
	Confidence float64  `json:"confidence"`
	Action     string   `json:"action"`
	Reasons    []string `json:"reasons"`
}

func timeline(v *casework.View) []timelineItem {
	var items []timelineItem
	for _, in := range v.Inbound {
		m := showMessage(in.Raw)
		items = append(items, timelineItem{At: in.ReceivedAt, Kind: "in", Title: "Email received", Message: &m, ID: in.ID, Disposal: in.Disposition})
	}
	for _, o := range v.Outbound {
		m := showMessage(o.Raw)
		at := o.CreatedAt
		title := "Email queued: " + letterLabel(o.Kind)
		if o.SentAt.Valid {
			at, title = o.SentAt.Time, "Email sent: "+letterLabel(o.Kind)
		}
		items = append(items, timelineItem{At: at, Kind: "out", Title: title, Message: &m, ID: o.ID, State: o.State})
	}
	for _, e := range v.Events {
		kind := "event"
		if e.Kind == "clock" {
			kind = "clock"
		}
		items = append(items, timelineItem{At: e.At, Kind: kind, Title: eventTitle(e.Kind), Actor: e.Actor, Detail: eventDetail(e.Kind, e.Detail)})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].At.Before(items[j].At) })
	return items
}

func eventTitle(kind string) string { return eventLabel(kind) }

func (s *server) show(w http.ResponseWriter, r *http.Request) (*casework.View, bool) {
	v, err := s.opts.Cases.Show(r.Context(), r.PathValue("ref"))
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "No such case", "Message": "There is no case with that reference."})
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return v, true
}

func (s *server) recordView(r *http.Request, caseID int64, what string) {
	u := currentUser(r)
	if err := s.opts.Store.RecordCaseView(r.Context(), caseID, actorName(u.Staff), what, s.opts.Now()); err != nil {
		s.log.Error("record case view", "error", err)
	}
}

func (s *server) casePage(w http.ResponseWriter, r *http.Request) {
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	s.recordView(r, v.Case.ID, "case page")
	s.renderCase(w, r, http.StatusOK, "case", v, "")
}

func (s *server) casePrint(w http.ResponseWriter, r *http.Request) {
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	s.recordView(r, v.Case.ID, "printable view")
	s.renderCase(w, r, http.StatusOK, "print", v, "")
}

func (s *server) renderCase(w http.ResponseWriter, r *http.Request, status int, page string, v *casework.View, problem string) {
	var cls classification
	if len(v.Inbound) > 0 {
		_ = json.Unmarshal([]byte(v.Inbound[0].Classification), &cls)
	}
	stageLabel := v.Case.Stage
	if st, ok := s.opts.Programme.Stage(v.Case.Stage); ok {
		stageLabel = st.Label
	}
	can := map[string]bool{}
	for _, a := range []string{casework.ActConfirmTriage, casework.ActNotARequest, casework.ActSetStage, casework.ActEditDraft,
		casework.ActApprove, casework.ActReject, casework.ActAskID, casework.ActAskClarify, casework.ActVerifyID,
		casework.ActResume, casework.ActExtend, casework.ActConsiderExtend, casework.ActClose, casework.ActAttach, casework.ActPause,
		casework.ActReopen, casework.ActDPORef, casework.ActRedraft, casework.ActLink, casework.ActTick, casework.ActUntick, casework.ActSetKind} {
		can[a] = s.opts.Cases.Offers(v, a)
	}
	can["clear_flag"] = s.opts.Cases.Offers(v, casework.ActFlag)
	var assigned *store.Assignment
	if a, err := s.opts.Store.CaseAssignment(r.Context(), v.Case.ID); err == nil {
		assigned = a
	} else if !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	staff, err := s.opts.Store.ListStaff(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	can[casework.ActRedraft] = can[casework.ActRedraft] && v.Case.DraftText != "" && v.Case.DraftBy != "intake"
	answer, hasAnswer, err := s.opts.Cases.Answer(r.Context(), v)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	k := keptView{s.kept.get(r.URL.Query().Get("f"), sessionKey(r), s.opts.Now())}
	if problem == "" {
		problem = k.Error(k.Action())
	}
	s.render(w, r, status, page, map[string]any{
		"Title": "Case " + v.Case.Ref, "V": v, "C": v.Case, "Clock": s.clockOf(&v.Case, s.today()),
		"Explain": v.Clock.Explain(), "Timeline": timeline(v), "Class": cls, "StageLabel": stageLabel,
		"Stages": s.opts.Programme.Stages, "Kinds": requestKinds, "Can": can, "Answer": answer, "HasAnswer": hasAnswer,
		"Verified": verification(v.Events), "Assigned": assigned, "StaffList": staff, "Problem": problem, "ProblemAction": k.Action(), "Kept": k, "Done": r.URL.Query().Get("done"), "DoneMessages": doneMessages,
	})
}
