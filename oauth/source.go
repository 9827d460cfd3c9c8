package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// fetchFunc gets a new token from the identity provider.
type fetchFunc func(ctx context.Context) (*oauth2.Token, error)

// Source caches one access token and fetches a new one when the cached one
// is within RefreshBefore of its expiry or was invalidated. Concurrent
// callers wait for a single fetch. It implements mailbox.TokenSource.
type Source struct {
	fetch         fetchFunc
	refreshBefore time.Duration
	timeout       time.Duration
	now           func() time.Time

	mu     sync.Mutex
	tok    *oauth2.Token
	status Status
}

// Status is what health checks, alarms and metrics need to know.
type Status struct {
	LastSuccess  time.Time // last token obtained
	LastError    error     // last fetch failure; nil after a success
	FailingSince time.Time // first failure of the current run of failures
	Expiry       time.Time // expiry of the cached token
}

func newSource(fetch fetchFunc, refreshBefore, timeout time.Duration, now func() time.Time) *Source {
	if now == nil {
		now = time.Now
	}
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &Source{fetch: fetch, refreshBefore: refreshBefore, timeout: timeout, now: now}
}

// Token returns a cached token or fetches a new one.
func (s *Source) Token(ctx context.Context) (string, time.Time, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil && s.fresh(s.tok) {
		return s.tok.AccessToken, s.tok.Expiry, nil
	}
	// x/oauth2 has no HTTP timeout of its own; a stuck proxy would hang
	// the watcher's login.
	hctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	hctx = context.WithValue(hctx, oauth2.HTTPClient, &http.Client{Timeout: s.timeout})
	tok, err := s.fetch(hctx)
	if err == nil && (tok == nil || tok.AccessToken == "") {
		err = errors.New("token endpoint returned no access token")
	}
	if err != nil {
		if s.status.LastError == nil {
			s.status.FailingSince = s.now()
		}
		s.status.LastError = err
		return "", time.Time{}, fmt.Errorf("oauth: get token: %w", err)
	}
	s.tok = tok
	s.status = Status{LastSuccess: s.now(), Expiry: tok.Expiry}
	return tok.AccessToken, tok.Expiry, nil
}

func (s *Source) fresh(t *oauth2.Token) bool {
	return t.Expiry.IsZero() || s.now().Before(t.Expiry.Add(-s.refreshBefore))
}

// Invalidate drops the cached token.
func (s *Source) Invalidate() {
	s.mu.Lock()
	s.tok = nil
	s.mu.Unlock()
}

// Status reports the last outcome.
func (s *Source) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}
