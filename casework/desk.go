package casework

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"example.org/intake/config"
	"example.org/intake/store"
)

// This file holds what the staff desk asks of casework beyond the actions
// themselves: which actions a case offers at all (by state and by kind),
// refusals in plain words, and a dry run that shows the exact letters an
// action would send before anyone sends them.

// kindRefusal says why action does not apply to a case of kind at all, or
// "" when it does. A complaint is acknowledged and answered under its own
// rule: it has no extension, no identity check and no programme stage.
func kindRefusal(action, kind string) string {
	if (action == ActTick || action == ActUntick) && !HasChecklist(kind) {
		return "only an access request has a disclosure checklist"
	}
	if kind != "complaint" {
		return ""
	}
	switch action {
	case ActExtend, ActConsiderExtend:
		return "a complaint cannot be extended"
	case ActAskID:
		return "a complaint needs no identity evidence"
	case ActSetStage:
		return "a complaint has no programme stage"
	}
	return ""
}

// Offers reports whether the case in v offers action today: its state
// allows it, its kind has it, and for an extension, the law still allows
// one (not extended yet, still within the first month). The staff pages
// show only what Offers allows, so that nothing is offered and then
// refused.
func (s *Service) Offers(v *View, action string) bool {
	c := &v.Case
	if !allowed(action, c.State) || kindRefusal(action, c.Kind) != "" {
		return false
	}
	switch action {
	case ActExtend:
		in, err := InputOf(c, v.Pauses, s.opts.Holidays)
		if err != nil {
			return false
		}
		return extensionRefusal(c, in, "the reason staff give", s.today()) == ""
	case ActFlag:
		return c.NeedsPerson
	case ActSetKind:
		return KindUnsettled(c)
	}
	return true
}

// OutcomeNotARequest is the outcome of a case a person closed as not a
// request: it is never counted as a request of its kind.
const OutcomeNotARequest = "not a request"

// IsNotARequest reports whether c was closed as not a request.
func IsNotARequest(c *store.Case) bool { return c.Outcome == OutcomeNotARequest }

// statePhrases put a state into the words that finish "while the case
// is …".
var statePhrases = map[string]string{
	store.StateTriage:            "waiting for someone to say what it is",
	store.StateReceived:          "just received",
	store.StateAwaitingDPO:       "waiting for the DPO team",
	store.StateAwaitingRequester: "waiting for the requester, with its clock paused",
	store.StateNeedsDecision:     "waiting for a decision",
	store.StateDrafted:           "waiting for its draft to be approved",
	store.StateApproved:          "approved and its answer being sent",
	store.StateAnswered:          "answered",
	store.StateClosed:            "closed",
}

// StatePhrase is state in words, like "waiting for the DPO team".
func StatePhrase(state string) string {
	if p, ok := statePhrases[state]; ok {
		return p
	}
	return "in another state"
}

// plainVerbs finish "You cannot …" for the actions staff take by hand.
var plainVerbs = map[string]string{
	ActNotARequest: "mark this case as not a request", ActConfirmTriage: "confirm this case",
	ActSetStage: "record a programme stage on this case", ActEditDraft: "edit the draft of this case",
	ActApprove: "approve this case", ActReject: "send this draft back", ActPause: "pause the clock of this case",
	ActAskID: "ask for identity evidence on this case", ActAskClarify: "ask a question on this case",
	ActResume: "restart the clock of this case", ActVerifyID: "record identity verified on this case",
	ActExtend: "extend this case", ActConsiderExtend: "mark this case as considered for extension",
	ActClose: "close this case", ActAttach: "attach a file to this case", ActFlag: "clear the flag of this case",
	ActReopen: "reopen this case", ActAssign: "assign this case", ActNote: "add a note to this case",
	ActSetKind: "set the kind of this case",
	ActRedraft: "start this case's answer again from the standard letter", ActDPORef: "record a DPO reference on this case", ActLink: "link this case to a participant",
	ActTick: "tick the checklist of this case", ActUntick: "take back a tick on this case",
}

// Plain is the refusal in words for staff: never a state's code name.
func (e *TransitionError) Plain() string {
	if e.Why != "" {
		return sentence(e.Why)
	}
	v, ok := plainVerbs[e.Action]
	if !ok {
		v = verb(e.Action) + " this case"
	}
	return fmt.Sprintf("You cannot %s while it is %s.", v, StatePhrase(e.State))
}

