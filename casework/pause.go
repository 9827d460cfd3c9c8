package casework

import (
	"context"
	"fmt"
	"strings"

	"example.org/intake/deadline"
	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// Pause stops the clock (UK GDPR Article 12A) while the provider waits for
// the requester: the due date is recomputed from the start and every pause.
func (s *Service) Pause(ctx context.Context, ref, reason, actor string) error {
	if strings.TrimSpace(reason) == "" {
		return Mistake("say why the clock is paused")
	}
	return s.change(ctx, ref, ActPause, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		return s.pause(ctx, tx, c, reason, actor)
	})
}

func (s *Service) pause(ctx context.Context, tx *store.Tx, c *store.Case, reason, actor string) (string, error) {
	today := s.today()
	if err := s.checkPause(ctx, tx, c, today); err != nil {
		return "", err
	}
	if err := tx.AddPause(ctx, store.Pause{CaseID: c.ID, From: today.String(), Reason: reason, CreatedBy: actor, CreatedAt: s.opts.Now()}); err != nil {
		return "", err
	}
	c.ResumeState, c.State = c.State, store.StateAwaitingRequester
	if err := s.refreshDue(ctx, tx, c); err != nil {
		return "", err
	}
	return fmt.Sprintf("clock paused from %s: %s", today, reason), nil
}

// checkPause refuses, as the member of staff's mistake, a pause from day
// that the clock cannot take: one that overlaps the last (a second pause
// on the day the last ended) or begins after the period has ended.
func (s *Service) checkPause(ctx context.Context, tx *store.Tx, c *store.Case, day deadline.Date) error {
	pauses, err := tx.Pauses(ctx, c.ID)
	if err != nil {
		return err
	}
	in, err := InputOf(c, pauses, s.opts.Holidays)
	if err != nil {
		return err
	}
	if _, err := deadline.Compute(in); err != nil {
		return fmt.Errorf("casework: case %s clock: %w", c.Ref, err) // the stored clock is broken: a fault
	}
	in.Pauses = append(in.Pauses, deadline.Pause{From: day})
	if _, err := deadline.Compute(in); err != nil {
		return Mistake("the clock cannot be paused from %s: %s", day, strings.TrimPrefix(err.Error(), "deadline: "))
	}
	return nil
}

// AskForID pauses the clock and asks the requester for identity evidence.
// The message goes to the requester's From address only and says nothing
// that would confirm the provider knows them (invariant 8).
func (s *Service) AskForID(ctx context.Context, ref, actor string) error {
	return s.askRequester(ctx, ref, actor, ActAskID, outbox.KindIDRequest, "waiting for identity evidence", "")
}

// AskForClarification pauses the clock and puts staff's question to the
// requester.
func (s *Service) AskForClarification(ctx context.Context, ref, question, actor string) error {
	if strings.TrimSpace(question) == "" {
		return Mistake("the question is empty")
	}
	return s.askRequester(ctx, ref, actor, ActAskClarify, outbox.KindClarificationRequest, "waiting for clarification", question)
}

func (s *Service) askRequester(ctx context.Context, ref, actor, action, kind, reason, question string) error {
	return s.change(ctx, ref, action, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		if c.RequesterAddr == "" {
			return "", &TransitionError{Ref: c.Ref, Action: action, State: c.State, Why: "the case has no requester address to write to"}
		}
		inReplyTo, refs, err := s.threadUnder(ctx, tx, c, outbox.KindHoldingReply)
		if err != nil {
			return "", err
		}
		// Every request gets a Message-ID and dedupe key of its own.
		n, err := tx.CountOutbound(ctx, c.ID, kind)
		if err != nil {
			return "", err
		}
		q := responder.RequesterRequest{CaseRef: c.Ref, Kind: c.Kind, Rights: RightsOf(c), RequesterAddr: c.RequesterAddr,
			Received: c.ReceivedAt, Due: dateTime(c.DueDate), Question: question, InReplyTo: inReplyTo, References: refs}
		// The pause first: a refused pause (one that overlaps another)
		// queues nothing.
		detail, err := s.pause(ctx, tx, c, reason, actor)
		if err != nil {
			return "", err
		}
		var ob *responder.Outbound
		msgID := s.messageID(c.Ref, fmt.Sprintf("%s-%d", kind, n+1))
		if kind == outbox.KindIDRequest {
			ob, err = s.opts.Responder.IDRequest(q, msgID, s.opts.Now())
		} else {
			ob, err = s.opts.Responder.ClarificationRequest(q, msgID, s.opts.Now())
		}
		if err != nil {
			return "", fmt.Errorf("casework: render %s: %w", kind, err)
		}
		if err := s.queue(ctx, tx, c, ob, fmt.Sprintf("%s:%s:%d", kind, c.Ref, n+1)); err != nil {
			return "", err
		}
		return detail, nil
	})
}

