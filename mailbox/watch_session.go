package mailbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// runSession is one connection: sync, wait (IDLE or timer), sync again,
// until the connection fails or ctx is done.
func (w *Watcher) runSession(ctx context.Context) (err error) {
	// The handler runs on the client's reader goroutine and must not block
	// or call the client (imapclient.UnilateralDataHandler docs).
	wake := make(chan struct{}, 1)
	copts := &imapclient.Options{UnilateralDataHandler: &imapclient.UnilateralDataHandler{
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		},
	}}
	c, conn, err := dialIMAP(ctx, w.opts.Dial, copts)
	if err != nil {
		return err
	}
	w.conn = conn
	defer func() { w.conn = nil }()
	defer c.Close()
	defer func() {
		err = conn.asStall(err)
		if routineEnd(c, err) {
			err = errRoutineReconnect{err}
		}
	}()
	// Without context support in go-imap, closing the connection is the
	// only way to interrupt a command (go-imap issue #742).
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()

	caps := c.Caps()
	canIdle := caps.Has(imap.CapIdle) || caps.Has(imap.CapIMAP4rev2)
	w.log.Info("imap connected", "idle", canIdle)
	if w.opts.ProcessedMailbox != "" {
		w.ensureMailbox(c, w.opts.ProcessedMailbox)
	}

	for {
		if err := w.syncPass(ctx, c); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !isHandlerError(err) {
				return err
			}
			// The connection is fine; the store is not. Keep the
			// connection and retry the same message later.
			d := w.backoff.next()
			w.log.Warn("handler failed; will retry", "error", err, "retry_in", d.Round(time.Millisecond))
			if err := w.rest(ctx, c, d, nil, nil); err != nil {
				return err
			}
			continue
		}
		w.backoff.reset()
		if w.opts.OnSynced != nil {
			w.opts.OnSynced(time.Now())
		}
		if canIdle {
			err = w.idle(ctx, c, wake)
			var ie *imap.Error
			if errors.As(err, &ie) {
				// Advertised but refused: poll on this connection instead.
				w.log.Warn("server refused IDLE; polling", "error", err)
				canIdle, err = false, nil
			}
		} else {
			err = w.rest(ctx, c, w.opts.PollInterval, wake, w.kick)
		}
		if err != nil {
			return err
		}
	}
}

// quiet disarms the session's read deadline: nothing is outstanding while
// the watcher waits or the Handler works (however long the store takes).
func (w *Watcher) quiet() {
	if w.conn != nil {
		w.conn.disarm()
	}
}

// idle waits in IDLE until new mail, a Kick, the poll interval or the end.
// IDLE is only a wake-up hint: the poll interval bounds how long a silently
// dropped IDLE can hide mail. Every Heartbeat it ends the IDLE, sends NOOP
// and idles again, each under the command deadline, so that a peer that
// died without closing is found within Heartbeat + CommandTimeout (and
// the IDLE is renewed far inside RFC 2177's 29 minutes).
func (w *Watcher) idle(ctx context.Context, c *imapclient.Client, wake <-chan struct{}) error {
	end := time.Now().Add(w.opts.PollInterval)
	for {
		cmd, err := c.Idle()
		if err != nil {
			return fmt.Errorf("mailbox: idle: %w", err)
		}
		w.quiet()
		woken, waitErr := waitFor(ctx, c, min(w.opts.Heartbeat, time.Until(end)), wake, w.kick)
		if err := cmd.Close(); err != nil && waitErr == nil {
			return fmt.Errorf("mailbox: idle done: %w", err)
		}
		if err := cmd.Wait(); err != nil && waitErr == nil {
			return fmt.Errorf("mailbox: idle: %w", err)
		}
		if waitErr != nil || woken || !time.Now().Before(end) {
			return waitErr
		}
		if err := c.Noop().Wait(); err != nil {
			return fmt.Errorf("mailbox: heartbeat: %w", err)
		}
	}
}

