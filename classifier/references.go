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
//     DP/2026/123"); only read from mail recognised as a DPO reply.
var (
	reCase = regexp.MustCompile(`\bINT-(20\d\d)-(\d{4,6})\b`)
	reURN  = regexp.MustCompile(`(?i)\b(?:URN|unique\s+(?:participant\s+)?ref(?:erence)?(?:\s+(?:number|no\.?|num))?|participant\s+(?:number|id|ref(?:erence)?(?:\s+number)?)|my\s+ref(?:erence)?(?:\s+(?:number|no\.?))?(?:\s+is)?|cyfeirnod(?:\s+unigryw)?)\s*(?:is\s*)?[:#.]?\s*(?:no\.?\s*)?([A-Z]{1,5}-?\d{4,12}|\d{4,12})\b`)
	reGen  = regexp.MustCompile(`\b(20\d\d-[A-Z0-9]{7})\b`)
	reDPO  = regexp.MustCompile(`(?i)\bour\s+ref(?:erence)?(?:\s+(?:number|no\.?))?\s*(?:is\s*)?[:#]?\s*([A-Z0-9][A-Z0-9/_-]{3,30}[A-Z0-9])\b`)
)

// maxRefScan bounds how much text the regular expressions read.
const maxRefScan = 64 << 10

// extractReferences finds the identifiers quoted in subject and body.
func extractReferences(subject, body string, fromDPO bool) map[string]string {
	if len(body) > maxRefScan {
		body = body[:maxRefScan]
	}
	refs := map[string]string{}
	for _, s := range []string{subject, body} {
		if _, ok := refs["case"]; !ok {
			if m := reCase.FindString(s); m != "" {
				refs["case"] = m
			}
		}
		if _, ok := refs["urn"]; !ok {
			for _, m := range reURN.FindAllStringSubmatch(s, 4) {
				v := strings.ToUpper(m[1])
				if strings.HasPrefix(v, "INT-") || reCase.MatchString("INT-"+v) {
					continue
				}
				refs["urn"] = v
				break
			}
		}
		if _, ok := refs["generator"]; !ok {
			for _, m := range reGen.FindAllString(s, 8) {
				if isGeneratorRef(m) && !strings.Contains(s, "INT-"+m) {
					refs["generator"] = m
					break
				}
			}
		}
		if fromDPO {
			if _, ok := refs["dpo"]; !ok {
				if m := reDPO.FindStringSubmatch(s); m != nil && !strings.HasPrefix(m[1], "INT-") {
					refs["dpo"] = m[1]
				}
			}
		}
	}
	return refs
}

// isGeneratorRef requires letters and digits after the year, which keeps
// "2026-1234567" (a phone-like number) and "2026-ABCDEFG" out.
func isGeneratorRef(s string) bool {
	tail := s[5:]
	letters, digits := 0, 0
	for i := 0; i < len(tail); i++ {
		switch c := tail[i]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
			digits++
		}
	}
	return letters > 0 && digits > 0
}
