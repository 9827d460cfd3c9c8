package message

import (
	"errors"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

var errParseNoAddress = errors.New("message: no address found")

// parseAddressList parses an address header value. The strict RFC 5322
// parser (go-message, which also decodes RFC 2047 names in any charset) is
// tried first; when it fails, a lenient splitter recovers what it can, and
// the strict error is returned alongside so the caller can record it.
func parseAddressList(v string) ([]Address, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	list, err := gomail.ParseAddressList(v)
	if err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			if a == nil || a.Address == "" {
				continue
			}
			out = append(out, Address{Name: parseAddrName(a.Name), Addr: parseLowerDomain(a.Address)})
		}
		return out, nil
	}
	out := parseAddressListLenient(v)
	if len(out) == 0 {
		return nil, errParseNoAddress
	}
	return out, err
}

// parseAddrSpecRe finds something that looks like local@domain, for headers
// no RFC parser accepts (unquoted specials in names, missing brackets, ...).
var parseAddrSpecRe = regexp.MustCompile(`[^\s<>"(),;:@\[\]]+@[^\s<>"(),;:@\[\]]+`)

func parseAddressListLenient(v string) []Address {
	var out []Address
	pending := "" // a piece without address: an unquoted name cut at its comma
	for _, piece := range parseSplitAddresses(v) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		if !strings.Contains(piece, "@") {
			// Keep only the latest such piece, so a list of junk cannot
			// grow the name without bound.
			pending = piece
			continue
		}
		if pending != "" {
			piece = pending + ", " + piece
			pending = ""
		}
		if a, err := gomail.ParseAddress(piece); err == nil && a.Address != "" {
			out = append(out, Address{Name: parseAddrName(a.Name), Addr: parseLowerDomain(a.Address)})
			continue
		}
		addr := ""
		rest := piece
		if i := strings.IndexByte(piece, '<'); i >= 0 {
			inner := piece[i+1:]
			if j := strings.IndexByte(inner, '>'); j >= 0 {
				inner = inner[:j]
			}
			if m := parseAddrSpecRe.FindString(inner); m != "" {
				addr = m
				rest = piece[:i]
			}
		}
		if addr == "" {
			loc := parseAddrSpecRe.FindStringIndex(piece)
			if loc == nil {
				continue
			}
			addr = piece[loc[0]:loc[1]]
			rest = piece[:loc[0]] + piece[loc[1]:]
		}
		name := strings.Trim(strings.TrimSpace(rest), "\"'()<> \t")
		if d, ok := parseDecodeWords(name); ok {
			name = d
		}
		out = append(out, Address{Name: strings.TrimSpace(name), Addr: parseLowerDomain(addr)})
	}
	return out
}

// parseSplitAddresses splits on commas and semicolons that are outside
// quotes, angle brackets and comments, and drops group labels ("team:").
func parseSplitAddresses(v string) []string {
	var parts []string
	var cur strings.Builder
	inQuote, angle, paren, hasAt := false, 0, 0, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case inQuote:
			if c == '\\' && i+1 < len(v) {
				cur.WriteByte(c)
				i++
				c = v[i]
			} else if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '<':
			angle++
		case c == '>' && angle > 0:
			angle--
		case c == '(':
			paren++
		case c == ')' && paren > 0:
			paren--
		case (c == ',' || c == ';') && angle == 0 && paren == 0:
			parts = append(parts, cur.String())
			cur.Reset()
			hasAt = false
			continue
		case c == ':' && angle == 0 && paren == 0 && !hasAt:
			// group label: what came before is the group's display name
			cur.Reset()
			continue
		}
		hasAt = hasAt || c == '@'
		cur.WriteByte(c)
	}
	return append(parts, cur.String())
}

// parseLowerDomain lower-cases the domain, which is case-insensitive, and
// keeps the local part as written, which in theory is not.
func parseLowerDomain(addr string) string {
	i := strings.LastIndexByte(addr, '@')
	if i < 0 {
		return addr
	}
	return addr[:i+1] + strings.ToLower(addr[i+1:])
}

// parseDateLayouts are formats seen in the wild that net/mail rejects.
var parseDateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 MST",
	"Mon, 2 January 2006 15:04:05 -0700",
	"Mon, 02-Jan-2006 15:04:05 -0700",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"Mon Jan 2 15:04:05 -0700 2006",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	time.RFC3339,
}

var parseDateCommentRe = regexp.MustCompile(`\([^()]*\)`)

// parseDate reads a Date header value; the zero time comes back with an
// error when nothing fits.
func parseDate(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := netmail.ParseDate(v); err == nil {
		return t, nil
	}
	c := strings.Join(strings.Fields(parseDateCommentRe.ReplaceAllString(v, " ")), " ")
	c = strings.TrimSuffix(c, ".")
	if t, err := netmail.ParseDate(c); err == nil {
		return t, nil
	}
	for _, layout := range parseDateLayouts {
		if t, err := time.Parse(layout, c); err == nil {
			return t, nil
		}
	}
	// Some writers put a day name or zone in a language or form no layout
	// covers; drop a leading day name and retry.
	if i := strings.IndexByte(c, ','); i >= 0 && i < 12 {
		rest := strings.TrimSpace(c[i+1:])
		for _, layout := range parseDateLayouts {
			if t, err := time.Parse(layout, rest); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, errors.New("message: unreadable date")
}

// parseAddrName finishes a display name from net/mail, which leaves
// malformed encoded-words (e.g. base64 without padding) undecoded.
func parseAddrName(name string) string {
	if strings.Contains(name, "=?") {
		name, _ = parseDecodeWordsLenient(name)
	}
	return parseTidyText(name)
}
