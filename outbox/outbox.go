// Package outbox owns delivering intake's outbound mail exactly once as far
// as SMTP allows. Messages are rendered and stored with the case change that
// causes them (see store.Outbound); a River job per message sends it here.
//
// What can still happen: SMTP has a window between our final "." and the
// server's reply (RFC 1047). A crash or a cut connection inside it leaves us
// not knowing whether the server took the message. Before sending again a
// message whose earlier attempt started, the worker looks for its
// Message-ID in the Sent folder over IMAP (Microsoft 365 and Gmail file
// submitted mail there themselves; intake also files a copy after each
// send). Only if the message is in neither place can a second copy go out,
// and it then carries the same Message-ID, so mail clients show it once.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/internal/mailaddr"
	"example.org/intake/store"
)

// SendArgs is the job that sends one stored outbound message.
type SendArgs struct {
	OutboundID int64 `json:"outbound_id"`
}

// Kind names the job in River's table.
func (SendArgs) Kind() string { return "send_outbound" }

// Transport submits a raw message over SMTP. mailbox.Sender implements it.
type Transport interface {
	Send(ctx context.Context, envelopeFrom string, rcpts []string, raw []byte) error
}

// SentFolder files and finds copies of sent mail. mailbox.SentFolder
// implements it; nil means the mailbox has no Sent folder to use.
type SentFolder interface {
	Append(ctx context.Context, raw []byte) error
	Contains(ctx context.Context, messageID string) (bool, error)
}

// Options configures the worker.
type Options struct {
	Store     *store.Store
	Transport Transport
	Sent      SentFolder // optional
	// IsTemporary tells a failure worth retrying from a permanent refusal.
	IsTemporary func(error) bool
	// AfterSent moves the case on once one of its messages has gone out,
	// in the transaction that marks it sent (casework.Service.AfterSent).
	// Nil marks holding replies and forwards only.
	AfterSent func(ctx context.Context, tx *store.Tx, c *store.Case, ob *store.Outbound) error
	Logger    *slog.Logger
	Now       func() time.Time
	// Expand, when set, returns the bytes to send for ob: a message may
	// leave out a large part that is stored elsewhere (the DPO forward's
	// original, responder.ExpandOriginal), put in only now.
	Expand func(ctx context.Context, ob *store.Outbound) ([]byte, error)
}

// Worker is the River worker for SendArgs.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	opts Options
}

// NewWorker returns a send worker.
func NewWorker(opts Options) *Worker {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.IsTemporary == nil {
		opts.IsTemporary = func(error) bool { return true }
	}
	return &Worker{opts: opts}
}

