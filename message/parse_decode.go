package message

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // registers message.CharsetReader for legacy charsets
	"golang.org/x/text/encoding/charmap"
)

// decodeTransfer undoes the Content-Transfer-Encoding. Decoding is lenient:
// a bad byte costs that byte, never the rest of the part.
func (w *parseWalker) decodeTransfer(cte string, body []byte) []byte {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(cte), "\"")) {
	case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
		return body
	case "base64":
		out, clean := parseDecodeBase64(body)
		if !clean {
			w.errs = append(w.errs, "message: bad base64 in a part; readable bytes kept")
		}
		return out
	case "quoted-printable":
		return parseDecodeQP(body)
	default:
		w.errs = append(w.errs, "message: unknown Content-Transfer-Encoding; part kept undecoded")
		return body
	}
}

// transferSize is len(decodeTransfer(cte, body)), with the same parse
// errors, without holding a decoded base64 copy of the part.
func (w *parseWalker) transferSize(cte string, body []byte) int64 {
	if strings.ToLower(strings.Trim(strings.TrimSpace(cte), "\"")) != "base64" {
		return int64(len(w.decodeTransfer(cte, body)))
	}
	n, clean := parseBase64Size(body)
	if !clean {
		w.errs = append(w.errs, "message: bad base64 in a part; readable bytes kept")
	}
	return int64(n)
}

func parseIsBase64Byte(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// parseDecodeBase64 decodes line by line, skipping stray characters, and
// stops at the padding or at the first line that is plainly not base64 (a
// footer some list servers append after the encoded data).
func parseDecodeBase64(body []byte) (out []byte, clean bool) {
	data, _, clean := parseScanBase64(body, true)
	out = make([]byte, base64.RawStdEncoding.DecodedLen(len(data)))
	n, err := base64.RawStdEncoding.Decode(out, data)
	if err != nil {
		clean = false
	}
	return out[:n], clean
}

// parseBase64Size is the size parseDecodeBase64 would return, without
// holding the decoded bytes: an attachment is only counted, and a large
// one must not cost memory twice over.
func parseBase64Size(body []byte) (size int, clean bool) {
	_, n, clean := parseScanBase64(body, false)
	return base64.RawStdEncoding.DecodedLen(n), clean
}

// parseScanBase64 collects the base64 characters of body (only counts them
// unless keep), by the rules of parseDecodeBase64.
func parseScanBase64(body []byte, keep bool) (data []byte, n int, clean bool) {
	clean = true
	if keep {
		data = make([]byte, 0, len(body))
	}
	seenData := false
	for i := 0; i < len(body); {
		line, next := parseNextLine(body, i)
		i = next
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if seenData && bytes.ContainsAny(line, " \t") {
			// Encoded lines never have inner spaces: this is prose that
			// follows the data.
			clean = false
			break
		}
		bad := 0
		pad := false
		kept := n
		for _, c := range line {
			switch {
			case parseIsBase64Byte(c):
				if pad {
					bad++
					continue
				}
				if keep {
					data = append(data, c)
				}
				n++
			case c == '=':
				pad = true
			case c == ' ' || c == '\t':
			default:
				bad++
			}
		}
		if bad > 0 {
			clean = false
			if seenData && bad*2 > len(line) {
				// Text after the data, not damaged data.
				n = kept
				break
			}
		}
		seenData = seenData || n > kept
		if pad {
			// Anything after the padding is outside the encoded data.
			for j := next; j < len(body); {
				l, nx := parseNextLine(body, j)
				if len(bytes.TrimSpace(l)) > 0 {
					clean = false
					break
				}
				j = nx
			}
			break
		}
	}
	if n%4 == 1 {
		// A single leftover character carries no complete byte.
		n--
		clean = false
	}
	if keep {
		data = data[:n]
	}
	return data, n, clean
}

func parseUnhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// parseDecodeQP decodes quoted-printable the way mail clients do: "=XX"
// becomes a byte, "=" at the end of a line joins lines, and anything else
// (a lone "=", raw 8-bit bytes) is kept as it is rather than rejected.
func parseDecodeQP(body []byte) []byte {
	out := make([]byte, 0, len(body))
	for i := 0; i < len(body); {
		line, next := parseNextLine(body, i)
		hasLF := next > i+len(line)
		i = next
		// trailing whitespace is padding added in transit (RFC 2045 6.7 (3))
		line = bytes.TrimRight(line, " \t")
		soft := false
		for j := 0; j < len(line); j++ {
			c := line[j]
			if c != '=' {
				out = append(out, c)
				continue
			}
			if j == len(line)-1 {
				soft = true
				break
			}
			if j+2 < len(line) {
				h, ok1 := parseUnhex(line[j+1])
				l, ok2 := parseUnhex(line[j+2])
				if ok1 && ok2 {
					out = append(out, h<<4|l)
					j += 2
					continue
				}
			}
			out = append(out, c)
		}
		if hasLF && !soft {
			out = append(out, '\n')
		}
	}
	return out
}

// decodeCharset converts a text part to UTF-8 and applies the text cap.
func (w *parseWalker) decodeCharset(b []byte, charset string) string {
	cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), "\"'"))
	s, known := parseCharsetToUTF8(b, cs)
	if !known {
		w.errs = append(w.errs, fmt.Sprintf("message: unknown charset %q; text guessed", parseSafeToken(cs)))
	}
	return w.capText(s)
}

// parseCharsetToUTF8 decodes b from charset; known is false when the
// charset is not one we can decode, in which case the text is a best-effort
// guess.
func parseCharsetToUTF8(b []byte, cs string) (s string, known bool) {
	switch cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "unknown":
		return parseLossyText(b), true
	}
	if parseHasNonASCII(b) && utf8.Valid(b) && !strings.HasPrefix(cs, "utf-16") && !strings.HasPrefix(cs, "utf-32") {
		// Valid multi-byte UTF-8 is almost never legacy text by accident:
		// the label is wrong (common with ISO-8859-1 and ISO-2022-JP).
		return string(b), true
	}
	if message.CharsetReader == nil {
		return parseLossyText(b), false
	}
	r, err := message.CharsetReader(cs, bytes.NewReader(b))
	if err != nil || r == nil {
		return parseLossyText(b), false
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return parseLossyText(b), true
	}
	return parseTidyText(string(out)), true
}

// parseBytesToUTF8 is parseCharsetToUTF8 without the error: for header
// values, where a guess is all we can do.
func parseBytesToUTF8(b []byte, cs string) string {
	s, _ := parseCharsetToUTF8(b, strings.ToLower(strings.TrimSpace(cs)))
	return s
}

func parseHasNonASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// parseLossyText turns bytes into valid UTF-8: valid sequences are kept and
// each stray byte is read as Windows-1252, the most common legacy charset of
// mislabelled mail (so "L\xf6schung" still reads "Löschung").
func parseLossyText(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(charmap.Windows1252.DecodeByte(b[0]))
		} else {
			sb.WriteRune(r)
		}
		b = b[size:]
	}
	return sb.String()
}

// parseSafeToken keeps a charset or encoding label fit for an error message:
// short, printable ASCII.
func parseSafeToken(s string) string {
	var sb strings.Builder
	for _, c := range s {
		if sb.Len() >= 40 {
			break
		}
		if c > 0x20 && c < 0x7f {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}
