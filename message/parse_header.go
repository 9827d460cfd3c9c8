package message

import (
	"bytes"
	"fmt"
	"mime"
	"net/textproto"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
)

// parseField is one header field: canonical key and the unfolded value as
// it appeared (not yet RFC 2047-decoded, possibly not UTF-8).
type parseField struct {
	key   string
	value string
}

func parseFieldValue(fields []parseField, key string) (string, bool) {
	for _, f := range fields {
		if f.key == key {
			return f.value, true
		}
	}
	return "", false
}

// parseIsFieldLine reports whether line starts like "Name:" with a
// field-name of printable ASCII (RFC 5322 2.2). Whitespace before the colon
// is tolerated, as it appears in the wild.
func parseIsFieldLine(line []byte) bool {
	i := 0
	for i < len(line) {
		c := line[i]
		if c == ':' {
			break
		}
		if c < 0x21 || c > 0x7e {
			break
		}
		i++
	}
	if i == 0 {
		return false
	}
	j := i
	for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
		j++
	}
	return j < len(line) && line[j] == ':'
}

// parseNextLine returns the line at b[i:] (without its LF) and the index of
// the following line.
func parseNextLine(b []byte, i int) (line []byte, next int) {
	j := bytes.IndexByte(b[i:], '\n')
	if j < 0 {
		return b[i:], len(b)
	}
	return b[i : i+j], i + j + 1
}

// parseSplitHeader splits LF-normalised bytes into header fields and body.
// hasHeader is false when b does not start with a header field, in which
// case body is all of b. It is lenient the way mail clients are: a stray
// non-field line among fields is skipped, and a missing blank line before
// the body ends the header at the first line that is not a field.
func parseSplitHeader(b []byte, errs *[]string) (fields []parseField, body []byte, hasHeader bool) {
	i := 0
	if bytes.HasPrefix(b, []byte("From ")) {
		// mbox envelope line, written by some tools that export a single
		// message; it is not a header field.
		_, i = parseNextLine(b, 0)
	}
	first, _ := parseNextLine(b, i)
	if !parseIsFieldLine(first) {
		return nil, b, false
	}
	var cur []byte
	flush := func() {
		if cur == nil {
			return
		}
		colon := bytes.IndexByte(cur, ':')
		key := textproto.CanonicalMIMEHeaderKey(string(bytes.TrimRight(cur[:colon], " \t")))
		fields = append(fields, parseField{key: key, value: parseUnfold(cur[colon+1:])})
		cur = nil
	}
	for i < len(b) {
		line, next := parseNextLine(b, i)
		switch {
		case len(line) == 0:
			flush()
			return fields, b[next:], true
		case line[0] == ' ' || line[0] == '\t':
			if cur != nil {
				cur = append(append(cur, '\n'), line...)
			}
		case parseIsFieldLine(line):
			flush()
			cur = append([]byte(nil), line...)
		default:
			nextLine, _ := parseNextLine(b, next)
			if next < len(b) && parseIsFieldLine(nextLine) {
				*errs = append(*errs, "message: malformed header line skipped")
				break
			}
			flush()
			*errs = append(*errs, "message: header not ended by a blank line")
			return fields, b[i:], true
		}
		i = next
	}
	flush()
	return fields, nil, true
}

// parseUnfold joins folded lines the way go-message does: each line trimmed,
// joined by one space.
func parseUnfold(v []byte) string {
	var sb strings.Builder
	for _, l := range bytes.Split(v, []byte("\n")) {
		l = bytes.Trim(l, " \t")
		if len(l) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.Write(l)
	}
	return sb.String()
}

// parseIsStructured reports fields whose syntax RFC 2047 decoding could
// break (addresses, ids, parameters); the others are exposed decoded.
func parseIsStructured(key string) bool {
	switch key {
	case "From", "To", "Cc", "Bcc", "Sender", "Reply-To", "Return-Path",
		"Resent-From", "Resent-To", "Resent-Cc", "Resent-Bcc", "Resent-Sender",
		"Message-Id", "In-Reply-To", "References", "Resent-Message-Id",
		"Content-Type", "Content-Disposition", "Content-Transfer-Encoding",
		"Received", "Dkim-Signature", "Authentication-Results", "Date",
		"Delivered-To", "Disposition-Notification-To", "Mime-Version":
		return true
	}
	return strings.HasPrefix(key, "Arc-")
}

var parseWordDecoder = &mime.WordDecoder{CharsetReader: message.CharsetReader}

// parseDecodeWords decodes RFC 2047 encoded-words; on failure it returns
// the input unchanged and false.
func parseDecodeWords(s string) (string, bool) {
	if !strings.Contains(s, "=?") {
		return s, true
	}
	d, err := parseWordDecoder.DecodeHeader(s)
	if err != nil {
		return parseDecodeWordsLenient(s)
	}
	if strings.Contains(d, "=?") {
		// The strict decoder leaves malformed words (missing base64
		// padding, raw spaces) as they are without an error.
		d, _ = parseDecodeWordsLenient(d)
	}
	return parseTidyText(d), true
}

var (
	parseEncodedWordRe  = regexp.MustCompile(`=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=`)
	parseBetweenWordsRe = regexp.MustCompile(`(\?=)[ \t]+(=\?)`)
)

