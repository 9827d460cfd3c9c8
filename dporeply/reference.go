package dporeply

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// DefaultPatterns find the DPO team's reference when [dpo]
// reference_patterns is empty. Each has one capture group, the reference.
// The first pattern that yields an acceptable reference wins, so the
// team's own format comes before the generic "Ref: …" forms.
var DefaultPatterns = []string{
	// DPO-2026-01234, DPO/26/0457, DPO12345
	`(?i)\b(DPO[-/]?(?:\d{2,4}[-/])?\d{3,}(?:[-/]\d+)?)\b`,
	// Our ref: DP/26/0457, Reference number 7781234, Ref. No. ABC/123/45,
	// Case reference is SAR-2026-118
	`(?i)\b(?:ref(?:erence)?|case)\b\.?(?:\s*(?:no|num|number|id|ref(?:erence)?)\b\.?)?(?:\s+is)?\s*[:#]?\s*([A-Z0-9]+(?:[-/][A-Z0-9]+)*)`,
}

// CompilePatterns compiles reference patterns, each of which must have
// exactly one capture group; none means DefaultPatterns.
func CompilePatterns(patterns []string) ([]*regexp.Regexp, error) {
	if len(patterns) == 0 {
		patterns = DefaultPatterns
	}
	out := make([]*regexp.Regexp, 0, len(patterns))
	for i, p := range patterns {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("dporeply: reference pattern %d: %w", i+1, err)
		}
		if re.NumSubexp() != 1 {
			return nil, fmt.Errorf("dporeply: reference pattern %d has %d capture groups, want 1", i+1, re.NumSubexp())
		}
		out = append(out, re)
	}
	return out, nil
}

// MustDefaultPatterns is DefaultPatterns compiled.
func MustDefaultPatterns() []*regexp.Regexp {
	res, err := CompilePatterns(nil)
	if err != nil {
		panic(err)
	}
	return res
}

var (
	// ownReference is our case reference, which a reply quotes back to us.
	ownReference = regexp.MustCompile(`(?i)^INT-\d{4}-\d+$`)
	// looksLikeDate: 02/03/2026, 2-3-26, 2026-03-02.
	looksLikeDate = regexp.MustCompile(`^(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{2}|\d{4})|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})$`)
	// followedByDigits: the rest of a number written with spaces
	// (0303 123 1113), which makes the candidate part of a phone number.
	followedByDigits = regexp.MustCompile(`^[ \t]+\d`)
)

// ExtractReference returns the DPO team's reference in text (a reply's
// subject and new text), or "" when there is none. patterns are tried in
// order, each from the start of the text; a pattern without a capture
// group yields its whole match. Our own case references, dates and phone
// numbers are never taken for the team's reference.
func ExtractReference(text string, patterns []*regexp.Regexp) string {
	for _, re := range patterns {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			start, end := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				start, end = m[2], m[3]
			}
			if ref := accept(text, start, end); ref != "" {
				return ref
			}
		}
	}
	return ""
}

// accept returns text[start:end] trimmed when it can be a reference.
func accept(text string, start, end int) string {
	ref := strings.TrimRight(text[start:end], "-/.:")
	ref = strings.TrimSpace(ref)
	digits, other := 0, 0
	for _, c := range ref {
		switch {
		case unicode.IsDigit(c):
			digits++
		default:
			other++
		}
	}
	switch {
	case len(ref) < 4 || len(ref) > 40 || digits < 3:
		return ""
	case ownReference.MatchString(ref) || looksLikeDate.MatchString(ref):
		return ""
	case other == 0 && (digits < 5 || isPhone(ref) || followedByDigits.MatchString(text[end:])):
		return ""
	}
	return ref
}

// isPhone: a UK number written without spaces (01…, 02…, 03…, 07…, 08…)
// has 10 or 11 digits; reference numbers that long and starting with 0
// are rare enough to give up.
func isPhone(digits string) bool {
	return strings.HasPrefix(digits, "0") && (len(digits) == 10 || len(digits) == 11)
}
