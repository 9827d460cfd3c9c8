package oauth

import (
	"encoding/base64"
	"slices"
	"testing"
)

func jwtWith(payload string) string {
	return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".sig"
}

func TestParseClaims(t *testing.T) {
	tests := []struct {
		name    string
		token   string
		ok      bool
		aud     string
		roles   []string
		missing []string
	}{
		{"app-only", jwtWith(`{"aud":"https://outlook.office.com","roles":["IMAP.AccessAsApp","SMTP.SendAsApp"],"appid":"a","tid":"t","exp":1900000000}`),
			true, "https://outlook.office.com", []string{"IMAP.AccessAsApp", "SMTP.SendAsApp"}, nil},
		{"graph roles only", jwtWith(`{"aud":"https://graph.microsoft.com","roles":["Mail.Read"]}`),
			true, "https://graph.microsoft.com", []string{"Mail.Read"}, []string{"IMAP.AccessAsApp", "SMTP.SendAsApp"}},
		{"audience list", jwtWith(`{"aud":["a","b"]}`), true, "a b", nil, []string{"IMAP.AccessAsApp", "SMTP.SendAsApp"}},
		{"google opaque token", "ya29.a0AfH6SMBx", false, "", nil, nil},
		{"not base64", "a.!!!.c", false, "", nil, nil},
		{"not JSON", jwtWith(`not json`), false, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := ParseClaims(tt.token)
			if ok != tt.ok || c.Audience != tt.aud || !slices.Equal(c.Roles, tt.roles) {
				t.Errorf("ParseClaims = %+v, %v", c, ok)
			}
			if ok {
				if got := c.MissingRoles(true, true); !slices.Equal(got, tt.missing) {
					t.Errorf("MissingRoles = %v, want %v", got, tt.missing)
				}
			}
		})
	}
}

// FuzzParseClaims: a token is untrusted input shown to an admin; it must
// never panic.
func FuzzParseClaims(f *testing.F) {
	f.Add(jwtWith(`{"aud":"x","roles":["IMAP.AccessAsApp"],"exp":1}`))
	f.Add(jwtWith(`{"aud":[1,"x",null],"scp":"a b"}`))
	f.Add("a.b.c")
	f.Add("")
	f.Fuzz(func(t *testing.T, token string) {
		c, _ := ParseClaims(token)
		c.MissingRoles(true, true)
	})
}

func TestSealerBindsAccount(t *testing.T) {
	s, err := newSealer(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	sealed := s.seal("microsoft/t/a", "rt-1")
	if got, err := s.open("microsoft/t/a", sealed); err != nil || got != "rt-1" {
		t.Fatalf("open = %q, %v", got, err)
	}
	if _, err := s.open("microsoft/t/b", sealed); err == nil {
		t.Error("a token sealed for one account opened for another")
	}
	other, _ := newSealer([]byte("0123456789abcdef0123456789abcdef"))
	if _, err := other.open("microsoft/t/a", sealed); err != errWrongKey {
		t.Errorf("open with another key = %v, want errWrongKey", err)
	}
}
