package web

import (
	"net/url"
	"strings"
)

// maxNextLen bounds the "next" value: the desk's own links are far
// shorter, and a long value is only ever an attack or a mistake.
const maxNextLen = 2048

// maxUnescapes is how many rounds of percent-decoding safeNext looks
// through; a value still encoded after that is refused.
const maxUnescapes = 3

// safeNext keeps the redirect after sign-in on this site. It judges the
// value as a browser reads a Location header (tab, CR and LF removed
// anywhere, `\` read as `/`, see the WHATWG URL standard), and again after
// each round of percent-decoding, so that whatever later reads it (a
// browser, a proxy, a page) sees a path on this site. Anything else gives
// "/". What it returns is the normalised value it judged, never the raw
// one.
func safeNext(next string) string {
	const home = "/"
	if len(next) > maxNextLen {
		return home
	}
	n := browserNormal(next)
	if !sitePath(n, false) {
		return home
	}
	d := n
	for range maxUnescapes {
		if !strings.Contains(d, "%") {
			return n
		}
		u, err := url.PathUnescape(d)
		if err != nil {
			return home // malformed percent-encoding
		}
		d = browserNormal(u)
		if !sitePath(d, true) {
			return home
		}
	}
	if strings.Contains(d, "%") {
		return home
	}
	return n
}

// browserNormal applies what a browser does to a URL before parsing it:
// tab, CR and LF are removed wherever they are, and in http(s) URLs a
// backslash is a slash.
func browserNormal(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\r', '\n':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, s)
}

// sitePath reports whether p is a path-absolute reference on this site: it
// starts with one slash (not two, which is another host), has no scheme
// or host, and no control characters. A raw value must be printable ASCII
// (the desk's links are percent-encoded); a decoded one may hold spaces
// and UTF-8.
func sitePath(p string, decoded bool) bool {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c < 0x20 || c == 0x7f:
			return false
		case !decoded && (c == ' ' || c >= 0x80):
			return false
		}
	}
	if decoded {
		return true
	}
	u, err := url.Parse(p)
	return err == nil && u.Scheme == "" && u.Host == "" && u.User == nil && u.Opaque == ""
}
