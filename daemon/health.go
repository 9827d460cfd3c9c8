package daemon

import (
	"fmt"
	"net/http"
	"time"
)

// HealthHandler serves /healthz (the process answers) and /readyz (the
// database answers and the inbox was read recently).
func (d *Daemon) HealthHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if err := d.Store.Ping(r.Context()); err != nil {
			http.Error(w, "database unreachable", http.StatusServiceUnavailable)
			return
		}
		last := d.LastSync()
		limit := 3 * d.cfg.IMAP.PollInterval.Duration
		if last.IsZero() || time.Since(last) > limit {
			http.Error(w, "inbox not read recently", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return mux
}
