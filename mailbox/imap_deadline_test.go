package mailbox

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/devmail"
	"example.org/intake/internal/faultproxy"
)

// pipe returns a deadlineConn over one end of a loopback TCP connection
// and the other end.
func pipe(t *testing.T, timeout time.Duration) (*deadlineConn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	peer := <-accepted
	t.Cleanup(func() { c.Close(); peer.Close() })
	return newDeadlineConn(c, timeout), peer
}

func TestDeadlineConn(t *testing.T) {
	const timeout = 200 * time.Millisecond
	t.Run("silent while disarmed", func(t *testing.T) {
		d, peer := pipe(t, timeout)
		d.SetReadDeadline(time.Now().Add(time.Millisecond)) // the library's own: ignored
		go func() { time.Sleep(3 * timeout); peer.Write([]byte("x")) }()
		buf := make([]byte, 1)
		if _, err := d.Read(buf); err != nil || d.stalled() != nil {
			t.Fatalf("Read while disarmed = %v (stall %v); want the late byte", err, d.stalled())
		}
	})
	t.Run("a write arms the read side", func(t *testing.T) {
		d, _ := pipe(t, timeout)
		d.Write([]byte("a1 NOOP\r\n"))
		_, err := d.Read(make([]byte, 1))
		var se *StallError
		if !errors.As(d.asStall(err), &se) || se.Op != "read" || !se.Temporary() {
			t.Fatalf("Read with no answer = %v; want a temporary read *StallError", err)
		}
	})
	t.Run("bytes that keep coming are not a stall, within the budget", func(t *testing.T) {
		// A longer command timeout than the other cases, and a byte every
		// quarter of it: a loaded CI machine may wake the writer late, and
		// the case is about the budget, not about how soon a byte comes.
		const timeout = time.Second
		d, peer := pipe(t, timeout)
		d.expectBytes(8 * 64 << 10) // eight more seconds
		d.Write([]byte("a1 FETCH\r\n"))
		go func() {
			for range 8 { // 8 × 250ms: past the command timeout, inside the budget
				time.Sleep(timeout / 4)
				peer.Write([]byte("y"))
			}
		}()
		buf := make([]byte, 1)
		for i := range 8 {
			if _, err := d.Read(buf); err != nil {
				t.Fatalf("read %d: %v", i, err)
			}
		}
	})
	t.Run("a slow drip past the budget is a stall", func(t *testing.T) {
		d, peer := pipe(t, timeout)
		d.Write([]byte("a1 NOOP\r\n")) // budget: the command timeout only
		stop := make(chan struct{})
		defer close(stop)
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(timeout / 4):
					peer.Write([]byte("z"))
				}
			}
		}()
		buf := make([]byte, 1)
		start := time.Now()
		var err error
		for err == nil && time.Since(start) < 20*timeout {
			_, err = d.Read(buf)
		}
		if d.stalled() == nil {
			t.Fatalf("a drip-fed answer ran for %s without a stall (err %v)", time.Since(start), err)
		}
	})
	t.Run("disarm ends the wait", func(t *testing.T) {
		d, peer := pipe(t, timeout)
		d.Write([]byte("a1 IDLE\r\n"))
		d.disarm()
		go func() { time.Sleep(3 * timeout); peer.Write([]byte("x")) }()
		if _, err := d.Read(make([]byte, 1)); err != nil {
			t.Fatalf("Read after disarm = %v", err)
		}
	})
}

// budget is one second per 64 KiB.
func TestBudget(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		want time.Duration
	}{{0, 0}, {-1, 0}, {64 << 10, time.Second}, {25 << 20, 400 * time.Second}} {
		if got := budget(tt.n); got != tt.want {
			t.Errorf("budget(%d) = %s, want %s", tt.n, got, tt.want)
		}
	}
}

// logRecorder keeps log messages and their attributes.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *logRecorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *logRecorder) Handle(_ context.Context, rec slog.Record) error {
	var b strings.Builder
	b.WriteString(rec.Message)
	rec.Attrs(func(a slog.Attr) bool { b.WriteString(" " + a.String()); return true })
	r.mu.Lock()
	r.lines = append(r.lines, b.String())
	r.mu.Unlock()
	return nil
}
func (r *logRecorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *logRecorder) WithGroup(string) slog.Handler      { return r }

