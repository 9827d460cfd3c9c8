package mailbox

import (
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// Defaults for the deadlines of an IMAP session after login.
const (
	// DefaultCommandTimeout is how long a command may wait for its first
	// byte, or between two bytes, before the connection counts as stalled.
	DefaultCommandTimeout = 30 * time.Second
	// DefaultHeartbeat is how often an idle session proves that the peer
	// is alive (DONE, NOOP, IDLE again): with DefaultCommandTimeout a dead
	// peer is found within a minute.
	DefaultHeartbeat = 25 * time.Second
	// slowLinkBytesPerSecond sizes the deadline of a command that moves a
	// known amount of data: one second per 64 KiB on top of the command
	// timeout.
	slowLinkBytesPerSecond = 64 << 10
)

// StallError reports an IMAP connection that stopped passing bytes without
// being closed (a NAT timeout, a broken middlebox, a hung server). It is
// temporary: the session is closed and a new one opened after a back-off.
type StallError struct {
	Op    string        // "read" or "write"
	After time.Duration // how long nothing moved
	Err   error
}

func (e *StallError) Error() string {
	return fmt.Sprintf("mailbox: imap connection stalled: nothing could %s for %s", e.Op, e.After)
}

func (e *StallError) Unwrap() error { return e.Err }

// Temporary is true: a stall is an outage, never a fault of a message.
func (e *StallError) Temporary() bool { return true }

// deadlineConn is the connection under every IMAP client intake opens
// after login. go-imap sets no read deadline while it waits for the first
// byte of a response, and five minutes for any literal whatever its size
// (imapclient/client.go, fetch.go at v2.0.0-beta.8), so a peer that goes
// silent hangs a command for ever. deadlineConn takes deadlines over and
// ignores the library's:
//
//   - every write gets a deadline of the command timeout plus time for its
//     bytes at a slow link;
//   - a write also arms the read side: from then on every read must bring
//     a byte within the command timeout, and everything must have arrived
//     by the armed budget (the command timeout plus time for the bytes the
//     caller said to expect);
//   - disarm, called by the watcher before it waits in IDLE or between
//     polls, lets the connection be silent (the heartbeat arms it again).
//
// The first deadline that passes is kept as a *StallError.
type deadlineConn struct {
	net.Conn
	timeout time.Duration

	mu     sync.Mutex
	armed  bool
	until  time.Time // by when the outstanding answers must be complete
	expect int64     // bytes the next command is expected to bring
	stall  *StallError
}

func newDeadlineConn(c net.Conn, timeout time.Duration) *deadlineConn {
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	return &deadlineConn{Conn: c, timeout: timeout}
}

// budget is the time for n bytes at a slow link.
func budget(n int64) time.Duration {
	if n <= 0 {
		return 0
	}
	return time.Duration(n) * time.Second / slowLinkBytesPerSecond
}

// expectBytes gives the next command (the next write) time to bring n
// bytes, for a FETCH of messages of a known RFC822.SIZE.
func (d *deadlineConn) expectBytes(n int64) {
	d.mu.Lock()
	d.expect += n
	d.mu.Unlock()
}

// arm starts waiting for an answer: called on every write.
func (d *deadlineConn) arm(now time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	until := now.Add(d.timeout + budget(d.expect))
	d.expect = 0
	if !d.armed || until.After(d.until) {
		d.until = until
	}
	d.armed = true
	d.Conn.SetReadDeadline(earliest(now.Add(d.timeout), d.until))
}

// disarm lets the connection be silent: nothing is outstanding.
func (d *deadlineConn) disarm() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.armed, d.until, d.expect = false, time.Time{}, 0
	d.Conn.SetReadDeadline(time.Time{})
}

func (d *deadlineConn) Read(p []byte) (int, error) {
	d.mu.Lock()
	if d.armed {
		d.Conn.SetReadDeadline(earliest(time.Now().Add(d.timeout), d.until))
	}
	d.mu.Unlock()
	n, err := d.Conn.Read(p)
	if err != nil {
		d.noteStall("read", err)
	}
	return n, err
}

func (d *deadlineConn) Write(p []byte) (int, error) {
	now := time.Now()
	d.arm(now)
	d.Conn.SetWriteDeadline(now.Add(d.timeout + budget(int64(len(p)))))
	n, err := d.Conn.Write(p)
	if err != nil {
		d.noteStall("write", err)
	}
	return n, err
}

// The library's own deadlines are ignored (see deadlineConn).
func (d *deadlineConn) SetDeadline(time.Time) error      { return nil }
func (d *deadlineConn) SetReadDeadline(time.Time) error  { return nil }
func (d *deadlineConn) SetWriteDeadline(time.Time) error { return nil }

func (d *deadlineConn) noteStall(op string, err error) {
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		return
	}
	d.mu.Lock()
	if d.stall == nil {
		d.stall = &StallError{Op: op, After: d.timeout, Err: err}
	}
	d.mu.Unlock()
}

// stalled returns the first stall, or nil.
func (d *deadlineConn) stalled() *StallError {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stall
}

// asStall returns err as the connection's *StallError when the connection
// stalled (go-imap reports it as "in response: ... i/o timeout" or as a
// closed connection), else err.
func (d *deadlineConn) asStall(err error) error {
	if err == nil {
		return nil
	}
	var se *StallError
	if errors.As(err, &se) {
		return err
	}
	if s := d.stalled(); s != nil {
		return &StallError{Op: s.Op, After: s.After, Err: err}
	}
	return err
}

func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