// Resume restarts the clock after a pause (a clarification, or a pause
// staff recorded). The pause ends with the day the answer arrived, which
// does not count either (DPA 2018 s.54(3C): "ending with the day on which
// the controller receives the information"): the day of the requester's
// latest reply since the pause began, or today when nothing came by email.
func (s *Service) Resume(ctx context.Context, ref, actor string) error {
	return s.change(ctx, ref, ActResume, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		arrived, _, err := s.answerSincePause(ctx, tx, c)
		if err != nil {
			return "", err
		}
		if err := tx.EndPause(ctx, c.ID, arrived.String()); err != nil {
			return "", err
		}
		restoreState(c)
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		return fmt.Sprintf("clock restarted; pause ended %s (the day the answer arrived counts as paused); due %s", arrived, c.DueDate), nil
	})
}

// answerSincePause returns the day the requester's latest message since
// the open pause began arrived (today when none did), and those messages.
func (s *Service) answerSincePause(ctx context.Context, tx *store.Tx, c *store.Case) (deadline.Date, []store.Inbound, error) {
	pauses, err := tx.Pauses(ctx, c.ID)
	if err != nil {
		return deadline.Date{}, nil, err
	}
	var open *store.Pause
	for i := range pauses {
		if pauses[i].To == "" {
			open = &pauses[i]
		}
	}
	arrived := s.today()
	if open == nil {
		return arrived, nil, nil
	}
	msgs, err := tx.InboundForCase(ctx, c.ID)
	if err != nil {
		return deadline.Date{}, nil, err
	}
	var replies []store.Inbound
	latest := deadline.Date{}
	for _, m := range msgs {
		// Stored before we asked (the request itself, earlier mail): both
		// times are intake's own clock, so the order is exact.
		if m.CreatedAt.Before(open.CreatedAt) {
			continue
		}
		replies = append(replies, m)
		if day := deadline.DateOf(m.ReceivedAt); day.After(latest) {
			latest = day
		}
	}
	if !latest.IsZero() {
		arrived = latest
	}
	return arrived, replies, nil
}

// restoreState moves a case that waited for the requester back to where it
// was, or to where its DPO reference puts it.
func restoreState(c *store.Case) {
	c.State, c.ResumeState = c.ResumeState, ""
	if c.State == "" || c.State == store.StateAwaitingRequester {
		c.State = store.StateAwaitingDPO
		if c.DPORef != "" {
			c.State = store.StateNeedsDecision
		}
	}
}

// VerifyID records that a member of staff checked the identity evidence.
// The clock then starts from the day the evidence arrived (the "relevant
// time" of UK GDPR Art 12(3)/12A and DPA 2018 s.54(3)(b)): the month runs
// from that day, it is not a pause added to the month from receipt. The
// requester is told the new due date. The documents are deleted from
// intake's store and replaced by a record of who verified what and when;
// they are never forwarded to anyone.
func (s *Service) VerifyID(ctx context.Context, ref, actor, note string) error {
	return s.change(ctx, ref, ActVerifyID, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		arrived, replies, err := s.answerSincePause(ctx, tx, c)
		if err != nil {
			return "", err
		}
		removed := 0
		now := s.opts.Now()
		for _, m := range replies {
			parsed := message.Parse(m.Raw, nil)
			if len(parsed.Attachments) == 0 {
				continue
			}
			stub := identityStub(m.Raw, parsed, actor, now.Format("2 January 2006 15:04"))
			if err := tx.ReplaceInboundRaw(ctx, m.ID, stub, m.FromAddr, m.Subject); err != nil {
				return "", err
			}
			removed += len(parsed.Attachments)
		}
		// The wait for the evidence was not a pause: it is dropped, and the
		// clock starts again from the day the evidence arrived.
		if err := tx.DropOpenPause(ctx, c.ID); err != nil {
			return "", err
		}
		if start, err := deadline.ParseDate(c.StartDate); err != nil || arrived.After(start) {
			c.StartDate = arrived.String()
		}
		restoreState(c)
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		if err := s.tellNewDue(ctx, tx, c); err != nil {
			return "", err
		}
		detail := fmt.Sprintf("identity verified by %s; %d document(s) deleted from intake; the clock starts on %s, the day the evidence arrived; due %s",
			actor, removed, c.StartDate, c.DueDate)
		if strings.TrimSpace(note) != "" {
			detail += "; note: " + note
		}
		return detail, nil
	})
}

