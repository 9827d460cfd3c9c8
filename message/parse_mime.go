package message

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
)

// parseWalker collects the readable text, the HTML and the attachment list
// while walking the MIME tree of one message.
type parseWalker struct {
	msg     *Message
	opts    *ParseOptions
	maxText int64
	depth   int
	errs    []string

	plain    []string // inline text/plain parts, in order
	html     string
	haveHTML bool
	// forwarded is the first message/rfc822 part, used for the text when the
	// outer message has none (a bare "forward as attachment").
	forwarded []byte
}

// walk handles one entity: fields is its header, body its raw (still
// transfer-encoded) content, parent the media type of the enclosing
// multipart ("" at the top).
func (w *parseWalker) walk(fields []parseField, body []byte, parent string, depth int) {
	ctValue, hasCT := parseFieldValue(fields, "Content-Type")
	mediaType, params, ok := parseContentType(ctValue)
	if !ok {
		w.errs = append(w.errs, "message: Content-Type unreadable; part read as text/plain")
	}
	if !hasCT || mediaType == "" {
		mediaType = "text/plain"
		if parent == "multipart/digest" {
			mediaType = "message/rfc822"
		}
	}
	if depth == 0 {
		w.msg.ContentType = mediaType
		if mediaType == "multipart/report" {
			w.msg.ReportType = strings.ToLower(params["report-type"])
		}
	}

	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= parseMaxDepth {
			w.errs = append(w.errs, "message: MIME nesting too deep; rest kept as attachment")
			w.addAttachment(mediaType, params, body)
			return
		}
		w.walkMultipart(mediaType, params["boundary"], body, depth)
		return
	}

	cte, _ := parseFieldValue(fields, "Content-Transfer-Encoding")
	disposition, dparams := parseDisposition(fields)

	isBodyText := (mediaType == "text/plain" || mediaType == "text/html") && disposition != "attachment"
	isForward := mediaType == "message/rfc822" || mediaType == "message/global"
	if !isBodyText && !isForward && w.opts != nil && w.opts.AttachmentData {
		w.addAttachment(mediaType, parseMergeParams(params, dparams), w.decodeTransfer(cte, body))
		return
	}
	if !isBodyText && !isForward {
		// Only its name, type and size are kept: it is counted, not decoded.
		w.addAttachmentSize(mediaType, parseMergeParams(params, dparams), w.transferSize(cte, body))
		return
	}
	decoded := w.decodeTransfer(cte, body)
	if !isBodyText {
		w.addAttachment(mediaType, parseMergeParams(params, dparams), decoded)
		if w.forwarded == nil {
			w.forwarded = decoded
		}
		return
	}
	text := w.decodeCharset(decoded, params["charset"])
	if mediaType == "text/html" {
		if !w.haveHTML {
			w.haveHTML = true
			w.html = text
		}
		return
	}
	// A later inline text/plain part of a multipart/mixed is more of the
	// same letter (Apple Mail splits text around inline images, lists add
	// footers); in an alternative it is another rendering, not more text.
	if len(w.plain) == 0 || parent == "multipart/mixed" || parent == "" {
		w.plain = append(w.plain, text)
	}
}

// parseMergeParams lets Content-Disposition parameters (filename) win over
// Content-Type ones (name), as mail clients do.
func parseMergeParams(a, b map[string]string) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

func (w *parseWalker) walkMultipart(mediaType, boundary string, body []byte, depth int) {
	if boundary == "" {
		boundary = parseGuessBoundary(body)
		if boundary == "" {
			w.errs = append(w.errs, "message: multipart without boundary; body read as text")
			w.plain = append(w.plain, w.decodeCharset(body, ""))
			return
		}
		w.errs = append(w.errs, "message: multipart boundary missing from Content-Type; guessed")
	}
	parts := parseSplitMultipart(body, boundary)
	if parts == nil {
		if guess := parseGuessBoundary(body); guess != "" && guess != boundary {
			parts = parseSplitMultipart(body, guess)
			if parts != nil {
				w.errs = append(w.errs, "message: multipart boundary does not match the body; guessed")
			}
		}
	}
	if parts == nil {
		w.errs = append(w.errs, "message: multipart boundary never appears; body read as text")
		w.plain = append(w.plain, w.decodeCharset(body, ""))
		return
	}
	for _, p := range parts {
		pfields, pbody, hasHeader := parseSplitHeader(p, &w.errs)
		if !hasHeader {
			// A part that starts with a blank line has an empty header;
			// one that starts with text has no header at all.
			pbody = bytes.TrimPrefix(p, []byte("\n"))
		}
		w.walk(pfields, pbody, mediaType, depth+1)
	}
}

// parseGuessBoundary takes the first "--xyz" line as the boundary, for
// multiparts whose Content-Type lost its boundary parameter.
func parseGuessBoundary(body []byte) string {
	for i := 0; i < len(body); {
		line, next := parseNextLine(body, i)
		if bytes.HasPrefix(line, []byte("--")) {
			b := strings.TrimRight(string(line[2:]), " \t")
			if len(b) > 0 && len(b) <= 200 && !strings.ContainsAny(b, " ") {
				return b
			}
		}
		i = next
	}
	return ""
}

