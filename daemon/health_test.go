package daemon_test

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"example.org/intake/daemon"
	"example.org/intake/devmail"
	"example.org/intake/internal/itest"
	"example.org/intake/web"
)

// runDesk runs a daemon with the staff desk on web.listen and /metrics on
// web.metrics_listen, both on ports the system picks.
func runDesk(t *testing.T, baseURL string) *daemon.Daemon {
	t.Helper()
	m := itest.Mail(t, devmail.Options{})
	cfg := itest.Config(m, "sqlite://"+filepath.Join(t.TempDir(), "intake.db"))
	cfg.Web.BaseURL = baseURL
	cfg.Web.MetricsListen = "127.0.0.1:0"
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	d, err := daemon.New(ctx, cfg, daemon.Options{Logger: itest.Logger(t), Ready: ready, QueueTestOnly: true})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	h, err := web.New(web.Options{Cases: d.Cases, Store: d.Store, Logger: itest.Logger(t), BaseURL: baseURL, Health: d.HealthHandler()})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, h) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("daemon stopped at start: %v", err)
	}
	itest.Eventually(t, 20*time.Second, "first IMAP sync", func() bool { return !d.LastSync().IsZero() })
	return d
}

// fetch GETs url without following redirects.
func fetch(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// TestSecurityHeadersOnEveryResponse asks both listeners for pages, 404s,
// health, metrics and static files: every answer has the security headers
// and, with an https base_url, HSTS. The desk does not serve /metrics and
// does not list /static/.
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	d := runDesk(t, "https://desk.provider.example")
	desk, metrics := "http://"+d.WebAddr(), "http://"+d.MetricsAddr()
	if d.MetricsAddr() == "" {
		t.Fatal("no metrics listener")
	}
	for _, tc := range []struct {
		name, url string
		code      int
		body      string // contained in the body, when not ""
	}{
		{"sign-in page", desk + "/signin", http.StatusOK, "Sign in"},
		{"page needing a session", desk + "/cases", http.StatusSeeOther, ""},
		{"unknown page", desk + "/no-such-page", http.StatusNotFound, ""},
		{"healthz", desk + "/healthz", http.StatusOK, "ok"},
		{"readyz", desk + "/readyz", http.StatusOK, "ready"},
		{"static file", desk + "/static/style.css", http.StatusOK, ""},
		{"static directory", desk + "/static/", http.StatusNotFound, ""},
		{"static directory without slash", desk + "/static", http.StatusTemporaryRedirect, ""},
		{"static missing file", desk + "/static/none.css", http.StatusNotFound, ""},
		{"no metrics on the desk", desk + "/metrics", http.StatusNotFound, ""},
		{"metrics", metrics + "/metrics", http.StatusOK, "intake_outbox_depth"},
		{"healthz on the metrics port", metrics + "/healthz", http.StatusOK, "ok"},
		{"readyz on the metrics port", metrics + "/readyz", http.StatusOK, "ready"},
		{"no desk on the metrics port", metrics + "/signin", http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := fetch(t, tc.url)
			if res.StatusCode != tc.code {
				t.Errorf("status %d, want %d", res.StatusCode, tc.code)
			}
			if tc.body != "" && !strings.Contains(body, tc.body) {
				t.Errorf("body lacks %q", tc.body)
			}
			if strings.Contains(body, `<a href="style.css">`) {
				t.Error("a directory listing")
			}
			for h, want := range map[string]string{
				"Content-Security-Policy":   "script-src 'none'",
				"X-Content-Type-Options":    "nosniff",
				"X-Frame-Options":           "DENY",
				"Referrer-Policy":           "no-referrer",
				"Strict-Transport-Security": "max-age=31536000",
			} {
				if got := res.Header.Get(h); !strings.Contains(got, want) {
					t.Errorf("%s = %q, want %q in it", h, got, want)
				}
			}
		})
	}
}
