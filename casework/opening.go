package casework

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/message"
	"example.org/intake/store"
)

// Event kinds recorded when mail opens or joins a case.
const (
	EvReceived        = "received"
	EvClock           = "clock"
	EvNeedsPerson     = "needs_person"
	EvNote            = "note"
	EvMessageReceived = "message_received"
	EvOverdue         = "overdue"
)

// Opening is a message that opens a case: ingest has stored it (or is
// storing it in the same transaction) and decided the case's first state.
type Opening struct {
	Msg   *message.Message
	Class classifier.Classification
	Raw   []byte
	// ReceivedAt starts the clock.
	ReceivedAt time.Time
	// State is Received (acknowledged at once) or Triage (for a person).
	State State
	// Why is the reason a person must look at the case ("" for none).
	Why string
}

// OpenFromMail opens a case for o in tx, the ingest transaction: the case
// with its due date and flags, its first events, and for a received case
// the link to the register and the holding reply and DPO forward queued.
// It returns the case and how many messages it queued.
func (s *Service) OpenFromMail(ctx context.Context, tx *store.Tx, o Opening) (*store.Case, int, error) {
	now := s.opts.Now()
	cls := o.Class
	start := deadline.DateOf(o.ReceivedAt)
	ref, err := tx.NextCaseRef(ctx, start.Year)
	if err != nil {
		return nil, 0, err
	}
	kind := cls.Kind
	notes := ackNotes(cls)
	if !kind.IsRequest() || notes.KindUncertain {
		// A case for a person (unsure, unreadable) still needs a kind; staff
		// correct it in triage. A request whose kind is not sure is
		// acknowledged without one (issue 11) and its rights listed as
		// candidates.
		kind = classifier.KindOther
	}
	addr, name := Requester(o.Msg, cls)
	why := o.Why
	if flags := flagsForStaff(cls, notes); flags != "" {
		why = strings.TrimPrefix(why+"\n"+flags, "\n")
	}
	c := &store.Case{
		Ref: ref, Kind: string(kind), Rights: RightsOfKinds(cls.Rights).String(), State: string(o.State),
		RequesterAddr: addr, RequesterName: name,
		URN: cls.References["urn"], Calendar: string(s.opts.Calendar), ReceivedAt: o.ReceivedAt,
		StartDate: start.String(), Confidence: cls.Confidence,
		NeedsPerson: why != "", PersonReason: why, CreatedAt: now,
	}
	// One function computes every deadline (invariant 5).
	clock, err := s.Clock(c, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("casework: deadline: %w", err)
	}
	// For a request whose kind is not sure, Clock gives the strictest
	// clock its candidate rights could have.
	c.DueDate = clock.Due.String()
	if rt := differingReplyTo(o.Msg); rt != "" && !notes.ViaForm {
		// Invariant 8: we answer the From address only; a different
		// Reply-To is shown to staff instead of being used.
		c.ReplyToAddr = rt
	}
	if err := tx.CreateCase(ctx, c); err != nil {
		return nil, 0, err
	}
	events := []store.Event{
		{Kind: EvReceived, Detail: fmt.Sprintf("classified as %s (confidence %.2f): %s", cls.Kind, cls.Confidence, strings.Join(cls.Reasons, "; "))},
		{Kind: EvClock, Detail: clock.Explain()},
	}
	if why != "" {
		events = append(events, store.Event{Kind: EvNeedsPerson, Detail: why})
	}
	if c.ReplyToAddr != "" {
		events = append(events, store.Event{Kind: EvNote, Detail: "Reply-To differs from From; the holding reply goes to From only"})
	}
	if notes.ViaForm {
		events = append(events, store.Event{Kind: EvNote, Detail: "came through the website contact form; the holding reply goes to the address the person gave in the form"})
	}
	for _, e := range events {
		e.CaseID, e.At = c.ID, now
		if err := tx.AddEvent(ctx, e); err != nil {
			return nil, 0, err
		}
	}
	if o.State != Received {
		return c, 0, nil
	}
	if err := s.AutoLink(ctx, tx, c, cls.References["urn"]); err != nil {
		return nil, 0, err
	}
	if err := s.AcknowledgeWith(ctx, tx, c, o.Msg, o.Raw, notes); err != nil {
		return nil, 0, err
	}
	return c, 2, nil
}