// tellNewDue queues the letter that tells the requester, once their
// identity is verified, the date by which they will have their answer (the
// ID request promised it).
func (s *Service) tellNewDue(ctx context.Context, tx *store.Tx, c *store.Case) error {
	if c.RequesterAddr == "" {
		return nil
	}
	inReplyTo, refs, err := s.threadUnder(ctx, tx, c, outbox.KindHoldingReply)
	if err != nil {
		return err
	}
	n, err := tx.CountOutbound(ctx, c.ID, outbox.KindIDVerified)
	if err != nil {
		return err
	}
	ob, err := s.opts.Responder.IDVerified(responder.RequesterRequest{
		CaseRef: c.Ref, Kind: c.Kind, Rights: RightsOf(c), RequesterAddr: c.RequesterAddr,
		Received: c.ReceivedAt, Start: dateTime(c.StartDate), NewDue: dateTime(c.DueDate), InReplyTo: inReplyTo, References: refs,
	}, s.messageID(c.Ref, fmt.Sprintf("%s-%d", outbox.KindIDVerified, n+1)), s.opts.Now())
	if err != nil {
		return fmt.Errorf("casework: render %s: %w", outbox.KindIDVerified, err)
	}
	return s.queue(ctx, tx, c, ob, fmt.Sprintf("%s:%s:%d", outbox.KindIDVerified, c.Ref, n+1))
}

// identityStub keeps a message's header and text and replaces every
// attachment by a line saying it was deleted after verification.
func identityStub(raw []byte, m *message.Message, actor, when string) []byte {
	var b strings.Builder
	header := raw
	if i := strings.Index(string(raw), "\r\n\r\n"); i >= 0 {
		header = raw[:i+2]
	} else if i := strings.Index(string(raw), "\n\n"); i >= 0 {
		header = raw[:i+1]
	}
	// Keep every header field but the MIME ones (the body below is plain
	// text now), continuation lines going with their field.
	drop := false
	for _, line := range strings.SplitAfter(string(header), "\n") {
		if line == "" || line == "\r\n" || line == "\n" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			l := strings.ToLower(line)
			drop = strings.HasPrefix(l, "content-")
		}
		if !drop {
			b.WriteString(line)
		}
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	fmt.Fprintf(&b, "\r\n\r\n[%d attachment(s) deleted by intake after %s verified the requester's identity on %s]\r\n", len(m.Attachments), actor, when)
	return []byte(b.String())
}

// extensionRefusal says why case c cannot take the extension today for
// reason ("" when it can): the law's conditions, and a clock that runs,
// since the notice tells the requester the new due date and a paused
// clock has none.
func extensionRefusal(c *store.Case, in deadline.Input, reason string, today deadline.Date) string {
	if err := deadline.ExtensionAllowed(c.Kind, reason, in, today); err != nil {
		return err.Error()
	}
	if c.State == store.StateAwaitingRequester {
		return "its clock is paused: extend it once the clock runs again, when the requester can be told the new due date"
	}
	return ""
}

// Extend takes the two-month extension: allowed for the rights the law
// allows it for, with a reason, and only while the notice can still go out
// within the first month. The requester is told with the reasons.
func (s *Service) Extend(ctx context.Context, ref, reason, actor string) error {
	return s.change(ctx, ref, ActExtend, actor, func(tx *store.Tx, c *store.Case) (string, error) {
		pauses, err := tx.Pauses(ctx, c.ID)
		if err != nil {
			return "", err
		}
		in, err := InputOf(c, pauses, s.opts.Holidays)
		if err != nil {
			return "", err
		}
		if why := extensionRefusal(c, in, reason, s.today()); why != "" {
			return "", &TransitionError{Ref: c.Ref, Action: ActExtend, State: c.State, Why: why}
		}
		dueBefore := dateTime(c.DueDate)
		c.Extended, c.ExtensionReason = true, reason
		if err := s.refreshDue(ctx, tx, c); err != nil {
			return "", err
		}
		if c.RequesterAddr != "" {
			inReplyTo, refs, err := s.threadUnder(ctx, tx, c, outbox.KindHoldingReply)
			if err != nil {
				return "", err
			}
			ob, err := s.opts.Responder.ExtensionNotice(responder.RequesterRequest{
				CaseRef: c.Ref, Kind: c.Kind, Rights: RightsOf(c), RequesterAddr: c.RequesterAddr,
				Received: c.ReceivedAt, Due: dueBefore, NewDue: dateTime(c.DueDate), Reasons: reason,
				InReplyTo: inReplyTo, References: refs,
			}, s.messageID(c.Ref, outbox.KindExtensionNotice), s.opts.Now())
			if err != nil {
				return "", fmt.Errorf("casework: render extension notice: %w", err)
			}
			if err := s.queue(ctx, tx, c, ob, outbox.KindExtensionNotice+":"+c.Ref); err != nil {
				return "", err
			}
		}
		return fmt.Sprintf("extended by %s to %s: %s", actor, c.DueDate, reason), nil
	})
}
