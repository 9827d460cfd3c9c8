package web_test

import (
	"net/http"
	"testing"

	"example.org/intake/web"
)

// TestHSTSOnlyOverHTTPS: HSTS follows web.base_url, on pages and 404s
// alike; the other headers are there either way. (The daemon's listeners
// are tested in daemon.TestSecurityHeadersOnEveryResponse.)
func TestHSTSOnlyOverHTTPS(t *testing.T) {
	for _, tc := range []struct {
		name, baseURL, want string
	}{
		{"https", "https://desk.provider.example", "max-age=31536000"},
		{"https upper case", "HTTPS://desk.provider.example", "max-age=31536000"},
		{"http", "http://desk.provider.example", ""},
		{"none", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(o *web.Options) { o.BaseURL = tc.baseURL })
			for _, path := range []string{"/signin", "/no-such-page", "/static/style.css", "/static/"} {
				res := e.do(nil, "GET", path, nil)
				if got := res.Header().Get("Strict-Transport-Security"); got != tc.want {
					t.Errorf("%s: Strict-Transport-Security = %q, want %q", path, got, tc.want)
				}
				if res.Header().Get("X-Content-Type-Options") != "nosniff" {
					t.Errorf("%s: no X-Content-Type-Options", path)
				}
			}
			if res := e.do(nil, "GET", "/static/", nil); res.Code != http.StatusNotFound {
				t.Errorf("/static/: %d, want 404 (no listing)", res.Code)
			}
		})
	}
}
