package casework

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
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
	for _, tr := range transitions {
		if _, ok := verbs[tr.Action]; !ok {
			t.Errorf("action %s has no verb for its refusal message", tr.Action)
		}
	}
	err := &TransitionError{Ref: "INT-2026-0001", Action: ActExtend, State: store.StateApproved}
	if got, want := err.Error(), "casework: case INT-2026-0001: You cannot extend this case while it is approved and its answer being sent."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

var update = flag.Bool("update", false, "rewrite testdata/transitions.txt from the declared table")

// allStates and allActions are every state and every action.
var (
	allStates  = []State{Triage, Received, AwaitingDPO, AwaitingRequester, NeedsDecision, Drafted, Approved, Answered, Closed}
	allActions = []string{ActConfirmTriage, ActNotARequest, ActDPORef, ActSetStage, ActLink, ActDraft, ActEditDraft, ActApprove,
		ActReject, ActPause, ActAskID, ActAskClarify, ActResume, ActVerifyID, ActExtend, ActClose, ActAttach, ActAnswered,
		ActReported, ActCorrespondence, ActReduce, ActFlag, ActConsiderExtend,
		ActReopen, ActAssign, ActNote, ActRedraft, ActTick, ActUntick, ActSetKind}
)

// TestTransitionTable pins the whole workflow: every transition of the
// declared table, one per line, against testdata/transitions.txt (go test
// -run TestTransitionTable -update rewrites it; the diff is then a change
// of the product's rules, to be read).
func TestTransitionTable(t *testing.T) {
	var b strings.Builder
	for _, tr := range Transitions() {
		b.WriteString(string(tr.From) + " --" + tr.Action + "--> " + string(tr.To) + "\n")
	}
	path := filepath.Join("testdata", "transitions.txt")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != string(want) {
		t.Errorf("the declared transitions differ from %s:\n%s", path, got)
	}
}

// TestEveryRefusal: every (state, action) pair not in the table is refused
// and every pair in it allowed; every action and state is covered.
func TestEveryRefusal(t *testing.T) {
	in := map[[2]string]bool{}
	for _, tr := range Transitions() {
		in[[2]string{string(tr.From), tr.Action}] = true
		if !slices.Contains(allActions, tr.Action) || !slices.Contains(allStates, tr.From) || !slices.Contains(allStates, tr.To) {
			t.Errorf("transition %+v uses an unknown state or action", tr)
		}
	}
	refused := 0
	for _, st := range allStates {
		for _, a := range allActions {
			want := in[[2]string{string(st), a}]
			if got := Allowed(a, string(st)); got != want {
				t.Errorf("Allowed(%s, %s) = %v, want %v", a, st, got, want)
			}
			if !want {
				refused++
			}
		}
	}
	if refused == 0 || refused == len(allStates)*len(allActions) {
		t.Errorf("%d refusals: the table allows everything or nothing", refused)
	}
	if declaredMove(ActApprove, string(Drafted), string(Closed)) || !declaredMove(ActApprove, string(Drafted), string(Approved)) {
		t.Error("declaredMove does not follow the table")
	}
}
