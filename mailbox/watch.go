package mailbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
)

// Checkpoint is the durable high-water mark of one mailbox: every message
// with a UID up to LastUID under UIDValidity has been processed (or was
// deliberately skipped at first start).
type Checkpoint struct {
	UIDValidity uint32
	LastUID     uint32
}

// Fetched is one message as read from the server.
type Fetched struct {
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	Raw          []byte // the whole message, or its first MaxMessageBytes when Truncated
	Size         int64  // size of the whole message on the server (RFC822.SIZE)
	Truncated    bool
	InternalDate time.Time
	// Backlog marks mail that was already in the mailbox at first start
	// and is deliberately not processed (start = "new", or read mail with
	// start = "unseen"). Raw then holds only the header section. The
	// handler records it so that it is still recognised after a
	// UIDVALIDITY change, answers nothing, and leaves the checkpoint alone
	// (the watcher saves the checkpoint once the whole backlog is recorded,
	// so a crash half-way simply records it again).
	Backlog bool
}

// Handler stores what the watcher fetches. It is implemented over the
// database by the ingest package.
type Handler interface {
	LoadCheckpoint(ctx context.Context, mailbox string) (cp Checkpoint, ok bool, err error)
	// SaveCheckpoint records a checkpoint without processing anything
	// (first start with start=new, or a UIDVALIDITY change baseline).
	SaveCheckpoint(ctx context.Context, mailbox string, cp Checkpoint) error
	// Handle durably processes one message AND advances the checkpoint to
	// (f.UIDValidity, f.UID) in the same transaction. It returns nil when
	// committed or already known (idempotent). An error means: not
	// committed. A *MessageFailure (the message's own fault) is retried a
	// few times and then given up on through FailureHandler; any other
	// error is an outage, retried until it passes.
	Handle(ctx context.Context, f Fetched) error
}

// Start modes: what to do with mail already in the mailbox when there is
// no checkpoint yet.
const (
	StartNew    = "new"    // ignore it; process only what arrives later
	StartUnseen = "unseen" // process the messages without \Seen
	StartAll    = "all"    // process everything
)

// DefaultKeyword marks processed messages that stay in the mailbox.
const DefaultKeyword = "$IntakeProcessed"

// WatcherOptions configures a Watcher.
type WatcherOptions struct {
	Dial    DialOptions
	Mailbox string // default "INBOX"
	// ProcessedMailbox receives processed messages (UID MOVE, created when
	// missing). Empty leaves them in place and adds Keyword instead.
	ProcessedMailbox string
	// Keyword is added to processed messages left in place; default
	// DefaultKeyword. When the server does not accept custom keywords in
	// the mailbox (no `\*` in PERMANENTFLAGS) the watcher adds \Seen
	// instead: it is only a visible hint for people, the checkpoint is what
	// counts.
	Keyword string
	// PollInterval is the longest time between two sync passes, IDLE or
	// not; default one minute.
	PollInterval time.Duration
	// Heartbeat is how often a waiting session proves that the server is
	// still there: in IDLE it ends the IDLE (DONE), sends NOOP and idles
	// again; otherwise it sends NOOP. With Dial.CommandTimeout it bounds
	// how long a silently dead connection can go unnoticed. Default
	// DefaultHeartbeat.
	Heartbeat time.Duration
	// Start is StartNew (default), StartUnseen or StartAll.
	Start string
	// MaxMessageBytes limits how much of a message is fetched; a larger
	// message is handed over with its first MaxMessageBytes and
	// Truncated set. Zero means 25 MiB.
	MaxMessageBytes int64
	// Logger receives mailbox names, UIDs and counts, never addresses or
	// subjects; nil discards.
	Logger *slog.Logger
	// OnSynced is called after every successful sync pass (health checks).
	OnSynced func(time.Time)
	// MinBackoff and MaxBackoff bound the delay before a reconnect or a
	// retry after a failed Handle; defaults one second and five minutes.
	MinBackoff, MaxBackoff time.Duration
}

const (
	defaultPollInterval    = time.Minute
	defaultMaxMessageBytes = 25 << 20
	defaultMinBackoff      = time.Second
	defaultMaxBackoff      = 5 * time.Minute
)

