package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"example.org/intake/classifier"
	"example.org/intake/message"
)

// dedupeKey identifies a message across mailbox positions: its Message-ID
// when it has one (servers may add headers when a mailbox is rebuilt, so
// the bytes can change while the id does not), else a hash of its header
// section, which is all that is fetched of the backlog at first start.
func dedupeKey(messageID string, raw []byte) string {
	if messageID != "" {
		return "mid:" + strings.ToLower(messageID)
	}
	sum := sha256.Sum256(headerSection(raw))
	return "hdr:" + hex.EncodeToString(sum[:])
}

// headerSection returns raw up to the blank line that ends the header
// (all of raw when there is none), with line ends normalised to LF so that
// a header fetched on its own hashes the same as the whole message's.
func headerSection(raw []byte) []byte {
	norm := bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
	if i := bytes.Index(norm, []byte("\n\n")); i >= 0 {
		return norm[:i+1]
	}
	return norm
}

// receivedAt is when the message reached the inbox: the server's internal
// date, else its Date header when that is not in the future, else now.
func receivedAt(internal, header, now time.Time) time.Time {
	switch {
	case !internal.IsZero():
		return internal
	case !header.IsZero() && !header.After(now):
		return header
	}
	return now
}

// classificationJSON keeps the verdict with the message for staff. It holds
// no more personal data than the message itself, which sits beside it.
func classificationJSON(c classifier.Classification, m *message.Message) string {
	b, err := json.Marshal(struct {
		classifier.Classification
		ParseErrors []string `json:"parse_errors,omitempty"`
	}{c, m.ParseErrors})
	if err != nil {
		return "{}"
	}
	return string(b)
}
