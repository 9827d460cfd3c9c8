package responder

import (
	"errors"
	"fmt"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// RequesterRequest is what a request to the requester needs. Like the
// holding reply it goes to whoever wrote in, so it carries nothing from
// the register (DESIGN.md invariant 8): Question and Reasons are staff's
// words for this message.
type RequesterRequest struct {
	CaseRef       string
	Kind          string
	Rights        []string
	RequesterAddr string    // the From address of the request, bare
	Received      time.Time // date of receipt
	// Due is the due date before an extension: an extension notice must go
	// out by then (within the first month).
	Due        time.Time
	Question   string    // clarification: what staff need to know
	NewDue     time.Time // extension: the extended due date; id_verified: the due date
	Start      time.Time // id_verified: the day the evidence arrived, when the clock started
	Reasons    string    // extension: why more time is needed
	InReplyTo  string    // without <>: the requester's last message or our holding reply
	References []string  // without <>
}

// IDRequest asks the requester for identity evidence; the clock waits for it.
func (r *Responder) IDRequest(q RequesterRequest, messageID string, date time.Time) (*Outbound, error) {
	return r.requesterRequest(outbox.KindIDRequest, q, messageID, date)
}

// ClarificationRequest asks the requester staff's question; the clock
// waits for the answer.
func (r *Responder) ClarificationRequest(q RequesterRequest, messageID string, date time.Time) (*Outbound, error) {
	if strings.TrimSpace(q.Question) == "" {
		return nil, errors.New("responder: a clarification request needs the question")
	}
	return r.requesterRequest(outbox.KindClarificationRequest, q, messageID, date)
}

// ExtensionNotice tells the requester that the deadline is extended, why,
// and the new due date. The law wants it within the first month, so a
// notice dated after Due (in the UK) is refused.
func (r *Responder) ExtensionNotice(q RequesterRequest, messageID string, date time.Time) (*Outbound, error) {
	switch {
	case strings.TrimSpace(q.Reasons) == "":
		return nil, errors.New("responder: an extension notice needs the reasons")
	case q.Due.IsZero() || q.NewDue.IsZero():
		return nil, errors.New("responder: an extension notice needs the due date and the new due date")
	case !ukDay(q.NewDue).After(ukDay(q.Due)):
		return nil, errors.New("responder: the new due date is not after the due date")
	case ukDay(date).After(ukDay(q.Due)):
		return nil, errors.New("responder: an extension must be notified within the first month, by the due date")
	}
	return r.requesterRequest(outbox.KindExtensionNotice, q, messageID, date)
}

// IDVerified tells the requester that their identity is verified, that the
// time to respond runs from the day the evidence arrived, and the due date.
func (r *Responder) IDVerified(q RequesterRequest, messageID string, date time.Time) (*Outbound, error) {
	if q.Start.IsZero() || q.NewDue.IsZero() {
		return nil, errors.New("responder: an ID verified letter needs the day the clock started and the due date")
	}
	return r.requesterRequest(outbox.KindIDVerified, q, messageID, date)
}

func (r *Responder) requesterRequest(kind string, q RequesterRequest, messageID string, date time.Time) (*Outbound, error) {
	switch {
	case !validMsgID(messageID):
		return nil, errors.New("responder: message id must look like local@domain, without <>")
	case !validCaseRef(q.CaseRef):
		return nil, errors.New("responder: case reference is empty or has spaces")
	case strings.TrimSpace(q.Kind) == "":
		return nil, errors.New("responder: request kind is required")
	case q.Received.IsZero():
		return nil, errors.New("responder: the date of receipt is required")
	}
	to, err := bareAddress(q.RequesterAddr)
	if err != nil {
		return nil, fmt.Errorf("responder: requester address: %w", err)
	}
	letter, err := r.templates.Render(kind, templates.RequesterRequestLetter{
		OrgName: r.orgName, CaseRef: q.CaseRef, Kind: q.Kind, Rights: q.Rights, Received: q.Received,
		Question: normaliseNewlines(q.Question), Reasons: normaliseNewlines(q.Reasons), NewDue: q.NewDue, Start: q.Start,
	})
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
	setThreadRefs(m, q.InReplyTo, q.References)
	// Sent by intake after a staff action: other responders must not
	// answer it, but the requester can.
	m.SetGenHeader(headerAutoSubmitted, "auto-generated")
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetBodyString(gomail.TypeTextPlain, letter.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, letter.HTML)
	raw, err := render(m, messageID, 1)
	if err != nil {
		return nil, err
	}
	return &Outbound{Kind: kind, MessageID: messageID, From: r.from.Address, To: []string{to}, Subject: letter.Subject, Raw: raw}, nil
}

// ukDay is the UK calendar day of t, for comparing dates stored as
// instants with dates stored as London midnights.
func ukDay(t time.Time) time.Time {
	y, m, d := t.In(ukZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var ukZone = mustZone("Europe/London")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Unreachable: package templates embeds time/tzdata.
		panic("responder: " + name + " zone missing: " + err.Error())
	}
	return loc
}
