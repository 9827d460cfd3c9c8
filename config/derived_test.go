package config

import "testing"

func TestDatabaseDriver(t *testing.T) {
	tests := []struct {
		url, driver, dsn string
		wantErr          bool
	}{
		{"", "sqlite", "intake.db", false},
		{"sqlite://intake.db", "sqlite", "intake.db", false},
		{"sqlite:///var/lib/intake/intake.db", "sqlite", "/var/lib/intake/intake.db", false},
		{"sqlite://:memory:", "sqlite", ":memory:", false},
		{"sqlite:///tmp/x.db?_pragma=busy_timeout(5000)", "sqlite", "/tmp/x.db?_pragma=busy_timeout(5000)", false},
		{"SQLITE://x.db", "sqlite", "x.db", false},
		{"postgres://intake@db.example/intake?sslmode=disable", "postgres", "postgres://intake@db.example/intake?sslmode=disable", false},
		{"postgresql://intake@db.example/intake", "postgres", "postgresql://intake@db.example/intake", false},
		{"sqlite://", "", "", true},
		{"sqlite:///", "", "", true},
		{"mysql://x/y", "", "", true},
		{"intake.db", "", "", true},
	}
	for _, tt := range tests {
		c := &Config{Database: Database{URL: tt.url}}
		driver, dsn, err := c.DatabaseDriver()
		if (err != nil) != tt.wantErr || driver != tt.driver || dsn != tt.dsn {
			t.Errorf("DatabaseDriver(%q) = %q, %q, %v", tt.url, driver, dsn, err)
		}
	}
}

func TestFromAddress(t *testing.T) {
	tests := []struct{ from, name, addr string }{
		{"Example Family Support <intake@provider.example>", "Example Family Support", "intake@provider.example"},
		{"intake@provider.example", "", "intake@provider.example"},
		{"=?utf-8?q?Caf=C3=A9?= <intake@provider.example>", "Café", "intake@provider.example"},
		{"not an address", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		c := &Config{SMTP: SMTP{From: tt.from}}
		if name, addr := c.FromAddress(); name != tt.name || addr != tt.addr {
			t.Errorf("FromAddress(%q) = %q, %q", tt.from, name, addr)
		}
	}
}

func TestApplyDefaults(t *testing.T) {
	tests := []struct {
		name                string
		listen, baseURL     string
		wantBaseURL         string
		mailDomain, wantDom string
	}{
		{"loopback listen", "127.0.0.1:8080", "", "http://127.0.0.1:8080", "", "provider.example"},
		{"unspecified listen", "0.0.0.0:9000", "", "http://127.0.0.1:9000", "", "provider.example"},
		{"empty host listen", ":9000", "", "http://127.0.0.1:9000", "", "provider.example"},
		{"ipv6 listen", "[::1]:9000", "", "http://[::1]:9000", "", "provider.example"},
		{"explicit values kept", "0.0.0.0:9000", "https://intake.provider.example", "https://intake.provider.example", "mail.provider.example", "mail.provider.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.SMTP.From = "Support <intake@Provider.example>"
			c.Web = Web{Listen: tt.listen, BaseURL: tt.baseURL}
			c.Organisation.MailDomain = tt.mailDomain
			c.ApplyDefaults()
			if c.Web.BaseURL != tt.wantBaseURL {
				t.Errorf("base_url = %q, want %q", c.Web.BaseURL, tt.wantBaseURL)
			}
			if c.Organisation.MailDomain != tt.wantDom {
				t.Errorf("mail_domain = %q, want %q", c.Organisation.MailDomain, tt.wantDom)
			}
		})
	}
}
func TestIsDPOSender(t *testing.T) {
	r := Routing{DPOSenders: []string{"dpo.example", "DPO Desk <desk@council.example>", "trust.example."}}
	tests := []struct {
		addr string
		want bool
	}{
		{"anyone@dpo.example", true},
		{"Anyone@DPO.Example", true},
		{"desk@council.example", true},
		{"DESK@council.example", true},
		{"other@council.example", false},
		{"x@trust.example", true},
		{"x@sub.dpo.example", false},
		{"x@notdpo.example", false},
		{"dpo.example", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := r.IsDPOSender(tt.addr); got != tt.want {
			t.Errorf("IsDPOSender(%q) = %v, want %v", tt.addr, got, tt.want)
		}
	}
}
