package responder

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"regexp"

	gomail "github.com/wneessen/go-mail"
)

// goBoundary matches the boundaries mime/multipart makes for go-mail: 30
// random bytes in hex, written unquoted on a folded Content-Type line. The
// fold matters: no single-line header (a subject quoting hostile text)
// can imitate it.
var goBoundary = regexp.MustCompile(`Content-Type: multipart/[a-z]+;\r\n boundary=([0-9a-f]{60})\r\n`)

// render writes m and replaces its random multipart boundaries with ones
// derived from the content, so the same input always gives the same bytes
// (go-mail's own fixed boundary option would reuse one boundary for nested
// multiparts). levels is how many multipart bodies m has.
func render(m *gomail.Msg, messageID string, levels int) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("responder: write message: %w", err)
	}
	raw := buf.Bytes()
	// Boundaries are declared in the headers before any body text, so the
	// first matches are ours even when an attached original holds others.
	found := goBoundary.FindAllSubmatch(raw, levels)
	if len(found) != levels {
		return nil, fmt.Errorf("responder: %s: found %d multipart boundaries, want %d", messageID, len(found), levels)
	}
	stable := raw
	for _, f := range found {
		stable = bytes.ReplaceAll(stable, f[1], nil)
	}
	sum := sha256.Sum256(stable)
	out := raw
	for i, f := range found {
		b := fmt.Appendf(nil, "intake-%d-%x", i, sum[:16])
		// A collision would need the content to contain a hash of itself.
		if bytes.Contains(stable, b) {
			return nil, fmt.Errorf("responder: %s: boundary collides with content", messageID)
		}
		out = bytes.ReplaceAll(out, f[1], b)
	}
	return out, nil
}
