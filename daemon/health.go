package daemon

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"example.org/intake/mailbox"
	"example.org/intake/store"
)

// HealthHandler serves /healthz (the process answers) and /readyz (the
// database answers and the inbox was read recently). The Watchdog's
// Handler serves the same plus SMTP reachability and /metrics.
func (d *Daemon) HealthHandler() http.Handler {
	mux := http.NewServeMux()
	mountHealth(mux, readiness{store: d.Store, lastSync: d.LastSync, reading: d.reading, poll: d.cfg.IMAP.PollInterval.Duration, now: time.Now})
	return mux
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
	if err := r.store.Ping(ctx); err != nil {
		return "database unreachable"
	}
	if r.reading == nil || r.isReader() {
		// Three poll intervals: one pass may be slow or retried without
		// anything being wrong.
		last := r.lastSync()
		if last.IsZero() || r.now().Sub(last) > 3*r.poll {
			return "inbox not read recently"
		}
		if r.watcher != nil && !r.watcher().OutageSince.IsZero() {
			return "database refuses incoming mail"
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
