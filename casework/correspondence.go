package casework

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"example.org/intake/config"
	"example.org/intake/dporeply"
	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/store"
)

// Correspondence applies an email that was matched to case c (by threading,
// our reference, the DPO reference or the requester's address) inside the
// ingest transaction. A reply from the DPO team records their reference and
// moves the case on; anything that claims to be the DPO's but cannot be
// trusted, or a reference another case already holds, is flagged for a
// person and changes nothing else.
func (s *Service) Correspondence(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, matchedBy string) error {
	return s.apply(ctx, tx, c, ActCorrespondence, systemActor, func(tx *store.Tx, c *store.Case) (string, error) {
		from := strings.ToLower(msg.From.Addr)
		inDPOThread, err := s.inThreadOf(ctx, tx, c, msg, outbox.KindDPOForward)
		if err != nil {
			return "", err
		}
		switch {
		case config.Routing{DPOSenders: s.opts.DPOSenders}.IsDPOSender(from):
			return s.dpoReply(ctx, tx, c, msg, matchedBy)
		case inDPOThread && from != c.RequesterAddr:
			raise(c, FlagDPOUnlisted, "")
			return "message in the DPO thread from an unlisted sender (not trusted)", nil
		case from != "" && from == c.RequesterAddr:
			if c.State == store.StateAwaitingRequester {
				raise(c, FlagRequesterReplied, "")
				return fmt.Sprintf("the requester replied while we wait for them (%d attachment(s))", len(msg.Attachments)), nil
			}
			return fmt.Sprintf("message from the requester (matched by %s)", matchedBy), nil
		}
		raise(c, FlagOtherSender, "")
		return fmt.Sprintf("message from another sender (matched by %s)", matchedBy), nil
	})
}

// dpoReply records the DPO team's reference from one of their emails.
func (s *Service) dpoReply(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, matchedBy string) (string, error) {
	verdict := dporeply.CheckSender(msg, s.opts.DPOSenders, s.opts.AuthservID)
	if !verdict.Trusted {
		raise(c, FlagDPOUntrusted, strings.Join(verdict.Reasons, "; "))
		return "DPO reply not trusted: " + strings.Join(verdict.Reasons, "; "), nil
	}
	checked := strings.Join(verdict.Reasons, "; ")
	ref := dporeply.ExtractReference(msg.Subject+"\n"+msg.NewText, s.opts.DPOPatterns)
	switch {
	case ref == "":
		if c.DPORef == "" {
			raise(c, FlagDPONoReference, "")
		}
		return "email from the DPO team without a reference we could read (" + checked + ")", nil
	case c.DPORef == ref:
		return "email from the DPO team quoting their reference " + ref, nil
	case c.DPORef != "":
		raiseReason(c, fmt.Sprintf("%s%s but the case holds %s", flagLeads[FlagDPORefDiffers], ref, c.DPORef))
		return "DPO email quoting a different reference " + ref, nil
	}
	other, err := tx.CaseByDPORef(ctx, ref)
	switch {
	case err == nil && other.ID != c.ID:
		raiseReason(c, fmt.Sprintf("%s%s already belongs to case %s; it was not moved", flagLeads[FlagDPORefTaken], ref, other.Ref))
		return fmt.Sprintf("DPO reference %s claimed by case %s as well (not recorded)", ref, other.Ref), nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return "", err
	}
	c.DPORef = ref
	detail := fmt.Sprintf("DPO reference %s recorded (matched by %s; %s)", ref, matchedBy, checked)
	if note := resolve(c, ActDPORef); note != "" {
		detail += "; " + note
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: s.opts.Now(), Kind: ActDPORef, Actor: systemActor,
		Detail: detail}); err != nil {
		return "", err
	}
	if slices.Contains([]string{store.StateReceived, store.StateAwaitingDPO}, c.State) {
		c.State = store.StateNeedsDecision
		if c.Kind != "erasure" || c.Recommendation != "" {
			if err := s.draft(ctx, tx, c); err != nil {
				return "", err
			}
		}
	}
	return "DPO reference " + ref + " recorded", nil
}

// inThreadOf reports whether msg replies to the case's message of kind.
func (s *Service) inThreadOf(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, kind string) (bool, error) {
	ob, err := tx.OutboundByKind(ctx, c.ID, kind)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return slices.Contains(msg.InReplyTo, ob.MessageID) || slices.Contains(msg.References, ob.MessageID), nil
}

// ClearFlag records that a person dealt with what the case was flagged for
// (every flag; each reason is recorded on the event).
func (s *Service) ClearFlag(ctx context.Context, ref, actor string) error {
	return s.change(ctx, ref, ActFlag, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if note := clearFlags(c); note != "" {
			return "dealt with by " + actor + "; " + note, nil
		}
		return "nothing was flagged (" + actor + ")", nil
	})
}
