package oauth

import (
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/emersion/go-imap/v2"
	"golang.org/x/oauth2"

	"example.org/intake/mailbox"
)

// Problem is one failure explained for an administrator: what is wrong and
// what to do about it, on one line.
type Problem struct {
	Code    string // stable name, for metrics and tests: "secret-expired", "imap-auth-refused", ...
	Summary string // what is wrong
	Fix     string // what to do
}

func (p Problem) String() string {
	if p.Fix == "" {
		return p.Summary
	}
	return p.Summary + ": " + p.Fix
}

// Subject is what a diagnosis may name: the identifiers an admin pastes
// into the Entra portal and Exchange PowerShell. It never holds secrets.
type Subject struct {
	Provider      string // config.ProviderMicrosoft, ...
	Tenant        string
	ClientID      string
	Mailbox       string // imap.username
	SMTPUser      string // smtp.username
	SMTPFrom      string // address of smtp.from
	SecretExpires string // oauth2.client_secret_expires
	TokenHost     string // host of the token endpoint
	Server        string // host:port of the server being checked
}

var aadsts = regexp.MustCompile(`AADSTS(\d+)`)

// Diagnose explains err, which came from getting a token, logging in to
// IMAP or talking to SMTP. An error it does not recognise is shown as it
// is, with the general advice to check the server address and network.
func Diagnose(err error, s Subject) Problem {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return diagnoseTokenError(re, s)
	}
	if errors.Is(err, ErrNotSignedIn) {
		return Problem{"not-signed-in", "nobody has signed in for intake yet", "run intake oauth login"}
	}
	if errors.Is(err, errWrongKey) {
		return Problem{"token-key", "the stored sign-in cannot be decrypted with oauth2.token_key_file", "restore the old key file, or run intake oauth login again"}
	}
	if errors.Is(err, mailbox.ErrNoXOAUTH2) {
		return Problem{"no-xoauth2", fmt.Sprintf("%s does not offer XOAUTH2 login", s.Server),
			"check the address (Microsoft 365: outlook.office365.com:993 and smtp.office365.com:587; Google: imap.gmail.com:993 and smtp.gmail.com:587)"}
	}
	var ae *mailbox.AuthError
	if errors.As(err, &ae) {
		return diagnoseIMAPRefusal(ae, s)
	}
	var se *mailbox.SendError
	if errors.As(err, &se) && se.Code != 0 {
		if p, ok := diagnoseSMTPReply(se, s); ok {
			return p
		}
	}
	var ie *imap.Error
	if errors.As(err, &ie) && strings.Contains(strings.ToLower(ie.Text), "fail") {
		return Problem{"imap-login-refused", fmt.Sprintf("%s refused the login for %s (%s)", s.Server, s.Mailbox, ie.Text),
			"check imap.username and the password; Microsoft 365 no longer accepts passwords for IMAP: use auth = \"oauth2\""}
	}
	return diagnoseNetwork(err, s)
}

