package responder

import (
	"html"
	"strings"
)

// textToHTML is the HTML alternative of an approved plain-text letter:
// the same words, escaped, one <p> per paragraph and <br> for single line
// breaks, so that staff approve one text and both parts say exactly it.
func textToHTML(title, text string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n" +
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	b.WriteString(html.EscapeString(title))
	b.WriteString("</title>\n</head>\n<body style=\"margin:0; padding:16px; background:#ffffff; color:#1a1a1a; " +
		"font-family:Arial, Helvetica, sans-serif; font-size:16px; line-height:1.5;\">\n<div style=\"max-width:640px;\">\n")
	for _, para := range paragraphs(text) {
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(html.EscapeString(line))
		}
		b.WriteString("</p>\n")
	}
	b.WriteString("</div>\n</body>\n</html>\n")
	return b.String()
}

// paragraphs splits text at blank lines; each paragraph is its lines with
// trailing space removed.
func paragraphs(text string) [][]string {
	var out [][]string
	var cur []string
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			if cur != nil {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if cur != nil {
		out = append(out, cur)
	}
	return out
}

// normaliseNewlines turns CRLF and lone CR into LF: the text part is
// written with CRLF on the wire and read back with LF.
func normaliseNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
