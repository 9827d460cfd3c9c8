package message

import (
	"bytes"
	"net/textproto"
	"slices"
	"strings"
	"unicode/utf8"
)

// defaultMaxTextBytes bounds the text kept per body part: a request letter
// is a few KiB, and a multi-megabyte text part is either a dump or an attack.
const defaultMaxTextBytes = 1 << 20

// parseMaxDepth bounds MIME nesting (multiparts and forwarded messages) so
// that a hostile message cannot make the parser recurse without end.
const parseMaxDepth = 16

// ParseOptions tunes Parse. The zero value (or nil) gives the defaults.
type ParseOptions struct {
	// MaxTextBytes caps the decoded text kept per part (default 1 MiB).
	MaxTextBytes int64
}

func (o *ParseOptions) maxText() int64 {
	if o == nil || o.MaxTextBytes <= 0 {
		return defaultMaxTextBytes
	}
	return o.MaxTextBytes
}

// Parse reads a raw RFC 5322 message. It never returns nil and never panics:
// whatever cannot be read is listed in ParseErrors and the rest is kept.
// Input that does not start with a header block (e.g. a plain .txt letter) is
// treated as a text/plain body with no headers.
//
// Parse does its own header and MIME splitting on the in-memory bytes rather
// than going through go-message's streaming reader, because that reader
// gives up on the whole message at the first malformed header line, bad
// boundary or bad base64 byte; go-message is still used for charsets and
// address parsing.
func Parse(raw []byte, opts *ParseOptions) *Message {
	return parseDepth(raw, opts, 0)
}

func parseDepth(raw []byte, opts *ParseOptions, depth int) (m *Message) {
	m = &Message{Size: int64(len(raw)), Header: textproto.MIMEHeader{}}
	defer func() {
		// Parse must never take the daemon down; a panic here is a bug, but
		// the message still has to become a case for a person.
		if r := recover(); r != nil {
			m.ParseErrors = append(m.ParseErrors, "message: internal parser error; raw text kept")
			m.Text = parseLossyText(parseNormalizeNewlines(raw))
			m.NewText = m.Text
		}
	}()
	if len(raw) == 0 {
		m.ParseErrors = append(m.ParseErrors, "message: empty message")
		return m
	}
	b := parseNormalizeNewlines(raw)
	w := &parseWalker{msg: m, maxText: opts.maxText(), opts: opts, depth: depth}

	var headerErrs []string
	fields, body, hasHeader := parseSplitHeader(b, &headerErrs)
	if hasHeader && !parseHasMailField(fields) {
		// "Source: ..." or "Dear Sir:" at the top of a letter looks like a
		// field but nothing in it is a mail header.
		hasHeader = false
	}
	if !hasHeader {
		// A letter saved as text, not an email: all of it is the body.
		m.ContentType = "text/plain"
		m.Text = parseLossyText(b)
		if !parseLooksLikeText(b) {
			w.errs = append(w.errs, "message: no header block and the input is not text")
		}
	} else {
		w.errs = append(w.errs, headerErrs...)
		w.readTopHeader(fields)
		w.walk(fields, body, "", 0)
		w.finishText()
		if m.Text == "" && m.HTML == "" && len(m.Attachments) == 0 && len(bytes.TrimSpace(body)) > 0 {
			w.errs = append(w.errs, "message: no readable part; raw body kept as text")
			m.Text = parseLossyText(body)
		}
	}
	m.Text = parseTidyText(m.Text)
	m.NewText = StripQuoted(m.Text)
	// The same defect repeated (one per bad line or part) says no more
	// than once.
	for _, e := range w.errs {
		if !slices.Contains(m.ParseErrors, e) {
			m.ParseErrors = append(m.ParseErrors, e)
		}
	}
	return m
}

// parseNormalizeNewlines turns CRLF and CR-only (old Mac) line endings into
// LF, so the rest of the parser deals with one convention only.
func parseNormalizeNewlines(b []byte) []byte {
	if bytes.IndexByte(b, '\r') < 0 {
		return b
	}
	// One pass, one copy: a large message is not copied twice.
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			if i+1 < len(b) && b[i+1] == '\n' {
				continue // the LF that follows ends the line
			}
			c = '\n'
		}
		out = append(out, c)
	}
	return out
}

// parseLooksLikeText tells a letter apart from binary junk: valid UTF-8 (or
// a legacy 8-bit charset) without control characters other than layout.
func parseLooksLikeText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\t' && c != '\f' && c != '\v' {
			return false
		}
	}
	return true
}

// parseTidyText makes decoded text uniform for the classifier and for
// storage: LF line endings, valid UTF-8, no NUL bytes.
func parseTidyText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// parseHasMailField reports whether a header block has at least one field
// that only email has, which tells a message from a letter whose first
// line happens to contain a colon.
func parseHasMailField(fields []parseField) bool {
	for _, f := range fields {
		switch f.key {
		case "From", "To", "Cc", "Bcc", "Sender", "Reply-To", "Subject", "Date",
			"Message-Id", "In-Reply-To", "References", "Received", "Return-Path",
			"Delivered-To", "Mime-Version", "Content-Type", "Content-Transfer-Encoding",
			"Dkim-Signature", "Authentication-Results", "Auto-Submitted", "Precedence",
			"List-Id", "Thread-Topic", "Thread-Index", "Importance", "User-Agent":
			return true
		}
		if strings.HasPrefix(f.key, "X-") || strings.HasPrefix(f.key, "Arc-") || strings.HasPrefix(f.key, "Resent-") {
			return true
		}
	}
	return false
}