// rest waits without IDLE for d, or until woken, sending NOOP every
// Heartbeat so that a dead connection is noticed while waiting.
func (w *Watcher) rest(ctx context.Context, c *imapclient.Client, d time.Duration, wake, kick <-chan struct{}) error {
	end := time.Now().Add(d)
	for {
		w.quiet()
		woken, err := waitFor(ctx, c, min(w.opts.Heartbeat, time.Until(end)), wake, kick)
		if err != nil || woken || !time.Now().Before(end) {
			return err
		}
		if err := c.Noop().Wait(); err != nil {
			return fmt.Errorf("mailbox: heartbeat: %w", err)
		}
	}
}

var errConnClosed = errors.New("mailbox: imap connection closed")

// waitFor waits for d and reports whether it was woken (or kicked) before;
// it returns an error when ctx is done or the connection closed.
func waitFor(ctx context.Context, c *imapclient.Client, d time.Duration, wake, kick <-chan struct{}) (woken bool, err error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return false, nil
	case <-wake:
	case <-kick:
	case <-ctx.Done():
		return false, ctx.Err()
	case <-c.Closed():
		return false, errConnClosed
	}
	return true, nil
}

// quietHandler disarms the connection's read deadline before every call
// into the Handler, so that a slow store is not taken for a stalled
// server. Methods added to Handler must be added here too.
type quietHandler struct {
	Handler
	quiet func()
}

func (q quietHandler) LoadCheckpoint(ctx context.Context, mailbox string) (Checkpoint, bool, error) {
	q.quiet()
	return q.Handler.LoadCheckpoint(ctx, mailbox)
}

func (q quietHandler) SaveCheckpoint(ctx context.Context, mailbox string, cp Checkpoint) error {
	q.quiet()
	return q.Handler.SaveCheckpoint(ctx, mailbox, cp)
}

func (q quietHandler) Handle(ctx context.Context, f Fetched) error {
	q.quiet()
	return q.Handler.Handle(ctx, f)
}

// quietFailureHandler is quietHandler for a Handler that also counts
// message failures (FailureHandler): the wrapper must not hide Failed.
type quietFailureHandler struct {
	quietHandler
	fh FailureHandler
}

func (q quietFailureHandler) Failed(ctx context.Context, f Fetched, mf *MessageFailure) (bool, error) {
	q.quiet()
	return q.fh.Failed(ctx, f, mf)
}

// quieten wraps h so that every call into it disarms the read deadline,
// keeping every optional interface h implements.
func quieten(h Handler, quiet func()) Handler {
	q := quietHandler{Handler: h, quiet: quiet}
	if fh, ok := h.(FailureHandler); ok {
		return quietFailureHandler{quietHandler: q, fh: fh}
	}
	return q
}

// ensureMailbox creates a mailbox unless it exists. Failure is only
// logged: moving will then fail and be logged too, and nothing is lost.
func (w *Watcher) ensureMailbox(c *imapclient.Client, name string) {
	err := c.Create(name, nil).Wait()
	var ie *imap.Error
	if err == nil || (errors.As(err, &ie) && ie.Code == imap.ResponseCodeAlreadyExists) {
		return
	}
	// Servers without the ALREADYEXISTS code answer a plain NO.
	if _, serr := c.Status(name, &imap.StatusOptions{NumMessages: true}).Wait(); serr == nil {
		return
	}
	w.log.Warn("cannot create processed mailbox", "processed_mailbox", name, "error", err)
}

// errRoutineReconnect marks a session that ended for an expected reason
// (an OAuth2 token about to expire): the watcher reconnects at once and
// logs it at info level.
type errRoutineReconnect struct{ err error }

func (e errRoutineReconnect) Error() string {
	if e.err == nil {
		return "mailbox: reconnecting with a fresh token"
	}
	return "mailbox: reconnecting with a fresh token: " + e.err.Error()
}

func (e errRoutineReconnect) Unwrap() error { return e.err }