// OpenForFailure opens the triage case of a message intake gave up on
// (it could not be parsed or stored as it came): flagged with reason, the
// clock shown as it would run in case it is a request.
func (s *Service) OpenForFailure(ctx context.Context, tx *store.Tx, addr, name string, received time.Time, reason string) (*store.Case, error) {
	now := s.opts.Now()
	start := deadline.DateOf(received)
	ref, err := tx.NextCaseRef(ctx, start.Year)
	if err != nil {
		return nil, err
	}
	c := &store.Case{
		Ref: ref, Kind: string(classifier.KindOther), State: store.StateTriage,
		RequesterAddr: addr, RequesterName: name,
		Calendar: string(s.opts.Calendar), ReceivedAt: received, StartDate: start.String(),
		NeedsPerson: true, PersonReason: reason, CreatedAt: now,
	}
	// A failure here leaves the due date to staff.
	if clock, err := s.Clock(c, nil); err == nil {
		c.DueDate = clock.Due.String()
	}
	if err := tx.CreateCase(ctx, c); err != nil {
		return nil, err
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: EvNeedsPerson, Detail: reason}); err != nil {
		return nil, err
	}
	return c, nil
}

// JoinMail records that msg, matched to case c by why, arrived on it, and
// unless it is an automatic reply (recorded, nothing more) applies it as
// correspondence with the case locked, in tx.
func (s *Service) JoinMail(ctx context.Context, tx *store.Tx, c *store.Case, msg *message.Message, kind classifier.Kind, why string) error {
	detail := fmt.Sprintf("%s (matched by %s)", kind, why)
	if kind.IsRequest() && why == "requester" {
		detail = fmt.Sprintf("repeated %s request while this case is open (matched by %s)", kind, why)
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: s.opts.Now(), Kind: EvMessageReceived, Detail: detail}); err != nil {
		return err
	}
	if kind == classifier.KindAutoReply {
		return nil
	}
	locked, err := tx.CaseForUpdate(ctx, c.Ref)
	if err != nil {
		return err
	}
	return s.Correspondence(ctx, tx, locked, msg, why)
}

// ackNotes are the classifier's signals that change the acknowledgement.
func ackNotes(cls classifier.Classification) AckNotes {
	has := func(s string) bool { return slices.Contains(cls.Signals, s) }
	return AckNotes{
		OnBehalf: has(classifier.SignalOnBehalf) && !has(classifier.SignalChild), Child: has(classifier.SignalChild),
		KindUncertain: has(classifier.SignalKindUncertain), ViaForm: has(classifier.SignalViaForm),
		FirstAsked: cls.References["first_asked"], Language: cls.Language,
	}
}

// flagsForStaff says what staff must look at on a request that is
// acknowledged at once, or "" when nothing.
func flagsForStaff(cls classifier.Classification, n AckNotes) string {
	var f []string
	kindFlag := ""
	if n.KindUncertain {
		// A flag of its own (one line), which SetKind clears.
		kindFlag = KindUnconfirmedLead + " (candidates: " + RightsOfKinds(cls.Rights).String() + ")"
	}
	if n.OnBehalf {
		f = append(f, "made for someone else: evidence of authority needed")
	}
	if n.Child {
		f = append(f, "about a child: evidence of parental responsibility needed; a child of about 12 or over may need to be asked first")
	}
	if slices.Contains(cls.Signals, classifier.SignalLanguage) {
		lang := classifier.LanguageNames[n.Language]
		if lang == "" {
			lang = "a language"
		}
		f = append(f, "written in "+lang+", which intake reads only in part: a person reads it")
	}
	if n.FirstAsked != "" {
		f = append(f, "the sender says they first asked on "+n.FirstAsked+": the clock may have started then")
	}
	return strings.Trim(kindFlag+"\n"+strings.Join(f, "; "), "\n")
}

// Requester is who the holding reply to msg goes to: From, or for mail
// relayed by our own web form the address the person gave in it (Reply-To,
// or an email field in the body). Ingest matches mail to a requester's
// open case by the same address.
func Requester(msg *message.Message, cls classifier.Classification) (addr, name string) {
	if !slices.Contains(cls.Signals, classifier.SignalViaForm) {
		return strings.ToLower(msg.From.Addr), msg.From.Name
	}
	for _, a := range msg.ReplyTo {
		if a.Addr != "" && !strings.EqualFold(a.Addr, msg.From.Addr) {
			return strings.ToLower(a.Addr), a.Name
		}
	}
	if sm := formEmailField.FindStringSubmatch(msg.Text); sm != nil {
		return strings.ToLower(sm[1]), ""
	}
	return "", ""
}

// formEmailField is the email field of a contact form's notification:
// "Email: sam@example.org", "Your email address - sam@example.org".
var formEmailField = regexp.MustCompile(`(?mi)^\s*(?:your\s+)?e-?mail(?:\s+address)?\s*[:=\-]\s*<?([A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,})>?`)

// differingReplyTo returns the first Reply-To address when it is not the
// From address, else "".
func differingReplyTo(m *message.Message) string {
	for _, a := range m.ReplyTo {
		if a.Addr != "" && !strings.EqualFold(a.Addr, m.From.Addr) {
			return strings.ToLower(a.Addr)
		}
	}
	return ""
}
