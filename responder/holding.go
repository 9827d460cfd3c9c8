package responder

import (
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/outbox"
)

// HoldingReply builds the acknowledgement to the requester. It goes to
// RequesterAddr alone, never to Cc or Reply-To addresses (invariant 8), and
// carries the RFC 3834 markers so that other responders do not answer it.
func (r *Responder) HoldingReply(req Request, messageID string, date time.Time) (*Outbound, error) {
	if err := checkCommon(req, messageID); err != nil {
		return nil, err
	}
	to, err := bareAddress(req.RequesterAddr)
	if err != nil {
		return nil, fmt.Errorf("responder: requester address: %w", err)
	}
	// A request in Welsh is answered in Welsh and English (providers in
	// Wales must offer Welsh); other languages where a provider wrote
	// holding_reply.LANG.
	letter, err := r.templates.RenderIn(outbox.KindHoldingReply, req.Language, requesterLetter(r.orgName, req))
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	m, err := r.newMsg(messageID, date, letter.Subject)
	if err != nil {
		return nil, err
	}
	if err := m.To(to); err != nil {
		return nil, fmt.Errorf("responder: requester address: %w", err)
	}
	setThreadRefs(m, req.OrigMessageID, req.OrigReferences)
	m.SetGenHeader(headerAutoSubmitted, "auto-replied")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetBodyString(gomail.TypeTextPlain, letter.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, letter.HTML)

	raw, err := render(m, messageID, 1)
	if err != nil {
		return nil, err
	}
	return &Outbound{
		Kind:      outbox.KindHoldingReply,
		MessageID: messageID,
		From:      r.from.Address,
		To:        []string{to},
		Subject:   letter.Subject,
		Raw:       raw,
	}, nil
}
