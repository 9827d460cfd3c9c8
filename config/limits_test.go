package config

import (
	"strings"
	"testing"
)

// TestSendLimitsDefaultByProvider: each sending limit left out takes the
// default of the provider the mailbox is at (named, from oauth2.provider,
// or from the SMTP host); a key set in the environment wins, and 0 turns
// a limit off.
func TestSendLimitsDefaultByProvider(t *testing.T) {
	cases := []struct {
		name     string
		env      []string
		provider string
		want     SendLimits
	}{
		{"generic host", nil, ProviderGeneric, SendLimits{}},
		{"microsoft by host", []string{"INTAKE_SMTP_ADDRESS=smtp.office365.com:587"}, ProviderMicrosoft,
			SendLimits{PerMinute: 30, RecipientsPerDay: 10_000, Connections: 3}},
		{"google by host", []string{"INTAKE_SMTP_ADDRESS=smtp.gmail.com:587"}, ProviderGoogle,
			SendLimits{PerDay: 2_000, RecipientsPerDay: 10_000, Connections: 3}},
		{"named provider", []string{"INTAKE_SMTP_PROVIDER=microsoft"}, ProviderMicrosoft,
			SendLimits{PerMinute: 30, RecipientsPerDay: 10_000, Connections: 3}},
		{"one key changed, one turned off", []string{"INTAKE_SMTP_ADDRESS=smtp.office365.com:587",
			"INTAKE_SMTP_MAX_PER_MINUTE=20", "INTAKE_SMTP_MAX_RECIPIENTS_PER_DAY=0"}, ProviderMicrosoft,
			SendLimits{PerMinute: 20, Connections: 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := mustLoad(t, "testdata/minimal.toml", c.env...)
			if got := cfg.SendProvider(); got != c.provider {
				t.Errorf("provider %q, want %q", got, c.provider)
			}
			got := SendLimits{cfg.SMTP.MaxPerMinute, cfg.SMTP.MaxPerDay, cfg.SMTP.MaxRecipientsPerDay, cfg.SMTP.MaxConnections}
			if got != c.want {
				t.Errorf("limits %+v, want %+v", got, c.want)
			}
		})
	}
}

// TestSendLimitsValidated: a negative or absurd limit and an unknown
// provider are refused, each naming its key.
func TestSendLimitsValidated(t *testing.T) {
	_, err := Load("testdata/minimal.toml", []string{"INTAKE_SMTP_MAX_PER_MINUTE=-5", "INTAKE_SMTP_MAX_CONNECTIONS=1000",
		"INTAKE_SMTP_PROVIDER=yahoo"})
	problems := strings.Join(problemsOf(t, err), "\n")
	for _, want := range []string{"smtp.max_per_minute: -5 is negative", "smtp.max_connections: 1000 is over 100",
		`smtp.provider: "yahoo" is not one of microsoft, google, generic`} {
		if !strings.Contains(problems, want) {
			t.Errorf("problems lack %q:\n%s", want, problems)
		}
	}
}
