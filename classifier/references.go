package classifier

import (
	"regexp"
	"strings"
)

// Reference patterns. They are documented here because staff rely on them:
//
//   - case: our own case reference INT-YYYY-NNNN (four or more digits), as
//     put in the subject of every holding reply.
//   - urn: the participant's unique reference number when it is labelled:
//     "URN: 123456", "URN 12345678", "unique reference number 12345678",
//     "unique ref no. AB-12345", "participant number/ID 123456",
//     "my reference is RPC-12345", "my ref: 123456". The value is 4 to 12
//     digits, optionally after a short letter prefix and a dash. A bare
//     number without a label is never taken: dates and phone numbers look
//     the same.
//   - generator: a request generator's own letter reference, YYYY-XXXXXXX
//     (seven capital letters and digits, at least one of each), as
//     datenanfragen.de and similar tools print ("2026-ABC1234").
//   - dpo: a reference quoted by the DPO team in their own mail ("our ref:
//     DP/2026/123"), or a labelled ticket reference carrying a digit
//     ("Reference: DPO-2026-0412", "Ticket #88213"); only read from mail
//     of a DPO sender.
var (
	reURN      = regexp.MustCompile(`(?i)\b(?:URN|unique\s+(?:participant\s+)?ref(?:erence)?(?:\s+(?:number|no\.?|num))?|participant\s+(?:number|id|ref(?:erence)?(?:\s+number)?)|my\s+ref(?:erence)?(?:\s+(?:number|no\.?))?(?:\s+is)?|cyfeirnod(?:\s+unigryw)?)\s*(?:is\s*)?[:#.]?\s*(?:no\.?\s*)?([A-Z]{1,5}-?\d{4,12}|\d{4,12})\b`)
	reDPOLabel = regexp.MustCompile(`(?i)\b(?:ref|reference|ticket)(?:\s+(?:number|no\.?))?\s*[:#]\s*([A-Z0-9][A-Z0-9/_-]{3,30}[A-Z0-9])\b`)
	reDPO      = regexp.MustCompile(`(?i)\bour\s+ref(?:erence)?(?:\s+(?:number|no\.?))?\s*(?:is\s*)?[:#]?\s*([A-Z0-9][A-Z0-9/_-]{3,30}[A-Z0-9])\b`)
)

// maxRefScan bounds how much text the regular expressions read.
const maxRefScan = 32 << 10

// urnLabels are the words without which no URN pattern can match; the
// regular expression only runs when one of them is among the words.
var urnLabels = map[string]bool{"urn": true, "unique": true, "participant": true, "ref": true, "reference": true, "cyfeirnod": true}

// extractReferences finds the identifiers quoted in subject and body.
// words are the folded words of the message, used to skip the regular
// expressions on the many messages that cannot match them.
func extractReferences(subject, body string, fromDPO bool, words ...[]string) map[string]string {
	if len(body) > maxRefScan {
		body = body[:maxRefScan]
	}
	labelled := false
	for _, ws := range words {
		for _, w := range ws {
			if urnLabels[w] {
				labelled = true
				break
			}
		}
	}
	refs := map[string]string{}
	for _, s := range []string{subject, body} {
		if _, ok := refs["case"]; !ok {
			if m := findCaseRef(s); m != "" {
				refs["case"] = m
			}
		}
		if _, ok := refs["urn"]; !ok && labelled {
			for _, m := range reURN.FindAllStringSubmatch(s, 4) {
				v := strings.ToUpper(m[1])
				if strings.HasPrefix(v, "INT-") || findCaseRef("INT-"+v) != "" {
					continue
				}
				refs["urn"] = v
				break
			}
		}
		if _, ok := refs["generator"]; !ok {
			if m := findGeneratorRef(s); m != "" {
				refs["generator"] = m
			}
		}
		if fromDPO {
			if _, ok := refs["dpo"]; !ok {
				if m := reDPO.FindStringSubmatch(s); m != nil && !strings.HasPrefix(m[1], "INT-") {
					refs["dpo"] = m[1]
				} else if m := reDPOLabel.FindStringSubmatch(s); m != nil && !strings.HasPrefix(m[1], "INT-") && strings.ContainsAny(m[1], "0123456789") {
					refs["dpo"] = m[1]
				}
			}
		}
	}
	return refs
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isWordByte(c byte) bool {
	return isDigit(c) || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c >= 0x80
}

// findCaseRef finds INT-20YY-NNNN (4 to 6 digits) standing as a word.
func findCaseRef(s string) string {
	for off := 0; ; {
		i := strings.Index(s[off:], "INT-20")
		if i < 0 {
			return ""
		}
		i += off
		off = i + 1
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		j := i + 6
		if j+3 > len(s) || !isDigit(s[j]) || !isDigit(s[j+1]) || s[j+2] != '-' {
			continue
		}
		k := j + 3
		n := 0
		for k+n < len(s) && isDigit(s[k+n]) {
			n++
		}
		if n < 4 || n > 6 || (k+n < len(s) && isWordByte(s[k+n])) {
			continue
		}
		return s[i : k+n]
	}
}

// findGeneratorRef finds YYYY-XXXXXXX: a year from 2000, a dash, and seven
// capital letters and digits with at least one of each, which keeps
// "2026-1234567" (a phone-like number) and "2026-ABCDEFG" out. A case
// reference of ours is not one.
func findGeneratorRef(s string) string {
	for off := 0; ; {
		i := strings.Index(s[off:], "20")
		if i < 0 {
			return ""
		}
		i += off
		off = i + 1
		if i > 0 && (isWordByte(s[i-1]) || s[i-1] == '-') {
			continue
		}
		if i+12 > len(s) || !isDigit(s[i+2]) || !isDigit(s[i+3]) || s[i+4] != '-' {
			continue
		}
		letters, digits := 0, 0
		for _, c := range []byte(s[i+5 : i+12]) {
			switch {
			case c >= 'A' && c <= 'Z':
				letters++
			case isDigit(c):
				digits++
			}
		}
		if letters == 0 || digits == 0 || letters+digits != 7 || (i+12 < len(s) && isWordByte(s[i+12])) {
			continue
		}
		return s[i : i+12]
	}
}
