package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"example.org/intake/store"
)

// LinkParticipant links a case to the register entry with urn. When the
// register knows the participant's programme stage and the case has none
// yet, the stage (and for an erasure the recommendation) comes with it.
func (s *Service) LinkParticipant(ctx context.Context, ref, urn, actor string) error {
	return s.change(ctx, ref, ActLink, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		p, err := tx.ParticipantByURN(ctx, urn)
		if errors.Is(err, store.ErrNotFound) {
			return "", Mistake("no participant with URN %s in the register", urn)
		}
		if err != nil {
			return "", err
		}
		s.link(c, p)
		return fmt.Sprintf("linked to participant %s by %s", p.URN, actor), nil
	})
}

// AutoLink links a newly opened case to the register inside the ingest
// transaction: by the URN quoted in the email, else by the sender's address
// when exactly one participant has it. Nothing of this reaches the
// requester (invariant 8); it serves the DPO forward and the decision.
func (s *Service) AutoLink(ctx context.Context, tx *store.Tx, c *store.Case, quotedURN string) error {
	var p *store.Participant
	how := ""
	if quotedURN != "" {
		found, err := tx.ParticipantByURN(ctx, quotedURN)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		p, how = found, "the URN quoted in the email"
	}
	if p == nil && c.RequesterAddr != "" {
		ps, err := tx.ParticipantsByEmail(ctx, c.RequesterAddr)
		if err != nil {
			return err
		}
		if len(ps) == 1 {
			p, how = &ps[0], "the sender's address"
		} else if len(ps) > 1 {
			return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: s.opts.Now(), Kind: ActLink, Actor: systemActor,
				Detail: fmt.Sprintf("%d participants share the sender's address: link the right one by hand", len(ps))})
		}
	}
	if p == nil {
		return nil
	}
	s.link(c, p)
	if err := tx.SaveCase(ctx, c, s.opts.Now()); err != nil {
		return err
	}
	return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: s.opts.Now(), Kind: ActLink, Actor: systemActor,
		Detail: fmt.Sprintf("linked to participant %s by %s", p.URN, how)})
}

func (s *Service) link(c *store.Case, p *store.Participant) {
	c.ParticipantID = sql.NullInt64{Int64: p.ID, Valid: true}
	c.URN = p.URN
	if c.Stage == "" && strings.TrimSpace(p.Stage) != "" {
		if st, ok := s.opts.Programme.Find(p.Stage); ok {
			c.Stage = st.ID
			if c.Kind == "erasure" {
				c.Recommendation, c.RecommendationReason = st.Outcome, st.Reason
			}
		}
	}
}
