package mailbox

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// Send stages, in SendError.Stage.
const (
	StageDial     = "dial"     // TCP connect, implicit TLS, greeting
	StageHello    = "hello"    // EHLO/HELO
	StageStartTLS = "starttls" // STARTTLS missing or failed
	StageAuth     = "auth"
	StageMail     = "mail" // MAIL FROM
	StageRcpt     = "rcpt" // RCPT TO
	StageData     = "data" // DATA command or message transfer before the final dot
	// StageDataEnd is after the final dot was written. When Code is zero
	// no reply was read, and the message may have been delivered.
	StageDataEnd = "data-end"
)

// SendError describes a failed submission.
type SendError struct {
	Temporary bool   // retrying later may succeed
	Code      int    // SMTP reply code; 0 when there was no reply
	Enhanced  string // enhanced status code such as "5.1.1", when given
	Stage     string // one of the Stage constants
	// Rcpt is the recipient that was refused at StageRcpt. It is kept out
	// of Error() so that logs carry no addresses.
	Rcpt string
	// Reply is the server's reply text, which often quotes addresses: it
	// is kept for the case record and left out of Error() for the same
	// reason.
	Reply string
	Err   error
}

func (e *SendError) Error() string {
	kind := "permanent"
	if e.Temporary {
		kind = "temporary"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "mailbox: smtp %s: ", e.Stage)
	switch {
	case e.Code != 0 && e.Enhanced != "":
		fmt.Fprintf(&b, "%d %s", e.Code, e.Enhanced)
	case e.Code != 0:
		fmt.Fprintf(&b, "%d", e.Code)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	}
	fmt.Fprintf(&b, " (%s)", kind)
	return b.String()
}

func (e *SendError) Unwrap() error { return e.Err }

// MayHaveBeenSent reports whether the message may have reached the server
// although Send failed: the final dot was written but no reply was read
// (RFC 1047). A retry may then produce a duplicate, which the stable
// Message-ID lets the recipient recognise.
func (e *SendError) MayHaveBeenSent() bool {
	return e.Stage == StageDataEnd && e.Code == 0
}

// IsTemporary reports whether err is worth retrying later. Network, TLS
// and timeout errors and 4xx replies are temporary; 5xx replies (including
// authentication refused with 535) are permanent. Errors that are not a
// SendError count as temporary: giving up on a request letter for an
// unknown reason is the worse mistake.
func IsTemporary(err error) bool {
	if err == nil {
		return false
	}
	var se *SendError
	if errors.As(err, &se) {
		return se.Temporary
	}
	return true
}

// newSendError classifies err at stage.
func newSendError(stage string, err error) *SendError {
	se := &SendError{Stage: stage, Err: err, Temporary: true}
	var te *textproto.Error
	if errors.As(err, &te) {
		se.Code = te.Code
		se.Enhanced, se.Reply = splitEnhanced(te.Msg)
		se.Temporary = te.Code < 500
		return se
	}
	// Everything else (network, TLS, timeouts, cancellation, garbled
	// replies) says nothing about the message itself.
	return se
}

// splitEnhanced splits "5.1.1 User unknown" into its RFC 3463 code and text.
func splitEnhanced(msg string) (code, text string) {
	first, rest, _ := strings.Cut(msg, " ")
	parts := strings.Split(first, ".")
	if len(parts) != 3 || (parts[0] != "2" && parts[0] != "4" && parts[0] != "5") {
		return "", msg
	}
	for _, p := range parts[1:] {
		if p == "" || len(p) > 3 || strings.Trim(p, "0123456789") != "" {
			return "", msg
		}
	}
	return first, rest
}

// throttleCodes are the enhanced status codes providers give when a
// mailbox sends too fast: 4.2.1 (Google's "unusual rate"), 4.5.3 (too many
// recipients), 4.7.0 with 421 (Microsoft 365 and Google closing a busy
// session), 4.7.28 (Google's rate limit).
var throttleCodes = map[string]bool{"4.2.1": true, "4.5.3": true, "4.7.28": true}

// throttleWords are phrases in a temporary reply that say "slow down".
var throttleWords = []string{"too many", "rate limit", "rate-limit", "ratelimit", "throttl", "sending rate", "rate exceeded"}

// Throttled reports whether the server refused for the time being
// because intake is sending too fast (a 4xx reply that names a rate):
// such a refusal calls for sending more slowly, not for counting a
// failure against the message.
func (e *SendError) Throttled() bool {
	if e.Code < 400 || e.Code >= 500 {
		return false
	}
	if throttleCodes[e.Enhanced] || (e.Code == 421 && e.Enhanced == "4.7.0") {
		return true
	}
	reply := strings.ToLower(e.Reply)
	for _, w := range throttleWords {
		if strings.Contains(reply, w) {
			return true
		}
	}
	return false
}

// IsThrottled reports whether err is a throttling reply (SendError.Throttled).
func IsThrottled(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Throttled()
}
