package responder

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// go-mail has no constant for the RFC 3834 header.
const headerAutoSubmitted gomail.Header = "Auto-Submitted"

// maxReferences bounds the References header; RFC 5322 §3.6.4 allows
// dropping the middle of a long chain, and a hostile thread could be huge.
const maxReferences = 20

func (r *Responder) newMsg(messageID string, date time.Time, subject string) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.From(r.from.String()); err != nil {
		return nil, fmt.Errorf("responder: from address: %w", err)
	}
	m.Subject(subject)
	m.SetMessageIDWithValue(messageID)
	m.SetDateWithValue(date)
	return m, nil
}

func checkCommon(req Request, messageID string) error {
	switch {
	case !validMsgID(messageID):
		return errors.New("responder: message id must look like local@domain, without <>")
	case req.CaseRef == "" || strings.ContainsFunc(req.CaseRef, isSpaceOrControl):
		return errors.New("responder: case reference is empty or has spaces")
	case strings.TrimSpace(req.Kind) == "":
		return errors.New("responder: request kind is required")
	case req.Received.IsZero() || req.Due.IsZero():
		return errors.New("responder: received and due dates are required")
	}
	return nil
}

// threading returns In-Reply-To and References for a reply to a message
// with the given Message-ID and References. Ids that are not well formed
// are dropped rather than copied into our headers.
func threading(origID string, origRefs []string) (inReplyTo, references string, ok bool) {
	if !validMsgID(origID) {
		return "", "", false
	}
	var ids []string
	for _, id := range append(append([]string(nil), origRefs...), origID) {
		if validMsgID(id) && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	if len(ids) > maxReferences {
		// Keep the thread's root and the most recent ids.
		ids = append(ids[:1:1], ids[len(ids)-maxReferences+1:]...)
	}
	bracketed := make([]string, len(ids))
	for i, id := range ids {
		bracketed[i] = "<" + id + ">"
	}
	return "<" + origID + ">", strings.Join(bracketed, " "), true
}

// validMsgID accepts the RFC 5322 msg-id forms go-message reads back,
// ASCII only: dot-atom-text "@" (dot-atom-text or [no-fold-literal]), no
// angle brackets. Anything else from a request is dropped rather than
// copied into our headers, where it could break threading or inject.
func validMsgID(id string) bool {
	left, right, found := strings.Cut(id, "@")
	if !found || len(id) > 900 || !isAtomText(left) {
		return false
	}
	if lit, ok := strings.CutPrefix(right, "["); ok {
		lit, ok = strings.CutSuffix(lit, "]")
		return ok && !strings.ContainsFunc(lit, func(c rune) bool {
			return c < '!' || c > '~' || c == '[' || c == ']' || c == '\\'
		})
	}
	return isAtomText(right)
}

// isAtomText reports whether s is non-empty RFC 5322 atext and dots.
func isAtomText(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(c rune) bool {
		return c < '!' || c > '~' || strings.ContainsRune(`()[];@\,<>":`, c)
	})
}

func isSpaceOrControl(c rune) bool { return c <= ' ' || c == 0x7f }
