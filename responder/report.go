package responder

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/templates"
)

// KindAnswerReport is the Outbound.Kind (and letter) of the forward of a
// sent answer to the DPO.
const KindAnswerReport = "answer_report"

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
	letter, err := r.templates.Render(KindAnswerReport, templates.AnswerReportLetter{
		OrgName: r.orgName, CaseRef: rep.CaseRef, DPORef: rep.DPORef, Kind: rep.Kind,
		Outcome: rep.Outcome, ApprovedBy: rep.ApprovedBy, SentAt: rep.SentAt,
	})
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	m, err := r.newMsg(messageID, date, letter.Subject)
	if err != nil {
		return nil, err
	}
	if err := m.To(r.dpo); err != nil {
		return nil, fmt.Errorf("responder: dpo address: %w", err)
	}
	if len(r.enquiryCC) > 0 {
		if err := m.Cc(r.enquiryCC...); err != nil {
			return nil, fmt.Errorf("responder: enquiry cc address: %w", err)
		}
	}
	setThreadRefs(m, rep.InReplyTo, rep.References)
	m.SetGenHeader(headerAutoSubmitted, "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, letter.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, letter.HTML)
	// The same rules as the original in the DPO forward (see forward.go).
	sevenBit := sevenBitClean(rep.AnswerRaw)
	enc := gomail.EncodingB64
	if sevenBit {
		enc = gomail.NoEncoding
	}
	if err := m.AttachReader(answerName, bytes.NewReader(rep.AnswerRaw),
		gomail.WithFileContentType("message/rfc822"), gomail.WithFileEncoding(enc)); err != nil {
		return nil, fmt.Errorf("responder: attach answer: %w", err)
	}
	raw, err := render(m, messageID, 2)
	if err != nil {
		return nil, err
	}
	if sevenBit {
		if raw, err = relabelAttachment7bit(raw, answerName); err != nil {
			return nil, fmt.Errorf("responder: %s: %w", messageID, err)
		}
	}
	return &Outbound{
		Kind: KindAnswerReport, MessageID: messageID, From: r.from.Address, To: []string{r.dpo},
		Cc: append([]string(nil), r.enquiryCC...), Subject: letter.Subject, Raw: raw,
	}, nil
}

// relabelAttachment7bit is relabel7bit for an attachment of another name.
func relabelAttachment7bit(raw []byte, name string) ([]byte, error) {
	header := "Content-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: "
	from := []byte(header + string(gomail.NoEncoding) + "\r\n")
	i := bytes.Index(raw, from)
	if i < 0 {
		return nil, errors.New("attachment header not where expected")
	}
	to := []byte(header + string(gomail.EncodingUSASCII) + "\r\n")
	return slices.Concat(raw[:i], to, raw[i+len(from):]), nil
}
