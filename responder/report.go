package responder

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// answerName is the file name of the sent answer in the report.
const answerName = "answer-sent.eml"

// Report is a sent answer to be passed to the DPO team, as the procedure
// asks after every decision.
type Report struct {
	CaseRef    string
	DPORef     string // "" when staff sent the answer without one
	Kind       string
	Outcome    string // OutcomeAccept, OutcomeRefuse or ""
	ApprovedBy string // the member of staff who approved the answer
	SentAt     time.Time
	AnswerRaw  []byte   // the answer exactly as sent (Outbound.Raw)
	InReplyTo  string   // without <>: the DPO's reply, or our forward
	References []string // without <>
}

// AnswerReport builds the report: to the DPO, every enquiry address in
// Cc, the DPO reference in subject and body, and the answer attached as
// message/rfc822 byte for byte.
func (r *Responder) AnswerReport(rep Report, messageID string, date time.Time) (*Outbound, error) {
	switch {
	case !validMsgID(messageID):
		return nil, errors.New("responder: message id must look like local@domain, without <>")
	case !validCaseRef(rep.CaseRef):
		return nil, errors.New("responder: case reference is empty or has spaces")
	case len(rep.AnswerRaw) == 0:
		return nil, errors.New("responder: the sent answer is required for the report")
	case strings.TrimSpace(rep.ApprovedBy) == "":
		return nil, errors.New("responder: the report names who approved the answer")
	case rep.SentAt.IsZero():
		return nil, errors.New("responder: the report needs the date the answer was sent")
	}
	letter, err := r.templates.Render(outbox.KindAnswerReport, templates.AnswerReportLetter{
		OrgName: r.orgName, CaseRef: rep.CaseRef, DPORef: rep.DPORef, Kind: rep.Kind,
		Outcome: rep.Outcome, ApprovedBy: rep.ApprovedBy, SentAt: rep.SentAt,
	})
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	return r.toDPOTeam(outbox.KindAnswerReport, messageID, date, letter, rep.InReplyTo, rep.References, answerName, rep.AnswerRaw)
}
