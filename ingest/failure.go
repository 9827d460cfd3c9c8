package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"example.org/intake/classifier"
	"example.org/intake/mailbox"
	"example.org/intake/message"
	"example.org/intake/store"
)

// MaxMessageFailures is how often one message may fail for a reason of its
// own before it is given to a person. A few tries ride out a fault that
// only looks like the message's; more would only hold up the inbox.
const MaxMessageFailures = 3

// asFailure sorts an error of Handle: an outage of the database (and a
// cancelled context) is returned as it is, to be retried without giving
// up; anything else is the message's own failure.
func asFailure(ctx context.Context, err error) error {
	if err == nil || ctx.Err() != nil || store.IsOutage(err) {
		return err
	}
	var mf *mailbox.MessageFailure
	if errors.As(err, &mf) {
		return err
	}
	return &mailbox.MessageFailure{Reason: "intake could not handle it automatically", Err: err}
}

// Failed implements mailbox.FailureHandler: it counts the failure durably
// and, at the MaxMessageFailures-th, gives the message to a person.
func (g *Ingester) Failed(ctx context.Context, f mailbox.Fetched, mf *mailbox.MessageFailure) (bool, error) {
	n, err := g.opts.Store.RecordInboundFailure(ctx, f.Mailbox, f.UIDValidity, f.UID, plain(mf.Error()), g.opts.Now())
	if err != nil {
		return false, fmt.Errorf("ingest: uid %d: %w", f.UID, err)
	}
	if n < MaxMessageFailures {
		g.opts.Logger.Warn("message failed", "mailbox", f.Mailbox, "uid", f.UID, "failures", n)
		return false, nil
	}
	ref, err := g.giveUp(ctx, f, mf, n, false)
	if err != nil && ctx.Err() == nil && !store.IsOutage(err) {
		// Even the little read from it cannot be stored: keep only the
		// bytes, so that giving up cannot itself hold up the inbox.
		ref, err = g.giveUp(ctx, f, mf, n, true)
	}
	if err != nil {
		return false, fmt.Errorf("ingest: uid %d: give up: %w", f.UID, err)
	}
	g.opts.Logger.Warn("message given to a person", "mailbox", f.Mailbox, "uid", f.UID, "failures", n, "case", ref)
	return true, nil
}

// giveUp keeps the raw message on a new triage case that says why, and
// moves the checkpoint past it, in one transaction. It does as little as
// it can with the message, since handling it is what failed: no
// classification, no letters, only fields that any bytes can fill. It
// returns the case reference ("" when no case was needed). With bare it
// reads nothing from the message at all.
func (g *Ingester) giveUp(ctx context.Context, f mailbox.Fetched, mf *mailbox.MessageFailure, failures int, bare bool) (string, error) {
	now := g.opts.Now()
	msg := &message.Message{}
	if !bare {
		msg = parseOrEmpty(f.Raw)
	}
	sum := sha256.Sum256(f.Raw)
	key := dedupeKey(plain(msg.MessageID), f.Raw)
	received := receivedAt(f.InternalDate, msg.Date, now)
	reason := fmt.Sprintf("intake could not handle this message automatically (%d attempts); the original is kept. Last error: %s",
		failures, plain(mf.Error()))
	var ref string
	err := g.opts.Store.WithDurableTx(ctx, func(tx *store.Tx) error {
		ref = ""
		seen, err := tx.InboundSeen(ctx, key, f.Mailbox, f.UIDValidity, f.UID)
		if err != nil {
			return err
		}
		var caseID int64
		if !seen {
			in := &store.Inbound{
				Mailbox: f.Mailbox, UIDValidity: f.UIDValidity, UID: f.UID, DedupeKey: key,
				MessageID: plain(msg.MessageID), SHA256: hex.EncodeToString(sum[:]), Raw: f.Raw,
				Size: max(f.Size, int64(len(f.Raw))), Truncated: f.Truncated, ReceivedAt: received,
				FromAddr: plain(strings.ToLower(msg.From.Addr)), Subject: plain(msg.Subject),
				Kind: string(classifier.KindOther), Action: string(classifier.ActionTriage),
				Classification: "{}", Disposition: store.DispositionTriage, CreatedAt: now,
			}
			if f.Backlog {
				// Never answered anyway: kept as backlog, no case.
				in.Kind, in.Action, in.Disposition = "backlog", string(classifier.ActionNone), store.DispositionBacklog
			} else {
				c, err := g.failureCase(ctx, tx, msg, received, reason)
				if err != nil {
					return err
				}
				caseID, ref = c.ID, c.Ref
				in.CaseID = &c.ID
			}
			if err := tx.InsertInbound(ctx, in); err != nil {
				return err
			}
		}
		if err := tx.GaveUpInbound(ctx, f.Mailbox, f.UIDValidity, f.UID, caseID, now); err != nil {
			return err
		}
		if f.Backlog {
			return nil // the watcher saves the checkpoint once the backlog is recorded
		}
		return tx.SetCheckpoint(ctx, f.Mailbox, f.UIDValidity, f.UID, now)
	})
	return ref, err
}

// failureCase has casework open the triage case of a message given up on.
func (g *Ingester) failureCase(ctx context.Context, tx *store.Tx, msg *message.Message, received time.Time, reason string) (*store.Case, error) {
	return g.opts.Cases.OpenForFailure(ctx, tx, plain(strings.ToLower(msg.From.Addr)), plain(msg.From.Name), received, reason)
}

// parseOrEmpty parses raw, or returns an empty message when the parser
// itself is what fails.
func parseOrEmpty(raw []byte) (m *message.Message) {
	defer func() {
		if recover() != nil {
			m = &message.Message{}
		}
	}()
	return message.Parse(raw, nil)
}

// plain makes s storable in any text column: valid UTF-8 without NUL,
// which PostgreSQL refuses.
func plain(s string) string {
	if utf8.ValidString(s) && !strings.ContainsRune(s, 0) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

var _ mailbox.FailureHandler = (*Ingester)(nil)
