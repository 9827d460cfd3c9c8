package casework

import (
	"slices"

	"example.org/intake/store"
)

// Actions, as recorded in case events.
const (
	ActConfirmTriage  = "confirm_triage"
	ActNotARequest    = "not_a_request"
	ActDPORef         = "dpo_reference"
	ActSetStage       = "set_stage"
	ActLink           = "link_participant"
	ActDraft          = "drafted"
	ActEditDraft      = "draft_edited"
	ActApprove        = "approved"
	ActReject         = "draft_rejected"
	ActPause          = "paused"
	ActAskID          = "asked_for_id"
	ActAskClarify     = "asked_for_clarification"
	ActResume         = "resumed"
	ActVerifyID       = "id_verified"
	ActExtend         = "extended"
	ActClose          = "closed"
	ActAttach         = "file_attached"
	ActAnswered       = "answered"
	ActReported       = "reported"
	ActCorrespondence = "correspondence"
	ActReduce         = "reduced"
	ActFlag           = "flagged"
	ActConsiderExtend = "extension_considered"
	ActReopen         = "reopened"
	ActAssign         = "assigned"
	ActNote           = "staff_note"
	ActRedraft        = "redrafted"
	ActTick           = "checklist_ticked"
	ActUntick         = "checklist_unticked"
	ActSetKind        = "kind_set"
)

// State is where a case is in its workflow (the values are store's).
type State string

// The states of a case.
const (
	Triage            State = store.StateTriage
	Received          State = store.StateReceived
	AwaitingDPO       State = store.StateAwaitingDPO
	AwaitingRequester State = store.StateAwaitingRequester
	NeedsDecision     State = store.StateNeedsDecision
	Drafted           State = store.StateDrafted
	Approved          State = store.StateApproved
	Answered          State = store.StateAnswered
	Closed            State = store.StateClosed
)

// Transition is one move of the workflow: action taken on a case in From
// leaves it in To.
type Transition struct {
	From   State
	Action string
	To     State
}

// same stands for "the state the case was in" in the declarations below.
const same State = "(same)"

var (
	beforeApproval = []State{Received, AwaitingDPO, NeedsDecision, Drafted}
	openStates     = []State{Triage, Received, AwaitingDPO, AwaitingRequester, NeedsDecision, Drafted, Approved, Answered}
	withPaused     = append(slices.Clone(beforeApproval), AwaitingRequester)
	withClosed     = append(slices.Clone(openStates), Closed)
)

// declared is the workflow: from each of the states, the action may leave
// the case in any of the states listed. Anything else is refused with a
// TransitionError, and a change that would end anywhere else is a fault.
var declared = []struct {
	from   []State
	action string
	to     []State
}{
	{[]State{Triage}, ActConfirmTriage, []State{Received}},
	{[]State{Triage}, ActNotARequest, []State{Closed}},
	// Recording the DPO reference moves a waiting case on to a decision,
	// drafted at once when intake can choose the letter; a case past that
	// point, or paused, keeps its state (the reference is corrected).
	{[]State{Received, AwaitingDPO}, ActDPORef, []State{NeedsDecision, Drafted}},
	{[]State{NeedsDecision, Drafted, AwaitingRequester}, ActDPORef, []State{same}},
	{withPaused, ActSetStage, []State{same, NeedsDecision, Drafted}},
	{openStates, ActLink, []State{same}},
	{beforeApproval, ActDraft, []State{Drafted, NeedsDecision}},
	{[]State{AwaitingDPO, NeedsDecision, Drafted}, ActEditDraft, []State{Drafted}},
	{[]State{Drafted}, ActApprove, []State{Approved}},
	{[]State{Drafted}, ActReject, []State{NeedsDecision}},
	{beforeApproval, ActPause, []State{AwaitingRequester}},
	{beforeApproval, ActAskID, []State{AwaitingRequester}},
	{beforeApproval, ActAskClarify, []State{AwaitingRequester}},
	// The clock runs again: back where the case was before the pause.
	{[]State{AwaitingRequester}, ActResume, beforeApproval},
	{[]State{AwaitingRequester}, ActVerifyID, beforeApproval},
	{withPaused, ActExtend, []State{same}},
	{withPaused, ActConsiderExtend, []State{same}},
	{openStates, ActClose, []State{Closed}},
	{openStates, ActAttach, []State{same}},
	{[]State{Approved}, ActAnswered, []State{Answered}},
	{[]State{Answered}, ActReported, []State{Closed}},
	// Mail about a case: a DPO reference it brings moves a waiting case on
	// as ActDPORef does; any other case keeps its state.
	{[]State{Received, AwaitingDPO}, ActCorrespondence, []State{same, NeedsDecision, Drafted}},
	{[]State{Triage, AwaitingRequester, NeedsDecision, Drafted, Approved, Answered, Closed}, ActCorrespondence, []State{same}},
	{withClosed, ActFlag, []State{same}},
	{[]State{Closed}, ActReduce, []State{Closed}},
	// The desk: a closed case reopened goes back to triage (it was "not a
	// request") or to the DPO team or a decision; assignment and notes
	// never move a case; a redraft starts again from the standard letter.
	{[]State{Closed}, ActReopen, []State{Triage, AwaitingDPO, NeedsDecision}},
	{withClosed, ActAssign, []State{same}},
	{withClosed, ActNote, []State{same}},
	{[]State{AwaitingDPO, NeedsDecision, Drafted}, ActRedraft, []State{Drafted}},
	// The disclosure checklist of an access request is worked through
	// before its answer is approved, the clock paused or not.
	{withPaused, ActTick, []State{same}},
	{withPaused, ActUntick, []State{same}},
	// A request acknowledged before its kind was sure gets its kind from
	// staff outside triage; the case stays where it is.
	{withPaused, ActSetKind, []State{same}},
}

// Transitions returns every transition of the workflow, one per line.
func Transitions() []Transition {
	var out []Transition
	for _, d := range declared {
		for _, from := range d.from {
			for _, to := range d.to {
				if to == same {
					to = from
				}
				t := Transition{From: from, Action: d.action, To: to}
				if !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return out
}

var transitions = Transitions()

func allowed(action, state string) bool {
	for _, t := range transitions {
		if t.Action == action && t.From == State(state) {
			return true
		}
	}
	return false
}

// declaredMove reports whether action may take a case from from to to.
func declaredMove(action, from, to string) bool {
	return slices.Contains(transitions, Transition{From: State(from), Action: action, To: State(to)})
}

// Allowed reports whether action may be taken on a case in state (the staff
// pages show only the buttons that would work).
func Allowed(action, state string) bool { return allowed(action, state) }
