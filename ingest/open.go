package ingest

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/deadline"
	"example.org/intake/message"
	"example.org/intake/store"
)

// open creates a case for msg in state. For a received case it also renders
// and queues the holding reply and the DPO forward, in the same transaction.
func (g *Ingester) open(ctx context.Context, tx *store.Tx, msg *message.Message, cls classifier.Classification,
	in *store.Inbound, out *result, state, personReason string) error {
	now := g.opts.Now()
	start := deadline.DateOf(in.ReceivedAt)
	ref, err := tx.NextCaseRef(ctx, start.Year)
	if err != nil {
		return err
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
	addr, name := requester(msg, cls)
	if flags := flagsForStaff(cls, notes); flags != "" {
		personReason = strings.TrimPrefix(personReason+"\n"+flags, "\n")
	}
	c := &store.Case{
		Ref: ref, Kind: string(kind), Rights: joinKinds(cls.Rights), State: state,
		RequesterAddr: addr, RequesterName: name,
		URN: cls.References["urn"], Calendar: string(g.opts.Cases.Calendar()), ReceivedAt: in.ReceivedAt,
		StartDate: start.String(), Confidence: cls.Confidence,
		NeedsPerson: personReason != "", PersonReason: personReason, CreatedAt: now,
	}
	// One function computes every deadline (invariant 5).
	clock, err := g.opts.Cases.Clock(c, nil)
	if err != nil {
		return fmt.Errorf("ingest: deadline: %w", err)
	}
	// For a request whose kind is not sure, Clock gives the strictest
	// clock its candidate rights could have.
	c.DueDate = clock.Due.String()
	if rt := differingReplyTo(msg); rt != "" && !notes.ViaForm {
		// Invariant 8: we answer the From address only; a different
		// Reply-To is shown to staff instead of being used.
		c.ReplyToAddr = rt
	}
	if err := tx.CreateCase(ctx, c); err != nil {
		return err
	}
	in.CaseID = sql.NullInt64{Int64: c.ID, Valid: true}
	in.Disposition = store.DispositionTriage
	if state == store.StateReceived {
		in.Disposition = store.DispositionOpenedCase
	}
	out.disposition, out.caseRef, out.opened = in.Disposition, c.Ref, c.Kind

	events := []store.Event{
		{Kind: "received", Detail: fmt.Sprintf("classified as %s (confidence %.2f): %s", cls.Kind, cls.Confidence, strings.Join(cls.Reasons, "; "))},
		{Kind: "clock", Detail: clock.Explain()},
	}
	if personReason != "" {
		events = append(events, store.Event{Kind: "needs_person", Detail: personReason})
	}
	if c.ReplyToAddr != "" {
		events = append(events, store.Event{Kind: "note", Detail: "Reply-To differs from From; the holding reply goes to From only"})
	}
	if notes.ViaForm {
		events = append(events, store.Event{Kind: "note", Detail: "came through the website contact form; the holding reply goes to the address the person gave in the form"})
	}
	for _, e := range events {
		e.CaseID, e.At = c.ID, now
		if err := tx.AddEvent(ctx, e); err != nil {
			return err
		}
	}
	if state != store.StateReceived {
		return nil
	}

	if err := g.opts.Cases.AutoLink(ctx, tx, c, cls.References["urn"]); err != nil {
		return err
	}
	if err := g.opts.Cases.AcknowledgeWith(ctx, tx, c, msg, in.Raw, notes); err != nil {
		return err
	}
	out.queued = 2
	return nil
}

// ackNotes are the classifier's signals that change the acknowledgement.
func ackNotes(cls classifier.Classification) casework.AckNotes {
	has := func(s string) bool { return slices.Contains(cls.Signals, s) }
	return casework.AckNotes{
		OnBehalf: has(classifier.SignalOnBehalf) && !has(classifier.SignalChild), Child: has(classifier.SignalChild),
		KindUncertain: has(classifier.SignalKindUncertain), ViaForm: has(classifier.SignalViaForm),
		FirstAsked: cls.References["first_asked"], Language: cls.Language,
	}
}

// flagsForStaff says what staff must look at on a request that is
// acknowledged at once, or "" when nothing.
func flagsForStaff(cls classifier.Classification, n casework.AckNotes) string {
	var f []string
	kindFlag := ""
	if n.KindUncertain {
		// A flag of its own (one line), which SetKind clears.
		kindFlag = casework.KindUnconfirmedLead + " (candidates: " + joinKinds(cls.Rights) + ")"
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

// requester is who the holding reply goes to: From, or for mail relayed
// by our own web form the address the person gave in it (Reply-To, or an
// email field in the body).
func requester(msg *message.Message, cls classifier.Classification) (addr, name string) {
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
