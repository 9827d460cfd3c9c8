package config

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// msApp turns the minimal config into a Microsoft 365 app-only one.
func msApp(c *Config) {
	c.IMAP.Auth, c.SMTP.Auth = AuthOAuth2, AuthOAuth2
	c.IMAP.Password = ""
	c.SMTP.Username = c.IMAP.Username
	c.OAuth2.Provider = ProviderMicrosoft
	c.OAuth2.Tenant = "11111111-2222-3333-4444-555555555555"
	c.OAuth2.ClientID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
	c.OAuth2.ClientSecret = "s3cr3t"
}

func TestValidateOAuth2Rules(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
		want   string // prefix of the only problem; "" means valid
	}{
		{"microsoft app-only", msApp, ""},
		{"auth unknown", func(c *Config) { c.IMAP.Auth = "xoauth2" }, `imap.auth: "xoauth2" is not one of password, oauth2`},
		{"oauth2 without block", func(c *Config) { c.IMAP.Auth, c.IMAP.Password = AuthOAuth2, "" }, "oauth2.provider: is required"},
		{"smtp oauth2 without username", func(c *Config) { msApp(c); c.SMTP.Username = "" }, "smtp.username: is required with smtp.auth"},
		{"common tenant app-only", func(c *Config) { msApp(c); c.OAuth2.Tenant = "common" }, `oauth2.tenant: "common" cannot be used for app-only`},
		{"no tenant", func(c *Config) { msApp(c); c.OAuth2.Tenant = "" }, "oauth2.tenant: is required"},
		{"no secret", func(c *Config) { msApp(c); c.OAuth2.ClientSecret = "" }, "oauth2.client_secret: is required"},
		{"no client id", func(c *Config) { msApp(c); c.OAuth2.ClientID = "" }, "oauth2.client_id: is required"},
		{"bad provider", func(c *Config) { msApp(c); c.OAuth2.Provider = "azure" }, `oauth2.provider: "azure" is not one of`},
		{"google flow wrong", func(c *Config) {
			msApp(c)
			c.OAuth2.Provider, c.OAuth2.Flow, c.OAuth2.ServiceAccountFile = ProviderGoogle, FlowClientCredentials, "k.json"
		}, `oauth2.flow: "client_credentials" is not one of service_account`},
		{"device code needs key file", func(c *Config) { msApp(c); c.OAuth2.Flow, c.OAuth2.ClientSecret = FlowDeviceCode, "" }, "oauth2.token_key_file: is required"},
		{"device code common tenant ok", func(c *Config) {
			msApp(c)
			c.OAuth2.Flow, c.OAuth2.Tenant, c.OAuth2.TokenKeyFile = FlowDeviceCode, "organizations", "/k"
		}, ""},
		{"generic needs token url", func(c *Config) { msApp(c); c.OAuth2.Provider = ProviderGeneric; c.OAuth2.TokenURL = "" }, "oauth2.token_url: is required"},
		{"secret expiry bad", func(c *Config) { msApp(c); c.OAuth2.ClientSecretExpires = "30/11/2027" }, "oauth2.client_secret_expires:"},
		{"refresh before too long", func(c *Config) { msApp(c); c.OAuth2.RefreshBefore.Duration = time.Hour }, "oauth2.refresh_before:"},
		{"timeout short", func(c *Config) { msApp(c); c.OAuth2.Timeout.Duration = 0 }, "oauth2.timeout:"},
		{"password still needed for password auth", func(c *Config) { c.IMAP.Password = "" }, "imap.password: is required"},
		{"alarms off", func(c *Config) { c.Alarms.After.Duration = 0 }, ""},
		{"alarms too short", func(c *Config) { c.Alarms.After.Duration = time.Second }, "alarms.after:"},
		{"alarms under two polls", func(c *Config) { c.Alarms.After.Duration = time.Minute }, "alarms.after: 1m0s must be at least twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, "testdata/minimal.toml")
			tt.change(c)
			c.ApplyDefaults()
			got := []string{}
			if err := c.Validate(); err != nil {
				got = problemsOf(t, err)
			}
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("Validate() = %q, want valid", got)
				}
				return
			}
			if len(got) != 1 || !strings.HasPrefix(got[0], tt.want) {
				t.Errorf("problems = %q, want exactly one starting %q", got, tt.want)
			}
		})
	}
}

