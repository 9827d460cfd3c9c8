package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"example.org/intake/classifier"
	"example.org/intake/internal/mailaddr"
	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// ConfirmTriage: a member of staff says what a triaged message is. A
// request then gets its holding reply and DPO forward, as if the classifier
// had been sure.
func (s *Service) ConfirmTriage(ctx context.Context, ref, kind, actor string) error {
	if !classifier.Kind(kind).IsRequest() {
		return Mistake("%q is not a kind of request (use not-a-request for anything else)", kind)
	}
	return s.change(ctx, ref, ActConfirmTriage, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		msgs, err := tx.InboundForCase(ctx, c.ID)
		if err != nil || len(msgs) == 0 {
			return "", fmt.Errorf("casework: case %s has no message to acknowledge: %v", c.Ref, err)
		}
		c.Kind, c.Rights = kind, Rights{kind}.String()
		c.State = store.StateReceived
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		if err := s.Acknowledge(ctx, tx, c, message.Parse(msgs[0].Raw, nil), msgs[0].Raw); err != nil {
			return "", err
		}
		return fmt.Sprintf("confirmed as %s by %s", kind, actor), nil
	})
}

// SetKind: a member of staff says which right a request acknowledged
// before its kind was sure asks for (KindUnsettled), outside triage. The
// kind leads the rights, the case's own clock replaces the strictest one
// (the due date is recomputed and the timeline says how), and the "kind to
// be confirmed" flag is cleared. Nothing is sent: the holding reply named
// no kind.
func (s *Service) SetKind(ctx context.Context, ref, kind, actor string) error {
	if !classifier.Kind(kind).IsRequest() {
		return Mistake("%q is not a kind of request", kind)
	}
	return s.change(ctx, ref, ActSetKind, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if !KindUnsettled(c) {
			return "", &TransitionError{Ref: c.Ref, Action: ActSetKind, State: c.State, Why: "the kind of this case is already set (" + c.Kind + ")"}
		}
		rights := Rights{kind}
		for _, r := range RightsOf(c) {
			if r != kind {
				rights = append(rights, r)
			}
		}
		c.Kind, c.Rights = kind, rights.String()
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		return fmt.Sprintf("kind set to %s by %s", kind, actor), nil
	})
}

// NotARequest closes a triaged case that is not a request: nothing is sent.
func (s *Service) NotARequest(ctx context.Context, ref, actor string) error {
	return s.change(ctx, ref, ActNotARequest, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		c.State, c.Outcome = store.StateClosed, OutcomeNotARequest
		c.ClosedAt = sql.NullTime{Time: s.opts.Now(), Valid: true}
		return "marked not a request by " + actor, nil
	})
}

// Close closes a case by hand, with the reason.
func (s *Service) Close(ctx context.Context, ref, reason, actor string) error {
	if strings.TrimSpace(reason) == "" {
		return Mistake("say why the case is closed")
	}
	return s.change(ctx, ref, ActClose, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if c.State == store.StateAwaitingRequester {
			// Nothing more is awaited: the open pause ends today.
			if err := tx.EndPause(ctx, c.ID, s.today().String()); err != nil {
				return "", err
			}
			if err := s.refreshDue(ctx, tx, c); err != nil {
				return "", err
			}
		}
		c.State, c.Outcome = store.StateClosed, "closed by staff: "+reason
		c.ClosedAt = sql.NullTime{Time: s.opts.Now(), Valid: true}
		return "closed by " + actor + ": " + reason, nil
	})
}

// ConsiderExtension marks (or clears) that staff are weighing an extension,
// so that the chaser reminds them before the first month ends.
func (s *Service) ConsiderExtension(ctx context.Context, ref string, considering bool, actor string) error {
	return s.change(ctx, ref, ActConsiderExtend, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if err := tx.SetExtensionConsidered(ctx, c.ID, considering, s.opts.Now()); err != nil {
			return "", err
		}
		return fmt.Sprintf("extension considered: %v", considering), nil
	})
}

// Acknowledge renders and queues the holding reply to the requester and the
// forward to the DPO for a case that has just become a request, in tx.
func (s *Service) Acknowledge(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, raw []byte) error {
	return s.AcknowledgeWith(ctx, tx, c, msg, raw, AckNotes{})
}

// AckNotes are what the classifier read in a request beyond its kind that
// changes the acknowledgement and the DPO forward (see responder.Request).
type AckNotes struct {
	OnBehalf, Child, KindUncertain, ViaForm bool
	FirstAsked, Language                    string
}

// AcknowledgeWith is Acknowledge with the notes of the classifier.
func (s *Service) AcknowledgeWith(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, raw []byte, n AckNotes) error {
	req := responder.Request{
		OnBehalf: n.OnBehalf, Child: n.Child, KindUncertain: n.KindUncertain, ViaForm: n.ViaForm,
		FirstAsked: n.FirstAsked, Language: n.Language,
		CaseRef: c.Ref, Kind: c.Kind, Rights: RightsOf(c),
		Received: c.ReceivedAt, Due: dateTime(c.DueDate), URN: c.URN,
		RequesterName: msg.From.Name, RequesterAddr: replyAddress(c, msg), ReplyToDiffers: c.ReplyToAddr != "",
		Unreadable: len(msg.ParseErrors) > 0, NeedsID: c.Kind == string(classifier.KindAccess),
		OrigSubject: msg.Subject, OrigMessageID: msg.MessageID, OrigReferences: msg.References, OrigRaw: raw,
	}
	now := s.opts.Now()
	holding, err := s.opts.Responder.HoldingReply(req, s.messageID(c.Ref, outbox.KindHoldingReply), now)
	var uncarryable *mailaddr.Error
	if errors.As(err, &uncarryable) {
		// No SMTP server can be given this address: a person must answer
		// by other means. The DPO forward still goes; nothing is retried.
		holding = nil
		raise(c, FlagNoHoldingReply, uncarryable.Reason)
		if err := tx.FlagForPerson(ctx, c.ID, c.PersonReason, now); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "needs_person", Detail: flagLeads[FlagNoHoldingReply] + ": " + uncarryable.Reason}); err != nil {
			return err
		}
	} else if err != nil {
		return fmt.Errorf("casework: render holding reply: %w", err)
	}
	forward, err := s.opts.Responder.DPOForward(req, s.messageID(c.Ref, outbox.KindDPOForward), now)
	if err != nil {
		return fmt.Errorf("casework: render DPO forward: %w", err)
	}
	if holding != nil {
		if err := s.queue(ctx, tx, c, holding, holding.Kind+":"+c.Ref); err != nil {
			return err
		}
	}
	return s.queue(ctx, tx, c, forward, forward.Kind+":"+c.Ref)
}

// replyAddress is the requester's address exactly as written in the From
// of their message: the case keeps it in lower case for matching, but a
// local part's case belongs to the receiving server (RFC 5321 §2.4).
func replyAddress(c *store.Case, msg *message.Message) string {
	if strings.EqualFold(msg.From.Addr, c.RequesterAddr) {
		return msg.From.Addr
	}
	return c.RequesterAddr
}
