package responder

import (
	"errors"
	"fmt"
	"net/mail"
	"time"

	"example.org/intake/internal/mailaddr"
	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// Options configures a Responder. From, DPO and EnquiryCC come from the
// configuration (smtp.from, routing.dpo, routing.enquiry_cc).
type Options struct {
	OrgName   string
	From      string // RFC 5322 address, "Name <addr>" or a bare address
	DPO       string
	EnquiryCC []string
	Templates *templates.Set // nil means the embedded letters
}

// Responder builds outbound messages. It is safe for concurrent use.
type Responder struct {
	orgName   string
	from      mail.Address
	dpo       string
	enquiryCC []string
	templates *templates.Set
}

// Outbound is one message ready for the outbox.
type Outbound struct {
	Kind      string   // outbox.KindHoldingReply or outbox.KindDPOForward
	MessageID string   // without <>, as given by the caller
	From      string   // envelope sender (bare address)
	To        []string // bare addresses
	Cc        []string
	Subject   string
	Raw       []byte // the complete RFC 5322 message, CRLF line endings
}

// Recipients is every envelope recipient: To and Cc.
func (o *Outbound) Recipients() []string {
	return append(append([]string(nil), o.To...), o.Cc...)
}

// Mail is o ready for outbox.Enqueue: about case caseID (0 for none), with
// its dedupe key and the SMTP envelope sender ("" uses From).
func (o *Outbound) Mail(caseID int64, dedupeKey, envelopeFrom string) outbox.Mail {
	return outbox.Mail{CaseID: caseID, DedupeKey: dedupeKey, Kind: o.Kind, MessageID: o.MessageID, EnvelopeFrom: envelopeFrom,
		From: o.From, Recipients: o.Recipients(), Subject: o.Subject, Raw: o.Raw}
}

// Request is what the case knows about one request, filled in by the caller.
type Request struct {
	CaseRef        string
	Kind           string // erasure, access, ...
	Rights         []string
	Received       time.Time // date of receipt
	Due            time.Time // due date; letters show it in Europe/London
	URN            string    // "" = not known
	RequesterName  string
	RequesterAddr  string // the From address of the request, bare
	ReplyToDiffers bool
	Unreadable     bool // the message could not be fully parsed
	NeedsID        bool
	// OnBehalf: the sender writes for someone else (solicitor, support
	// worker, attorney): evidence of authority will be needed. Child: the
	// request is about a child's data: evidence of parental
	// responsibility. KindUncertain: surely a request, not surely which
	// right; the letters do not name a kind and the DPO forward lists the
	// rights as candidates to be confirmed. FirstAsked: the date a chaser
	// says the request was first made. ViaForm: it came through our web
	// form. Language: the request's language when we answer in it too.
	OnBehalf, Child, KindUncertain, ViaForm bool
	FirstAsked                              string
	Language                                string
	OrigSubject                             string
	OrigMessageID                           string   // without <>; "" when the request had none
	OrigReferences                          []string // without <>
	OrigRaw                                 []byte   // attached to the DPO forward as message/rfc822
}

// New checks the options and renders every letter once with sample data, so
// that a broken override is found at start-up rather than when the first
// request arrives.
func New(opts Options) (*Responder, error) {
	from, err := mail.ParseAddress(opts.From)
	if err != nil {
		return nil, fmt.Errorf("responder: from address: %w", err)
	}
	dpo, err := bareAddress(opts.DPO)
	if err != nil {
		return nil, fmt.Errorf("responder: dpo address: %w", err)
	}
	var cc []string
	for _, a := range opts.EnquiryCC {
		b, err := bareAddress(a)
		if err != nil {
			return nil, fmt.Errorf("responder: enquiry cc address: %w", err)
		}
		cc = append(cc, b)
	}
	set := opts.Templates
	if set == nil {
		if set, err = templates.Load(""); err != nil {
			return nil, fmt.Errorf("responder: %w", err)
		}
	}
	r := &Responder{orgName: opts.OrgName, from: *from, dpo: dpo, enquiryCC: cc, templates: set}
	if err := r.selfCheck(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Responder) selfCheck() error {
	sample := Request{
		CaseRef: "INT-2000-0001", Kind: "access", Rights: []string{"access", "erasure"},
		Received: time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC), Due: time.Date(2000, 2, 3, 0, 0, 0, 0, time.UTC),
		URN: "00000000", RequesterName: "Sample Requester", RequesterAddr: "sample@example.org",
		ReplyToDiffers: true, Unreadable: true, NeedsID: true, OrigSubject: "Sample",
	}
	var errs []error
	if _, err := r.templates.Render(outbox.KindHoldingReply, requesterLetter(r.orgName, sample)); err != nil {
		errs = append(errs, err)
	}
	if _, err := r.templates.Render(outbox.KindDPOForward, dpoLetter(r.orgName, sample)); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("responder: letters do not render: %w", err)
	}
	return nil
}

// bareAddress accepts an addr-spec with no display name, as recipients in
// the configuration and the case are stored, and returns it in the form
// SMTP carries (mailaddr): quoted local part where needed, A-label domain.
// The error is a *mailaddr.Error when SMTP cannot carry the address; it
// never quotes the address: errors may be logged, and addresses stay out
// of logs (invariant 4).
func bareAddress(s string) (string, error) {
	return mailaddr.Canonical(s)
}