func diagnoseTokenError(re *oauth2.RetrieveError, s Subject) Problem {
	if re.ErrorCode == "" {
		// x/oauth2/jwt leaves the body unparsed.
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(re.Body, &body) == nil {
			re.ErrorCode, re.ErrorDescription = body.Error, body.Description
		}
	}
	code := ""
	if m := aadsts.FindStringSubmatch(re.ErrorDescription); m != nil {
		code = m[1]
	}
	desc := firstLine(re.ErrorDescription)
	app := fmt.Sprintf("application %s in tenant %s", s.ClientID, s.Tenant)
	switch code {
	case "7000215":
		return Problem{"secret-invalid", "Entra rejected the client secret",
			"paste the secret's Value (Certificates & secrets), not its Secret ID, into oauth2.client_secret_file"}
	case "7000222":
		when := ""
		if s.SecretExpires != "" {
			when = " (on " + s.SecretExpires + ")"
		}
		return Problem{"secret-expired", "the client secret has expired" + when,
			"create a new secret under Certificates & secrets, put its Value in oauth2.client_secret_file and update oauth2.client_secret_expires"}
	case "700016":
		return Problem{"app-not-found", app + " was not found",
			"check oauth2.client_id (the Application (client) ID) and oauth2.tenant"}
	case "90002", "900023":
		return Problem{"tenant-not-found", "tenant " + s.Tenant + " was not found",
			"check oauth2.tenant: the Directory (tenant) ID or a verified domain"}
	case "70011", "1002012":
		return Problem{"bad-scope", "Entra rejected the scope",
			"for app-only access oauth2.scopes must be [\"https://outlook.office365.com/.default\"]"}
	case "500011":
		return Problem{"no-exchange", "this tenant has no Exchange Online (resource not found)",
			"check that the mailbox is in Microsoft 365 and oauth2.tenant is its tenant"}
	case "700082", "50173", "70000", "70008", "50078":
		return Problem{"signin-lapsed", "the stored sign-in has lapsed or was revoked (" + desc + ")",
			"run intake oauth login again"}
	case "65001", "65004":
		return Problem{"consent-missing", "the app has not been granted consent",
			"an admin must grant consent for " + app + " (API permissions → Grant admin consent)"}
	case "53003", "50076", "50079":
		return Problem{"conditional-access", "Conditional Access or MFA blocked the sign-in",
			"prefer app-only access (flow = \"client_credentials\"), or ask the admin to exclude this app"}
	case "7000218":
		return Problem{"public-client", "Entra wants a client secret for the device-code sign-in",
			"turn on Allow public client flows (App registration → Authentication)"}
	}
	switch re.ErrorCode {
	case "invalid_client":
		return Problem{"client-invalid", "the token endpoint rejected the client (" + desc + ")", "check oauth2.client_id and the client secret"}
	case "invalid_grant":
		if s.Provider == "google" {
			return Problem{"google-dwd", "Google refused to issue a token for " + s.Mailbox + " (" + desc + ")",
				"in Google Admin → Security → API controls → Domain-wide delegation, authorise the service account's client ID for https://mail.google.com/; oauth2.subject must be a user in the domain"}
		}
		return Problem{"signin-lapsed", "the stored sign-in is no longer valid (" + desc + ")", "run intake oauth login again"}
	case "unauthorized_client":
		if s.Provider == "google" {
			return Problem{"google-dwd", "Google will not issue a token for " + s.Mailbox + " (" + desc + ")",
				"in Google Admin → Security → API controls → Domain-wide delegation, authorise the service account's client ID for exactly the scopes in oauth2.scopes (https://mail.google.com/); oauth2.subject must be a user in the domain"}
		}
		return Problem{"unauthorized-client", "the client may not use this flow (" + desc + ")", "check oauth2.flow and the app registration"}
	case "invalid_scope":
		return Problem{"bad-scope", "the token endpoint rejected the scope (" + desc + ")", "check oauth2.scopes"}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	return Problem{"token-refused", fmt.Sprintf("the token endpoint %s answered %d %s", s.TokenHost, status, firstLine(re.Error())),
		"check oauth2.token_url, oauth2.client_id and the secret"}
}

func diagnoseIMAPRefusal(ae *mailbox.AuthError, s Subject) Problem {
	if ae.Rejection != nil || s.Provider == "google" {
		return Problem{"google-dwd", "Gmail refused the token for " + s.Mailbox,
			"in Google Admin → Security → API controls → Domain-wide delegation, authorise client ID " + s.ClientID +
				" for https://mail.google.com/, check that IMAP is on for the user, and that oauth2.subject is that user"}
	}
	return Problem{"imap-auth-refused", "Exchange refused the app for " + s.Mailbox + " (AUTHENTICATE failed)",
		exchangeChecklist(s, true)}
}

func exchangeChecklist(s Subject, imapSide bool) string {
	enable := "Set-CASMailbox " + s.Mailbox + " -ImapEnabled $true"
	if !imapSide {
		enable = "Set-CASMailbox " + s.Mailbox + " -SmtpClientAuthenticationDisabled $false"
	}
	return "run New-ServicePrincipal -AppId " + s.ClientID + " -ObjectId <Enterprise application Object ID> (not the App registration's), " +
		"Add-MailboxPermission -Identity " + s.Mailbox + " -User <service principal Identity> -AccessRights FullAccess, and " + enable +
		"; check the token has the role under 'Office 365 Exchange Online' (not Microsoft Graph) with admin consent; changes can take up to an hour"
}

func diagnoseSMTPReply(se *mailbox.SendError, s Subject) (Problem, bool) {
	reply := se.Enhanced + " " + se.Reply
	switch {
	case se.Enhanced == "5.7.139" || strings.Contains(reply, "SmtpClientAuthentication"):
		return Problem{"smtp-auth-disabled", "SMTP AUTH is disabled for " + s.SMTPUser,
			"run Set-CASMailbox " + s.SMTPUser + " -SmtpClientAuthenticationDisabled $false (and check Set-TransportConfig -SmtpClientAuthenticationDisabled)"}, true
	case se.Stage == mailbox.StageAuth && se.Code == 535 && s.Provider == "google":
		return Problem{"google-dwd", "Gmail refused the token for " + s.SMTPUser,
			"authorise the service account's client ID for https://mail.google.com/ under Domain-wide delegation; oauth2.subject must be that user"}, true
	case se.Stage == mailbox.StageAuth && se.Code == 535:
		return Problem{"smtp-auth-refused", "the SMTP server refused the login for " + s.SMTPUser + " (535 " + se.Enhanced + ")",
			exchangeChecklist(Subject{Mailbox: s.SMTPUser, ClientID: s.ClientID}, false) +
				"; SMTP needs SMTP.SendAsApp; with a delegated sign-in smtp.username must be the signed-in user"}, true
	case strings.Contains(reply, "SendAsDenied") || se.Enhanced == "5.7.60":
		return Problem{"send-as-denied", "the server will not send as " + s.SMTPFrom,
			"smtp.from must be " + s.SMTPUser + ", or grant Send As on " + s.SMTPFrom}, true
	}
	return Problem{}, false
}

func diagnoseNetwork(err error, s Subject) Problem {
	var ue *url.Error
	if errors.As(err, &ue) {
		return Problem{"token-unreachable", "cannot reach the token endpoint " + s.TokenHost + " (" + firstLine(ue.Err.Error()) + ")",
			"this is a network or proxy problem, not the credentials: allow HTTPS to " + s.TokenHost}
	}
	var ce x509.UnknownAuthorityError
	var he x509.HostnameError
	if errors.As(err, &ce) || errors.As(err, &he) {
		return Problem{"tls-certificate", s.Server + " presented a certificate intake does not trust", "check the host name in the address, or the system's CA certificates"}
	}
	var ne net.Error
	var oe *net.OpError
	if errors.As(err, &oe) || errors.As(err, &ne) {
		return Problem{"unreachable", "cannot connect to " + s.Server + " (" + firstLine(err.Error()) + ")", "check the address and that the firewall allows it"}
	}
	return Problem{"other", firstLine(err.Error()), ""}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	s, _, _ = strings.Cut(s, "\r")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
