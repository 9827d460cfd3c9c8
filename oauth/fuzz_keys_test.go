package oauth

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fuzzFile writes data where a reader of key files will look, once per
// fuzzing process.
func fuzzFile(t *testing.T, dir string, data []byte) string {
	p := filepath.Join(dir, "key")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// FuzzReadServiceAccount: a key is accepted only with type
// service_account, a client_email and a private_key, and a refusal is one
// of two fixed sentences, so that no part of the file (the private key)
// can end up in a log.
func FuzzReadServiceAccount(f *testing.F) {
	f.Add([]byte(`{"type":"service_account","client_email":"intake@project.iam.example","private_key":"-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n","token_uri":"https://oauth2.example/token"}`))
	f.Add([]byte(`{"type":"authorized_user","client_email":"a@b.example","private_key":"k"}`))
	f.Add([]byte(`{"type":"service_account"}`))
	f.Add([]byte(`not json at all, private_key=SECRET`))
	f.Add([]byte(`[]`))
	dir := f.TempDir()
	refusals := []string{
		"oauth: service account key: not JSON",
		`oauth: service account key: not a service account key (want "type": "service_account" with client_email and private_key)`,
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := readServiceAccount(fuzzFile(t, dir, data))
		if err != nil {
			if !slices.Contains(refusals, err.Error()) {
				t.Fatalf("refusal %q is not one of the fixed sentences", err)
			}
			return
		}
		if k.Type != "service_account" || k.ClientEmail == "" || k.PrivateKey == "" {
			t.Fatalf("accepted %+v", k)
		}
	})
}

// FuzzReadKey: a token key file is accepted only when it gives 32 bytes,
// and then seals and opens a token, bound to its account; a refusal is the
// one fixed sentence.
func FuzzReadKey(f *testing.F) {
	f.Add([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"))
	f.Add([]byte("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n"))
	f.Add([]byte("0123456789abcdef0123456789abcdef"))
	f.Add([]byte("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdeX"))
	f.Add([]byte(""))
	f.Add([]byte("  \n"))
	dir := f.TempDir()
	const refusal = "oauth: token_key_file must hold 32 bytes (raw, 64 hex digits or base64); create one with: openssl rand -hex 32"
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readKey(fuzzFile(t, dir, data))
		if err != nil {
			if err.Error() != refusal {
				t.Fatalf("refusal %q", err)
			}
			return
		}
		sealed := s.seal("casework@provider.example", "refresh-token")
		if plain, err := s.open("casework@provider.example", sealed); err != nil || plain != "refresh-token" {
			t.Fatalf("sealed token opens as %q, %v", plain, err)
		}
		if _, err := s.open("other@provider.example", sealed); err == nil {
			t.Fatal("a token opened for another account")
		}
	})
}
