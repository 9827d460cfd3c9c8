package oauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// sealer encrypts the stored refresh token with AES-256-GCM. The account
// name is bound in as additional data, so a token copied to another row
// does not decrypt.
type sealer struct{ aead cipher.AEAD }

// readKey accepts 32 bytes raw, as 64 hex digits or in base64, so that
// `openssl rand -hex 32 > key` and `head -c32 /dev/urandom > key` both work.
func readKey(path string) (*sealer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oauth: token_key_file: %w", err)
	}
	var key []byte
	text := strings.TrimSpace(string(data))
	switch {
	case len(data) == 32:
		key = data
	case len(text) == 64:
		key, err = hex.DecodeString(text)
	default:
		key, err = base64.StdEncoding.DecodeString(text)
	}
	if err != nil || len(key) != 32 {
		return nil, errors.New("oauth: token_key_file must hold 32 bytes (raw, 64 hex digits or base64); create one with: openssl rand -hex 32")
	}
	return newSealer(key)
}

func newSealer(key []byte) (*sealer, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("oauth: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("oauth: %w", err)
	}
	return &sealer{aead: aead}, nil
}

func (s *sealer) seal(account, plain string) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return s.aead.Seal(nonce, nonce, []byte(plain), []byte(account))
}

// errWrongKey means the stored token was written with another key.
var errWrongKey = errors.New("oauth: the stored refresh token cannot be decrypted with oauth2.token_key_file (was the key changed?); run intake oauth login")

func (s *sealer) open(account string, sealed []byte) (string, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return "", errWrongKey
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(account))
	if err != nil {
		return "", errWrongKey
	}
	return string(plain), nil
}
