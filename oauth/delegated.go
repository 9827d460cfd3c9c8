package oauth

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"example.org/intake/store"
)

// ErrNotSignedIn means no delegated sign-in is stored for the account.
var ErrNotSignedIn = errors.New("oauth: nobody has signed in yet: run intake oauth login")

// delegated refreshes a rotating refresh token kept in the database. The
// whole exchange runs with the row locked, and the new refresh token is
// committed before the access token is handed out: Microsoft does not
// revoke the old refresh token on use, so a crash before the commit costs
// nothing, while a rotated token that was never stored would lapse after
// 90 days of the old one's inactivity (AADSTS700082).
type delegated struct {
	st       *store.Store
	seal     *sealer
	account  string
	tokenURL string
	clientID string
	secret   string // optional: confidential clients
	scopes   []string
	now      func() time.Time
}

func (d *delegated) fetch(ctx context.Context) (*oauth2.Token, error) {
	var tok *oauth2.Token
	err := d.st.RefreshOAuthToken(ctx, d.account, func(row *store.OAuthToken) error {
		rt, err := d.seal.open(d.account, row.RefreshToken)
		if err != nil {
			return err
		}
		tok, err = refreshGrant(ctx, d.tokenURL, d.clientID, d.secret, d.scopes, rt)
		if err != nil {
			return err
		}
		if tok.RefreshToken != "" && tok.RefreshToken != rt {
			row.RefreshToken = d.seal.seal(d.account, tok.RefreshToken)
		}
		row.AccessExpiry = sql.NullTime{Time: tok.Expiry, Valid: !tok.Expiry.IsZero()}
		row.LastRefreshAt = sql.NullTime{Time: d.now(), Valid: true}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotSignedIn
	}
	return tok, err
}

// tokenResponse is RFC 6749 §5.1 and §5.2 in one.
type tokenResponse struct {
	AccessToken      string `json:"access_token"`
	RefreshToken     string `json:"refresh_token"`
	TokenType        string `json:"token_type"`
	ExpiresIn        int64  `json:"expires_in"`
	Scope            string `json:"scope"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorURI         string `json:"error_uri"`
}

// refreshGrant posts grant_type=refresh_token itself because x/oauth2's
// refresher sends no scope (Entra then answers AADSTS90009/900144) and
// offers no hook to persist the rotated token.
func refreshGrant(ctx context.Context, tokenURL, clientID, secret string, scopes []string, rt string) (*oauth2.Token, error) {
	form := url.Values{
		"grant_type": {"refresh_token"}, "refresh_token": {rt},
		"client_id": {clientID}, "scope": {strings.Join(scopes, " ")},
	}
	if secret != "" {
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("oauth: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := http.DefaultClient
	if c, ok := ctx.Value(oauth2.HTTPClient).(*http.Client); ok {
		client = c
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("oauth: refresh: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("oauth: refresh: %w", err)
	}
	var tr tokenResponse
	jerr := json.Unmarshal(body, &tr)
	if resp.StatusCode < 200 || resp.StatusCode > 299 || tr.Error != "" || jerr != nil || tr.AccessToken == "" {
		// The same error type x/oauth2 returns, so that Diagnose treats
		// both flows alike.
		return nil, &oauth2.RetrieveError{Response: resp, Body: body, ErrorCode: tr.Error,
			ErrorDescription: tr.ErrorDescription, ErrorURI: tr.ErrorURI}
	}
	tok := &oauth2.Token{AccessToken: tr.AccessToken, RefreshToken: tr.RefreshToken, TokenType: tr.TokenType}
	if tr.ExpiresIn > 0 {
		tok.Expiry = time.Now().Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	return tok, nil
}
