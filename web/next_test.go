package web

import (
	"strings"
	"testing"
)

// TestSafeNextBypasses holds the known ways to turn a sign-in redirect
// into an open redirect (OWASP Unvalidated Redirects cheat sheet, the
// WHATWG URL parser's tab/newline stripping and backslash rule).
func TestSafeNextBypasses(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		// Kept: paths of the desk, as its own links make them.
		{"plain path", "/triage", "/triage"},
		{"path with query", "/cases/INT-2026-0001?x=1", "/cases/INT-2026-0001?x=1"},
		{"root", "/", "/"},
		{"encoded query", "/cases?q=J%C3%B6rg%20M%C3%BCller", "/cases?q=J%C3%B6rg%20M%C3%BCller"},
		{"encoded slash later in path", "/cases/a%2Fb", "/cases/a%2Fb"},
		{"double slash later in path", "/cases//x", "/cases//x"},
		{"fragment", "/cases#top", "/cases#top"},
		{"tab inside a path is dropped", "/tri\tage", "/triage"},
		{"newline inside a path is dropped", "/tri\r\nage", "/triage"},

		// Refused.
		{"empty", "", "/"},
		{"protocol-relative", "//evil.example", "/"},
		{"protocol-relative with path", "//evil.example/x", "/"},
		{"triple slash", "///evil.example", "/"},
		{"slash backslash", "/\\evil.example", "/"},
		{"backslash backslash", "\\\\evil.example", "/"},
		{"backslash slash", "\\/evil.example", "/"},
		{"tab between slashes", "/\t/evil.example", "/"},
		{"tab after query decoding (%09)", "/\t/evil.example/x", "/"},
		{"CR between slashes", "/\r/evil.example", "/"},
		{"LF between slashes", "/\n/evil.example", "/"},
		{"tab before slashes", "\t//evil.example", "/"},
		{"encoded tab", "/%09/evil.example/x", "/"},
		{"encoded slashes", "/%2f%2fevil.example", "/"},
		{"encoded slashes upper case", "/%2F%2Fevil.example", "/"},
		{"encoded backslash", "/%5cevil.example", "/"},
		{"encoded backslash upper case", "/%5Cevil.example", "/"},
		{"double-encoded slash", "/%252f%252fevil.example", "/"},
		{"triple-encoded slash", "/%25252f%25252fevil.example", "/"},
		{"encoded newline", "/%0a/evil.example", "/"},
		{"encoded NUL", "/cases%00", "/"},
		{"malformed percent-encoding", "/cases%zz", "/"},
		{"https absolute", "https://evil.example/", "/"},
		{"https without slashes", "https:evil.example", "/"},
		{"http scheme", "http://evil.example", "/"},
		{"javascript scheme", "javascript:alert(1)", "/"},
		{"javascript with leading space", " javascript:alert(1)", "/"},
		{"data scheme", "data:text/html,<script>alert(1)</script>", "/"},
		{"relative path", "evil.example", "/"},
		{"userinfo", "//user@evil.example", "/"},
		{"at sign after slash", "/@evil.example", "/@evil.example"},
		{"control character", "/cases\x01", "/"},
		{"DEL", "/cases\x7f", "/"},
		{"space", "/cases /x", "/"},
		{"raw non-ASCII", "/cases/Jörg", "/"},
		{"over-long", "/" + strings.Repeat("a", maxNextLen), "/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.in); got != tc.want {
				t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
