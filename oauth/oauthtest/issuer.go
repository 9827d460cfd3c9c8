// Package oauthtest is a fake identity provider for tests: an httptest
// token endpoint shaped like Microsoft Entra's that issues JWT-shaped
// access tokens, rotates refresh tokens, runs the device-code flow, and
// refuses with Entra's error bodies on demand. It records what it issued,
// so that fake mail servers can accept exactly its tokens.
package oauthtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Tenant is the tenant in the fake issuer's URLs.
const Tenant = "tenant.example"

// Issuer is a running fake token endpoint.
type Issuer struct {
	URL      string // base URL; TokenURL and DeviceAuthURL are under it
	ClientID string
	Secret   string
	// Lifetime of issued access tokens.
	Lifetime time.Duration
	// Roles put in app-only tokens.
	Roles []string

	srv *httptest.Server

	mu       sync.Mutex
	issued   map[string]time.Time // access token → expiry
	requests int
	refuse   *entraError
	// rt is the one refresh token that is valid: stricter than Microsoft,
	// which keeps old ones, so that a test proves the new one was stored.
	rt      string
	rtCount int
	now     func() time.Time
}

type entraError struct {
	status      int
	code, descr string
}

// New starts an issuer for clientID/secret; it stops with the test.
func New(t interface{ Cleanup(func()) }, clientID, secret string) *Issuer {
	is := &Issuer{ClientID: clientID, Secret: secret, Lifetime: time.Hour,
		Roles: []string{"IMAP.AccessAsApp", "SMTP.SendAsApp"}, issued: map[string]time.Time{}, now: time.Now}
	is.srv = httptest.NewServer(http.HandlerFunc(is.serve))
	is.URL = is.srv.URL
	t.Cleanup(is.srv.Close)
	return is
}

// TokenURL is Entra's v2.0 token endpoint on the fake.
func (is *Issuer) TokenURL() string { return is.URL + "/" + Tenant + "/oauth2/v2.0/token" }

// DeviceAuthURL is the device-code endpoint on the fake.
func (is *Issuer) DeviceAuthURL() string { return is.URL + "/" + Tenant + "/oauth2/v2.0/devicecode" }

// Refuse makes every token request fail with an Entra-style error until
// Accept; for example Refuse(401, "invalid_client", "AADSTS7000222: The
// provided client secret keys for app '…' are expired.").
func (is *Issuer) Refuse(status int, code, description string) {
	is.mu.Lock()
	is.refuse = &entraError{status, code, description}
	is.mu.Unlock()
}

// Accept ends Refuse.
func (is *Issuer) Accept() {
	is.mu.Lock()
	is.refuse = nil
	is.mu.Unlock()
}

// Requests counts token requests answered (issued or refused).
func (is *Issuer) Requests() int {
	is.mu.Lock()
	defer is.mu.Unlock()
	return is.requests
}

// RefreshToken is the refresh token currently valid.
func (is *Issuer) RefreshToken() string {
	is.mu.Lock()
	defer is.mu.Unlock()
	return is.rt
}

// SetRefreshToken makes rt the valid refresh token (a sign-in done before).
func (is *Issuer) SetRefreshToken(rt string) {
	is.mu.Lock()
	is.rt = rt
	is.mu.Unlock()
}

// ErrInvalidToken is what Check returns for a token it did not issue.
var ErrInvalidToken = errors.New("oauthtest: unknown token")

// ErrExpiredToken is what Check returns for a token past its expiry.
var ErrExpiredToken = errors.New("oauthtest: token expired")

// Check says whether token was issued here and is still valid, and when it
// expires: what a fake mail server asks.
func (is *Issuer) Check(token string) (time.Time, error) {
	is.mu.Lock()
	defer is.mu.Unlock()
	exp, ok := is.issued[token]
	if !ok {
		return time.Time{}, ErrInvalidToken
	}
	if !is.now().Before(exp) {
		return exp, ErrExpiredToken
	}
	return exp, nil
}

