// Package faultproxy owns a loopback TCP proxy for fault tests: it passes
// bytes between a client and a real server and, on command, stops passing
// them without closing (a stall, a silently dead connection), closes (a
// cut), or resets with a TCP RST, at once or once a number of bytes or a
// pattern has gone by (the SMTP final dot, the middle of a FETCH literal).
// It is for tests only; nothing in it is tuned for throughput.
package faultproxy

import (
	"bytes"
	"net"
	"sync"
	"time"
)

// Direction is which way bytes flow through the proxy.
type Direction int

const (
	// Upstream is from the client to the server.
	Upstream Direction = iota
	// Downstream is from the server to the client.
	Downstream
)

func (d Direction) String() string {
	if d == Upstream {
		return "upstream"
	}
	return "downstream"
}

// Rule resets one connection when its condition is met. The bytes up to
// the point where it fires are passed on; nothing after them is.
type Rule struct {
	// Dir is the direction watched.
	Dir Direction
	// Pattern, when set, must go by in Dir first (it is passed on whole).
	Pattern []byte
	// Then, when set, must go by after Pattern: with Pattern "RCPT
	// TO:<someone@" and Then "\r\n.\r\n" the rule fires at the end of the
	// data of a message to that address only.
	Then []byte
	// After is how many more bytes go by in Dir (after Pattern, when set)
	// before the reset.
	After int64
	// AwaitReply, instead of resetting when the condition is met, passes
	// everything up to that point on and resets when the other side's
	// next bytes arrive, which are dropped: with Dir Upstream and Pattern
	// "\r\n.\r\n" the SMTP server has the message and the client never
	// sees its 250.
	AwaitReply bool
	// Blackhole, instead of resetting, makes the connection pass nothing
	// more, for ever, without closing it: a stall in the middle of a
	// command.
	Blackhole bool
	// Times is how many connections the rule fires on; zero means once.
	Times int
	// Fired, when set, is closed when the rule has fired Times times.
	Fired chan struct{}
}

// Proxy listens on a loopback port and connects each client to Target.
type Proxy struct {
	// Addr is the proxy's host:port, to give clients instead of Target.
	Addr   string
	target string
	ln     net.Listener

	mu      sync.Mutex
	cond    *sync.Cond
	stalled bool
	closed  bool
	rate    [2]int // bytes per second in each direction; 0 is unlimited
	links   map[*link]struct{}
	// accepted and peak count connections: all there were, and the most
	// open at once (tests of connection reuse).
	accepted, peak int
	rules          []*armed
	wg             sync.WaitGroup
}

type armed struct {
	Rule
	left int
}

// link is one proxied connection.
type link struct {
	client, server net.Conn
	// dead links pass nothing any more, for ever (Blackhole).
	dead bool
	// swallow: an AwaitReply rule fired; the next bytes from this side
	// (Downstream for an Upstream rule) are dropped and the link reset.
	swallow [2]bool
	// progress of each rule in each direction on this link.
	progress map[*armed]*progress
	done     bool
}

type progress struct {
	seen  int    // how many of the rule's patterns have gone by
	tail  []byte // the last bytes before this read, for matches across reads
	count int64  // bytes since the last pattern
}

// Start listens on 127.0.0.1 and proxies to target.
func Start(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{Addr: ln.Addr().String(), target: target, ln: ln, links: map[*link]struct{}{}}
	p.cond = sync.NewCond(&p.mu)
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			reset(c)
			continue
		}
		l := &link{client: c, server: s, progress: map[*armed]*progress{}}
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			c.Close()
			s.Close()
			return
		}
		p.links[l] = struct{}{}
		p.accepted++
		p.peak = max(p.peak, len(p.links))
		p.mu.Unlock()
		p.wg.Add(2)
		go p.pump(l, Upstream)
		go p.pump(l, Downstream)
	}
}

// Stall stops passing bytes on every connection, current and new, without
// closing any, until Resume.
func (p *Proxy) Stall() {
	p.mu.Lock()
	p.stalled = true
	p.mu.Unlock()
}

// Resume passes bytes again after Stall (not on blackholed connections).
func (p *Proxy) Resume() {
	p.mu.Lock()
	p.stalled = false
	p.cond.Broadcast()
	p.mu.Unlock()
}

// Throttle passes at most bytesPerSecond in dir from now on, on every
// connection: a slow link. Zero lifts the limit.
func (p *Proxy) Throttle(dir Direction, bytesPerSecond int) {
	p.mu.Lock()
	p.rate[dir] = bytesPerSecond
	p.mu.Unlock()
}

// write writes b, in slices a twentieth of a second apart at rate.
func write(dst net.Conn, b []byte, rate int) error {
	if rate <= 0 {
		_, err := dst.Write(b)
		return err
	}
	step := max(rate/20, 1)
	for len(b) > 0 {
		n := min(step, len(b))
		if _, err := dst.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
		time.Sleep(time.Second / 20)
	}
	return nil
}

// Blackhole makes the current connections pass nothing any more, for ever,
// without closing them: what a NAT that forgot the connection does. New
// connections work.
func (p *Proxy) Blackhole() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for l := range p.links {
		l.dead = true
	}
	return len(p.links)
}

