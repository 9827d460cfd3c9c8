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
//
// Temporary failures are retried on a schedule made for mail (retry.go)
// within a time budget; the Sweeper sends waiting letters as soon as mail
// flows again and gives every unsent message a live job.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/riverqueue/river"

	"example.org/intake/internal/mailaddr"
	"example.org/intake/store"
)

// SendArgs is the job that sends one stored outbound message.
type SendArgs struct {
	OutboundID int64 `json:"outbound_id"`
	// Priority orders a backlog (PriorityOf the message's kind). It is
	// given at insert only and never stored in the arguments.
	Priority int `json:"-"`
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
	// IsThrottled tells a refusal for sending too fast (mailbox.IsThrottled);
	// nil counts none as such.
	IsThrottled func(error) bool
	// ThrottlePause is how long the whole sender holds off after a
	// throttling reply (zero means DefaultThrottlePause).
	ThrottlePause time.Duration
	// Limits are the provider's sending limits; the worker paces every
	// send to them (Pacer). Zero limits pace nothing until the provider
	// throttles.
	Limits Limits
	// AfterSent records on the case that one of its messages has gone out
	// and moves the case on, in the transaction that marks it sent
	// (casework.Service.AfterSent). Nil records the event and marks
	// holding replies and forwards only (tests of the outbox by itself).
	AfterSent func(ctx context.Context, tx *store.Tx, c *store.Case, ob *store.Outbound) error
	// GaveUp flags the case of a message given up on, with reason, in the
	// transaction that marks the message failed (casework.Service.GaveUp:
	// the case keeps its other flags). Nil sets the case's reason to this
	// one alone (tests of the outbox by itself).
	GaveUp func(ctx context.Context, tx *store.Tx, c *store.Case, ob *store.Outbound, reason string, cause error) error
	Logger *slog.Logger
	Now    func() time.Time
	// Expand, when set, returns the bytes to send for ob: a message may
	// leave out a large part that is stored elsewhere (the DPO forward's
	// original, responder.ExpandOriginal), put in only now.
	Expand func(ctx context.Context, ob *store.Outbound) ([]byte, error)
	// RetryBudget is how long after it was queued a message that keeps
	// failing for the time being is given up (smtp.retry_budget; zero means
	// DefaultRetryBudget).
	RetryBudget time.Duration
	// RetrySchedule replaces DefaultRetrySchedule (tests).
	RetrySchedule []time.Duration
	// Alert tells staff that a message was given up (the watchdog's alarm
	// mail). Its text has case references and counts, never addresses.
	Alert func(ctx context.Context, subject, body string) error
}

// Worker is the River worker for SendArgs.
type Worker struct {
	river.WorkerDefaults[SendArgs]
	opts Options
	// failing is set by a temporary failure and cleared by the next
	// success, which then wakes the letters waiting out their back-off.
	failing atomic.Bool
	flows   chan struct{}
	pacer   *Pacer
}

// DefaultThrottlePause is how long sending stops after the server says
// intake sends too fast: a minute, the window of Microsoft 365's
// per-minute limit.
const DefaultThrottlePause = time.Minute

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
	if opts.RetryBudget <= 0 {
		opts.RetryBudget = DefaultRetryBudget
	}
	if opts.IsThrottled == nil {
		opts.IsThrottled = func(error) bool { return false }
	}
	if opts.ThrottlePause <= 0 {
		opts.ThrottlePause = DefaultThrottlePause
	}
	return &Worker{opts: opts, flows: make(chan struct{}, 1), pacer: newPacer(opts.Store, opts.Limits, opts.ThrottlePause, opts.Now)}
}

