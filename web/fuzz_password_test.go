package web

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// FuzzParsePasswordHash: every refusal is ErrPasswordHash; an accepted
// hash has parameters within the bounds (never weaker than the minimum)
// and is exactly the canonical string of what was parsed, so no two
// spellings of one hash exist.
func FuzzParsePasswordHash(f *testing.F) {
	good, err := HashPassword("correct horse battery staple")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(dummyHash())
	f.Add(strings.Replace(good, "m=19456", "m=65536", 1))
	f.Add(strings.Replace(good, "t=2", "t=1", 1))
	f.Add(strings.Replace(good, "p=1", "p=+1", 1))
	f.Add(good + "\n")
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$$")
	f.Add("$2a$10$abcdefghijklmnopqrstuu")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parsePasswordHash(s)
		if err != nil {
			if !errors.Is(err, ErrPasswordHash) {
				t.Fatalf("parsePasswordHash(%q): %v is not ErrPasswordHash", s, err)
			}
			return
		}
		if h.memory < argonMemory || h.memory > maxArgonMemory || h.time < argonTime || h.time > maxArgonTime ||
			h.threads < argonThreads || h.threads > maxArgonThreads {
			t.Fatalf("parsePasswordHash(%q) accepted weak or huge parameters %+v", s, h)
		}
		if len(h.salt) < minSaltLen || len(h.key) < minKeyLen || len(h.salt) > maxSaltLen || len(h.key) > maxKeyLen {
			t.Fatalf("parsePasswordHash(%q): salt %d, key %d bytes", s, len(h.salt), len(h.key))
		}
		b64 := base64.RawStdEncoding
		canon := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", h.memory, h.time, h.threads,
			b64.EncodeToString(h.salt), b64.EncodeToString(h.key))
		if canon != s {
			t.Fatalf("parsePasswordHash accepted %q, whose canonical form is %q", s, canon)
		}
	})
}
