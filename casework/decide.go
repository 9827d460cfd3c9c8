package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"example.org/intake/config"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// SetStage records the participant's programme stage. For an erasure
// request it recommends erasing or refusing by the programme's rule and,
// unless staff have written their own wording, drafts the matching letter.
// The bot recommends; staff decide by approving or rejecting the draft.
func (s *Service) SetStage(ctx context.Context, ref, stageID, actor string) error {
	st, ok := s.opts.Programme.Find(stageID)
	if !ok {
		return Mistake("unknown programme stage %q (known: %s)", stageID, stageIDs(s.opts.Programme))
	}
	return s.change(ctx, ref, ActSetStage, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		return s.stageTo(ctx, tx, c, st)
	})
}

// stageTo gives case c the programme stage st: for an erasure its
// recommendation, and unless staff wrote their own the draft that follows.
// It returns the detail of the event.
func (s *Service) stageTo(ctx context.Context, tx *store.Tx, c *store.Case, st config.Stage) (string, error) {
	c.Stage = st.ID
	detail := "stage: " + st.Label
	if c.Kind == "erasure" {
		c.Recommendation, c.RecommendationReason = st.Outcome, st.Reason
		detail += "; recommendation: " + st.Outcome
	}
	if c.State == store.StateAwaitingRequester {
		return detail, nil // drafted once the clock runs again
	}
	if c.DraftBy != "" && c.DraftBy != systemActor {
		return detail + "; the draft written by " + c.DraftBy + " was kept: check it against the new recommendation", nil
	}
	if err := s.draft(ctx, tx, c); err != nil {
		return "", err
	}
	return detail, nil
}

func stageIDs(p config.Programme) string {
	ids := make([]string, len(p.Stages))
	for i, st := range p.Stages {
		ids[i] = st.ID
	}
	return strings.Join(ids, ", ")
}

// systemActor is who generated drafts and automatic changes.
const systemActor = "intake"

// draft renders the letter that fits the case, when one can be chosen: for
// an erasure that needs a known stage; every other kind has its own letter.
// A case with a draft waits for approval.
func (s *Service) draft(ctx context.Context, tx *store.Tx, c *store.Case) error {
	outcome := ""
	if c.Kind == "erasure" {
		switch c.Recommendation {
		case config.OutcomeErase:
			outcome = "accept"
		case config.OutcomeRefuse:
			outcome = "refuse"
		default:
			c.State = store.StateNeedsDecision
			return nil
		}
	}
	letter := responder.LetterFor(c.Kind, outcome)
	stageLabel := ""
	if st, ok := s.opts.Programme.Stage(c.Stage); ok {
		stageLabel = st.Label
	}
	due := c.DueDate
	r, err := s.opts.Responder.Draft(letter, responder.DraftData{
		OrgName: s.opts.OrgName, CaseRef: c.Ref, DPORef: c.DPORef, Kind: c.Kind, Rights: RightsOf(c),
		RequesterName: c.RequesterName, Received: c.ReceivedAt, Due: dateTime(due), Outcome: outcome,
		RefusalReason: c.RecommendationReason, StageLabel: stageLabel,
	})
	if err != nil {
		return fmt.Errorf("casework: draft %s: %w", letter, err)
	}
	now := s.opts.Now()
	c.DraftLetter, c.DraftSubject, c.DraftText = letter, r.Subject, r.Text
	c.DraftBy, c.DraftAt = systemActor, sql.NullTime{Time: now, Valid: true}
	c.State = store.StateDrafted
	return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: ActDraft, Actor: systemActor, Detail: "drafted from the letter " + letter})
}

// EditDraft replaces the draft with a member of staff's own wording. The
// case records who changed it.
func (s *Service) EditDraft(ctx context.Context, ref, subject, text, actor string) error {
	if strings.TrimSpace(text) == "" {
		return Mistake("the draft text is empty")
	}
	return s.change(ctx, ref, ActEditDraft, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if strings.TrimSpace(subject) != "" {
			c.DraftSubject = strings.TrimSpace(subject)
		}
		if c.DraftSubject == "" {
			c.DraftSubject = fmt.Sprintf("Your data protection request [%s]", c.Ref)
		}
		c.DraftText = text
		c.DraftBy, c.DraftAt = actor, sql.NullTime{Time: s.opts.Now(), Valid: true}
		c.State = store.StateDrafted
		return "draft replaced by " + actor, nil
	})
}