// Pacer is what paces this worker's sends (for the rate the dashboard and
// /metrics show).
func (w *Worker) Pacer() *Pacer { return w.pacer }

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
	c, err := w.caseOf(ctx, ob)
	if err != nil {
		return err
	}
	log := w.opts.Logger.With("message", ob.Kind, "outbound", ob.ID)
	if c != nil {
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
				return w.retryLater(ctx, job, c, ob, fmt.Errorf("outbox: check sent folder: %w", err), log)
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
	var raw []byte
	for {
		// Wait for this letter's turn under the provider's limits, the
		// most urgent first; a turn far off snoozes the job without
		// counting an attempt.
		wait, err := w.pacer.Wait(ctx, job.Priority, len(rcpts))
		if err != nil {
			return err
		}
		if wait > 0 {
			return river.JobSnooze(wait)
		}
		if raw == nil {
			raw = ob.Raw
			if w.opts.Expand != nil {
				if raw, err = w.opts.Expand(ctx, ob); err != nil {
					return fmt.Errorf("outbox: message %d: %w", ob.ID, err)
				}
			}
		}
		again, err := w.attempt(ctx, job, c, ob, rcpts, raw, log)
		if err != nil || !again {
			return err
		}
	}
}

// attempt sends ob once and records what happened. After a success it
// returns false and nil; again is true when the server throttled and the
// letter certainly did not go: it then waits for its turn once more in
// the same job, keeping its place among the waiting letters.
func (w *Worker) attempt(ctx context.Context, job *river.Job[SendArgs], c *store.Case, ob *store.Outbound, rcpts []string, raw []byte, log *slog.Logger) (again bool, err error) {
	st := w.opts.Store
	if err := st.MarkSending(ctx, ob.ID, w.opts.Now()); err != nil {
		return false, err
	}
	sendErr := w.opts.Transport.Send(ctx, ob.EnvelopeFrom, rcpts, raw)
	if sendErr != nil {
		if w.opts.IsTemporary(sendErr) {
			log.Warn("send failed; will retry", "attempt", job.Attempt, "error", sendErr)
			notSent := certainlyNotSent(sendErr)
			err := st.WithTx(ctx, func(tx *store.Tx) error {
				if notSent {
					return tx.MarkNotSent(ctx, ob.ID, sendErr.Error())
				}
				// It may have gone (no reply after the final dot, or a
				// failure we cannot place): it stays "sending", and the
				// next attempt looks in Sent first.
				return tx.MarkSendError(ctx, ob.ID, sendErr.Error(), false)
			})
			if err != nil {
				return false, err
			}
			if w.opts.IsThrottled(sendErr) && w.opts.Now().Sub(ob.CreatedAt) < w.opts.RetryBudget {
				// Sending too fast is not a failure of this message: the
				// sender pauses and slows down, and the message waits its
				// turn with its attempt not counted (the budget still
				// bounds the wait).
				if err := w.pacer.Throttled(ctx); err != nil {
					return false, err
				}
				log.Info("the server asked us to send more slowly; pausing and lowering the rate")
				if notSent {
					return true, nil
				}
				return false, river.JobSnooze(0)
			}
			return false, w.retryLater(ctx, job, c, ob, sendErr, log)
		}
		log.Warn("send refused for good", "attempt", job.Attempt, "error", sendErr)
		reason := "a message could not be delivered: " + ob.Kind
		var uncarryable *mailaddr.Error
		if errors.As(sendErr, &uncarryable) {
			reason += " (" + uncarryable.Reason + ")"
		}
		if err := w.fail(ctx, c, ob, reason, sendErr); err != nil {
			return false, err
		}
		return false, river.JobCancel(sendErr)
	}
	return false, w.sent(ctx, c, ob, raw, log)
}

