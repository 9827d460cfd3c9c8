package web

import (
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
}

func (s *server) caseAction(w http.ResponseWriter, r *http.Request) {
	ref, action := r.PathValue("ref"), r.PathValue("action")
	actor := actorName(currentUser(r).Staff)
	cs := s.opts.Cases
	ctx := r.Context()
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	var err error
	switch action {
	case "edit-draft":
		err = cs.EditDraft(ctx, ref, f("subject"), strings.ReplaceAll(r.PostFormValue("text"), "\r\n", "\n"), actor)
	case "approve":
		err = cs.ApproveWith(ctx, ref, actor, casework.Approval{NoDPORefReason: f("no_dpo_ref_reason"), DespiteFlags: f("despite_flags")})
	case "reject":
		err = cs.Reject(ctx, ref, actor, f("reason"))
	case "ask-id":
		err = cs.AskForID(ctx, ref, actor)
	case "ask-clarification":
		err = cs.AskForClarification(ctx, ref, f("question"), actor)
	case "verify-id":
		err = cs.VerifyID(ctx, ref, actor, f("note"))
	case "resume":
		err = cs.Resume(ctx, ref, actor)
	case "pause":
		err = cs.Pause(ctx, ref, f("reason"), actor)
	case "extend":
		err = cs.Extend(ctx, ref, f("reason"), actor)
	case "consider-extension":
		err = cs.ConsiderExtension(ctx, ref, f("considering") == "yes", actor)
	case "stage":
		err = cs.SetStage(ctx, ref, f("stage"), actor)
	case "close":
		err = cs.Close(ctx, ref, f("reason"), actor)
	case "not-a-request":
		err = cs.NotARequest(ctx, ref, actor)
	case "confirm":
		err = cs.ConfirmTriage(ctx, ref, f("kind"), actor)
	case "clear-flag":
		err = cs.ClearFlag(ctx, ref, actor)
	case "attach":
		err = s.attach(r, ref, actor)
	default:
		http.NotFound(w, r)
		return
	}
	if err != nil {
		s.actionFailed(w, r, err)
		return
	}
	back := "/cases/" + url.PathEscape(strings.ToUpper(ref))
	if next := r.PostFormValue("next"); next == "/triage" {
		back = next
	}
	http.Redirect(w, r, back+"?done="+url.QueryEscape(action), http.StatusSeeOther)
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

// actionFailed shows the case again with what went wrong: a refused
// transition (409) or another mistake of the member of staff (400, such as
// a missing reason) is theirs to put right and shown in plain words;
// anything else is a fault, logged and shown as one.
func (s *server) actionFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, store.ErrNotFound) {
		s.render(w, r, http.StatusNotFound, "error", map[string]any{"Title": "No such case", "Message": "There is no case with that reference."})
		return
	}
	msg, mistake := casework.Plain(err)
	if !mistake {
		s.serverError(w, r, err)
		return
	}
	status := http.StatusBadRequest
	if errors.Is(err, casework.ErrIllegal) {
		status = http.StatusConflict
	}
	v, ok := s.show(w, r)
	if !ok {
		return
	}
	s.renderCase(w, r, status, "case", v, sentence(msg))
}

// sentence starts msg with a capital and ends it with a full stop.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
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

func mimeAttachment(name string) string {
	safe := strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == '/' || r > 0x7e {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, safe, url.PathEscape(name))
}
