package responder

import (
	"errors"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"

	"example.org/intake/outbox"
	"example.org/intake/templates"
)

// Letters (template names) of the chaser. The Outbound.Kind of a DPO
// chase is outbox.KindDPOChase1 or outbox.KindDPOChase2; staff mail takes the kind
// the caller gives.
const (
	LetterDPOChase          = "dpo_chase"
	LetterStaffReminder     = "staff_reminder"
	LetterStaffEscalation   = "staff_escalation"
	LetterExtensionReminder = "extension_reminder"
	LetterDigest            = "digest"
	LetterAlarm             = "alarm"
)

// DPOChase builds a reminder to the DPO for their reference, threaded under
// our forward (forwardID, without <>) so that it lands in the same
// conversation. The second chase copies the enquiry inbox.
func (r *Responder) DPOChase(data templates.ChaseLetter, forwardID, messageID string, date time.Time) (*Outbound, error) {
	if data.Chase != 1 && data.Chase != 2 {
		return nil, errors.New("responder: a DPO chase is the first or the second")
	}
	if data.CaseRef == "" || !validMsgID(messageID) {
		return nil, errors.New("responder: a chase needs a case reference and a message id")
	}
	data.OrgName = r.orgName
	letter, err := r.templates.Render(LetterDPOChase, data)
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
	var cc []string
	if data.Chase == 2 && len(r.enquiryCC) > 0 {
		cc = append(cc, r.enquiryCC...)
		if err := m.Cc(cc...); err != nil {
			return nil, fmt.Errorf("responder: enquiry cc address: %w", err)
		}
	}
	setThreadRefs(m, forwardID, nil)
	m.SetGenHeader(headerAutoSubmitted, "auto-generated")
	m.SetBodyString(gomail.TypeTextPlain, letter.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, letter.HTML)
	raw, err := render(m, messageID, 1)
	if err != nil {
		return nil, err
	}
	kind := outbox.KindDPOChase1
	if data.Chase == 2 {
		kind = outbox.KindDPOChase2
	}
	return &Outbound{
		Kind: kind, MessageID: messageID, From: r.from.Address,
		To: []string{r.dpo}, Cc: cc, Subject: letter.Subject, Raw: raw,
	}, nil
}

// StaffMail builds a letter to staff: a reminder or escalation about one
// case (data is a templates.StaffLetter), the digest (a
// templates.DigestLetter) or an alarm about intake itself (a
// templates.AlarmLetter). threadRoot, when not "", is the Message-ID of the
// first staff message about the case, which this one replies to. Staff
// addresses must be bare; the message goes to them alone.
func (r *Responder) StaffMail(letter, kind string, staff []string, data any, threadRoot, messageID string, date time.Time) (*Outbound, error) {
	if len(staff) == 0 {
		return nil, errors.New("responder: no staff addresses (routing.staff)")
	}
	if !validMsgID(messageID) {
		return nil, errors.New("responder: message id must look like local@domain, without <>")
	}
	to := make([]string, 0, len(staff))
	for _, a := range staff {
		b, err := bareAddress(a)
		if err != nil {
			return nil, fmt.Errorf("responder: staff address: %w", err)
		}
		to = append(to, b)
	}
	switch d := data.(type) {
	case templates.StaffLetter:
		d.OrgName = r.orgName
		data = d
	case templates.DigestLetter:
		d.OrgName = r.orgName
		data = d
	case templates.AlarmLetter:
		d.OrgName = r.orgName
		data = d
	default:
		return nil, fmt.Errorf("responder: staff letter data of type %T", data)
	}
	rendered, err := r.templates.Render(letter, data)
	if err != nil {
		return nil, fmt.Errorf("responder: %w", err)
	}
	m, err := r.newMsg(messageID, date, rendered.Subject)
	if err != nil {
		return nil, err
	}
	if err := m.To(to...); err != nil {
		return nil, fmt.Errorf("responder: staff address: %w", err)
	}
	setThreadRefs(m, threadRoot, nil)
	m.SetGenHeader(headerAutoSubmitted, "auto-generated")
	// Staff out-of-office replies would only come back to our own inbox.
	m.SetGenHeader(gomail.HeaderXAutoResponseSuppress, "All")
	m.SetBodyString(gomail.TypeTextPlain, rendered.Text)
	m.AddAlternativeString(gomail.TypeTextHTML, rendered.HTML)
	raw, err := render(m, messageID, 1)
	if err != nil {
		return nil, err
	}
	if kind == "" {
		kind = letter
	}
	return &Outbound{Kind: kind, MessageID: messageID, From: r.from.Address, To: to, Subject: rendered.Subject, Raw: raw}, nil
}

// CheckChaseLetters renders every chaser letter with sample data, so that a
// broken override shows at start-up rather than on the day of a chase.
func (r *Responder) CheckChaseLetters() error {
	day := time.Date(2000, 1, 3, 0, 0, 0, 0, time.UTC)
	staff := templates.StaffLetter{CaseRef: "INT-2000-0001", DPORef: "DPO-1", Kind: "access", State: "needs_decision",
		Reason: "overdue", Received: day, Due: day, NoticeBy: day, DaysLeft: 1, DaysOver: 1, Forwarded: day}
	one := templates.DigestCase{CaseRef: "INT-2000-0001", DPORef: "DPO-1", Kind: "access", State: "drafted", Due: day, DaysLeft: 1}
	var errs []error
	for n := 1; n <= 2; n++ {
		_, err := r.templates.Render(LetterDPOChase, templates.ChaseLetter{OrgName: r.orgName, CaseRef: "INT-2000-0001",
			Kind: "access", URN: "1", Chase: n, ForwardSubject: "Sample", Forwarded: day, Received: day, Due: day, WorkingDays: 5})
		errs = append(errs, err)
	}
	for _, reason := range []string{"overdue", "dpo_silent"} {
		staff.Reason = reason
		_, err := r.templates.Render(LetterStaffEscalation, staff)
		errs = append(errs, err)
	}
	for _, name := range []string{LetterStaffReminder, LetterExtensionReminder} {
		_, err := r.templates.Render(name, staff)
		errs = append(errs, err)
	}
	list := []templates.DigestCase{one}
	_, err := r.templates.Render(LetterDigest, templates.DigestLetter{OrgName: r.orgName, Date: day, DueWithinDays: 10,
		DueSoon: list, Overdue: list, AwaitingDPO: list, AwaitingRequester: list})
	errs = append(errs, err)
	_, err = r.templates.Render(LetterAlarm, templates.AlarmLetter{OrgName: r.orgName, Subject: "[intake] ALARM: sample", Body: "Sample.\n"})
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("responder: chaser letters do not render: %w", err)
	}
	return nil
}