// Approve sends the draft to the requester in the name of the member of
// staff approving it, threaded under the holding reply; once it has gone,
// the answer is reported to the DPO and the case closes (see AfterSent). A
// final answer without the DPO team's reference needs a reason, which is
// recorded.
func (s *Service) Approve(ctx context.Context, ref, actor, noDPORefReason string) error {
	return s.ApproveWith(ctx, ref, actor, Approval{NoDPORefReason: noDPORefReason})
}

// Approval is what a member of staff says when approving an answer.
type Approval struct {
	// NoDPORefReason is why the answer goes without the DPO team's
	// reference (required when there is none).
	NoDPORefReason string
	// DespiteFlags is why the answer may go although the case is flagged
	// for a person (required when it is); the flags are then cleared and
	// both are recorded on the approval's event.
	DespiteFlags string
}

// ApproveWith is Approve with everything the member of staff said.
func (s *Service) ApproveWith(ctx context.Context, ref, actor string, a Approval) error {
	noDPORefReason := a.NoDPORefReason
	return s.change(ctx, ref, ActApprove, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		despite := strings.TrimSpace(a.DespiteFlags)
		if flags := Flags(c); len(flags) > 0 && despite == "" {
			reasons := make([]string, len(flags))
			for i, f := range flags {
				reasons[i] = f.Reason
			}
			return "", &TransitionError{Ref: c.Ref, Action: ActApprove, State: c.State,
				Why: "it is flagged for a person (" + strings.Join(reasons, "; ") + "): say why it may be approved anyway"}
		}
		if strings.TrimSpace(c.DraftText) == "" {
			return "", &TransitionError{Ref: c.Ref, Action: ActApprove, State: c.State, Why: "there is no draft to approve"}
		}
		if strings.Contains(c.DraftText, responder.StaffNote) {
			return "", Mistake("the answer still has a %s …] note to fill in or delete", responder.StaffNote)
		}
		if err := checkRefusal(c); err != nil {
			return "", err
		}
		if err := checkChecklist(ctx, tx, c); err != nil {
			return "", err
		}
		reason := strings.TrimSpace(noDPORefReason)
		if c.DPORef == "" && reason == "" {
			return "", &TransitionError{Ref: c.Ref, Action: ActApprove, State: c.State,
				Why: "the DPO team's reference is not known yet: give a reason to send the answer without it"}
		}
		inReplyTo, refs, err := s.threadUnder(ctx, tx, c, outbox.KindHoldingReply)
		if err != nil {
			return "", err
		}
		files, err := tx.Files(ctx, c.ID)
		if err != nil {
			return "", err
		}
		now := s.opts.Now()
		ob, err := s.opts.Responder.Answer(answerOf(c, files, inReplyTo, refs), s.messageID(c.Ref, outbox.KindAnswer), now)
		if err != nil {
			return "", fmt.Errorf("casework: render answer: %w", err)
		}
		if err := s.queue(ctx, tx, c, ob, outbox.KindAnswer+":"+c.Ref); err != nil {
			return "", err
		}
		c.State = store.StateApproved
		c.ApprovedBy, c.ApprovedAt = actor, sql.NullTime{Time: now, Valid: true}
		c.NoDPORefReason = reason
		detail := fmt.Sprintf("answer approved by %s and queued (%d attachment(s))", actor, len(files))
		if reason != "" {
			detail += "; sent without a DPO reference because: " + reason
		}
		if note := clearFlags(c); note != "" {
			detail += "; approved although flagged, because: " + despite + "; " + note
		}
		return detail, nil
	})
}

// Reject sends a draft back: the case needs a decision again.
func (s *Service) Reject(ctx context.Context, ref, actor, reason string) error {
	if strings.TrimSpace(reason) == "" {
		return Mistake("say why the draft is rejected")
	}
	return s.change(ctx, ref, ActReject, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		c.State = store.StateNeedsDecision
		return "draft rejected by " + actor + ": " + reason, nil
	})
}

// AttachFile adds a document (a disclosure) to go with the answer.
func (s *Service) AttachFile(ctx context.Context, ref, name, contentType string, data []byte, actor string) error {
	if name == "" || len(data) == 0 {
		return Mistake("a file needs a name and content")
	}
	return s.change(ctx, ref, ActAttach, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if contentType == "" {
			contentType = "application/octet-stream"
		}
		f := &store.File{CaseID: c.ID, Name: name, ContentType: contentType, Data: data, AddedBy: actor, AddedAt: s.opts.Now()}
		if err := tx.AddFile(ctx, f); err != nil {
			return "", err
		}
		return fmt.Sprintf("file %q attached by %s (%d bytes)", name, actor, len(data)), nil
	})
}
