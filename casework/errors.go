package casework

import (
	"errors"
	"fmt"
)

// UserError is a mistake the member of staff can put right: a missing
// reason, an empty draft, an unknown stage, a pause that would overlap
// another. Its message is written for them. Anything that is not a
// UserError, a TransitionError or a ChecklistError is a fault (a database, template or
// configuration failure), logged and shown as such; callers tell them
// apart with errors.As, never by the text.
type UserError struct {
	Msg string // in plain words, for staff: "say why the case is closed"
}

func (e *UserError) Error() string { return "casework: " + e.Msg }

// Mistake returns a *UserError with the formatted message.
func Mistake(format string, args ...any) error {
	return &UserError{Msg: fmt.Sprintf(format, args...)}
}

// ErrIllegal is returned (wrapped in a *TransitionError) for an action the
// case's state does not allow.
var ErrIllegal = errors.New("casework: not allowed in this state")

// TransitionError says which action was refused on which case and why. It
// is a mistake of the member of staff too, shown to them in plain words.
type TransitionError struct {
	Ref, Action, State string
	Why                string
}

func (e *TransitionError) Error() string { return "casework: case " + e.Ref + ": " + e.Plain() }

func (e *TransitionError) Unwrap() error { return ErrIllegal }

// ErrNeedsActor is returned when a change is attempted without naming the
// member of staff who makes it.
var ErrNeedsActor error = &UserError{Msg: "every change needs the name of the member of staff making it"}

// Plain returns what staff should read for err when it is their mistake
// (a *UserError or a *TransitionError), and ok false for a fault.
func Plain(err error) (msg string, ok bool) {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg, true
	}
	var te *TransitionError
	if errors.As(err, &te) {
		return te.Plain(), true
	}
	var ce *ChecklistError
	if errors.As(err, &ce) {
		return ce.Plain(), true
	}
	return "", false
}