// Cut closes the current connections (FIN to both sides).
func (p *Proxy) Cut() int { return p.drop(false) }

// Reset resets the current connections (RST to both sides).
func (p *Proxy) Reset() int { return p.drop(true) }

func (p *Proxy) drop(rst bool) int {
	p.mu.Lock()
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	p.mu.Unlock()
	for _, l := range links {
		p.end(l, rst)
	}
	return len(links)
}

// Arm adds a rule; it applies to the bytes that pass from now on.
func (p *Proxy) Arm(r Rule) {
	if r.Times <= 0 {
		r.Times = 1
	}
	p.mu.Lock()
	p.rules = append(p.rules, &armed{Rule: r, left: r.Times})
	p.mu.Unlock()
}

// Conns is the number of open connections.
func (p *Proxy) Conns() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.links)
}

// Accepted is how many connections the proxy has taken, and Peak the
// most that were open at once.
func (p *Proxy) Accepted() (accepted, peak int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted, p.peak
}

// Close stops listening and closes every connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	p.closed = true
	p.cond.Broadcast()
	p.mu.Unlock()
	err := p.ln.Close()
	p.drop(false)
	p.wg.Wait()
	return err
}

// pump copies one direction of l until either side ends.
func (p *Proxy) pump(l *link, dir Direction) {
	defer p.wg.Done()
	src, dst := l.client, l.server
	if dir == Downstream {
		src, dst = l.server, l.client
	}
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.pass(l, dir, buf[:n], dst) {
				return
			}
		}
		if err != nil {
			p.end(l, false)
			return
		}
	}
}

// pass forwards data unless the proxy stalls it or a rule fires; it
// reports whether the link is still open.
func (p *Proxy) pass(l *link, dir Direction, data []byte, dst net.Conn) bool {
	p.mu.Lock()
	for (p.stalled || l.dead) && !p.closed && !l.done {
		p.cond.Wait()
	}
	if p.closed || l.done {
		p.mu.Unlock()
		return false
	}
	if l.swallow[dir] {
		p.mu.Unlock()
		p.end(l, true)
		return false
	}
	keep, fired := p.match(l, dir, data)
	rate := p.rate[dir]
	p.mu.Unlock()
	if err := write(dst, data[:keep], rate); err != nil {
		p.end(l, false)
		return false
	}
	if fired == nil {
		return true
	}
	if fired.AwaitReply || fired.Blackhole {
		return true // match set swallow or dead before anything could answer
	}
	p.end(l, true)
	return false
}

// match runs the armed rules over data and returns how much of it to pass
// on and the rule that fired, if any. p.mu is held.
func (p *Proxy) match(l *link, dir Direction, data []byte) (keep int, fired *armed) {
	keep = len(data)
	for _, r := range p.rules {
		if r.Dir != dir || r.left <= 0 {
			continue
		}
		pr := l.progress[r]
		if pr == nil {
			pr = &progress{}
			l.progress[r] = pr
		}
		if at, ok := pr.advance(r.Rule, data); ok && (fired == nil || at < keep) {
			keep, fired = at, r
		}
	}
	if fired != nil {
		if fired.AwaitReply {
			l.swallow[1-dir] = true
		}
		if fired.Blackhole {
			l.dead = true
		}
		fired.left--
		if fired.left == 0 {
			p.rules = removeRule(p.rules, fired)
			if fired.Fired != nil {
				close(fired.Fired)
			}
		}
	}
	return keep, fired
}

// advance feeds data to the rule's progress and returns the offset in
// data at which the rule fires.
func (pr *progress) advance(r Rule, data []byte) (int, bool) {
	var patterns [][]byte
	for _, p := range [][]byte{r.Pattern, r.Then} {
		if len(p) > 0 {
			patterns = append(patterns, p)
		}
	}
	start := 0
	for pr.seen < len(patterns) {
		pat := patterns[pr.seen]
		// The tail only ever holds bytes before data (start is 0 then).
		win := append(append([]byte(nil), pr.tail...), data[start:]...)
		i := bytes.Index(win, pat)
		if i < 0 {
			if k := len(pat) - 1; len(win) > k {
				win = win[len(win)-k:]
			}
			pr.tail = win
			return 0, false
		}
		start += i + len(pat) - len(pr.tail)
		pr.seen++
		pr.tail = nil
	}
	rest := int64(len(data) - start)
	if pr.count+rest < r.After {
		pr.count += rest
		return 0, false
	}
	return start + int(r.After-pr.count), true
}

func removeRule(rules []*armed, r *armed) []*armed {
	out := rules[:0]
	for _, x := range rules {
		if x != r {
			out = append(out, x)
		}
	}
	return out
}

// end closes both sides of l once, with RST when rst.
func (p *Proxy) end(l *link, rst bool) {
	p.mu.Lock()
	if l.done {
		p.mu.Unlock()
		return
	}
	l.done = true
	delete(p.links, l)
	p.cond.Broadcast()
	p.mu.Unlock()
	if rst {
		reset(l.client)
		reset(l.server)
		return
	}
	l.client.Close()
	l.server.Close()
}

// reset closes c with an RST instead of a FIN.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}
