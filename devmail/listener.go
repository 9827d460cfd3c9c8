package devmail

import (
	"net"
	"sync"
)

// trackingListener remembers the connections it accepted so that tests can
// cut them all at once, the way a server restart or a network failure
// would.
type trackingListener struct {
	net.Listener

	mu    sync.Mutex
	conns map[*trackedConn]struct{}
	once  sync.Once
}

func newTrackingListener(ln net.Listener) *trackingListener {
	return &trackingListener{Listener: ln, conns: make(map[*trackedConn]struct{})}
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, ln: l}
	l.mu.Lock()
	l.conns[tc] = struct{}{}
	l.mu.Unlock()
	return tc, nil
}

// Close is idempotent because both the IMAP server and devmail close it.
func (l *trackingListener) Close() error {
	var err error
	l.once.Do(func() { err = l.Listener.Close() })
	return err
}

// dropConns closes every open connection; the listener keeps accepting.
func (l *trackingListener) dropConns() {
	l.mu.Lock()
	conns := make([]*trackedConn, 0, len(l.conns))
	for c := range l.conns {
		conns = append(conns, c)
	}
	l.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

// closeAll stops accepting and drops every connection.
func (l *trackingListener) closeAll() {
	l.Close()
	l.dropConns()
}

type trackedConn struct {
	net.Conn
	ln *trackingListener
}

func (c *trackedConn) Close() error {
	c.ln.mu.Lock()
	delete(c.ln.conns, c)
	c.ln.mu.Unlock()
	return c.Conn.Close()
}
