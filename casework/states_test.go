package casework

import (
	"testing"

	"example.org/intake/store"
)

// TestTransitions pins the workflow of DESIGN.md: which action is allowed
// in which state. A change here is a change of the product's rules.
func TestTransitions(t *testing.T) {
	tests := []struct {
		name, action, state string
		want                bool
	}{
		{"approve a draft", ActApprove, store.StateDrafted, true},
		{"approve while waiting for the DPO", ActApprove, store.StateAwaitingDPO, false},
		{"approve twice", ActApprove, store.StateApproved, false},
		{"approve in triage", ActApprove, store.StateTriage, false},
		{"edit the draft before the DPO answers", ActEditDraft, store.StateAwaitingDPO, true},
		{"edit an approved draft", ActEditDraft, store.StateApproved, false},
		{"pause a decided case", ActPause, store.StateNeedsDecision, true},
		{"pause an approved case", ActPause, store.StateApproved, false},
		{"resume a running clock", ActResume, store.StateDrafted, false},
		{"verify ID while paused", ActVerifyID, store.StateAwaitingRequester, true},
		{"extend while paused", ActExtend, store.StateAwaitingRequester, true},
		{"extend after approval", ActExtend, store.StateApproved, false},
		{"close an open case", ActClose, store.StateAwaitingDPO, true},
		{"close a closed case", ActClose, store.StateClosed, false},
		{"confirm triage", ActConfirmTriage, store.StateTriage, true},
		{"confirm a received case", ActConfirmTriage, store.StateReceived, false},
		{"mail on a closed case", ActCorrespondence, store.StateClosed, true},
		{"reduce an open case", ActReduce, store.StateDrafted, false},
		{"answer sent for an approved case", ActAnswered, store.StateApproved, true},
		{"report before the answer", ActReported, store.StateApproved, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Allowed(tt.action, tt.state); got != tt.want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", tt.action, tt.state, got, tt.want)
			}
		})
	}
}

// Every action that can be refused reads as a sentence.
func TestEveryActionHasAVerb(t *testing.T) {
	for action := range transitions {
		if _, ok := verbs[action]; !ok {
			t.Errorf("action %s has no verb for its refusal message", action)
		}
	}
	err := &TransitionError{Ref: "INT-2026-0001", Action: ActExtend, State: store.StateApproved}
	if got, want := err.Error(), "casework: case INT-2026-0001: You cannot extend this case while it is approved and its answer being sent."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
