package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/store"
)

// doneMessages confirm an action at the top of the case page.
var doneMessages = map[string]string{
	"edit-draft": "Draft saved.", "approve": "Answer approved. It is being sent.", "reject": "Draft sent back.",
	"ask-id": "Asked for identity evidence. The clock is paused.", "ask-clarification": "Question sent. The clock is paused.",
	"verify-id": "Identity recorded as verified. The clock runs again.", "resume": "The clock runs again.",
	"extend": "Extension recorded and the requester told.", "consider-extension": "Saved.", "stage": "Stage recorded.",
	"close": "Case closed.", "not-a-request": "Marked as not a request. Nothing was sent.", "confirm": "Confirmed. The holding reply and DPO forward are queued.",
	"clear-flag": "Flag cleared.", "attach": "File attached.", "pause": "Clock paused.",
	"reopen": "Case reopened. The timeline says how its clock runs.",
	"assign": "Assignment saved.", "dpo-ref": "DPO reference recorded.", "redraft": "The standard letter is back as the draft.", "link": "Linked to the participant.", "note": "Note added. It is never sent to anyone.",
	"checklist": "Ticked, in your name.", "untick": "The tick is taken back.",
	"set-kind": "Kind set. The due date now follows its own rule; nothing was sent.",
}

func (s *server) caseAction(w http.ResponseWriter, r *http.Request) {
	ref, action := r.PathValue("ref"), r.PathValue("action")
	if _, known := doneMessages[action]; !known {
		http.NotFound(w, r)
		return
	}
	actor := actorName(currentUser(r).Staff)
	if checkFirst[action] && r.PostFormValue("confirm") != "yes" {
		s.check(w, r, ref, action, actor)
		return
	}
	if err := s.act(r.Context(), r, ref, action, actor); err != nil {
		s.actionFailed(w, r, ref, action, err)
		return
	}
	back := "/cases/" + url.PathEscape(strings.ToUpper(ref))
	if next := r.PostFormValue("next"); next == "/triage" {
		back = next
	}
	http.Redirect(w, r, back+"?done="+url.QueryEscape(action), http.StatusSeeOther)
}

// act does one action of the case page with the posted form r.
func (s *server) act(ctx context.Context, r *http.Request, ref, action, actor string) error {
	cs := s.opts.Cases
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	switch action {
	case "edit-draft":
		return cs.EditDraft(ctx, ref, f("subject"), strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"), actor)
	case "approve":
		return cs.ApproveWith(ctx, ref, actor, casework.Approval{NoDPORefReason: f("no_dpo_ref_reason"), DespiteFlags: f("despite_flags")})
	case "reject":
		return cs.Reject(ctx, ref, actor, f("reason"))
	case "ask-id":
		return cs.AskForID(ctx, ref, actor)
	case "ask-clarification":
		return cs.AskForClarification(ctx, ref, f("question"), actor)
	case "verify-id":
		return cs.VerifyID(ctx, ref, actor, f("note"))
	case "resume":
		return cs.Resume(ctx, ref, actor)
	case "pause":
		return cs.Pause(ctx, ref, f("reason"), actor)
	case "extend":
		return cs.Extend(ctx, ref, f("reason"), actor)
	case "consider-extension":
		return cs.ConsiderExtension(ctx, ref, f("considering") == "yes", actor)
	case "stage":
		return cs.SetStage(ctx, ref, f("stage"), actor)
	case "close":
		return cs.Close(ctx, ref, f("reason"), actor)
	case "not-a-request":
		return cs.NotARequest(ctx, ref, actor)
	case "confirm":
		return cs.ConfirmTriage(ctx, ref, f("kind"), actor)
	case "set-kind":
		return cs.SetKind(ctx, ref, f("kind"), actor)
	case "clear-flag":
		return cs.ClearFlag(ctx, ref, actor)
	case "reopen":
		return cs.Reopen(ctx, ref, f("reason"), actor)
	case "assign":
		id := currentUser(r).Staff.ID
		if to := f("staff"); to != "me" {
			id, _ = strconv.ParseInt(to, 10, 64)
		}
		return cs.Assign(ctx, ref, id, actor)
	case "note":
		return cs.AddNote(ctx, ref, r.PostFormValue("note"), actor)
	case "link":
		return cs.LinkParticipant(ctx, ref, f("urn"), actor)
	case "checklist":
		return cs.Tick(ctx, ref, f("item"), r.PostFormValue("note"), actor)
	case "untick":
		return cs.Untick(ctx, ref, f("item"), f("reason"), actor)
	case "redraft":
		return cs.Redraft(ctx, ref, actor)
	case "dpo-ref":
		return cs.SetDPORef(ctx, ref, f("dpo_ref"), f("reason"), actor)
	case "attach":
		return s.attach(r, ref, actor)
	}
	return fmt.Errorf("web: unknown action %q", action)
}

func (s *server) attach(r *http.Request, ref, actor string) error {
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return casework.Mistake("choose a file to attach")
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxUpload))
	if err != nil {
		return fmt.Errorf("web: read upload: %w", err)
	}
	return s.opts.Cases.AttachFile(r.Context(), ref, hdr.Filename, hdr.Header.Get("Content-Type"), data, actor)
}

// actionFailed sends staff back to the form with what went wrong when it
// is theirs to put right (a refused transition, a missing reason); a
// fault is logged and shown as a fault.
func (s *server) actionFailed(w http.ResponseWriter, r *http.Request, ref, action string, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "No such case", "Message": "There is no case with that reference."})
		return
	}
	msg, ok := staffMessage(err)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	s.refused(w, r, ref, action, msg)
}

// sentence starts msg with a capital and ends it with a full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

func (s *server) caseFile(w http.ResponseWriter, r *http.Request) {
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	for _, f := range v.Files {
		if f.ID == id {
			s.recordView(r, v.Case.ID, "file "+strconv.FormatInt(f.ID, 10))
			download(w, f.Name, f.Data)
			return
		}
	}
	http.NotFound(w, r)
}

// caseRaw downloads one email of the case, in or out, as an .eml file (its
// attachments included), never shown inline.
func (s *server) caseRaw(w http.ResponseWriter, r *http.Request) {
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	idStr := r.PathValue("id")
	if idStr == "" {
		http.NotFound(w, r)
		return
	}
	dir, n := idStr[:1], idStr[1:]
	id, _ := strconv.ParseInt(n, 10, 64)
	if dir == "i" {
		for _, m := range v.Inbound {
			if m.ID == id {
				s.recordView(r, v.Case.ID, "email received "+n)
				download(w, v.Case.Ref+"-in-"+n+".eml", m.Raw)
				return
			}
		}
	}
	if dir == "o" {
		for _, m := range v.Outbound {
			if m.ID == id {
				s.recordView(r, v.Case.ID, "email sent "+n)
				download(w, v.Case.Ref+"-out-"+n+".eml", m.Raw)
				return
			}
		}
	}
	http.NotFound(w, r)
}

// download always sends an attachment as application/octet-stream, so a
// browser saves it and never renders it on this site.
func download(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mimeAttachment(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

func mimeAttachment(name string) string { return contentDisposition("attachment", name) }
