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
	c, err := dialIMAP(ctx, w.opts.Dial, copts)
	if err != nil {
		return err
	}
	defer c.Close()
	defer func() {
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
			if err := waitFor(ctx, c, d, nil, nil); err != nil {
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
			err = waitFor(ctx, c, w.opts.PollInterval, wake, w.kick)
		}
		if err != nil {
			return err
		}
	}
}

// idle waits in IDLE until new mail, a Kick, the poll interval or the end.
// IDLE is only a wake-up hint: the poll interval bounds how long a silently
// dropped IDLE can hide mail.
func (w *Watcher) idle(ctx context.Context, c *imapclient.Client, wake <-chan struct{}) error {
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("mailbox: idle: %w", err)
	}
	waitErr := waitFor(ctx, c, w.opts.PollInterval, wake, w.kick)
	if err := cmd.Close(); err != nil && waitErr == nil {
		return fmt.Errorf("mailbox: idle done: %w", err)
	}
	if err := cmd.Wait(); err != nil && waitErr == nil {
		return fmt.Errorf("mailbox: idle: %w", err)
	}
	return waitErr
}

var errConnClosed = errors.New("mailbox: imap connection closed")

// waitFor returns nil after d or when woken, and an error when ctx is done
// or the connection closed.
func waitFor(ctx context.Context, c *imapclient.Client, d time.Duration, wake, kick <-chan struct{}) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-wake:
	case <-kick:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.Closed():
		return errConnClosed
	}
	return nil
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
