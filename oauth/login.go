package oauth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"example.org/intake/config"
	"example.org/intake/store"
)

// Login runs the device-code sign-in (`intake oauth login`): it prints
// where to go and which code to enter, waits for the person to sign in,
// and stores the refresh token encrypted. It returns the access token so
// that the caller can go on to check the mailbox with it.
func Login(ctx context.Context, cfg *config.Config, st *store.Store, out io.Writer) (*oauth2.Token, error) {
	o := cfg.OAuth2
	if o.Flow != config.FlowDeviceCode {
		return nil, fmt.Errorf("oauth: intake oauth login is for flow \"device_code\"; flow %q needs no sign-in", o.Flow)
	}
	seal, err := readKey(o.TokenKeyFile)
	if err != nil {
		return nil, err
	}
	oc := &oauth2.Config{
		ClientID: o.ClientID, ClientSecret: o.ClientSecret, Scopes: o.Scopes,
		Endpoint: oauth2.Endpoint{TokenURL: o.TokenURL, DeviceAuthURL: o.DeviceAuthURL, AuthStyle: oauth2.AuthStyleInParams},
	}
	hctx := context.WithValue(ctx, oauth2.HTTPClient, &http.Client{Timeout: o.Timeout.Duration})
	da, err := oc.DeviceAuth(hctx)
	if err != nil {
		return nil, fmt.Errorf("oauth: device sign-in: %w", err)
	}
	fmt.Fprintf(out, "To sign in, open %s and enter the code %s\n", da.VerificationURI, da.UserCode)
	fmt.Fprintf(out, "Sign in as the account that has Full Access and Send As on %s.\n", cfg.IMAP.Username)
	tok, err := oc.DeviceAccessToken(hctx, da)
	if err != nil {
		return nil, fmt.Errorf("oauth: device sign-in: %w", err)
	}
	if tok.RefreshToken == "" {
		return nil, errors.New("oauth: the identity provider returned no refresh token: add offline_access to oauth2.scopes")
	}
	account := AccountKey(o)
	now := time.Now()
	err = st.SaveOAuthToken(ctx, store.OAuthToken{
		Account: account, Provider: o.Provider, RefreshToken: seal.seal(account, tok.RefreshToken),
		Scopes: strings.Join(o.Scopes, " "), AccessExpiry: sql.NullTime{Time: tok.Expiry, Valid: !tok.Expiry.IsZero()},
		ObtainedAt: now, LastRefreshAt: sql.NullTime{Time: now, Valid: true},
	})
	if err != nil {
		return nil, err
	}
	return tok, nil
}

// AccountKey names the stored sign-in of an [oauth2] block: the same
// client in the same tenant is the same sign-in.
func AccountKey(o config.OAuth2) string {
	return o.Provider + "/" + o.Tenant + "/" + o.ClientID
}

// SignInStatus is what `intake oauth status` shows.
type SignInStatus struct {
	Account       string
	Scopes        string
	ObtainedAt    time.Time
	LastRefreshAt time.Time
	LastError     string
	// LapsesAt is when the refresh token lapses if nothing uses it: 90
	// days after the last refresh for Microsoft.
	LapsesAt time.Time
}

// RefreshTokenIdleLimit is Microsoft's refresh-token inactivity limit.
const RefreshTokenIdleLimit = 90 * 24 * time.Hour

// SignIn reads the stored sign-in for cfg, or ErrNotSignedIn.
func SignIn(ctx context.Context, cfg *config.Config, st *store.Store) (SignInStatus, error) {
	row, err := st.OAuthToken(ctx, AccountKey(cfg.OAuth2))
	if errors.Is(err, store.ErrNotFound) {
		return SignInStatus{}, ErrNotSignedIn
	}
	if err != nil {
		return SignInStatus{}, err
	}
	s := SignInStatus{Account: row.Account, Scopes: row.Scopes, ObtainedAt: row.ObtainedAt, LastError: row.LastError}
	last := row.ObtainedAt
	if row.LastRefreshAt.Valid {
		s.LastRefreshAt = row.LastRefreshAt.Time
		last = row.LastRefreshAt.Time
	}
	s.LapsesAt = last.Add(RefreshTokenIdleLimit)
	return s, nil
}