// sentence turns a package's error text into a sentence for staff.
func sentence(msg string) string {
	for _, p := range []string{"casework: ", "deadline: ", "responder: "} {
		msg = strings.ReplaceAll(msg, p, "")
	}
	msg = strings.TrimSpace(msg)
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// Letter is one message that an action sends, as the requester (or the
// DPO team) will read it.
type Letter struct {
	Kind        string
	To          []string
	Subject     string
	Text        string
	Attachments []string
}

type dryRunKey struct{}

// dryRun collects what the action in its context would have queued.
type dryRun struct {
	before  map[int64]bool
	letters []Letter
}

// errDryRun rolls back the transaction of a dry run.
var errDryRun = errors.New("casework: dry run")

// Preview runs act, one action on case ref, exactly as it would run, in a
// transaction that is then rolled back, and returns the letters it would
// have sent. The letters come from the same code that sends them, so what
// staff check is what goes out. An action that would be refused returns
// its refusal and no letters.
func (s *Service) Preview(ctx context.Context, ref string, act func(ctx context.Context) error) ([]Letter, error) {
	d := &dryRun{before: map[int64]bool{}}
	if c, err := s.opts.Store.CaseByRef(ctx, ref); err == nil {
		obs, err := s.opts.Store.OutboundForCase(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, ob := range obs {
			d.before[ob.ID] = true
		}
	}
	err := act(context.WithValue(ctx, dryRunKey{}, d))
	switch {
	case errors.Is(err, errDryRun):
		return d.letters, nil
	case err == nil:
		// Only an action that does not go through apply gets here; it
		// has been done, so say so loudly rather than pretend.
		return nil, fmt.Errorf("casework: preview of case %s: the action ran for real", ref)
	}
	return nil, err
}

// endDryRun is called by apply once an action's change is written in tx:
// in a dry run it collects the queued messages and aborts the transaction.
func endDryRun(ctx context.Context, tx *store.Tx, c *store.Case) error {
	d, ok := ctx.Value(dryRunKey{}).(*dryRun)
	if !ok {
		return nil
	}
	obs, err := tx.OutboundForCase(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, ob := range obs {
		if d.before[ob.ID] {
			continue
		}
		d.letters = append(d.letters, letterOf(ob.Kind, ob.Raw))
	}
	return errDryRun
}

// IsRefusal reports whether c's answer refuses the request: the refusal
// letter, or a draft written to a recommendation to refuse.
func IsRefusal(c *store.Case) bool {
	return c.DraftLetter == "erasure_refuse" || c.Recommendation == config.OutcomeRefuse
}

// complaintRight are the words by which a letter tells the requester of
// their right to complain to the ICO (UK GDPR Art 12(4)); the standard
// letters carry the paragraph.
var complaintRight = []string{"ico.org.uk", "information commissioner"}

// checkRefusal refuses to approve a refusal that does not tell the
// requester they may complain to the ICO.
func checkRefusal(c *store.Case) error {
	if !IsRefusal(c) {
		return nil
	}
	text := strings.ToLower(c.DraftText)
	for _, w := range complaintRight {
		if strings.Contains(text, w) {
			return nil
		}
	}
	return Mistake("a refusal must tell the requester they can complain to the Information Commissioner's Office (ICO) at ico.org.uk: put the paragraph back, or start again from the standard letter")
}

// Redraft throws away a draft staff wrote and drafts the standard letter
// for the case again, as intake first drafted it.
func (s *Service) Redraft(ctx context.Context, ref, actor string) error {
	return s.change(ctx, ref, ActRedraft, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		was := c.DraftBy
		if err := s.draft(ctx, tx, c); err != nil {
			return "", err
		}
		if c.State != store.StateDrafted {
			return "", &TransitionError{Ref: c.Ref, Action: ActRedraft, State: c.State,
				Why: "there is no standard letter for it yet: record the programme stage first"}
		}
		return fmt.Sprintf("the draft by %s replaced by the standard letter %s, at the request of %s", was, c.DraftLetter, actor), nil
	})
}
