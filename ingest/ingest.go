// Package ingest owns turning one fetched email into a committed change: the
// raw message stored as evidence, matched to an existing case or handed to
// casework to open a new one (its flags, events, holding reply and DPO
// forward), and the IMAP checkpoint advanced, all in one transaction. It
// is the mailbox.Handler of the daemon; it changes no case itself.
package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/classifier"
	"example.org/intake/dporeply"
	"example.org/intake/mailbox"
	"example.org/intake/message"
	"example.org/intake/store"
)

// Options configures an Ingester.
type Options struct {
	Store *store.Store
	// Cases applies correspondence to existing cases and queues the
	// holding reply and DPO forward of new ones.
	Cases *casework.Service
	// DPOPatterns read the DPO team's reference from any email, so that a
	// fresh email quoting it finds its case.
	DPOPatterns []*regexp.Regexp
	// Classifier options: our own addresses are never answered.
	Classifier classifier.Options
	// Routing addresses (DPO, enquiry inbox, staff) never get a holding
	// reply: they are not requesters.
	RoutingAddrs []string
	// Observer, when set, counts what happens (Prometheus metrics); it
	// gets kinds only, never anything personal.
	Observer Observer
	Logger   *slog.Logger
	Now      func() time.Time
}

// Observer is told what ingest does, for metrics.
type Observer interface {
	Fetched()
	Classified(kind string)
	CaseOpened(kind string)
}

// Ingester processes fetched messages. It is safe for concurrent use, but
// the watcher calls it one message at a time in UID order.
type Ingester struct {
	opts    Options
	routing map[string]bool
}

// New returns an Ingester. The store must be migrated.
func New(ctx context.Context, opts Options) (*Ingester, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Cases == nil {
		return nil, errors.New("ingest: no casework service")
	}
	routing := map[string]bool{}
	for _, a := range opts.RoutingAddrs {
		routing[strings.ToLower(a)] = true
	}
	for _, a := range opts.Classifier.OwnAddresses {
		routing[strings.ToLower(a)] = true
	}
	return &Ingester{opts: opts, routing: routing}, nil
}

// LoadCheckpoint implements mailbox.Handler.
func (g *Ingester) LoadCheckpoint(ctx context.Context, mbox string) (mailbox.Checkpoint, bool, error) {
	cp, err := g.opts.Store.Checkpoint(ctx, mbox)
	if errors.Is(err, store.ErrNotFound) {
		return mailbox.Checkpoint{}, false, nil
	}
	if err != nil {
		return mailbox.Checkpoint{}, false, err
	}
	return mailbox.Checkpoint{UIDValidity: cp.UIDValidity, LastUID: cp.LastUID}, true, nil
}

// SaveCheckpoint implements mailbox.Handler.
func (g *Ingester) SaveCheckpoint(ctx context.Context, mbox string, cp mailbox.Checkpoint) error {
	return g.opts.Store.SetCheckpoint(ctx, mbox, cp.UIDValidity, cp.LastUID, g.opts.Now())
}

// Handle implements mailbox.Handler: it commits everything one message
// causes, with the checkpoint, or nothing. A database outage is returned as
// it is; any other failure as the message's own (*mailbox.MessageFailure).
func (g *Ingester) Handle(ctx context.Context, f mailbox.Fetched) (err error) {
	defer func() { err = asFailure(ctx, err) }()
	if f.Backlog {
		p := g.read(f, false)
		return g.recordBacklog(ctx, f, p.msg, p.key, p.hash, p.received)
	}
	p := g.read(f, true)
	if len(f.Raw) >= mailbox.BigMessageBytes {
		// The parser's copies are garbage now; the driver copies the
		// message twice more outside Go's heap while storing it.
		debug.FreeOSMemory()
	}
	return g.commit(ctx, []*incoming{p})
}

// HandleGroup implements mailbox.GroupHandler: several new messages in
// one transaction, which advances the checkpoint to the last of them, so
// that the checkpoint never passes a message whose case is not committed.
// Any error commits nothing; the watcher then hands the messages to Handle
// one by one.
func (g *Ingester) HandleGroup(ctx context.Context, fs []mailbox.Fetched) error {
	in := make([]*incoming, len(fs))
	for i, f := range fs {
		if f.Backlog {
			return errors.New("ingest: a backlog message in a group")
		}
		in[i] = g.read(f, true)
	}
	return g.commit(ctx, in)
}

