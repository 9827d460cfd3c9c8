package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"example.org/intake/participants"
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

// ImportRegister imports the register's CSV export (participants.Import:
// the good rows in one transaction, a report naming every fault of the
// others) and, in the same transaction, brings each programme stage the
// import changes to the participant's open cases, with an event on each
// saying so. actor is who imported it.
func (s *Service) ImportRegister(ctx context.Context, r io.Reader, actor string) (participants.Report, error) {
	if strings.TrimSpace(actor) == "" {
		return participants.Report{}, ErrNeedsActor
	}
	return participants.Import(ctx, s.opts.Store, r, s.opts.Programme, s.opts.Now(),
		func(ctx context.Context, tx *store.Tx, p *store.Participant) (int, error) {
			return s.followRegister(ctx, tx, p, actor, "the register import by "+actor)
		})
}

// SetParticipantStage records in the register the programme stage a
// participant has reached, as staff learn it (dated today), and brings it
// to their open cases with an event on each. It returns how many cases
// took the stage. An unknown URN is store.ErrNotFound.
func (s *Service) SetParticipantStage(ctx context.Context, urn, stageID, actor string) (int, error) {
	if strings.TrimSpace(actor) == "" {
		return 0, ErrNeedsActor
	}
	st, ok := s.opts.Programme.Find(stageID)
	if !ok {
		return 0, Mistake("unknown programme stage %q (known: %s)", stageID, stageIDs(s.opts.Programme))
	}
	n := 0
	err := s.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetParticipantStage(ctx, urn, st.ID, s.today().String(), s.opts.Now()); err != nil {
			return err
		}
		p, err := tx.ParticipantByURN(ctx, urn)
		if err != nil {
			return err
		}
		n, err = s.followRegister(ctx, tx, p, actor, actor+" on the participant's page")
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("casework: participant %s: %w", store.NormalURN(urn), err)
	}
	return n, nil
}

// followRegister brings participant p's stage, just changed in the
// register, to their open cases in tx: a case that quotes their URN but is
// linked to nobody is linked first; a case that can take a stage
// (ActSetStage: not in triage, not yet approved, not a complaint) takes
// it, with its recommendation and draft. how says where the stage came
// from, for the events. It returns how many cases took the stage.
func (s *Service) followRegister(ctx context.Context, tx *store.Tx, p *store.Participant, actor, how string) (int, error) {
	st, ok := s.opts.Programme.Find(p.Stage)
	if !ok {
		return 0, nil
	}
	refs, err := tx.OpenCaseRefsOfParticipant(ctx, p.ID, p.URN)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, ref := range refs {
		c, err := tx.CaseForUpdate(ctx, ref)
		if err != nil {
			return n, err
		}
		if !c.ParticipantID.Valid {
			err := s.apply(ctx, tx, c, ActLink, actor, func(tx *store.Tx, c *store.Case) (string, error) {
				// The stage follows below, with its draft.
				c.ParticipantID, c.URN = sql.NullInt64{Int64: p.ID, Valid: true}, p.URN
				return fmt.Sprintf("linked to participant %s by %s (the URN quoted in the email)", p.URN, how), nil
			})
			if err != nil {
				return n, err
			}
		}
		if c.Stage == st.ID || !allowed(ActSetStage, c.State) || kindRefusal(ActSetStage, c.Kind) != "" {
			continue
		}
		err = s.apply(ctx, tx, c, ActSetStage, actor, func(tx *store.Tx, c *store.Case) (string, error) {
			detail, err := s.stageTo(ctx, tx, c, st)
			return "from the register (" + how + "): " + detail, err
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
