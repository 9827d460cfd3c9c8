// Package oauth owns OAuth2 for the mail connections: the access-token
// sources intake logs in to IMAP and SMTP with (Microsoft 365 app-only
// client credentials, delegated device-code sign-in with a rotating refresh
// token kept encrypted in the database, Google service accounts with
// domain-wide delegation), and the diagnosis that turns an identity
// provider's or mail server's refusal into one line saying what to fix.
// Tokens are never logged and access tokens never stored.
package oauth
