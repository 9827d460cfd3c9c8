package oauth

import (
	"context"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// clientCredentials is Microsoft 365 app-only access: no user, no refresh
// token, only the client secret, which is read from the config.
func clientCredentials(tokenURL, clientID, secret string, scopes []string) fetchFunc {
	cc := &clientcredentials.Config{
		ClientID: clientID, ClientSecret: secret, TokenURL: tokenURL, Scopes: scopes,
		// Entra wants the secret in the form; auto-detection would first
		// try HTTP Basic and cost a failed round trip.
		AuthStyle: oauth2.AuthStyleInParams,
	}
	return func(ctx context.Context) (*oauth2.Token, error) { return cc.Token(ctx) }
}
