package mailbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// AuthError is a server's refusal of an XOAUTH2 login. Rejection holds
// the JSON challenge of servers that send one (Gmail).
type AuthError struct {
	Protocol  string // "imap" or "smtp"
	Rejection *XOAUTH2Rejection
	Err       error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("mailbox: %s xoauth2: %v", e.Protocol, e.Err)
}

func (e *AuthError) Unwrap() error { return e.Err }

// authenticateXOAUTH2 logs in with a token and returns its expiry. A
// refusal is retried once with a freshly fetched token: a token cached
// from before the admin granted a permission lacks it.
func authenticateXOAUTH2(ctx context.Context, c *imapclient.Client, opts DialOptions) (time.Time, error) {
	if !c.Caps().Has(imap.Cap("AUTH=XOAUTH2")) {
		return time.Time{}, ErrNoXOAUTH2
	}
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		sc := &xoauth2Client{ctx: ctx, user: opts.Username, tokens: opts.TokenSource}
		err = c.Authenticate(sc)
		if err == nil {
			return sc.expiry, nil
		}
		var ie *imap.Error
		if !errors.As(err, &ie) {
			// A token endpoint failure or a broken connection: a second
			// attempt on this connection would not help.
			if sc.expiry.IsZero() && ctx.Err() == nil {
				return time.Time{}, err
			}
			return time.Time{}, fmt.Errorf("mailbox: imap authenticate: %w", ctxErr(ctx, err))
		}
		opts.TokenSource.Invalidate()
		err = &AuthError{Protocol: "imap", Rejection: sc.reject, Err: err}
	}
	return time.Time{}, err
}

// closeBeforeExpiry closes c shortly before the token it logged in with
// expires. The watcher sees a closed connection and reconnects with a new
// token; its checkpoint makes that lose and repeat nothing.
func closeBeforeExpiry(c *imapclient.Client, expiry time.Time, margin time.Duration) {
	if expiry.IsZero() {
		return
	}
	margin = max(margin, 0)
	tokenExpiries.Store(c, expiry.Add(-margin))
	t := time.NewTimer(time.Until(expiry.Add(-margin)))
	go func() {
		defer t.Stop()
		select {
		case <-t.C:
			plannedCloses.Store(c, true)
			c.Close()
		case <-c.Closed():
		}
		// Forget the client a little later: routineEnd still needs it
		// when the session unwinds.
		time.AfterFunc(time.Minute, func() { tokenExpiries.Delete(c) })
	}()
}

// plannedCloses remembers the connections closed on purpose because their
// token is about to expire, so that the watcher logs the reconnect as
// routine instead of as a problem.
var plannedCloses sync.Map // *imapclient.Client → true

// tokenExpiries remembers when each OAuth2 session's token runs out.
var tokenExpiries sync.Map // *imapclient.Client → time.Time

// routineEnd reports whether a session on c ended for a routine reason: a
// planned re-authentication, or the server ending it (BYE ...
// AccessTokenExpired) when the token ran out.
func routineEnd(c *imapclient.Client, err error) bool {
	if _, ok := plannedCloses.LoadAndDelete(c); ok {
		return true
	}
	if err != nil && strings.Contains(err.Error(), "AccessTokenExpired") {
		return true
	}
	if v, ok := tokenExpiries.Load(c); ok {
		// Servers close the connection when the token expires; a close
		// within a few seconds of that is the expiry, not a fault.
		return !time.Now().Before(v.(time.Time).Add(-5 * time.Second))
	}
	return false
}
