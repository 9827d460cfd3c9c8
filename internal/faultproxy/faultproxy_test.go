package faultproxy

import (
	"bytes"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// server records what each connection sent and answers every read with
// reply (nothing when empty), like a line-based mail server would.
type server struct {
	ln    net.Listener
	reply []byte

	mu   sync.Mutex
	got  bytes.Buffer
	errs []error
}

func newServer(t *testing.T, reply string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{ln: ln, reply: []byte(reply)}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *server) serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		s.mu.Lock()
		s.got.Write(buf[:n])
		if err != nil && err != io.EOF {
			s.errs = append(s.errs, err)
		}
		s.mu.Unlock()
		if err != nil {
			return
		}
		if len(s.reply) > 0 {
			c.Write(s.reply)
		} else {
			c.Write(buf[:n]) // echo
		}
	}
}

func (s *server) received() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.got.String()
}

func start(t *testing.T, s *server) *Proxy {
	t.Helper()
	p, err := Start(s.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func dial(t *testing.T, p *Proxy) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readWithin reads once with a deadline.
func readWithin(c net.Conn, d time.Duration) (string, error) {
	c.SetReadDeadline(time.Now().Add(d))
	buf := make([]byte, 4096)
	n, err := c.Read(buf)
	return string(buf[:n]), err
}

// readAll reads until the first error, each read within d, and returns
// what came and the error.
func readAll(c net.Conn, d time.Duration) (string, error) {
	var got strings.Builder
	for {
		b, err := readWithin(c, d)
		got.WriteString(b)
		if err != nil {
			return got.String(), err
		}
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

func TestPassesBytesBothWays(t *testing.T) {
	p := start(t, newServer(t, ""))
	c := dial(t, p)
	c.Write([]byte("hello"))
	if got, err := readWithin(c, 5*time.Second); got != "hello" || err != nil {
		t.Fatalf("echo = %q, %v", got, err)
	}
}

func TestStallHoldsBytesWithoutClosingUntilResume(t *testing.T) {
	s := newServer(t, "")
	p := start(t, s)
	c := dial(t, p)
	p.Stall()
	c.Write([]byte("held"))
	if got, err := readWithin(c, 300*time.Millisecond); !isTimeout(err) {
		t.Fatalf("during a stall read %q, %v; want a timeout", got, err)
	}
	if s.received() != "" {
		t.Fatalf("server got %q during the stall", s.received())
	}
	c2 := dial(t, p) // new connections are stalled too
	c2.Write([]byte("second"))
	p.Resume()
	if got, err := readWithin(c, 5*time.Second); got != "held" || err != nil {
		t.Fatalf("after Resume read %q, %v", got, err)
	}
	if got, err := readWithin(c2, 5*time.Second); got != "second" || err != nil {
		t.Fatalf("new connection after Resume read %q, %v", got, err)
	}
}

func TestBlackholeKillsOnlyCurrentConnections(t *testing.T) {
	p := start(t, newServer(t, ""))
	old := dial(t, p)
	old.Write([]byte("a"))
	readWithin(old, 5*time.Second)
	if n := p.Blackhole(); n != 1 {
		t.Fatalf("Blackhole hit %d connections, want 1", n)
	}
	old.Write([]byte("b"))
	if got, err := readWithin(old, 300*time.Millisecond); !isTimeout(err) {
		t.Fatalf("blackholed connection read %q, %v; want silence", got, err)
	}
	fresh := dial(t, p)
	fresh.Write([]byte("c"))
	if got, err := readWithin(fresh, 5*time.Second); got != "c" || err != nil {
		t.Fatalf("new connection read %q, %v", got, err)
	}
}

func TestCutClosesAndResetResets(t *testing.T) {
	p := start(t, newServer(t, ""))
	c := dial(t, p)
	eventually(t, "the connection", func() bool { return p.Conns() == 1 })
	p.Cut()
	if _, err := readWithin(c, 5*time.Second); err != io.EOF {
		t.Fatalf("after Cut read error %v, want EOF", err)
	}
	r := dial(t, p)
	eventually(t, "the connection", func() bool { return p.Conns() == 1 })
	p.Reset()
	if _, err := readWithin(r, 5*time.Second); !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("after Reset read error %v, want ECONNRESET", err)
	}
}

func TestResetAfterBytes(t *testing.T) {
	s := newServer(t, "ok\r\n")
	p := start(t, s)
	p.Arm(Rule{Dir: Upstream, After: 7})
	c := dial(t, p)
	c.Write([]byte("abc"))
	readWithin(c, 5*time.Second)
	c.Write([]byte("defghij"))
	_, err := readAll(c, 5*time.Second)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("read error %v, want ECONNRESET", err)
	}
	eventually(t, "the server to see 7 bytes", func() bool { return s.received() == "abcdefg" })
	// The rule fired once: a new connection passes everything.
	c2 := dial(t, p)
	c2.Write([]byte("0123456789"))
	if got, err := readWithin(c2, 5*time.Second); got != "ok\r\n" || err != nil {
		t.Fatalf("after the rule fired: %q, %v", got, err)
	}
}

func TestResetAfterPatternSplitAcrossWrites(t *testing.T) {
	s := newServer(t, "")
	p := start(t, s)
	fired := make(chan struct{})
	p.Arm(Rule{Dir: Downstream, Pattern: []byte("BODY[] {"), After: 3, Fired: fired})
	c := dial(t, p)
	for _, part := range []string{"* 1 FETCH (BO", "DY[] {1", "0}\r\n0123456789)\r\n"} {
		c.Write([]byte(part))
		time.Sleep(20 * time.Millisecond)
	}
	got, err := readAll(c, 5*time.Second)
	<-fired
	if want := "* 1 FETCH (BODY[] {10}"; got != want {
		t.Errorf("client got %q, want %q", got, want)
	}
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("read error %v, want ECONNRESET", err)
	}
}

// TestAwaitReplyDropsTheAnswer is the SMTP "reset after the final dot":
// the server has the whole message, the client never sees the 250.
func TestAwaitReplyDropsTheAnswer(t *testing.T) {
	s := newServer(t, "250 2.0.0 queued\r\n")
	p := start(t, s)
	p.Arm(Rule{Dir: Upstream, Pattern: []byte("\r\n.\r\n"), AwaitReply: true})
	c := dial(t, p)
	c.Write([]byte("Subject: x\r\n\r\nbody\r\n.\r\n"))
	got, err := readAll(c, 5*time.Second)
	if got != "" || !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("client got %q, %v; want nothing and ECONNRESET", got, err)
	}
	if r := s.received(); r != "Subject: x\r\n\r\nbody\r\n.\r\n" {
		t.Errorf("server got %q, want the whole message", r)
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestBlackholeRuleStallsMidStream(t *testing.T) {
	s := newServer(t, "")
	p := start(t, s)
	p.Arm(Rule{Dir: Downstream, Pattern: []byte("{10}\r\n"), After: 4, Blackhole: true})
	c := dial(t, p)
	c.Write([]byte("* 1 FETCH (BODY[] {10}\r\n0123456789)\r\n"))
	got, err := readAll(c, 300*time.Millisecond)
	if want := "* 1 FETCH (BODY[] {10}\r\n0123"; got != want || !isTimeout(err) {
		t.Errorf("client got %q, %v; want %q then silence", got, err, want)
	}
	if p.Conns() != 1 {
		t.Errorf("%d connections open, want the stalled one kept open", p.Conns())
	}
}

// TestThenNarrowsARuleToOneMessage: the reset after the final dot hits the
// message to b only, even though a's message comes first on the same
// connection and the pattern is split across writes.
func TestThenNarrowsARuleToOneMessage(t *testing.T) {
	s := newServer(t, "250 ok\r\n")
	p := start(t, s)
	p.Arm(Rule{Dir: Upstream, Pattern: []byte("RCPT TO:<b@"), Then: []byte("\r\n.\r\n"), AwaitReply: true})
	c := dial(t, p)
	for _, part := range []string{"RCPT TO:<a@example.org>\r\n", "DATA\r\nfor a\r\n.\r\n"} {
		c.Write([]byte(part))
		if got, err := readWithin(c, 5*time.Second); err != nil || got == "" {
			t.Fatalf("message to a: %q, %v", got, err)
		}
	}
	for _, part := range []string{"RCPT TO:<b@exa", "mple.org>\r\nDATA\r\nfor b\r", "\n.", "\r\n"} {
		c.Write([]byte(part))
		time.Sleep(20 * time.Millisecond)
	}
	_, err := readAll(c, 5*time.Second)
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("after b's final dot: %v, want ECONNRESET", err)
	}
	if want := "DATA\r\nfor b\r\n.\r\n"; !strings.HasSuffix(s.received(), want) {
		t.Errorf("server got %q, want it to end with b's whole message", s.received())
	}
}

func TestThrottleSlowsOneDirection(t *testing.T) {
	p := start(t, newServer(t, ""))
	p.Throttle(Downstream, 2000) // 100 bytes every 50 ms
	c := dial(t, p)
	c.Write(bytes.Repeat([]byte("x"), 1000))
	start := time.Now()
	var got int
	for got < 1000 {
		b, err := readWithin(c, 5*time.Second)
		if err != nil {
			t.Fatalf("after %d bytes: %v", got, err)
		}
		got += len(b)
	}
	// 1000 bytes at 2000 B/s: ten slices, nine pauses between them.
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("1000 bytes at 2000 B/s took %s, want about half a second", d)
	}
}
