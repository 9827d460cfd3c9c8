package config

import (
	"path/filepath"
	"testing"
)

// TestPackagingSamplesLoad keeps the sample configurations shipped in
// packaging/config valid. Their secret files exist only on a server; the
// environment swaps them for values, as an operator might.
func TestPackagingSamplesLoad(t *testing.T) {
	paths, err := filepath.Glob("../packaging/config/*.toml")
	if err != nil || len(paths) == 0 {
		t.Skip("packaging/config not present")
	}
	env := []string{"INTAKE_OAUTH2_CLIENT_SECRET_FILE=", "INTAKE_OAUTH2_CLIENT_SECRET=x",
		"INTAKE_IMAP_PASSWORD_FILE=", "INTAKE_IMAP_PASSWORD=x", "INTAKE_SMTP_PASSWORD_FILE=", "INTAKE_SMTP_PASSWORD=x"}
	want := map[string]struct{ flow, imapAuth string }{
		"microsoft-365-app-only.toml":  {FlowClientCredentials, AuthOAuth2},
		"microsoft-365-delegated.toml": {FlowDeviceCode, AuthOAuth2},
		"google-workspace.toml":        {FlowServiceAccount, AuthOAuth2},
		"password.toml":                {"", AuthPassword},
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			c := mustLoad(t, p, env...)
			w, ok := want[filepath.Base(p)]
			if !ok {
				t.Fatalf("no expectation for %s", p)
			}
			if c.OAuth2.Flow != w.flow || c.IMAP.Auth != w.imapAuth {
				t.Errorf("flow %q, imap.auth %q; want %q, %q", c.OAuth2.Flow, c.IMAP.Auth, w.flow, w.imapAuth)
			}
		})
	}
	if len(paths) != len(want) {
		t.Errorf("%d samples, want %d", len(paths), len(want))
	}
}
