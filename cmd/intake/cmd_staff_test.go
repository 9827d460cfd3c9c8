package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func staffConfig(t *testing.T, baseURL string) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "intake.toml")
	cfg := `[organisation]
name = "Example Family Support"
[database]
url = "sqlite://` + filepath.Join(dir, "intake.db") + `"
[imap]
address = "127.0.0.1:1143"
security = "none"
username = "intake@provider.example"
password = "pw"
[smtp]
address = "127.0.0.1:1025"
security = "none"
from = "Example Family Support <intake@provider.example>"
[routing]
dpo = "data.protection@dpo.example"
enquiry_cc = ["enquiries@dpo.example"]
[web]
base_url = "` + baseURL + `"
[log]
level = "error"
`
	if err := os.WriteFile(p, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStaffAdd(t *testing.T) {
	cfg := staffConfig(t, "https://desk.provider.example")
	var out, errb bytes.Buffer
	if err := dispatch(context.Background(), []string{"migrate", "--config", cfg}, &out, &errb); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	err := dispatch(context.Background(), []string{"staff", "add", "jo@provider.example", "--role", "admin", "--config", cfg}, &out, &errb)
	if err != nil {
		t.Fatalf("staff add: %v\n%s", err, errb.String())
	}
	if !strings.Contains(out.String(), "https://desk.provider.example/setup/") {
		t.Errorf("output %q has no set-up link", out.String())
	}
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"no subcommand", []string{"staff"}},
		{"no role", []string{"staff", "add", "jo@provider.example", "--config", cfg}},
		{"bad role", []string{"staff", "add", "jo@provider.example", "--role", "root", "--config", cfg}},
		{"no address", []string{"staff", "add", "--role", "staff", "--config", cfg}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := dispatch(context.Background(), tc.args, &out, &errb)
			if exitCode(err) != 2 {
				t.Errorf("exit %d (%v), want 2", exitCode(err), err)
			}
		})
	}
	noBase := staffConfig(t, "")
	if err := dispatch(context.Background(), []string{"staff", "add", "jo@provider.example", "--role", "staff", "--config", noBase}, &out, &errb); err == nil || exitCode(err) != 1 {
		t.Errorf("without web.base_url: %v", err)
	}
}
