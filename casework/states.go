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
)

var (
	beforeApproval = []string{store.StateReceived, store.StateAwaitingDPO, store.StateNeedsDecision, store.StateDrafted}
	open           = store.OpenStates
)

// transitions lists, for each action, the states a case may be in for it.
// Anything else is refused with a TransitionError.
var transitions = map[string][]string{
	ActConfirmTriage:  {store.StateTriage},
	ActNotARequest:    {store.StateTriage},
	ActDPORef:         append(slices.Clone(beforeApproval), store.StateAwaitingRequester),
	ActSetStage:       append(slices.Clone(beforeApproval), store.StateAwaitingRequester),
	ActLink:           open,
	ActDraft:          beforeApproval,
	ActEditDraft:      {store.StateAwaitingDPO, store.StateNeedsDecision, store.StateDrafted},
	ActApprove:        {store.StateDrafted},
	ActReject:         {store.StateDrafted},
	ActPause:          beforeApproval,
	ActAskID:          beforeApproval,
	ActAskClarify:     beforeApproval,
	ActResume:         {store.StateAwaitingRequester},
	ActVerifyID:       {store.StateAwaitingRequester},
	ActExtend:         append(slices.Clone(beforeApproval), store.StateAwaitingRequester),
	ActConsiderExtend: append(slices.Clone(beforeApproval), store.StateAwaitingRequester),
	ActClose:          open,
	ActAttach:         open,
	ActAnswered:       {store.StateApproved},
	ActReported:       {store.StateAnswered},
	ActCorrespondence: append(slices.Clone(open), store.StateClosed),
	ActFlag:           append(slices.Clone(open), store.StateClosed),
	ActReduce:         {store.StateClosed},
	ActReopen:         {store.StateClosed},
	ActAssign:         append(slices.Clone(open), store.StateClosed),
	ActNote:           append(slices.Clone(open), store.StateClosed),
	ActRedraft:        {store.StateAwaitingDPO, store.StateNeedsDecision, store.StateDrafted},
}

func allowed(action, state string) bool {
	return slices.Contains(transitions[action], state)
}

// Allowed reports whether action may be taken on a case in state (the staff
// pages show only the buttons that would work).
func Allowed(action, state string) bool { return allowed(action, state) }
