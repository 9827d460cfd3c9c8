package casework

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"example.org/intake/store"
)

// maxNote bounds an internal note: a note is a few lines, never a letter.
const maxNote = 10000

// AddNote records an internal note on the case: it is on the timeline and
// in the evidence pack, and it is never sent to anyone.
func (s *Service) AddNote(ctx context.Context, ref, text, actor string) error {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	return s.change(ctx, ref, ActNote, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		switch {
		case text == "":
			return "", &TransitionError{Ref: c.Ref, Action: ActNote, State: c.State, Why: "the note is empty"}
		case len(text) > maxNote:
			return "", &TransitionError{Ref: c.Ref, Action: ActNote, State: c.State,
				Why: fmt.Sprintf("the note is too long (%d characters; at most %d)", len(text), maxNote)}
		}
		return text, nil
	})
}

// Assign gives the case to a member of staff (staffID 0: to nobody). The
// event names who gave it to whom.
func (s *Service) Assign(ctx context.Context, ref string, staffID int64, actor string) error {
	return s.change(ctx, ref, ActAssign, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		to := "nobody"
		if staffID != 0 {
			st, err := tx.StaffByID(ctx, staffID)
			if errors.Is(err, store.ErrNotFound) {
				return "", &TransitionError{Ref: c.Ref, Action: ActAssign, State: c.State, Why: "there is no such member of staff"}
			}
			if err != nil {
				return "", err
			}
			to = st.Name
			if to == "" {
				to = st.Email
			}
		}
		if err := tx.AssignCase(ctx, c.ID, staffID, actor, s.opts.Now()); err != nil {
			return "", err
		}
		return "assigned to " + to + " by " + actor, nil
	})
}
