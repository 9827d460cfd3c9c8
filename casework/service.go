// Package casework owns every change to a case and every fact about one:
// opening a case from mail (its flags, first events and letters), the state
// machine of DESIGN.md's workflows (DPO reference, programme stage and
// recommendation, draft, approval by a named member of staff, the answer
// and its report to the DPO, closing), pauses of the clock for identity
// evidence or clarification, extensions, stages brought by the register,
// and what intake keeps once a case is closed (reduction after an erasure
// or the retention period). Ingest, the daemon, the chaser, the command
// line and the staff pages all act on cases through this package; an
// action that the case's state does not allow is refused and changes
// nothing.
package casework

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"example.org/intake/config"
	"example.org/intake/deadline"
	"example.org/intake/outbox"
	"example.org/intake/responder"
	"example.org/intake/store"
)

// Options configures a Service.
type Options struct {
	Store        *store.Store
	Queue        outbox.Enqueuer
	Responder    *responder.Responder
	Programme    config.Programme
	OrgName      string
	Calendar     deadline.Calendar
	Holidays     []deadline.Date
	EnvelopeFrom string
	MailDomain   string
	// DPOSenders, DPOPatterns and AuthservID decide what counts as the DPO
	// team's reply and how its reference is read (see dporeply).
	DPOSenders  []string
	DPOPatterns []*regexp.Regexp
	AuthservID  string
	// Retention is how long closed cases keep their mail (the default
	// when left zero: config.DefaultRetention).
	Retention config.Retention
	Logger    *slog.Logger
	Now       func() time.Time
}

// Service acts on cases.
type Service struct {
	opts      Options
	installID string
}

// New returns a Service over a migrated store.
func New(ctx context.Context, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Retention == (config.Retention{}) {
		opts.Retention = config.DefaultRetention()
	}
	if opts.MailDomain == "" {
		if i := strings.LastIndexByte(opts.EnvelopeFrom, '@'); i >= 0 {
			opts.MailDomain = opts.EnvelopeFrom[i+1:]
		}
	}
	id, err := opts.Store.InstallationID(ctx)
	if err != nil {
		return nil, fmt.Errorf("casework: %w", err)
	}
	return &Service{opts: opts, installID: id}, nil
}

// Store returns the store the service acts on.
func (s *Service) Store() *store.Store { return s.opts.Store }

// change runs one staff or system action on the case ref in a transaction:
// it locks the case, refuses the action unless the case is in one of the
// states allowed for it, lets fn change the case, saves it and records the
// event. Nothing is written when fn fails.
func (s *Service) change(ctx context.Context, ref, action, actor string, fn func(tx *store.Tx, c *store.Case) (detail string, err error)) error {
	if strings.TrimSpace(actor) == "" {
		return ErrNeedsActor
	}
	return s.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.CaseForUpdate(ctx, ref)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("casework: no case %s: %w", ref, err)
		}
		if err != nil {
			return err
		}
		return s.apply(ctx, tx, c, action, actor, fn)
	})
}

// apply is change for a case already locked in tx (used from inside the
// ingest and outbox transactions).
func (s *Service) apply(ctx context.Context, tx *store.Tx, c *store.Case, action, actor string, fn func(tx *store.Tx, c *store.Case) (string, error)) error {
	from := c.State
	if !allowed(action, from) {
		return &TransitionError{Ref: c.Ref, Action: action, State: from}
	}
	if why := kindRefusal(action, c.Kind); why != "" {
		return &TransitionError{Ref: c.Ref, Action: action, State: c.State, Why: why}
	}
	// The flags this action resolves are cleared before it runs (what it
	// raises stays), and their reasons kept on its event.
	note := resolve(c, action)
	detail, err := fn(tx, c)
	if err != nil {
		return err
	}
	if note != "" {
		detail += "; " + note
	}
	if !declaredMove(action, from, c.State) {
		return fmt.Errorf("casework: case %s: %s from %s to %s is not a declared transition", c.Ref, action, from, c.State)
	}
	now := s.opts.Now()
	if err := tx.SaveCase(ctx, c, now); err != nil {
		return err
	}
	if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: action, Actor: actor, Detail: detail}); err != nil {
		return err
	}
	if err := endDryRun(ctx, tx, c); err != nil {
		return err
	}
	s.opts.Logger.Info("case changed", "case", c.Ref, "action", action, "state", c.State)
	return nil
}

// messageID derives the stable Message-ID of a case's message of one kind
// (see ingest: the same scheme, so replies to any of them thread).
func (s *Service) messageID(ref, kind string) string {
	return outbox.MessageID(ref, kind, s.installID, s.opts.MailDomain)
}

// SetClock replaces the clock (tests drive time with it).
func (s *Service) SetClock(now func() time.Time) { s.opts.Now = now }

// Calendar is the nation whose bank holidays new cases' clocks use.
func (s *Service) Calendar() deadline.Calendar { return s.opts.Calendar }

// Holidays are the organisation's extra bank holidays, which every case's
// working days leave out.
func (s *Service) Holidays() []deadline.Date { return s.opts.Holidays }

// verbs name actions in error messages ("cannot approve case ...").
var verbs = map[string]string{
	ActDPORef: "record a DPO reference on", ActSetStage: "set the stage of", ActLink: "link",
	ActDraft: "draft an answer for", ActEditDraft: "edit the draft of", ActApprove: "approve",
	ActReject: "reject the draft of", ActPause: "pause", ActAskID: "ask for ID on",
	ActAskClarify: "ask for clarification on", ActResume: "resume", ActVerifyID: "record ID verified on",
	ActExtend: "extend", ActClose: "close", ActAttach: "attach a file to", ActAnswered: "record the answer of",
	ActReported: "record the report of", ActReduce: "reduce", ActFlag: "clear the flag of",
	ActConfirmTriage: "confirm", ActNotARequest: "mark as not a request", ActConsiderExtend: "consider extending",
	ActCorrespondence: "add mail to", ActReopen: "reopen", ActAssign: "assign", ActNote: "add a note to", ActRedraft: "redraft",
	ActTick: "tick the checklist of", ActUntick: "untick the checklist of",
	ActSetKind: "set the kind of",
}

func verb(action string) string {
	if v, ok := verbs[action]; ok {
		return v
	}
	return strings.ReplaceAll(action, "_", " ")
}