// sent records a letter the server took and files its copy.
func (w *Worker) sent(ctx context.Context, c *store.Case, ob *store.Outbound, raw []byte, log *slog.Logger) error {
	if w.failing.Swap(false) {
		// Mail flows again: the letters waiting out their back-off need
		// not wait for it (Sweeper).
		select {
		case w.flows <- struct{}{}:
		default:
		}
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

// certainlyNotSent reports whether err says the message did not reach the
// server: a reply was read before or after the final dot, or the
// connection ended before it (mailbox.SendError.MayHaveBeenSent is false).
// Any error that cannot say so counts as possibly sent.
func certainlyNotSent(err error) bool {
	var amb interface{ MayHaveBeenSent() bool }
	return errors.As(err, &amb) && !amb.MayHaveBeenSent()
}

// caseOf returns ob's case; mail about no single case (digests, alarms)
// has none, and gets nil.
func (w *Worker) caseOf(ctx context.Context, ob *store.Outbound) (*store.Case, error) {
	if !ob.CaseID.Valid {
		return nil, nil
	}
	return w.opts.Store.CaseByID(ctx, ob.CaseID.Int64)
}

// retryLater returns err for River to retry the job on the mail schedule,
// unless the message has been waiting for longer than the budget (or,
// which the budget's bound makes unreachable, River's attempts are used
// up): it is then given up, its case flagged and staff told.
func (w *Worker) retryLater(ctx context.Context, job *river.Job[SendArgs], c *store.Case, ob *store.Outbound, err error, log *slog.Logger) error {
	w.failing.Store(true)
	waited := w.opts.Now().Sub(ob.CreatedAt)
	if waited < w.opts.RetryBudget && (job.MaxAttempts == 0 || job.Attempt < job.MaxAttempts) {
		return err
	}
	log.Error("giving up on a message after the retry budget", "attempts", job.Attempt, "waited", waited.Round(time.Second).String())
	if ferr := w.giveUp(ctx, c, ob, job.Attempt, err); ferr != nil {
		return ferr
	}
	return river.JobCancel(err)
}

// giveUp records that a message could not be sent within the budget: the
// row is failed, the case flagged for a person with the reason, and staff
// are told. last is the latest error (addresses are never in it).
func (w *Worker) giveUp(ctx context.Context, c *store.Case, ob *store.Outbound, attempts int, last error) error {
	reason := fmt.Sprintf("a message could not be sent within %s: %s", w.opts.RetryBudget, ob.Kind)
	if err := w.fail(ctx, c, ob, reason, last); err != nil {
		return err
	}
	if w.opts.Alert == nil {
		return nil
	}
	ref := "no single case"
	if c != nil {
		ref = "case " + c.Ref
	}
	body := fmt.Sprintf("intake gave up sending a %s (%s) after trying for %s, %d attempts.\n"+
		"Last error: %v\n\nThe case is flagged for a person: the requester or the DPO has not had this message. "+
		"Send it by other means, or fix the cause and use the case page.", ob.Kind, ref, w.opts.RetryBudget, attempts, last)
	if err := w.opts.Alert(ctx, "intake could not send a "+ob.Kind+" ("+ref+")", body); err != nil {
		// The case is flagged either way; the dashboard shows it.
		w.opts.Logger.Error("could not tell staff about a message given up", "outbound", ob.ID, "error", err)
	}
	return nil
}

// fail marks ob failed for good and flags its case with reason, in one
// transaction.
func (w *Worker) fail(ctx context.Context, c *store.Case, ob *store.Outbound, reason string, cause error) error {
	now := w.opts.Now()
	return w.opts.Store.WithTx(ctx, func(tx *store.Tx) error {
		// As in finish: the case is locked before the message that
		// refers to it is touched.
		var fresh *store.Case
		if c != nil && w.opts.GaveUp != nil {
			var err error
			if fresh, err = tx.CaseForUpdate(ctx, c.Ref); err != nil {
				return err
			}
		}
		if err := tx.MarkSendError(ctx, ob.ID, cause.Error(), true); err != nil {
			return err
		}
		if c == nil {
			return nil
		}
		if fresh != nil {
			return w.opts.GaveUp(ctx, tx, fresh, ob, reason, cause)
		}
		if err := tx.FlagForPerson(ctx, c.ID, reason, now); err != nil {
			return err
		}
		return tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "send_failed", Detail: ob.Kind + ": " + cause.Error()})
	})
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
		if w.opts.AfterSent != nil {
			return w.opts.AfterSent(ctx, tx, fresh, ob)
		}
		if err := tx.AddEvent(ctx, store.Event{CaseID: c.ID, At: now, Kind: "sent", Detail: ob.Kind}); err != nil {
			return err
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