// parseDecodeWordsLenient decodes encoded-words the strict decoder rejects;
// ok is false when some word could still not be decoded.
func parseDecodeWordsLenient(s string) (string, bool) {
	ok := true
	// whitespace between adjacent encoded-words is not part of the text
	s = parseBetweenWordsRe.ReplaceAllString(s, "$1$2")
	out := parseEncodedWordRe.ReplaceAllStringFunc(s, func(word string) string {
		m := parseEncodedWordRe.FindStringSubmatch(word)
		cs := m[1]
		if i := strings.IndexByte(cs, '*'); i >= 0 { // RFC 2231 language tag
			cs = cs[:i]
		}
		var raw []byte
		if m[2] == "b" || m[2] == "B" {
			var clean bool
			raw, clean = parseDecodeBase64([]byte(m[3]))
			ok = ok && clean
		} else {
			raw = parseDecodeQP([]byte(strings.ReplaceAll(m[3], "_", " ")))
		}
		text, known := parseCharsetToUTF8(raw, strings.ToLower(cs))
		ok = ok && known
		return text
	})
	return parseTidyText(out), ok
}

// readTopHeader fills the header-derived fields of the Message.
func (w *parseWalker) readTopHeader(fields []parseField) {
	m := w.msg
	ctValue, _ := parseFieldValue(fields, "Content-Type")
	_, ctParams, _ := parseContentType(ctValue)
	headerCharset := ctParams["charset"]

	badHeaderBytes := false
	for i := range fields {
		if !utf8.ValidString(fields[i].value) {
			// 8-bit junk in a header: guess with the body's charset, since
			// the same software usually wrote both.
			fields[i].value = parseBytesToUTF8([]byte(fields[i].value), headerCharset)
			badHeaderBytes = true
		}
		v := fields[i].value
		if !parseIsStructured(fields[i].key) {
			if d, ok := parseDecodeWords(v); ok {
				v = d
			}
		}
		m.Header.Add(fields[i].key, v)
	}
	if badHeaderBytes {
		w.errs = append(w.errs, "message: header has 8-bit bytes that are not UTF-8; charset guessed")
	}

	if v, ok := parseFieldValue(fields, "Subject"); ok {
		d, ok := parseDecodeWords(v)
		if !ok {
			w.errs = append(w.errs, "message: Subject has undecodable encoded-words")
		}
		m.Subject = d
	}

	if v, ok := parseFieldValue(fields, "Message-Id"); ok {
		if ids := ParseMsgIDList(v); len(ids) > 0 {
			m.MessageID = ids[0]
		} else if t := strings.Trim(strings.TrimSpace(v), "<>"); t != "" {
			m.MessageID = t
		}
	}
	if v, ok := parseFieldValue(fields, "In-Reply-To"); ok {
		m.InReplyTo = ParseMsgIDList(v)
	}
	if v, ok := parseFieldValue(fields, "References"); ok {
		m.References = ParseMsgIDList(v)
	}

	if v, ok := parseFieldValue(fields, "Date"); ok {
		t, err := parseDate(v)
		if err != nil {
			w.errs = append(w.errs, "message: Date header unreadable")
		}
		m.Date = t
	}

	from, fromOK := w.addressField(fields, "From")
	if len(from) > 0 {
		m.From = from[0]
	} else if !fromOK {
		w.errs = append(w.errs, "message: no From header")
	} else if v, _ := parseFieldValue(fields, "From"); strings.TrimSpace(v) == "" {
		w.errs = append(w.errs, "message: From header is empty")
	}
	if s, _ := w.addressField(fields, "Sender"); len(s) > 0 {
		m.Sender = s[0]
	}
	m.ReplyTo, _ = w.addressField(fields, "Reply-To")
	m.To, _ = w.addressField(fields, "To")
	m.Cc, _ = w.addressField(fields, "Cc")

	if v, ok := parseFieldValue(fields, "Return-Path"); ok {
		m.HasReturnPath = true
		m.ReturnPath = parseReturnPath(v)
	}
}

// addressField parses one address header; present reports whether the field
// exists at all.
func (w *parseWalker) addressField(fields []parseField, key string) (addrs []Address, present bool) {
	v, ok := parseFieldValue(fields, key)
	if !ok {
		return nil, false
	}
	addrs, err := parseAddressList(v)
	if err != nil {
		// The value itself is personal data, so only the field name is recorded.
		if len(addrs) > 0 {
			w.errs = append(w.errs, fmt.Sprintf("message: %s header is not a valid address list; read leniently", key))
		} else if strings.TrimSpace(v) != "" {
			w.errs = append(w.errs, fmt.Sprintf("message: %s header has no readable address", key))
		}
	}
	return addrs, true
}

// parseReturnPath extracts the envelope sender; "<>" gives "".
func parseReturnPath(v string) string {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, '<'); i >= 0 {
		v = v[i+1:]
		if j := strings.IndexByte(v, '>'); j >= 0 {
			v = v[:j]
		}
	} else if f := strings.Fields(v); len(f) > 0 {
		v = f[0]
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	return parseLowerDomain(v)
}
