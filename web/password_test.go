package web

import (
	"errors"
	"strings"
	"testing"
)

func TestParsePasswordHash(t *testing.T) {
	good, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	h, err := parsePasswordHash(good)
	if err != nil {
		t.Fatalf("a hash of our own: %v", err)
	}
	if h.memory != argonMemory || h.time != argonTime || h.threads != argonThreads || len(h.salt) != 16 || len(h.key) != argonKeyLen {
		t.Errorf("parsed %+v", h)
	}
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	with := func(params, s, k string) string { return "$argon2id$v=19$" + params + "$" + s + "$" + k }
	const std = "m=19456,t=2,p=1"
	for _, tc := range []struct{ name, hash string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$abcdefghijklmnopqrstuu5Zt3i6ZC6gyJ0b0uKZgVVkQxWZ1yHq2"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"argon2d", strings.Replace(good, "argon2id", "argon2d", 1)},
		{"upper-case name", strings.Replace(good, "argon2id", "ARGON2ID", 1)},
		{"text before", "x" + good},
		{"text after", good + "$"},
		{"newline after", good + "\n"},
		{"missing version", "$argon2id$" + std + "$" + salt + "$" + key},
		{"version 16", strings.Replace(good, "v=19", "v=16", 1)},
		{"version with leading zero", strings.Replace(good, "v=19", "v=019", 1)},
		{"version garbage", strings.Replace(good, "v=19", "v=19x", 1)},
		{"parameters out of order", with("t=2,m=19456,p=1", salt, key)},
		{"parameter missing", with("m=19456,t=2", salt, key)},
		{"parameter extra", with(std+",k=1", salt, key)},
		{"parameter empty", with("m=,t=2,p=1", salt, key)},
		{"parameter with sign", with("m=+19456,t=2,p=1", salt, key)},
		{"parameter negative", with("m=19456,t=-2,p=1", salt, key)},
		{"parameter with leading zero", with("m=019456,t=2,p=1", salt, key)},
		{"parameter with space", with("m=19456, t=2,p=1", salt, key)},
		{"parameter in hex", with("m=0x4c00,t=2,p=1", salt, key)},
		{"parameter over 32 bits", with("m=4294967296,t=2,p=1", salt, key)},
		{"weak memory", with("m=8,t=2,p=1", salt, key)},
		{"weak time", with("m=19456,t=1,p=1", salt, key)},
		{"zero time", with("m=19456,t=0,p=1", salt, key)},
		{"zero threads", with("m=19456,t=2,p=0", salt, key)},
		{"threads over a byte", with("m=19456,t=2,p=257", salt, key)},
		{"huge memory", with("m=4194304,t=2,p=1", salt, key)},
		{"huge time", with("m=19456,t=1000000,p=1", salt, key)},
		{"empty salt", with(std, "", key)},
		{"short salt", with(std, "c2FsdA", key)},
		{"padded salt", with(std, salt+"==", key)},
		{"salt with newline", with(std, salt[:8]+"\n"+salt[8:], key)},
		{"salt in URL base64", with(std, strings.NewReplacer("+", "-", "/", "_").Replace(salt)+"-_", key)},
		{"salt not canonical", with(std, salt[:len(salt)-1]+"B", key)},
		{"empty key", with(std, salt, "")},
		{"short key", with(std, salt, key[:8])},
		{"key not base64", with(std, salt, "!!"+key[2:])},
		{"overlong key", with(std, salt, strings.Repeat("A", 200))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.hash == good {
				t.Fatal("the case does not change the hash")
			}
			_, err := parsePasswordHash(tc.hash)
			if !errors.Is(err, ErrPasswordHash) {
				t.Errorf("parsePasswordHash(%q) = %v, want ErrPasswordHash", tc.hash, err)
			}
			if ok, err := CheckPassword(tc.hash, "correct horse battery staple"); ok || err == nil {
				t.Errorf("CheckPassword = %v, %v", ok, err)
			}
		})
	}
}
