package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/jwt"
)

// serviceAccountKey is the part of a Google service account JSON key that
// signing needs.
type serviceAccountKey struct {
	Type         string `json:"type"`
	ClientEmail  string `json:"client_email"`
	ClientID     string `json:"client_id"`
	PrivateKey   string `json:"private_key"`
	PrivateKeyID string `json:"private_key_id"`
	TokenURI     string `json:"token_uri"`
}

// readServiceAccount reads and checks a key file. The error never quotes
// the file's content.
func readServiceAccount(path string) (serviceAccountKey, error) {
	var k serviceAccountKey
	data, err := os.ReadFile(path)
	if err != nil {
		return k, fmt.Errorf("oauth: service account key: %w", err)
	}
	if err := json.Unmarshal(data, &k); err != nil {
		return k, errors.New("oauth: service account key: not JSON")
	}
	if k.Type != "service_account" || k.ClientEmail == "" || k.PrivateKey == "" {
		return k, errors.New("oauth: service account key: not a service account key (want \"type\": \"service_account\" with client_email and private_key)")
	}
	return k, nil
}

// serviceAccount is Google Workspace domain-wide delegation: the service
// account signs a JWT naming the mailbox user as subject. It uses
// x/oauth2/jwt directly rather than x/oauth2/google, which would bring in
// the Cloud metadata client for nothing.
func serviceAccount(k serviceAccountKey, tokenURL, subject string, scopes []string) fetchFunc {
	if tokenURL == "" {
		tokenURL = k.TokenURI
	}
	if tokenURL == "" {
		tokenURL = "https://oauth2.googleapis.com/token"
	}
	cfg := &jwt.Config{
		Email: k.ClientEmail, PrivateKey: []byte(k.PrivateKey), PrivateKeyID: k.PrivateKeyID,
		Subject: subject, Scopes: scopes, TokenURL: tokenURL,
	}
	return func(ctx context.Context) (*oauth2.Token, error) { return cfg.TokenSource(ctx).Token() }
}