// Work sends one message. It is safe to run again for the same message at
// any point: a sent message is never sent twice, and a message whose
// earlier attempt may have reached the server is looked up first.
func (w *Worker) Work(ctx context.Context, job *river.Job[SendArgs]) error {
	st := w.opts.Store
	ob, err := st.Outbound(ctx, job.Args.OutboundID)
	if errors.Is(err, store.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("outbox: message %d no longer exists", job.Args.OutboundID))
	}
	if err != nil {
		return err
	}
	// Mail about no single case (digests, alarms) has no case to update.
	var c *store.Case
	log := w.opts.Logger.With("message", ob.Kind, "outbound", ob.ID)
	if ob.CaseID.Valid {
		if c, err = st.CaseByID(ctx, ob.CaseID.Int64); err != nil {
			return err
		}
		log = log.With("case", c.Ref)
	}
	switch ob.State {
	case store.OutboundSent:
		return nil
	case store.OutboundFailed:
		return river.JobCancel(fmt.Errorf("outbox: message %d failed permanently earlier", ob.ID))
	case store.OutboundSending:
		if w.opts.Sent != nil {
			found, err := w.opts.Sent.Contains(ctx, ob.MessageID)
			if err != nil {
				// Not knowing is not a reason to risk a duplicate or to give
				// up: try again later.
				log.Warn("cannot check the Sent folder before resending", "error", err)
				return fmt.Errorf("outbox: check sent folder: %w", err)
			}
			if found {
				log.Info("earlier attempt had gone out; not sending again")
				return w.finish(ctx, c, ob, "found_in_sent")
			}
		}
	}
	rcpts, err := ob.RecipientList()
	if err != nil {
		return river.JobCancel(err)
	}
	raw := ob.Raw
	if w.opts.Expand != nil {
		if raw, err = w.opts.Expand(ctx, ob); err != nil {
			return fmt.Errorf("outbox: message %d: %w", ob.ID, err)
		}
	}
	if err := st.MarkSending(ctx, ob.ID, w.opts.Now()); err != nil {
		return err
	}
	sendErr := w.opts.Transport.Send(ctx, ob.EnvelopeFrom, rcpts, raw)
	if sendErr != nil {
		permanent := !w.opts.IsTemporary(sendErr)
		log.Warn("send failed", "permanent", permanent, "attempt", job.Attempt, "error", sendErr)
		err := st.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.MarkSendError(ctx, ob.ID, sendErr.Error(), permanent); err != nil {
				return err
			}
			if !permanent {
				return nil
			}
			now := w.opts.Now()
			if c == nil {
				return nil
			}
			reason := "a message could not be delivered: " + ob.Kind
			var uncarryable *mailaddr.Error
			if errors.As(sendErr, &uncarryable) {
				reason += " (" + uncarryable.Reason + ")"
			}
			if err := tx.FlagForPerson(ctx, c.ID, reason, now); err != nil {
				return err
			}
			return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "send_failed", Detail: ob.Kind + ": " + sendErr.Error()})
		})
		if err != nil {
			return err
		}
		if permanent {
			return river.JobCancel(sendErr)
		}
		return sendErr
	}
	// The server has the message. Recording that is now what matters most:
	// a failure here would make the job run again and send a second copy,
	// so a database hiccup is retried on the spot before giving up.
	finishErr := w.finishWithRetry(ctx, c, ob, log)
	if w.opts.Sent != nil {
		// Filing the copy is for people and for the resend check (which
		// finds it if recording failed); failing to file it must not make
		// the message count as unsent.
		if err := w.opts.Sent.Append(ctx, raw); err != nil {
			log.Warn("could not file a copy in the Sent folder", "error", err)
		}
	}
	if finishErr != nil {
		return finishErr
	}
	log.Info("sent")
	return nil
}

// finishWithRetry records a message that went out, trying a few times
// with a growing pause: deadlocks and lost connections are usually gone a
// moment later.
func (w *Worker) finishWithRetry(ctx context.Context, c *store.Case, ob *store.Outbound, log *slog.Logger) error {
	delay := 50 * time.Millisecond
	var err error
	for attempt := 1; attempt <= 6; attempt++ {
		if err = w.finish(ctx, c, ob, "smtp"); err == nil {
			return nil
		}
		log.Warn("could not record a sent message; trying again", "attempt", attempt, "error", err)
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(delay + time.Duration(rand.Int64N(int64(delay)))):
		}
		delay *= 2
	}
	return err
}

// finish records the message as sent and moves the case on, in one
// transaction.
func (w *Worker) finish(ctx context.Context, c *store.Case, ob *store.Outbound, how string) error {
	now := w.opts.Now()
	return w.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		// Lock the case before touching anything that refers to it: two
		// messages of one case finishing at once then take turns instead
		// of deadlocking on the case row (PostgreSQL's foreign-key locks).
		var fresh *store.Case
		if c != nil {
			var err error
			if fresh, err = tx.CaseForUpdate(ctx, c.Ref); err != nil {
				return err
			}
		}
		if err := tx.MarkSent(ctx, ob.ID, how, now); err != nil {
			return err
		}
		if c == nil {
			return nil
		}
		if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "sent", Detail: ob.Kind}); err != nil {
			return err
		}
		if w.opts.AfterSent != nil {
			return w.opts.AfterSent(ctx, tx, fresh, ob)
		}
		switch ob.Kind {
		case KindHoldingReply:
			return tx.MarkAcknowledged(ctx, c.ID, now)
		case KindDPOForward:
			return tx.MarkForwarded(ctx, c.ID, now)
		}
		return nil
	})
}

// Kinds of outbound message.
const (
	KindHoldingReply = "holding_reply"
	KindDPOForward   = "dpo_forward"
)