// incoming is one fetched message, read and classified, before its
// transaction.
type incoming struct {
	f        mailbox.Fetched
	msg      *message.Message
	cls      classifier.Classification
	key      string
	hash     string
	received time.Time
	outcome  result
}

// read parses f and, when classify is set, classifies it.
func (g *Ingester) read(f mailbox.Fetched, classify bool) *incoming {
	msg := message.Parse(f.Raw, nil)
	if f.Truncated {
		msg.Truncated = true
		msg.ParseErrors = append(msg.ParseErrors, fmt.Sprintf("the message is too big for intake (%d bytes): only its header and "+
			"the first %d bytes of its text were kept; the whole message is still in the mailbox", f.Size, len(f.Raw)))
	}
	if f.Size > msg.Size {
		msg.Size = f.Size
	}
	sum := sha256.Sum256(f.Raw)
	p := &incoming{f: f, msg: msg, hash: hex.EncodeToString(sum[:]), key: dedupeKey(msg.MessageID, f.Raw),
		received: receivedAt(f.InternalDate, msg.Date, g.opts.Now())}
	if classify {
		p.cls = classifier.Classify(msg, &g.opts.Classifier)
	}
	return p
}

// commit writes what the messages cause and the checkpoint of the last,
// in one durable transaction (the watcher moves them out of the inbox
// once it returns), then counts and logs them.
func (g *Ingester) commit(ctx context.Context, in []*incoming) error {
	now := g.opts.Now()
	last := in[len(in)-1].f
	err := g.opts.Store.WithDurableTx(ctx, func(tx *store.Tx) error {
		for _, p := range in {
			if err := g.apply(ctx, tx, p, now); err != nil {
				return fmt.Errorf("ingest: uid %d: %w", p.f.UID, err)
			}
		}
		if err := tx.SetCheckpoint(ctx, last.Mailbox, last.UIDValidity, last.UID, now); err != nil {
			return fmt.Errorf("ingest: uid %d: %w", last.UID, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range in {
		if o := g.opts.Observer; o != nil {
			o.Fetched()
			o.Classified(string(p.cls.Kind))
			if p.outcome.opened != "" {
				o.CaseOpened(p.outcome.opened)
			}
		}
		g.opts.Logger.Info("message processed", "mailbox", p.f.Mailbox, "uid", p.f.UID,
			"disposition", p.outcome.disposition, "case", p.outcome.caseRef, "kind", p.cls.Kind, "queued", p.outcome.queued)
	}
	return nil
}

// apply writes in tx what one message causes.
func (g *Ingester) apply(ctx context.Context, tx *store.Tx, p *incoming, now time.Time) error {
	p.outcome = result{}
	f, msg, cls := p.f, p.msg, p.cls
	seen, err := tx.InboundSeen(ctx, p.key, f.Mailbox, f.UIDValidity, f.UID)
	if err != nil {
		return err
	}
	if seen {
		p.outcome.disposition = "duplicate"
		return nil
	}
	in := &store.Inbound{
		Mailbox: f.Mailbox, UIDValidity: f.UIDValidity, UID: f.UID, DedupeKey: p.key,
		MessageID: msg.MessageID, SHA256: p.hash, Raw: f.Raw, Size: msg.Size, Truncated: msg.Truncated,
		ReceivedAt: p.received, FromAddr: strings.ToLower(msg.From.Addr), Subject: msg.Subject,
		Kind: string(cls.Kind), Action: string(cls.Action), Confidence: cls.Confidence,
		Classification: classificationJSON(cls, msg), CreatedAt: now,
	}
	if err := g.decide(ctx, tx, msg, cls, in, &p.outcome); err != nil {
		return err
	}
	return tx.InsertInbound(ctx, in)
}

// recordBacklog remembers a message that was in the mailbox before intake's
// first start (invariant 7: the backlog is never answered), so that a later
// UIDVALIDITY change does not make it look new. Only its header is kept.
func (g *Ingester) recordBacklog(ctx context.Context, f mailbox.Fetched, msg *message.Message, key, hash string, received time.Time) error {
	now := g.opts.Now()
	// Durable: the watcher saves the checkpoint past the backlog after.
	err := g.opts.Store.WithDurableTx(ctx, func(tx *store.Tx) error {
		seen, err := tx.InboundSeen(ctx, key, f.Mailbox, f.UIDValidity, f.UID)
		if err != nil || seen {
			return err
		}
		return tx.InsertInbound(ctx, &store.Inbound{
			Mailbox: f.Mailbox, UIDValidity: f.UIDValidity, UID: f.UID, DedupeKey: key,
			MessageID: msg.MessageID, SHA256: hash, Raw: f.Raw, Size: f.Size,
			ReceivedAt: received, FromAddr: strings.ToLower(msg.From.Addr), Subject: msg.Subject,
			Kind: "backlog", Action: string(classifier.ActionNone), Classification: "{}",
			Disposition: store.DispositionBacklog, CreatedAt: now,
		})
	})
	if err != nil {
		return fmt.Errorf("ingest: backlog uid %d: %w", f.UID, err)
	}
	return nil
}

// result is what Handle did, for the log line.
type result struct {
	opened      string // kind of the case opened, if one was
	disposition string
	caseRef     string
	queued      int
}

// decide chooses what the message becomes and writes the case side of it.
// It fills in.Disposition and in.CaseID.
func (g *Ingester) decide(ctx context.Context, tx *store.Tx, msg *message.Message, cls classifier.Classification, in *store.Inbound, out *result) error {
	// Correspondence on an existing case comes first: a requester's "thank
	// you" or a bounce of our own reply must never open a second case.
	if c, why, err := g.match(ctx, tx, msg, cls); err != nil {
		return err
	} else if c != nil {
		in.Disposition = store.DispositionJoinedCase
		in.CaseID = sql.NullInt64{Int64: c.ID, Valid: true}
		out.disposition, out.caseRef = in.Disposition, c.Ref
		return g.opts.Cases.JoinMail(ctx, tx, c, msg, cls.Kind, why)
	}

	// Mail relayed by our web form is answered at the address the person
	// gave in it.
	from, _ := casework.Requester(msg, cls)
	switch {
	case cls.Kind == classifier.KindAutoReply:
		in.Disposition = store.DispositionAutomated
	case cls.Kind == classifier.KindDPOReply:
		// DPO mail is never dropped: what matched no case goes to a person.
		return g.open(ctx, tx, msg, cls, in, out, casework.Triage, "mail from the DPO team that matched no case")
	case len(msg.ParseErrors) > 0 || msg.Truncated:
		// Invariant 6: what cannot be read becomes a case for a person,
		// with the raw message kept; nothing is sent automatically.
		return g.open(ctx, tx, msg, cls, in, out, casework.Triage, "the message could not be read completely: "+strings.Join(msg.ParseErrors, "; "))
	case cls.Action == classifier.ActionReply && (from == "" || g.routing[from]):
		return g.open(ctx, tx, msg, cls, in, out, casework.Triage, "looks like a request but has no sender address we may answer")
	case cls.Action == classifier.ActionReply:
		return g.open(ctx, tx, msg, cls, in, out, casework.Received, "")
	case cls.Action == classifier.ActionTriage:
		return g.open(ctx, tx, msg, cls, in, out, casework.Triage, "the classifier is not sure this is a request")
	default:
		in.Disposition = store.DispositionNotRequest
	}
	out.disposition = in.Disposition
	return nil
}

// match finds the case an inbound message belongs to: by threading headers
// against our own Message-IDs, by our case reference quoted in it, and for a
// requester by their address while they have an open case.
func (g *Ingester) match(ctx context.Context, tx *store.Tx, msg *message.Message, cls classifier.Classification) (*store.Case, string, error) {
	ids := append(append([]string{}, msg.InReplyTo...), msg.References...)
	if len(ids) > 0 {
		c, err := tx.CaseForOutboundMessageID(ctx, ids)
		if err == nil {
			return c, "threading headers", nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, "", err
		}
	}
	if ref := cls.References["case"]; ref != "" {
		c, err := tx.CaseByRef(ctx, ref)
		if err == nil {
			return c, "case reference", nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, "", err
		}
	}
	if ref := dporeply.ExtractReference(msg.Subject+"\n"+msg.NewText, g.opts.DPOPatterns); ref != "" {
		c, err := tx.CaseByDPORef(ctx, ref)
		if err == nil {
			return c, "DPO reference", nil
		}
		if !errors.Is(err, store.ErrNotFound) {
			return nil, "", err
		}
	}
	from, _ := casework.Requester(msg, cls)
	if from == "" || cls.Kind == classifier.KindAutoReply || g.routing[from] {
		return nil, "", nil
	}
	c, err := tx.OpenCaseForRequester(ctx, from)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return c, "requester", nil
}
