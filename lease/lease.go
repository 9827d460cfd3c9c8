// Package lease owns the choice of which replica does work that only one
// process may do at a time: reading the inbox. Several `intake run`
// processes may share one PostgreSQL database; each serves the staff desk
// and works the send queue, but only the holder of the inbox lease runs
// the IMAP watcher. The others stand by, try to take the lease every few
// seconds, and take over when the holder dies.
//
// The lease is a PostgreSQL session advisory lock held on a connection of
// its own (store.LeaseConn): the server frees it when the holder's session
// ends, whether the process exited, was killed or its host vanished (the
// session asks for TCP keepalives to notice the last). Each acquisition
// raises the lease's epoch, and the holder's work runs under a fence
// (store.WithFence) that every transaction checks, so a holder that lost
// the lease without noticing yet can never commit. The holder also checks
// its lock every few seconds and stops its work when it is gone.
//
// On SQLite there is one daemon only (store.ClaimDaemon), which holds the
// lease for as long as it runs.
package lease

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"example.org/intake/store"
)

// DefaultEvery is how often the holder checks its lease and a standby
// tries to take it: a dead holder is replaced within about this long after
// the database notices that its session ended.
const DefaultEvery = 5 * time.Second

// Options configures a Lease.
type Options struct {
	Store *store.Store
	// Name names the lease, the same in every replica ("inbox:INBOX").
	Name string
	// Holder names this process in the lease row and the logs; default
	// host/pid/random. It holds no personal data.
	Holder string
	// Every is how often the lease is checked or tried (DefaultEvery).
	Every  time.Duration
	Logger *slog.Logger
	Now    func() time.Time
}

// Status is what health checks and logs show about the lease.
type Status struct {
	Held   bool
	Since  time.Time // when it was acquired (Held) or lost (not Held)
	Epoch  int64     // the epoch held; 0 when not held
	Holder string    // this process
}

// Lease runs work while this process holds the lease.
type Lease struct {
	o   Options
	log *slog.Logger

	mu sync.Mutex
	st Status
}

// New fills in defaults; nothing happens until Run.
func New(o Options) *Lease {
	if o.Every <= 0 {
		o.Every = DefaultEvery
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Holder == "" {
		o.Holder = defaultHolder()
	}
	return &Lease{o: o, log: o.Logger.With("component", "lease", "lease", o.Name), st: Status{Holder: o.Holder}}
}

func defaultHolder() string {
	host, _ := os.Hostname()
	b := make([]byte, 3)
	_, _ = crand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Status returns a snapshot.
func (l *Lease) Status() Status {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.st
}

func (l *Lease) set(held bool, epoch int64) {
	l.mu.Lock()
	l.st.Held, l.st.Epoch, l.st.Since = held, epoch, l.o.Now()
	l.mu.Unlock()
}

// Run calls work each time this process acquires the lease, with a
// context that is cancelled when the lease is lost or ctx is done, and
// under which every store transaction is fenced. It returns when ctx is
// done, after work has returned. When work returns by itself the lease is
// given up and tried for again later. A panic in work is logged and
// treated the same way.
func (l *Lease) Run(ctx context.Context, work func(ctx context.Context)) {
	if l.o.Store.Dialect() != store.Postgres {
		for ctx.Err() == nil {
			l.set(true, 0)
			l.runWork(ctx, work)
			l.set(false, 0)
			sleep(ctx, l.jitter())
		}
		return
	}
	var conn *store.LeaseConn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	var standbyLogged bool
	for ctx.Err() == nil {
		if conn == nil {
			c, err := l.o.Store.OpenLeaseConn(ctx)
			if err != nil {
				if ctx.Err() == nil {
					l.log.Warn("cannot reach the database for the inbox lease; will retry", "error", err)
				}
				sleep(ctx, l.jitter())
				continue
			}
			conn = c
		}
		epoch, ok, err := conn.TryAcquire(ctx, l.o.Name, l.o.Holder, l.o.Now())
		switch {
		case err != nil:
			if ctx.Err() == nil {
				l.log.Warn("cannot try the inbox lease; will retry", "error", err)
			}
			conn.Close()
			conn = nil
		case !ok:
			if !standbyLogged {
				standbyLogged = true
				l.logStandby(ctx)
			}
		default:
			standbyLogged = false
			l.hold(ctx, conn, epoch, work)
			// Whatever ended the tenure, the session is finished with:
			// closing it releases the lock if it is still held.
			conn.Close()
			conn = nil
		}
		sleep(ctx, l.jitter())
	}
}

// hold runs work under the lease at epoch until the lease is lost, work
// returns or ctx is done.
func (l *Lease) hold(ctx context.Context, conn *store.LeaseConn, epoch int64, work func(context.Context)) {
	l.set(true, epoch)
	defer l.set(false, 0)
	l.log.Info("lease acquired: this replica reads the inbox", "epoch", epoch, "holder", l.o.Holder)
	wctx, cancel := context.WithCancel(store.WithFence(ctx, store.Fence{Name: l.o.Name, Epoch: epoch}))
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.runWork(wctx, work)
	}()
	t := time.NewTicker(l.o.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			cancel()
			<-done
			return
		case <-done:
			if ctx.Err() == nil {
				l.log.Warn("inbox work stopped by itself; giving the lease up", "epoch", epoch)
			}
			return
		case <-t.C:
			if err := conn.Check(ctx, l.o.Name, epoch); err != nil {
				if ctx.Err() != nil {
					continue // shutting down: the next select returns
				}
				var lost *store.LostLeaseError
				if errors.As(err, &lost) {
					l.log.Warn("lease lost: another replica reads the inbox now", "epoch", epoch, "current", lost.Current)
				} else {
					l.log.Warn("cannot confirm the lease; stopping inbox work", "epoch", epoch, "error", err)
				}
				cancel()
				<-done
				return
			}
		}
	}
}

func (l *Lease) logStandby(ctx context.Context) {
	cur, err := l.o.Store.Lease(ctx, l.o.Name)
	if err != nil {
		l.log.Info("standing by: another replica reads the inbox", "holder", l.o.Holder)
		return
	}
	l.log.Info("standing by: another replica reads the inbox", "holder", l.o.Holder,
		"reader", cur.Holder, "epoch", cur.Epoch, "since", cur.AcquiredAt)
}

func (l *Lease) runWork(ctx context.Context, work func(context.Context)) {
	defer func() {
		if x := recover(); x != nil {
			l.log.Error("panic in leased work", "panic", fmt.Sprint(x), "stack", string(debug.Stack()))
		}
	}()
	work(ctx)
}

// jitter is Every, give or take a fifth, so that standbys do not all try
// at the same instant.
func (l *Lease) jitter() time.Duration {
	d := l.o.Every
	return d - d/5 + rand.N(2*d/5+1)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