func (is *Issuer) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	is.mu.Lock()
	defer is.mu.Unlock()
	is.requests++
	switch {
	case strings.HasSuffix(r.URL.Path, "/devicecode"):
		writeJSON(w, 200, map[string]any{"device_code": "dev-code", "user_code": "ABCD-EFGH",
			"verification_uri": "https://microsoft.com/devicelogin", "expires_in": 900, "interval": 1})
		return
	case !strings.HasSuffix(r.URL.Path, "/token"):
		http.NotFound(w, r)
		return
	}
	if e := is.refuse; e != nil {
		is.fail(w, e.status, e.code, e.descr)
		return
	}
	f := r.PostForm
	if f.Get("client_id") != is.ClientID && f.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		is.fail(w, 400, "unauthorized_client", "AADSTS700016: Application with identifier '"+f.Get("client_id")+"' was not found in the directory '"+Tenant+"'.")
		return
	}
	switch f.Get("grant_type") {
	case "client_credentials":
		if f.Get("client_secret") != is.Secret {
			is.fail(w, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.")
			return
		}
		if f.Get("scope") != "https://outlook.office365.com/.default" {
			is.fail(w, 400, "invalid_scope", "AADSTS70011: The provided request must include a 'scope' input parameter.")
			return
		}
		is.issue(w, is.Roles, "")
	case "urn:ietf:params:oauth:grant-type:device_code":
		is.issue(w, nil, is.newRefreshToken())
	case "urn:ietf:params:oauth:grant-type:jwt-bearer":
		// Google's service-account grant. The signature is not checked:
		// the test is about the claims intake sends.
		claims := jwtClaims(f.Get("assertion"))
		if claims["iss"] != is.ClientID {
			is.fail(w, 401, "invalid_client", "The OAuth client was not found.")
			return
		}
		if claims["sub"] == nil || claims["scope"] != "https://mail.google.com/" {
			is.fail(w, 401, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
			return
		}
		is.issue(w, nil, "")
	case "refresh_token":
		if f.Get("scope") == "" {
			is.fail(w, 400, "invalid_request", "AADSTS90009: Application is requesting a token for itself. This scenario is supported only if resource is specified using the GUID based App Identifier.")
			return
		}
		if is.rt == "" || f.Get("refresh_token") != is.rt {
			is.fail(w, 400, "invalid_grant", "AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2026-01-01 and was inactive for 90.00:00:00.")
			return
		}
		is.issue(w, nil, is.newRefreshToken())
	default:
		is.fail(w, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.")
	}
}

func (is *Issuer) newRefreshToken() string {
	is.rtCount++
	is.rt = fmt.Sprintf("rt-%d-%s", is.rtCount, randHex(4))
	return is.rt
}

// issue writes a token response with a JWT-shaped (unsigned) access token
// whose claims intake check can show.
func (is *Issuer) issue(w http.ResponseWriter, roles []string, refresh string) {
	exp := is.now().Add(is.Lifetime)
	claims := map[string]any{"aud": "https://outlook.office.com", "tid": Tenant, "appid": is.ClientID,
		"exp": exp.Unix(), "jti": randHex(8)}
	if roles != nil {
		claims["roles"] = roles
	} else {
		claims["scp"] = "IMAP.AccessAsUser.All SMTP.Send"
		claims["upn"] = "signed.in@provider.example"
	}
	payload, _ := json.Marshal(claims)
	tok := "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(payload) + ".sig"
	is.issued[tok] = exp
	body := map[string]any{"token_type": "Bearer", "access_token": tok, "expires_in": int(is.Lifetime / time.Second)}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	writeJSON(w, 200, body)
}

func (is *Issuer) fail(w http.ResponseWriter, status int, code, descr string) {
	writeJSON(w, status, map[string]any{"error": code, "error_description": descr + "\r\nTrace ID: 0000\r\nCorrelation ID: 0000\r\nTimestamp: 2026-11-25 00:00:00Z",
		"error_codes": []int{0}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// jwtClaims decodes a JWT's payload without verifying it.
func jwtClaims(token string) map[string]any {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	return m
}
