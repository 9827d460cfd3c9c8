package mailbox

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"
)

// MessageFailure is a failure that belongs to one message rather than to
// the world around it: the message cannot be parsed, rendered, addressed,
// classified or stored, it is too big, or handling it panicked. Retrying
// it later will most likely fail again, and it must never hold up the
// messages behind it. A Handler returns it (wrapped or not); the watcher
// wraps a panic in Handle in it. Any other error from a Handler is taken
// for an outage (the database is down, full or locked): it is retried
// without giving up on anything.
type MessageFailure struct {
	// Reason says in plain words what went wrong, for the person who gets
	// the message; it holds no personal data.
	Reason string
	Err    error
}

func (e *MessageFailure) Error() string {
	if e.Err == nil {
		return "mailbox: message failed: " + e.Reason
	}
	return "mailbox: message failed: " + e.Reason + ": " + e.Err.Error()
}

func (e *MessageFailure) Unwrap() error { return e.Err }

// FailureHandler is a Handler that keeps a durable count of message
// failures. Without it a MessageFailure is retried like an outage.
type FailureHandler interface {
	// Failed records that handling f failed because of mf. It returns done
	// when the handler has given up on the message: it is then with a
	// person (the raw message kept, with the reason) and the checkpoint
	// has moved past it in the same transaction, so the watcher goes on
	// with the next UID. Otherwise the watcher tries the message again
	// shortly. An error is an outage: nothing was recorded.
	Failed(ctx context.Context, f Fetched, mf *MessageFailure) (done bool, err error)
}

// messageRetryPause is the wait before a failed message is tried again
// (MinBackoff when shorter): a message failure is not a server under load,
// and the messages behind it are waiting.
const messageRetryPause = 250 * time.Millisecond

// maxTriesInProcess bounds how often one message is tried in one pass when
// the FailureHandler never gives up; the pass then ends as after an outage.
const maxTriesInProcess = 10

// Status is what the watcher tells health checks and alarms.
type Status struct {
	// OutageSince is when the handler (the database) started failing in a
	// way that is not the message's fault; zero while it works.
	OutageSince time.Time
	// Outage is the last such error (no personal data: store errors name
	// the statement, not the values).
	Outage string
	// MessageFailures counts failed attempts at single messages and GivenUp
	// the messages handed to a person, since the process started.
	MessageFailures, GivenUp int
}

// status is the Watcher's Status under a lock.
type status struct {
	mu sync.Mutex
	s  Status
}

// Status returns a snapshot of the watcher's health.
func (w *Watcher) Status() Status {
	w.status.mu.Lock()
	defer w.status.mu.Unlock()
	return w.status.s
}

// outage records a handler failure that is not a message's and returns it
// as a handlerError: the session stays connected and the pass is retried
// after a backoff, with the checkpoint where it was.
func (w *Watcher) outage(err error) error {
	w.status.mu.Lock()
	if w.status.s.OutageSince.IsZero() {
		w.status.s.OutageSince = time.Now()
	}
	w.status.s.Outage = err.Error()
	w.status.mu.Unlock()
	return &handlerError{err}
}

// handlerWorks clears the outage once the handler answers again.
func (w *Watcher) handlerWorks() {
	w.status.mu.Lock()
	defer w.status.mu.Unlock()
	if !w.status.s.OutageSince.IsZero() {
		w.log.Info("handler works again", "down_for", time.Since(w.status.s.OutageSince).Round(time.Second))
	}
	w.status.s.OutageSince, w.status.s.Outage = time.Time{}, ""
}

// handle hands one message to the Handler until it is done: committed, or
// given up on by the Handler after message failures. It returns an error
// (a handlerError, or ctx's) only for an outage, after which the same
// message is tried again by the next pass.
func (w *Watcher) handle(ctx context.Context, f *Fetched) error {
	fh, counts := w.h.(FailureHandler)
	for try := 1; ; try++ {
		err := w.handleSafely(ctx, *f)
		if err == nil {
			w.handlerWorks()
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var mf *MessageFailure
		if !errors.As(err, &mf) || !counts || try >= maxTriesInProcess {
			return w.outage(fmt.Errorf("mailbox: handle uid %d: %w", f.UID, err))
		}
		w.status.mu.Lock()
		w.status.s.MessageFailures++
		w.status.mu.Unlock()
		done, ferr := fh.Failed(ctx, *f, mf)
		if ferr != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return w.outage(fmt.Errorf("mailbox: record failure of uid %d: %w", f.UID, ferr))
		}
		w.handlerWorks()
		if done {
			w.status.mu.Lock()
			w.status.s.GivenUp++
			w.status.mu.Unlock()
			w.log.Warn("message given to a person after failures", "uid", f.UID, "tries", try)
			return nil
		}
		w.log.Warn("message failed; trying it again", "uid", f.UID, "try", try)
		if !sleep(ctx, min(w.opts.MinBackoff, messageRetryPause)) {
			return ctx.Err()
		}
	}
}

// handleSafely calls Handle and turns a panic into that message's failure.
func (w *Watcher) handleSafely(ctx context.Context, f Fetched) (err error) {
	defer func() {
		if x := recover(); x != nil {
			// The stack names code, not data; the panic value may quote
			// the message, so it goes to the person, not the log.
			w.log.Error("panic while handling a message", "uid", f.UID, "stack", string(debug.Stack()))
			err = &MessageFailure{Reason: "intake failed while handling it (panic)", Err: fmt.Errorf("panic: %v", x)}
		}
	}()
	return w.h.Handle(ctx, f)
}
