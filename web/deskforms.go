package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"example.org/intake/casework"
)

// Every form of the desk posts, and every post is answered with a
// redirect to a page (POST-redirect-GET): the address bar never shows a
// POST address, and reloading never repeats an action. What a refused
// form said, and what was typed into it, waits here under a short-lived
// token until the page it returns to shows it again.

// kept is one refused or checked form: the action, the refusal in words
// ("" when the form is only being checked) and what was typed.
type kept struct {
	session string
	Action  string
	Message string
	Form    url.Values
	at      time.Time
}

// keptForms holds kept forms in memory for keptTTL. They are a
// convenience for the next page, never the record of anything: a form
// lost to a restart just shows empty again.
type keptForms struct {
	mu sync.Mutex
	m  map[string]*kept
}

const (
	keptTTL = 30 * time.Minute
	keptMax = 5000
)

func newKeptForms() *keptForms { return &keptForms{m: map[string]*kept{}} }

// put stores k and returns its token.
func (f *keptForms) put(k *kept, now time.Time) string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	tok := hex.EncodeToString(b[:])
	k.at = now
	f.mu.Lock()
	defer f.mu.Unlock()
	for t, old := range f.m {
		if now.Sub(old.at) > keptTTL || len(f.m) >= keptMax {
			delete(f.m, t)
		}
	}
	f.m[tok] = k
	return tok
}

// get returns the kept form of token for the session, if it is still
// there. It stays, so that reloading the page shows it again.
func (f *keptForms) get(token, session string, now time.Time) *kept {
	if token == "" {
		return nil
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.m[token]
	if !ok || k.session != session || now.Sub(k.at) > keptTTL {
		return nil
	}
	return k
}

func sessionKey(r *http.Request) string {
	if u := currentUser(r); u != nil && u.Session != nil {
		return u.Session.IDHash
	}
	return ""
}

// keepForm stores the posted form of action with msg and returns its token.
func (s *server) keepForm(r *http.Request, action, msg string) string {
	form := url.Values{}
	for k, v := range r.PostForm {
		if k != "csrf" && k != "confirm" {
			form[k] = v
		}
	}
	return s.kept.put(&kept{session: sessionKey(r), Action: action, Message: msg, Form: form}, s.opts.Now())
}

// keptFor is the page's view of a kept form: Value(action, field) gives
// back what was typed into that form, Error(action) its refusal.
type keptView struct{ k *kept }

func (v keptView) Value(action, field string) string {
	if v.k == nil || v.k.Action != action {
		return ""
	}
	return v.k.Form.Get(field)
}

func (v keptView) Error(action string) string {
	if v.k == nil || v.k.Action != action {
		return ""
	}
	return v.k.Message
}

// Action is the action whose form was kept.
func (v keptView) Action() string {
	if v.k == nil {
		return ""
	}
	return v.k.Action
}

// refused sends staff back to the case with the refusal next to the form
// they used and their typed text still in it.
func (s *server) refused(w http.ResponseWriter, r *http.Request, ref, action, msg string) {
	tok := s.keepForm(r, action, msg)
	http.Redirect(w, r, "/cases/"+url.PathEscape(strings.ToUpper(ref))+"?f="+tok+"#form-"+action, http.StatusSeeOther)
}

// checkFirst are the actions that show what they will do before they do
// it: the ones that send a letter show the letter; closing and "not a
// request" ask to be confirmed.
var checkFirst = map[string]bool{
	"ask-id": true, "ask-clarification": true, "extend": true, "approve": true, "close": true, "not-a-request": true,
}

// checkTitles head the check page of each action.
var checkTitles = map[string]string{
	"ask-id": "Check the request for identity evidence", "ask-clarification": "Check the question",
	"extend": "Check the extension notice", "approve": "Check the answer",
	"close": "Close this case?", "not-a-request": "Not a request?",
}

// sendLabels are the buttons that do the action on the check page.
var sendLabels = map[string]string{
	"ask-id": "Send the request for ID", "ask-clarification": "Send the question", "extend": "Send the extension notice",
	"approve": "Approve and send", "close": "Close the case", "not-a-request": "Close it as not a request",
}

// check answers the first post of a checkFirst action: the action is run
// as a dry run; refused, staff go back to the form; otherwise to the page
// that shows what it will do.
func (s *server) check(w http.ResponseWriter, r *http.Request, ref, action, actor string) {
	_, err := s.opts.Cases.Preview(r.Context(), ref, func(ctx context.Context) error {
		return s.act(ctx, r, ref, action, actor)
	})
	if err != nil {
		s.actionFailed(w, r, ref, action, err)
		return
	}
	tok := s.keepForm(r, action, "")
	http.Redirect(w, r, "/cases/"+url.PathEscape(strings.ToUpper(ref))+"/check/"+tok, http.StatusSeeOther)
}

// checkPage shows exactly what a checked action will send (rendered again
// by the same code, in a dry run), with Send and Back.
func (s *server) checkPage(w http.ResponseWriter, r *http.Request) {
	ref := strings.ToUpper(r.PathValue("ref"))
	k := s.kept.get(r.PathValue("token"), sessionKey(r), s.opts.Now())
	if k == nil || !checkFirst[k.Action] {
		http.Redirect(w, r, "/cases/"+url.PathEscape(ref), http.StatusSeeOther)
		return
	}
	actor := actorName(currentUser(r).Staff)
	fake := &http.Request{PostForm: k.Form, Form: k.Form}
	letters, err := s.opts.Cases.Preview(r.Context(), ref, func(ctx context.Context) error {
		return s.act(ctx, fake, ref, k.Action, actor)
	})
	if err != nil {
		// Refused now (the case moved on since): back to the form.
		if msg, ok := staffMessage(err); ok {
			k.Message = msg
			http.Redirect(w, r, "/cases/"+url.PathEscape(ref)+"?f="+r.PathValue("token")+"#form-"+k.Action, http.StatusSeeOther)
			return
		}
		s.serverError(w, r, err)
		return
	}
	back := "/cases/" + url.PathEscape(ref) + "?f=" + r.PathValue("token") + "#form-" + k.Action
	if k.Form.Get("next") == "/triage" {
		back = "/triage"
	}
	var fields [][2]string
	for name, vs := range k.Form {
		for _, v := range vs {
			fields = append(fields, [2]string{name, v})
		}
	}
	s.render(w, r, http.StatusOK, "check", map[string]any{
		"Title": checkTitles[k.Action] + " – " + ref, "Heading": checkTitles[k.Action], "Ref": ref, "Action": k.Action,
		"Letters": letters, "Fields": fields, "Send": sendLabels[k.Action], "Back": back, "Reason": k.Form.Get("reason"),
	})
}

// staffMessage is the sentence staff see for an error that is theirs to
// put right; ok is false for a fault.
func staffMessage(err error) (string, bool) {
	msg, ok := casework.Plain(err)
	return sentence(plainText(msg)), ok
}
