package daemon_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"example.org/intake/config"
	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/internal/testpg"
	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// dbProxy is a loopback TCP proxy in front of PostgreSQL that can be cut:
// while down it closes every connection, open or new, as a database that
// crashed or was cut off by the network does.
type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  map[net.Conn]bool
}

func startDBProxy(t *testing.T, target string) *dbProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.setDown(true) })
	go p.serve()
	return p
}

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		go p.pipe(c)
	}
}

func (p *dbProxy) pipe(c net.Conn) {
	s, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[s] = true, true
	p.mu.Unlock()
	go func() { io.Copy(s, c); s.Close() }()
	io.Copy(c, s)
	c.Close()
	p.mu.Lock()
	delete(p.conns, c)
	delete(p.conns, s)
	p.mu.Unlock()
}

func (p *dbProxy) setDown(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
	}
}

// TestOutageIsWaitedOut: while the database cannot be written, new
// requests wait in the inbox (the checkpoint stays, nothing is given up on
// or made a case for a person), /readyz says so and staff get an alarm;
// once it is back every request is answered exactly once.
//
// For SQLite the outage is another process holding the write lock for 5 s:
// shorter than the store's 15 s busy timeout, so intake only waits and no
// error reaches the watcher (store tests check that SQLITE_BUSY counts as an
// outage). PostgreSQL is cut off behind a proxy: every statement fails.
func TestOutageIsWaitedOut(t *testing.T) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			var dbURL string
			var cut, restore func()
			switch kind {
			case "sqlite":
				path := filepath.Join(t.TempDir(), "intake.db")
				dbURL = "sqlite://" + path
				var lock *sql.Tx
				cut = func() {
					db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(20000)")
					if err != nil {
						t.Fatal(err)
					}
					t.Cleanup(func() { db.Close() })
					if lock, err = db.Begin(); err != nil {
						t.Fatal(err)
					}
					// The first write takes the lock and keeps it until the end.
					if _, err := lock.Exec(`UPDATE meta SET value = value`); err != nil {
						t.Fatal(err)
					}
				}
				restore = func() { lock.Rollback() }
			case "postgres":
				base := testpg.FreshDatabase(t)
				u, err := url.Parse(base)
				if err != nil {
					t.Fatal(err)
				}
				p := startDBProxy(t, u.Host)
				u.Host = p.ln.Addr().String()
				q := u.Query()
				q.Set("connect_timeout", "2")
				u.RawQuery = q.Encode()
				dbURL = u.String()
				cut, restore = func() { p.setDown(true) }, func() { p.setDown(false) }
			}
			m := itest.Mail(t, devmail.Options{})
			cfg := itest.Config(m, dbURL)
			d := itest.Start(t, cfg)
			ctx := context.Background()
			// The daemon's own watchdog waits at least a minute before it
			// alarms; a second one over the same watcher, with a second,
			// shows the condition and the message.
			acfg := *cfg
			acfg.Alarms.After = config.Duration{Duration: time.Second}
			acfg.Routing.Staff = []string{itest.Staff}
			wd := daemon.NewWatchdog(daemon.WatchdogOptions{Config: &acfg, Store: d.Store, LastSync: d.LastSync, Letters: letters(t, &acfg),
				Sender: mailbox.NewSender(mailbox.SMTPOptions{Address: m.SMTPAddr, Security: mailbox.SecurityNone,
					Username: itest.Intake, Password: itest.Password, Timeout: 5 * time.Second}),
				WatcherStatus: d.Watcher.Status, Logger: itest.Logger(t), CheckEvery: 100 * time.Millisecond})
			wctx, stopWatchdog := context.WithCancel(ctx)
			var wg sync.WaitGroup
			wg.Go(func() { wd.Run(wctx) })
			defer func() { stopWatchdog(); wg.Wait() }()

			deliverAll := func(from, to int) {
				for i := from; i < to; i++ {
					addr := fmt.Sprintf("wait.%d@example.org", i)
					if err := m.Deliver(itest.Intake, itest.ErasureRequest(addr, fmt.Sprintf("wait-%d@example.org", i))); err != nil {
						t.Fatal(err)
					}
				}
			}
			answered := func(n int) bool {
				for i := range n {
					if len(sentTo(m, fmt.Sprintf("wait.%d@example.org", i))) == 0 {
						return false
					}
				}
				return true
			}
			deliverAll(0, 1)
			itest.Eventually(t, 20*time.Second, "the first request answered", func() bool { return answered(1) })

			start := time.Now()
			cut()
			deliverAll(1, 4)
			if kind == "postgres" {
				itest.Eventually(t, 30*time.Second, "the watcher to report the outage", func() bool {
					return !d.Watcher.Status().OutageSince.IsZero()
				})
				itest.Eventually(t, 20*time.Second, "an alarm to staff", func() bool {
					for _, s := range staffMail(m) {
						if strings.Contains(s, "ALARM: intake cannot store incoming mail") {
							return true
						}
					}
					return false
				})
				if code := get(t, "http://"+d.WebAddr()+"/readyz"); code != http.StatusServiceUnavailable {
					t.Errorf("/readyz = %d during the outage, want 503", code)
				}
			}
			for i := 1; i < 4; i++ {
				if n := len(sentTo(m, fmt.Sprintf("wait.%d@example.org", i))); n != 0 {
					t.Errorf("request %d answered during the outage", i)
				}
			}
			// Down for a while, not a blip.
			time.Sleep(time.Until(start.Add(5 * time.Second)))
			restore()
			back := time.Now()
			itest.Eventually(t, 60*time.Second, "every request answered after the outage", func() bool { return answered(4) })
			t.Logf("database out for %s; every request answered %s after it came back",
				back.Sub(start).Round(100*time.Millisecond), time.Since(back).Round(100*time.Millisecond))
			for i := range 4 {
				if n := len(sentTo(m, fmt.Sprintf("wait.%d@example.org", i))); n != 1 {
					t.Errorf("request %d got %d holding replies, want 1", i, n)
				}
			}
			if st := d.Watcher.Status(); !st.OutageSince.IsZero() || st.GivenUp != 0 {
				t.Errorf("watcher status after the outage: %+v, want clear, nothing given up", st)
			}
			if cases, err := d.Store.ListCases(ctx, store.StateTriage); err != nil || len(cases) != 0 {
				t.Errorf("%d cases for a person after an outage (%v), want none", len(cases), err)
			}
			if a, err := d.Store.InboundAttempts(ctx, "INBOX"); err != nil || len(a) != 0 {
				t.Errorf("an outage counted %d message failures (%v), want none", len(a), err)
			}
		})
	}
}
