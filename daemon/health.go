package daemon

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"example.org/intake/mailbox"
	"example.org/intake/store"
	"example.org/intake/web"
)

// HealthHandler serves /healthz (the process answers) and /readyz (the
// database answers and the inbox was read recently), with the desk's
// security headers. The Watchdog's Handler serves the same plus SMTP
// reachability; its MetricsHandler serves /metrics.
func (d *Daemon) HealthHandler() http.Handler {
	mux := http.NewServeMux()
	mountHealth(mux, readiness{store: d.Store, lastSync: d.LastSync, reading: d.reading, poll: d.cfg.IMAP.PollInterval.Duration, now: time.Now})
	return web.SecurityHeaders(d.cfg.Web.BaseURL, mux)
}

// MetricsHandler serves /metrics, /healthz and /readyz: what
// web.metrics_listen answers.
func (w *Watchdog) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", w.Metrics.Handler())
	mux.Handle("/", w.Handler(nil))
	return mux
}

// MetricsAddr returns the address the metrics listener is bound to (""
// before it listens, or with no web.metrics_listen).
func (d *Daemon) MetricsAddr() string {
	if a, ok := d.metrics.Load().(net.Addr); ok {
		return a.String()
	}
	return ""
}

// startHTTP listens on web.listen (the staff desk, behind /healthz
// and /readyz) and web.metrics_listen (when set), and serves both with the
// security headers on every response. Nothing is served unless both
// addresses could be had.
func (d *Daemon) startHTTP(desk http.Handler, wg *sync.WaitGroup) ([]*http.Server, error) {
	type listener struct {
		key, addr string
		h         http.Handler
		bound     *atomic.Value
	}
	var ls []listener
	if d.cfg.Web.Listen != "" {
		ls = append(ls, listener{"web.listen", d.cfg.Web.Listen, d.Watchdog.Handler(desk), &d.webAddr})
	}
	if d.cfg.Web.MetricsListen != "" {
		ls = append(ls, listener{"web.metrics_listen", d.cfg.Web.MetricsListen, d.Watchdog.MetricsHandler(), &d.metrics})
	}
	var nets []net.Listener
	for _, l := range ls {
		ln, err := net.Listen("tcp", l.addr)
		if err != nil {
			for _, o := range nets {
				o.Close()
			}
			return nil, fmt.Errorf("daemon: %s: %w", l.key, err)
		}
		nets = append(nets, ln)
	}
	var servers []*http.Server
	for i, ln := range nets {
		l := ls[i]
		l.bound.Store(ln.Addr())
		srv := &http.Server{Handler: web.SecurityHeaders(d.cfg.Web.BaseURL, l.h), ReadHeaderTimeout: 10 * time.Second}
		servers = append(servers, srv)
		wg.Go(func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				d.log.Error("web server stopped", "listener", l.key, "error", err)
			}
		})
		d.log.Info("web listening", "listener", l.key, "address", ln.Addr().String())
	}
	return servers, nil
}

// shutdownHTTP lets requests in flight finish, for five seconds at most.
func shutdownHTTP(servers []*http.Server) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, srv := range servers {
		_ = srv.Shutdown(ctx)
	}
}

// readiness is what /readyz looks at.
type readiness struct {
	store    *store.Store
	lastSync func() time.Time
	// reading, when set, tells whether this replica reads the inbox; a
	// standby (another replica holds the inbox lease) is ready without.
	reading func() (bool, time.Time)
	poll    time.Duration
	smtp    func() error          // nil: not checked
	watcher func() mailbox.Status // nil: not checked
	now     func() time.Time
}

// check returns "" when ready, else what is wrong (no personal data).
func (r readiness) check(ctx context.Context) string {
	// First what the watcher knows: a ping waits behind a locked SQLite.
	if r.watcher != nil && (r.reading == nil || r.isReader()) && !r.watcher().OutageSince.IsZero() {
		return "database refuses incoming mail"
	}
	if err := r.store.Ping(ctx); err != nil {
		return "database unreachable"
	}
	if r.reading == nil || r.isReader() {
		// Three poll intervals: one pass may be slow or retried without
		// anything being wrong. A standby reads no inbox.
		last := r.lastSync()
		if last.IsZero() || r.now().Sub(last) > 3*r.poll {
			return "inbox not read recently"
		}
	}
	if r.smtp != nil {
		if err := r.smtp(); err != nil {
			return "smtp unreachable"
		}
	}
	return ""
}

func (r readiness) isReader() bool {
	held, _ := r.reading()
	return held
}

// role is what /readyz adds to "ready": which part this replica plays.
func (r readiness) role() string {
	if r.reading == nil || r.isReader() {
		return "ready: reads the inbox"
	}
	return "ready: standby (another replica reads the inbox)"
}

func mountHealth(mux *http.ServeMux, r readiness) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, req *http.Request) {
		if why := r.check(req.Context()); why != "" {
			http.Error(w, why, http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, r.role())
	})
}
