package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// withDPO writes the minimal configuration plus a [dpo] section.
func withDPO(t *testing.T, section string) string { return withSection(t, "dpo", section) }

// withSection writes the minimal configuration plus the section [name].
func withSection(t *testing.T, name, body string) string {
	t.Helper()
	base, err := os.ReadFile("testdata/minimal.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "intake.toml")
	if err := os.WriteFile(p, append(base, []byte("\n["+name+"]\n"+body)...), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDPOSection(t *testing.T) {
	tests := []struct {
		name         string
		section      string
		env          []string
		wantPatterns []string
		wantAuthserv string
	}{
		{"defaults", "", nil, nil, ""},
		{"from the file", `reference_patterns = ['Our ref: (\S+)', '\b(RPC-\d{2,6})\b']` + "\nauthserv_id = \"mx.provider.example\"\n", nil,
			[]string{`Our ref: (\S+)`, `\b(RPC-\d{2,6})\b`}, "mx.provider.example"},
		{"environment as a toml array, commas and all", "", []string{`INTAKE_DPO_REFERENCE_PATTERNS=['\b(RPC-\d{2,6})\b', '(X\d+)']`, "INTAKE_DPO_AUTHSERV_ID=mx.provider.example"},
			[]string{`\b(RPC-\d{2,6})\b`, `(X\d+)`}, "mx.provider.example"},
		{"environment one per line", "", []string{"INTAKE_DPO_REFERENCE_PATTERNS=(A\\d{1,3})\n\n (B\\d+) \n"},
			[]string{`(A\d{1,3})`, `(B\d+)`}, ""},
		{"environment wins over the file", `reference_patterns = ['(A\d+)']`, []string{"INTAKE_DPO_REFERENCE_PATTERNS="},
			[]string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(withDPO(t, tt.section), tt.env)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(c.DPO.ReferencePatterns, tt.wantPatterns) || c.DPO.AuthservID != tt.wantAuthserv {
				t.Errorf("dpo = %#v", c.DPO)
			}
		})
	}
}

func TestDPOSectionRejects(t *testing.T) {
	tests := []struct {
		name    string
		section string
		env     []string
		want    string
	}{
		{"pattern does not compile", `reference_patterns = ['(x']`, nil, "dpo.reference_patterns[0]: \"(x\" is not a regular expression"},
		{"pattern without a group", `reference_patterns = ['(A)', 'x\d+']`, nil, "dpo.reference_patterns[1]: \"x\\\\d+\" has 0 capture groups"},
		{"pattern with two groups", `reference_patterns = ['(a)(b)']`, nil, "has 2 capture groups"},
		{"authserv-id with a space", `authserv_id = "mx provider"`, nil, "dpo.authserv_id: \"mx provider\" is not an authserv-id"},
		{"authserv-id with a semicolon", "", []string{"INTAKE_DPO_AUTHSERV_ID=mx;x"}, "dpo.authserv_id"},
		{"patterns not strings", `reference_patterns = [1]`, nil, "not a string"},
		{"unknown key", `authserv = "mx"`, nil, "authserv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(withDPO(t, tt.section), tt.env)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
