package casework

import (
	"errors"
	"fmt"
	"testing"

	"example.org/intake/store"
)

// TestPlain tells the member of staff's mistakes from faults by type,
// wrapped or not, never by the text.
func TestPlain(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		want    string
		mistake bool
	}{
		{"a missing reason", Mistake("say why the case is closed"), "say why the case is closed", true},
		{"wrapped", fmt.Errorf("web: %w", Mistake("the question is empty")), "the question is empty", true},
		{"a refused transition", &TransitionError{Ref: "INT-2026-0001", Action: ActResume, State: store.StateDrafted},
			"cannot resume case INT-2026-0001 while it is drafted", true},
		{"no actor", ErrNeedsActor, "every change needs the name of the member of staff making it", true},
		{"a fault that says casework", fmt.Errorf("casework: render answer: %w", errors.New("template: no such field")), "", false},
		{"a database fault", fmt.Errorf("store: save case: %w", errors.New("connection reset")), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Plain(tt.err)
			if got != tt.want || ok != tt.mistake {
				t.Errorf("Plain = %q, %v; want %q, %v", got, ok, tt.want, tt.mistake)
			}
		})
	}
}