// parseSplitMultipart returns the parts between boundary lines; parts is nil
// when no boundary line exists. When the closing boundary is missing (common
// in truncated bounces) the last part runs to the end; nothing is lost, so
// that is not reported.
func parseSplitMultipart(body []byte, boundary string) (parts [][]byte) {
	delim := []byte("--" + boundary)
	start := -1
	for i := 0; i < len(body); {
		line, next := parseNextLine(body, i)
		if bytes.HasPrefix(line, delim) {
			rest := bytes.TrimRight(line[len(delim):], " \t")
			final := bytes.Equal(rest, []byte("--"))
			if final || len(rest) == 0 {
				if start >= 0 {
					end := i
					if end > start {
						end-- // the LF before the delimiter belongs to it
					}
					parts = append(parts, body[start:end])
				} else if parts == nil {
					parts = [][]byte{}
				}
				if final {
					return parts
				}
				start = next
			}
		}
		i = next
	}
	if start >= 0 && start <= len(body) {
		parts = append(parts, body[start:])
	}
	return parts
}

// parseParamRe pulls the parameters we need out of a Content-Type that
// mime.ParseMediaType rejects (duplicate or unquoted specials are common).
var parseParamRe = regexp.MustCompile(`(?i)(?:^|[;\s])(boundary|charset|name|filename|report-type)\s*=\s*("[^"]*"|[^;\s]+)`)

// parseContentType returns the lower-case media type and its parameters;
// ok is false when no media type could be read from a non-empty value.
func parseContentType(v string) (mediaType string, params map[string]string, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", map[string]string{}, true
	}
	mt, p, err := mime.ParseMediaType(v)
	if err == nil && strings.Contains(mt, "/") {
		return mt, p, true
	}
	if err == mime.ErrInvalidMediaParameter && strings.Contains(mt, "/") {
		// The type was fine and only a parameter was not (duplicates are
		// common); the parameters we use are recovered, so nothing is lost.
		return mt, parseLenientParams(v), true
	}
	mt = strings.ToLower(strings.TrimSpace(strings.SplitN(v, ";", 2)[0]))
	mt = strings.Trim(mt, "\"'")
	if !strings.Contains(mt, "/") || strings.ContainsAny(mt, " \t") {
		return "", parseLenientParams(v), false
	}
	return mt, parseLenientParams(v), true
}

func parseLenientParams(v string) map[string]string {
	p := map[string]string{}
	for _, m := range parseParamRe.FindAllStringSubmatch(v, -1) {
		k := strings.ToLower(m[1])
		if _, seen := p[k]; !seen {
			p[k] = strings.Trim(m[2], "\"")
		}
	}
	return p
}

// parseDisposition returns the lower-case disposition type and parameters.
func parseDisposition(fields []parseField) (string, map[string]string) {
	v, ok := parseFieldValue(fields, "Content-Disposition")
	if !ok {
		return "", map[string]string{}
	}
	d, p, err := mime.ParseMediaType(v)
	if err != nil {
		d = strings.ToLower(strings.TrimSpace(strings.SplitN(v, ";", 2)[0]))
		p = parseLenientParams(v)
	}
	return d, p
}

func (w *parseWalker) addAttachment(mediaType string, params map[string]string, decoded []byte) {
	w.addAttachmentSize(mediaType, params, int64(len(decoded)))
	if w.opts != nil && w.opts.AttachmentData {
		w.msg.AttachmentData = append(w.msg.AttachmentData, decoded)
	}
}

func (w *parseWalker) addAttachmentSize(mediaType string, params map[string]string, size int64) {
	name := params["filename"]
	if name == "" {
		name = params["name"]
	}
	// Non-standard but common: RFC 2047 words inside a quoted filename.
	if d, ok := parseDecodeWords(name); ok {
		name = d
	}
	name = parseTidyText(name)
	w.msg.Attachments = append(w.msg.Attachments, Attachment{
		Filename:    name,
		ContentType: mediaType,
		Size:        size,
	})
}

// finishText chooses the readable text once every part has been seen.
func (w *parseWalker) finishText() {
	m := w.msg
	m.HTML = w.html
	plain := strings.Join(w.plain, "\n")
	switch {
	case strings.TrimSpace(plain) != "" || (len(w.plain) > 0 && !w.haveHTML):
		m.Text = plain
	case w.haveHTML:
		// Some clients send an empty plain alternative next to the HTML.
		m.Text = HTMLToText(w.html)
	case w.forwarded != nil && w.depth < parseMaxDepth:
		inner := parseDepth(w.forwarded, w.opts, w.depth+1)
		m.Text = inner.Text
		m.HTML = inner.HTML
		for _, e := range inner.ParseErrors {
			w.errs = append(w.errs, "forwarded message: "+e)
		}
	}
}

// parseTruncate cuts s to at most n bytes without splitting a character.
func parseTruncate(s string, n int64) string {
	if int64(len(s)) <= n {
		return s
	}
	i := int(n)
	for i > 0 && i < len(s) && s[i]&0xC0 == 0x80 {
		i--
	}
	return s[:i]
}

func (w *parseWalker) capText(s string) string {
	if int64(len(s)) > w.maxText {
		w.errs = append(w.errs, fmt.Sprintf("message: text part longer than %d bytes; truncated", w.maxText))
		return parseTruncate(s, w.maxText)
	}
	return s
}
