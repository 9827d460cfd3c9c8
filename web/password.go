package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: OWASP's minimum recommendation (19 MiB, two passes,
// one lane), stored with each hash so they can be raised later.
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// MinPasswordLength is the shortest password accepted at set-up.
const MinPasswordLength = 12

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("web: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches hash. A hash that is
// not a well-formed argon2id string with parameters at least as strong as
// the minimum is an error (ErrPasswordHash), never a weaker check.
func CheckPassword(hash, password string) (bool, error) {
	h, err := parsePasswordHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), h.salt, h.time, h.memory, h.threads, uint32(len(h.key)))
	return subtle.ConstantTimeCompare(got, h.key) == 1, nil
}

// ErrPasswordHash is wrapped by every error about a stored password hash.
var ErrPasswordHash = errors.New("web: password hash")

// Bounds of a stored hash. The lower ones refuse weak parameters (a hash
// planted with t=1 or 8 KiB would be cheap to guess); the upper ones stop
// a hash from costing the desk gigabytes or minutes per sign-in.
const (
	maxArgonMemory  = 1 << 20 // KiB: 1 GiB
	maxArgonTime    = 16
	maxArgonThreads = 16
	minSaltLen      = 16
	maxSaltLen      = 64
	minKeyLen       = 16
	maxKeyLen       = 64
)

type passwordHash struct {
	memory, time uint32
	threads      uint8
	salt, key    []byte
}

// parsePasswordHash reads "$argon2id$v=19$m=M,t=T,p=P$salt$key" (the PHC
// string format, salt and key in unpadded standard base64) strictly: the
// fields in that order, decimal numbers without signs or leading zeros,
// and canonical base64.
func parsePasswordHash(s string) (passwordHash, error) {
	var h passwordHash
	bad := func(format string, a ...any) (passwordHash, error) {
		return passwordHash{}, fmt.Errorf("%w: "+format, append([]any{ErrPasswordHash}, a...)...)
	}
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return bad("not an argon2id hash")
	}
	if parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return bad("unsupported argon2 version")
	}
	params := strings.Split(parts[3], ",")
	if len(params) != 3 {
		return bad("want m=,t=,p= parameters")
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(params[i], name+"=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil || v != strconv.FormatUint(n, 10) {
			return bad("parameter %s is not a plain number", name)
		}
		vals[i] = n
	}
	m, t, p := vals[0], vals[1], vals[2]
	switch {
	case m < argonMemory || m > maxArgonMemory:
		return bad("memory %d KiB outside %d–%d", m, argonMemory, maxArgonMemory)
	case t < argonTime || t > maxArgonTime:
		return bad("time %d outside %d–%d", t, argonTime, maxArgonTime)
	case p < argonThreads || p > maxArgonThreads:
		return bad("threads %d outside %d–%d", p, argonThreads, maxArgonThreads)
	}
	h.memory, h.time, h.threads = uint32(m), uint32(t), uint8(p)
	var ok bool
	if h.salt, ok = strictBase64(parts[4], minSaltLen, maxSaltLen); !ok {
		return bad("salt is not %d–%d bytes of base64", minSaltLen, maxSaltLen)
	}
	if h.key, ok = strictBase64(parts[5], minKeyLen, maxKeyLen); !ok {
		return bad("key is not %d–%d bytes of base64", minKeyLen, maxKeyLen)
	}
	return h, nil
}

// strictBase64 decodes unpadded standard base64 of min–max bytes that
// encodes back to s (the decoder alone skips CR and LF).
func strictBase64(s string, min, max int) ([]byte, bool) {
	b64 := base64.RawStdEncoding.Strict()
	b, err := b64.DecodeString(s)
	return b, err == nil && len(b) >= min && len(b) <= max && b64.EncodeToString(b) == s
}

// dummyHash is checked against when an account does not exist, so that the
// time taken does not tell which addresses have accounts. It is made at the
// first sign-in, not at start: argon2 takes 19 MiB that a daemon which
// never serves a sign-in should not hold at its peak.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a real password at all")
	return h
})
