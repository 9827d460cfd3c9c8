package casework

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"example.org/intake/store"
)

// SetDPORef records or corrects the DPO team's reference by hand, with the
// reason, which is recorded with the old and the new reference. A
// reference that another case holds is refused. A case that was waiting
// for the reference moves on to a decision, drafted as when the DPO
// team's email brings it.
func (s *Service) SetDPORef(ctx context.Context, ref, dpoRef, reason, actor string) error {
	dpoRef, reason = strings.TrimSpace(dpoRef), strings.TrimSpace(reason)
	return s.change(ctx, ref, ActDPORef, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		refuse := func(why string) (string, error) {
			return "", &TransitionError{Ref: c.Ref, Action: ActDPORef, State: c.State, Why: why}
		}
		switch {
		case dpoRef == "":
			return refuse("type the DPO team's reference")
		case len(dpoRef) > 100:
			return refuse("the DPO reference is too long")
		case reason == "":
			return refuse("say where the reference comes from or why it is corrected")
		case dpoRef == c.DPORef:
			return refuse("the case already holds that reference")
		}
		other, err := tx.CaseByDPORef(ctx, dpoRef)
		switch {
		case err == nil && other.ID != c.ID:
			return refuse(fmt.Sprintf("the reference %s belongs to case %s", dpoRef, other.Ref))
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return "", err
		}
		was := c.DPORef
		c.DPORef = dpoRef
		detail := fmt.Sprintf("DPO reference %s recorded by %s: %s", dpoRef, actor, reason)
		if was != "" {
			detail = fmt.Sprintf("DPO reference corrected from %s to %s by %s: %s", was, dpoRef, actor, reason)
		}
		if c.State == store.StateReceived || c.State == store.StateAwaitingDPO {
			c.State = store.StateNeedsDecision
			if c.Kind != "erasure" || c.Recommendation != "" {
				if err := s.draft(ctx, tx, c); err != nil {
					return "", err
				}
			}
		}
		return detail, nil
	})
}
