package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"example.org/intake/deadline"
	"example.org/intake/store"
)

type pageTemplate = *template.Template

// loadPages parses each page together with the layout, so that every page
// defines its own "content" block.
func loadPages() (map[string]pageTemplate, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	pages := map[string]pageTemplate{}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		// Files starting with _ hold blocks shared by several pages.
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		pages[base] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"stateLabel":    stateLabel,
	"flags":         flagsOf,
	"flagReasons":   flagReasons,
	"stateClass":    stateClass,
	"kindLabel":     kindLabel,
	"letterLabel":   letterLabel,
	"shownImage":    isShownImage,
	"eventLabel":    eventLabel,
	"disposal":      dispositionLabel,
	"outboundState": outboundStateLabel,
	"recipients":    recipients,
	"plain":         plainText,
	"datetime":      datetimeLabel,
	"isodatetime":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"day":           dayLabel,
	"date":          func(s string) deadline.Date { d, _ := deadline.ParseDate(s); return d },
	"pct":           func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
	"list":          func(s string) string { return strings.ReplaceAll(s, ",", ", ") },
}

// render writes page with data; the layout gets the signed-in member of
// staff and the anti-forgery token from the request.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, page string, data map[string]any) {
	t, ok := s.pages[page]
	if !ok {
		s.serverError(w, r, fmt.Errorf("web: no page %q", page))
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	if u := currentUser(r); u != nil {
		data["User"] = u.Staff
		data["Actor"] = actorName(u.Staff)
		data["IsAdmin"] = u.Staff.Role == store.RoleAdmin
		if u.Session != nil {
			data["CSRF"] = u.Session.CSRFToken
		}
	}
	data["Path"] = r.URL.Path
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func (s *server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("staff desk request failed", "path", r.URL.Path, "error", err)
	http.Error(w, "Something went wrong. It has been logged; try again.", http.StatusInternalServerError)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

var stateLabels = map[string]string{
	store.StateTriage:            "Needs triage",
	store.StateReceived:          "Received",
	store.StateAwaitingDPO:       "Waiting for the DPO",
	store.StateAwaitingRequester: "Waiting for the requester",
	store.StateNeedsDecision:     "Needs a decision",
	store.StateDrafted:           "Draft to approve",
	store.StateApproved:          "Approved, sending",
	store.StateAnswered:          "Answered",
	store.StateClosed:            "Closed",
}

func stateLabel(state string) string {
	if l, ok := stateLabels[state]; ok {
		return l
	}
	return strings.ReplaceAll(state, "_", " ")
}

// stateClass picks the colour of a status tag; the tag always carries its
// text too, so colour is never the only signal.
func stateClass(state string) string {
	switch state {
	case store.StateTriage, store.StateNeedsDecision, store.StateDrafted:
		return "tag-action"
	case store.StateAwaitingDPO, store.StateAwaitingRequester, store.StateReceived:
		return "tag-waiting"
	case store.StateApproved, store.StateAnswered, store.StateClosed:
		return "tag-done"
	}
	return ""
}

var kindLabels = map[string]string{
	"erasure": "Erasure", "access": "Access", "rectification": "Rectification", "restriction": "Restriction",
	"objection": "Objection", "portability": "Portability", "complaint": "Complaint", "other": "Not a request",
	"dpo_reply": "DPO reply", "auto_reply": "Automatic reply",
}

func kindLabel(kind string) string {
	if l, ok := kindLabels[kind]; ok {
		return l
	}
	return kind
}

// requestKinds are the kinds staff can confirm a triaged message as.
var requestKinds = []string{"erasure", "access", "rectification", "restriction", "objection", "portability", "complaint"}

// dayStyle is how the desk writes a date, on every page: "Tue 1 Dec 2026".
const dayStyle = "Mon 2 Jan 2006"

func dayLabel(d deadline.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(dayStyle)
}

// datetimeLabel is a moment in the desk's date style, London time:
// "Tue 1 Dec 2026, 14:05".
func datetimeLabel(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(london).Format(dayStyle + ", 15:04")
}

// london is the time zone staff read times in.
var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()
