package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"example.org/intake/casework"
	"example.org/intake/config"
	"example.org/intake/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options configures the staff desk.
type Options struct {
	Cases  *casework.Service
	Store  *store.Store
	Logger *slog.Logger
	// BaseURL is where staff reach the desk (web.base_url); links in
	// set-up messages start with it.
	BaseURL string
	// Health is mounted at /healthz and /readyz, without a session.
	// /metrics is never on the desk: the daemon serves it on
	// web.metrics_listen.
	Health http.Handler
	Now    func() time.Time
	// SecureCookies marks cookies Secure (base_url is https).
	SecureCookies bool
	// Programme lists the stages staff can record and the register import
	// reads (the default programme when empty).
	Programme config.Programme
	// SessionTTL is how long a sign-in lasts (default 12 hours).
	SessionTTL time.Duration
	// Alarms, when set, lists what is wrong with intake itself right now
	// (inbox not read, sending failing, a token that cannot be refreshed),
	// shown at the top of the dashboard so that nobody misses it.
	Alarms func() []Alarm
	// SendQueue, when set, tells how many letters wait to be sent and how
	// long they will take at the pace the provider's limits allow.
	SendQueue func(ctx context.Context) (SendQueue, error)
}

// SendQueue is the send queue as the dashboard shows it.
type SendQueue struct {
	Queued int
	// PerMinute is the rate allowed now (Limited) or, with no limit, the
	// rate of the last minute; 0 when unknown.
	PerMinute float64
	Limited   bool
	// Drain is how long the queue will take; Known is false when there is
	// nothing to estimate it by.
	Drain time.Duration
	Known bool
}

// Alarm is one condition the daemon's watchdog raised.
type Alarm struct {
	Title, Detail string
	Since         time.Time
}

type server struct {
	opts    Options
	log     *slog.Logger
	pages   map[string]pageTemplate
	limiter signInLimiter
	kept    *keptForms // refused and checked forms, for the page after the redirect
}

// New returns the handler of the staff desk.
func New(o Options) (http.Handler, error) {
	if o.Cases == nil || o.Store == nil {
		return nil, errors.New("web: Cases and Store are required")
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.SessionTTL <= 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if len(o.Programme.Stages) == 0 {
		o.Programme = config.DefaultProgramme()
	}
	if o.BaseURL != "" {
		if _, err := url.Parse(o.BaseURL); err != nil {
			return nil, fmt.Errorf("web: base URL: %w", err)
		}
		if isHTTPS(o.BaseURL) {
			o.SecureCookies = true
		}
	}
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	var limiter signInLimiter = newLoginLimiter()
	if o.Store.Dialect() == store.Postgres {
		// Replicas may share the database: they share the counts too.
		limiter = newDBLimiter(o.Store)
	}
	s := &server{opts: o, log: o.Logger, pages: pages, limiter: limiter, kept: newKeptForms()}
	return s.routes()
}

func (s *server) routes() (http.Handler, error) {
	mux := http.NewServeMux()
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	mux.Handle("GET /static/", http.StripPrefix("/static/", noListing(static)))
	if s.opts.Health != nil {
		mux.Handle("GET /healthz", s.opts.Health)
		mux.Handle("GET /readyz", s.opts.Health)
	}
	mux.HandleFunc("GET /signin", s.signInPage)
	mux.HandleFunc("POST /signin", s.signIn)
	mux.HandleFunc("GET /setup/{token}", s.setupPage)
	mux.HandleFunc("POST /setup/{token}", s.setup)

	staff := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireSession(h, store.RoleStaff)) }
	admin := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireSession(h, store.RoleAdmin)) }

	staff("POST /signout", s.signOut)
	staff("GET /{$}", s.dashboard)
	staff("GET /cases", s.caseList)
	staff("GET /cases/{ref}", s.casePage)
	staff("GET /cases/{ref}/print", s.casePrint)
	staff("GET /cases/{ref}/files/{id}", s.caseFile)
	staff("GET /cases/{ref}/messages/{id}", s.caseRaw)
	staff("GET /cases/{ref}/messages/{id}/attachments/{n}", s.caseAttachment)
	staff("POST /cases/{ref}/{action}", s.caseAction)
	staff("GET /cases/{ref}/check/{token}", s.checkPage)
	staff("GET /triage", s.triage)
	staff("GET /participants", s.participants)
	staff("GET /participants/{urn}", s.participant)
	staff("POST /participants/{urn}/stage", s.participantStage)
	staff("GET /reports", s.reports)
	staff("GET /reports.csv", s.reportsCSV)
	staff("GET /account", s.account)
	staff("POST /account/api-token", s.newAPIToken)
	admin("POST /participants/import", s.participantsImport)
	admin("GET /audit", s.audit)
	admin("GET /audit.csv", s.auditCSV)

	mux.Handle("GET /api/cases", s.requireAPI(s.apiCases))
	mux.Handle("GET /api/cases/{ref}", s.requireAPI(s.apiCase))

	cop := http.NewCrossOriginProtection()
	if s.opts.BaseURL != "" {
		if u, err := url.Parse(s.opts.BaseURL); err == nil && u.Host != "" {
			if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
				return nil, fmt.Errorf("web: base URL: %w", err)
			}
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "This request came from another site and was refused.", http.StatusForbidden)
	}))
	return SecurityHeaders(s.opts.BaseURL, cop.Handler(mux)), nil
}

// csp forbids every script and every remote load: email content shown on a
// page can neither run nor call home, even if sanitising missed something.
const csp = "default-src 'self'; img-src 'self' data:; script-src 'none'; style-src 'self'; " +
	"object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// hsts tells browsers to reach the desk over https only, for a year
// (OWASP HTTP Strict Transport Security cheat sheet). It leaves out
// includeSubDomains: other hosts of the organisation are not ours to pin.
const hsts = "max-age=31536000"

// SecurityHeaders sets the desk's security headers on every response of
// next, whatever answers it (pages, 404s, /healthz, /readyz, /metrics,
// static files), and HSTS when baseURL (web.base_url) is https. The daemon
// wraps its listeners in it too.
func SecurityHeaders(baseURL string, next http.Handler) http.Handler {
	https := isHTTPS(baseURL)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if https {
			h.Set("Strict-Transport-Security", hsts)
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func isHTTPS(baseURL string) bool { return strings.HasPrefix(strings.ToLower(baseURL), "https://") }

// noListing serves files from fsys and answers 404 for a directory, where
// http.FileServer would list it.
func noListing(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if fi, err := fs.Stat(fsys, name); err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		files.ServeHTTP(w, r)
	})
}