func TestOAuth2DefaultsFromProvider(t *testing.T) {
	c := mustLoad(t, "testdata/minimal.toml")
	msApp(c)
	c.ApplyDefaults()
	o := c.OAuth2
	if o.Flow != FlowClientCredentials || o.TokenURL != "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token" ||
		!slices.Equal(o.Scopes, ScopesMicrosoftApp) {
		t.Errorf("microsoft defaults = %+v", o)
	}
	c.OAuth2.Flow, c.OAuth2.Scopes = FlowDeviceCode, nil
	c.ApplyDefaults()
	if !strings.HasSuffix(c.OAuth2.DeviceAuthURL, "/oauth2/v2.0/devicecode") || !slices.Contains(c.OAuth2.Scopes, "offline_access") {
		t.Errorf("device code defaults = %+v", c.OAuth2)
	}
	g := mustLoad(t, "testdata/minimal.toml")
	g.OAuth2.Provider = ProviderGoogle
	g.ApplyDefaults()
	if g.OAuth2.Flow != FlowServiceAccount || g.OAuth2.Subject != "intake@provider.example" || !slices.Equal(g.OAuth2.Scopes, ScopesGoogle) {
		t.Errorf("google defaults = %+v", g.OAuth2)
	}
}

func TestOAuth2FromEnvironmentAndSecretFile(t *testing.T) {
	secret := writeFile(t, "secret", "value-not-id\n")
	c := mustLoad(t, "testdata/minimal.toml",
		"INTAKE_IMAP_AUTH=oauth2", "INTAKE_IMAP_PASSWORD=", "INTAKE_OAUTH2_PROVIDER=microsoft",
		"INTAKE_OAUTH2_TENANT=provider.example", "INTAKE_OAUTH2_CLIENT_ID=abc",
		"INTAKE_OAUTH2_CLIENT_SECRET_FILE="+secret, "INTAKE_OAUTH2_SCOPES=https://ps.outlook.com/.default")
	if c.OAuth2.ClientSecret != "value-not-id" || c.OAuth2.Scopes[0] != "https://ps.outlook.com/.default" {
		t.Errorf("oauth2 = %+v", c.OAuth2)
	}
	if r := c.Redacted(); r.OAuth2.ClientSecret != Redaction {
		t.Errorf("redacted secret = %q", r.OAuth2.ClientSecret)
	}
}

func TestWarnings(t *testing.T) {
	now := time.Date(2027, 11, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		change func(*Config)
		want   []string // prefixes
	}{
		{"none", func(*Config) {}, nil},
		{"password on office365", func(c *Config) { c.IMAP.Address = "outlook.office365.com:993" }, []string{"imap.auth: Microsoft has disabled"}},
		{"secret far off", func(c *Config) { msApp(c); c.OAuth2.ClientSecretExpires = "2028-06-01" }, nil},
		{"secret within 30 days", func(c *Config) { msApp(c); c.OAuth2.ClientSecretExpires = "2027-11-30" }, []string{"oauth2.client_secret_expires: the client secret expires on 2027-11-30"}},
		{"secret expired", func(c *Config) { msApp(c); c.OAuth2.ClientSecretExpires = "2027-10-31" }, []string{"oauth2.client_secret_expires: the client secret expired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustLoad(t, "testdata/minimal.toml")
			tt.change(c)
			got := c.Warnings(now)
			if len(got) != len(tt.want) {
				t.Fatalf("Warnings = %q, want %d", got, len(tt.want))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("warning %q, want prefix %q", got[i], tt.want[i])
				}
			}
		})
	}
}