// Watcher keeps one IMAP mailbox processed: it hands every new message to
// a Handler in UID order and marks or moves it once the Handler has
// committed it.
type Watcher struct {
	opts    WatcherOptions
	h       Handler
	group   GroupHandler // h, when it can commit several messages at once
	log     *slog.Logger
	kick    chan struct{}
	backoff backoff
	status  status // outages and message failures, for Status

	// conn is the current session's connection (nil between sessions):
	// quiet disarms its read deadline before the watcher waits or calls
	// the Handler.
	conn *deadlineConn

	// firstStart remembers, for this process, which messages existed when
	// the mailbox was first seen with start=unseen, so that a pass cut
	// short by a Handle error does not treat the remaining old, seen
	// messages as new on the retry.
	firstStart *Checkpoint
}

// NewWatcher fills in defaults; nothing happens until Run.
func NewWatcher(opts WatcherOptions, h Handler) *Watcher {
	if opts.Mailbox == "" {
		opts.Mailbox = "INBOX"
	}
	if opts.Keyword == "" {
		opts.Keyword = DefaultKeyword
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = defaultPollInterval
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = DefaultHeartbeat
	}
	if opts.Start == "" {
		opts.Start = StartNew
	}
	if opts.MaxMessageBytes <= 0 {
		opts.MaxMessageBytes = defaultMaxMessageBytes
	}
	if opts.MinBackoff <= 0 {
		opts.MinBackoff = defaultMinBackoff
	}
	if opts.MaxBackoff < opts.MinBackoff {
		opts.MaxBackoff = max(defaultMaxBackoff, opts.MinBackoff)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{
		opts:    opts,
		log:     logger.With("mailbox", opts.Mailbox),
		kick:    make(chan struct{}, 1),
		backoff: backoff{min: opts.MinBackoff, max: opts.MaxBackoff},
	}
	w.h = quieten(h, w.quiet)
	w.group, _ = h.(GroupHandler)
	return w
}

// Kick asks for a sync pass now. It never blocks; kicks coalesce.
func (w *Watcher) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run watches until ctx is done and then returns nil. Every other failure
// (connection, server, Handler, even a panic) is logged and retried after
// a backoff; only an invalid Start mode is returned at once. A Watcher
// runs one session at a time: do not call Run concurrently.
func (w *Watcher) Run(ctx context.Context) error {
	switch w.opts.Start {
	case StartNew, StartUnseen, StartAll:
	default:
		return fmt.Errorf("mailbox: unknown start mode %q (want new, unseen or all)", w.opts.Start)
	}
	for ctx.Err() == nil {
		err := w.runSessionSafely(ctx)
		if ctx.Err() != nil {
			break
		}
		var routine errRoutineReconnect
		if errors.As(err, &routine) {
			w.log.Info("imap session renewed for a fresh token")
			w.backoff.reset()
			// A short pause keeps a server that rejects every new token
			// from turning this into a tight loop; the next failure that
			// is not routine backs off as usual.
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
			continue
		}
		d := w.backoff.next()
		var stall *StallError
		if errors.As(err, &stall) {
			w.log.Warn("imap connection stalled; reconnecting", "op", stall.Op, "silent_for", stall.After,
				"temporary", stall.Temporary(), "retry_in", d.Round(time.Millisecond))
		} else {
			w.log.Warn("imap session ended; reconnecting", "error", err, "retry_in", d.Round(time.Millisecond))
		}
		if !sleep(ctx, d) {
			break
		}
	}
	return nil
}

// runSessionSafely turns a panic anywhere below into an error, so that one
// bad message or library bug cannot stop the intake.
func (w *Watcher) runSessionSafely(ctx context.Context) (err error) {
	defer func() {
		if x := recover(); x != nil {
			w.log.Error("panic in imap watcher", "panic", fmt.Sprint(x), "stack", string(debug.Stack()))
			err = fmt.Errorf("mailbox: panic: %v", x)
		}
	}()
	return w.runSession(ctx)
}

// handlerError marks a failure of Handler, after which the session stays
// connected and only the pass is retried.
type handlerError struct{ err error }

func (e *handlerError) Error() string { return e.err.Error() }
func (e *handlerError) Unwrap() error { return e.err }

func isHandlerError(err error) bool {
	var he *handlerError
	return errors.As(err, &he)
}

// sleep waits for d or ctx, whichever comes first, and reports whether the
// full time elapsed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// hasFlag compares flags case-insensitively, as IMAP does.
func hasFlag(flags []imap.Flag, f imap.Flag) bool {
	for _, x := range flags {
		if strings.EqualFold(string(x), string(f)) {
			return true
		}
	}
	return false
}