func (r *logRecorder) has(s string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, l := range r.lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func (r *logRecorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

// proxiedWatcher runs a watcher reaching s through a fault proxy, with
// short deadlines.
func proxiedWatcher(t *testing.T, s *devmail.Server, h Handler, tweak ...func(*WatcherOptions)) (*faultproxy.Proxy, *logRecorder, *syncCounter) {
	t.Helper()
	p, err := faultproxy.Start(s.IMAPAddr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	opts, synced := watcherOpts(t, s, StartNew)
	opts.Dial.Address = p.Addr
	opts.Dial.CommandTimeout = 300 * time.Millisecond
	opts.Heartbeat = 200 * time.Millisecond
	rec := &logRecorder{}
	opts.Logger = slog.New(rec)
	for _, f := range tweak {
		f(&opts)
	}
	runWatcher(t, NewWatcher(opts, h))
	eventually(t, "first pass", func() bool { return synced.get() >= 1 })
	return p, rec, synced
}

// TestWatcherFindsADeadConnectionWhileIdle: a connection that passes
// nothing any more but is not closed is found by the heartbeat, logged as
// a stall, and replaced; mail that arrived meanwhile is handled.
func TestWatcherFindsADeadConnectionWhileIdle(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	h := newMemHandler()
	p, rec, _ := proxiedWatcher(t, s, h)
	if n := p.Blackhole(); n != 1 {
		t.Fatalf("blackholed %d connections, want the watcher's one", n)
	}
	deliver(t, s, "while-dead")
	eventually(t, "the message handled over a new connection", func() bool { return len(h.handledIDs()) == 1 })
	if !rec.has("imap connection stalled; reconnecting") || !rec.has("temporary=true") {
		t.Errorf("no stall logged:\n%s", rec.all())
	}
	if strings.Contains(rec.all(), "ada@example.org") || strings.Contains(rec.all(), "request while-dead") {
		t.Errorf("the log names an address or a subject:\n%s", rec.all())
	}
}

// TestWatcherSurvivesAStallInTheMiddleOfAFetch: the literal stops half-way;
// the fetch gives up, the session reconnects and the message is handled
// once, whole.
func TestWatcherSurvivesAStallInTheMiddleOfAFetch(t *testing.T) {
	for _, tt := range []struct {
		name string
		rule faultproxy.Rule
		want string
	}{
		{"stall", faultproxy.Rule{Dir: faultproxy.Downstream, Pattern: []byte("BODY[] {"), After: 4 << 10, Blackhole: true}, "imap connection stalled"},
		{"reset", faultproxy.Rule{Dir: faultproxy.Downstream, Pattern: []byte("BODY[] {"), After: 4 << 10}, "imap session ended"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startDevmail(t, devmail.Options{})
			h := newMemHandler()
			p, rec, _ := proxiedWatcher(t, s, h)
			fired := make(chan struct{})
			tt.rule.Fired = fired
			p.Arm(tt.rule)
			big := append(letter("big"), bytes.Repeat([]byte("0123456789abcdef\r\n"), 16<<10)...)
			if err := s.Deliver(testUser, big); err != nil {
				t.Fatal(err)
			}
			eventually(t, "the big message handled", func() bool { return len(h.handledIDs()) == 1 })
			<-fired
			if _, seen := h.snapshot(); seen["big"] != 1 {
				t.Errorf("big handled %d times, want once", seen["big"])
			}
			h.mu.Lock()
			got := h.handled[0]
			h.mu.Unlock()
			if !bytes.Equal(got.Raw, big) || got.Truncated {
				t.Errorf("handled %d bytes (truncated %v), want the whole %d", len(got.Raw), got.Truncated, len(big))
			}
			if !rec.has(tt.want) {
				t.Errorf("log lacks %q:\n%s", tt.want, rec.all())
			}
		})
	}
}

// TestSentFolderGivesUpOnAStalledServer: APPEND to a server that went
// silent fails within the command timeout with a temporary *StallError.
func TestSentFolderGivesUpOnAStalledServer(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	p, err := faultproxy.Start(s.IMAPAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	opts := imapOpts(s)
	opts.Address = p.Addr
	opts.CommandTimeout = 300 * time.Millisecond
	p.Arm(faultproxy.Rule{Dir: faultproxy.Upstream, Pattern: []byte("APPEND"), Blackhole: true})
	err = NewSentFolder(opts, "Sent").Append(context.Background(), []byte(outgoing))
	var se *StallError
	if !errors.As(err, &se) || !se.Temporary() {
		t.Fatalf("Append through a stalled connection = %v; want a temporary *StallError", err)
	}
	// Contains works again once the server answers.
	if _, err := NewSentFolder(opts, "Sent").Contains(context.Background(), "x@provider.example"); err != nil {
		t.Fatalf("Contains after the stall = %v", err)
	}
}

// TestDeadlinesLeaveAHealthySessionAlone: heartbeats far more often than
// the command timeout, and a Handler slower than it, cost no reconnect.
func TestDeadlinesLeaveAHealthySessionAlone(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	h := newMemHandler()
	h.fail = func(string, int) error { time.Sleep(time.Second); return nil } // > CommandTimeout
	p, rec, _ := proxiedWatcher(t, s, h)
	deliver(t, s, "slow1", "slow2")
	eventually(t, "both handled", func() bool { return len(h.handledIDs()) == 2 })
	time.Sleep(time.Second) // five heartbeats while idle
	deliver(t, s, "after")
	eventually(t, "the next one handled", func() bool { return len(h.handledIDs()) == 3 })
	if rec.has("reconnecting") || rec.has("stalled") {
		t.Errorf("a healthy session was taken for a stalled one:\n%s", rec.all())
	}
	if n := p.Conns(); n != 1 {
		t.Errorf("%d connections through the proxy, want the one session", n)
	}
}

// TestWatcherFindsADeadConnectionDuringAnOutage: while the store is down
// the watcher waits between retries on an open connection; the heartbeat
// finds that connection dead during the wait (20 s here, far longer than
// the test waits), not only when the next retry sends a command.
func TestWatcherFindsADeadConnectionDuringAnOutage(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	h := newMemHandler()
	h.fail = func(string, int) error { return errors.New("database unavailable") }
	p, rec, _ := proxiedWatcher(t, s, h, func(o *WatcherOptions) { o.MinBackoff, o.MaxBackoff = 20*time.Second, 20*time.Second })
	deliver(t, s, "during-outage")
	eventually(t, "the first failed try", func() bool { calls, _ := h.snapshot(); return len(calls) >= 1 })
	p.Blackhole()
	eventually(t, "the dead connection found while waiting out the outage", func() bool {
		return rec.has("imap connection stalled")
	})
}

// TestWatcherGivesABigFetchTimeAtASlowLink: a message that takes several
// command timeouts to arrive, bytes flowing all the while, is fetched
// whole: its FETCH has time for its RFC822.SIZE.
func TestWatcherGivesABigFetchTimeAtASlowLink(t *testing.T) {
	s := startDevmail(t, devmail.Options{})
	h := newMemHandler()
	p, rec, _ := proxiedWatcher(t, s, h)
	big := append(letter("slow-link"), bytes.Repeat([]byte("0123456789abcdef\r\n"), 12<<10)...) // ~216 KiB
	p.Throttle(faultproxy.Downstream, 128<<10)                                                  // ~1.7 s, over five command timeouts
	if err := s.Deliver(testUser, big); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the big message handled", func() bool { return len(h.handledIDs()) == 1 })
	h.mu.Lock()
	got := h.handled[0]
	h.mu.Unlock()
	if !bytes.Equal(got.Raw, big) {
		t.Errorf("handled %d bytes, want the whole %d", len(got.Raw), len(big))
	}
	if rec.has("reconnecting") {
		t.Errorf("a slow but moving FETCH was taken for a stall:\n%s", rec.all())
	}
}
