package casework

import (
	"context"
	"fmt"
	"strings"
	"time"

	"example.org/intake/message"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// AnswerView is the answer of a case as the requester reads (or will read)
// it: once approved, the message intake queued and when it went; before
// that, the draft rendered by the same code that will send it.
type AnswerView struct {
	Letter
	// Queued: approved, this is the message itself. Sent: it has gone, at At.
	Queued, Sent bool
	At           time.Time
	// StaffNote: the draft still has a "[Staff: …]" note, so it cannot go
	// as it is; Letter is then the draft's subject and text as they stand.
	StaffNote bool
}

// letterOf reads a rendered message back as the person it goes to reads it.
func letterOf(kind string, raw []byte) Letter {
	m := message.Parse(raw, nil)
	l := Letter{Kind: kind, Subject: m.Subject, Text: m.Text}
	for _, a := range m.To {
		l.To = append(l.To, a.Addr)
	}
	for _, a := range m.Cc {
		l.To = append(l.To, a.Addr)
	}
	for _, a := range m.Attachments {
		l.Attachments = append(l.Attachments, a.Filename)
	}
	return l
}

// answerOf is what Answer renders for c with its files, threaded under
// inReplyTo.
func answerOf(c *store.Case, files []store.File, inReplyTo string, refs []string) responder.Answer {
	atts := make([]responder.File, 0, len(files))
	for _, f := range files {
		atts = append(atts, responder.File{Name: f.Name, ContentType: f.ContentType, Data: f.Data})
	}
	return responder.Answer{
		CaseRef: c.Ref, DPORef: c.DPORef, Kind: c.Kind, RequesterAddr: c.RequesterAddr,
		Subject: c.DraftSubject, Text: c.DraftText, Attachments: atts, InReplyTo: inReplyTo, References: refs,
	}
}

// Answer returns the answer of the case in v (ok false when it has none:
// no draft and nothing approved).
func (s *Service) Answer(ctx context.Context, v *View) (a AnswerView, ok bool, err error) {
	for _, ob := range v.Outbound {
		if ob.Kind != outbox.KindAnswer || len(ob.Raw) == 0 {
			continue
		}
		a = AnswerView{Letter: letterOf(ob.Kind, ob.Raw), Queued: true, At: ob.CreatedAt}
		if ob.SentAt.Valid {
			a.Sent, a.At = true, ob.SentAt.Time
		}
		return a, true, nil
	}
	c := &v.Case
	if strings.TrimSpace(c.DraftText) == "" {
		return AnswerView{}, false, nil
	}
	if strings.Contains(c.DraftText, responder.StaffNote) {
		return AnswerView{StaffNote: true, Letter: Letter{Kind: outbox.KindAnswer, To: []string{c.RequesterAddr},
			Subject: responder.AnswerSubject(c.DraftSubject, c.Ref, c.DPORef), Text: strings.ReplaceAll(c.DraftText, "\r\n", "\n")}}, true, nil
	}
	ob, err := s.opts.Responder.Answer(answerOf(c, v.Files, "", nil), s.messageID(c.Ref, outbox.KindAnswer), s.opts.Now())
	if err != nil {
		if ctx.Err() != nil {
			return AnswerView{}, false, ctx.Err()
		}
		return AnswerView{}, false, fmt.Errorf("casework: render the answer of %s: %w", c.Ref, err)
	}
	return AnswerView{Letter: letterOf(ob.Kind, ob.Raw)}, true, nil
}
